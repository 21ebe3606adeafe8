"""``multitrack forecast``: the talent-supply forecast from a database or a frames folder."""

from __future__ import annotations

from pathlib import Path

import typer

from multitrack.cli.common import (
    ChartsOption,
    DbOption,
    FramesOption,
    JsonOption,
    fail,
    open_frames,
    render,
)


def _caps(specs: list[str]) -> dict[str, float]:
    out = {}
    for spec in specs:
        key, _, value = spec.partition("=")
        try:
            out[key] = float(value)
        except ValueError:
            fail(f"--cap {spec!r}: write LEVEL=N, e.g. specialist/B8=6")
        if out[key] < 0:
            fail(f"--cap {spec!r}: a cap must be >= 0")
    return out


def forecast(
    db: str = DbOption,
    frames: Path = FramesOption,
    years: int = typer.Option(5, "--years", min=1, max=50, help="Horizon in years."),
    as_json: bool = JsonOption,
    charts: Path = ChartsOption,
    runs: int = typer.Option(
        0, "--monte-carlo", min=0, help="Also simulate this many runs (tails, caps)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the Monte Carlo runs."),
    demand: Path = typer.Option(None, "--demand", help="Demand plan (YAML or CSV) to compare."),
    scenario: list[Path] = typer.Option(
        None, "--scenario", help="Scenario file (YAML), repeatable; run beside the baseline."
    ),
    run_backtest: bool = typer.Option(
        False, "--backtest", help="Also forecast the last year from the years before it."
    ),
    fixed_size: bool = typer.Option(
        False, "--fixed-size/--push", help="Replace every leaver, or push a number of hires."
    ),
    hires: float = typer.Option(
        None, "--hires", min=0, help="Push mode: hires a year (default: historical mean)."
    ),
    growth: float = typer.Option(0.0, "--growth", help="Fixed-size mode: yearly growth."),
    smoothing: str = typer.Option(
        "track:5", "--smoothing", help="none | track[:weight] | laplace[:weight]."
    ),
    interval: str = typer.Option("wilson", "--interval", help="wilson | goodman."),
    cap: list[str] = typer.Option(
        None, "--cap", help="LEVEL=N: promotions into LEVEL fill vacancies only (Monte Carlo)."
    ),
    fill: str = typer.Option("pull", "--fill", help="Open vacancies at caps: pull|hire|none."),
    hire_into: str = typer.Option(
        "observed", "--hire-into", help="Attainability: observed | any | comma-separated levels."
    ),
    history_years: int = typer.Option(
        None, "--history-years", min=1, help="Estimate from the last N years only."
    ),
) -> None:
    """Markov manpower forecast: rates, projections with bands, demand, scenarios, backtest."""
    from multitrack.analytics.forecast import (
        ForecastError,
        Options,
        Policy,
        Smoothing,
        load_scenarios,
    )
    from multitrack.analytics.forecast import forecast as run

    try:
        options = Options(
            years=years,
            smoothing=Smoothing.parse(smoothing),
            interval=interval,
            policy=Policy("fixed", growth=growth) if fixed_size else Policy("push", hires),
            runs=runs,
            seed=seed,
            caps=_caps(cap or []),
            fill=fill,  # type: ignore[arg-type]
            demand=demand,
            scenarios=[s for path in scenario or [] for s in load_scenarios(path)],
            backtest=run_backtest,
            hire_into=hire_into if hire_into in ("observed", "any") else hire_into.split(","),
            max_years=history_years,
        )
    except ForecastError as exc:
        fail(str(exc))
    if options.caps and not runs:
        fail("--cap needs --monte-carlo RUNS: caps are applied in the simulation")
    org = open_frames(db, frames)
    try:
        report = run(org, options)
    except ForecastError as exc:
        fail(str(exc))
    render(report, as_json, charts)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add ``multitrack forecast``."""
    app.command()(forecast)
