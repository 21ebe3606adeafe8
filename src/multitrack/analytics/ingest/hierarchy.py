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

from multitrack.analytics.ingest.checks import Rows, member

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


def find_cycles(person: pl.Series, manager: pl.Series) -> list[list[str]]:
    """Every cycle of the graph person → manager, each as ids in reporting order."""
    edges = (
        pl.DataFrame({"p": person, "m": manager}).drop_nulls().filter(pl.col("p") != pl.col("m"))
    )
    edges = edges.unique("p", keep="first", maintain_order=True)
    if edges.height == 0:
        return []
    nodes = pl.concat([edges["p"], edges["m"]]).unique(maintain_order=True)
    index = pl.DataFrame({"id": nodes, "i": np.arange(len(nodes))})
    ids = edges.join(index, left_on="p", right_on="id").join(
        index, left_on="m", right_on="id", suffix="_m"
    )
    parent = np.arange(len(nodes))
    parent[ids["i"].to_numpy()] = ids["i_m"].to_numpy()
    landed = _jump(parent)
    reps = np.unique(landed[parent[landed] != landed])
    names = nodes.to_list()
    seen = np.zeros(len(nodes), dtype=bool)
    cycles = []
    for rep in reps:
        if seen[rep]:
            continue
        cycle, x = [int(rep)], int(parent[rep])
        while x != rep:
            cycle.append(x)
            x = int(parent[x])
        seen[cycle] = True
        start = min(range(len(cycle)), key=cycle.__getitem__)  # first seen in the file
        cycles.append([names[i] for i in cycle[start:] + cycle[:start]])
    return cycles


def _cycle_text(cycle: list[str]) -> str:
    shown = cycle if len(cycle) <= _SHOWN else [*cycle[:_SHOWN], f"… ({len(cycle)} people)"]
    return "manager cycle: " + " → ".join(shown + [cycle[0]])


def check_managers(
    rows: Rows,
    ids: pl.Series,
    managers: pl.Series,
    known_people: pl.Series,
    known_managers: Mapping[str, str] | None,
) -> None:
    """Report self-management, unknown managers and cycles (file and stored together)."""
    rows.flag(
        managers.is_not_null() & (managers == ids), "manager_id", "a person cannot manage themself"
    )
    in_file = member(managers, ids.drop_nulls())
    stored = member(managers, known_people)
    rows.flag(
        managers.is_not_null() & ~in_file & ~stored & (managers != ids).fill_null(True),
        "manager_id",
        "unknown manager: not in this file nor among the stored people",
    )
    person, manager = ids, managers
    if known_managers:
        db = pl.DataFrame(
            {"p": list(known_managers), "m": list(known_managers.values())},
            schema={"p": pl.String, "m": pl.String},
        ).filter(~member(pl.col("p"), ids.drop_nulls()))
        person, manager = pl.concat([ids, db["p"]]), pl.concat([managers, db["m"]])
    cycles = find_cycles(person, manager)
    if not cycles:
        return
    text = {pid: _cycle_text(c) for c in cycles for pid in c}
    reasons = ids.replace_strict(
        list(text), list(text.values()), default=None, return_dtype=pl.String
    )
    rows.flag(reasons.is_not_null(), "manager_id", reasons)


def reject_under_rejected(
    rows: Rows, ids: pl.Series, managers: pl.Series, known_people: pl.Series
) -> None:
    """A valid row whose manager (directly or higher up, in this file) is rejected, and not
    stored already, would point at nobody after a partial import: report it too."""
    bad_rows = rows.bad_rows()
    bad = member(rows.df["row"], bad_rows).to_numpy()
    if not bad.any() or bad.all():
        return
    first = pl.DataFrame({"id": ids, "row": rows.df["row"]}).with_row_index("i").drop_nulls("id")
    first = first.unique("id", keep="first", maintain_order=True)
    link = (
        pl.DataFrame({"m": managers})
        .with_row_index("i")
        .join(
            first.select(
                pl.col("id").alias("m"), pl.col("i").alias("mi"), pl.col("row").alias("mrow")
            ),
            on="m",
            how="left",
            maintain_order="left",
        )
    )
    link = link.with_columns(
        mi=pl.when(member(pl.col("m"), known_people)).then(None).otherwise(pl.col("mi"))
    )
    parent = np.arange(rows.df.height)
    has = link["mi"].is_not_null().to_numpy()
    parent[has] = link["mi"].to_numpy()[has]
    reached, p = bad.copy(), parent.copy()
    for _ in range(int(np.ceil(np.log2(max(len(p), 2)))) + 1):
        reached = reached | reached[p]
        p = p[p]
    new = pl.Series(reached & ~bad)
    reason = pl.format(
        "manager {} is rejected (row {}); fix that row first", pl.col("m"), pl.col("mrow")
    )
    rows.flag(new, "manager_id", link.select(reason.alias("r"))["r"], value=managers)
