"""Structure and retention commands: ``multitrack structure``, ``multitrack retention``."""

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


def structure(
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
    charts: Path = ChartsOption,
    narrow_span: int = typer.Option(2, "--narrow-span", min=1, help="Narrow: this many or fewer."),
    min_size: int = typer.Option(5, "--min-size", min=1, help="Suppress parity cells below this."),
    move: list[str] = typer.Option(
        None,
        "--what-if-move",
        help="What if this person moved to the specialist track (repeatable).",
    ),
    accidental: int = typer.Option(
        0,
        "--what-if-accidental",
        min=0,
        help="What if the first N flagged accidental managers moved to the specialist track.",
    ),
) -> None:
    """Spans and layers, accidental managers, reporting parity; with --what-if-…, a what-if."""
    from multitrack.analytics.structure import StructureConfig, what_if
    from multitrack.analytics.structure import structure as build

    org = open_frames(db, frames)
    cfg = StructureConfig(narrow_span=narrow_span, small_team=narrow_span, min_size=min_size)
    if move or accidental:
        try:
            report = what_if(org, move=move or (), accidental=accidental, config=cfg)
        except KeyError as exc:
            fail(f"not employed on the snapshot date: {exc.args[0]}")
    else:
        report = build(org, cfg)
    render(report, as_json, charts)


def retention(
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
    charts: Path = ChartsOption,
    years: int = typer.Option(5, "--years", min=2, help="Year-end snapshots to learn from."),
    top: int = typer.Option(25, "--top", min=1, help="How many people the at-risk list shows."),
    individual: bool = typer.Option(
        True,
        "--individual-scores/--aggregates-only",
        help="Show who is at risk, with reasons; or only aggregates.",
    ),
    min_size: int = typer.Option(5, "--min-size", min=1, help="Suppress groups below this."),
) -> None:
    """Attrition by manager effectiveness, stagnation and track; the flight-risk model."""
    from multitrack.analytics.retention import RetentionConfig
    from multitrack.analytics.retention import retention as build

    org = open_frames(db, frames)
    cfg = RetentionConfig(years=years, at_risk=top, individual_scores=individual, min_size=min_size)
    render(build(org, cfg), as_json, charts)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command()(structure)
    app.command()(retention)
