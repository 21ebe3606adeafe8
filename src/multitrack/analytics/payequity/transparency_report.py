"""The pay-transparency figures as a Report: tables with formats, charts, stated notes."""

from __future__ import annotations

import polars as pl

from multitrack.analytics import charts
from multitrack.analytics.frames import Frames
from multitrack.analytics.payequity.groups import as_of_date
from multitrack.analytics.payequity.transparency import (
    TransparencyConfig,
    TransparencyFigures,
    transparency,
)
from multitrack.analytics.report import Report, Table

__all__ = ["transparency_report"]

PCT = dict.fromkeys(("gap", "mean_gap", "median_gap", "variable_mean_gap", "adjusted_gap"), "pct")


def _shares(fig: TransparencyFigures) -> list[str]:
    return [c for c in fig.quartiles.columns if c not in ("quartile", "people")]


def _tables(fig: TransparencyFigures, config: TransparencyConfig) -> list[Table]:
    limit = f"{config.threshold:.0%}"
    return [
        Table(
            "summary",
            f"Gender pay gap ({fig.basis} pay)",
            fig.summary,
            PCT | {"men": "money", "women": "money"},
            note="gap = (men − women) / men",
        ),
        Table(
            "variable_share",
            "Share of each gender receiving variable pay",
            fig.variable_share,
            dict.fromkeys(("men", "women", "difference"), "pct"),
        ),
        Table(
            "quartiles",
            "Women and men in each pay quartile (1 = lowest)",
            fig.quartiles,
            {"people": "float", **dict.fromkeys(_shares(fig), "pct")},
        ),
        Table(
            "categories",
            "Gap by category of workers doing work of equal value (band)",
            fig.categories,
            PCT | {"n_men": "int", "n_women": "int", "t": "float"},
            note=f"flagged for a joint pay assessment: mean gap ≥ {limit} that tenure, rating, "
            f"zone, track and family do not bring below {limit}",
        ),
    ]


def _charts(fig: TransparencyFigures) -> list[dict]:
    quartiles = fig.quartiles.unpivot(
        index=["quartile"], on=_shares(fig), variable_name="gender", value_name="share"
    )
    gaps = fig.categories.filter(pl.col("mean_gap").is_not_null()).unpivot(
        index=["category"], on=["mean_gap", "adjusted_gap"], variable_name="gap", value_name="value"
    )
    return [
        charts.bar(
            "transparency-quartiles",
            "Pay quartiles by gender",
            quartiles,
            "quartile",
            "share",
            color="gender",
            grouped=False,
        ),
        charts.bar(
            "transparency-categories",
            "Gender pay gap by band",
            gaps,
            "category",
            "value",
            color="gap",
        ),
    ]


def _notes(fig: TransparencyFigures) -> list[str]:
    return [
        f"Pay basis: {fig.basis}. Gap = (mean of men − mean of women) / mean of men "
        "(Directive (EU) 2023/970, Art. 3 and 9); positive figures mean women are paid less.",
        "Variable-pay gaps compare recipients only; the share of each gender receiving "
        "variable pay is shown beside them.",
        "Categories of work of equal value are the framework's bands across tracks. A flag "
        "calls for a joint pay assessment with workers' representatives (Art. 10); it is not "
        "a finding of discrimination.",
        *fig.notes,
    ]


def transparency_report(frames: Frames, config: TransparencyConfig | None = None) -> Report:
    """The Article 9 figures as a Report: summary, quartiles, categories, with charts."""
    config = config or TransparencyConfig()
    fig = transparency(frames, config)
    as_of = as_of_date(frames)
    flagged = fig.categories.filter(pl.col("joint_assessment").fill_null(False))
    noun = "category" if flagged.height == 1 else "categories"
    return Report(
        kind="transparency",
        title=f"Pay transparency as of {as_of}: {flagged.height} {noun} for joint assessment",
        tables=_tables(fig, config),
        charts=_charts(fig),
        notes=_notes(fig),
        meta={
            "as_of": as_of,
            "basis": fig.basis,
            "threshold": config.threshold,
            "min_side": config.min_side,
            "headcount": fig.headcount,
            "joint_assessment": flagged["category"].to_list(),
            "controls": list(config.controls_numeric + config.controls_categorical),
        },
    )
