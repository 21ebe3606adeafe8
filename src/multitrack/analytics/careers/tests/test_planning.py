"""Gap analysis, track fit, routes and development plans on a hand-made organisation."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.analytics.careers.planning import (
    development_plan,
    gap_analysis,
    routes,
    track_fit,
)
from multitrack.analytics.careers.profiles import assessed_profiles, reporting_line
from multitrack.analytics.careers.tests.fixtures import frames


@pytest.fixture(scope="module")
def org():
    return frames()


def test_profile_uses_newest_per_source_weighted(org) -> None:
    prof = assessed_profiles(org.assessments)
    row = prof.filter((prof["person_id"] == "p1") & (prof["competency"] == "system-design"))
    # manager 3 (weight 3, newest) and self 3 (weight 1): (9 + 3) / 4 = 3.0
    assert row["assessed"].item() == pytest.approx(3.0)


def test_same_day_assessments_of_one_source_count_equally() -> None:
    rows = [
        ("x", "delivery", 2, "peer", dt.date(2026, 3, 1)),
        ("x", "delivery", 4, "peer", dt.date(2026, 3, 1)),
        ("x", "delivery", 1, "peer", dt.date(2025, 1, 1)),  # older: ignored
        ("x", "delivery", 4, "manager", dt.date(2026, 2, 1)),
    ]
    frame = pl.DataFrame(
        rows, schema=["person_id", "competency", "proficiency", "source", "date"], orient="row"
    )
    (assessed,) = assessed_profiles(frame)["assessed"].to_list()
    # peers 3 on their newest day (weight 2), manager 4 (weight 3): (6 + 12) / 5
    assert assessed == pytest.approx(3.6)


def test_gaps_to_next_level_and_crossovers(org) -> None:
    reports = {r.target: r for r in gap_analysis(org, "p1")}
    assert set(reports) == {"specialist/B5", "management/B4"}
    nxt = reports["specialist/B5"]
    assert nxt.kind == "promotion"
    # B5 expects system-design expert (4), delivery fluent (3), mentoring fluent (3),
    # strategy practising (2); p1 has 3, 3, 3, 2 -> one gap of one step
    (gap,) = nxt.gaps
    assert gap.competency == "system-design" and gap.shortfall == pytest.approx(1.0)
    assert nxt.competency_coverage == pytest.approx((3 / 4 + 1 + 1 + 1) / 4)
    cross = reports["management/B4"]
    assert cross.kind == "crossover"
    training = [r for r in cross.requirements if r.kind == "training"]
    assert training and not training[0].met  # new manager programme not done


def test_track_fit_reasons_in_words(org) -> None:
    fits = {f.track: f for f in track_fit(org, "p1")}
    assert fits["specialist"].fit > fits["management"].fit
    assert fits["specialist"].aspiration
    assert "People leadership below the management expectation" in fits["management"].reasons


def test_routes_cross_tracks_with_requirements(org) -> None:
    found = routes(org, "p1", "management/B6", k=3)
    assert found, "a route exists over promotions and crossovers"
    assert all(r.levels[-1] == "management/B6" for r in found)
    assert found[0].years <= found[-1].years
    assert routes(org, "p1", "specialist/B4")[0].steps == ()


def test_development_plan_mentors_outside_reporting_line(org) -> None:
    plan = development_plan(org, "p1", "specialist/B5")
    mentors = [m["person_id"] for m in plan.mentors]
    line = reporting_line(org.people, "p1")
    assert "em" in line and "dir" in line
    assert not set(mentors) & line  # never in the reporting line
    assert "busy" not in mentors  # mentee load is full
    assert mentors[0] in ("staff", "prin")  # strong in system design, higher band
    assert any(a.kind == "course" and a.what == "Architecture studio" for a in plan.actions)
    assert "decide" in plan.note


def test_unknown_person_or_level(org) -> None:
    with pytest.raises(KeyError):
        gap_analysis(org, "nobody")
    with pytest.raises(KeyError):
        development_plan(org, "p1", "specialist/B99")
