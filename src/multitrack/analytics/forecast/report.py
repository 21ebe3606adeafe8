"""The talent-supply forecast as one :class:`~multitrack.analytics.report.Report`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from multitrack.analytics import charts
from multitrack.analytics.forecast import tables
from multitrack.analytics.forecast.attainability import (
    attain,
    hiring_states,
    maintainability,
    minimum_recruitment,
)
from multitrack.analytics.forecast.backtest import backtest
from multitrack.analytics.forecast.careers import fundamental, reach_table
from multitrack.analytics.forecast.demand import DemandPlan, load_demand, shortfalls
from multitrack.analytics.forecast.errors import ForecastError
from multitrack.analytics.forecast.estimate import Model, Smoothing, fit
from multitrack.analytics.forecast.homogeneity import homogeneity
from multitrack.analytics.forecast.montecarlo import Fill, simulate
from multitrack.analytics.forecast.project import Chain, Policy, Projection, project
from multitrack.analytics.forecast.scenarios import Scenario, apply
from multitrack.analytics.forecast.snapshots import History, history
from multitrack.analytics.frames import Frames
from multitrack.analytics.report import Report, Table

__all__ = ["ASSUMPTIONS", "Options", "forecast"]

ASSUMPTIONS = (
    "Rates are time-homogeneous: the pooled yearly rates of the history hold over the "
    "horizon (see the homogeneity table for how stable they were).",
    "Annual steps between yearly snapshots; moves and exits within a year are seen only "
    "through where people are at the next snapshot.",
    "People move independently of each other (multinomial flows), except where a cap "
    "makes promotions wait for vacancies (Monte Carlo only).",
    "P5/P50/P95 bands come from the exact mean and covariance of the flows with a normal "
    "approximation (so P50 = mean); Monte Carlo percentiles are given beside when run.",
    "A forecast of groups, not of individuals: it supports a human planning decision.",
)


@dataclass(frozen=True)
class Options:
    """Everything a forecast run can be asked for (the CLI's flags)."""

    years: int = 5
    smoothing: Smoothing = field(default_factory=Smoothing)
    interval: str = "wilson"
    policy: Policy = field(default_factory=Policy)
    runs: int = 0
    seed: int | None = 0
    caps: Mapping[str, float] = field(default_factory=dict)
    fill: Fill = "pull"
    demand: DemandPlan | Mapping | str | Path | None = None
    scenarios: Sequence[Scenario] = ()
    backtest: bool = False
    hire_into: str | list[str] = "observed"
    max_years: int | None = None


def forecast(frames: Frames, options: Options | None = None, **kw) -> Report:
    """Estimate, project and compare: the whole talent-supply forecast in one report.

    Raises ForecastError (with a message naming the input) when the history or an option
    cannot be used.
    """
    opt = options or Options(**kw)
    hist = history(frames, max_years=opt.max_years)
    model = fit(hist, opt.smoothing, opt.interval)
    chain = Chain.from_model(model)
    proj = project(chain, opt.policy, opt.years)
    sim = _simulate(chain, opt) if opt.runs else None
    shown, totals = tables.projection_table(proj, sim), tables.totals_table(proj, sim)
    flows, flow_chart = tables.flow_tables(proj, sim)
    out = [*tables.model_tables(model, homogeneity(hist)), shown, totals, *flows]
    chart_list = [tables.headcount_chart(shown), _totals_chart(totals), flow_chart]
    warnings = list(model.warnings)
    try:
        out += [*_careers(model), tables.steady_state(model, chain.hires_per_year)]
    except ForecastError as exc:
        warnings.append(f"career metrics and steady state left out: {exc}")
    if opt.caps:
        warnings.append(
            "caps apply in the Monte Carlo runs only: the expected values and normal bands "
            "ignore them; read the mc_ columns for capped states"
        )
    for wanted, part in ((opt.demand is not None, _demand), (opt.scenarios, _scenarios)):
        if wanted:
            more, charts_more = part(opt, model, chain, proj)
            out += more
            chart_list += charts_more
    if opt.backtest:
        more, charts_more = _backtest(hist, opt)
        out += more
        chart_list += charts_more
    return Report(
        kind="forecast",
        title=f"Talent supply forecast from {model.base.isoformat()}, {opt.years} years",
        tables=out,
        charts=chart_list,
        notes=(
            *ASSUMPTIONS,
            f"Recruitment: {opt.policy.describe()}.",
            f"Smoothing: {opt.smoothing.describe()}.",
        ),
        warnings=warnings,
        meta=_meta(hist, model, opt),
    )


def _simulate(chain: Chain, opt: Options):
    return simulate(chain, opt.policy, opt.years, opt.runs, opt.seed, opt.caps, opt.fill)


def _meta(hist: History, model: Model, opt: Options) -> dict:
    return {
        "base_date": model.base,
        "snapshots": [d.isoformat() for d in hist.dates],
        "years": opt.years,
        "mode": opt.policy.mode,
        "hires_per_year": model.hires_per_year,
        "smoothing": {"prior": opt.smoothing.prior, "strength": opt.smoothing.strength},
        "interval": {"method": opt.interval, "level": model.level},
        "monte_carlo_runs": opt.runs,
        "seed": opt.seed,
        "caps": dict(opt.caps),
    }


def _totals_chart(table: Table) -> dict:
    return charts.line(
        "forecast_totals",
        "Projected headcount per track (P5–P95)",
        table.frame.select("year", "track", "expected", "p5", "p95"),
        "year",
        "expected",
        color="track",
        band=("p5", "p95"),
    )


def _careers(model: Model) -> list[Table]:
    """Chances and times from each entry state, and the years spent in each state (N)."""
    entry = [int(i) for i in np.flatnonzero(model.recruit > 0)] or list(range(len(model.states)))
    frame = pl.DataFrame(reach_table(model.P, model.states, entry))
    N = fundamental(model.P)
    keys = model.states.keys
    stays = pl.DataFrame(
        [
            {"from": keys[i], "state": keys[j], "years": N[i, j]}
            for i in entry
            for j in range(len(keys))
        ]
    ).filter(pl.col("years") > 1e-9)
    return [
        Table(
            "careers",
            "Career chances from each entry state: P(ever reaching band b on track T), years",
            frame,
            {"probability": "pct", "years": "float", "years_of_service": "float"},
            note="Reaching a band means holding a level of that track at that band or above; "
            "years are expected years to get there, given that one does (fundamental matrix).",
        ),
        Table(
            "years_in_state",
            "Expected years an entrant spends in each state (fundamental matrix N = (I − P)⁻¹)",
            stays,
            {"years": "float"},
        ),
    ]


# ------------------------------------------------------------------------- demand plan


def _plan(opt: Options, model: Model) -> DemandPlan:
    if isinstance(opt.demand, DemandPlan):
        return opt.demand
    if isinstance(opt.demand, Mapping):
        return DemandPlan.from_mapping(opt.demand, model.base.year, model.states)
    return load_demand(opt.demand, model.base.year, model.states)  # type: ignore[arg-type]


def _demand(opt: Options, model: Model, chain: Chain, proj: Projection):
    plan = _plan(opt, model)
    st = model.states
    allowed = hiring_states(st, model.recruit, opt.hire_into)
    short = pl.DataFrame(shortfalls(proj, plan, model.P))
    need = minimum_recruitment(model.P, chain.n0, plan, st, allowed)
    final = plan.structure(st)
    reach = attain(model.P, chain.n0, final, allowed, max_years=max(10, plan.horizon))
    out = [
        Table(
            "shortfalls",
            "Demand plan: expected headcount against target, and what closes the gap",
            short,
            {
                "year": "text",
                "target": "int",
                "expected": "float",
                "p5": "float",
                "p95": "float",
                "gap": "float",
                "p_short": "pct",
                "hires_to_close": "float",
                "feeder_rate": "pct",
                "feeder_rate_needed": "pct",
            },
            note="Close a gap by hiring that many into the state that year, or by moving that "
            "many more from the feeder (the state sending it most people), at the rate shown.",
        ),
        _recruitment_table(need, st, model.base.year),
        _attainability_table(reach, final, st),
        _maintain_table(model.P, final, allowed, st),
    ]
    return out, []


def _recruitment_table(need, st, base_year: int) -> Table:
    rows = []
    if need.plan is not None:
        for t, i in zip(*np.nonzero(need.plan > 1e-9), strict=True):
            rows.append({"year": base_year + t + 1, "state": st.keys[i], "hires": need.plan[t, i]})
    binding = "; ".join(
        f"{st.keys[b['state_ix']]} in {base_year + b['year']}"
        + (f" (short by {b['short']:.1f})" if b["short"] else f" (dual {b['dual']:.2f})")
        for b in need.binding
    )
    return Table(
        "recruitment_plan",
        f"Least recruitment meeting the plan: {need.total or 0:,.1f} hires in all",
        pl.DataFrame(rows, schema={"year": pl.Int64, "state": pl.String, "hires": pl.Float64}),
        {"year": "text", "hires": "float"},
        note=f"Linear program on the expected flows; binding targets: {binding or 'none'}. "
        "A dual is the extra hires one more head of target would cost.",
    )


def _attainability_table(reach, final, st) -> Table:
    mask = ~np.isnan(final)
    rows = []
    for j in np.flatnonzero(mask):
        row = {"state": st.keys[j], "target": final[j]}
        if reach.attainable:
            row["reachable"] = final[j]
            row["dual"] = reach.duals[j]
        else:
            row["reachable"] = reach.closest[j]
            row["dual"] = None
        hit = [b for b in reach.binding if b["state_ix"] == j]
        row["binding"] = hit[0]["why"] if hit else ""
        rows.append(row)
    if reach.attainable:
        title = (
            f"The target structure is attainable in {reach.years} year(s) with at least "
            f"{reach.recruits:,.1f} recruits"
        )
    else:
        title = (
            f"The target structure is not attainable within {reach.horizon} years at "
            "today's rates; closest reachable shown"
        )
    return Table(
        "attainability",
        title,
        pl.DataFrame(rows, schema_overrides={"dual": pl.Float64}),
        {"target": "int", "reachable": "float", "dual": "float"},
        note="The target structure is each state's latest target in the plan. Exact "
        "attainment n(h) = target on those states, recruitment >= 0 into the hiring states "
        "only (Bartholomew; Davies 1973, 1975).",
    )


def _maintain_table(P, final, allowed, st) -> Table:
    n = np.nan_to_num(final)
    rows = [
        {
            "state": st.keys[r["state_ix"]],
            "target": r["target"],
            "recruits_to_hold": r["recruits"],
            "ok": r["ok"],
            "why": r["why"],
        }
        for r in maintainability(P, n, allowed)
        if not np.isnan(final[r["state_ix"]])
    ]
    return Table(
        "maintainability",
        "Can recruitment alone hold the target structure? (x = n − nP ≥ 0)",
        pl.DataFrame(rows),
        {"target": "int", "recruits_to_hold": "float"},
        note="States the plan leaves out count as empty.",
    )


# --------------------------------------------------------------------------- scenarios


def _difference(chain: Chain, base: Projection, sc: Scenario, opt: Options) -> list[dict]:
    """Scenario and baseline side by side per year and state (baseline 0 in new states)."""
    alt_chain = apply(chain, sc)
    alt = project(alt_chain, opt.policy, opt.years)
    st = alt_chain.states
    base_mean = chain.states.align(base.mean, st)
    rows = []
    for t in range(1, opt.years + 1):
        for i, key in enumerate(st.keys):
            b, a = base_mean[t, i], alt.mean[t, i]
            if b or a:
                rows.append(
                    {
                        "scenario": sc.name,
                        "year": chain.base_year + t,
                        "state": key,
                        "track": st.tracks[i],
                        "baseline": b,
                        "scenario_value": a,
                        "difference": a - b,
                    }
                )
    return rows


def _scenarios(opt: Options, model: Model, chain: Chain, base: Projection):
    diff = pl.DataFrame([r for sc in opt.scenarios for r in _difference(chain, base, sc, opt)])
    totals = (
        diff.group_by("scenario", "year", "track", maintain_order=True)
        .agg(pl.col("baseline", "scenario_value", "difference").sum())
        .sort("scenario", "year", "track")
    )
    fmt = {"year": "text", "baseline": "float", "scenario_value": "float", "difference": "float"}
    chart = charts.bar(
        "forecast_scenarios",
        f"Scenario minus baseline in {chain.base_year + opt.years}, per state",
        diff.filter(pl.col("year") == chain.base_year + opt.years),
        "state",
        "difference",
        color="scenario",
    )
    return [
        Table(
            "scenarios",
            "Scenarios against the baseline: expected headcount per state and year",
            diff,
            fmt,
        ),
        Table("scenario_totals", "Scenarios against the baseline, per track", totals, fmt),
    ], [chart]


# ---------------------------------------------------------------------------- backtest


def _backtest(hist: History, opt: Options) -> tuple[list[Table], list[dict]]:
    bt = backtest(hist, opt.smoothing, opt.interval)
    frame = pl.DataFrame(bt.rows, schema_overrides={"ape": pl.Float64})
    mape = "n/a" if bt.mape is None else f"{bt.mape:.1%}"
    table = Table(
        "backtest",
        f"Backtest: {bt.year} forecast one year ahead from the years before, against actual",
        frame,
        {
            "actual": "int",
            "predicted": "float",
            "p5": "float",
            "p95": "float",
            "error": "float",
            "abs_error": "float",
            "ape": "pct",
        },
        note=f"Total: {bt.predicted:,.0f} predicted against {bt.actual:,.0f} actual "
        f"({bt.total_ape:.1%} off); MAPE over states with >= {bt.min_people} people: {mape}. "
        "Hires in the held-out year are the actual number.",
    )
    long = frame.unpivot(index="state", on=["actual", "predicted"], variable_name="series")
    chart = charts.bar(
        "forecast_backtest",
        f"Backtest {bt.year}: predicted against actual",
        long,
        "state",
        "value",
        color="series",
    )
    return [table], [chart]
