"""Assignment of candidates to openings: dense parity with scipy, and blocked sparse at scale.

Full mode: 2,000 × 2,000 dense beside scipy alone; 100,000 people × 5,000 openings blocked
(20 levels × 250 openings, each level's eligible pool 10% of people, top-50 lists) with its
peak traced memory, beside the dense route on the largest rectangular problem that fits
(20,000 × 500).
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
from scipy.optimize import linear_sum_assignment

from multitrack.analytics.careers.matching import Block, assign_blocks, assign_dense


def _timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def _blocks(people: int, openings: int, levels: int, rng) -> list[Block]:
    ids = np.array([f"p{i}" for i in range(people)], dtype=object)
    per = openings // levels
    out = []
    for lv in range(levels):
        pool = rng.random(people) < 0.10
        out.append(Block([f"L{lv}#{k}" for k in range(per)], ids[pool], rng.random(pool.sum())))
    return out


def run(quick: bool = False) -> list[dict]:
    rng = np.random.default_rng(1)
    rows = []
    n = 500 if quick else 2000
    cost = rng.random((n, n))
    _, base = _timed(linear_sum_assignment, cost)
    _, ours = _timed(assign_dense, cost)
    rows.append(
        {
            "name": f"dense {n}x{n}",
            "seconds": ours,
            "baseline": "scipy alone",
            "baseline_seconds": base,
        }
    )
    people, openings = (10_000, 500) if quick else (100_000, 5_000)
    blocks = _blocks(people, openings, 20, rng)
    tracemalloc.start()
    result, secs = _timed(assign_blocks, blocks, top_k=50)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rp, ro = (5_000, 250) if quick else (20_000, 500)
    _, dense_secs = _timed(linear_sum_assignment, rng.random((rp, ro)))
    rows.append(
        {
            "name": f"blocked {people:,} people x {openings:,} openings",
            "seconds": secs,
            "baseline": f"dense {rp:,}x{ro} (largest that fits)",
            "baseline_seconds": dense_secs,
            "note": f"filled {result.filled}, peak {peak / 2**20:.0f} MiB traced",
        }
    )
    return rows
