"""Report tables and charts of the model and its projections (frames in, Tables out)."""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.analytics import charts
from multitrack.analytics.forecast.careers import fundamental
from multitrack.analytics.forecast.estimate import Model, support
from multitrack.analytics.forecast.homogeneity import Homogeneity
from multitrack.analytics.forecast.montecarlo import Simulation
from multitrack.analytics.forecast.project import Projection, band
from multitrack.analytics.forecast.states import LEFT
from multitrack.analytics.report import Table

__all__ = [
    "flow_tables",
    "headcount_chart",
    "model_tables",
    "projection_table",
    "steady_state",
    "totals_table",
]


def model_tables(model: Model, homog: Homogeneity) -> list[Table]:
    """States, estimated rates with intervals, and the time-homogeneity test."""
    return [_states_table(model), _rates_table(model), _homogeneity_table(model, homog)]


def _states_table(model: Model) -> Table:
    st = model.states
    frame = pl.DataFrame(
        {
            "state": list(st.keys),
            "track": list(st.tracks),
            "band": list(st.bands),
            "people": model.stock,
            "person_years": model.exposure,
            "stay": np.diagonal(model.P),
            "exit": model.w,
            "recruit_share": model.recruit,
        }
    )
    fmt = {"people": "int", "person_years": "int", "stay": "pct", "exit": "pct"}
    return Table(
        "states",
        "States: people now, person-years observed, yearly stay, exit and hire shares",
        frame,
        {**fmt, "recruit_share": "pct"},
    )


def _rates_table(model: Model) -> Table:
    st = model.states
    rows = []
    for i, j in zip(*np.nonzero(support(st, model.counts)), strict=True):
        rows.append(
            {
                "from": st.keys[i],
                "to": st.keys[j] if j < len(st) else LEFT,
                "kind": st.kind(i, j) if j < len(st) else "exit",
                "at_risk": model.exposure[i],
                "moves": model.counts[i, j],
                "rate": model.mle[i, j],
                "low": model.low[i, j],
                "high": model.high[i, j],
                "used": model.probs[i, j],
            }
        )
    iv = "Wilson score" if model.interval == "wilson" else "Goodman simultaneous"
    pct = dict.fromkeys(("rate", "low", "high", "used"), "pct")
    return Table(
        "rates",
        "Yearly transition rates (maximum likelihood) with intervals, and the rate used",
        pl.DataFrame(rows),
        {"at_risk": "int", "moves": "int", **pct},
        note=f"{model.level:.0%} {iv} intervals on the maximum-likelihood rates; 'used' is "
        f"after smoothing ({model.smoothing.describe()}).",
    )


def _homogeneity_table(model: Model, homog: Homogeneity) -> Table:
    overall = {
        "state": "all",
        "years": None,
        "people": int(model.exposure.sum()),
        "g2": homog.g2,
        "x2": homog.x2,
        "df": homog.df,
        "p_value": homog.p_value,
        "min_expected": None,
    }
    frame = pl.DataFrame(
        [*homog.rows, overall], schema_overrides={"years": pl.Int64, "min_expected": pl.Float64}
    )
    return Table(
        "homogeneity",
        "Were the rates stable across years? (Anderson–Goodman likelihood-ratio test)",
        frame,
        {"g2": "float", "x2": "float", "p_value": "pvalue", "min_expected": "float"},
        note="A small p-value says a state's rates changed between years; with small "
        "expected counts (min_expected < 5) the chi-square approximation is rough.",
    )


def projection_table(
    proj: Projection, sim: Simulation | None = None, key: str = "projection"
) -> Table:
    """Expected headcount per year and state with P5/P50/P95 (normal; Monte Carlo beside)."""
    st = proj.states
    H, k = proj.mean.shape
    year = np.repeat(proj.base_year + np.arange(H), k)
    data = {
        "year": year,
        "state": list(st.keys) * H,
        "track": list(st.tracks) * H,
        "band": list(st.bands) * H,
        "expected": proj.mean.ravel(),
        "sd": proj.sd.ravel(),
        "p5": proj.quantile(0.05).ravel(),
        "p50": proj.quantile(0.5).ravel(),
        "p95": proj.quantile(0.95).ravel(),
    }
    fmt = dict.fromkeys(("expected", "sd", "p5", "p50", "p95"), "float")
    if sim is not None:
        for q, name in ((0.05, "mc_p5"), (0.5, "mc_p50"), (0.95, "mc_p95")):
            data[name] = sim.quantile(q).ravel()
            fmt[name] = "int"
        data["mc_mean"] = sim.counts.mean(axis=0).ravel()
        fmt["mc_mean"] = "float"
    return Table(
        key,
        "Projected headcount per state (P5–P95: normal approximation; mc_: Monte Carlo)",
        pl.DataFrame(data),
        {"year": "text", **fmt},
    )


def totals_table(proj: Projection, sim: Simulation | None = None) -> Table:
    """Headcount per track and overall, with bands from the summed covariance."""
    st = proj.states
    rows = []
    groups = [(t, np.array([x == t for x in st.tracks])) for t in dict.fromkeys(st.tracks)]
    for name, mask in [*groups, ("all", np.ones(len(st), dtype=bool))]:
        mean, sd = proj.total(mask)
        mc = sim.counts[:, :, mask].sum(axis=2) if sim is not None else None
        for t in range(len(mean)):
            row = {
                "year": proj.base_year + t,
                "track": name,
                "expected": mean[t],
                **dict(zip(("p5", "p95"), band(mean[t], sd[t]), strict=True)),
            }
            if mc is not None:
                row["mc_p5"], row["mc_p95"] = np.quantile(mc[:, t], [0.05, 0.95])
            rows.append(row)
    return Table(
        "totals",
        "Projected headcount per track and in total",
        pl.DataFrame(rows),
        {"year": "text", "expected": "float", "p5": "float", "p95": "float"},
    )


def _edges(proj: Projection) -> list[tuple[int, int]]:
    """Off-diagonal moves with a positive rate, in state order."""
    P = proj.moves.sum(axis=0)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(P), strict=True) if i != j]


def _edge_rows(proj: Projection, sim: Simulation | None) -> list[dict]:
    st = proj.states
    index = {}
    if sim is not None:
        index = {(int(a), int(b)): e for e, (a, b) in enumerate(sim.edges)}
    rows = []
    for t in range(proj.years):
        year = proj.base_year + t + 1
        for i, j in _edges(proj):
            row = {"year": year, "kind": st.kind(i, j), "from": st.keys[i], "to": st.keys[j]}
            row["expected"] = proj.moves[t, i, j]
            if (i, j) in index:
                q = np.quantile(sim.moves[:, t, index[(i, j)]], [0.05, 0.95])
                row["mc_p5"], row["mc_p95"] = float(q[0]), float(q[1])
            rows.append(row)
        for i in range(len(st)):
            rows.append(_single(year, "exit", st.keys[i], LEFT, proj.exits[t, i], sim, t, i))
            rows.append(_single(year, "hire", "hire", st.keys[i], proj.hires[t, i], sim, t, i))
    return [r for r in rows if r["expected"] > 0 or r.get("mc_p95", 0) > 0]


def _single(year, kind, a, b, expected, sim, t, i) -> dict:
    row = {"year": year, "kind": kind, "from": a, "to": b, "expected": float(expected)}
    if sim is not None:
        arr = sim.exits if kind == "exit" else sim.hires
        q = np.quantile(arr[:, t, i], [0.05, 0.95])
        row["mc_p5"], row["mc_p95"] = float(q[0]), float(q[1])
    return row


def flow_tables(proj: Projection, sim: Simulation | None = None) -> tuple[list[Table], dict]:
    """Flows per year by edge, a summary by kind and track pair, and the flows chart."""
    edges = pl.DataFrame(_edge_rows(proj, sim))
    fmt = {"year": "text", "expected": "float", "mc_p5": "int", "mc_p95": "int"}
    fmt = {c: f for c, f in fmt.items() if c in edges.columns}
    summary = (
        edges.with_columns(
            from_track=pl.col("from").str.split("/").list.first(),
            to_track=pl.col("to").str.split("/").list.first(),
        )
        .group_by("year", "kind", "from_track", "to_track", maintain_order=True)
        .agg(pl.col("expected").sum())
        .sort("year", "kind", "from_track", "to_track")
    )
    chart = charts.bar(
        "forecast_flows",
        "Expected flows per year",
        summary.group_by("year", "kind").agg(pl.col("expected").sum()).sort("year", "kind"),
        "year",
        "expected",
        color="kind",
    )
    tables = [
        Table(
            "flows",
            "Expected flows per year by kind and track (crossovers in both directions)",
            summary,
            {"year": "text", "expected": "float"},
        ),
        Table("flows_by_edge", "Flows per year along each move, exits and hires", edges, fmt),
    ]
    return tables, chart


def headcount_chart(table: Table, name: str = "forecast_headcount") -> dict:
    """Projected headcount per band with its P5–P95 band, one panel per track."""
    frame = table.frame.select("year", "track", "band", "expected", "p5", "p95")
    return charts.line(
        name,
        "Projected headcount per state (P5–P95)",
        frame,
        "year",
        "expected",
        color="band",
        facet="track",
        band=("p5", "p95"),
    )


def steady_state(model: Model, hires: float) -> Table:
    """The structure constant recruitment would lead to: ``n* = R r (I − P)⁻¹``."""
    limit = hires * model.recruit @ fundamental(model.P)
    frame = pl.DataFrame(
        {"state": list(model.states.keys), "now": model.stock, "steady_state": limit}
    )
    return Table(
        "steady_state",
        f"Long-run structure at {hires:,.0f} hires a year and today's rates",
        frame,
        {"now": "int", "steady_state": "float"},
    )
