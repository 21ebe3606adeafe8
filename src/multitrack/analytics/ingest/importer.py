"""The one entry point: read a file, map its columns, check every row, build the frames.

Problems about the file as a whole (unreadable, wrong encoding, missing columns, a bad
mapping) reject every row; problems about rows reject those rows. Either way every problem
is reported in one pass, and the caller decides whether to write nothing (the default) or
the valid rows only (a partial import, with ``rejected`` as the file to hand back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

import polars as pl

from multitrack.analytics.frames import empty
from multitrack.analytics.ingest.assessments import read_assessments
from multitrack.analytics.ingest.checks import Rows, among, listing
from multitrack.analytics.ingest.development import read_development
from multitrack.analytics.ingest.fields import FIELDS, KINDS, REQUIRED
from multitrack.analytics.ingest.groups import read_projects, read_workgroups
from multitrack.analytics.ingest.mapping import (
    ColumnMapping,
    MappingError,
    Resolved,
    resolve_columns,
)
from multitrack.analytics.ingest.pay import check_fx
from multitrack.analytics.ingest.people import read_people
from multitrack.analytics.ingest.refs import Context, FrameworkRefs
from multitrack.analytics.ingest.result import (
    IngestResult,
    concat_problems,
    file_problem,
)
from multitrack.analytics.ingest.source import read_source
from multitrack.analytics.ingest.table import Table
from multitrack.analytics.ingest.values import clean, constant
from multitrack.core import Framework

__all__ = ["ingest"]

FRAMES_OF = {
    "people": ("people", "pay", "events"),
    "assessments": ("assessments",),
    "workgroups": ("workgroups", "memberships"),
    "projects": ("projects", "assignments"),
    "development": ("development", "courses"),
}
Reader = Callable[[Rows, Context], dict[str, pl.DataFrame]]


def _reader(kind: str) -> Reader:
    readers: dict[str, Reader] = {
        "people": read_people,
        "assessments": read_assessments,
        "workgroups": read_workgroups,
        "projects": read_projects,
        "development": read_development,
    }
    return readers[kind]


def ingest(
    kind: str,
    source: str | Path | bytes,
    framework: Framework,
    *,
    mapping: ColumnMapping | str | Path | None = None,
    known_people: Collection[str] = (),
    known_managers: Mapping[str, str] | None = None,
    as_of: dt.date | None = None,
    fx: pl.DataFrame | None = None,
    known_courses: Collection[str] = (),
) -> IngestResult:
    """Read and check one HRIS export of ``kind``; never raises on bad input.

    ``source`` is a path or the file's bytes (CSV in any common encoding, or XLSX).
    ``known_people`` are ids already stored (valid manager and person references);
    ``known_managers`` the stored person → manager links (for cycles across file and
    store); ``fx`` a dated exchange-rate table; ``as_of`` the date of the export (today).
    """
    result = IngestResult(kind=kind)
    if kind not in KINDS:
        result.problems_frame = concat_problems(
            [file_problem(f"unknown import kind {kind!r}; kinds: {', '.join(KINDS)}")]
        )
        return result
    cm = _mapping(mapping)
    if isinstance(cm, str):
        result.problems_frame = concat_problems([file_problem(cm)])
        return result
    table = read_source(source, cm)
    result.encoding = table.encoding
    try:
        ctx = _context(framework, known_people, known_managers, known_courses, as_of)
        return _run(kind, table, cm, ctx, fx, result)
    except Exception as exc:  # noqa: BLE001 - the promise is problems, never a traceback
        result.problems_frame = concat_problems(
            [
                *table.problems,
                file_problem(f"internal error ({type(exc).__name__}: {exc}); please report it"),
            ]
        )
        return result


def _mapping(mapping: ColumnMapping | str | Path | None) -> ColumnMapping | str:
    if mapping is None:
        return ColumnMapping()
    if isinstance(mapping, ColumnMapping):
        return mapping
    try:
        return ColumnMapping.load(mapping)
    except MappingError as exc:
        return str(exc)


def _context(
    framework: Framework,
    known_people: Collection[str],
    known_managers: Mapping[str, str] | None,
    known_courses: Collection[str],
    as_of: dt.date | None,
) -> Context:
    return Context(
        refs=FrameworkRefs(framework),
        known_people=pl.Series("id", list(known_people), dtype=pl.String),
        known_managers=known_managers,
        known_courses=pl.Series("id", list(known_courses), dtype=pl.String),
        as_of=as_of or dt.datetime.now(dt.UTC).date(),
        fx=None,
    )


def _run(
    kind: str,
    table: Table,
    cm: ColumnMapping,
    ctx: Context,
    fx: pl.DataFrame | None,
    result: IngestResult,
) -> IngestResult:
    fatal = [p for p in table.problems if p.height and not table.headers]
    if (
        table.headers
        and table.data.height == 0
        and (table.broken is None or table.broken.height == 0)
    ):
        fatal.append(file_problem("the file has a header but no data rows", row=1))
    resolved = resolve_columns(table.headers, kind, cm) if table.headers else None
    if resolved is not None:
        fatal += [file_problem(p, row=1) for p in resolved.problems]
        fatal += [file_problem(p) for p in cm.check_fields(kind)]
        fatal += _missing(kind, table.headers, resolved, cm)
        result.columns = dict(resolved.header)
    fx_table, fx_problems = check_fx(fx)
    fatal += fx_problems
    if fatal or resolved is None:
        return _finish(result, table, [*table.problems, *fatal], {}, fatal=True)
    rows = _rows(table, resolved, cm)
    ctx = Context(
        ctx.refs, ctx.known_people, ctx.known_managers, ctx.known_courses, ctx.as_of, fx_table
    )
    frames = _reader(kind)(rows, ctx)
    return _finish(result, table, rows.problems, frames, fatal=False)


def _rows(table: Table, resolved: Resolved, cm: ColumnMapping) -> Rows:
    """The table under our field names: cleaned strings, defaults filled in."""
    defaults = {**resolved.implied, **cm.defaults}
    columns = [pl.col("row")]
    header = dict(resolved.header)
    for name, i in resolved.index.items():
        col = f"c{i}"
        columns.append(pl.col(col).alias(name))
    df = table.data.select(columns)
    df = clean(df, list(resolved.index), cm.nulls)
    for name, value in defaults.items():
        if name in df.columns:
            df.replace_column(df.get_column_index(name), df[name].fill_null(value))
        else:  # hstack: a with_columns would copy the whole table into one chunk
            df = df.hstack([constant(value, df.height, pl.String()).alias(name)])
            header[name] = f"{name} (mapping default)"
    return Rows(df=df, header=header, mapping=cm, problems=list(table.problems))


def _missing(
    kind: str, headers: list[str], resolved: Resolved, cm: ColumnMapping
) -> list[pl.DataFrame]:
    """One problem per missing required field, naming the headers that would do."""
    present = set(resolved.index) | set(cm.defaults) | set(resolved.implied)
    out = []
    needs = list(REQUIRED[kind])
    for options in needs:
        if not present.intersection(options):
            names = " or ".join(options)
            expected = listing([a.title() for o in options for a in FIELDS[kind][o]], 10)
            out.append(
                f"no column for {names}: expected a header such as {expected} (or name it under "
                f"columns: in the mapping); headers found: {listing(headers, 30)}"
            )
    if kind == "people" and not (present & {"level", "title"} or {"track", "band"} <= present):
        have = " (the file has a track but no band column)" if "track" in present else ""
        out.append(
            "no column for the level: expected a level (Level, Job Level…), a job title, or a "
            f"track (Track, Career Track…) and a band (Band, Grade…){have}; headers found: "
            f"{listing(headers, 30)}"
        )
    return [file_problem(text, row=1) for text in out]


def _finish(
    result: IngestResult,
    table: Table,
    problems: list[pl.DataFrame],
    frames: dict[str, pl.DataFrame],
    *,
    fatal: bool,
) -> IngestResult:
    result.problems_frame = concat_problems(problems)
    data = table.data
    bad = result.problems_frame["row"]
    valid = constant(False, data.height, pl.Boolean()) if fatal else ~among(data["row"], bad)
    raw = table.raw(data) if table.headers else data
    result.valid_rows = raw.filter(valid)
    reasons = _reasons(result.problems_frame, fatal)
    rejected = raw.filter(~valid).join(reasons, on="row", how="left", maintain_order="left")
    if fatal:
        rejected = rejected.with_columns(
            reason=pl.lit(reasons["reason"].first() if reasons.height else None, pl.String)
        )
    if table.broken is not None and table.broken.height and table.headers:
        broken = table.broken.rename(
            {f"c{i}": h for i, h in enumerate(table.raw(data).columns[1:])}
        )
        rejected = pl.concat(
            [rejected, broken.select(rejected.columns)], how="vertical_relaxed"
        ).sort("row")
    result.rejected = rejected
    result.frames = {name: frames.get(name, empty(name)) for name in FRAMES_OF[result.kind]}
    return result


def _reasons(problems: pl.DataFrame, fatal: bool) -> pl.DataFrame:
    """One reason text per row: "column: reason; …" (for the rejects file)."""
    text = (
        pl.when(pl.col("column").is_not_null())
        .then(pl.format("{}: {}", "column", "reason"))
        .otherwise(pl.col("reason"))
    )
    if fatal:
        return problems.select(
            pl.lit(0, pl.Int64).alias("row"), text.str.join("; ").alias("reason")
        )
    return problems.group_by("row", maintain_order=True).agg(text.str.join("; ").alias("reason"))
