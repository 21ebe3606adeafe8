"""Framework commands: show, schema (lint lives in :mod:`multitrack.cli.lint`)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from multitrack.cli.common import console, load_framework, print_json
from multitrack.core import Framework
from multitrack.core.graph import moves
from multitrack.core.io import to_data


def _ladder_table(fw: Framework, family: str | None) -> Table:
    table = Table(title=f"{fw.name} — version {fw.version}", show_lines=False)
    table.add_column("band", style="bold")
    for key, track in fw.tracks.items():
        table.add_column(f"{track.name or key}\n[dim]{track.kind.value}[/]")
    table.add_column("pay (mid)", justify="right")
    for band in reversed(fw.spine):
        row = [band]
        for key, track in fw.tracks.items():
            lv = fw.level(key, band)
            if lv is not None:
                row.append(lv.title_for(family))
            elif band == track.ceiling or (
                fw.position[band] > fw.position[track.ceiling]
                and fw.position[band] == fw.position[track.ceiling] + 1
            ):
                row.append("[dim]— ceiling —[/]" if band != track.ceiling else "")
            else:
                row.append("")
        rng = fw.pay_range(band)
        row.append(f"{rng.midpoint:,.0f} {rng.currency or fw.pay.currency}" if rng else "")
        table.add_row(*row)
    return table


def _moves_table(fw: Framework) -> Table:
    table = Table(title="Crossovers", show_lines=False)
    for col in ("from", "to", "requires", "trial", "pay"):
        table.add_column(col)
    for m in moves(fw):
        if m.kind != "crossover":
            continue
        t = m.transition
        req = ", ".join(f"{k} ≥ {v}" for k, v in m.requires.proficiencies.items())
        extra = [*m.requires.trainings, *m.requires.assessments]
        if m.requires.years_in_level:
            extra.append(f"{m.requires.years_in_level:g} y in level")
        trial = f"{t.trial.months} mo, on fail: {t.trial.on_fail}" if t and t.trial else ""
        table.add_row(
            m.source, m.target, "; ".join(x for x in [req, *extra] if x), trial, t.pay if t else ""
        )
    return table


def show(
    framework: str = typer.Argument(..., help="Framework file, folder or template name."),
    family: str = typer.Option(None, "--family", help="Show titles of this job family."),
    as_json: bool = typer.Option(False, "--json", help="Print the framework as JSON."),
) -> None:
    """Show a framework as readable tables: the ladder by band and track, and the crossovers."""
    fw = load_framework(framework)
    if as_json:
        print_json(to_data(fw))
        return
    console.print(_ladder_table(fw, family))
    ceilings = ", ".join(f"{k} → {t.ceiling}" for k, t in fw.tracks.items())
    console.print(f"[bold]Ceilings:[/] {ceilings}")
    console.print(_moves_table(fw))
    console.print(
        f"{len(fw.bands)} bands, {len(fw.tracks)} tracks, {len(fw.levels)} levels, "
        f"{len(fw.competencies)} competencies, {len(fw.transitions)} transition rules, "
        f"{len(fw.pay.ranges)} pay ranges"
    )


def schema(
    out: Path = typer.Option(None, "--out", help="Write to this file instead of stdout."),
) -> None:
    """Print the JSON Schema of the framework file format (for editors and CI)."""
    import json

    from multitrack.core.schema import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command()(show)
    app.command()(schema)
