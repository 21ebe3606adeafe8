"""Framework authoring commands: templates, new, convert, paths, diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer
from rich.table import Table

from multitrack.cli.common import (
    EXIT_FINDINGS,
    JsonOption,
    console,
    err_console,
    fail,
    load_framework,
    print_json,
)
from multitrack.core import Framework


def templates(as_json: bool = JsonOption) -> None:
    """List the shipped templates: career system, tracks and bands."""
    from multitrack.core.templates import catalogue

    infos = catalogue()
    if as_json:
        print_json([i.to_dict() for i in infos])
        return
    table = Table(title="Shipped templates (start one with: multitrack new --template NAME)")
    for col in ("name", "tracks", "bands", "levels", "description"):
        table.add_column(col, justify="right" if col in ("tracks", "bands", "levels") else "left")
    for i in infos:
        table.add_row(i.name, str(i.tracks), str(i.bands), str(i.levels), i.description)
    console.print(table)


def _refuse_overwrite(out: Path, force: bool) -> None:
    if out.exists() and not force:
        fail(f"{out} exists; give --force to overwrite it")


def new(
    template: str = typer.Option(..., "--template", "-t", help="Template name (see 'templates')."),
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUT if it exists."),
) -> None:
    """Start a framework from a shipped template (a copy you then edit)."""
    from multitrack.core.templates import names, path

    try:
        source = path(template)
    except KeyError:
        fail(f"no template '{template}'; templates are {', '.join(names())}")
    _refuse_overwrite(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, out)
    err_console.print(f"wrote {out} from template '{template}'", highlight=False)


# ---------------------------------------------------------------------------------- convert


def _choice(value: str | None, allowed: tuple[str, ...], flag: str) -> None:
    if value is not None and value not in allowed:
        fail(f"{flag} must be one of {', '.join(allowed)}, not '{value}'")


def convert(
    source: Path = typer.Argument(..., help="The source framework: a file or a folder."),
    fmt: str = typer.Option(..., "--from", help="snowflake, monzo, ladders or dropbox."),
    out: Path = typer.Option(..., "--out", "-o", help="YAML file to write."),
    mapping: Path = typer.Option(
        None, "--mapping", help="A mapping file for what the source does not state."
    ),
    align: str = typer.Option(
        None,
        "--align",
        help="Where the source states no equivalence between tracks: 'number' (level N of "
        "every track on one band, the default) or 'none' (the mapping places every level).",
    ),
    crossovers: str = typer.Option(
        None, "--crossovers", help="'same-band' adds crossovers both ways; 'none' (default)."
    ),
    name: str = typer.Option(None, "--name", help="Name of the converted framework."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUT if it exists."),
) -> None:
    """Convert a public career framework (Snowflake, Monzo, engineering ladders, Dropbox)."""
    from multitrack.core import ConversionError, dump
    from multitrack.core.convert import FORMATS
    from multitrack.core.convert import convert as run

    _choice(fmt, tuple(FORMATS), "--from")
    _choice(align, ("number", "none"), "--align")
    _choice(crossovers, ("same-band", "none"), "--crossovers")
    _refuse_overwrite(out, force)
    try:
        result = run(source, fmt, mapping=mapping, align=align, crossovers=crossovers, name=name)  # type: ignore[arg-type]
    except ConversionError as exc:
        fail(str(exc))
    out.parent.mkdir(parents=True, exist_ok=True)
    dump(result.framework, out)
    _report_conversion(result, out)
    if result.skipped:
        raise typer.Exit(EXIT_FINDINGS)


def _report_conversion(result, out: Path) -> None:  # result: core.convert.Conversion
    for note in result.notes:
        err_console.print(f"[cyan]note:[/] {note}", highlight=False, soft_wrap=True)
    for skipped in result.skipped:
        err_console.print(f"[yellow]skipped[/] {skipped}", highlight=False, soft_wrap=True)
    fw = result.framework
    err_console.print(
        f"wrote {out}: {len(fw.tracks)} tracks, {len(fw.bands)} bands, {len(fw.levels)} levels, "
        f"{len(fw.competencies)} competencies"
        + (f"; {len(result.skipped)} files skipped" if result.skipped else ""),
        highlight=False,
    )


# ------------------------------------------------------------------------------------ paths


def _requirements_text(step) -> str:  # step: multitrack.core.paths.PathStep
    req = step.requires
    parts = [f"{k} ≥ {v}" for k, v in req.proficiencies.items()]
    if req.years_in_level:
        parts.append(f"{req.years_in_level:g} y in level")
    parts.extend([*req.trainings, *req.assessments])
    t = step.move.transition
    if t is not None and t.trial:
        parts.append(f"trial {t.trial.months} mo (on fail: {t.trial.on_fail})")
    if t is not None and step.kind == "crossover":
        parts.append(f"pay: {t.pay}")
    return "; ".join(parts) or "—"


def _path_table(fw: Framework, title: str, path) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("#", "from", "to", "move", "years", "requires"):
        table.add_column(col, justify="right" if col in ("#", "years") else "left")
    for i, step in enumerate(path.steps, start=1):
        years = f"{step.years:g}" + ("" if step.years_stated else "*")
        table.add_row(
            str(i),
            step.source,
            f"{step.target} ({fw.levels[step.target].title_for()})",
            step.kind,
            years,
            _requirements_text(step),
        )
    return table


def paths(
    framework: str = typer.Argument(..., help="Framework file, folder or template name."),
    source: str = typer.Option(..., "--from", help="Start level (track/band or a title)."),
    target: str = typer.Option(..., "--to", help="Target level (track/band or a title)."),
    max_paths: int = typer.Option(3, "--max", min=1, help="How many alternatives to list."),
    by: str = typer.Option("years", "--by", help="Rank alternatives by 'years' or 'steps'."),
    default_years: float = typer.Option(
        None, "--default-years", help="Years for a level that states no typical_years."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Paths between two levels over promotions and crossovers, each step with its requirements."""
    from multitrack.core.paths import DEFAULT_YEARS, UnknownLevelError, find_paths, resolve_level

    if by not in ("years", "steps"):
        fail(f"--by must be 'years' or 'steps', not '{by}'")
    fw = load_framework(framework)
    dflt = DEFAULT_YEARS if default_years is None else default_years
    try:
        a, b = resolve_level(fw, source), resolve_level(fw, target)
    except UnknownLevelError as exc:
        fail(str(exc))
    fewest = find_paths(fw, a, b, by="steps", k=1, default_years=dflt)
    fastest = find_paths(fw, a, b, by="years", k=1, default_years=dflt)
    alternatives = find_paths(fw, a, b, by=by, k=max_paths, default_years=dflt)  # type: ignore[arg-type]
    if as_json:
        print_json(
            {
                "from": a,
                "to": b,
                "default_years": dflt,
                "fewest_steps": fewest[0].to_dict(fw) if fewest else None,
                "fewest_years": fastest[0].to_dict(fw) if fastest else None,
                "ranked_by": by,
                "alternatives": [p.to_dict(fw) for p in alternatives],
            }
        )
        raise typer.Exit(0 if alternatives else EXIT_FINDINGS)
    if not alternatives:
        console.print(f"No path from {a} to {b} over the framework's promotions and crossovers.")
        raise typer.Exit(EXIT_FINDINGS)
    _print_paths(fw, alternatives, fewest, fastest, dflt)


def _print_paths(fw: Framework, alternatives: list, fewest: list, fastest: list, dflt: float):
    best = (("fewest steps", fewest), ("fewest years", fastest))
    for n, p in enumerate(alternatives, start=1):
        marks = [label for label, top in best if top and top[0].levels == p.levels]
        head = f"Path {n}: {len(p.steps)} steps, {p.years:g} years"
        console.print(_path_table(fw, head + (f" ({', '.join(marks)})" if marks else ""), p))
    for label, top in best:
        if top and all(top[0].levels != p.levels for p in alternatives):
            console.print(_path_table(fw, f"Path with the {label}", top[0]))
    console.print(f"[dim]* no typical_years stated: {dflt:g} years assumed[/]")


# ------------------------------------------------------------------------------------- diff

_LABELS = {"title": "retitled", "ceiling": "ceiling", "from": "entry band"}


def _diff_tables(d) -> list[Table]:  # d: multitrack.core.diff.FrameworkDiff
    from multitrack.core.diff import SECTIONS

    tables = []
    for section in SECTIONS:
        changes = d.section(section)
        if not changes:
            continue
        table = Table(title=section.capitalize(), title_justify="left")
        for col in ("change", "what", "old", "new"):
            table.add_column(col)
        for c in changes:
            kind = _LABELS.get(c.field, c.kind) if c.kind == "changed" else c.kind
            what = f"{c.key} · {c.field}" if c.field else c.key
            table.add_row(kind, what, _show(c.old), _show(c.new))
        tables.append(table)
    return tables


def _show(value) -> str:
    from rich.markup import escape

    from multitrack.core.diff import show

    return escape(show(value))


def _level_map_table(d) -> Table:
    table = Table(title="Level map (old → new)", title_justify="left")
    for col in ("old level", "new level", "how"):
        table.add_column(col)
    for e in d.levels:
        if e.how != "same key":
            new = f"{e.new} ({e.new_title})" if e.new else "[yellow]— needs a decision —[/]"
            table.add_row(f"{e.old} ({e.old_title})", new, e.how)
    return table


def diff(
    old: str = typer.Argument(..., help="The old framework (file, folder or template name)."),
    new: str = typer.Argument(..., help="The new framework."),
    level_map_out: Path = typer.Option(
        None, "--level-map", help="Write the level map here (.csv, or YAML otherwise)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """What changed between two versions of a framework, and where each level goes."""
    from multitrack.core.diff import diff as compare
    from multitrack.core.diff import level_map_csv, level_map_yaml

    a, b = load_framework(old), load_framework(new)
    d = compare(a, b)
    if level_map_out is not None:
        text = level_map_csv(d) if level_map_out.suffix == ".csv" else level_map_yaml(d)
        level_map_out.parent.mkdir(parents=True, exist_ok=True)
        level_map_out.write_text(text, encoding="utf-8")
        err_console.print(f"wrote the level map to {level_map_out}", highlight=False)
    if as_json:
        print_json(d.to_dict())
        return
    console.print(f"[bold]{a.name}[/] {a.version} → [bold]{b.name}[/] {b.version}", highlight=False)
    if d.identical:
        console.print("No changes.")
    for table in _diff_tables(d):
        console.print(table)
    moved = [e for e in d.levels if e.how != "same key"]
    if moved:
        console.print(_level_map_table(d))
    same = len(d.levels) - len(moved)
    console.print(f"[dim]{same} of {len(d.levels)} levels keep their key.[/]")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to ``app`` or to one of ``groups``."""
    app.command("templates")(templates)
    app.command("new")(new)
    app.command("convert")(convert)
    app.command("paths")(paths)
    app.command("diff")(diff)
