"""People import and frames read, on SQLite and PostgreSQL, each beside a baseline.

Import: a people CSV (quick 20,000 rows, full 1,000,000) through ``run_import`` (every row
checked by ``ingest``, then stored) into a fresh database, beside a plain Django
``bulk_create`` loop of the same rows and, on PostgreSQL, a bare ``COPY`` of the same CSV
into a table of text columns (the floor); then the same file again (it writes nothing),
beside the first import. Frames: an organisation (quick 20,000 people and
200,000 events, full 1,000,000 and 10,000,000) stored with ``do_store_frames``, then read by
``frames_from_db``, beside a naive ORM read (model instances) timed on a subset and
extrapolated per row. PostgreSQL runs when MULTITRACK_TEST_POSTGRES names a server.
``--rows N`` sets the people (the organisation keeps 10 events each).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from multitrack.analytics.frames import SCHEMAS, Frames
from multitrack.core import load
from multitrack.core.templates import path as template_path

HEADER = [
    "Employee ID", "Name", "Email", "Job Family", "Zone", "Track", "Band", "Manager ID",
    "Hire Date", "Annual Salary", "Currency", "FTE",
]  # fmt: skip
LEVELS = [("specialist", f"B{b}") for b in range(1, 9)] + [
    ("management", f"B{b}") for b in range(4, 9)
]


def _dates(rng: np.random.Generator, start: str, days: int, n: int) -> pl.Series:
    return pl.Series(np.datetime64(start, "D") + rng.integers(0, days, n)).cast(pl.Date)


def _people(n: int, seed: int = 1) -> pl.DataFrame:
    """n people in a tree (each row's manager is an earlier row), valid on the starter."""
    rng = np.random.default_rng(seed)
    idx = np.arange(n)
    manager = np.where(idx == 0, -1, (rng.random(n) * np.maximum(idx, 1) / 8).astype(np.int64))
    level = rng.integers(0, len(LEVELS), n)
    hire = _dates(rng, "2010-01-01", 5000, n)
    ids = pl.Series([f"E{i:07d}" for i in idx])
    return pl.DataFrame(
        {
            "person_id": ids,
            "name": pl.Series([f"Person {i}" for i in idx]),
            "email": pl.Series([f"p{i}@example.org" for i in idx]),
            "family": np.where(rng.random(n) < 0.7, "engineering", "design"),
            "zone": np.where(rng.random(n) < 0.8, "core", "remote"),
            "track": [LEVELS[i][0] for i in level],
            "band": [LEVELS[i][1] for i in level],
            "manager_id": pl.Series([f"E{m:07d}" if m >= 0 else None for m in manager]),
            "hire_date": hire,
            "base": (40_000 + rng.random(n) * 120_000).round(0),
            "currency": "EUR",
            "fte": np.where(rng.random(n) < 0.1, 0.8, 1.0),
        }
    )


def _csv(people: pl.DataFrame, folder: Path) -> Path:
    out = folder / "people.csv"
    people.write_csv(out, include_header=False)
    text = out.read_text(encoding="utf-8")
    out.write_text(",".join(HEADER) + "\n" + text, encoding="utf-8")
    return out


def _timed(fn, *args, **kw):
    start = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - start


def _fresh(url: str) -> None:
    from multitrack.web.bootstrap import setup

    setup(url)
    from multitrack.web.frameworks.actions import do_adopt_framework, do_store_published_framework

    fw = load(template_path("starter"))
    do_store_published_framework(fw)
    do_adopt_framework(fw.name, fw.version)


def _bulk_create(file: Path, limit: int) -> int:
    """The baseline a Django developer writes first: csv rows -> Person objects -> bulk_create
    (the first ``limit`` rows; returns how many)."""
    from django.db import transaction

    from multitrack.web.people.models import Person

    with open(file, encoding="utf-8", newline="") as fh, transaction.atomic():
        reader = csv.reader(fh)
        next(reader)
        batch: list[Person] = []
        done = 0
        for r in reader:
            if done == limit:
                break
            done += 1
            batch.append(
                Person(
                    person_id=r[0], name=r[1], email=r[2], family=r[3], zone=r[4], track=r[5],
                    band=r[6], level=f"{r[5]}/{r[6]}", manager_id=r[7] or None,
                    hire_date=dt.date.fromisoformat(r[8]), fte=float(r[11]),
                )
            )  # fmt: skip
            if len(batch) == 10_000:
                Person.objects.bulk_create(batch)
                batch = []
        Person.objects.bulk_create(batch)
    return done


def _copy_floor(file: Path) -> None:
    """PostgreSQL COPY of the same CSV into a table of text columns: the fastest write there is."""
    from django.db import connection, transaction

    cols = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_copy ({cols})")
        with cursor.cursor.copy("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)") as cp:
            cp.write(file.read_bytes())
        cursor.execute("DROP TABLE bench_copy")


BULK_CREATE_ROWS = 100_000  # the baseline is timed on this many rows, extrapolated per row


def _import_rows(label: str, urls: list[str], file: Path, n: int, postgres: bool) -> list[dict]:
    from multitrack.web.storage.imports import run_import

    _fresh(urls[0])
    outcome, secs = _timed(run_import, "people", file, as_of=dt.date(2026, 6, 30))
    assert outcome.result.ok, outcome.result.problems[:5]
    again, again_secs = _timed(run_import, "people", file, as_of=dt.date(2026, 6, 30))
    assert not again.stored
    _fresh(urls[1])
    done, base = _timed(_bulk_create, file, BULK_CREATE_ROWS)
    rows = [
        {
            "name": f"import {n:,} people CSV, {label}",
            "seconds": secs,
            "baseline": f"Django bulk_create loop, people rows only ({done:,} timed, per row x n)",
            "baseline_seconds": base / done * n,
            "note": f"{n / secs:,.0f} rows/s checked and stored (people, pay, hire events)",
        },
        {
            "name": f"import the same {n:,}-row CSV again, {label} (writes nothing)",
            "seconds": again_secs,
            "baseline": "the first import of the file",
            "baseline_seconds": secs,
            "note": "every row checked and compared with what is stored",
        },
    ]
    if postgres:
        _, floor = _timed(_copy_floor, file)
        rows.append(
            {
                "name": f"import {n:,} people CSV, {label}",
                "seconds": secs,
                "baseline": "COPY of the same CSV into text columns",
                "baseline_seconds": floor,
                "note": f"{secs / floor:.1f}x the COPY floor ({n / floor:,.0f} rows/s)",
            }
        )
    return rows


def _org(people: pl.DataFrame, events_per_person: int, seed: int = 2) -> Frames:
    """An organisation for the frames read: people plus ``events_per_person`` events each."""
    rng = np.random.default_rng(seed)
    n = people.height
    frame = people.select(
        "person_id", "name", "email", "family", "zone", "track", "band",
        (pl.col("track") + "/" + pl.col("band")).alias("level"), "manager_id", "hire_date",
        pl.col("hire_date").alias("level_since"),
        pl.lit(None, pl.Date).alias("exit_date"), pl.lit(None, pl.String).alias("exit_reason"),
        pl.lit(None, pl.Boolean).alias("regretted"), pl.lit(None, pl.String).alias("aspiration"),
        pl.lit(3.0).alias("rating"), "fte", pl.col("base").alias("pay_annual_fte"),
        pl.lit(0.0).alias("variable_annual"),
    )  # fmt: skip
    m = n * events_per_person
    kinds = np.array(["rating", "pay_change", "promotion", "manager_change"])
    events = pl.DataFrame(
        {
            "person_id": people["person_id"].gather(np.repeat(np.arange(n), events_per_person)),
            "date": _dates(rng, "2021-01-01", 1800, m),
            "kind": kinds[rng.integers(0, 4, m)],
            "from_track": "specialist",
            "from_band": "B3",
            "to_track": "specialist",
            "to_band": "B4",
            "value": rng.random(m) * 5,
            "detail": None,
        }
    ).with_columns(pl.col("detail").cast(pl.String))
    events = events.select([pl.col(c).cast(t) for c, t in SCHEMAS["events"].items()])
    return Frames(framework=load(template_path("starter")), people=frame, events=events,
                  as_of="2026-06-30")  # fmt: skip


def _naive_read(limit: int) -> float:
    """Seconds per row of the naive ORM read: model instances turned into row tuples."""
    from multitrack.web.people.models import HistoryEvent

    start = time.perf_counter()
    rows = [
        (e.person_id, e.date, e.kind, e.from_track, e.from_band, e.to_track, e.to_band, e.value,
         e.detail)
        for e in HistoryEvent.objects.all()[:limit].iterator(chunk_size=10_000)
    ]  # fmt: skip
    return (time.perf_counter() - start) / max(len(rows), 1)


def _frames_rows(label: str, url: str, org: Frames, subset: int) -> list[dict]:
    from multitrack.web.bootstrap import frames_from_db, setup
    from multitrack.web.storage.store import do_store_frames

    setup(url)
    _, store = _timed(do_store_frames, org)
    got, read = _timed(frames_from_db, url)
    assert got.events.height == org.events.height
    rows = got.people.height + got.events.height
    per_row = _naive_read(subset)
    naive = per_row * rows
    people_events = f"{org.people.height:,} people + {org.events.height:,} events"
    return [
        {
            "name": f"store frames ({people_events}), {label}",
            "seconds": store,
            "note": f"{rows / store:,.0f} rows/s (COPY / executemany, one transaction)",
        },
        {
            "name": f"frames_from_db ({people_events}), {label}",
            "seconds": read,
            "baseline": f"naive ORM read, {subset:,} rows timed, extrapolated",
            "baseline_seconds": naive,
            "note": f"{rows / read:,.0f} rows/s",
        },
    ]


def run(quick: bool = False, rows: int | None = None) -> list[dict]:
    """``rows`` (``--rows``): people in the CSV and the organisation, instead of the mode's."""
    from multitrack.web.bootstrap import configure, setup

    configure()

    n, per, subset = (20_000, 10, 20_000) if quick else (1_000_000, 10, 200_000)
    if rows:
        n, subset = rows, min(subset, rows * per)
    server = os.environ.get("MULTITRACK_TEST_POSTGRES", "")
    out: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        people = _people(n)
        file = _csv(people, folder)
        sqlite = [f"sqlite:///{folder / name}.sqlite3" for name in ("a", "b", "c")]
        out += _import_rows("SQLite", sqlite[:2], file, n, postgres=False)
        org = _org(people, per)
        out += _frames_rows("SQLite", sqlite[2], org, subset)
        if server:
            out += _postgres(server, file, n, org, subset)
    setup("sqlite:///:memory:")
    return out


def _postgres(server: str, file: Path, n: int, org: Frames, subset: int) -> list[dict]:
    from multitrack.web.testing.databases import create_database, drop_database

    made = [create_database(server, "multitrack_bench") for _ in range(3)]
    try:
        urls = [u for u, _ in made]
        return _import_rows("PostgreSQL", urls[:2], file, n, postgres=True) + _frames_rows(
            "PostgreSQL", urls[2], org, subset
        )
    finally:
        from multitrack.web.bootstrap import setup

        setup("sqlite:///:memory:", migrate=False)
        for _, name in made:
            drop_database(server, name)
