"""The coded tree: hand-worked small cases and properties on random trees."""

from __future__ import annotations

import networkx as nx
import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.analytics.structure.spans import single_report_chains
from multitrack.analytics.structure.tree import code_tree, tree_from_codes


def _people(pairs: list[tuple[str, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"person_id": [p for p, _ in pairs], "manager_id": [m for _, m in pairs]},
        schema={"person_id": pl.String, "manager_id": pl.String},
    )


def test_hand_worked_tree() -> None:
    # ceo ─┬─ a ─┬─ a1
    #      │     └─ a2 ── a21
    #      └─ b
    ids, parent, orphan = code_tree(
        _people(
            [("ceo", None), ("a", "ceo"), ("b", "ceo"), ("a1", "a"), ("a2", "a"), ("a21", "a2")]
        )
    )
    tree = tree_from_codes(parent, ids, orphan)
    assert tree.depth.tolist() == [1, 2, 2, 3, 3, 4]
    assert tree.span.tolist() == [2, 2, 0, 0, 1, 0]
    assert tree.layers == 4
    assert tree.label(tree.managers) == ["ceo", "a", "a2"]
    assert not tree.cycles and not tree.orphans.size and not tree.self_managed.size


def test_problems_are_reported_and_repaired() -> None:
    ids, parent, orphan = code_tree(
        _people(
            [
                ("top", None),
                ("me", "me"),
                ("lost", "gone"),
                ("x", "y"),
                ("y", "z"),
                ("z", "x"),
                ("tail", "x"),
            ]
        )
    )
    tree = tree_from_codes(parent, ids, orphan)
    assert tree.label(tree.self_managed) == ["me"]
    assert tree.label(tree.orphans) == ["lost"]
    assert len(tree.cycles) == 1
    assert sorted(tree.label(tree.cycles[0])) == ["x", "y", "z"]
    # the cycle is cut at its first member, so every node has a finite layer
    assert tree.depth.min() >= 1 and tree.depth.max() <= 4
    assert set(tree.label(tree.roots)) >= {"top", "me", "lost"}


def test_single_report_chains() -> None:
    # r → m1 → m2 → ic : m1 and m2 each have one report; r has two
    ids, parent, orphan = code_tree(
        _people([("r", None), ("m1", "r"), ("other", "r"), ("m2", "m1"), ("ic", "m2")])
    )
    tree = tree_from_codes(parent, ids, orphan)
    chains = single_report_chains(tree)
    assert [tree.label(c) for c in chains] == [["m1", "m2", "ic"]]
    assert single_report_chains(tree, min_managers=3) == []


@st.composite
def forests(draw) -> np.ndarray:
    n = draw(st.integers(1, 60))
    parent = []
    for i in range(n):
        # parents point at earlier nodes (a forest), with some noise pointing anywhere
        if i == 0 or draw(st.booleans()) and draw(st.booleans()):
            parent.append(-1 if draw(st.booleans()) or i == 0 else draw(st.integers(0, n - 1)))
        else:
            parent.append(draw(st.integers(0, i - 1)))
    return np.array(parent, dtype=np.int64)


@settings(max_examples=200, deadline=None)
@given(forests())
def test_random_trees_match_networkx(parent: np.ndarray) -> None:
    tree = tree_from_codes(parent)
    n = parent.size
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from((i, int(p)) for i, p in enumerate(parent) if p >= 0 and p != i)
    cyc = {frozenset(c) for c in nx.simple_cycles(g)}
    assert {frozenset(c.tolist()) for c in tree.cycles} == cyc
    # after repair: a forest whose depths are path lengths to a root, spans in-degrees
    h = nx.DiGraph()
    h.add_nodes_from(range(n))
    h.add_edges_from((i, int(p)) for i, p in enumerate(tree.parent) if p >= 0)
    assert nx.is_directed_acyclic_graph(h)
    for i in range(n):
        assert tree.depth[i] == len(nx.descendants(h, i)) + 1
        assert tree.span[i] == h.in_degree(i)


def test_hash_coding_agrees_with_the_exact_join() -> None:
    from multitrack.analytics.structure.tree import _code_by_join

    rng = np.random.default_rng(3)
    ids = [f"p{i}" for i in range(500)]
    managers = [None if rng.random() < 0.05 else f"p{rng.integers(0, 520)}" for _ in ids]
    people = _people(list(zip(ids, managers, strict=True)))
    _, parent, orphan = code_tree(people)
    assert parent.tolist() == _code_by_join(people["person_id"], people["manager_id"]).tolist()
    assert orphan.sum() == sum(m is not None and int(m[1:]) >= 500 for m in managers)
