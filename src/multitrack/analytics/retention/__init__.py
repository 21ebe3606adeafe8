"""Retention: attrition by manager effectiveness, stagnation and track; flight risk.

``retention(frames)`` builds person-years at each year-end snapshot (:mod:`.panel`) and
reports twelve-month voluntary exit rates by the stated proxies of manager effectiveness
(upward-assessment score, assessed people leadership, the team's regretted exits the year
before), by stagnation (years since promotion, years at a ceiling, position in the pay
range) and by track — the pattern to test is the published 21% flight risk under effective
managers against 50% under ineffective ones. Then a flight-risk model (:mod:`.model`) with a
time-based holdout: AUC, calibration, coefficients, a bias check across demographic groups
(which are never inputs), and — unless the organisation turned individual scores off — who
is at risk now, each with the reasons behind their score. Every output supports a human
conversation; none decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from threadpoolctl import threadpool_limits

from multitrack.analytics import charts
from multitrack.analytics.careers.profiles import as_of_date
from multitrack.analytics.frames import Frames
from multitrack.analytics.history import year_ends
from multitrack.analytics.report import Report, Table
from multitrack.analytics.retention.breakdown import (
    by_manager,
    by_stagnation,
    by_track,
)
from multitrack.analytics.retention.fairness import bias_check
from multitrack.analytics.retention.model import FlightRiskModel, auc, calibration
from multitrack.analytics.retention.panel import FEATURES, panel
from multitrack.analytics.retention.reasons import reasons

__all__ = ["RetentionConfig", "retention"]

HUMAN = (
    "Flight-risk scores support a conversation and a human decision; they decide nothing. "
    "Demographic fields are never inputs; they are used only to check the scores for bias."
)


@dataclass(frozen=True)
class RetentionConfig:
    """Stated settings of the retention report."""

    years: int = 5  # year-end snapshots to learn from
    individual_scores: bool = True  # the organisation may keep only aggregates
    at_risk: int = 25  # how many people the at-risk list shows
    min_size: int = 5  # groups smaller than this are suppressed
    ridge: float = 1.0


def _model_tables(p: pl.DataFrame, cfg: RetentionConfig) -> tuple[list[Table], list, dict, list]:
    observed = p.filter(pl.col("observed"))
    dates = sorted(observed["snapshot"].unique().to_list())
    meta: dict = {}
    warnings: list[str] = []
    if len(dates) < 2 or observed["left"].sum() < 10:
        warnings.append(
            "too little history for a flight-risk model (needs two observed years "
            "and at least ten voluntary exits)"
        )
        return [], [], meta, warnings
    train = observed.filter(pl.col("snapshot") < dates[-1])
    test = observed.filter(pl.col("snapshot") == dates[-1])
    model = FlightRiskModel.fit(train, ridge=cfg.ridge)
    p_test = model.predict(test)
    y = test["left"].to_numpy()
    slope, intercept, deciles = calibration(y, p_test)
    top = p_test >= np.quantile(p_test, 0.9)
    metrics = pl.DataFrame(
        {
            "metric": [
                "AUC (holdout)",
                "calibration slope",
                "calibration intercept",
                "Brier score",
                "base rate (holdout)",
                "exit rate in the top decile",
                "train person-years",
                "holdout person-years",
            ],
            "value": [
                auc(y, p_test),
                slope,
                intercept,
                float(np.mean((p_test - y) ** 2)),
                float(y.mean()),
                float(y[top].mean()) if top.any() else None,
                float(train.height),
                float(test.height),
            ],
        }
    )
    meta.update({"train_until": dates[-2], "holdout_snapshot": dates[-1]})
    tables = [
        Table(
            "model",
            "Flight-risk model on a time-based holdout",
            metrics,
            {"value": "float3"},
            note=f"Trained on snapshots up to {dates[-2]}, tested on {dates[-1]} "
            "(exits in the following twelve months).",
        ),
        Table(
            "calibration",
            "Calibration by decile of predicted risk (holdout)",
            deciles,
            {"people": "int", "predicted": "pct", "observed": "pct"},
        ),
        Table(
            "coefficients",
            "What drives the score",
            model.coefficients(),
            {"log_odds_per_sd": "float3", "odds_ratio_per_sd": "ratio"},
        ),
        Table(
            "bias_check",
            "Bias check across demographic groups (holdout)",
            bias_check(test, p_test, cfg.min_size),
            {
                "n": "int",
                "mean_score": "pct",
                "observed_rate": "pct",
                "flagged_share": "pct",
                "false_positive_rate": "pct",
                "false_negative_rate": "pct",
                "flag_ratio": "ratio",
            },
            note="Demographic fields are read here only, to compare scores and errors.",
        ),
    ]
    chart = [
        charts.line(
            "calibration", "Predicted against observed exit rate", deciles, "predicted", "observed"
        )
    ]
    return tables, chart, meta, warnings


def _at_risk(p: pl.DataFrame, cfg: RetentionConfig) -> tuple[list[Table], list[str]]:
    observed = p.filter(pl.col("observed"))
    now = p.filter(~pl.col("observed"))
    if not now.height or observed["left"].sum() < 10:
        return [], []
    model = FlightRiskModel.fit(observed, ridge=cfg.ridge)
    score = model.predict(now)
    scored = now.with_columns(pl.Series("risk", score))
    agg = (
        scored.group_by("track", "band")
        .agg(pl.len().alias("people"), pl.col("risk").mean().alias("mean_risk"))
        .with_columns(
            pl.when(pl.col("people") < cfg.min_size)
            .then(None)
            .otherwise(pl.col("mean_risk"))
            .alias("mean_risk")
        )
        .sort("track", "band")
    )
    tables = [
        Table(
            "risk_by_group",
            "Expected twelve-month exit risk now, by track and band",
            agg,
            {"people": "int", "mean_risk": "pct"},
        )
    ]
    if not cfg.individual_scores:
        return tables, ["Individual scores are turned off: only aggregates are shown."]
    order = np.argsort(-score, kind="stable")[: cfg.at_risk]
    top = scored[order.tolist()]
    words = reasons(model, top)
    listing = top.select("person_id", "name", "track", "band", "risk").with_columns(
        pl.Series("reasons", words)
    )
    tables.append(
        Table(
            "at_risk",
            f"Highest flight risk now (top {cfg.at_risk})",
            listing,
            {"risk": "pct"},
            note=HUMAN,
        )
    )
    return tables, []


def retention(frames: Frames, config: RetentionConfig | None = None) -> Report:
    """The retention report: breakdowns, the flight-risk model and who is at risk now."""
    # one BLAS thread: the Hessians are tall and thin (a few tens of columns), where
    # OpenBLAS's spinning threads cost several times the CPU on a shared machine
    with threadpool_limits(limits=1, user_api="blas"):
        return _retention(frames, config)


def _retention(frames: Frames, config: RetentionConfig | None) -> Report:
    cfg = config or RetentionConfig()
    as_of = as_of_date(frames)
    snapshots = year_ends(frames, as_of, cfg.years)
    p = panel(frames, snapshots)
    observed = p.filter(pl.col("observed"))
    mgr = by_manager(observed, cfg.min_size)
    stag = by_stagnation(observed, cfg.min_size)
    track = by_track(observed, cfg.min_size)
    tables = [
        Table(
            "by_manager",
            "Twelve-month voluntary exit rate by manager effectiveness",
            mgr,
            {"person_years": "int", "exits": "int", "rate": "pct", "low": "pct", "high": "pct"},
            note="Published benchmark: about 21% under effective managers against about 50% "
            "under ineffective ones. Managers split at the median of each proxy; "
            "CIs are Wilson 95%.",
        ),
        Table(
            "by_stagnation",
            "Twelve-month voluntary exit rate by stagnation",
            stag,
            {"person_years": "int", "exits": "int", "rate": "pct", "low": "pct", "high": "pct"},
        ),
        Table(
            "by_track",
            "Twelve-month voluntary exit rate by track",
            track,
            {"person_years": "int", "exits": "int", "rate": "pct", "low": "pct", "high": "pct"},
        ),
    ]
    model_tables, model_charts, meta, warnings = _model_tables(p, cfg)
    risk_tables, risk_notes = _at_risk(p, cfg)
    report_charts = [
        charts.bar(
            "exit_by_manager",
            "Exit rate by manager effectiveness",
            mgr.filter(pl.col("rate").is_not_null()),
            "group",
            "rate",
            color="proxy",
        ),
        charts.bar(
            "exit_by_track",
            "Exit rate by track",
            track.filter(pl.col("rate").is_not_null()),
            "track",
            "rate",
        ),
        *model_charts,
    ]
    return Report(
        kind="retention",
        title=f"Retention on {as_of.isoformat()}",
        tables=[*tables, *model_tables, *risk_tables],
        charts=report_charts,
        warnings=warnings,
        notes=[HUMAN, *risk_notes, "Features: " + ", ".join(FEATURES.values()) + ", track."],
        meta={
            "as_of": as_of,
            "snapshots": snapshots,
            "individual_scores": cfg.individual_scores,
            "min_size": cfg.min_size,
            **meta,
        },
    )
