"""A demand plan (target headcount per state and year) and the shortfalls against it.

A plan comes from a dict, a YAML file or a CSV file:

    # YAML: years (calendar years, or 1, 2, … after the base date) -> level -> target
    targets:
      2027: {specialist/B5: 40, management/B5: 22}
      2029: {specialist/B6: 12}

    # CSV: one row per target
    year,level,target          (or: year,track,band,target)
    2027,specialist/B5,40

For each target the shortfall is ``target − E[n_j(t)]`` with the chance of falling short
under the normal approximation, and two ways to close it: that many extra hires into the
state in that year, or that many extra moves from its main feeder (the state sending it
the most people), with the feeder's rate that would take.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import norm

from multitrack.analytics.forecast.errors import DemandError
from multitrack.analytics.forecast.project import Projection, band
from multitrack.analytics.forecast.states import StateSpace
from multitrack.core.errors import FrameworkError
from multitrack.core.io import parse

__all__ = ["DemandError", "DemandPlan", "load_demand", "shortfalls"]


@dataclass(frozen=True)
class DemandPlan:
    """Targets by year offset (1 = one year after the base date) and state key."""

    targets: Mapping[int, Mapping[str, float]]

    @property
    def horizon(self) -> int:
        return max(self.targets, default=0)

    def matrix(self, states: StateSpace) -> np.ndarray:
        """(H+1, k) targets, nan where the plan says nothing."""
        out = np.full((self.horizon + 1, len(states)), np.nan)
        for year, row in self.targets.items():
            for key, value in row.items():
                out[year, states.index[key]] = value
        return out

    def structure(self, states: StateSpace) -> np.ndarray:
        """(k,) the latest target of each state (nan where the plan never names it)."""
        out = np.full(len(states), np.nan)
        for year in sorted(self.targets):
            for key, value in self.targets[year].items():
                out[states.index[key]] = value
        return out

    @classmethod
    def from_mapping(
        cls, data: Mapping, base_year: int, states: StateSpace, where: str = "<plan>"
    ) -> DemandPlan:
        """``{year: {level: target}}``; raises DemandError naming the bad entry."""
        out: dict[int, dict[str, float]] = {}
        for year, row in data.items():
            offset = _offset(year, base_year, f"{where}: year {year!r}")
            if not isinstance(row, Mapping):
                raise DemandError(f"{where}: year {year}: expected a mapping of level: target")
            for key, value in row.items():
                at = f"{where}: {year}.{key}"
                out.setdefault(offset, {})[_level(key, states, at)] = _target(value, at)
        if not out:
            raise DemandError(f"{where}: the plan has no targets")
        return cls(out)


def _offset(year: object, base_year: int, at: str) -> int:
    try:
        y = int(str(year))
    except ValueError:
        raise DemandError(f"{at}: the year must be a whole number") from None
    offset = y - base_year if y > 1000 else y
    if offset < 1:
        raise DemandError(f"{at}: targets must lie after the base year {base_year}")
    return offset


def _level(key: object, states: StateSpace, at: str) -> str:
    if key not in states.index:
        raise DemandError(f"{at}: unknown level; expected one of {', '.join(states.keys)}")
    return str(key)


def _target(value: object, at: str) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DemandError(f"{at}: the target must be a number, got {value!r}") from None
    if not math.isfinite(v) or v < 0:
        raise DemandError(f"{at}: the target must be a number >= 0, got {value!r}")
    return v


def load_demand(path: str | Path, base_year: int, states: StateSpace) -> DemandPlan:
    """Read a plan from ``.yaml``/``.yml``/``.json`` or ``.csv``; raises DemandError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DemandError(f"{path}: cannot read: {exc}") from None
    if path.suffix.lower() == ".csv":
        return _from_csv(text, str(path), base_year, states)
    try:
        data = parse(text, str(path)).data
    except FrameworkError as exc:
        raise DemandError(str(exc)) from None
    data = data.get("targets", data) if isinstance(data, dict) else data
    if not isinstance(data, dict):
        raise DemandError(f"{path}: expected 'targets:' mapping years to level: target")
    return DemandPlan.from_mapping(data, base_year, states, str(path))


def _from_csv(text: str, name: str, base_year: int, states: StateSpace) -> DemandPlan:
    reader = csv.DictReader(text.splitlines())
    cols = set(reader.fieldnames or ())
    if not {"year", "target"} <= cols or not ({"level"} <= cols or {"track", "band"} <= cols):
        raise DemandError(f"{name}: need columns year, level (or track and band) and target")
    out: dict[int, dict[str, float]] = {}
    for row_no, row in enumerate(reader, start=2):
        at = f"{name}: row {row_no}"
        level = row.get("level") or f"{row.get('track')}/{row.get('band')}"
        offset = _offset(row["year"], base_year, f"{at}, column year")
        key = _level(level, states, f"{at}, column level")
        out.setdefault(offset, {})[key] = _target(row["target"], f"{at}, column target")
    if not out:
        raise DemandError(f"{name}: the plan has no targets")
    return DemandPlan(out)


def shortfalls(proj: Projection, plan: DemandPlan, P: np.ndarray) -> list[dict]:
    """One row per target inside the horizon: the gap and the hires or moves that close it."""
    states = proj.states
    rows = []
    sd = proj.sd
    for year in sorted(plan.targets):
        if year > proj.years:
            continue
        for key, target in plan.targets[year].items():
            j = states.index[key]
            mean, s = proj.mean[year, j], sd[year, j]
            gap = target - mean
            row = {
                "year": proj.base_year + year,
                "state": key,
                "target": target,
                "expected": mean,
                **dict(zip(("p5", "p95"), band(mean, s), strict=True)),
                "gap": gap,
                "p_short": float(norm.cdf((target - mean) / s)) if s > 0 else float(gap > 0),
                "hires_to_close": max(0.0, gap),
                **_feeder(proj, P, year, j, gap),
            }
            rows.append(row)
    return rows


def _feeder(proj: Projection, P: np.ndarray, year: int, j: int, gap: float) -> dict:
    """The main source of entrants into j during ``year``, and the rate that would close it."""
    before = proj.mean[year - 1]
    inflow = before * P[:, j]
    inflow[j] = 0.0
    none = {"feeder": None, "feeder_rate": None, "feeder_rate_needed": None}
    if inflow.max() <= 0:
        return none
    i = int(np.argmax(inflow))
    rate = P[i, j]
    needed = rate + max(0.0, gap) / before[i] if before[i] > 0 else float("nan")
    return {
        "feeder": proj.states.keys[i],
        "feeder_rate": float(rate),
        "feeder_rate_needed": float(needed) if needed <= P[i, i] + rate else None,
    }
