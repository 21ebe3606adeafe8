"""Helpers every command module shares: consoles, exit codes, framework and frames loading."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from multitrack.core import Framework, FrameworkError
from multitrack.core.templates import resolve

console = Console()
err_console = Console(stderr=True)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2

DbOption = typer.Option(
    None, "--db", help="Database URL (default: DATABASE_URL or the embedded SQLite file)."
)
FramesOption = typer.Option(
    None, "--frames", help="A frames folder written by 'multitrack export frames'."
)
JsonOption = typer.Option(False, "--json", help="Print JSON for machines instead of tables.")


def fail(message: str, code: int = EXIT_UNUSABLE) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def load_framework(spec: str | Path, max_bytes: int | None = None) -> Framework:
    """Load a framework file, folder or template name; unusable input exits 2, no traceback."""
    from multitrack.core.io import DEFAULT_MAX_BYTES, load

    try:
        return load(resolve(spec), max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    except FrameworkError as exc:
        for problem in exc.problems:
            err_console.print(f"[red]{problem}[/]", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_UNUSABLE) from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def open_frames(db: str | None, frames: Path | None):  # -> multitrack.analytics.frames.Frames
    """The organisation's frames from ``--frames DIR`` or from the database (``--db``)."""
    if frames is not None and db is not None:
        fail("give --db or --frames, not both")
    if frames is not None:
        from multitrack.analytics.frames import FramesError, read_frames

        try:
            return read_frames(frames)
        except (FramesError, FrameworkError, OSError) as exc:
            fail(str(exc))
    from multitrack.web.bootstrap import frames_from_db  # the web layer owns storage
    from multitrack.web.common.errors import StorageError

    try:
        return frames_from_db(db)
    except StorageError as exc:
        fail(str(exc))


ChartsOption = typer.Option(
    None, "--charts", help="Also write each chart as a Vega-Lite file (NAME.vl.json) here."
)


def _cell(value: Any, fmt: str | None) -> str:
    if value is None:
        return "[dim]—[/]"
    if isinstance(value, bool):
        return "yes" if value else ""
    if fmt == "text":
        return str(value)
    if isinstance(value, int | float):
        if value != value:  # NaN
            return "[dim]—[/]"
        match fmt:
            case "int":
                return f"{value:,.0f}"
            case "pct":
                return f"{100 * value:.1f}%"
            case "money":
                return f"{value:,.0f}"
            case "pvalue":
                return "<0.001" if value < 0.001 else f"{value:.3f}"
            case "ratio" | "float3":
                return f"{value:.3f}"
            case _:
                return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def render(report: Any, as_json: bool = False, charts: Path | None = None) -> None:
    """Print an analytics Report as rich tables (or JSON) and optionally write its charts."""
    from rich.table import Table as RichTable

    if charts is not None:
        charts.mkdir(parents=True, exist_ok=True)
        for spec in report.charts:
            (charts / f"{spec['name']}.vl.json").write_text(
                json.dumps(spec, indent=2, default=str), encoding="utf-8"
            )
    if as_json:
        print_json(report.to_dict())
        return
    console.print(f"[bold]{report.title}[/]")
    for table in report.tables:
        t = RichTable(title=table.title, title_justify="left")
        frame = table.frame
        for col in frame.columns:
            fmt = table.formats.get(col)
            t.add_column(col, justify="right" if fmt and fmt != "text" else "left")
        for row in frame.iter_rows():
            t.add_row(
                *(_cell(v, table.formats.get(c)) for c, v in zip(frame.columns, row, strict=True))
            )
        console.print(t)
        if table.note:
            console.print(f"[dim]{table.note}[/]")
    for w in report.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)
    for n in report.notes:
        console.print(f"[dim]{n}[/]", highlight=False)
