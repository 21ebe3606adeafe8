"""The scorecard's stated rules: thresholds, the verdict per cell, and small-cell suppression.

One rule for every dimension, so a reader learns it once: a comparison is **equivalent** when
the difference is small *and* not statistically significant, a **break** when it is large
*and* significant, and **watch** otherwise (large but uncertain, or small but real). "Small"
and "large" are the configurable thresholds below; ratios are judged symmetrically on the log
scale (a ratio of 0.8 is as far from 1 as 1.25), unless ``one_sided`` asks to flag only a
disadvantage to the compared track.

Cells with fewer than ``min_cell`` people on either side are suppressed: the figure is never
shown, only ``suppressed (n<5)``, so that no person can be singled out.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import polars as pl
import yaml

__all__ = [
    "BREAK",
    "EQUIVALENT",
    "VERDICTS",
    "WATCH",
    "ConfigError",
    "ScorecardConfig",
    "judge",
    "suppress",
    "suppressed",
    "worst",
]

EQUIVALENT, WATCH, BREAK = "equivalent", "watch", "break"
VERDICTS = (EQUIVALENT, WATCH, BREAK)


class ConfigError(ValueError):
    """A scorecard configuration that cannot be used (names the file and field)."""


@dataclass(frozen=True)
class ScorecardConfig:
    """Every threshold and choice the scorecard makes, with its default (docs/scorecard.md)."""

    reference: str | None = None  # track every other is compared with; default: management
    min_cell: int = 5  # smallest group whose figures are shown
    alpha: float = 0.05  # significance level of every test and interval
    window_years: float | None = 3.0  # promotions, exits, assignments: the last N years
    pay_gap_watch: float = 0.03  # |adjusted gap| below this (and not significant): equivalent
    pay_gap_break: float = 0.07  # at or above this and significant: break
    promotion_ratio_watch: float = 1.25  # promotion-rate ratio, either direction
    promotion_ratio_break: float = 1.5
    attrition_ratio_watch: float = 1.25  # exit-rate and Cox hazard ratios
    attrition_ratio_break: float = 1.5
    access_ratio_watch: float = 1.25  # workgroup access and high-visibility shares
    access_ratio_break: float = 1.5
    rating_gap_watch: float = 0.2  # difference of mean rating (points on the 1-5 scale)
    rating_gap_break: float = 0.5
    one_sided: bool = False  # only a disadvantage to the compared track counts
    top_bands: int = 2  # "the top": the highest N bands of the spine
    ladder_top_n: int = 2  # decorative-ladder test: a track's top N bands up to its ceiling
    horizons: tuple[float, ...] = (2.0, 3.0)  # years at which time-in-level curves are read
    attrition_exits: str = "all"  # or "voluntary"
    graph_workgroups: str = "all"  # co-membership graph over "all" or "cross_functional"
    betweenness_pivots: int = 32  # sampled Brandes sources (exact when the graph is smaller)
    seed: int = 0  # pivot sample
    cox: bool = True  # fit the Cox attrition model
    centrality: bool = True  # compute the workgroup graph centralities

    def __post_init__(self) -> None:
        problems = []
        if self.min_cell < 1:
            problems.append("min_cell must be at least 1")
        if not 0 < self.alpha < 1:
            problems.append("alpha must be between 0 and 1")
        if self.window_years is not None and self.window_years <= 0:
            problems.append("window_years must be positive (or null for all history)")
        for name in ("pay_gap", "promotion_ratio", "attrition_ratio", "access_ratio", "rating_gap"):
            watch, brk = getattr(self, f"{name}_watch"), getattr(self, f"{name}_break")
            floor = 1.0 if name.endswith("ratio") else 0.0
            if not floor < watch <= brk:
                problems.append(f"{name}: need {floor:g} < watch <= break (got {watch}, {brk})")
        if self.attrition_exits not in ("all", "voluntary"):
            problems.append("attrition_exits must be 'all' or 'voluntary'")
        if self.graph_workgroups not in ("all", "cross_functional"):
            problems.append("graph_workgroups must be 'all' or 'cross_functional'")
        if self.top_bands < 1 or self.ladder_top_n < 1 or self.betweenness_pivots < 2:
            problems.append("top_bands, ladder_top_n must be >= 1, betweenness_pivots >= 2")
        if problems:
            raise ConfigError("; ".join(problems))

    @property
    def suppressed_text(self) -> str:
        return suppressed(self.min_cell)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_mapping(cls, data: Any, source: str = "config") -> ScorecardConfig:
        """Build from a mapping; unknown keys and bad values raise ConfigError naming them."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ConfigError(f"{source}: expected a mapping of settings")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"{source}: unknown settings {', '.join(unknown)}")
        values = dict(data)
        if "horizons" in values:
            values["horizons"] = tuple(float(h) for h in values["horizons"])
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{source}: {exc}") from None

    @classmethod
    def from_yaml(cls, path: str | Path) -> ScorecardConfig:
        """Load from a YAML file (a mapping of the fields above; a ``scorecard:`` key is ok)."""
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
        if isinstance(data, dict) and set(data) == {"scorecard"}:
            data = data["scorecard"]
        return cls.from_mapping(data, str(path))


def suppressed(min_cell: int) -> str:
    return f"suppressed (n<{min_cell})"


def judge(
    size: float | None,
    significant: bool | None,
    watch: float,
    brk: float,
    *,
    favourable: bool = False,
    one_sided: bool = False,
) -> str | None:
    """The verdict for an effect of ``size`` (|gap|, or |log ratio| with log thresholds).

    ``favourable``: the difference favours the compared track (ignored unless one-sided).
    None when there is nothing to judge.
    """
    if size is None or (isinstance(size, float) and math.isnan(size)):
        return None
    if one_sided and favourable:
        return EQUIVALENT
    if size < watch and not significant:
        return EQUIVALENT
    if size >= brk and significant:
        return BREAK
    return WATCH


def worst(verdicts: list[str | None]) -> str | None:
    """The most severe verdict of a list (None when there is none)."""
    seen = [v for v in verdicts if v]
    return max(seen, key=VERDICTS.index) if seen else None


def suppress(frame: pl.DataFrame, sizes: list[str], values: list[str], min_cell: int):
    """Null ``values`` where any of ``sizes`` is below ``min_cell`` and say so in ``status``."""
    small = pl.any_horizontal([pl.col(c).fill_null(0) < min_cell for c in sizes])
    text = suppressed(min_cell)
    status = (
        pl.when(small).then(pl.lit(text)).otherwise(pl.col("status"))
        if "status" in frame.columns
        else pl.when(small).then(pl.lit(text)).otherwise(pl.lit(""))
    )
    return frame.with_columns(
        *(pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in values),
        status.alias("status"),
    )
