"""The career graph: every level a node, every permitted move an edge (cycles allowed)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from multitrack.core.model import Framework, Requirements, Transition

__all__ = ["Move", "career_graph", "moves"]


@dataclass(frozen=True)
class Move:
    """One permitted step from one level to another."""

    source: str
    target: str
    kind: str  # promotion | crossover | demotion
    requires: Requirements
    rule: str  # "spine" or the transition's ident
    transition: Transition | None = None


def _target_band(fw: Framework, t: Transition, band: str) -> str | None:
    if isinstance(t.at, str):
        shift = {"same": 0, "up": 1, "down": -1}[t.at]
        rank = fw.band_rank[band] + shift
        if not 0 <= rank < len(fw.band_order):
            return None
        target = fw.band_order[rank]
        if band in target.sub or target.key == band:
            return band
        # a sub-level maps to the same sub-level index on the target band when it has subs
        return target.key if not target.sub else target.sub[0]
    return t.at.get(band)


def _transition_moves(fw: Framework, t: Transition) -> list[Move]:
    out: list[Move] = []
    src_levels = [fw.levels[t.from_]] if "/" in t.from_ else fw.track_levels(t.from_)
    for lv in src_levels:
        if t.bands and lv.band not in t.bands:
            continue
        if "/" in t.to:
            target = t.to
        else:
            band = _target_band(fw, t, lv.band)
            if band is None:
                continue
            target = f"{t.to}/{band}"
        if target not in fw.levels or target == lv.key:
            continue
        src_pos = fw.position[lv.band]
        dst_pos = fw.position[fw.levels[target].band]
        if t.kind == "crossover":
            kind = "crossover"
        else:
            kind = "promotion" if dst_pos > src_pos else "demotion"
        out.append(Move(lv.key, target, kind, t.requires, t.ident, t))
    return out


def moves(fw: Framework) -> list[Move]:
    """Every permitted move: spine promotions plus stated transitions (both ways expanded)."""
    out: list[Move] = []
    empty = Requirements()
    for key, track in fw.tracks.items():
        if not track.spine:
            continue
        levels = fw.track_levels(key)
        for low, high in zip(levels, levels[1:], strict=False):
            reqs = empty
            if low.advancement.minimums or low.min_years:
                reqs = Requirements(
                    proficiencies=low.advancement.minimums, years_in_level=low.min_years
                )
            out.append(Move(low.key, high.key, "promotion", reqs, "spine"))
    for t in fw.expanded_transitions():
        out.extend(_transition_moves(fw, t))
    return out


def career_graph(fw: Framework) -> nx.MultiDiGraph:
    """A multigraph of levels; edge data: ``move`` (a :class:`Move`) and ``years``."""
    g = nx.MultiDiGraph()
    for key, lv in fw.levels.items():
        g.add_node(key, track=lv.track, band=lv.band, title=lv.title_for())
    for m in moves(fw):
        years = fw.levels[m.source].typical_years
        g.add_edge(m.source, m.target, key=m.rule, move=m, years=years)
    return g
