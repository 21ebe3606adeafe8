"""``multitrack lint``: the framework health check as text, JSON or SARIF.

Exit status: 0 clean or warnings only, 1 at least one error in force, 2 unusable input.
"""

from __future__ import annotations

from enum import StrEnum
from itertools import groupby

import typer
from rich.markup import escape
from rich.table import Table

from multitrack.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNUSABLE,
    console,
    err_console,
    fail,
    print_json,
)
from multitrack.core import FrameworkError
from multitrack.core.io import DEFAULT_MAX_BYTES, Located, load_located
from multitrack.core.lint import RULES, LintReport, lint, to_sarif
from multitrack.core.lint.sarif import problems_to_sarif
from multitrack.core.model import Framework
from multitrack.core.templates import resolve


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_HEADING = {"error": "Errors", "warning": "Warnings", "info": "Notes"}


def _load(spec: str, max_bytes: int, fmt: Format) -> tuple[Framework, Located]:
    try:
        return load_located(resolve(spec), max_bytes=max_bytes)
    except FrameworkError as exc:
        if fmt is Format.json:
            print_json(
                {"framework": None, "ok": False, "errors": [_problem(p) for p in exc.problems]}
            )
        elif fmt is Format.sarif:
            print_json(problems_to_sarif(exc.problems))
        for p in exc.problems:
            err_console.print(f"[red]{escape(str(p))}[/]", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_UNUSABLE) from None


def _problem(p) -> dict:
    return {
        "message": p.message,
        "path": p.path,
        "file": p.file,
        "line": p.line,
        "column": p.column,
    }


def _print_text(report: LintReport) -> None:
    console.print(f"[bold]{escape(report.framework)}[/]", highlight=False)
    if not report.findings:
        console.print("[green]No findings.[/]")
    for sev, group in groupby(report.findings, key=lambda f: f.severity.value):
        items = list(group)
        console.print(f"\n[{_STYLE[sev]}]{_HEADING[sev]} ({len(items)})[/]")
        for f in items:
            hint = f" [dim]({escape(f.hint)})[/]" if f.hint else ""
            console.print(
                f"  {escape(f.where())} [bold]{f.code}[/] [{_STYLE[sev]}]{sev}[/] "
                f"{escape(f.message)}{hint}",
                highlight=False,
                soft_wrap=True,
            )
    if report.suppressed:
        console.print(f"\n[dim]Silenced by the framework ({len(report.suppressed)})[/]")
        for code, group in groupby(
            sorted(report.suppressed, key=lambda f: f.code), key=lambda f: f.code
        ):
            items = list(group)
            console.print(
                f"  [dim]{code} × {len(items)}: {escape(items[0].reason or '')}[/]", highlight=False
            )
    c = report.complexity
    parts = ", ".join(f"{k} {v}" for k, v in c.parts.items())
    who = f" for family '{escape(c.family)}'" if c.family else ""
    over = "[yellow]over[/]" if c.score > c.budget else "within"
    console.print(
        f"\n[bold]Complexity[/] {c.score}{who} ({parts}); {over} the budget of {c.budget:g}",
        highlight=False,
    )
    n = report.counts
    verdict = "[green]ok[/]" if report.ok else "[bold red]fails[/]"
    console.print(
        f"{verdict}: {n['error']} errors, {n['warning']} warnings, {n['info']} notes, "
        f"{n['suppressed']} silenced",
        highlight=False,
    )


def _list_rules(fmt: Format) -> None:
    if fmt is Format.json:
        print_json([r.to_dict() for r in RULES.values()])
        return
    if fmt is Format.sarif:
        fail("--list-rules prints text or json")
    table = Table(title="Lint rules", title_justify="left", box=None, padding=(0, 1))
    table.add_column("code", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("meaning")
    for r in RULES.values():
        opts = ", ".join(f"{o.name}={o.default:g}" for o in r.options)
        meaning = f"{r.meaning} [dim](options: {opts})[/]" if opts else r.meaning
        sev = r.severity.value
        table.add_row(r.code, f"[{_STYLE[sev]}]{sev}[/]", r.name, meaning)
    console.print(table)


def lint_command(
    framework: str = typer.Argument(
        None, help="Framework file, folder of YAML files, or shipped template name."
    ),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text, json or sarif."),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse files larger than this."
    ),
    list_rules: bool = typer.Option(False, "--list-rules", help="List every rule and exit."),
) -> None:
    """Check a framework's health: gaps, dead ends, pay inversions, equivalence breaks, EVP…"""
    if list_rules:
        _list_rules(fmt)
        return
    if framework is None:
        fail("give a framework file, folder or template name (or --list-rules)")
    fw, located = _load(framework, max_bytes, fmt)
    report = lint(fw, located)
    if fmt is Format.json:
        print_json(report.to_dict())
    elif fmt is Format.sarif:
        print_json(to_sarif(report))
    else:
        _print_text(report)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_FINDINGS)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add ``multitrack lint`` to the root app."""
    app.command("lint")(lint_command)
