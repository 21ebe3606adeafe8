"""Manager references: unknown managers, self-management, cycles, and rejected managers.

Cycles are found by pointer jumping over integer parent arrays (numpy): after ⌈log₂ n⌉
squarings every person's pointer has reached either a root or a node on a cycle, so a
million-person hierarchy is checked in a few dozen vector operations, across the file and
the stored hierarchy (``known_managers``) together. Only the cycles themselves are walked in
Python, to name them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from multitrack.analytics.ingest.checks import Rows, formatted, member
from multitrack.analytics.ingest.hashindex import HashIndex

__all__ = ["check_managers", "find_cycles", "reject_under_rejected"]

_SHOWN = 8  # people named in a cycle's message before "…"


def _jump(parent: np.ndarray) -> np.ndarray:
    """parent^(2^k) for 2^k >= n: each node's pointer lands on a root or inside a cycle."""
    p = parent.copy()
    for _ in range(max(1, int(np.ceil(np.log2(max(len(p), 2)))) + 1)):
        nxt = p[p]
        if np.array_equal(nxt, p):
            break
        p = nxt
    return p


def positions(person: pl.Series, manager: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row of each manager's first occurrence in ``person`` or −1, first-occurrence mask).

    Matched on 64-bit hashes by a sorted merge (:class:`.hashindex.HashIndex`), several times
    cheaper than a join on strings; every match is then confirmed on the strings, and the
    string join is used instead in the (astronomically rare) case of a hash collision.
    """
    person, manager = person.rechunk(), manager.rechunk()  # random gathers need one chunk
    index = HashIndex.of(person)
    pos = index.find(manager)
    first = np.zeros(len(person), dtype=bool)
    first[index.first] = True
    if not _confirmed(person, manager, index, pos, first):
        return _joined(person, manager)
    return pos, first


def _confirmed(
    person: pl.Series, manager: pl.Series, index: HashIndex, pos: np.ndarray, first: np.ndarray
) -> bool:
    """Hash matches are string matches, and ids repeating a hash repeat the id."""
    found = pos >= 0
    same = person.gather(pl.Series(pos[found])) == manager.filter(pl.Series(found))
    if not same.fill_null(False).all():
        return False
    if not index.repeated:
        return True
    repeats = (pl.Series(~first) & person.is_not_null()).arg_true()
    earlier = index.find(person.gather(repeats))
    return bool((person.gather(repeats) == person.gather(pl.Series(earlier))).all())


def _joined(person: pl.Series, manager: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    first = (person.is_first_distinct() & person.is_not_null()).fill_null(False)
    index = pl.DataFrame({"id": person}).with_row_index("i").filter(first)
    pos = pl.DataFrame({"id": manager}).join(index, on="id", how="left", maintain_order="left")["i"]
    return pos.cast(pl.Int64).fill_null(-1).to_numpy(), first.to_numpy()


def _cycles(parent: np.ndarray, names: pl.Series) -> list[list[str]]:
    """Cycles of a parent array (roots point to themselves), each from its first node, as
    ``names`` (only the people on cycles are looked up)."""
    landed = _jump(parent)
    reps = np.unique(landed[parent[landed] != landed])
    seen = np.zeros(len(parent), dtype=bool)
    cycles = []
    for rep in reps:
        if seen[rep]:
            continue
        cycle, x = [int(rep)], int(parent[rep])
        while x != rep:
            cycle.append(x)
            x = int(parent[x])
        seen[cycle] = True
        start = min(range(len(cycle)), key=cycle.__getitem__)  # first in the file
        cycles.append(names.gather(cycle[start:] + cycle[:start]).to_list())
    return cycles


def _parent(pos: np.ndarray, first: np.ndarray | None = None) -> np.ndarray:
    """Parent array: the manager's row, or the row itself for roots (and for rows that
    repeat an earlier id, which are not part of the hierarchy)."""
    linked = pos >= 0 if first is None else (pos >= 0) & first
    return np.where(linked, pos, np.arange(len(pos)))


def find_cycles(person: pl.Series, manager: pl.Series) -> list[list[str]]:
    """Every cycle of the graph person → manager (self-loops excluded), as ids."""
    pos, first = positions(person, manager)
    parent = _parent(pos, first)
    if not (parent != np.arange(len(parent))).any():
        return []
    return _cycles(parent, person)


def _cycle_text(cycle: list[str]) -> str:
    shown = cycle if len(cycle) <= _SHOWN else [*cycle[:_SHOWN], f"… ({len(cycle)} people)"]
    return "manager cycle: " + " → ".join(shown + [cycle[0]])


def check_managers(
    rows: Rows,
    ids: pl.Series,
    managers: pl.Series,
    known_people: pl.Series,
    known_managers: Mapping[str, str] | None,
) -> np.ndarray:
    """Report self-management, unknown managers and cycles (file and stored together).

    Returns each row's manager row in the file (−1 if none, or stored elsewhere).
    """
    selfish = (managers.is_not_null() & (managers == ids)).fill_null(False)
    rows.flag(selfish, "manager_id", "a person cannot manage themself")
    n = len(ids)
    person, manager = ids, pl.select(pl.when(~selfish).then(managers)).to_series()
    if known_managers:
        db = pl.DataFrame(
            {"p": list(known_managers), "m": list(known_managers.values())},
            schema={"p": pl.String, "m": pl.String},
        ).filter(~member(pl.col("p"), ids.drop_nulls()))
        person, manager = pl.concat([ids, db["p"]]), pl.concat([manager, db["m"]])
    pos, first = positions(person, manager)
    in_file = pos[:n] >= 0
    in_file &= pos[:n] < n
    stored = member(managers, known_people).fill_null(False).to_numpy()
    rows.flag(
        pl.Series(~in_file & ~stored) & managers.is_not_null() & ~selfish,
        "manager_id",
        "unknown manager: not in this file nor among the stored people",
    )
    parent = _parent(pos, first)
    if (parent != np.arange(len(parent))).any():
        text = {pid: _cycle_text(c) for c in _cycles(parent, person) for pid in c}
        if text:
            reasons = ids.replace_strict(
                list(text), list(text.values()), default=None, return_dtype=pl.String
            )
            rows.flag(reasons.is_not_null() & pl.Series(pos[:n] >= 0), "manager_id", reasons)
    return np.where(in_file & ~stored, pos[:n], -1)


def reject_under_rejected(rows: Rows, manager_row: np.ndarray, managers: pl.Series) -> None:
    """A valid row whose manager (directly or higher up, in this file) is rejected, and not
    stored already, would point at nobody after a partial import: report it too."""
    bad = ~rows.valid().to_numpy()
    if not bad.any() or bad.all():
        return
    reached = _below(bad, _parent(manager_row))

    def why(at: pl.Series) -> pl.Series:
        lines = rows.df["row"].gather(pl.Series(manager_row).gather(at))
        template = "manager {} is rejected (row {}); fix that row first"
        return formatted(template, managers.gather(at), lines)(pl.int_range(len(at), eager=True))

    rows.flag(pl.Series(reached & ~bad), "manager_id", why, value=managers)


def _below(marked: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Nodes that are marked or have a marked ancestor, by pointer jumping: each round
    doubles how far up a node has looked, and the rounds stop once every pointer rests on a
    root (a tree of depth d takes about log2(d) rounds, a long chain at most log2(n) + 1)."""
    small = np.int32 if len(parent) < 2**31 else np.int64  # half the memory traffic
    reached, p = marked.copy(), parent.astype(small)
    for _ in range(int(np.ceil(np.log2(max(len(p), 2)))) + 1):
        reached |= reached[p]
        nxt = p[p]
        if np.array_equal(nxt, p):
            break
        p = nxt
    return reached
