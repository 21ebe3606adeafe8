"""Assessments, workgroups, projects and development: references, dates, the rules."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from scipy.stats import spearmanr

from multitrack.analytics.frames import Frames
from multitrack.demo.development import MAX_MENTEES, in_reporting_line


def _spans(frames: Frames) -> pl.DataFrame:
    as_of = dt.date.fromisoformat(frames.as_of)
    return frames.people.select("person_id", "hire_date", last=pl.col("exit_date").fill_null(as_of))


def _outside_employment(frames: Frames, rows: pl.DataFrame, start="start", end="end"):
    j = rows.join(_spans(frames), on="person_id")
    return j.filter(
        (pl.col(start) < pl.col("hire_date"))
        | (pl.col(start) > pl.col("last"))
        | (pl.col(end) < pl.col(start))
        | (pl.col(end) > pl.col("last"))
    )


def test_assessments_use_each_competencys_scale(any_org) -> None:
    fw = any_org.framework
    a = any_org.assessments
    assert set(a["source"]) <= {"self", "manager", "peer", "upward"}
    for comp, group in a.group_by("competency"):
        steps = len(fw.scale_of(comp[0]).steps)
        assert group["proficiency"].min() >= 1 and group["proficiency"].max() <= steps
    assert a["assessor_id"].is_in(any_org.people["person_id"].implode()).all()


def test_assessors_are_who_the_source_says(big_org) -> None:
    a = big_org.assessments.join(big_org.people.select("person_id", "manager_id"), on="person_id")
    assert (
        a.filter(
            (pl.col("source") == "self") & (pl.col("assessor_id") != pl.col("person_id"))
        ).height
        == 0
    )
    manager = a.filter(pl.col("source") == "manager")
    assert (manager["assessor_id"] == manager["manager_id"]).all()
    peers = a.filter(pl.col("source") == "peer").join(
        big_org.people.select(assessor_id="person_id", peer_manager="manager_id"),
        on="assessor_id",
    )
    assert (peers["peer_manager"] == peers["manager_id"]).all()
    assert (peers["assessor_id"] != peers["person_id"]).all()
    # upward raters reported to the rated manager on the assessment date (from the events)
    upward = a.filter(pl.col("source") == "upward").sort("date")
    changes = (
        big_org.events.filter(pl.col("kind") == "manager_change")
        .select(assessor_id="person_id", date="date", then_manager="detail")
        .sort("date")
    )
    then = upward.join_asof(
        changes, on="date", by="assessor_id", strategy="backward", check_sortedness=False
    )
    assert upward.height > 0 and (then["then_manager"] == then["person_id"]).all()


def test_proficiency_rises_with_band_and_follows_the_track(big_org) -> None:
    fw = big_org.framework
    a = big_org.assessments.filter(pl.col("source") == "manager").join(
        big_org.people.select("person_id", "track", "band"), on="person_id"
    )
    rank = a["band"].replace_strict(dict(fw.position))
    rho, _ = spearmanr(rank.to_numpy(), a["proficiency"].to_numpy())
    assert rho > 0.3
    same_band = a.filter(pl.col("band").is_in(["B5", "B6"]))
    mean = same_band.group_by("competency", "track").agg(pl.col("proficiency").mean())
    m = {(c, t): v for c, t, v in mean.iter_rows()}
    assert m[("people-leadership", "management")] > m[("people-leadership", "specialist")] + 0.5
    assert m[("system-design", "specialist")] > m[("system-design", "management")] + 0.5


def test_workgroup_memberships_are_within_employment(any_org) -> None:
    m = any_org.memberships
    assert m["workgroup_id"].is_in(any_org.workgroups["workgroup_id"].implode()).all()
    assert m.select("workgroup_id", "person_id").is_duplicated().sum() == 0
    assert _outside_employment(any_org, m).height == 0
    assert any_org.workgroups["cross_functional"].any()
    assert not any_org.workgroups["cross_functional"].all()


def test_projects_have_one_lead_and_dated_roles(any_org) -> None:
    a = any_org.assignments
    assert a["project_id"].is_in(any_org.projects["project_id"].implode()).all()
    assert set(any_org.projects["visibility"]) <= {1, 2, 3}
    leads = a.filter(pl.col("role") == "lead").group_by("project_id").len()
    assert leads["len"].max() == 1
    assert leads.height >= 0.9 * any_org.projects.height
    assert _outside_employment(any_org, a).height == 0


def test_mentors_are_senior_outside_the_line_and_not_overloaded(any_org) -> None:
    fw = any_org.framework
    people = any_org.people.with_row_index("i")
    idx = dict(zip(people["person_id"], people["i"], strict=True))
    manager = np.array([idx.get(m, -1) if m else -1 for m in people["manager_id"]])
    pairs = any_org.development.filter(pl.col("kind").is_in(["mentoring", "coaching"]))
    assert pairs.height > 0
    rank = {r["person_id"]: fw.band_rank[r["band"]] for r in people.iter_rows(named=True)}
    mentee = np.array([idx[p] for p in pairs["person_id"]])
    mentor = np.array([idx[p] for p in pairs["partner_id"]])
    assert not in_reporting_line(manager, mentee, mentor).any()
    assert all(
        rank[m] > rank[p] for p, m in zip(pairs["person_id"], pairs["partner_id"], strict=True)
    )
    load = pairs.filter(pl.col("kind") == "mentoring").group_by("partner_id").len()
    assert load["len"].max() <= MAX_MENTEES
    current = people.filter(pl.col("exit_date").is_null())["person_id"].implode()
    assert pairs["partner_id"].is_in(current).all() and pairs["person_id"].is_in(current).all()


def test_reporting_line_check_by_hand() -> None:
    #   0
    #  1 2
    #  3
    manager = np.array([-1, 0, 0, 1])
    a, b = np.array([3, 3, 1, 2, 3]), np.array([0, 1, 3, 1, 2])
    assert in_reporting_line(manager, a, b).tolist() == [True, True, True, False, False]


def test_trainings_name_catalogue_courses_and_statuses_fit_dates(any_org) -> None:
    as_of = dt.date.fromisoformat(any_org.as_of)
    t = any_org.development.filter(pl.col("kind") == "training")
    if any_org.courses.height == 0:
        assert t.height == 0
        return
    assert t["course_id"].is_in(any_org.courses["course_id"].implode()).all()
    comps = set(any_org.framework.competencies)
    assert all(set(c) <= comps for c in any_org.courses["competencies"])
    planned = t.filter(pl.col("status") == "planned")
    assert (planned["start"] > as_of).all() and planned["end"].null_count() == planned.height
    assert (
        t.filter(pl.col("status") == "active")["end"].null_count()
        == t.filter(pl.col("status") == "active").height
    )
    closed = t.filter(pl.col("status").is_in(["done", "dropped"]))
    assert _outside_employment(any_org, closed).height == 0
