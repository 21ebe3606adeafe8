"""Career paths: hand-worked small cases, a brute-force reference, and bad level names."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.core import loads
from multitrack.core.graph import career_graph
from multitrack.core.io import load
from multitrack.core.paths import (
    DEFAULT_YEARS,
    UnknownLevelError,
    find_paths,
    resolve_level,
    shortest_path,
)
from multitrack.core.templates import path as template_path

# Two tracks over three bands, crossovers both ways at the same band. A move costs the
# typical years of the level it leaves: ic/B1 1, ic/B2 5, ic/B3 3, mgmt/B2 1, mgmt/B3 unstated.
SMALL = """\
name: Small
bands: [B1, B2, B3]
competencies:
  lead: {name: Leading}
tracks:
  ic: {kind: specialist, from: B1, ceiling: B3}
  mgmt: {kind: management, from: B2, ceiling: B3}
levels:
  ic/B1: {title: Junior, typical_years: 1}
  ic/B2: {title: Mid, typical_years: 5}
  ic/B3: {title: Senior, typical_years: 3}
  mgmt/B2: {title: Lead, typical_years: 1}
  mgmt/B3: {title: Manager}
transitions:
  - from: ic
    to: mgmt
    at: same
    both_ways: true
    requires: {proficiencies: {lead: practising}, trainings: [managing people]}
    trial: {months: 6, on_fail: return}
"""


@pytest.fixture
def small():
    return loads(SMALL)


def test_fewest_steps_follows_the_spine(small) -> None:
    p = shortest_path(small, "ic/B1", "ic/B3", by="steps")
    assert p is not None
    assert p.levels == ["ic/B1", "ic/B2", "ic/B3"]
    assert p.years == 1 + 5


def test_fewest_years_goes_round_by_the_other_track(small) -> None:
    p = shortest_path(small, "ic/B1", "mgmt/B3", by="years")
    assert p is not None
    # candidates: ic/B1>ic/B2>mgmt/B2>mgmt/B3 = 1+5+1 = 7; ic/B1>ic/B2>ic/B3>mgmt/B3 = 1+5+3 = 9
    assert p.levels == ["ic/B1", "ic/B2", "mgmt/B2", "mgmt/B3"]
    assert p.years == 7
    cross = p.steps[1]
    assert cross.kind == "crossover"
    assert dict(cross.requires.proficiencies) == {"lead": "practising"}
    assert cross.requires.trainings == ("managing people",)
    assert cross.move.transition is not None and cross.move.transition.trial.months == 6


def test_default_years_stand_in_and_are_flagged(small) -> None:
    # mgmt/B3 states no typical_years: leaving it costs the default
    p = shortest_path(small, "mgmt/B3", "ic/B3", by="years", default_years=4)
    assert p is not None and p.years == 4
    assert p.steps[0].years_stated is False
    assert shortest_path(small, "mgmt/B3", "ic/B3").years == DEFAULT_YEARS


def test_alternatives_are_simple_distinct_and_ranked(small) -> None:
    found = find_paths(small, "ic/B1", "ic/B3", by="years", k=10)
    seqs = [tuple(p.levels) for p in found]
    assert len(seqs) == len(set(seqs))
    assert all(len(s) == len(set(s)) for s in seqs)  # cycles in the graph, none in a path
    assert [p.years for p in found] == sorted(p.years for p in found)
    # the brute-force reference: every simple path in the graph
    g = nx.DiGraph(career_graph(small))
    assert set(seqs) == {tuple(s) for s in nx.all_simple_paths(g, "ic/B1", "ic/B3")}


def test_same_level_and_unreachable(small) -> None:
    assert find_paths(small, "ic/B2", "ic/B2")[0].steps == ()
    one_way = loads(SMALL.replace("both_ways: true", "both_ways: false"))
    assert find_paths(one_way, "mgmt/B2", "ic/B1") == []


def test_levels_by_title_and_close_matches(small) -> None:
    assert resolve_level(small, "manager") == "mgmt/B3"
    with pytest.raises(UnknownLevelError) as exc:
        resolve_level(small, "ic/B4")
    assert "ic/B1" in exc.value.matches or "ic/B3" in exc.value.matches
    assert "did you mean" in str(exc.value)
    with pytest.raises(UnknownLevelError) as exc:
        resolve_level(small, "zzzz")
    assert exc.value.matches == []


def test_required_years_in_level_lengthen_a_step() -> None:
    fw = loads(SMALL.replace("trainings: [managing people]", "years_in_level: 8"))
    p = shortest_path(fw, "ic/B2", "mgmt/B2", by="years")
    assert p is not None and p.years == 8  # longer than ic/B2's 5 typical years


def _brute_force_years(fw, g: nx.DiGraph, a: str, b: str) -> float:
    """The cheapest simple path by enumeration, costed independently of paths.py."""

    def cost(nodes: list[str]) -> float:
        return sum(fw.levels[u].typical_years or DEFAULT_YEARS for u in nodes[:-1])

    return min(cost(p) for p in nx.all_simple_paths(g, a, b))


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_shortest_matches_the_minimum_over_all_paths(data) -> None:
    fw = load(template_path("starter"))
    keys = sorted(fw.levels)
    a = data.draw(st.sampled_from(keys))
    b = data.draw(st.sampled_from(keys))
    by = data.draw(st.sampled_from(["steps", "years"]))
    p = shortest_path(fw, a, b, by=by)
    g = nx.DiGraph(career_graph(fw))
    if a != b and not nx.has_path(g, a, b):
        assert p is None
        return
    assert p is not None and p.levels[0] == a and p.target == b
    for s, t in zip(p.levels, p.levels[1:], strict=False):
        assert g.has_edge(s, t)
    if by == "steps":
        assert len(p.steps) == (nx.shortest_path_length(g, a, b) if a != b else 0)
    else:
        expected = _brute_force_years(fw, g, a, b) if a != b else 0.0
        assert p.years == pytest.approx(expected)
