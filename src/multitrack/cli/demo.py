"""``multitrack demo``: generate a demo organisation, store it, print its summary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import polars as pl
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from multitrack.cli.common import DbOption, JsonOption, err_console, fail, render

MAX_PEOPLE = 1_000_000


@contextmanager
def progress_bars(enabled: bool = True) -> Iterator[Progress]:
    """Rich progress bars on stderr (hidden with ``--json`` so stdout stays machine-readable)."""
    bars = Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not enabled,
        transient=False,
    )
    with bars:
        yield bars


def store_with_progress(frames, bars: Progress, basis: str) -> dict[str, int]:
    """Store ``frames`` with one bar per frame."""
    from multitrack.web.storage.store import do_store_frames

    tasks = {
        name: bars.add_task(f"storing {name}", total=max(df.height, 1))
        for name, df in frames.items()
    }

    def tick(name: str, rows: int) -> None:
        bars.advance(tasks[name], rows)

    counts = do_store_frames(frames, demographic_basis=basis, progress=tick)
    for name, task in tasks.items():
        bars.update(task, completed=max(counts.get(name, 0), 1))
    return counts


def org_summary(frames, where: str):  # -> multitrack.analytics.report.Report
    """Headcount by band and track, managers and span, events by kind, rows per frame."""
    from multitrack.analytics.report import Report, Table

    people = frames.people
    active = people.filter(pl.col("exit_date").is_null())
    fw = frames.framework
    headcount = _headcount(active, fw)
    reports = active.group_by("manager_id").len().drop_nulls("manager_id")
    managers = reports.filter(pl.col("manager_id").is_in(active["person_id"].implode()))
    spans = managers["len"]
    overview = pl.DataFrame(
        {
            "measure": [
                "people employed",
                "people who left",
                "managers",
                "widest span",
                "management layers",
                "families",
                "zones",
            ],
            "value": [
                active.height,
                people.height - active.height,
                managers.height,
                int(spans.max() or 0),
                _layers(active),
                active["family"].n_unique(),
                active["zone"].n_unique(),
            ],
        }
    )
    events = frames.events.group_by("kind").len("events").sort("events", descending=True)
    rows = pl.DataFrame(
        {"frame": [n for n, _ in frames.items()], "rows": [df.height for _, df in frames.items()]}
    )
    return Report(
        kind="demo",
        title=f"Demo organisation on {fw.name} (version {fw.version}), as of {frames.as_of}",
        tables=(
            Table(
                "overview",
                "Organisation",
                overview,
                {"value": "int"},
                note=f"mean span of control {spans.mean() or 0:.1f}",
            ),
            Table(
                "headcount",
                "Headcount by band and track (employed)",
                headcount,
                {c: "int" for c in headcount.columns if c != "band"},
            ),
            Table("events", "History events by kind", events, {"events": "int"}),
            Table("frames", "Stored rows per frame", rows, {"rows": "int"}),
        ),
        notes=(f"stored in {where}",),
        meta={"database": where, "as_of": frames.as_of},
    )


def _layers(active: pl.DataFrame) -> int:
    """Depth of the management tree among employed people (1 = nobody has a manager)."""
    links = active.select("person_id", "manager_id")
    ids = links["person_id"].implode()
    level = links.filter(pl.col("manager_id").is_null() | ~pl.col("manager_id").is_in(ids))
    depth = 0
    seen = 0
    while level.height and seen < active.height:
        depth, seen = depth + 1, seen + level.height
        level = links.join(level.select(pl.col("person_id").alias("manager_id")), on="manager_id")
    return depth


def _headcount(active: pl.DataFrame, fw) -> pl.DataFrame:
    """Band rows (top band first) by track columns, with a total column."""
    counts = active.group_by("band", "track").len()
    tracks = [t for t in fw.tracks if t in set(counts["track"].to_list())]
    wide = counts.pivot(on="track", index="band", values="len").fill_null(0)
    for t in tracks:
        if t not in wide.columns:
            wide = wide.with_columns(pl.lit(0).alias(t))
    order = {b: i for i, b in enumerate(fw.spine)}
    wide = wide.with_columns(pl.sum_horizontal(tracks).alias("total"))
    return wide.select("band", *tracks, "total").sort(
        pl.col("band").replace_strict(order, default=-1), descending=True
    )


def demo(
    people: int = typer.Option(200, "--people", help="Headcount to generate (50 to 1,000,000)."),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed, the same org."),
    template: str = typer.Option("starter", "--template", help="Framework template name."),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Build a realistic demo organisation, store it (replacing what is stored), summarise it."""
    from multitrack.core.templates import names
    from multitrack.web.bootstrap import setup
    from multitrack.web.common.errors import StorageError
    from multitrack.web.config import redact

    if not 1 <= people <= MAX_PEOPLE:
        fail(f"--people must be between 1 and {MAX_PEOPLE:,}; got {people:,}")
    if template not in names():
        fail(f"unknown template {template!r}; choose one of: {', '.join(names())}")
    try:
        url = setup(db)
        try:
            from multitrack.demo import generate
        except ImportError:
            fail("the demo generator (multitrack.demo.generate) is not part of this build")
        with progress_bars(not as_json) as bars:
            task = bars.add_task(f"generating {people:,}", total=None)
            frames = generate(people, seed=seed, template=template)
            bars.update(task, total=1, completed=1)
            store_with_progress(frames, bars, basis="synthetic demo data")
    except StorageError as exc:
        fail(str(exc))
    render(org_summary(frames, redact(url)), as_json)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add ``demo`` to the root command."""
    app.command("demo")(demo)
