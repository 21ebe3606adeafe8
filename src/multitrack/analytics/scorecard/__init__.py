"""The equivalence scorecard: at each band, is every track treated like every other?

``scorecard(frames, config)`` compares each track with the reference track (management by
default) and with each other track, band by band, on pay (range position and the
regression-adjusted gap), promotion (rates, time in level as competing risks, crossovers),
attrition (rates, survival, Cox), representation (the pyramid, the top bands, the
decorative-ladder test), ratings, high-visibility work and workgroup access. Every
comparison gets a verdict (equivalent / watch / break) by the stated rules of
:mod:`.verdict`; small cells are suppressed. ``docs/scorecard.md`` explains every figure.
"""

from __future__ import annotations

import polars as pl
from threadpoolctl import threadpool_limits

from multitrack.analytics import charts
from multitrack.analytics.frames import Frames
from multitrack.analytics.report import Report, Table
from multitrack.analytics.scorecard import access, attrition, pay, promotion, representation
from multitrack.analytics.scorecard.context import Cell, Context, ScorecardError, build_context
from multitrack.analytics.scorecard.verdict import VERDICTS, ConfigError, ScorecardConfig, worst

__all__ = ["ConfigError", "ScorecardConfig", "ScorecardError", "scorecard"]

SECTIONS = (pay, promotion, attrition, representation, access)


def _verdict_table(cells: list[Cell]) -> pl.DataFrame:
    schema = {
        "band": pl.String,
        "track": pl.String,
        "versus": pl.String,
        "dimension": pl.String,
        "verdict": pl.String,
        "value": pl.Float64,
        "p": pl.Float64,
        "n_track": pl.Int64,
        "n_versus": pl.Int64,
        "reason": pl.String,
    }
    rows = [
        (
            c.band,
            c.track,
            c.versus,
            c.dimension,
            c.verdict,
            c.value,
            c.p,
            c.n_track,
            c.n_versus,
            c.reason,
        )
        for c in cells
    ]
    return pl.DataFrame(rows, schema=schema, orient="row")


def _grid(ctx: Context, table: pl.DataFrame) -> pl.DataFrame:
    """Band x comparison: the worst verdict over the dimensions (suppressed cells aside)."""
    order = {b: i for i, b in enumerate(("all", "top", "ladder", *ctx.spine))}
    rows = []
    for (band, track, versus), part in table.group_by(
        "band", "track", "versus", maintain_order=True
    ):
        verdicts = part.get_column("verdict").to_list()
        judged = [v for v in verdicts if v]
        reasons = [r for r in part.get_column("reason").to_list() if r]
        rows.append(
            {
                "band": band,
                "comparison": f"{track} vs {versus}",
                "verdict": worst(judged) or (reasons[0] if reasons else "not judged"),
                "breaks": sum(v == "break" for v in judged),
                "watches": sum(v == "watch" for v in judged),
                "dimensions": len(judged),
            }
        )
    grid = pl.DataFrame(rows)
    return grid.sort(pl.col("band").replace_strict(order, default=len(order)), "comparison")


def _heatmap(ctx: Context, grid: pl.DataFrame) -> dict:
    """The verdict grid as a heatmap: green, amber, red; bands in spine order."""
    spec = charts.heatmap("verdicts", "Equivalence verdicts", grid, "comparison", "band", "verdict")
    spec["layer"][0]["encoding"]["color"]["scale"] = {
        "domain": list(VERDICTS),
        "range": ["#4c9a6a", "#e0a030", "#c8463c"],
    }
    spec["encoding"]["y"]["sort"] = ["all", "top", "ladder", *reversed(ctx.spine)]
    return spec


def scorecard(
    frames: Frames, config: ScorecardConfig | None = None, *, band: str | None = None
) -> Report:
    """The equivalence scorecard of an organisation as a :class:`Report`.

    Raises ScorecardError when the frames cannot give one (nobody employed, unknown
    reference track or band).
    """
    cfg = config or ScorecardConfig()
    ctx = build_context(frames, cfg, band)
    tables, chart_specs, cells, notes, warnings = [], [], [], [], []
    # one BLAS thread: the products here are small (tens of columns, or ARPACK's vectors),
    # and OpenBLAS's spinning threads cost 2-10x the CPU on a shared 2-core machine
    with threadpool_limits(limits=1, user_api="blas"):
        for module in SECTIONS:
            part = module.section(ctx)
            tables += part.tables
            chart_specs += part.charts
            cells += part.cells
            notes += part.notes
            warnings += part.warnings
    verdicts = _verdict_table(cells)
    grid = _grid(ctx, verdicts) if verdicts.height else pl.DataFrame()
    head = [
        Table(
            "verdict_grid",
            "Verdicts: worst dimension per band and comparison",
            grid,
            {"breaks": "int", "watches": "int", "dimensions": "int"},
            "equivalent: small and not significant; break: large and significant; watch: otherwise",
        ),
        Table(
            "verdicts",
            "Verdict per band, comparison and dimension",
            verdicts,
            {"value": "float3", "p": "pvalue", "n_track": "int", "n_versus": "int"},
        ),
    ]
    if grid.height:
        chart_specs.append(_heatmap(ctx, grid))
    return Report(
        kind="scorecard",
        title=f"Equivalence scorecard: {frames.framework.name} ({ctx.as_of})",
        tables=[*head, *tables],
        charts=chart_specs,
        notes=notes,
        warnings=warnings,
        meta={
            "as_of": ctx.as_of,
            "window": ctx.window_text,
            "reference": ctx.reference,
            "tracks": list(ctx.tracks),
            "bands": list(ctx.bands),
            "people": ctx.current.height,
            "verdict_counts": {v: int((verdicts["verdict"] == v).sum()) for v in VERDICTS}
            if verdicts.height
            else {},
            "config": cfg.to_dict(),
        },
    )
