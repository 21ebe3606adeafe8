"""Assign candidates to a limited set of openings (or mentoring slots) at least total cost.

Small problems go to scipy's ``linear_sum_assignment`` on the dense cost matrix (exact).
Large ones would not fit densely (100,000 people × 5,000 openings is 4 GB of float64), so
openings are *blocked*: openings with the same profile (level, and zone/family when given)
share one candidate list — the ``m + top_k`` best-scored eligible people for ``m`` such
openings — and the sparse problem is solved exactly with
``scipy.sparse.csgraph.min_weight_full_bipartite_matching``. Each opening also gets a private
"leave unfilled" edge at ``UNFILLED_COST``, so a full matching always exists. Restricting
lists to the best ``m + top_k`` is the standard blocking approximation (METHODS.md §5): it is
exact unless more than ``top_k`` of a list's people are taken by other openings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from multitrack.analytics.careers.candidates import score_candidates
from multitrack.analytics.careers.profiles import profile_matrix
from multitrack.analytics.frames import Frames

__all__ = [
    "DENSE_LIMIT",
    "UNFILLED_COST",
    "Block",
    "Assignment",
    "assign_dense",
    "assign_blocks",
    "candidate_blocks",
    "match_openings",
]

UNFILLED_COST = 10.0  # above any real cost (costs are 1 - score, in [0, 1])
DENSE_LIMIT = 25_000_000  # cells; beyond this the dense matrix is not built


@dataclass(frozen=True)
class Block:
    """Identical openings and the costs of their shared candidate list."""

    openings: Sequence[str]
    people: np.ndarray  # person ids (object array)
    cost: np.ndarray  # float, same length as people


@dataclass(frozen=True)
class Assignment:
    opening_id: list[str]
    person_id: list[str | None]  # None: left unfilled
    cost: list[float]
    method: str

    @property
    def total(self) -> float:
        return float(sum(c for c, p in zip(self.cost, self.person_id, strict=True) if p))

    @property
    def filled(self) -> int:
        return sum(p is not None for p in self.person_id)

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {"opening_id": self.opening_id, "person_id": self.person_id, "cost": self.cost}
        )


def assign_dense(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the least-cost assignment (scipy, exact, rectangular allowed)."""
    return linear_sum_assignment(cost)


def assign_blocks(blocks: Sequence[Block], *, top_k: int = 50) -> Assignment:
    """Solve the blocked sparse assignment exactly (see the module docstring)."""
    opening_ids: list[str] = []
    people_index: dict[str, int] = {}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for block in blocks:
        m = len(block.openings)
        keep = min(block.people.size, m + top_k)
        order = (
            np.argpartition(block.cost, keep - 1)[:keep]
            if keep < block.people.size
            else np.arange(block.people.size)
        )
        pcols = np.fromiter(
            (people_index.setdefault(p, len(people_index)) for p in block.people[order]),
            dtype=np.int64,
            count=order.size,
        )
        first = len(opening_ids)
        opening_ids.extend(block.openings)
        r = np.repeat(np.arange(first, first + m), order.size)
        rows.append(r)
        cols.append(np.tile(pcols, m))
        vals.append(np.tile(block.cost[order], m))
    n_open, n_people = len(opening_ids), len(people_index)
    if n_open == 0:
        return Assignment([], [], [], "sparse")
    # one private "unfilled" column per opening guarantees a full matching exists
    rows.append(np.arange(n_open))
    cols.append(n_people + np.arange(n_open))
    vals.append(np.full(n_open, UNFILLED_COST))
    # explicit zeros would read as missing edges: shift every cost by one
    graph = csr_array(
        (np.concatenate(vals) + 1.0, (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_open, n_people + n_open),
    )
    graph.sum_duplicates()
    rows_m, cols_m = min_weight_full_bipartite_matching(graph)
    match = np.empty(n_open, dtype=np.int64)
    match[rows_m] = cols_m
    people = np.empty(n_people, dtype=object)
    for p, j in people_index.items():
        people[j] = p
    out_people: list[str | None] = []
    out_cost: list[float] = []
    for i, j in enumerate(match):
        if j >= n_people:
            out_people.append(None)
            out_cost.append(UNFILLED_COST)
        else:
            out_people.append(people[j])
            out_cost.append(float(graph[i, j]) - 1.0)
    return Assignment(opening_ids, out_people, out_cost, "sparse")


def candidate_blocks(frames: Frames, openings: pl.DataFrame) -> list[Block]:
    """One block per level of ``openings``: its openings and every eligible person's cost.

    Cost is 1 − the candidate score (readiness and stated interest; never demographics).
    Raises KeyError for an opening whose level is not in the framework.
    """
    prof = profile_matrix(frames)
    blocks: list[Block] = []
    for (level,), group in openings.group_by(["level"], maintain_order=True):
        scored = score_candidates(frames, str(level), profiles=prof)
        blocks.append(
            Block(
                group["opening_id"].to_list(),
                np.array(scored["person_id"].to_list(), dtype=object),
                1.0 - scored["score"].to_numpy(),
            )
        )
    return blocks


def match_openings(
    frames: Frames, openings: pl.DataFrame, *, top_k: int = 50, dense: bool | None = None
) -> Assignment:
    """Assign people to openings (columns ``opening_id``, ``level``) at least total cost.

    Costs are :func:`candidate_blocks`'. ``dense=None`` chooses dense (exact) when the
    matrix is small, else blocked sparse. Raises KeyError for an opening whose level is not
    in the framework.
    """
    blocks = candidate_blocks(frames, openings)
    unique = set().union(*(b.people for b in blocks))
    use_dense = dense if dense is not None else len(unique) * openings.height <= DENSE_LIMIT
    if not use_dense:
        return assign_blocks(blocks, top_k=top_k)
    people = sorted(unique)
    col = {p: j for j, p in enumerate(people)}
    ids = [o for b in blocks for o in b.openings]
    cost = np.full((len(ids), len(people) + len(ids)), UNFILLED_COST * 10)
    cost[np.arange(len(ids)), len(people) + np.arange(len(ids))] = UNFILLED_COST
    r = 0
    for b in blocks:
        cidx = np.array([col[p] for p in b.people], dtype=np.int64)
        for _ in b.openings:
            cost[r, cidx] = b.cost
            r += 1
    rows, cols = assign_dense(cost)
    person: list[str | None] = [None] * len(ids)
    costs = [UNFILLED_COST] * len(ids)
    for i, j in zip(rows, cols, strict=True):
        if j < len(people):
            person[i] = people[j]
            costs[i] = float(cost[i, j])
    return Assignment(ids, person, costs, "dense")
