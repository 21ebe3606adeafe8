"""Span and layer metrics on a big reporting tree, beside a plain pandas implementation.

The tree is random with realistic spans (each manager 3-12 reports) and ids as strings
("E0000001"…), shuffled so codes carry no order. Timed separately: coding string ids to
integers, and the metrics from integer codes (spans, layers, cycle and orphan checks).
Baseline in the same run: pandas ``value_counts`` for spans and a repeated merge up the
tree for layers, the way one would write it without pointer jumping.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import polars as pl

from multitrack.analytics.structure.tree import code_tree, tree_from_codes


def random_tree(n: int, seed: int = 7) -> np.ndarray:
    """Parent codes of a random tree in breadth-first order, then shuffled."""
    rng = np.random.default_rng(seed)
    parent = np.full(n, -1, dtype=np.int64)
    spans = rng.integers(3, 13, size=n)
    # node k's reports are the next spans[k] unassigned nodes (breadth first)
    starts = np.concatenate([[1], 1 + np.cumsum(spans)])
    owner = np.repeat(np.arange(n), spans)[: n - 1]
    parent[1:] = owner[: n - 1]
    del starts
    perm = rng.permutation(n)
    inv = np.empty(n, dtype=np.int64)
    inv[perm] = np.arange(n)
    shuffled = np.full(n, -1, dtype=np.int64)
    has = parent >= 0
    shuffled[inv[has]] = inv[parent[has]]
    return shuffled


def _pandas_baseline(frame: pd.DataFrame) -> tuple[pd.Series, int]:
    spans = frame["manager_id"].value_counts()
    level = frame[["person_id", "manager_id"]].copy()
    level["depth"] = 1
    cur = level.rename(columns={"manager_id": "up"})
    depth = pd.Series(1, index=frame["person_id"])
    ids = frame.set_index("person_id")["manager_id"]
    up = cur["up"]
    steps = 0
    while up.notna().any():
        steps += 1
        depth = depth + up.notna().to_numpy()
        up = pd.Series(ids.reindex(up.to_numpy()).to_numpy())
    return spans, int(depth.max())


def _time(fn, repeat: int = 3) -> tuple[float, float]:
    """Best wall and CPU seconds of ``repeat`` runs (CPU time shows through a busy machine)."""
    best, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    return best, cpu


def run(quick: bool) -> list[dict]:
    n = 100_000 if quick else 2_000_000
    parent = random_tree(n)
    ids = np.array([f"E{i:07d}" for i in range(n)], dtype=object)
    managers = np.where(parent >= 0, ids[np.maximum(parent, 0)], None)
    people = pl.DataFrame(
        {"person_id": ids, "manager_id": managers},
        schema={"person_id": pl.String, "manager_id": pl.String},
    )
    coded = code_tree(people)
    t_code, c_code = _time(lambda: code_tree(people))
    t_metrics, c_metrics = _time(lambda: tree_from_codes(coded[1], coded[0], coded[2]))
    tree = tree_from_codes(coded[1], coded[0], coded[2])
    frame = people.to_pandas()
    t0, c0 = time.perf_counter(), time.process_time()
    _, base_layers = _pandas_baseline(frame)
    t_base, c_base = time.perf_counter() - t0, time.process_time() - c0
    assert base_layers == tree.layers, (base_layers, tree.layers)
    note = f"{n:,} people, {tree.layers} layers, {int((tree.span > 0).sum()):,} managers"
    return [
        {
            "name": f"spans+layers+checks from codes ({n:,})",
            "seconds": t_metrics,
            "baseline": "pandas value_counts + merge up the tree",
            "baseline_seconds": t_base,
            "note": f"{note}; CPU {c_metrics:.3f} s vs {c_base:.2f} s",
        },
        {
            "name": f"coding string ids ({n:,})",
            "seconds": t_code,
            "note": f"hash + sorted merge; CPU {c_code:.3f} s",
        },
        {
            "name": f"whole: code + metrics ({n:,})",
            "seconds": t_code + t_metrics,
            "baseline": "pandas, from string ids",
            "baseline_seconds": t_base,
        },
    ]
