"""What every scorecard section reads (the context) and returns (a section with verdict cells)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import polars as pl

from multitrack.analytics.frames import Frames
from multitrack.analytics.history import active
from multitrack.analytics.report import Table
from multitrack.analytics.scorecard.verdict import ScorecardConfig, judge, suppressed
from multitrack.analytics.survival import (
    Curves,
    as_of_date,
    employment_spells,
    in_window,
    level_spells,
)

__all__ = ["YEAR", "Cell", "Context", "ScorecardError", "Section", "build_context", "curve_points"]

YEAR = 365.25


class ScorecardError(ValueError):
    """The frames cannot give a scorecard (no people, unknown reference track or band…)."""


@dataclass(frozen=True)
class Cell:
    """One judged comparison: a track against another at a band, on one dimension."""

    band: str
    track: str
    versus: str
    dimension: str
    value: float | None
    p: float | None
    n_track: int
    n_versus: int
    verdict: str | None
    reason: str


@dataclass
class Section:
    tables: list[Table] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """The organisation as the scorecard sees it, computed once."""

    frames: Frames
    cfg: ScorecardConfig
    as_of: dt.date
    window_start: dt.date | None
    current: pl.DataFrame  # people employed at as_of, with band (spine band) and tenure
    tracks: tuple[str, ...]  # tracks with people, framework order
    reference: str
    bands: tuple[str, ...]  # spine bands, low to high (filtered by --band)
    spine: tuple[str, ...]  # all bands, low to high

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Each track against the reference, then each other pair of tracks."""
        others = [t for t in self.tracks if t != self.reference]
        return [(t, self.reference) for t in others] + list(itertools.combinations(others, 2))

    @property
    def window_text(self) -> str:
        if self.window_start is None:
            return f"all history to {self.as_of}"
        return f"{self.window_start} to {self.as_of}"

    @cached_property
    def level_spells(self) -> pl.DataFrame:
        """Level spells seen in the window (day counts from ``survival.in_window``), with the
        exit reason of spells that ended in leaving."""
        f = self.frames
        spells = level_spells(f.people, f.events, self.as_of).with_columns(self.band_key())
        return in_window(spells, self.window_start, self.as_of).filter(
            pl.col("track").is_in(list(self.tracks))
        )

    @cached_property
    def exposure(self) -> pl.DataFrame:
        """Per (track, band) in the window: people, person-years, promotions, crossovers out
        and exits (all, or voluntary ones with ``attrition_exits: voluntary``); promotion and
        attrition share it."""
        outcome = pl.col("outcome")
        left = outcome == "left"
        if self.cfg.attrition_exits == "voluntary":
            left = left & (pl.col("exit_reason") == "voluntary").fill_null(False)
        return self.level_spells.group_by("track", "band").agg(
            pl.col("person_id").n_unique().alias("people"),
            (pl.col("exposure").sum() / YEAR).alias("person_years"),
            (outcome == "promoted").sum().alias("promotions"),
            (outcome == "crossover").sum().alias("crossovers_out"),
            left.sum().alias("exits"),
        )

    @cached_property
    def employment(self) -> pl.DataFrame:
        """Employment spells (hire to exit) seen in the window, last known level and pay."""
        spells = employment_spells(self.frames.people, self.as_of).with_columns(self.band_key())
        return in_window(spells, self.window_start, self.as_of).filter(
            pl.col("track").is_in(list(self.tracks))
        )

    def band_key(self) -> pl.Expr:
        """The spine band of a ``band`` column (sub-levels fold into their band)."""
        band_of = dict(self.frames.framework.band_of)
        return pl.col("band").replace_strict(band_of, default=pl.col("band"))

    def cell(
        self,
        band: str,
        pair: tuple[str, str],
        dimension: str,
        sizes: tuple[int, int],
        value: float | None,
        p: float | None,
        rule: tuple[float | None, float, float, bool],
        reason: str,
    ) -> Cell:
        """A judged cell; ``rule`` is (size, watch, break, favourable). Small cells suppressed."""
        track, versus = pair
        if min(sizes) < self.cfg.min_cell:
            return Cell(
                band,
                track,
                versus,
                dimension,
                None,
                None,
                *sizes,
                None,
                suppressed(self.cfg.min_cell),
            )
        size, watch, brk, favourable = rule
        significant = p is not None and p < self.cfg.alpha
        verdict = judge(
            size, significant, watch, brk, favourable=favourable, one_sided=self.cfg.one_sided
        )
        return Cell(band, track, versus, dimension, value, p, *sizes, verdict, reason)


def _reference(frames: Frames, cfg: ScorecardConfig, tracks: tuple[str, ...]) -> str:
    fw = frames.framework
    if cfg.reference is not None:
        if cfg.reference not in fw.tracks:
            known = ", ".join(fw.tracks)
            raise ScorecardError(
                f"reference track '{cfg.reference}' is not in the framework ({known})"
            )
        return cfg.reference
    managers = [k for k in tracks if fw.tracks[k].kind.value == "management"]
    return managers[0] if managers else tracks[0]


def build_context(frames: Frames, cfg: ScorecardConfig, band: str | None = None) -> Context:
    """Snapshot date, window, the people employed then, tracks, bands and the reference."""
    fw = frames.framework
    people = frames.people
    as_of = as_of_date(frames.as_of, people, frames.events)
    window_start = None
    if cfg.window_years is not None:
        window_start = as_of - dt.timedelta(days=round(cfg.window_years * YEAR))
    band_of = dict(fw.band_of)
    current = active(people, as_of).with_columns(
        pl.col("band").replace_strict(band_of, default=pl.col("band")).alias("band"),
        ((pl.lit(as_of) - pl.col("hire_date")).dt.total_days() / YEAR).alias("tenure_years"),
    )
    if not current.height:
        raise ScorecardError(f"no people employed on {as_of}: nothing to compare")
    present = set(current.get_column("track").unique().to_list())
    tracks = tuple(k for k in fw.tracks if k in present)
    if not tracks:
        raise ScorecardError("no employed person is on a track of the framework")
    spine = tuple(b.key for b in fw.band_order)
    bands = spine
    if band is not None:
        if band not in spine:
            raise ScorecardError(f"band '{band}' is not on the spine ({', '.join(spine)})")
        bands = (band,)
    ref = _reference(frames, cfg, tracks)
    return Context(frames, cfg, as_of, window_start, current, tracks, ref, bands, spine)


def curve_points(curves: Curves, step_years: float = 1 / 12, cause=None) -> pl.DataFrame:
    """A curve sampled monthly (time in years) for charts: a few hundred points, not millions."""
    rows = []
    frame = curves.frame if cause is None else curves.frame.filter(pl.col("cause") == cause)
    last = dict(frame.group_by("group").agg(pl.col("time").max()).iter_rows())
    for group in curves.groups():
        if group not in last:
            continue
        top = float(last[group]) / YEAR
        grid = np.arange(0.0, top + step_years, step_years)
        days = grid * YEAR
        rows.append(
            pl.DataFrame(
                {
                    "group": [group] * len(grid),
                    "years": grid,
                    "estimate": curves.at(days, group=group, cause=cause),
                    "low": curves.at(days, group=group, column="low", cause=cause),
                    "high": curves.at(days, group=group, column="high", cause=cause),
                }
            )
        )
    return pl.concat(rows) if rows else pl.DataFrame()
