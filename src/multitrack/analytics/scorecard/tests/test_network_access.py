"""Workgroup access and centrality: hand-worked cases and networkx on the same graphs."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import mannwhitneyu

from multitrack.analytics.scorecard import ScorecardConfig, brandes, scorecard
from multitrack.analytics.scorecard.access import access_flags, visibility_flags
from multitrack.analytics.scorecard.context import build_context
from multitrack.analytics.scorecard.network import (
    Graph,
    _estimate,
    betweenness,
    centrality,
    co_membership,
)
from multitrack.analytics.scorecard.tests.synthetic import synthetic_org
from multitrack.analytics.scorecard.tests.tiny import D, frames, person


@pytest.fixture(params=["chosen", "sparse", "dense"])
def levels(request, monkeypatch):
    """Run the search with its own choice of level, or every level sparse, or dense."""
    if request.param == "sparse":
        monkeypatch.setattr(brandes, "SPARSE_NS", 0.0)
    elif request.param == "dense":
        monkeypatch.setattr(brandes, "SPARSE_NS", 1e12)
    return request.param


def _nx(graph: Graph) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(graph.n))
    rows, cols = graph.A.nonzero()
    g.add_edges_from(zip(rows.tolist(), cols.tolist(), strict=True))
    return g


@pytest.mark.parametrize(("people", "groups", "memberships"), [(300, 200, 900), (150, 25, 700)])
def test_centrality_matches_networkx_exactly(people, groups, memberships, levels):
    rng = np.random.default_rng(people)
    graph = co_membership(
        rng.integers(0, people, memberships), rng.integers(0, groups, memberships), people
    )
    g = _nx(graph)
    ref_bet = nx.betweenness_centrality(g)
    ref_deg = nx.degree_centrality(g)
    c = centrality(graph, k=people, seed=0)
    assert c.pivots == people
    assert c.edges == g.number_of_edges()
    np.testing.assert_allclose(c.betweenness, [ref_bet[i] for i in range(people)], atol=1e-12)
    np.testing.assert_allclose(c.degree_centrality, [ref_deg[i] for i in range(people)])
    giant = sorted(max(nx.connected_components(g), key=len))
    ref_eig = nx.eigenvector_centrality_numpy(g.subgraph(giant))
    ours = centrality(graph, k=2, seed=0, with_betweenness=False).eigenvector
    np.testing.assert_allclose(ours[giant], [ref_eig[v] for v in giant], atol=1e-10)
    outside = np.setdiff1d(np.arange(people), giant)
    assert (ours[outside] == 0).all()


def test_sampled_betweenness_matches_networkx_with_the_same_pivots(levels):
    rng = np.random.default_rng(9)
    graph = co_membership(rng.integers(0, 400, 1200), rng.integers(0, 150, 1200), 400)
    g = _nx(graph)
    pivots = random.Random(7).sample(list(g.nodes()), 40)  # what networkx draws with seed=7
    ref = nx.betweenness_centrality(g, k=40, seed=7)
    ours, used = betweenness(graph, sources=np.array(pivots))
    assert len(used) == 40
    np.testing.assert_allclose(ours, [ref[i] for i in range(400)], atol=1e-12)


def test_sampling_error_is_the_spread_of_the_pivots_own_dependencies():
    rng = np.random.default_rng(4)
    graph = co_membership(rng.integers(0, 200, 700), rng.integers(0, 60, 700), 200)
    pivots = np.sort(rng.choice(200, 30, replace=False))
    n = 200
    # each pivot's own dependencies, from one-source searches
    each = np.array([betweenness(graph, sources=np.array([s]))[0] for s in pivots]) * (n - 2)
    est, se = _estimate(graph, pivots)
    for v in range(n):
        draws = each[pivots != v, v] / (n - 2)
        m = len(draws)
        assert est[v] == pytest.approx(draws.mean(), abs=1e-14)
        expected = draws.std(ddof=1) / np.sqrt(m) * np.sqrt(1 - m / (n - 1))
        assert se[v] == pytest.approx(expected, rel=1e-9, abs=1e-15)
    exact, zero = _estimate(graph, np.arange(n))
    assert (zero == 0).all()
    np.testing.assert_allclose(exact, betweenness(graph)[0])


memberships = st.lists(st.tuples(st.integers(0, 14), st.integers(0, 5)), min_size=1, max_size=40)


ONE_SETTING = [HealthCheck.function_scoped_fixture]  # ``levels`` holds for every example


@settings(max_examples=25, deadline=None, suppress_health_check=ONE_SETTING)
@given(memberships)
def test_betweenness_and_degree_agree_with_networkx_on_any_membership(levels, pairs):
    person = np.array([p for p, _ in pairs])
    group = np.array([g for _, g in pairs])
    graph = co_membership(person, group, 15)
    g = _nx(graph)
    ref = nx.betweenness_centrality(g)
    np.testing.assert_allclose(betweenness(graph)[0], [ref[i] for i in range(15)], atol=1e-12)
    np.testing.assert_array_equal(graph.degree, [g.degree(i) for i in range(15)])
    assert graph.edges == g.number_of_edges()


@settings(max_examples=25, deadline=None, suppress_health_check=ONE_SETTING)
@given(memberships, st.integers(0, 2**16), st.integers(2, 14))
def test_sampled_betweenness_agrees_with_networkx_on_any_membership(levels, pairs, seed, k):
    """Random pivots of any kind (in several groups, in one, in none) as networkx draws them."""
    graph = co_membership(np.array([p for p, _ in pairs]), np.array([g for _, g in pairs]), 15)
    g = _nx(graph)
    ref = nx.betweenness_centrality(g, k=k, seed=seed)
    pivots = np.array(random.Random(seed).sample(list(g.nodes()), k))
    ours, _ = betweenness(graph, sources=pivots)
    np.testing.assert_allclose(ours, [ref[i] for i in range(15)], atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(memberships)
def test_excess_is_the_pairs_sharing_several_groups(pairs):
    """The excess found from pairs of workgroups equals B B' - 1 where two people share 2+."""
    graph = co_membership(np.array([p for p, _ in pairs]), np.array([g for _, g in pairs]), 15)
    M = (graph.B @ graph.B.T).toarray()
    np.fill_diagonal(M, 0)
    np.testing.assert_array_equal(graph.excess.toarray(), np.where(M >= 2, M - 1, 0))


def _access_org():
    people = [person("top1", "management", "B8", 190000.0)]
    people += [person(f"m{i}", "management", "B5", 96000.0) for i in range(5)]
    people += [person(f"s{i}", "specialist", "B5", 96000.0) for i in range(5)]
    people.append(person("fellow", "specialist", "B8", 190000.0))
    groups = [
        {"workgroup_id": "x1", "cross_functional": True},
        {"workgroup_id": "x2", "cross_functional": True},
        {"workgroup_id": "t1", "cross_functional": False},
    ]
    members = [
        ("x1", "top1"),
        ("x1", "m0"),
        ("x1", "m1"),
        ("x1", "m2"),
        ("x1", "s0"),
        ("x2", "fellow"),
        ("t1", "s1"),
        ("t1", "top1"),
        ("x2", "s2"),
    ]
    members = [{"workgroup_id": g, "person_id": p, "start": D(2024, 1, 1)} for g, p in members]
    members.append(
        {"workgroup_id": "x1", "person_id": "s3", "start": D(2018, 1, 1), "end": D(2020, 1, 1)}
    )
    projects = [{"project_id": "big", "visibility": 3}, {"project_id": "small", "visibility": 1}]
    assignments = [
        {"project_id": "big", "person_id": "m0", "role": "lead", "start": D(2025, 1, 1)},
        {"project_id": "big", "person_id": "m1", "role": "member", "start": D(2025, 1, 1)},
        {"project_id": "big", "person_id": "s0", "role": "member", "start": D(2025, 1, 1)},
        {"project_id": "small", "person_id": "s1", "role": "lead", "start": D(2025, 1, 1)},
    ]
    return frames(
        people, workgroups=groups, memberships=members, projects=projects, assignments=assignments
    )


def test_access_and_visibility_hand_worked():
    org = _access_org()
    ctx = build_context(org, ScorecardConfig(window_years=3.0))
    acc = {r["person_id"]: r for r in access_flags(ctx).to_dicts()}
    assert acc["m0"]["with_top"] and acc["s0"]["with_top"]  # with top1 in x1
    assert acc["s2"]["with_top"]  # with the fellow in x2
    assert not acc["fellow"]["with_top"]  # alone at the top of x2: no one else from the top
    assert acc["s1"]["cross_functional"] is None  # t1 is not cross-functional
    assert acc["s3"]["cross_functional"] is None  # membership ended before the window
    vis = {r["person_id"]: r for r in visibility_flags(ctx).to_dicts()}
    assert vis["m0"]["leads_high"] and vis["s0"]["high_visibility"] and not vis["s0"]["leads_high"]
    assert vis["s1"]["high_visibility"] is None  # a lead, but on a low-visibility project
    report = scorecard(org, ScorecardConfig(window_years=3.0))
    rows = {(r["band"], r["track"]): r for r in report.table("access").frame.to_dicts()}
    assert rows[("B5", "management")]["with_top"] == pytest.approx(3 / 5)
    assert rows[("B5", "specialist")]["with_top"] == pytest.approx(2 / 5)
    assert rows[("B8", "specialist")]["status"] == "suppressed (n<5)"
    vis_rows = {(r["band"], r["track"]): r for r in report.table("visibility").frame.to_dicts()}
    assert vis_rows[("B5", "management")]["high_visibility"] == pytest.approx(2 / 5)
    assert vis_rows[("B5", "management")]["leads_high"] == pytest.approx(1 / 5)


def test_ratings_and_centrality_tests_use_the_same_rows_as_scipy():
    org = synthetic_org(1500, seed=11, access=0.4)
    cfg = ScorecardConfig(cox=False)
    report = scorecard(org, cfg)
    ctx = build_context(org, cfg)
    cur = ctx.current.filter(pl.col("band") == "B5")
    a = cur.filter(pl.col("track") == "specialist")["rating"].to_numpy()
    b = cur.filter(pl.col("track") == "management")["rating"].to_numpy()
    row = (
        report.table("ratings")
        .frame.filter(
            (pl.col("band") == "B5")
            & (pl.col("track") == "specialist")
            & (pl.col("versus") == "management")
        )
        .row(0, named=True)
    )
    assert row["p_mann_whitney"] == pytest.approx(mannwhitneyu(a, b).pvalue, rel=1e-12)
    assert row["mean_track"] == pytest.approx(a.mean())
    note = report.table("centrality").note
    assert "sampled, 32 pivots (seed 0); a person's standard error is" in note
    cell = (
        report.table("verdicts")
        .frame.filter(
            (pl.col("dimension") == "access")
            & (pl.col("band") == "B6")
            & (pl.col("track") == "specialist")
            & (pl.col("versus") == "management")
        )
        .row(0, named=True)
    )
    assert cell["value"] < 1  # the planted lower access shows
