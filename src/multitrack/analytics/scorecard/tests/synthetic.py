"""A synthetic organisation with known inequities, built with numpy at any size.

Used by the scorecard tests (does the scorecard find what was planted?) and by
``bench/bench_scorecard.py`` until the demo generator lands. People are hired over the
years before the snapshot onto the starter framework; at each work anniversary a person may
leave, be promoted or cross tracks, gets a rating and a pay change. Knobs:

- ``pay_gap``: specialists' pay relative to management at the same band (e.g. -0.08);
- ``decorative``: no specialist is ever promoted into B7 or B8 (while management is);
- ``exit_ratio``: specialists' yearly exit probability relative to management's;
- ``access``: specialists' chance of a cross-functional workgroup relative to managers'.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from multitrack.analytics.frames import SCHEMAS, Frames, validate
from multitrack.core import load
from multitrack.core.templates import path

AS_OF = dt.date(2026, 6, 30)
BANDS = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8")
TRACKS = ("specialist", "management", "programme")  # codes 0, 1, 2
CEILING = np.array([7, 7, 6])  # band index of each track's ceiling
ENTRY = np.array([0, 3, 4])
MID = np.array([44000, 53000, 64000, 78000, 96000, 120000, 150000, 190000], dtype=float)
PROMOTE = np.array([0.30, 0.28, 0.22, 0.16, 0.12, 0.09, 0.06, 0.0])  # by band


def _people_ids(n: int, prefix: str = "p") -> pl.Series:
    return pl.select(pl.format(prefix + "{}", pl.int_range(n, dtype=pl.Int64))).to_series()


def synthetic_org(
    people: int = 3000,
    *,
    seed: int = 1,
    years: int = 8,
    pay_gap: float = 0.0,
    decorative: bool = False,
    exit_ratio: float = 1.0,
    access: float = 1.0,
) -> Frames:
    """Frames for an organisation of ``people`` ever hired (validated, starter framework)."""
    rng = np.random.default_rng(seed)
    n = people
    as_of = np.datetime64(AS_OF, "D")
    hire = as_of - rng.integers(0, years * 365, n).astype("timedelta64[D]")
    track = rng.choice(3, n, p=[0.78, 0.14, 0.08])
    band = np.where(track == 0, rng.choice(4, n, p=[0.4, 0.3, 0.2, 0.1]), ENTRY[track])
    band = np.where(track == 1, band + (rng.random(n) < 0.3), band)
    rating = np.clip(np.round(rng.normal(3.2, 0.8, n)), 1, 5)
    since = hire.copy()
    exit_day = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    events = [_event_block(np.arange(n), hire, "hire", None, None, track, band, None)]
    alive = np.ones(n, dtype=bool)
    for year in range(1, years + 1):
        day = (
            hire + np.timedelta64(365 * year, "D") + rng.integers(0, 20, n).astype("timedelta64[D]")
        )
        on = alive & (day <= as_of)
        if not on.any():
            break
        base_exit = np.where(track == 0, 0.10 * exit_ratio, 0.10)
        leave = on & (rng.random(n) < base_exit)
        stay = on & ~leave
        up_p = PROMOTE[band] * (band < CEILING[track])
        if decorative:
            up_p = np.where((track == 0) & (band >= 5), 0.0, up_p)
        up = stay & (rng.random(n) < up_p)
        cross = stay & ~up & (band >= 3) & (track < 2) & (rng.random(n) < 0.03)
        rating = np.where(stay, np.clip(rating + rng.choice([-1, 0, 0, 0, 1], n), 1, 5), rating)
        idx = np.flatnonzero(leave)
        events.append(_event_block(idx, day[idx], "exit", None, None, None, None, None))
        exit_day[idx] = day[idx]
        alive &= ~leave
        idx = np.flatnonzero(up)
        events.append(
            _event_block(
                idx, day[idx], "promotion", track[idx], band[idx], track[idx], band[idx] + 1, None
            )
        )
        band = np.where(up, band + 1, band)
        idx = np.flatnonzero(cross)
        new_track = 1 - track[idx]
        events.append(
            _event_block(
                idx, day[idx], "crossover", track[idx], band[idx], new_track, band[idx], None
            )
        )
        track[idx] = new_track
        since = np.where(up | cross, day, since)
        idx = np.flatnonzero(stay)
        events.append(_event_block(idx, day[idx], "rating", None, None, None, None, rating[idx]))
        events.append(_event_block(idx, day[idx], "pay_change", None, None, None, None, None))
    return _frames(rng, n, hire, exit_day, track, band, rating, since, events, pay_gap, access)


def _event_block(idx, day, kind, ft, fb, tt, tb, value) -> dict:
    """One kind of event for the people ``idx``; arrays are copied (the state moves on)."""
    copy = lambda a: None if a is None else np.array(a, copy=True)  # noqa: E731
    return {
        "i": np.array(idx),
        "date": np.array(day),
        "kind": kind,
        "ft": copy(ft),
        "fb": copy(fb),
        "tt": copy(tt),
        "tb": copy(tb),
        "value": copy(value),
    }


def _events_frame(blocks: list[dict]) -> pl.DataFrame:
    parts = []
    for b in blocks:
        k = len(b["i"])
        if not k:
            continue
        cols = {
            "i": pl.Series(b["i"], dtype=pl.Int64),
            "date": pl.Series(b["date"]).cast(pl.Date),
            "kind": pl.repeat(b["kind"], k, eager=True, dtype=pl.String),
        }
        for key, name, names in (
            ("ft", "from_track", TRACKS),
            ("fb", "from_band", BANDS),
            ("tt", "to_track", TRACKS),
            ("tb", "to_band", BANDS),
        ):
            codes = b[key]
            cols[name] = (
                pl.Series(codes, dtype=pl.Int64).replace_strict(dict(enumerate(names)))
                if codes is not None
                else pl.repeat(None, k, eager=True, dtype=pl.String)
            )
        cols["value"] = (
            pl.Series(b["value"], dtype=pl.Float64)
            if b["value"] is not None
            else (pl.repeat(None, k, eager=True, dtype=pl.Float64))
        )
        parts.append(pl.DataFrame(cols))
    ev = pl.concat(parts)
    return ev.with_columns(
        pl.format("p{}", pl.col("i")).alias("person_id"), pl.lit(None, pl.String).alias("detail")
    ).select(list(SCHEMAS["events"]))


def _frames(rng, n, hire, exit_day, track, band, rating, since, events, pay_gap, access) -> Frames:
    family = rng.choice(["engineering", "design"], n, p=[0.8, 0.2])
    zone = rng.choice(["core", "remote"], n, p=[0.7, 0.3])
    tenure = (np.datetime64(AS_OF, "D") - hire).astype(float) / 365.25
    pay = MID[band] * np.exp(
        np.where(track == 0, pay_gap, 0.0)
        + 0.01 * tenure
        + 0.03 * (rating - 3)
        + rng.normal(0, 0.06, n)
    )
    pay = np.where(zone == "remote", pay * 0.92, pay)
    ids = _people_ids(n)
    names = pl.Series(TRACKS).gather(track)
    bands = pl.Series(BANDS).gather(band)
    left = ~np.isnat(exit_day)
    people = pl.DataFrame(
        {
            "person_id": ids,
            "name": ids,
            "email": ids + "@example.org",
            "family": family,
            "zone": zone,
            "track": names,
            "band": bands,
            "level": names + "/" + bands,
            "manager_id": pl.repeat(None, n, eager=True, dtype=pl.String),
            "hire_date": pl.Series(hire).cast(pl.Date),
            "level_since": pl.Series(since).cast(pl.Date),
            "exit_date": pl.Series(exit_day).cast(pl.Date),
            "exit_reason": pl.Series(
                np.where(rng.random(n) < 0.8, "voluntary", "involuntary")
            ).zip_with(pl.Series(left), pl.repeat(None, n, eager=True, dtype=pl.String)),
            "regretted": pl.repeat(None, n, eager=True, dtype=pl.Boolean),
            "aspiration": pl.repeat(None, n, eager=True, dtype=pl.String),
            "rating": rating,
            "fte": np.ones(n),
            "pay_annual_fte": pay,
            "variable_annual": np.zeros(n),
        }
    )
    groups, members = _workgroups(rng, n, track, band, access)
    projects, assignments = _projects(rng, n, track, band)
    return Frames(
        framework=load(path("starter")),
        people=validate("people", people),
        events=validate("events", _events_frame(events)),
        workgroups=validate("workgroups", groups),
        memberships=validate("memberships", members),
        projects=validate("projects", projects),
        assignments=validate("assignments", assignments),
        as_of=AS_OF.isoformat(),
    )


def _workgroups(rng, n, track, band, access):
    g = max(n // 8, 4)
    xf = rng.random(g) < 0.3
    groups = pl.DataFrame(
        {"workgroup_id": _people_ids(g, "w"), "name": _people_ids(g, "w"), "cross_functional": xf}
    )
    # each person joins a home team and, with a chance rising with band, a cross-functional one
    home = rng.choice(np.flatnonzero(~xf), n)
    chance = np.clip(0.15 + 0.08 * band, 0, 0.95) * np.where(track == 0, access, 1.0)
    joins = rng.random(n) < chance
    xf_ids = np.flatnonzero(xf)
    other = rng.choice(xf_ids, n)
    person = np.concatenate([np.arange(n), np.flatnonzero(joins)])
    group = np.concatenate([home, other[joins]])
    start = np.datetime64(AS_OF, "D") - rng.integers(30, 2000, len(person)).astype("timedelta64[D]")
    members = pl.DataFrame({"g": group, "p": person, "start": start}).select(
        pl.format("w{}", "g").alias("workgroup_id"),
        pl.format("p{}", "p").alias("person_id"),
        pl.col("start").cast(pl.Date),
        pl.lit(None, pl.Date).alias("end"),
    )
    return groups, members


def _projects(rng, n, track, band):
    k = max(n // 20, 3)
    vis = rng.choice([1, 2, 3], k, p=[0.5, 0.3, 0.2])
    projects = pl.DataFrame(
        {"project_id": _people_ids(k, "j"), "name": _people_ids(k, "j"), "visibility": vis}
    )
    person = np.flatnonzero(rng.random(n) < 0.6)
    project = rng.choice(k, len(person))
    lead = rng.random(len(person)) < 0.1 + 0.05 * band[person]
    start = np.datetime64(AS_OF, "D") - rng.integers(30, 900, len(person)).astype("timedelta64[D]")
    assignments = pl.DataFrame(
        {"j": project, "p": person, "role": np.where(lead, "lead", "member"), "start": start}
    ).select(
        pl.format("j{}", "j").alias("project_id"),
        pl.format("p{}", "p").alias("person_id"),
        "role",
        pl.col("start").cast(pl.Date),
        pl.lit(None, pl.Date).alias("end"),
    )
    return projects, assignments
