"""The state space of the manpower model: one state per (track, band) level, plus "left".

States come from the framework's levels, ordered by track (framework order) then by spine
position, so every array in the forecast package uses the same index. The absorbing "left"
state is not a row of the transition matrix: its probability is the wastage ``w = 1 - P1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from multitrack.core import Framework
from multitrack.core.graph import moves

__all__ = ["LEFT", "StateSpace", "move_kind"]

LEFT = "left"


def move_kind(track_a: str, rank_a: int, track_b: str, rank_b: int) -> str:
    """``stay``, ``promotion``, ``demotion`` (same track) or ``crossover`` (other track)."""
    if track_a != track_b:
        return "crossover"
    if rank_b > rank_a:
        return "promotion"
    if rank_b < rank_a:
        return "demotion"
    return "stay"


@dataclass(frozen=True)
class StateSpace:
    """Ordered states with their track, band and spine rank; ``permitted`` are framework moves."""

    keys: tuple[str, ...]
    spine: tuple[str, ...]  # every band (or sub-level) key, low to high
    track_order: tuple[str, ...]
    permitted: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @classmethod
    def from_framework(cls, fw: Framework) -> StateSpace:
        """Every level of the framework is a state; permitted moves come from the career graph."""
        keys = [lv.key for t in fw.tracks for lv in fw.track_levels(t)]
        allowed = frozenset((m.source, m.target) for m in moves(fw))
        return cls(tuple(keys), tuple(fw.spine), tuple(fw.tracks), allowed)

    def __post_init__(self) -> None:
        if len(set(self.keys)) != len(self.keys):
            raise ValueError("state keys must be unique")
        unknown = [k for k in self.keys if k.partition("/")[2] not in self.spine]
        if unknown:
            raise ValueError(f"states on no band of the spine: {', '.join(unknown)}")

    def __len__(self) -> int:
        return len(self.keys)

    @cached_property
    def index(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.keys)}

    @cached_property
    def tracks(self) -> tuple[str, ...]:
        return tuple(k.partition("/")[0] for k in self.keys)

    @cached_property
    def bands(self) -> tuple[str, ...]:
        return tuple(k.partition("/")[2] for k in self.keys)

    @cached_property
    def ranks(self) -> np.ndarray:
        pos = {b: i for i, b in enumerate(self.spine)}
        return np.array([pos[b] for b in self.bands], dtype=np.int64)

    def rank_of(self, band: str) -> int:
        return self.spine.index(band)

    def of_track(self, track: str) -> list[int]:
        return [i for i, t in enumerate(self.tracks) if t == track]

    def kind(self, i: int, j: int) -> str:
        return move_kind(self.tracks[i], self.ranks[i], self.tracks[j], self.ranks[j])

    @cached_property
    def kinds(self) -> np.ndarray:
        """``k × k`` array of move kinds (``stay`` on the diagonal)."""
        k = len(self)
        return np.array([[self.kind(i, j) for j in range(k)] for i in range(k)], dtype=object)

    @cached_property
    def permitted_mask(self) -> np.ndarray:
        """``k × k`` booleans: stays and the framework's permitted moves."""
        k = len(self)
        mask = np.eye(k, dtype=bool)
        for a, b in self.permitted:
            if a in self.index and b in self.index:
                mask[self.index[a], self.index[b]] = True
        return mask

    def with_states(
        self, new: Iterable[str], permitted: Iterable[tuple[str, str]] = ()
    ) -> StateSpace:
        """A larger space (scenarios): new keys merged in track order, then by band."""
        keys = list(self.keys) + [k for k in new if k not in self.index]
        tracks = list(self.track_order)
        for k in keys:
            t = k.partition("/")[0]
            if t not in tracks:
                tracks.append(t)
        pos = {b: i for i, b in enumerate(self.spine)}
        keys.sort(key=lambda k: (tracks.index(k.partition("/")[0]), pos[k.partition("/")[2]]))
        return StateSpace(
            tuple(keys), self.spine, tuple(tracks), self.permitted | frozenset(permitted)
        )

    def align(self, values: np.ndarray, other: StateSpace, axis: int = -1) -> np.ndarray:
        """``values`` indexed by this space, re-indexed onto ``other`` (zeros where missing)."""
        values = np.asarray(values, dtype=float)
        moved = np.moveaxis(values, axis, -1)
        out = np.zeros((*moved.shape[:-1], len(other)))
        for i, key in enumerate(self.keys):
            if key in other.index:
                out[..., other.index[key]] = moved[..., i]
        return np.moveaxis(out, -1, axis)

    def select(self, spec: str | Sequence[str] | None) -> np.ndarray:
        """Boolean mask of states named by track keys or level keys (``None`` or ``all``: all)."""
        if spec is None or spec == "all":
            return np.ones(len(self), dtype=bool)
        names = [spec] if isinstance(spec, str) else list(spec)
        mask = np.zeros(len(self), dtype=bool)
        for name in names:
            hit = [i for i, k in enumerate(self.keys) if name in (k, self.tracks[i])]
            if not hit:
                raise KeyError(name)
            mask[hit] = True
        return mask
