"""Demo-organisation generation at 10k / 100k / 1M people (quick mode: 10k only).

Each size is timed end to end (``generate``: seats, five years of history, every frame,
validated) and reported in rows per second over all frames, with the process CPU time (the
machine is shared, so wall time overstates). The baseline, measured in the same run, is the
naive way: a per-person Python loop building the ``people`` frame (one ``random`` call per
field, ``Framework.pay_range`` per person, a list of dicts), timed on a sample and
extrapolated per row to the rows of all frames that ``generate`` produced.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import polars as pl

from multitrack.analytics.frames import validate
from multitrack.core import Framework, load
from multitrack.core.templates import path
from multitrack.demo import generate
from multitrack.demo.names import FAMILY, FEMALE, MALE


def _naive_people(n: int, fw: Framework, seed: int = 0) -> pl.DataFrame:
    """The people frame built one person at a time (the baseline)."""
    rnd = random.Random(seed)
    tracks = list(fw.tracks)
    rows = []
    for i in range(n):
        track = rnd.choice(tracks)
        t = fw.tracks[track]
        lo, hi = fw.position[t.entry], fw.position[t.ceiling]
        band = fw.spine[rnd.randint(lo, hi)]
        family = rnd.choice(list(fw.families) or [None])
        zone = rnd.choice(list(fw.zones) or [None])
        female = rnd.random() < 0.42
        first = rnd.choice(FEMALE if female else MALE)
        last = rnd.choice(FAMILY)
        r = fw.pay_range(band, track, zone, family)
        hire = dt.date(2010, 1, 1) + dt.timedelta(days=rnd.randint(0, 6000))
        rows.append(
            {
                "person_id": f"P{i:07d}",
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}{i}@example.com",
                "family": family,
                "zone": zone,
                "track": track,
                "band": band,
                "level": f"{track}/{band}",
                "manager_id": f"P{rnd.randint(0, max(i - 1, 0)):07d}" if i else None,
                "hire_date": hire,
                "level_since": hire + dt.timedelta(days=rnd.randint(0, 900)),
                "exit_date": None,
                "exit_reason": None,
                "regretted": None,
                "aspiration": rnd.choice(tracks + [None]),
                "rating": float(rnd.randint(1, 5)),
                "fte": 1.0,
                "pay_annual_fte": r.midpoint * rnd.uniform(0.85, 1.15) if r else 50000.0,
                "variable_annual": 0.0,
            }
        )
    return validate("people", pl.DataFrame(rows))


def _timed(fn, *args, **kw):
    start = time.perf_counter()
    cpu = time.process_time()
    out = fn(*args, **kw)
    return out, time.perf_counter() - start, time.process_time() - cpu


def run(quick: bool = False) -> list[dict]:
    fw = load(path("starter"))
    sample = 5_000 if quick else 50_000
    _, naive_s, _ = _timed(_naive_people, sample, fw)
    per_row = naive_s / sample
    rows = []
    for n in (10_000,) if quick else (10_000, 100_000, 1_000_000):
        frames, secs, cpu = _timed(generate, n, seed=1)
        total = sum(df.height for _, df in frames.items())
        people = frames.people.height
        rows.append(
            {
                "name": f"generate {n:,} people",
                "seconds": secs,
                "baseline": f"naive row loop ({sample:,} rows timed, "
                f"{1 / per_row:,.0f} rows/s), same rows",
                "baseline_seconds": per_row * total,
                "note": f"{people:,} people ever, {frames.events.height:,} events, "
                f"{total:,} rows, {total / secs:,.0f} rows/s, cpu {cpu:.1f}s",
            }
        )
    return rows
