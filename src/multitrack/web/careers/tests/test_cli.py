"""multitrack plan --save / --progress / --done / --status on a database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from multitrack.analytics.careers.schedule import add_months
from multitrack.cli.app import build
from multitrack.web.assessments.models import Assessment
from multitrack.web.careers.models import DevelopmentPlan, PlanAction
from multitrack.web.common.models import AuditEntry

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build(), list(args))


def _said(result) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(result.output.split())


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_save_twice_through_the_cli_keeps_one_plan(org):
    first = _json(run("plan", "p1", "--db", org, "--save", "--json"))
    assert first["saved"]["created"] and first["saved"]["added"] == 3
    assert [a["owner_role"] for a in first["plan"]["actions"]] == ["person", "mentor", "mentor"]
    again = run("plan", "p1", "--db", org, "--save")
    assert again.exit_code == 0 and "nothing changed" in again.stdout
    assert DevelopmentPlan.objects.count() == 1 and PlanAction.objects.count() == 3


def test_save_spreads_due_dates_over_the_horizon_given(org):
    data = _json(run("plan", "p1", "--db", org, "--save", "--due-in-months", "6", "--json"))
    made = dt.date.fromisoformat(data["plan"]["made_on"])
    dues = {a["what"]: dt.date.fromisoformat(a["due"]) for a in data["plan"]["actions"]}
    assert 88 <= (dues["Architecture studio"] - made).days <= 93  # half of six months
    assert dues["mentoring with Pia"] == add_months(made, 6)  # at the end
    assert DevelopmentPlan.objects.get().horizon_months == 6


def test_done_records_progress_with_an_audit_row(org):
    run("plan", "p1", "--db", org, "--save", "--target", "management/B4")
    course = PlanAction.objects.get(what="new manager programme")
    res = run("plan", "p1", "--db", org, "--done", str(course.pk))
    assert res.exit_code == 0, res.output
    assert f"Recorded action {course.pk} (new manager programme) as done" in res.stdout
    course.refresh_from_db()
    assert course.status == "done" and course.completed_on is not None
    assert AuditEntry.objects.filter(action="record_plan_progress", subject="p1").count() == 1


def test_status_and_progress_show_readiness_then_and_now(org):
    run("plan", "p1", "--db", org, "--save", "--target", "management/B4")
    acts = dict(PlanAction.objects.values_list("what", "pk"))
    data = _json(
        run(
            "plan",
            "p1",
            "--db",
            org,
            "--status",
            f"{acts['new manager programme']}=done",
            "--status",
            f"{acts['mentoring with Sam']}=active",
            "--json",
        )
    )
    (plan,) = data["plans"]
    assert sorted(data["changed"]) == sorted(
        [acts["new manager programme"], acts["mentoring with Sam"]]
    )
    assert plan["status"] == "active" and plan["done"] == 1 and plan["kept"] == 4
    # the required training is done: the crossover's one requirement is now met
    assert plan["readiness_then"] == pytest.approx(0.7 * 0.875)
    assert plan["readiness_now"] == pytest.approx(0.7 * 0.875 + 0.3)
    statuses = {a["what"]: a["status"] for a in plan["actions"]}
    assert statuses["mentoring with Sam"] == "active" and statuses["Leading people"] == "planned"


def test_readiness_now_reflects_a_new_assessment(org):
    run("plan", "p1", "--db", org, "--save")
    Assessment.objects.create(
        person_id="p1",
        competency="system-design",
        proficiency=5,
        source="manager",
        date=dt.date(2026, 6, 1),
    )
    (plan,) = _json(run("plan", "p1", "--db", org, "--progress", "--json"))["plans"]
    # manager 5 (weight 3) and self 3 (weight 1): 4.5, above the expert step 4
    assert plan["readiness_then"] < 1.0 and plan["readiness_now"] == pytest.approx(1.0)
    table = run("plan", "p1", "--db", org, "--progress")
    assert "96% then, 100% now" in table.stdout.replace("\n", " ")


def test_a_bad_action_id_or_status_changes_nothing_and_exits_2(org):
    run("plan", "p1", "--db", org, "--save")
    good = PlanAction.objects.order_by("id").first().pk
    before = AuditEntry.objects.count()
    bad = run("plan", "p1", "--db", org, "--done", str(good), "--done", "999999")
    assert bad.exit_code == 2 and "no action 999999 in the plans of p1" in _said(bad)
    wrong = run("plan", "p1", "--db", org, "--status", f"{good}=finished")
    assert wrong.exit_code == 2
    assert "status 'finished' is not one of planned, active, done, dropped" in _said(wrong)
    shape = run("plan", "p1", "--db", org, "--status", "first=done")
    assert shape.exit_code == 2 and "ACTION_ID=STATUS" in _said(shape)
    twice = run("plan", "p1", "--db", org, "--done", str(good), "--status", f"{good}=active")
    assert twice.exit_code == 2 and "more than once" in _said(twice)
    assert set(PlanAction.objects.values_list("status", flat=True)) == {"planned"}
    assert AuditEntry.objects.count() == before


def test_progress_for_someone_without_plans_or_unknown(org):
    res = run("plan", "ceo", "--db", org, "--progress")
    assert res.exit_code == 0 and "No saved plans for ceo" in res.stdout
    bad = run("plan", "nobody", "--db", org, "--progress")
    assert bad.exit_code == 2 and "no stored person 'nobody'" in _said(bad)


def test_save_combines_with_export_but_progress_does_not(org, tmp_path):
    out = tmp_path / "plan.json"
    res = run("plan", "p1", "--db", org, "--save", "--export", str(out))
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["target"] == "specialist/B5"
    mixed = run("plan", "p1", "--db", org, "--progress", "--save")
    assert mixed.exit_code == 2 and "not with --save" in _said(mixed)
