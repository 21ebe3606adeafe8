"""Stored-data commands: ``import …``, ``export frames|framework``, ``people erase|export``.

The commands are thin: the web layer's actions do the work inside transactions, so a failed
command leaves the stored data as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from multitrack.cli.common import (
    EXIT_FINDINGS,
    EXIT_UNUSABLE,
    DbOption,
    JsonOption,
    console,
    fail,
    print_json,
)

people_app = typer.Typer(
    help="One person's data: access requests and erasure.", no_args_is_help=True
)

KINDS = ("people", "assessments", "workgroups", "projects", "development")


def _setup(db: str | None) -> str:
    """Start storage for ``--db``; an unusable database exits 2 with the reason."""
    from multitrack.web.bootstrap import setup
    from multitrack.web.common.errors import StorageError

    try:
        return setup(db)
    except StorageError as exc:
        fail(str(exc))


def export_frames(
    out: Path = typer.Option(..., "--out", help="Folder to write (created if missing)."),
    db: str = DbOption,
    pseudonymise: bool = typer.Option(
        False, "--pseudonymise", help="Replace ids and names with stable pseudonyms."
    ),
    no_demographics: bool = typer.Option(
        False, "--no-demographics", help="Leave out the demographic (demo_*) columns."
    ),
) -> None:
    """Write the stored organisation as Parquet frames plus its framework (self-contained)."""
    _setup(db)  # Django first: the imports below load models
    from multitrack.analytics.frames import write_frames
    from multitrack.web.bootstrap import frames_from_db
    from multitrack.web.common.errors import StorageError
    from multitrack.web.people.pseudonyms import pseudonymise as pseudonymised
    from multitrack.web.people.queries import organisation

    try:
        frames = frames_from_db(db)
        if pseudonymise:
            frames = pseudonymised(frames, organisation().pseudonym_salt)
    except StorageError as exc:
        fail(str(exc))
    if no_demographics:
        frames = frames.without_demographics()
    write_frames(frames, out)
    rows = ", ".join(f"{name} {df.height:,}" for name, df in frames.items())
    console.print(f"wrote {out}: {rows}", highlight=False)


def export_framework(
    out: Path = typer.Option(None, "--out", help="File to write (default: print the YAML)."),
    version: str = typer.Option(None, "--version", help="Stored version (default: in force)."),
    db: str = DbOption,
) -> None:
    """The stored framework version as YAML (the one in force unless --version)."""
    _setup(db)  # Django first: the imports below load models
    from multitrack.web.common.errors import StorageError
    from multitrack.web.frameworks.queries import find_version
    from multitrack.web.people.queries import organisation_framework

    try:
        org, source = organisation_framework()
        if version:
            source = find_version(org.framework.name, version).source
    except StorageError as exc:
        fail(str(exc))
    if out is None:
        typer.echo(source, nl=False)
    else:
        out.write_text(source, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)


def import_framework(
    file: str = typer.Argument(..., help="Framework YAML file, folder or template name."),
    draft: bool = typer.Option(False, "--draft", help="Store as a draft (default: publish)."),
    move: bool = typer.Option(
        False, "--move", help="Move the organisation's people onto it (by level key)."
    ),
    db: str = DbOption,
) -> None:
    """Store a framework version; published unless --draft (a published one never changes).

    An organisation without a framework adopts it; with --move, people move onto it.
    """
    from multitrack.cli.common import load_framework

    fw = load_framework(file)  # a bad file stops here, before any database is touched
    _setup(db)  # Django first: the imports below load models
    from multitrack.web.common.errors import StorageError
    from multitrack.web.frameworks.actions import (
        do_adopt_framework,
        do_move_people_to_version,
        do_save_framework_draft,
        do_store_published_framework,
    )

    try:
        version = do_save_framework_draft(fw) if draft else do_store_published_framework(fw)
        adopted = not draft and do_adopt_framework(fw.name, fw.version)
        moved = (
            do_move_people_to_version(fw.name, fw.version, date=dt.datetime.now(dt.UTC).date())
            if move
            else None
        )
    except StorageError as exc:
        fail(str(exc))
    console.print(f"stored {version.label} ({version.status})", highlight=False)
    if adopted:
        console.print("the organisation now uses it", highlight=False)
    if moved is not None:
        console.print(f"moved {moved:,} people onto it", highlight=False)


def person_export(
    person_id: str = typer.Argument(..., help="The person's id."),
    out: Path = typer.Option(None, "--out", help="JSON file to write (default: print)."),
    db: str = DbOption,
) -> None:
    """Answer an access request: everything stored about one person, as JSON."""
    _setup(db)  # Django first: the imports below load models
    from multitrack.web.common.errors import StorageError
    from multitrack.web.people.privacy import do_answer_access_request

    try:
        record = do_answer_access_request(person_id)
    except StorageError as exc:
        fail(str(exc))
    if out is None:
        print_json(record)
    else:
        out.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)


def person_erase(
    person_id: str = typer.Argument(..., help="The person's id."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    db: str = DbOption,
) -> None:
    """Erase a person on request: their data goes, an anonymised count stays."""
    _setup(db)  # Django first: the imports below load models
    from multitrack.web.common.errors import StorageError
    from multitrack.web.people.privacy import do_erase_person

    if not yes and not typer.confirm(f"Erase {person_id} and everything held on them?"):
        raise typer.Exit(EXIT_FINDINGS)
    try:
        do_erase_person(person_id)
    except StorageError as exc:
        fail(str(exc))
    console.print(f"erased {person_id}; an anonymised count was kept", highlight=False)


SHOWN_PROBLEMS = 200


def _problems_table(result):
    from rich.table import Table

    table = Table(title=result.summary(), title_justify="left")
    for col in ("row", "column", "value", "reason"):
        table.add_column(col, overflow="fold")
    for p in result.problems[:SHOWN_PROBLEMS]:
        table.add_row(
            str(p.row or "file"), p.column or "", "" if p.value is None else p.value, p.reason
        )
    return table


def _report(outcome, as_json: bool, rejects: Path | None) -> None:
    result = outcome.result
    if as_json:
        print_json(
            {
                "kind": result.kind,
                "ok": result.ok,
                "summary": result.summary(),
                "problems": [p.__dict__ for p in result.problems],
                "written": outcome.written,
                "rejects": str(rejects) if rejects else None,
            }
        )
        return
    if result.problems:
        console.print(_problems_table(result))
        hidden = len(result.problems) - SHOWN_PROBLEMS
        if hidden > 0:
            console.print(f"… and {hidden:,} more problems (see --json)")
    elif not as_json:
        console.print(result.summary(), highlight=False)
    if outcome.written:
        changed = ", ".join(f"{k} {v:,}" for k, v in outcome.written.items() if v)
        console.print(f"written: {changed or 'nothing (already stored)'}", highlight=False)


def import_command(kind: str):
    """The ``import KIND`` command (one per kind; the same options for each)."""

    def command(
        file: Path = typer.Argument(..., help="CSV or XLSX export from the HRIS."),
        mapping: Path = typer.Option(None, "--mapping", help="Column mapping (YAML)."),
        db: str = DbOption,
        partial: bool = typer.Option(
            False, "--partial", help="Write the valid rows even if some are rejected."
        ),
        rejects: Path = typer.Option(
            None, "--rejects", help="With --partial: write the rejected rows here (CSV)."
        ),
        as_of: str = typer.Option(None, "--as-of", help="Date of the export (default today)."),
        basis: str = typer.Option(
            "", "--demographic-basis", help="How demographic columns were collected."
        ),
        as_json: bool = JsonOption,
    ) -> None:
        if rejects is not None and not partial:
            fail("--rejects needs --partial (without it nothing is written when a row is bad)")
        day = _date(as_of)
        if not file.exists():
            fail(f"{file}: no such file")
        _setup(db)  # Django first: the imports below load models
        from multitrack.web.common.errors import StorageError
        from multitrack.web.storage.imports import run_import

        try:
            outcome = run_import(
                kind, file, mapping=mapping, as_of=day, partial=partial, demographic_basis=basis
            )
        except StorageError as exc:
            fail(str(exc))
        if rejects is not None and outcome.result.rejected.height:
            outcome.result.rejected.write_csv(rejects)
        _report(outcome, as_json, rejects if outcome.result.rejected.height else None)
        if not outcome.result.ok:
            raise typer.Exit(EXIT_FINDINGS if partial else EXIT_UNUSABLE)

    command.__doc__ = (
        f"Import {kind} from an HRIS export: every row checked, nothing written unless all are "
        "valid (or --partial); importing the same file again changes nothing."
    )
    return command


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of must be a date (YYYY-MM-DD); got {text!r}")


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add ``import …``, ``export frames|framework`` and ``people …``."""
    for kind in KINDS:
        groups["import"].command(kind)(import_command(kind))
    groups["import"].command("framework")(import_framework)
    groups["export"].command("frames")(export_frames)
    groups["export"].command("framework")(export_framework)
    people_app.command("export")(person_export)
    people_app.command("erase")(person_erase)
    app.add_typer(people_app, name="people")
