"""HRIS file validation: the people import of a large CSV, beside a per-row Python baseline.

Full mode: 1,000,000 people (14 columns, 0.1% bad rows of several kinds, a manager tree),
written twice: with empty fields quoted (as polars and many exports write them) and with
nothing quoted; quick mode: 20,000. Each import is timed as the best of two runs (the
machine is shared), then stage by stage, with the quick read beside the careful scan of
every line, and the peak memory of a fresh process importing the file.

The baseline applies the same checks (required and duplicate ids, track, level, family,
zone, email, hire and exit dates and their order, pay, FTE, rating, currency,
self-management, unknown managers, manager cycles) in a per-row loop over
``csv.DictReader``, building the valid people as it goes, the way a hand-written importer
does; it runs on a subset and is extrapolated linearly to the full size (its cost is linear
in rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from multitrack.analytics.ingest import IngestResult, importer, ingest
from multitrack.analytics.ingest.csvscan import read_csv_text
from multitrack.analytics.ingest.decode import decode
from multitrack.analytics.ingest.mapping import ColumnMapping, resolve_columns
from multitrack.analytics.ingest.people import read_people
from multitrack.analytics.ingest.source import read_source
from multitrack.core import Framework, load
from multitrack.core.templates import __file__ as _templates

AS_OF = dt.date(2024, 6, 30)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TRACKS = {"specialist": "B1 B2 B3 B4 B5 B6 B7 B8", "management": "B4 B5 B6 B7 B8"}


def _people_csv(n: int, path: Path, seed: int = 1) -> int:
    """Write ``n`` people; return how many rows were made bad on purpose."""
    rng = np.random.default_rng(seed)
    track = np.where(rng.random(n) < 0.15, "management", "specialist")
    band = np.where(track == "management", rng.choice(TRACKS["management"].split(), n),
                    rng.choice(TRACKS["specialist"].split(), n))  # fmt: skip
    idx = np.arange(n)
    manager = np.where(idx == 0, -1, (rng.random(n) * np.maximum(idx // 6, 1)).astype(np.int64))
    hire = np.datetime64("2005-01-01") + rng.integers(0, 7000, n).astype("timedelta64[D]")
    frame = pl.DataFrame(
        {
            "Employee ID": [f"E{i:07d}" for i in range(n)],
            "Name": [f"Person {i}" for i in range(n)],
            "Work Email": [f"p{i}@example.org" for i in range(n)],
            "Job Family": rng.choice(["engineering", "design"], n),
            "Location": rng.choice(["core", "remote"], n),
            "Track": track,
            "Band": band,
            "Manager ID": [f"E{m:07d}" if m >= 0 else "" for m in manager],
            "Hire Date": hire.astype(str),
            "Annual Salary": rng.integers(40_000, 250_000, n).astype(str),
            "Currency": ["EUR"] * n,
            "FTE": rng.choice(["1", "0.8", "0.5"], n, p=[0.85, 0.1, 0.05]),
            "Termination Date": [""] * n,
            "Performance Rating": rng.choice(["2", "3", "4", "5"], n),
        }
    )
    bad = rng.choice(np.arange(1, n), max(1, n // 1000), replace=False)
    kinds = np.arange(len(bad)) % 4
    spoil = {"Track": "specialst", "Hire Date": "2020-13-01", "Annual Salary": "-100",
             "Manager ID": "E9999999"}  # fmt: skip
    frame = frame.with_columns(
        pl.when(pl.int_range(n).is_in(bad[kinds == k].tolist()))
        .then(pl.lit(v))
        .otherwise(c)
        .alias(c)
        for k, (c, v) in enumerate(spoil.items())
    )
    frame.write_csv(path)
    return len(bad)


def _row_problems(rec: dict[str, str], fw: Framework) -> list[tuple[str, str]]:
    """The checks of one row, as a hand-written importer does them."""
    out = []
    track, band = rec["Track"].strip(), rec["Band"].strip()
    if track not in fw.tracks:
        out.append(("Track", "unknown track"))
    elif f"{track}/{band}" not in fw.levels:
        out.append(("Band", "unknown level"))
    if rec["Job Family"].strip() not in fw.families:
        out.append(("Job Family", "unknown family"))
    if rec["Location"].strip() not in fw.zones:
        out.append(("Location", "unknown zone"))
    if not _EMAIL.match(rec["Work Email"].strip()):
        out.append(("Work Email", "not an email"))
    dates = {}
    for col in ("Hire Date", "Termination Date"):
        text = rec[col].strip()
        try:
            dates[col] = dt.date.fromisoformat(text) if text else None
        except ValueError:
            out.append((col, "bad date"))
    hired, left = dates.get("Hire Date"), dates.get("Termination Date")
    if hired and left and left < hired:
        out.append(("Termination Date", "before hire"))
    for col, low, high in (
        ("Annual Salary", 0, None),
        ("FTE", 0, 1.5),
        ("Performance Rating", 1, 5),
    ):
        try:
            value = float(rec[col].replace(",", ""))
            if value < low or (high is not None and value > high):
                out.append((col, "out of range"))
        except ValueError:
            out.append((col, "not a number"))
    if rec["Currency"].strip() != "EUR":
        out.append(("Currency", "no exchange rate"))
    return out


def _baseline(path: Path, limit: int, fw: Framework) -> tuple[int, int]:
    """The same checks row by row over csv.DictReader, building the valid people; returns
    (rows, problems)."""
    problems: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    managers: dict[str, str] = {}
    people: dict[str, dict] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for line, rec in enumerate(csv.DictReader(f), start=2):
            if line - 1 > limit:
                break
            pid = rec["Employee ID"].strip()
            found = _row_problems(rec, fw)
            if not pid:
                found.append(("Employee ID", "missing"))
            elif pid in seen:
                found.append(("Employee ID", f"duplicate of row {seen[pid]}"))
            else:
                seen[pid] = line
            manager = rec["Manager ID"].strip()
            if manager == pid:
                found.append(("Manager ID", "manages themself"))
            elif manager:
                managers[pid] = manager
            problems += [(line, c, r) for c, r in found]
            if not found:
                people[pid] = {"level": f"{rec['Track']}/{rec['Band']}", "manager": manager,
                               "pay": float(rec["Annual Salary"]) / float(rec["FTE"])}  # fmt: skip
    for pid, m in managers.items():
        if m not in seen:
            problems.append((seen[pid], "Manager ID", "unknown"))
    problems += _baseline_cycles(managers, seen)
    return len(people), len(problems)


def _baseline_cycles(managers: dict[str, str], rows: dict[str, int]) -> list[tuple[int, str, str]]:
    """Walk up from every person with a memo of people known to reach a root."""
    safe: set[str] = set()
    out = []
    for start in managers:
        path, x = [], start
        on_path: set[str] = set()
        while x in managers and x not in safe and x not in on_path:
            on_path.add(x)
            path.append(x)
            x = managers[x]
        if x in on_path:
            out.append((rows[start], "Manager ID", "cycle"))
        else:
            safe.update(path)
    return out


def _timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def _best(runs: int, fn, *args, **kw):
    """The fastest of ``runs`` calls (the machine is shared: the others measure the load)."""
    results = [_timed(fn, *args, **kw) for _ in range(runs)]
    return results[-1][0], min(secs for _, secs in results)


def _stages(path: Path, framework: Framework) -> dict[str, float]:
    """The import of ``path`` stage by stage (the steps ``ingest`` takes), in seconds."""
    cm, out = ColumnMapping(), {}
    table, out["read: bytes, encoding, structure, values"] = _timed(read_source, path, cm)
    resolved = resolve_columns(table.headers, "people", cm)
    rows, out["map columns, clean cells"] = _timed(importer._rows, table, resolved, cm)
    ctx = importer._context(framework, (), None, (), AS_OF)
    frames, out["row checks, people/pay/events frames"] = _timed(read_people, rows, ctx)
    result = IngestResult(kind="people")
    _, out["valid and rejected rows"] = _timed(
        importer._finish, result, table, rows.problems, frames, fatal=False
    )
    return out


def _careful_read(path: Path) -> float:
    """The careful scan alone (every line's quoting, fields and size checked)."""
    decoded = decode(path.read_bytes())
    return _timed(read_csv_text, decoded.text, decoded.utf8)[1]


def _peak_rss_mb(path: Path) -> float:
    """Peak resident memory of a fresh process that imports ``path``, less what it holds
    before the import (MB). Read from /proc (VmHWM): ``getrusage`` would report this
    benchmark's own peak, which Linux carries over into a child."""
    code = (
        "import re, sys, datetime as dt\n"
        "from multitrack.analytics.ingest import ingest\n"
        "from bench.bench_ingest import _framework\n"
        "def hwm():\n"
        "    return int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
        "fw = _framework()\n"
        "base = hwm()\n"
        "ingest('people', sys.argv[1], fw, as_of=dt.date(2024, 6, 30))\n"
        "print(hwm() - base)\n"
    )
    root = Path(__file__).parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=root
    )
    return int(out.stdout) / 1e3


def _framework() -> Framework:
    return load(Path(_templates).parent / "starter.yaml")


def _measure(path: Path, bad: int, subset: int, n: int, fw: Framework, what: str) -> dict:
    size = path.stat().st_size
    result, secs = _best(2, ingest, "people", path, fw, as_of=AS_OF)
    (_, _problems), base_secs = _best(2, _baseline, path, subset, fw)
    factor = n / subset
    return {
        "name": f"people CSV {n:,} rows, {what} ({size / 1e6:.0f} MB)",
        "seconds": secs,
        "baseline": f"csv.DictReader row loop, {subset:,} rows ×{factor:g}",
        "baseline_seconds": base_secs * factor,
        "note": f"{result.problems_frame.height:,} problems on {result.rejected.height:,} rows "
        f"({bad:,} made bad); {n / secs:,.0f} rows/s",
    }


def run(quick: bool = False) -> list[dict]:
    n = 20_000 if quick else 1_000_000
    subset = n if quick else 100_000
    framework = _framework()
    start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        quoted, plain = Path(tmp) / "quoted.csv", Path(tmp) / "plain.csv"
        bad = _people_csv(n, quoted)
        plain.write_bytes(quoted.read_bytes().replace(b'""', b""))  # empty fields unquoted
        rows = [
            _measure(quoted, bad, subset, n, framework, "empty fields quoted"),
            _measure(plain, bad, subset, n, framework, "nothing quoted"),
        ]
        stages = _stages(quoted, framework)
        careful = _careful_read(quoted)
        peak = _peak_rss_mb(quoted)
        size = quoted.stat().st_size / 1e6
    total, load = sum(stages.values()), f"{start:.1f} → {os.getloadavg()[0]:.1f}"
    rows += [
        {"name": f"  stage: {k}", "seconds": v, "note": "quoted file"} for k, v in stages.items()
    ]
    first = next(iter(stages))
    rows += [
        {
            "name": "  stages together",
            "seconds": total,
            "note": f"ingest() end to end {rows[0]['seconds']:.2f} s; load average {load}",
        },
        {
            "name": "  read: quick path (whole-file checks, one polars read)",
            "seconds": stages[first],
            "baseline": "careful scan of every line (decoded text)",
            "baseline_seconds": careful,
            "note": f"peak memory of the import {peak:,.0f} MB for a {size:,.0f} MB file "
            f"({peak / size:.1f}×)",
        },
    ]
    return rows
