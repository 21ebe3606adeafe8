"""One pay-equity run: gaps, decompositions, outliers and remediation, as a Report."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from multitrack.analytics import charts
from multitrack.analytics.frames import Frames
from multitrack.analytics.payequity.gaps import ALL_GROUPS, FieldModel, adjusted_gaps
from multitrack.analytics.payequity.groups import EquityConfig, Population, population
from multitrack.analytics.payequity.oaxaca import oaxaca_table
from multitrack.analytics.payequity.outliers import outliers
from multitrack.analytics.payequity.remediation import Plan, remediation_plan
from multitrack.analytics.report import Report, Table

__all__ = ["EquityResult", "analyze", "pay_equity_report"]

GAP_FORMATS = {
    "n_level": "int",
    "n_reference": "int",
    "raw_gap": "pct",
    "adjusted_gap": "pct",
    "low": "pct",
    "high": "pct",
    "t": "float",
    "p": "pvalue",
}


OAXACA_SHOWN = [
    "field",
    "group",
    "level",
    "higher",
    "gap",
    "explained",
    "unexplained",
    "unexplained_share",
    "se_unexplained",
    "endowments",
    "coefficients",
    "interaction",
]


@dataclass(frozen=True)
class EquityResult:
    """Everything a run found; :meth:`report` shows it, the workpaper records it."""

    population: Population
    models: list[FieldModel]
    gaps: pl.DataFrame
    oaxaca: pl.DataFrame
    outliers: pl.DataFrame
    plan: Plan

    @property
    def config(self) -> EquityConfig:
        return self.population.config

    def flagged(self) -> pl.DataFrame:
        return self.gaps.filter(pl.col("flagged"))

    def report(self) -> Report:
        return _report(self)


def analyze(frames: Frames, config: EquityConfig | None = None) -> EquityResult:
    """Run every pay-equity step on the frames.

    Raises ValueError when too few people remain to compare anyone (naming why they left).
    """
    pop = population(frames, config)
    if pop.frame.height < 2 * pop.config.min_side:
        why = pop.exclusions.group_by("reason").len().sort("len", descending=True)
        reasons = ", ".join(f"{r} {n}" for r, n in why.iter_rows()) or "no people"
        raise ValueError(
            f"only {pop.frame.height} people can be analysed (at least "
            f"{2 * pop.config.min_side} are needed); left out: {reasons}"
        )
    gaps, models = adjusted_gaps(pop)
    return EquityResult(
        population=pop,
        models=models,
        gaps=gaps,
        oaxaca=oaxaca_table(pop, models, gaps),
        outliers=outliers(pop),
        plan=remediation_plan(pop, models, gaps),
    )


def pay_equity_report(frames: Frames, config: EquityConfig | None = None) -> Report:
    return analyze(frames, config).report()


def _tables(r: EquityResult) -> list[Table]:
    cfg = r.config
    shown = r.oaxaca.select(OAXACA_SHOWN)
    oax = {c: "float3" for c in OAXACA_SHOWN if shown.schema[c] == pl.Float64}
    return [
        Table(
            "gaps",
            "Adjusted pay gaps within each pay analysis group",
            r.gaps.drop("estimate", "se"),
            GAP_FORMATS,
            note=f"gap = exp(b) − 1 of the level against the reference; flagged at |t| ≥ "
            f"{cfg.flag_t:g} ({cfg.cov} errors); fewer than {cfg.min_side} on a side: "
            "suppressed",
        ),
        Table(
            "oaxaca",
            "Oaxaca–Blinder decomposition of raw gaps (log points)",
            shown,
            oax | {"unexplained_share": "pct"},
            note="two-fold pooled (explained + unexplained) and three-fold (endowments + "
            f"coefficients + interaction); bootstrap SEs from {cfg.bootstrap} replicates",
        ),
        Table(
            "outliers",
            "People paid far below their group's model (for HR review)",
            r.outliers,
            {"pay": "money", "expected": "money", "below_expected": "pct", "studentized": "float"},
            note=f"externally studentised residual ≤ {cfg.outlier_z:g}; the model holds no "
            "demographic field",
        ),
        Table(
            "remediation",
            f"Least-cost raises to reach {r.plan.target} (for HR, names individuals)",
            r.plan.raises,
            {"pay": "money", "raise": "money", "new_pay": "money", "raise_pct": "pct"},
            note=f"total cost {r.plan.total:,.0f}",
        ),
        Table(
            "remediation_groups",
            "Remediation by group: cost and the refitted model",
            r.plan.groups,
            {"people_raised": "int", "cost": "money"}
            | dict.fromkeys(("max_abs_t_before", "max_abs_t_after"), "float"),
        ),
    ]


def _charts(r: EquityResult) -> list[dict]:
    shown = r.gaps.filter(pl.col("n_level").is_not_null() & (pl.col("group") != ALL_GROUPS))
    shown = shown.with_columns(
        comparison=pl.concat_str(["field", "level"], separator=": ") + " vs " + pl.col("reference")
    ).select("group", "comparison", "adjusted_gap", "low", "high", "t", "flagged")
    out = [
        charts.bar(
            "pay-equity-gaps",
            "Adjusted pay gap by group",
            shown,
            "group",
            "adjusted_gap",
            color="comparison",
        )
    ]
    parts = r.oaxaca.filter(pl.col("group") != ALL_GROUPS).unpivot(
        index=["group", "field", "level"], on=["explained", "unexplained"], variable_name="part"
    )
    if parts.height:
        parts = parts.with_columns(
            comparison=pl.concat_str(["group", "field", "level"], separator=" · ")
        )
        out.append(
            charts.bar(
                "pay-equity-oaxaca",
                "Raw gap: explained and unexplained (log points)",
                parts.select("comparison", "part", "value"),
                "comparison",
                "value",
                color="part",
                grouped=False,
            )
        )
    return out


def _notes(r: EquityResult) -> list[str]:
    cfg = r.config
    return [
        "Pay is base pay per year, full time, in the organisation's currency "
        f"(people.pay_annual_fte){' plus variable pay' if cfg.pay == 'total' else ''}; "
        "the model's outcome is its natural log, so gaps are relative.",
        "Adjusted gaps compare people in the same group with the same controls "
        f"({', '.join(cfg.numeric_controls + cfg.categorical_controls)}, as far as the group "
        "lets them vary). A flag is a statistical signal to investigate with HR and counsel, "
        "not proof of discrimination; a gap that is not flagged is not proof of its absence.",
        f"{r.population.exclusions.height} people are left out (see the workpaper for who and "
        "why); exited people are never analysed.",
        "The outlier and remediation lists name individuals: they are for HR, to support a "
        "review and a decision, not to make one.",
        *(
            [
                f"Not recorded for anyone, so not controlled for: "
                f"{', '.join(r.population.unused_controls)}."
            ]
            if r.population.unused_controls
            else []
        ),
    ]


def _meta(r: EquityResult, flagged: pl.DataFrame, in_groups: pl.DataFrame) -> dict:
    pop, cfg = r.population, r.config
    return {
        "as_of": pop.as_of,
        "people": pop.frame.height,
        "excluded": pop.exclusions.height,
        "groups": pop.frame["group"].n_unique(),
        "group_by": list(cfg.group_by),
        "fields": pop.fields(),
        "flag_t": cfg.flag_t,
        "cov": cfg.cov,
        "min_side": cfg.min_side,
        "target": r.plan.target,
        "flagged": flagged.height,
        "flagged_in_groups": in_groups.height,
        "remediation_cost": r.plan.total,
        "people_raised": r.plan.raises.height,
    }


def _report(r: EquityResult) -> Report:
    flagged = r.flagged()
    in_groups = flagged.filter(pl.col("group") != ALL_GROUPS)
    warnings = []
    if in_groups.height and not r.plan.groups["met"].all():
        warnings.append("the remediation plan does not meet the target in every group")
    warnings += list(r.plan.notes)
    return Report(
        kind="pay-equity",
        title=f"Pay equity as of {r.population.as_of}: {in_groups.height} flagged "
        "comparison(s) in groups",
        tables=_tables(r),
        charts=_charts(r),
        notes=_notes(r),
        warnings=warnings,
        meta=_meta(r, flagged, in_groups),
    )
