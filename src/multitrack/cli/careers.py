"""Career-planning commands: plan, candidates, match."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import typer
from rich.table import Table

from multitrack.cli.common import (
    DbOption,
    FramesOption,
    JsonOption,
    console,
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


def plan(
    person: str = typer.Argument(..., help="The person's id."),
    target: str = typer.Option(
        None, "--target", help="Target level (track/band); default: the best-prepared next step."
    ),
    db: str = DbOption,
    frames: Path = FramesOption,
    as_json: bool = JsonOption,
) -> None:
    """A person's gaps on every reachable track, track fit, routes and a development plan."""
    from multitrack.analytics.careers.planning import (
        development_plan,
        gap_analysis,
        routes,
        track_fit,
    )

    org = open_frames(db, frames)
    try:
        gaps = gap_analysis(org, person)
        fits = track_fit(org, person)
        chosen = target or (gaps[0].target if gaps else None)
        found = routes(org, person, chosen) if chosen else []
        dev = development_plan(org, person, chosen) if chosen else None
    except KeyError as exc:
        fail(f"unknown person or level: {exc.args[0]}")
    if as_json:
        print_json(
            {
                "person_id": person,
                "gaps": [_gap_json(r) for r in gaps],
                "track_fit": [
                    {
                        "track": f.track,
                        "level": f.level,
                        "fit": f.fit,
                        "match": f.match,
                        "aspiration": f.aspiration,
                        "reasons": f.reasons,
                    }
                    for f in fits
                ],
                "target": chosen,
                "routes": [
                    {"levels": r.levels, "years": r.years, "steps": [_gap_json(s) for s in r.steps]}
                    for r in found
                ],
                "plan": None
                if dev is None
                else {
                    "readiness": dev.readiness,
                    "actions": [a.__dict__ for a in dev.actions],
                    "note": dev.note,
                },
            }
        )
        return
    t = Table(title=f"Next steps for {person}")
    for col in ("target", "move", "readiness", "competencies", "other requirements", "gaps"):
        t.add_column(col)
    for r in gaps:
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
    for x in fits:
        f.add_row(x.track, x.level, _pct(x.fit), x.reasons)
    console.print(f)
    for i, r in enumerate(found, 1):
        start = org.people.filter(pl.col("person_id") == person)["level"][0]
        console.print(
            f"[bold]Route {i}[/] to {chosen}: {' → '.join([start, *r.levels])} "
            f"(about {r.years:.1f} years)"
        )
    if dev is not None:
        d = Table(title=f"Development plan towards {chosen} (readiness {_pct(dev.readiness)})")
        for col in ("kind", "action", "competencies", "owner", "why"):
            d.add_column(col)
        for a in dev.actions:
            d.add_row(a.kind, a.what, ", ".join(a.competencies), a.owner, a.reason)
        console.print(d)
        console.print(f"[dim]{dev.note}[/]")


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
