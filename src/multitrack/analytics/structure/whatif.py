"""What-if: the structure after moving people from management to the specialist track.

The stated rule: a person who moves keeps their band and stops managing; their direct
reports move to the mover's own manager (the skip level), or become roots when the mover had
none. Moving several people applies the rule to all of them at once, so a report of two
movers climbs to the first ancestor who stays a manager.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from multitrack.analytics.structure.tree import Tree, tree_from_codes

__all__ = ["compare", "headline", "move_to_specialist"]


def move_to_specialist(tree: Tree, movers: Sequence[int]) -> Tree:
    """The tree with ``movers`` (codes) no longer managing anyone."""
    moving = np.zeros(tree.size, dtype=bool)
    moving[np.asarray(movers, dtype=np.int64)] = True
    parent = tree.parent.copy()
    # climb past moving managers: a few rounds of pointer lifting, vectorised
    while True:
        up = (parent >= 0) & moving[np.where(parent >= 0, parent, 0)]
        if not up.any():
            break
        parent[up] = tree.parent[parent[up]]
    return tree_from_codes(parent, tree.ids)


def headline(tree: Tree) -> dict[str, float]:
    """The figures a what-if compares: managers, spans, layers, narrow spans."""
    spans = tree.span[tree.span > 0]
    return {
        "people": float(tree.size),
        "managers": float(spans.size),
        "mean_span": float(spans.mean()) if spans.size else 0.0,
        "median_span": float(np.median(spans)) if spans.size else 0.0,
        "narrow_managers": float((spans <= 2).sum()),
        "max_layers": float(tree.layers),
        "mean_layer": float(tree.depth.mean()) if tree.size else 0.0,
        "people_per_manager": float(tree.size / spans.size) if spans.size else float("nan"),
    }


def compare(before: Tree, after: Tree) -> pl.DataFrame:
    a, b = headline(before), headline(after)
    return pl.DataFrame(
        {
            "metric": list(a),
            "before": list(a.values()),
            "after": [b[k] for k in a],
            "change": [b[k] - a[k] for k in a],
        }
    )
