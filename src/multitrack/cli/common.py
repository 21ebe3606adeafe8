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

    return frames_from_db(db)
