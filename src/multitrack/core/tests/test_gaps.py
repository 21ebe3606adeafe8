"""Gap scoring: hand-worked cases and the properties a person relies on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.core import load
from multitrack.core.gaps import (
    Assessment,
    combine_assessments,
    gap_report,
    required_steps,
)
from multitrack.core.model import Requirements
from multitrack.core.templates import path

FW = load(path("starter"))
COMPS = sorted(FW.competencies)
D = dt.date


def test_combination_rule_by_hand() -> None:
    got = combine_assessments(
        [
            Assessment("a", 2, "manager", D(2025, 1, 1)),
            Assessment("a", 4, "manager", D(2026, 1, 1)),  # newest manager view wins
            Assessment("a", 1, "self", D(2026, 1, 1)),
            Assessment("a", 3, "peer", D(2026, 1, 1)),
        ]
    )
    assert got == {"a": pytest.approx((3 * 4 + 1 * 1 + 2 * 3) / 6)}


def test_requirements_of_target_and_move_take_the_higher_step() -> None:
    req = Requirements(proficiencies={"system-design": "authority", "people-leadership": "2"})
    steps = required_steps(FW, "specialist/B5", req)
    assert steps["system-design"] == (5, "authority")  # move asks more than the level
    assert steps["people-leadership"] == (2, "2")
    assert steps["delivery"] == (3, "fluent")


def test_readiness_by_hand() -> None:
    req = Requirements(years_in_level=2, trainings=("course-x",))
    rep = gap_report(
        FW, "specialist/B2", {"system-design": 1, "delivery": 2}, requires=req, years_in_level=3.0
    )
    # B2 expects system-design 2, delivery 2, mentoring 1: coverage (0.5 + 1 + 0) / 3
    assert rep.competency_coverage == pytest.approx(0.5)
    assert rep.requirements_met == pytest.approx(0.5)  # years met, training not
    assert rep.readiness == pytest.approx(0.7 * 0.5 + 0.3 * 0.5)
    assert not rep.ready


levels = st.sampled_from(sorted(FW.levels))
profiles = st.dictionaries(st.sampled_from(COMPS), st.floats(0, 5), max_size=len(COMPS))
trainings = st.lists(st.sampled_from(["t1", "t2", "t3"]), max_size=3, unique=True)


@settings(max_examples=200, deadline=None)
@given(levels, profiles, trainings, st.floats(0, 10))
def test_meeting_everything_means_ready(target, profile, needed, years) -> None:
    req = Requirements(trainings=tuple(needed), years_in_level=years)
    full = {c: float(n) for c, (n, _) in required_steps(FW, target, req).items()}
    rep = gap_report(
        FW, target, {**profile, **full}, requires=req, years_in_level=years, trainings_done=needed
    )
    assert rep.ready and rep.readiness == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(levels, profiles, trainings, trainings)
def test_a_completed_course_never_lowers_readiness(target, profile, needed, done) -> None:
    req = Requirements(trainings=tuple(needed))
    before = gap_report(FW, target, profile, requires=req, trainings_done=done)
    for extra in ("t1", "t2", "t3"):
        after = gap_report(FW, target, profile, requires=req, trainings_done=[*done, extra])
        assert after.readiness >= before.readiness - 1e-12


def test_same_day_ratings_from_one_source_are_averaged() -> None:
    import datetime as dt

    from multitrack.core.gaps import Assessment, combine_assessments

    day = dt.date(2026, 1, 1)
    rs = [Assessment("c", p, "upward", day) for p in (3, 4, 5)]
    rs.append(Assessment("c", 1, "upward", dt.date(2025, 1, 1)))  # older: ignored
    assert combine_assessments(rs) == {"c": 4.0}
