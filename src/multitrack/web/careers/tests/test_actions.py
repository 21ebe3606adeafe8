"""Saving plans and recording progress: no duplicates, all or nothing, audited, tracked."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.web.assessments.models import Assessment
from multitrack.web.careers.actions import do_record_progress
from multitrack.web.careers.models import DevelopmentPlan, PlanAction
from multitrack.web.careers.queries import plan_progress
from multitrack.web.careers.tests.fixtures import MADE_ON, save
from multitrack.web.common.errors import Invalid, NotFound, Refused
from multitrack.web.common.models import AuditEntry
from multitrack.web.development.models import Course, CourseCompetency, DevelopmentAction
from multitrack.web.storage.read import read_frames

D = dt.date


def _actions(plan: DevelopmentPlan) -> dict[str, PlanAction]:
    return {a.what: a for a in plan.actions.all()}


def test_a_saved_plan_holds_the_plan_shown_with_owners_and_dates(org):
    saved = save("p1", "management/B4")
    assert saved.created and saved.added == 4
    plan = saved.plan
    assert (plan.status, plan.target, plan.framework.label) == (
        "draft",
        "management/B4",
        "Starter dual ladder@2026.1",
    )
    assert plan.readiness_then == pytest.approx(0.6125)
    acts = _actions(plan)
    assert set(acts) == {
        "Leading people",
        "new manager programme",  # required by the crossover and a course: one action
        "leadership coaching",
        "mentoring with Sam",
    }
    assert (acts["leadership coaching"].owner_role, acts["leadership coaching"].owner_id) == (
        "manager",
        "em",
    )
    assert (acts["mentoring with Sam"].owner_role, acts["mentoring with Sam"].owner_id) == (
        "mentor",
        "staff",
    )
    assert acts["new manager programme"].course_id == "c-nmp"
    assert acts["Leading people"].due == D(2026, 9, 30)  # 91 of 365 days: a quarter
    assert acts["new manager programme"].due == D(2027, 4, 1)
    assert acts["leadership coaching"].due == D(2027, 7, 1)


def test_saving_twice_does_not_duplicate(org):
    first = save("p1", "specialist/B5")
    again = save("p1", "specialist/B5")
    assert not again.created and again.added == 0 and again.plan.pk == first.plan.pk
    assert DevelopmentPlan.objects.count() == 1
    assert PlanAction.objects.count() == first.added == 3
    assert AuditEntry.objects.filter(action="save_plan").count() == 1


def test_saving_again_adds_only_what_is_new_and_keeps_progress(org):
    first = save("p1", "specialist/B5")
    course = _actions(first.plan)["Architecture studio"]
    do_record_progress("p1", [(course.pk, "active")], on=D(2026, 8, 1))
    Course.objects.create(course_id="c-sd2", name="Design reviews", hours=8)
    CourseCompetency.objects.create(course_id="c-sd2", competency="system-design")
    again = save("p1", "specialist/B5")
    assert not again.created and again.added == 1
    acts = _actions(again.plan)
    assert acts["Architecture studio"].status == "active"
    assert acts["Design reviews"].status == "planned"
    assert [a.what for a in again.plan.actions.all()][-1] == "Design reviews"


def test_a_second_target_is_a_second_plan(org):
    save("p1", "specialist/B5")
    save("p1", "management/B4")
    assert sorted(DevelopmentPlan.objects.values_list("target", flat=True)) == [
        "management/B4",
        "specialist/B5",
    ]


def test_progress_is_recorded_with_an_audit_row(org):
    plan = save("p1", "specialist/B5").plan
    course = _actions(plan)["Architecture studio"]
    changed = do_record_progress("p1", [(course.pk, "done")], on=D(2026, 9, 15))
    assert [a.pk for a in changed] == [course.pk]
    course.refresh_from_db()
    assert (course.status, course.completed_on) == ("done", D(2026, 9, 15))
    entry = AuditEntry.objects.filter(action="record_plan_progress").get()
    assert entry.subject == "p1" and f"action {course.pk}" in entry.detail
    assert "planned -> done" in entry.detail
    plan.refresh_from_db()
    assert plan.status == "active"
    # the course is now a training done, which the analytics read
    dev = DevelopmentAction.objects.get(pk=course.development_id)
    assert (dev.kind, dev.course_id, dev.status, dev.end) == (
        "training",
        "c-arch",
        "done",
        D(2026, 9, 15),
    )


def test_recording_the_same_status_again_changes_nothing(org):
    course = _actions(save("p1", "specialist/B5").plan)["Architecture studio"]
    do_record_progress("p1", [(course.pk, "done")], on=D(2026, 9, 15))
    before = AuditEntry.objects.count()
    assert do_record_progress("p1", [(course.pk, "done")], on=D(2026, 10, 1)) == []
    course.refresh_from_db()
    assert course.completed_on == D(2026, 9, 15) and AuditEntry.objects.count() == before


def test_a_bad_action_id_or_status_changes_nothing(org):
    acts = _actions(save("p1", "specialist/B5").plan)
    good = acts["Architecture studio"].pk
    other = save("p2", "specialist/B4").plan.actions.first()
    before = AuditEntry.objects.count()
    with pytest.raises(NotFound, match="no action 999999 in the plans of p1"):
        do_record_progress("p1", [(good, "done"), (999999, "done")], on=MADE_ON)
    # someone else's action reads as not found, whether it exists or not
    with pytest.raises(NotFound, match=f"no action {other.pk} in the plans of p1"):
        do_record_progress("p1", [(other.pk, "done")], on=MADE_ON)
    with pytest.raises(Invalid, match="status 'finished' is not one of planned, active"):
        do_record_progress("p1", [(good, "finished")], on=MADE_ON)
    assert set(PlanAction.objects.values_list("status", flat=True)) == {"planned"}
    assert AuditEntry.objects.count() == before
    assert not DevelopmentAction.objects.filter(person_id="p1").exists()


def test_a_plan_is_done_when_every_kept_action_is(org):
    plan = save("p1", "specialist/B5").plan
    ids = [a.pk for a in plan.actions.all()]
    do_record_progress(
        "p1", [(ids[0], "done"), (ids[1], "done"), (ids[2], "dropped")], on=D(2026, 12, 1)
    )
    plan.refresh_from_db()
    assert plan.status == "done"
    assert AuditEntry.objects.filter(action="record_plan_status", detail__endswith="done").exists()
    # a closed plan is not open any more: saving makes a new one
    assert save("p1", "specialist/B5").created
    with pytest.raises(Refused, match="a newer plan towards specialist/B5 is open"):
        do_record_progress("p1", [(ids[0], "active")], on=D(2027, 1, 1))


def test_an_abandoned_plan_takes_no_progress(org):
    plan = save("p1", "specialist/B5").plan
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status="abandoned")
    action = plan.actions.first()
    with pytest.raises(Refused, match="abandoned"):
        do_record_progress("p1", [(action.pk, "done")], on=MADE_ON)


def test_mentoring_in_progress_counts_towards_the_mentors_load(org):
    plan = save("p1", "specialist/B5").plan
    mentoring = _actions(plan)["mentoring with Pia"]
    do_record_progress("p1", [(mentoring.pk, "active")], on=D(2026, 8, 1))
    dev = read_frames().development.filter(pl.col("person_id") == "p1")
    assert dev.select("kind", "partner_id", "status").rows() == [("mentoring", "prin", "active")]


def test_progress_shows_done_overdue_and_readiness_then_and_now(org):
    plan = save("p1", "specialist/B5").plan
    acts = _actions(plan)
    do_record_progress("p1", [(acts["Architecture studio"].pk, "done")], on=D(2026, 9, 1))
    # p1 is now assessed expert in system design by manager and self
    for source in ("manager", "self"):
        Assessment.objects.create(
            person_id="p1",
            competency="system-design",
            proficiency=4,
            source=source,
            date=D(2026, 9, 30),
        )
    (got,) = plan_progress("p1", read_frames(), today=D(2027, 8, 1))
    assert got.readiness_then == pytest.approx(0.95625)  # system design 3 of 4: 0.7 × 15/16 + 0.3
    assert got.readiness_now == pytest.approx(1.0)
    assert (got.done, got.kept, got.overdue) == (1, 3, 2)  # the two mentorings were due 2027-07-01
    assert [a.overdue for a in got.actions] == [False, True, True]


def test_progress_of_an_unknown_person_is_not_found(org):
    with pytest.raises(NotFound):
        plan_progress("nobody", read_frames(), today=MADE_ON)
    assert plan_progress("ceo", read_frames(), today=MADE_ON) == []


def test_saving_for_an_unknown_target_is_invalid(org):
    from multitrack.analytics.careers.planning import DevelopmentPlan as Suggested
    from multitrack.web.careers.actions import do_save_plan

    with pytest.raises(Invalid, match="specialist/B99 is not a level"):
        do_save_plan(Suggested("p1", "specialist/B99", 0.5), [], made_on=MADE_ON, months=12)
    assert not DevelopmentPlan.objects.exists()


def test_storing_a_new_organisation_replaces_its_plans(org):
    from multitrack.analytics.careers.tests.fixtures import frames
    from multitrack.web.storage.store import do_store_frames

    save("p2", "specialist/B4")
    base = frames()
    without_p2 = base.replace(
        people=base.people.filter(pl.col("person_id") != "p2"),
        development=base.development.filter(pl.col("person_id") != "p2"),
    )
    do_store_frames(without_p2)
    assert not DevelopmentPlan.objects.exists()


def test_progress_reads_in_three_queries_however_many_plans(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    save("p1", "specialist/B5")
    save("p1", "management/B4")
    frames = read_frames()
    with CaptureQueriesContext(connection) as queries:
        got = plan_progress("p1", frames, today=MADE_ON)
    assert len(got) == 2 and sum(len(p.actions) for p in got) == 7
    assert len(queries) == 3  # the person, the plans with their versions, their actions
