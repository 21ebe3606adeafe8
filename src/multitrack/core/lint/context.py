"""What rules read: the framework, resolved options, and views computed once per lint run.

Rules share these views (levels per track, the moves of the career graph, step ranks…) so
that a run over a big framework stays a small fraction of loading it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from multitrack.core.graph import Move, moves
from multitrack.core.io import Located
from multitrack.core.lint.base import Loc
from multitrack.core.model import Framework, Level, PayRange, TrackKind

__all__ = ["Context", "listing"]


@dataclass
class Context:
    """One lint run's view of a framework; every derived view is computed at most once."""

    fw: Framework
    located: Located | None = None
    options: Mapping[str, float] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)

    def opt(self, name: str) -> float:
        return self.options[name]

    # ------------------------------------------------------------------ locations

    def first_known(self, *locs: Loc) -> Loc:
        """The first location the file states (falls back to the last one given)."""
        if self.located is not None:
            for loc in locs:
                if loc in self.located.where:
                    return loc
        return locs[-1]

    # ------------------------------------------------------------------ ladder views

    @cached_property
    def levels_by_track(self) -> dict[str, tuple[Level, ...]]:
        """Each track's levels, low to high on the spine."""
        return {k: self.fw.levels_of.get(k, ()) for k in self.fw.tracks}

    @cached_property
    def levels_by_position(self) -> dict[str, list[Level]]:
        out: dict[str, list[Level]] = {p: [] for p in self.fw.spine}
        for lv in self.fw.levels.values():
            out[lv.band].append(lv)
        return out

    @cached_property
    def moves(self) -> list[Move]:
        return moves(self.fw)

    @cached_property
    def moves_from(self) -> dict[str, list[Move]]:
        out: dict[str, list[Move]] = {k: [] for k in self.fw.levels}
        for m in self.moves:
            out[m.source].append(m)
        return out

    @cached_property
    def families_of(self) -> dict[str, frozenset[str]]:
        """Families each track applies to (all families when it says ``all``)."""
        every = frozenset(self.fw.families)
        return {
            k: every if t.families == "all" else frozenset(t.families)
            for k, t in self.fw.tracks.items()
        }

    def shares_family(self, a: str, b: str) -> bool:
        """Two tracks serve a common family (always, when the framework names no families)."""
        if not self.fw.families:
            return True
        return bool(self.families_of[a] & self.families_of[b])

    def is_management(self, track: str) -> bool:
        return self.fw.tracks[track].kind == TrackKind.management

    # ------------------------------------------------------------------ competencies

    @cached_property
    def step_ranks(self) -> dict[str, dict[str, int]]:
        """Scale key -> step -> 1-based rank (digits '1'…'n' accepted as ranks)."""
        out: dict[str, dict[str, int]] = {}
        for key, scale in self.fw.scales.items():
            ranks = {s.key: i for i, s in enumerate(scale.steps, start=1)}
            ranks.update({str(i): i for i in range(1, len(scale.steps) + 1) if str(i) not in ranks})
            out[key] = ranks
        return out

    @cached_property
    def comp_scale(self) -> dict[str, str]:
        return {k: c.scale for k, c in self.fw.competencies.items()}

    # ------------------------------------------------------------------ pay views

    @cached_property
    def pay_scopes(self) -> list[tuple[str | None, str | None]]:
        """(zone, family) pairs worth resolving pay for: the default and those ranges name."""
        zones = [None, *sorted({r.zone for r in self.fw.pay.ranges if r.zone is not None})]
        fams = [None, *sorted({r.family for r in self.fw.pay.ranges if r.family is not None})]
        return [(z, f) for z in zones for f in fams]

    @cached_property
    def range_index(self) -> dict[int, int]:
        """id(PayRange) -> its index in ``pay.ranges`` (to locate a resolved range)."""
        return {id(r): i for i, r in enumerate(self.fw.pay.ranges)}

    def range_loc(self, r: PayRange) -> Loc:
        return ("pay", "ranges", self.range_index[id(r)])

    def pay_for(self, band: str, track: str, zone: str | None, family: str | None):
        """The range that applies to ``track`` at ``band`` (skips families it does not serve)."""
        if family is not None and self.fw.families and family not in self.families_of[track]:
            return None
        return self.fw.pay_range(band, track=track, zone=zone, family=family)


def listing(items: Iterable[Any], limit: int = 8) -> str:
    """``a, b, c`` shortened to the first ``limit`` items with a count of the rest."""
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
