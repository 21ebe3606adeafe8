"""What must hold in every generated organisation, whatever its size."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from multitrack.analytics.frames import Frames
from multitrack.demo.tests.frameworks import leading_tracks


def _current(frames: Frames) -> pl.DataFrame:
    return frames.people.filter(pl.col("exit_date").is_null())


def test_reporting_tree_is_one_acyclic_tree(any_org) -> None:
    cur = _current(any_org)
    ids = {p: i for i, p in enumerate(cur["person_id"])}
    parent = np.array([ids.get(m, -1) if m else -1 for m in cur["manager_id"]])
    assert (parent >= 0).sum() == cur.height - 1  # exactly one person has no manager
    up, steps = parent.copy(), 0
    while (up >= 0).any():
        up = np.where(up >= 0, parent[np.maximum(up, 0)], -1)
        steps += 1
        assert steps <= cur.height, "cycle in the reporting tree"


def test_managers_are_current_and_on_the_management_track(any_org) -> None:
    cur = _current(any_org)
    managers = cur.filter(pl.col("person_id").is_in(cur["manager_id"].drop_nulls().implode()))
    assert cur["manager_id"].drop_nulls().is_in(cur["person_id"].implode()).all()
    assert set(managers["track"]) <= leading_tracks(any_org.framework)


def test_levels_are_within_their_tracks(any_org) -> None:
    fw = any_org.framework
    for row in any_org.people.select("track", "band", "level").unique().iter_rows():
        track, band, level = row
        t = fw.tracks[track]
        assert fw.position[t.entry] <= fw.position[band] <= fw.position[t.ceiling]
        assert level == f"{track}/{band}"
        if fw.track_levels(track):  # a track that states levels is staffed on them only
            assert level in fw.levels


def test_dates_are_ordered_and_in_the_window(any_org) -> None:
    as_of = dt.date.fromisoformat(any_org.as_of)
    p = any_org.people
    assert p.filter(pl.col("exit_date") <= pl.col("hire_date")).height == 0
    assert p.filter(pl.col("exit_date") > as_of).height == 0
    assert (
        p.filter(
            (pl.col("level_since") < pl.col("hire_date")) | (pl.col("level_since") > as_of)
        ).height
        == 0
    )
    window_start = as_of.replace(year=as_of.year - 5)
    leavers = p.filter(pl.col("exit_date").is_not_null())
    assert leavers.filter(pl.col("exit_date") < window_start).height == 0
    ev = any_org.events.join(p.select("person_id", "hire_date", "exit_date"), on="person_id")
    outside = ev.filter(
        (pl.col("date") < pl.col("hire_date"))
        | (pl.col("date") > pl.col("exit_date").fill_null(as_of))
    )
    assert outside.height == 0
    hires = ev.filter(pl.col("kind") == "hire")
    assert hires.filter(pl.col("date") != pl.col("hire_date")).height == 0


def test_exits_carry_reason_and_regret(any_org) -> None:
    leavers = any_org.people.filter(pl.col("exit_date").is_not_null())
    assert set(leavers["exit_reason"]) <= {"voluntary", "involuntary"}
    assert leavers["regretted"].null_count() == 0
    assert (
        leavers.filter((pl.col("exit_reason") == "involuntary") & pl.col("regretted")).height == 0
    )
    stayers = _current(any_org)
    assert stayers["exit_reason"].null_count() == stayers.height


def test_current_pay_sits_within_a_sane_multiple_of_its_range(any_org) -> None:
    fw = any_org.framework
    cur = _current(any_org)
    for (track, band, zone, family), group in cur.group_by(["track", "band", "zone", "family"]):
        r = fw.pay_range(band, track, zone, family)
        if r is None:
            continue
        per_year = {"year": 1, "month": 12, "hour": 2080}[r.period or fw.pay.period]
        pay = group["pay_annual_fte"] / per_year
        assert pay.min() >= 0.7 * r.min and pay.max() <= 1.3 * r.max, (track, band, zone)


def test_pay_records_follow_the_pay_events(any_org) -> None:
    ev = any_org.events.filter(pl.col("kind").is_in(["hire", "pay_change"]))
    assert ev.height == any_org.pay.height
    pay = any_org.pay
    assert pay.filter(pl.col("base") <= 0).height == 0
    assert pay.filter((pl.col("fte") <= 0) | (pl.col("fte") > 1)).height == 0


def test_every_track_is_staffed_in_a_large_organisation(big_org) -> None:
    cur = _current(big_org)
    assert set(cur["track"]) == set(big_org.framework.tracks)
    for track, t in big_org.framework.tracks.items():
        bands = set(cur.filter(pl.col("track") == track)["band"])
        fw = big_org.framework
        lo, hi = fw.position[t.entry], fw.position[t.ceiling]
        assert bands == {b for b in fw.spine if lo <= fw.position[b] <= hi}, track
