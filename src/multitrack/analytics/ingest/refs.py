"""Lookup tables from the framework: what a file may call a track, band, level, family…

Files name things by key ("specialist"), by name ("Specialist") or by title ("Staff
Engineer"); each table maps every accepted spelling (as :func:`.values.value_key`) to the
framework's key, so resolving a million rows is one ``replace_strict``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from multitrack.analytics.ingest.values import text_key
from multitrack.core import Framework

__all__ = ["Context", "FrameworkRefs"]


def _table(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """spelling -> key; a spelling shared by two keys is dropped (ambiguous), keys win."""
    pairs = [(text_key(s), k) for s, k in pairs if s]
    counts = Counter(s for s, k in set(pairs))
    return {s: k for s, k in pairs if counts[s] == 1}


@dataclass(frozen=True)
class FrameworkRefs:
    framework: Framework

    @property
    def currency(self) -> str:
        """The organisation's currency: the framework's, else its pay settings'."""
        return (self.framework.currency or self.framework.pay.currency).upper()

    @cached_property
    def tracks(self) -> dict[str, str]:
        fw = self.framework
        return {
            **_table((t.name, k) for k, t in fw.tracks.items()),
            **_table((k, k) for k in fw.tracks),
        }

    @cached_property
    def bands(self) -> dict[str, str]:
        fw = self.framework
        names = _table((b.name, b.key) for b in fw.bands if not b.sub)
        return {**names, **_table((p, p) for p in fw.spine)}

    @cached_property
    def level_keys(self) -> list[str]:
        """Every level a person may hold: the stated levels, or for a track that states none,
        each spine position from its entry band to its ceiling."""
        fw = self.framework
        stated = {lv.track for lv in fw.levels.values()}
        keys = list(fw.levels)
        for key, track in fw.tracks.items():
            if key in stated:
                continue
            lo = fw.band_rank.get(track.entry, 0)
            hi = fw.band_rank.get(track.ceiling, len(fw.band_order))
            keys += [f"{key}/{p}" for p in fw.spine if lo <= fw.band_rank[p] <= hi]
        return keys

    @cached_property
    def levels(self) -> dict[str, str]:
        """Spellings of a level: its key, and its titles where one title means one level."""
        fw = self.framework
        titles = []
        for key, lv in fw.levels.items():
            titles += [(lv.title, key)] + [(t, key) for t in lv.titles.values()]
        return {**_table(titles), **_table((k, k) for k in self.level_keys)}

    def levels_of(self, track: str) -> list[str]:
        return [k for k in self.level_keys if k.split("/", 1)[0] == track]

    @cached_property
    def families(self) -> dict[str, str]:
        fw = self.framework
        return {
            **_table((f.name, k) for k, f in fw.families.items()),
            **_table((k, k) for k in fw.families),
        }

    @cached_property
    def zones(self) -> dict[str, str]:
        fw = self.framework
        return {
            **_table((z.name, k) for k, z in fw.zones.items()),
            **_table((k, k) for k in fw.zones),
        }

    @cached_property
    def competencies(self) -> dict[str, str]:
        fw = self.framework
        named = _table((c.name, k) for k, c in fw.competencies.items())
        return {**named, **_table((k, k) for k in fw.competencies)}

    @cached_property
    def steps(self) -> pl.DataFrame:
        """competency, step spelling (key, as value_key) and its 1-based position."""
        rows = []
        for key in self.framework.competencies:
            scale = self.framework.scale_of(key)
            for i, step in enumerate(scale.steps, start=1):
                rows.append((key, text_key(step.key), i))
        return pl.DataFrame(
            rows,
            schema={"competency": pl.String, "step": pl.String, "index": pl.Int16},
            orient="row",
        )

    def scale_text(self, competency: str) -> str:
        scale = self.framework.scale_of(competency)
        steps = [s.key for s in scale.steps]
        return f"{', '.join(steps)} or 1–{len(steps)} (scale {scale.key})"


@dataclass(frozen=True)
class Context:
    """Everything an import checks rows against besides the file itself."""

    refs: FrameworkRefs
    known_people: pl.Series  # stored person ids
    known_managers: Mapping[str, str] | None
    known_courses: pl.Series
    as_of: dt.date
    fx: pl.DataFrame | None

    @property
    def framework(self) -> Framework:
        return self.refs.framework
