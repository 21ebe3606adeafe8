"""Career-planning commands: plan, candidates, match."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import typer
from rich.table import Table

from multitrack.cli.common import (
    DbOption,
    FramesOption,
    JsonOption,
    console,
    err_console,
    fail,
    open_frames,
    print_json,
)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _gap_json(r) -> dict:
    return {
        "target": r.target,
        "kind": r.kind,
        "rule": r.rule,
        "readiness": r.readiness,
        "competency_coverage": r.competency_coverage,
        "requirements_met": r.requirements_met,
        "ready": r.ready,
        "competencies": [
            {
                "competency": g.competency,
                "expected": g.expected,
                "expected_step": g.expected_step,
                "assessed": g.assessed,
                "shortfall": g.shortfall,
            }
            for g in r.competencies
        ],
        "requirements": [
            {"kind": c.kind, "requirement": c.requirement, "met": c.met, "detail": c.detail}
            for c in r.requirements
        ],
    }


SAVE_HELP = "Save the plan shown in the database (--db), or add what is new to it."
STORED_ONLY = (
    "plans are saved only in a database: use --db URL for --save, --progress, --done and "
    "--status (from --frames a plan is shown, and written with --export FILE)"
)


def plan(
    person: str = typer.Argument(..., help="The person's id."),
    target: str = typer.Option(
        None, "--target", help="Target level (track/band); default: the best-prepared next step."
    ),
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
    save: bool = typer.Option(False, "--save", help=SAVE_HELP),
    months: int = typer.Option(
        12, "--due-in-months", min=1, max=60, help="Horizon the due dates are spread over."
    ),
    progress: bool = typer.Option(
        False, "--progress", help="Show saved plans: each action's status, readiness then/now."
    ),
    done: list[int] = typer.Option(
        None, "--done", help="Record plan action ID as done; repeatable."
    ),
    status: list[str] = typer.Option(
        None, "--status", help="ACTION_ID=STATUS (planned, active, done, dropped); repeatable."
    ),
    export: Path = typer.Option(None, "--export", help="Write the plan to FILE (.json or .csv)."),
) -> None:
    """A person's gaps on every reachable track, track fit, routes and a development plan.

    With --db the plan can be saved and its progress recorded; from --frames it is shown
    and exported only.
    """
    from multitrack.analytics.careers.schedule import EXPORT_SUFFIXES, write_plan

    tracking = bool(progress or done or status)
    if frames is not None and (save or tracking):
        fail(STORED_ONLY)
    if tracking and (save or export is not None):
        fail("--progress, --done and --status show or record progress: not with --save or --export")
    if export is not None and export.suffix.lower() not in EXPORT_SUFFIXES:
        fail(f"--export {export}: write a .json or .csv file")
    if tracking:
        _track(person, db, _changes(done or [], status or []), as_json)
        return
    org = open_frames(db, frames)
    shown = _compute(org, person, target, months)
    saved = _save(shown, months) if save else None
    if export is not None and shown.record is not None:
        try:
            write_plan(export, shown.record)
        except OSError as exc:
            fail(f"cannot write {export}: {exc}")
    if as_json:
        print_json(_plan_json(shown, saved))
    else:
        _print_plan(org, shown)
        _print_saved(saved)
    if export is not None:
        err_console.print(f"wrote the plan to {export}" if shown.record else "no plan to export")


@dataclass
class _Shown:
    person: str
    gaps: list
    fits: list
    target: str | None
    routes: list
    plan: object | None  # analytics DevelopmentPlan
    actions: list  # ScheduledAction
    made_on: dt.date
    record: dict | None


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _compute(org, person: str, target: str | None, months: int) -> _Shown:
    from multitrack.analytics.careers.planning import (
        development_plan,
        gap_analysis,
        routes,
        track_fit,
    )
    from multitrack.analytics.careers.profiles import person_state
    from multitrack.analytics.careers.schedule import plan_record, schedule_plan

    today = _today()
    try:
        gaps = gap_analysis(org, person)
        fits = track_fit(org, person)
        chosen = target or (gaps[0].target if gaps else None)
        found = routes(org, person, chosen) if chosen else []
        dev = development_plan(org, person, chosen) if chosen else None
    except KeyError as exc:
        fail(f"unknown person or level: {exc.args[0]}")
    actions, record = [], None
    if dev is not None:
        state = person_state(org, person)
        actions = schedule_plan(dev, state, org.courses, start=today, months=months)
        record = plan_record(dev, actions, start=today, months=months)
    return _Shown(person, gaps, fits, chosen, found, dev, actions, today, record)


def _plan_json(shown: _Shown, saved) -> dict:
    return {
        "person_id": shown.person,
        "gaps": [_gap_json(r) for r in shown.gaps],
        "track_fit": [
            {
                "track": f.track,
                "level": f.level,
                "fit": f.fit,
                "match": f.match,
                "aspiration": f.aspiration,
                "reasons": f.reasons,
            }
            for f in shown.fits
        ],
        "target": shown.target,
        "routes": [
            {"levels": r.levels, "years": r.years, "steps": [_gap_json(s) for s in r.steps]}
            for r in shown.routes
        ],
        "plan": shown.record,
        "saved": None
        if saved is None
        else {"plan_id": saved.plan.pk, "created": saved.created, "added": saved.added},
    }


def _print_plan(org, shown: _Shown) -> None:
    t = Table(title=f"Next steps for {shown.person}")
    for col in ("target", "move", "readiness", "competencies", "other requirements", "gaps"):
        t.add_column(col)
    for r in shown.gaps:
        t.add_row(
            r.target,
            r.kind,
            _pct(r.readiness),
            _pct(r.competency_coverage),
            _pct(r.requirements_met),
            ", ".join(f"{g.competency} (−{g.shortfall:.1f})" for g in r.gaps[:4]),
        )
    console.print(t)
    f = Table(title="Track fit at the person's band")
    for col in ("track", "level", "fit", "why"):
        f.add_column(col)
    for x in shown.fits:
        f.add_row(x.track, x.level, _pct(x.fit), x.reasons)
    console.print(f)
    start = org.people.filter(pl.col("person_id") == shown.person)["level"][0]
    for i, r in enumerate(shown.routes, 1):
        console.print(
            f"[bold]Route {i}[/] to {shown.target}: {' → '.join([start, *r.levels])} "
            f"(about {r.years:.1f} years)"
        )
    if shown.plan is not None:
        _print_actions(shown)


def _owner(role: str, owner_id: str | None) -> str:
    return f"{role}: {owner_id}" if owner_id and role != "person" else (owner_id or role)


def _print_actions(shown: _Shown) -> None:
    from multitrack.analytics.careers.schedule import DUE_RULE, OWNER_RULE

    dev = shown.plan
    d = Table(title=f"Development plan towards {shown.target} (readiness {_pct(dev.readiness)})")
    for col in ("kind", "action", "competencies", "owner", "due", "why"):
        d.add_column(col)
    for a in shown.actions:
        d.add_row(
            a.kind,
            a.what,
            ", ".join(a.competencies),
            _owner(a.owner_role, a.owner_id),
            a.due.isoformat(),
            a.reason,
        )
    console.print(d)
    console.print(f"[dim]Owners: {OWNER_RULE}. Due dates: {DUE_RULE}.[/]")
    console.print(f"[dim]{dev.note}[/]")


def _save(shown: _Shown, months: int):
    """Save the plan shown (the database is the one ``open_frames`` set up)."""
    from multitrack.web.careers.actions import do_save_plan
    from multitrack.web.common.errors import StorageError

    if shown.plan is None:
        fail(f"no plan to save: {shown.person} has no next step to plan towards; give --target")
    try:
        return do_save_plan(shown.plan, shown.actions, made_on=shown.made_on, months=months)
    except StorageError as exc:
        fail(str(exc))


def _print_saved(saved) -> None:
    if saved is None:
        return
    if saved.created:
        console.print(f"Saved plan {saved.plan.pk} with {saved.added} action(s) as a draft.")
    elif saved.added:
        console.print(f"Added {saved.added} new action(s) to open plan {saved.plan.pk}.")
    else:
        console.print(f"Plan {saved.plan.pk} already holds these actions: nothing changed.")


def _changes(done: list[int], status: list[str]) -> list[tuple[int, str]]:
    out = [(i, "done") for i in done]
    for spec in status:
        key, sep, value = spec.partition("=")
        if not sep or not key.strip().isdigit() or not value.strip():
            fail(f"--status {spec!r}: write ACTION_ID=STATUS, e.g. 12=active")
        out.append((int(key), value.strip()))
    ids = [i for i, _ in out]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        fail(f"action {', '.join(map(str, repeated))} given more than once")
    return out


def _track(person: str, db: str | None, changes: list[tuple[int, str]], as_json: bool) -> None:
    """Record progress (all or nothing), then show the person's saved plans."""
    from multitrack.web.bootstrap import setup
    from multitrack.web.common.errors import StorageError

    today = _today()
    try:
        setup(db)  # before the models are imported
        from multitrack.web.careers.actions import do_record_progress

        changed = do_record_progress(person, changes, on=today) if changes else []
    except StorageError as exc:
        fail(str(exc))
    org = open_frames(db, None)  # read after the changes: readiness now counts them
    from multitrack.web.careers.queries import plan_progress

    try:
        plans = plan_progress(person, org, today=today)
    except StorageError as exc:
        fail(str(exc))
    if as_json:
        print_json({"changed": [a.pk for a in changed], "plans": [p.to_dict() for p in plans]})
        return
    for a in changed:
        console.print(f"Recorded action {a.pk} ({a.what}) as {a.status}.")
    if changes and not changed:
        console.print("Every action given already had that status: nothing changed.")
    if not plans:
        console.print(f"No saved plans for {person}: save one with --save.")
    for p in plans:
        _print_progress(p)


def _print_progress(p) -> None:
    now = "—" if p.readiness_now is None else _pct(p.readiness_now)
    t = Table(
        title=(
            f"Plan {p.id} towards {p.target} ({p.status}, made {p.made_on} on {p.framework}): "
            f"{p.done} of {p.kept} done, {p.overdue} overdue; readiness "
            f"{_pct(p.readiness_then)} then, {now} now"
        ),
        title_justify="left",
    )
    for col in ("id", "kind", "action", "owner", "due", "status", "completed"):
        t.add_column(col)
    for a in p.actions:
        state = f"[red]{a.status}, overdue[/]" if a.overdue else a.status
        t.add_row(
            str(a.id),
            a.kind,
            a.what,
            _owner(a.owner_role, a.owner_id),
            a.due.isoformat(),
            state,
            a.completed_on.isoformat() if a.completed_on else "",
        )
    console.print(t)
    if p.readiness_now is None:
        console.print(f"[yellow]warning:[/] {p.target} is no longer a level of the framework")


def candidates(
    track: str = typer.Option(..., "--track", help="Target track."),
    band: str = typer.Option(..., "--band", help="Target band."),
    top: int = typer.Option(20, "--top", min=1, help="How many to list."),
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
) -> None:
    """Candidates for a track and band, ranked by readiness and interest, with reasons."""
    from multitrack.analytics.careers.candidates import candidates as find

    org = open_frames(db, frames)
    try:
        result = find(org, track, band, top=top)
    except KeyError as exc:
        fail(f"the framework has no level {exc.args[0]}")
    if as_json:
        print_json(
            {
                "target": result.target,
                "pool": result.pool,
                "note": result.note,
                "warnings": result.warnings,
                "candidates": result.ranked.to_dicts(),
                "bias_check": result.bias.to_dicts(),
            }
        )
        return
    t = Table(title=f"Candidates for {result.target} ({result.pool} one move away)")
    for col in ("rank", "person", "from", "readiness", "interest", "reasons"):
        t.add_column(col)
    for r in result.ranked.iter_rows(named=True):
        t.add_row(
            str(r["rank"]),
            f"{r['name']} ({r['person_id']})",
            r["source"],
            _pct(r["readiness"]),
            "yes" if r["interest"] else "",
            r["reasons"],
        )
    console.print(t)
    if result.bias.height:
        b = Table(title="Bias check (selection into this list by group)")
        for col in ("field", "group", "n", "selected", "rate", "impact ratio"):
            b.add_column(col)
        for r in result.bias.iter_rows(named=True):
            ratio = "" if r["impact_ratio"] is None else f"{r['impact_ratio']:.2f}"
            b.add_row(
                r["field"],
                r["group"],
                str(r["n"]),
                str(r["selected"]),
                _pct(r["rate"]),
                f"[red]{ratio}[/]" if r["flag"] else ratio,
            )
        console.print(b)
    for w in result.warnings:
        console.print(f"[yellow]warning:[/] {w}")
    console.print(f"[dim]{result.note}[/]")


def match(
    openings: Path = typer.Option(None, "--openings", help="CSV with opening_id and level."),
    level: list[str] = typer.Option(
        None, "--level", help="LEVEL=COUNT, e.g. management/B5=3 (repeatable)."
    ),
    top_k: int = typer.Option(50, "--top-k", help="Candidates kept per opening when blocked."),
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
) -> None:
    """Assign candidates to openings at least total cost (exact, or blocked sparse at scale)."""
    from multitrack.analytics.careers.matching import match_openings

    table = _openings(openings, level or [])
    org = open_frames(db, frames)
    unknown = sorted(set(table["level"]) - set(org.framework.levels))
    if unknown:
        fail(f"unknown level(s): {', '.join(unknown)}")
    result = match_openings(org, table, top_k=top_k)
    out = result.frame()
    if as_json:
        print_json(
            {
                "method": result.method,
                "filled": result.filled,
                "total_cost": result.total,
                "assignments": out.to_dicts(),
            }
        )
        return
    t = Table(title=f"Assignment ({result.method}): {result.filled} of {out.height} filled")
    for col in ("opening", "person", "cost"):
        t.add_column(col)
    for r in out.iter_rows(named=True):
        t.add_row(r["opening_id"], r["person_id"] or "[dim]unfilled[/]", f"{r['cost']:.3f}")
    console.print(t)


def _openings(path: Path | None, levels: list[str]) -> pl.DataFrame:
    rows: list[dict[str, str]] = []
    if path is not None:
        try:
            given = pl.read_csv(path, infer_schema=False)
        except (OSError, pl.exceptions.PolarsError) as exc:
            fail(f"{path}: {exc}")
        missing = {"opening_id", "level"} - set(given.columns)
        if missing:
            fail(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        rows.extend(given.select("opening_id", "level").to_dicts())
    for spec in levels:
        key, _, count = spec.partition("=")
        if not count.isdigit() or int(count) < 1:
            fail(f"--level {spec!r}: write LEVEL=COUNT, e.g. management/B5=2")
        rows.extend({"opening_id": f"{key}#{i + 1}", "level": key} for i in range(int(count)))
    if not rows:
        fail("give --openings FILE or at least one --level LEVEL=COUNT")
    return pl.DataFrame(rows)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    app.command()(plan)
    app.command()(candidates)
    app.command()(match)
