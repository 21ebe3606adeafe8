"""Who is analysed, in which pay analysis group, and who is left out and why.

Pay is ``people.pay_annual_fte`` (base, organisation currency, per year, full time) and the
model's outcome is its natural log, so coefficients read as relative differences. Exited
people are left out, as are people without pay or without a value for a control; every
exclusion is listed with its reason for the workpaper. A pay analysis group (PAG; OFCCP's
"similarly situated employee group") is by default band × family.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import polars as pl

from multitrack.analytics.frames import DEMOGRAPHIC_PREFIX, Frames

__all__ = ["EquityConfig", "Population", "as_of_date", "population"]

GROUP_SEPARATOR = " / "


@dataclass(frozen=True)
class EquityConfig:
    """Every choice of a pay-equity run; the workpaper records all of it."""

    group_by: tuple[str, ...] = ("band", "family")
    fields: tuple[str, ...] | None = None  # default: track and every demo_* column
    numeric_controls: tuple[str, ...] = ("tenure", "rating")
    categorical_controls: tuple[str, ...] = ("zone", "track", "band", "family")
    reference: Mapping[str, str] = field(default_factory=dict)  # field -> level compared to
    cov: str = "HC1"
    flag_t: float = 2.0  # |t| at or above which a gap is flagged (OFCCP's two SDs)
    target_t: float = 2.0  # remediation: bring |t| below this…
    target_gap: float | None = None  # …or the adjusted gap below this share (0.02 = 2%)
    min_side: int = 5  # fewer people than this on either side: suppressed
    outlier_z: float = -2.0  # studentised residual at or below this: listed for review
    pay: str = "base"  # base | total (base + variable)
    bootstrap: int = 200  # Oaxaca–Blinder bootstrap replicates (0: no standard errors)
    seed: int = 20230510  # the Directive's date: bootstrap draws are reproducible


@dataclass(frozen=True)
class Population:
    """The people analysed (one row each) and those left out."""

    frame: pl.DataFrame  # person_id, name, group, group keys, controls, pay, logpay, demo_*
    exclusions: pl.DataFrame  # person_id, reason
    as_of: dt.date
    config: EquityConfig
    unused_controls: tuple[str, ...] = ()  # recorded for nobody, so left out of the model

    def fields(self) -> list[str]:
        """Compared fields: the configured ones, else track and every demographic column."""
        if self.config.fields is not None:
            return list(self.config.fields)
        demo = [c for c in self.frame.columns if c.startswith(DEMOGRAPHIC_PREFIX)]
        return ["track", *demo]

    def controls(self, tested: str) -> tuple[list[str], list[str]]:
        """Numeric and categorical controls when testing ``tested`` (never a demographic)."""
        skip = {tested, *self.config.group_by}
        numeric = [c for c in self.config.numeric_controls if c not in skip]
        categorical = [
            c
            for c in self.config.categorical_controls
            if c not in skip and not c.startswith(DEMOGRAPHIC_PREFIX)
        ]
        return numeric, categorical


def as_of_date(frames: Frames) -> dt.date:
    """The data date: the frames' stated snapshot, else the latest date they hold."""
    if frames.as_of:
        return dt.date.fromisoformat(str(frames.as_of)[:10])
    dates = [
        frames.people[c].max()
        for c in ("hire_date", "level_since", "exit_date")
        if frames.people.height and frames.people[c].max() is not None
    ]
    if frames.events.height and frames.events["date"].max() is not None:
        dates.append(frames.events["date"].max())
    if not dates:
        raise ValueError("no data date: the frames state none and hold no dates")
    return max(dates)


def _derived(people: pl.DataFrame, as_of: dt.date, pay: str) -> pl.DataFrame:
    base = pl.col("pay_annual_fte")
    total = base + pl.col("variable_annual").fill_null(0.0)
    return people.with_columns(
        tenure=(pl.lit(as_of) - pl.col("hire_date")).dt.total_days() / 365.25,
        years_in_level=(pl.lit(as_of) - pl.coalesce("level_since", "hire_date")).dt.total_days()
        / 365.25,
        pay=total if pay == "total" else base,
    )


def _reasons(config: EquityConfig, as_of: dt.date) -> list[tuple[str, pl.Expr]]:
    """Exclusion rules in the order they are checked; a person gets the first that applies."""
    rules = [
        ("exited", pl.col("exit_date").is_not_null() & (pl.col("exit_date") <= as_of)),
        ("missing pay", pl.col("pay").is_null() | ~(pl.col("pay") > 0)),
    ]
    needed = [*config.group_by, *config.numeric_controls, *config.categorical_controls]
    for col in dict.fromkeys(needed):
        if col.startswith(DEMOGRAPHIC_PREFIX):
            continue
        rules.append((f"missing {col}", pl.col(col).is_null()))
    rules.append(("hired after the data date", pl.col("hire_date") > as_of))
    return rules


def population(frames: Frames, config: EquityConfig | None = None) -> Population:
    """Current employees with pay and every control; exclusions listed with their reason."""
    config = config or EquityConfig()
    if config.pay not in ("base", "total"):
        raise ValueError(f"pay must be 'base' or 'total', not '{config.pay}'")
    as_of = as_of_date(frames)
    people = _derived(frames.people, as_of, config.pay)
    missing = [
        c
        for c in (*config.group_by, *config.numeric_controls, *config.categorical_controls)
        if c not in people.columns
    ]
    if missing:
        raise ValueError(f"people frame has no column(s): {', '.join(missing)}")
    config, unused = _without_unused_controls(config, people, as_of)
    reason = pl.lit(None, dtype=pl.String)
    for text, cond in reversed(_reasons(config, as_of)):
        reason = pl.when(cond).then(pl.lit(text)).otherwise(reason)
    people = people.with_columns(_reason=reason)
    exclusions = people.filter(pl.col("_reason").is_not_null()).select(
        "person_id", reason="_reason"
    )
    kept = people.filter(pl.col("_reason").is_null()).drop("_reason")
    kept = kept.with_columns(
        group=pl.concat_str(
            [pl.col(c).cast(pl.String) for c in config.group_by], separator=GROUP_SEPARATOR
        ),
        logpay=pl.col("pay").log(),
    )
    return Population(kept, exclusions, as_of, config, unused)


def _without_unused_controls(
    config: EquityConfig, people: pl.DataFrame, as_of: dt.date
) -> tuple[EquityConfig, tuple[str, ...]]:
    """Drop controls nobody employed has (a framework without zones has no zone to control
    for); otherwise their missing values would exclude everyone."""
    current = people.filter(pl.col("exit_date").is_null() | (pl.col("exit_date") > as_of))
    unused = tuple(
        c
        for c in (*config.numeric_controls, *config.categorical_controls)
        if c not in config.group_by and current[c].null_count() == current.height
    )
    if not unused or not current.height:
        return config, ()
    return (
        replace(
            config,
            numeric_controls=tuple(c for c in config.numeric_controls if c not in unused),
            categorical_controls=tuple(c for c in config.categorical_controls if c not in unused),
        ),
        unused,
    )
