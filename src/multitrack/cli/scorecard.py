"""The equivalence scorecard command: ``multitrack analyze scorecard``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from multitrack.cli.common import (
    EXIT_FINDINGS,
    ChartsOption,
    DbOption,
    FramesOption,
    JsonOption,
    fail,
    open_frames,
    render,
)

FAIL_ON = ("never", "watch", "break")


def scorecard(
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
    charts: Path = ChartsOption,
    config: Path = typer.Option(
        None, "--config", help="A YAML file of scorecard settings (see docs/scorecard.md)."
    ),
    band: str = typer.Option(None, "--band", help="Only this band's comparisons."),
    window_years: float = typer.Option(
        None, "--window-years", min=0.01, help="Years of history for rates and curves."
    ),
    fail_on: str = typer.Option(
        "never", "--fail-on", help="Exit 1 when any verdict is this bad: never, watch or break."
    ),
) -> None:
    """Are the tracks equivalent at each band? Pay, promotion, attrition, representation, access.

    Every comparison gets a verdict (equivalent / watch / break) by stated thresholds; cells
    with fewer people than the minimum are suppressed.
    """
    from multitrack.analytics.scorecard import (
        ConfigError,
        ScorecardConfig,
        ScorecardError,
    )
    from multitrack.analytics.scorecard import scorecard as build

    if fail_on not in FAIL_ON:
        fail(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    try:
        cfg = ScorecardConfig.from_yaml(config) if config else ScorecardConfig()
        if window_years is not None:
            cfg = dataclasses.replace(cfg, window_years=window_years)
    except ConfigError as exc:
        fail(str(exc))
    org = open_frames(db, frames)
    try:
        report = build(org, cfg, band=band)
    except ScorecardError as exc:
        fail(str(exc))
    render(report, as_json, charts)
    counts = report.meta.get("verdict_counts", {})
    bad = FAIL_ON[FAIL_ON.index(fail_on) :] if fail_on != "never" else ()
    if any(counts.get(v, 0) for v in bad):
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add ``analyze scorecard``."""
    groups["analyze"].command("scorecard")(scorecard)
