"""The ground truth is recoverable: each knob's effect shows in the frames, and vanishes
when the knob is neutral. Tolerances are wide enough for the fixed seeds not to flake."""

from __future__ import annotations

import datetime as dt
from functools import cache

import polars as pl
import pytest
import statsmodels.formula.api as smf

from multitrack.analytics.frames import Frames
from multitrack.demo import Knobs, generate
from multitrack.demo.tests.conftest import org

NEUTRAL = Knobs(
    flight_risk_effective=0.3,
    flight_risk_ineffective=0.3,
    specialist_pay_gap=0.0,
    contributor_pay_gap=0.0,
    gender_pay_gap=0.0,
    high_visibility_odds=1.0,
    cross_functional_odds=1.0,
)


@cache
def neutral() -> Frames:
    return generate(12_000, seed=11, knobs=NEUTRAL)


@cache
def plain() -> Frames:
    return generate(12_000, seed=11)


@cache
def decorative() -> Frames:
    return generate(12_000, seed=11, knobs=Knobs(decorative_ladder=True))


def _current(frames: Frames) -> pl.DataFrame:
    return frames.people.filter(pl.col("exit_date").is_null())


def _pay_gaps(frames: Frames) -> dict[str, float]:
    """OLS of log pay on track and gender within band x zone x family (statsmodels)."""
    data = _current(frames).with_columns(lp=pl.col("pay_annual_fte").log()).to_pandas()
    fit = smf.ols("lp ~ C(track) + C(demo_gender) + C(band):C(zone):C(family)", data).fit()
    return {
        "specialist": fit.params["C(track)[T.specialist]"],
        "women": -fit.params["C(demo_gender)[T.m]"],
    }


def test_pay_gaps_at_equal_band_are_the_knobs() -> None:
    knobs, gaps = Knobs(), _pay_gaps(org(20_000))
    assert gaps["specialist"] == pytest.approx(knobs.specialist_pay_gap, abs=0.015)
    assert gaps["women"] == pytest.approx(knobs.gender_pay_gap, abs=0.01)
    flat = _pay_gaps(neutral())
    assert abs(flat["specialist"]) < 0.015 and abs(flat["women"]) < 0.01


def _exit_share_by_manager_score(frames: Frames) -> float:
    """Voluntary leavers' share under the bottom quarter of managers by upward score, over
    that under the top quarter."""
    up = (
        frames.assessments.filter(pl.col("source") == "upward")
        .group_by("person_id")
        .agg(score=pl.col("proficiency").mean())
        .rename({"person_id": "manager_id"})
    )
    people = frames.people.join(up, on="manager_id").with_columns(
        left=(pl.col("exit_reason") == "voluntary").fill_null(False)
    )
    lo, hi = people["score"].quantile(0.25), people["score"].quantile(0.75)
    low = people.filter(pl.col("score") <= lo)["left"].mean()
    high = people.filter(pl.col("score") >= hi)["left"].mean()
    return low / high


def test_ineffective_managers_lose_more_people() -> None:
    assert _exit_share_by_manager_score(org(20_000)) > 1.25
    assert _exit_share_by_manager_score(neutral()) < 1.15


def test_attrition_and_growth_follow_the_knobs() -> None:
    frames, knobs = org(20_000), Knobs()
    people = frames.people
    start = dt.date(2021, 6, 30)
    at_start = people.filter(
        (pl.col("hire_date") <= start)
        & (pl.col("exit_date").is_null() | (pl.col("exit_date") > start))
    ).height
    now = _current(frames).height
    assert now / at_start == pytest.approx((1 + knobs.growth) ** 5, rel=0.08)
    leavers = people.filter(pl.col("exit_date").is_not_null()).height
    rate = leavers / 5 / ((at_start + now) / 2)
    assert rate == pytest.approx(knobs.base_attrition, abs=0.025)
    share_inv = people.filter(pl.col("exit_reason") == "involuntary").height / leavers
    assert share_inv == pytest.approx(knobs.involuntary_share, abs=0.08)


def test_accidental_managers_are_the_knobs_share() -> None:
    managers = _current(org(20_000)).filter(pl.col("track") == "management")
    share = (managers["aspiration"] == "specialist").mean()
    assert share == pytest.approx(Knobs().accidental_manager_share, abs=0.07)


def test_crossovers_go_both_ways() -> None:
    moves = org(20_000).events.filter(pl.col("kind") == "crossover")
    pairs = {(a, b) for a, b in moves.select("from_track", "to_track").iter_rows()}
    assert {("specialist", "management"), ("management", "specialist")} <= pairs


def _relative(frames: Frames, rows: pl.DataFrame, value: pl.Expr) -> float:
    """Mean of ``value`` for non-management over management, averaged over shared bands."""
    rows = rows.join(frames.people.select("person_id", "track", "band"), on="person_id")
    rows = rows.with_columns(mgmt=pl.col("track") == "management")
    means = rows.group_by("band", "mgmt").agg(v=value.mean())
    wide = means.pivot(on="mgmt", index="band", values="v").drop_nulls()
    return float((wide["false"] / wide["true"]).mean())


def _visibility(frames: Frames) -> float:
    roles = frames.assignments.join(frames.projects, on="project_id")
    roles = roles.join(frames.people.select("person_id", "band"), on="person_id")
    return _relative(
        frames,
        roles.filter(pl.col("band").is_in(["B4", "B5", "B6"])).drop("band"),
        (pl.col("visibility") == 3).cast(pl.Float64),
    )


def _cross_functional(frames: Frames) -> float:
    cf = frames.memberships.join(frames.workgroups, on="workgroup_id").filter("cross_functional")
    counts = frames.people.join(cf.group_by("person_id").len(), on="person_id", how="left")
    counts = counts.filter(pl.col("band").is_in(["B4", "B5", "B6"]))
    rows = counts.select("person_id", n=pl.col("len").fill_null(0).cast(pl.Float64))
    return _relative(frames, rows, pl.col("n"))


def test_access_gaps_follow_the_odds() -> None:
    assert _visibility(org(20_000)) < 0.85
    assert _cross_functional(org(20_000)) < 0.85
    assert 0.85 < _visibility(neutral()) < 1.2
    assert 0.85 < _cross_functional(neutral()) < 1.2


def _upper_specialists(frames: Frames) -> tuple[int, int]:
    """(specialists now at B6-B8, promotions into them during the window)."""
    upper = ["B6", "B7", "B8"]
    now = _current(frames).filter((pl.col("track") == "specialist") & pl.col("band").is_in(upper))
    promoted = frames.events.filter(
        (pl.col("kind") == "promotion")
        & (pl.col("to_track") == "specialist")
        & pl.col("to_band").is_in(upper)
        & (pl.col("date") > dt.date(2021, 6, 30))
    )
    return now.height, promoted.height


def test_the_decorative_ladder_switch_empties_the_upper_specialist_bands() -> None:
    plain_now, plain_promoted = _upper_specialists(plain())
    deco_now, deco_promoted = _upper_specialists(decorative())
    assert deco_now < 0.3 * plain_now
    assert deco_promoted < 0.2 * plain_promoted
    mgmt = _current(decorative()).filter(
        (pl.col("track") == "management") & pl.col("band").is_in(["B6", "B7", "B8"])
    )
    assert mgmt.height > deco_now
