"""The pay-transparency figures of Directive (EU) 2023/970, Article 9, and the 5% test.

Definitions (stated in every report):

- pay gap = (mean pay of men − mean pay of women) / mean pay of men (Art. 3(1)(c)); the
  median gap likewise with medians. Positive: women are paid less.
- pay is hourly where everyone's weekly hours are known (annual pay × FTE / (52 × weekly
  hours)), otherwise annual full-time-equivalent base pay for everyone; one basis, never
  mixed;
- variable pay gaps compare the variable pay of those who receive any (as the UK's bonus
  gap does); the share of each gender receiving variable pay is given beside it;
- pay quartiles split everyone, ordered by pay, into four equal bands; people with equal pay
  straddling a boundary are shared across it in proportion, so the genders spread evenly
  (as the UK guidance asks);
- categories of workers doing work of equal value are the framework's bands across tracks.
  A category whose mean gap is 5% or more and whose adjusted gap — after tenure, rating,
  zone, track and family, the objective gender-neutral factors — is still 5% or more is
  flagged for a joint pay assessment (Art. 10).

Only current employees count; exited people are left out. Categories with fewer than
``min_side`` men or women are suppressed so nobody can be singled out.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import polars as pl

from multitrack.analytics.frames import Frames
from multitrack.analytics.payequity.groups import as_of_date
from multitrack.analytics.regression import Design, RegressionWarning, fit_groups

__all__ = [
    "TransparencyConfig",
    "TransparencyFigures",
    "category_gaps",
    "gap",
    "quartile_shares",
    "transparency",
]

MEN_LABELS = frozenset({"m", "male", "man", "men"})
WOMEN_LABELS = frozenset({"f", "female", "woman", "women", "w"})
WEEKS = 52


@dataclass(frozen=True)
class TransparencyConfig:
    gender: str = "demo_gender"
    men: str | None = None  # label of men in the gender column (default: detected)
    women: str | None = None
    threshold: float = 0.05  # Art. 10: joint pay assessment at a 5% gap
    min_side: int = 5
    controls_numeric: tuple[str, ...] = ("tenure", "rating")
    controls_categorical: tuple[str, ...] = ("zone", "track", "family")


@dataclass(frozen=True)
class TransparencyFigures:
    summary: pl.DataFrame
    variable_share: pl.DataFrame
    quartiles: pl.DataFrame
    categories: pl.DataFrame
    basis: str  # "hourly" | "annual full-time equivalent"
    headcount: dict[str, int]
    notes: tuple[str, ...]


def gap(men: np.ndarray, women: np.ndarray, how: str = "mean") -> float:
    """(men − women) / men of the mean or median; NaN when a side is empty."""
    if not len(men) or not len(women):
        return math.nan
    stat = np.mean if how == "mean" else np.median
    m = float(stat(men))
    return (m - float(stat(women))) / m if m else math.nan


def quartile_shares(pay: np.ndarray, labels: np.ndarray) -> pl.DataFrame:
    """Share of each label in each pay quartile (1 = lowest), ties shared across bounds."""
    n = len(pay)
    kinds = sorted(set(labels.tolist()))
    order = np.argsort(pay, kind="stable")
    pay, labels = pay[order], labels[order]
    starts = np.flatnonzero(np.r_[True, pay[1:] != pay[:-1]])
    ends = np.r_[starts[1:], n]
    bounds = np.arange(5) * n / 4
    mass = np.zeros((4, len(kinds)))
    for s, e in zip(starts, ends, strict=True):
        block = labels[s:e]
        share = np.array([(block == k).sum() for k in kinds]) / (e - s)
        for q in range(4):
            overlap = max(0.0, min(e, bounds[q + 1]) - max(s, bounds[q]))
            mass[q] += overlap * share
    sizes = mass.sum(axis=1)
    cols = {"quartile": [1, 2, 3, 4], "people": sizes}
    for j, k in enumerate(kinds):
        cols[k] = mass[:, j] / np.where(sizes > 0, sizes, 1)
    return pl.DataFrame(cols)


def _labels(values: list[str], config: TransparencyConfig) -> tuple[str, str]:
    men = config.men or next((v for v in values if v.lower() in MEN_LABELS), None)
    women = config.women or next((v for v in values if v.lower() in WOMEN_LABELS), None)
    if men is None or women is None:
        raise ValueError(
            f"cannot tell men from women in {config.gender} (values: {', '.join(values)}); "
            "give the labels (men=…, women=…)"
        )
    return men, women


def _hours(frames: Frames, as_of) -> pl.DataFrame:
    pay = frames.pay.filter(pl.col("effective_date") <= as_of)
    return pay.sort("effective_date").group_by("person_id").agg(pl.col("hours_per_week").last())


def _basis(current: pl.DataFrame, notes: list[str]) -> tuple[str, pl.Expr]:
    """Hourly pay when everyone's weekly hours are known, else annual FTE pay for all."""
    known = current["hours_per_week"].drop_nulls().gt(0).sum()
    if current.height and known == current.height:
        hourly = pl.col("pay_annual_fte") * pl.col("fte").fill_null(1.0)
        return "hourly", hourly / (WEEKS * pl.col("hours_per_week"))
    notes.append(
        f"weekly hours are known for {known} of {current.height} people, so annual "
        "full-time-equivalent base pay is used for everyone (equal to hourly pay when "
        "full-time hours are the same for all)"
    )
    return "annual full-time equivalent", pl.col("pay_annual_fte")


def _current(frames: Frames, config: TransparencyConfig) -> tuple[pl.DataFrame, str, list[str]]:
    as_of = as_of_date(frames)
    people = frames.people
    if config.gender not in people.columns:
        raise ValueError(f"people frame has no '{config.gender}' column")
    notes = []
    current = people.filter(
        (pl.col("exit_date").is_null() | (pl.col("exit_date") > as_of))
        & (pl.col("hire_date").is_null() | (pl.col("hire_date") <= as_of))
    )
    exited = people.height - current.height
    if exited:
        notes.append(f"{exited} people who had left (or not yet started) by {as_of} are left out")
    no_pay = current.filter(~(pl.col("pay_annual_fte") > 0).fill_null(False)).height
    current = current.filter(pl.col("pay_annual_fte") > 0)
    if no_pay:
        notes.append(f"{no_pay} current employees without base pay are left out")
    current = current.join(_hours(frames, as_of), on="person_id", how="left")
    basis, pay = _basis(current, notes)
    tenure = (pl.lit(as_of) - pl.col("hire_date")).dt.total_days() / 365.25
    current = current.with_columns(pay=pay, tenure=tenure, variable=pl.col("variable_annual"))
    return current, basis, notes


def _summary(frame: pl.DataFrame, men: str, women: str, gender: str):
    """Mean/median gaps of pay and of variable pay, and who receives variable pay."""
    m = frame.filter(pl.col(gender) == men)
    w = frame.filter(pl.col(gender) == women)
    mp, wp = m["pay"].to_numpy(), w["pay"].to_numpy()
    mv = m.filter(pl.col("variable") > 0)["variable"].to_numpy()
    wv = w.filter(pl.col("variable") > 0)["variable"].to_numpy()
    rows = [
        ("pay gap (mean)", gap(mp, wp), _mean(mp), _mean(wp)),
        ("pay gap (median)", gap(mp, wp, "median"), _median(mp), _median(wp)),
        ("variable pay gap (mean, recipients)", gap(mv, wv), _mean(mv), _mean(wv)),
        ("variable pay gap (median, recipients)", gap(mv, wv, "median"), _median(mv), _median(wv)),
    ]
    summary = pl.DataFrame(rows, schema=["measure", "gap", "men", "women"], orient="row")
    share_m = len(mv) / m.height if m.height else math.nan
    share_w = len(wv) / w.height if w.height else math.nan
    shares = pl.DataFrame(
        {
            "measure": ["share receiving variable pay"],
            "men": [share_m],
            "women": [share_w],
            "difference": [share_m - share_w],
        }
    )
    return summary, shares


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x)) if len(x) else math.nan


def _median(x: np.ndarray) -> float:
    return float(np.median(x)) if len(x) else math.nan


def category_gaps(
    frame: pl.DataFrame, men: str, women: str, config: TransparencyConfig
) -> pl.DataFrame:
    """Per category: raw mean/median gaps, adjusted gap, flag for joint assessment."""
    two = frame.filter(pl.col(config.gender).is_in([men, women]))
    adjusted = _adjusted(two, women, config)
    rows = []
    for cat in sorted(two["category"].unique().to_list(), key=_band_key(two)):
        part = two.filter(pl.col("category") == cat)
        m = part.filter(pl.col(config.gender) == men)
        w = part.filter(pl.col(config.gender) == women)
        row = {"category": cat, "n_men": m.height, "n_women": w.height}
        if min(m.height, w.height) < config.min_side:
            rows.append(row | {"note": f"suppressed: fewer than {config.min_side} on a side"})
            continue
        mp, wp = m["pay"].to_numpy(), w["pay"].to_numpy()
        mv = m.filter(pl.col("variable") > 0)["variable"].to_numpy()
        wv = w.filter(pl.col("variable") > 0)["variable"].to_numpy()
        adj, t = adjusted.get(cat, (math.nan, math.nan))
        raw = gap(mp, wp)
        flag = abs(raw) >= config.threshold and not (abs(adj) < config.threshold)
        rows.append(
            row
            | {
                "mean_gap": raw,
                "median_gap": gap(mp, wp, "median"),
                "variable_mean_gap": gap(mv, wv),
                "adjusted_gap": adj,
                "t": t,
                "joint_assessment": bool(flag),
                "note": "" if math.isfinite(adj) else "adjusted gap not estimable",
            }
        )
    schema = {
        "category": pl.String,
        "n_men": pl.Int64,
        "n_women": pl.Int64,
        "mean_gap": pl.Float64,
        "median_gap": pl.Float64,
        "variable_mean_gap": pl.Float64,
        "adjusted_gap": pl.Float64,
        "t": pl.Float64,
        "joint_assessment": pl.Boolean,
        "note": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


def _band_key(frame: pl.DataFrame):
    order = dict(zip(frame["category"].to_list(), frame["band_rank"].to_list(), strict=True))
    return lambda cat: (order.get(cat, 10**6), cat)


def _adjusted(frame: pl.DataFrame, women: str, config: TransparencyConfig) -> dict:
    """1 − exp(b_women) per category, from log pay on the stated gender-neutral factors."""
    numeric = [c for c in config.controls_numeric if c in frame.columns]
    categorical = [c for c in config.controls_categorical if c in frame.columns]
    data = frame.drop_nulls([*numeric, *categorical]).with_columns(
        women=(pl.col(config.gender) == women).cast(pl.Float64), logpay=pl.col("pay").log()
    )
    if not data.height:
        return {}
    design = Design.from_frame(data, numeric=["women", *numeric], categorical=categorical)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegressionWarning)
        fits = fit_groups(data["logpay"], design, data["category"], cov="HC1")
    out = {}
    for cat, res in fits.items():
        c = res.coef("women")
        out[cat] = (-math.expm1(c["estimate"]), -c["t"])  # positive: women paid less
    return out


def transparency(frames: Frames, config: TransparencyConfig | None = None) -> TransparencyFigures:
    """Every Article 9 figure for the current workforce."""
    config = config or TransparencyConfig()
    frame, basis, notes = _current(frames, config)
    values = sorted(frame[config.gender].drop_nulls().unique().to_list())
    men, women = _labels(values, config)
    fw = frames.framework
    frame = frame.with_columns(
        category=pl.col("band").replace_strict(dict(fw.band_of), default=pl.col("band")),
        band_rank=pl.col("band").replace_strict(
            dict(fw.band_rank), default=None, return_dtype=pl.Int64
        ),
    )
    counts = dict(frame.group_by(pl.col(config.gender).fill_null("not stated")).len().iter_rows())
    others = {k: v for k, v in counts.items() if k not in (men, women)}
    if others:
        notes.append(
            "gaps compare men and women as the Directive defines them; "
            + ", ".join(f"{v} people recorded as '{k}'" for k, v in others.items())
            + " are counted in the quartiles only"
        )
    gender = frame[config.gender].fill_null("not stated").to_numpy().astype(str)
    quartiles = quartile_shares(frame["pay"].to_numpy(), gender)
    quartiles = quartiles.rename({men: "men", women: "women"}, strict=False)
    summary, shares = _summary(frame, men, women, config.gender)
    return TransparencyFigures(
        summary=summary,
        variable_share=shares,
        quartiles=quartiles,
        categories=category_gaps(frame, men, women, config),
        basis=basis,
        headcount={str(k): int(v) for k, v in counts.items()},
        notes=tuple(notes),
    )
