"""Talent-supply forecast: moment bands, Monte Carlo on counts, estimation from events.

- bands: the exact moment recursion for 40 states × 10 years, beside a 1,000-run Monte
  Carlo of the same chain (the anchor the bands replace) and the expected values alone;
- Monte Carlo: 1,000 runs × 40 states × 10 years at 1M heads, beside numpy's own
  multinomial on full rows (the plain vectorised route);
- estimation: snapshots, counts and rates from 1M people / 10M events (20k / 200k in quick
  mode), beside a plain polars route (one "last event on or before" pass per snapshot).
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import polars as pl

from multitrack.analytics.forecast.estimate import fit
from multitrack.analytics.forecast.montecarlo import simulate
from multitrack.analytics.forecast.project import Chain, Policy, project
from multitrack.analytics.forecast.snapshots import STATE_KINDS, history
from multitrack.analytics.forecast.states import StateSpace
from multitrack.analytics.forecast.tests.synth import simulate_org, starter_chain
from multitrack.core import load
from multitrack.core.templates import path

CPU: dict[str, float] = {}  # median CPU seconds of the last timing of each label


def _best(fn, repeat: int, label: str = "") -> float:
    """Median wall-clock seconds; the median CPU seconds go to ``CPU[label]``.

    On a shared machine wall time includes waiting for a core; CPU time (all threads of
    this process) is what the code itself costs.
    """
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU[label] = statistics.median(cpu)
    return statistics.median(times)


def _cpu(*labels: str) -> str:
    return "CPU s: " + ", ".join(f"{name} {CPU[name]:.4f}" for name in labels)


def _space(bands: int = 20) -> StateSpace:
    spine = tuple(f"B{i + 1}" for i in range(bands))
    keys = tuple(f"{t}/{b}" for t in ("s", "m") for b in spine)
    steps = list(zip(spine, spine[1:], strict=False))
    permitted = {(f"{t}/{a}", f"{t}/{b}") for t in "sm" for a, b in steps}
    permitted |= {(f"s/{b}", f"m/{b}") for b in spine} | {(f"m/{b}", f"s/{b}") for b in spine}
    return StateSpace(keys, spine, ("s", "m"), frozenset(permitted))


def _chain(heads: int) -> Chain:
    states = _space()
    probs = starter_chain(states, seed=3)
    k = len(states)
    n0 = np.round(heads * np.linspace(2, 0.2, k) / np.linspace(2, 0.2, k).sum())
    r = np.zeros(k)
    r[:4] = (0.4, 0.3, 0.2, 0.1)
    return Chain(states, probs[:, :k], r, n0, hires_per_year=0.12 * heads)


def _plain_mc(chain: Chain, years: int, runs: int, rng) -> np.ndarray:
    """numpy's multinomial on full rows (k + 1 outcomes), runs × states at once."""
    probs = np.c_[chain.P, chain.w]
    n = np.broadcast_to(chain.n0.astype(np.int64), (runs, len(chain.n0))).copy()
    for _ in range(years):
        flows = rng.multinomial(n, probs)
        n = flows[:, :, :-1].sum(axis=1) + rng.multinomial(int(chain.hires_per_year), chain.r, runs)
    return n


def _bands(rows: list[dict], quick: bool) -> None:
    chain = _chain(100_000)
    ours = _best(lambda: project(chain, Policy("push"), 10), 51 if quick else 201, "ours")
    mc = _best(lambda: simulate(chain, Policy("push"), 10, runs=1000, seed=1), 3, "MC")

    def expected_only():
        n = chain.n0
        for _ in range(10):
            n = n @ chain.P + chain.hires_per_year * chain.r

    means = _best(expected_only, 201)
    rows.append(
        {
            "name": "bands: exact moments, 40 states × 10 years",
            "seconds": ours,
            "baseline": "Monte Carlo 1,000 runs (same chain, 100k heads)",
            "baseline_seconds": mc,
            "note": f"expected values alone {means * 1e3:.2f} ms; {_cpu('ours', 'MC')}",
        }
    )


def _monte_carlo(rows: list[dict], quick: bool) -> None:
    chain = _chain(1_000_000)
    rng = np.random.default_rng(2)
    ours = _best(lambda: simulate(chain, Policy("push"), 10, runs=1000, seed=1), 3, "ours")
    plain = _best(lambda: _plain_mc(chain, 10, 1000, rng), 1 if quick else 3, "plain")
    caps = {"s/B20": 3000.0, "m/B20": 3000.0, "s/B19": 5000.0, "m/B19": 5000.0}
    capped = _best(
        lambda: simulate(chain, Policy("push"), 10, runs=1000, seed=1, caps=caps),
        1 if quick else 3,
        "capped",
    )
    rows.append(
        {
            "name": "Monte Carlo: 1,000 runs × 40 states × 10 years, 1M heads",
            "seconds": ours,
            "baseline": "numpy multinomial on full rows",
            "baseline_seconds": plain,
            "note": f"with vacancy caps on 4 top states {capped:.3f} s; "
            f"{_cpu('ours', 'plain', 'capped')}",
        }
    )


def _plain_history(frames, dates) -> int:
    """One pass per snapshot: each person's last state event on or before the date."""
    ev = frames.events.filter(pl.col("kind").is_in(STATE_KINDS)).sort("date")
    total = 0
    prev = None
    for d in dates:
        snap = (
            ev.filter(pl.col("date") <= d)
            .group_by("person_id")
            .agg(pl.col("kind").last(), pl.col("to_track").last(), pl.col("to_band").last())
            .filter(pl.col("kind") != "exit")
        )
        if prev is not None:
            pairs = prev.join(snap, on="person_id", how="full", suffix="_next")
            total += (
                pairs.group_by("to_track", "to_band", "to_track_next", "to_band_next").len().height
            )
        prev = snap
    return total


def _estimation(rows: list[dict], quick: bool) -> None:
    fw = load(path("starter"))
    states = StateSpace.from_framework(fw)
    probs = starter_chain(states, seed=4)
    k = len(states)
    people = 20_000 if quick else 1_000_000
    r = np.zeros(k)
    r[:3] = (0.5, 0.3, 0.2)
    t = time.perf_counter()
    start = np.full(k, people * 0.5 / k)
    frames = simulate_org(
        fw, probs, start, int(people * 0.05), r, 10, seed=1, noise=1.5, states=states
    )
    made = time.perf_counter() - t
    ours = _best(lambda: fit(history(frames)), 1 if not quick else 3, "ours")
    dates = history(frames).dates
    plain = _best(lambda: _plain_history(frames, dates), 1, "plain")
    rows.append(
        {
            "name": f"estimation: {frames.people.height:,} people, {frames.events.height:,} events",
            "seconds": ours,
            "baseline": "polars, one pass per snapshot",
            "baseline_seconds": plain,
            "note": f"{len(dates)} snapshots; generating the org took {made:.1f} s; "
            f"{_cpu('ours', 'plain')}",
        }
    )


def run(quick: bool = False) -> list[dict]:
    rows: list[dict] = []
    _bands(rows, quick)
    _monte_carlo(rows, quick)
    _estimation(rows, quick)
    return rows
