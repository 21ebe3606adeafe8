"""Career planning at scale: readiness from frames, and assigning people to openings.

Full mode:
- dense 2,000 × 2,000 assignment beside scipy alone;
- blocked 100,000 people × 5,000 openings on prepared costs (20 levels × 250 openings,
  pools of 10%, top-50 lists), peak traced memory, beside the dense route on the largest
  rectangular problem that fits (20,000 × 500);
- on a demo organisation of 100,000 people (``multitrack.demo.generate``; building it is
  not timed):
  readiness of everyone eligible for the level with the largest pool, beside the
  person-by-person route (combine each person's assessments in plain Python, then
  ``core.gaps.gap_report``);
  and the blocked match of 5,000 openings spread over the levels by pool size, scored from
  the frames, beside the solve alone on the same prepared costs, with the process's peak
  resident memory during the match.
"""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

import numpy as np
import polars as pl
from scipy.optimize import linear_sum_assignment

from multitrack.analytics.careers.matching import (
    Block,
    assign_blocks,
    assign_dense,
    candidate_blocks,
)
from multitrack.analytics.careers.profiles import as_of_date
from multitrack.analytics.careers.readiness import eligible_moves, readiness_for
from multitrack.analytics.frames import Frames, write_frames
from multitrack.core.gaps import SOURCE_WEIGHTS, gap_report

STATUS = Path("/proc/self/status")


def _timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def _rss(field: str) -> int:
    """A /proc memory figure of this process in bytes (VmRSS now, VmHWM the peak)."""
    for line in STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _with_peak_rss(fn, *args, **kw):
    """Run ``fn``; return its result, seconds, peak resident bytes during it, bytes before.

    The kernel's high-water mark is reset first (``clear_refs`` 5), so the peak belongs to
    this call. Polars allocates outside Python, so tracemalloc would not see it.
    """
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    before = _rss("VmRSS")
    out, secs = _timed(fn, *args, **kw)
    return out, secs, _rss("VmHWM"), before


def _blocks(people: int, openings: int, levels: int, rng) -> list[Block]:
    ids = np.array([f"p{i}" for i in range(people)], dtype=object)
    per = openings // levels
    out = []
    for lv in range(levels):
        pool = rng.random(people) < 0.10
        out.append(Block([f"L{lv}#{k}" for k in range(per)], ids[pool], rng.random(pool.sum())))
    return out


def _prepared(quick: bool, rng) -> list[dict]:
    rows = []
    n = 500 if quick else 2000
    cost = rng.random((n, n))
    _, base = _timed(linear_sum_assignment, cost)
    _, ours = _timed(assign_dense, cost)
    rows.append(
        {
            "name": f"dense {n}x{n}",
            "seconds": ours,
            "baseline": "scipy alone",
            "baseline_seconds": base,
        }
    )
    people, openings = (10_000, 500) if quick else (100_000, 5_000)
    blocks = _blocks(people, openings, 20, rng)
    tracemalloc.start()
    result, secs = _timed(assign_blocks, blocks, top_k=50)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rp, ro = (5_000, 250) if quick else (20_000, 500)
    _, dense_secs = _timed(linear_sum_assignment, rng.random((rp, ro)))
    rows.append(
        {
            "name": f"blocked {people:,} people x {openings:,} openings (prepared costs)",
            "seconds": secs,
            "baseline": f"dense {rp:,}x{ro} (largest that fits)",
            "baseline_seconds": dense_secs,
            "note": f"filled {result.filled}, peak {peak / 2**20:.0f} MiB traced",
        }
    )
    return rows


def _pools(org: Frames) -> dict[str, int]:
    """Level -> active people one move away from it."""
    at = org.people.filter(pl.col("exit_date").is_null())["level"].value_counts()
    count = dict(zip(at["level"], at["count"], strict=True))
    return {t: sum(count.get(s, 0) for s in eligible_moves(org, t)) for t in org.framework.levels}


def _combine(rows: list[tuple]) -> dict[str, float]:
    """The stated rule in plain Python: each source's mean on its newest date, weighted.

    (``core.gaps.combine_assessments`` keeps one assessment where a source rated twice on
    its newest date; the analytics average them, as here.)
    """
    newest: dict[tuple[str, str], tuple[dt.date, list[int]]] = {}
    for comp, step, source, day in rows:
        held = newest.get((comp, source))
        if held is None or day > held[0]:
            newest[(comp, source)] = (day, [step])
        elif day == held[0]:
            held[1].append(step)
    total: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (comp, source), (_, steps) in newest.items():
        w = SOURCE_WEIGHTS.get(source, 1.0)
        total[comp][0] += w * sum(steps) / len(steps)
        total[comp][1] += w
    return {comp: s / w for comp, (s, w) in total.items()}


def _scalar_readiness(org: Frames, target: str) -> np.ndarray:
    """Readiness person by person: combine assessments, then ``gap_report`` (the baseline)."""
    fw = org.framework
    sources = eligible_moves(org, target)
    today = as_of_date(org)
    records: dict[str, list[tuple]] = defaultdict(list)
    for p, *rest in org.assessments.select(
        "person_id", "competency", "proficiency", "source", "date"
    ).iter_rows():
        records[p].append(rest)
    done: dict[str, list[str]] = defaultdict(list)
    trained = org.development.filter((pl.col("kind") == "training") & (pl.col("status") == "done"))
    names = dict(org.courses.select("course_id", "name").iter_rows())
    for p, cid in trained.select("person_id", "course_id").iter_rows():
        done[p] += [cid, names.get(cid) or cid]
    people = org.people.filter(pl.col("exit_date").is_null() & pl.col("level").is_in(list(sources)))
    out = []
    for p, level, since, hired in people.select(
        "person_id", "level", "level_since", "hire_date"
    ).iter_rows():
        move = sources[level]
        years = max(0.0, (today - (since or hired or today)).days / 365.25)
        report = gap_report(
            fw,
            target,
            _combine(records.get(p, [])),
            requires=move.requires if move else None,
            years_in_level=years,
            trainings_done=done.get(p, ()),
        )
        out.append(report.readiness)
    return np.array(out)


def _openings(pools: dict[str, int], total: int) -> pl.DataFrame:
    """``total`` openings over the levels with a pool, in proportion to pool size."""
    levels = {t: n for t, n in pools.items() if n}
    size = sum(levels.values())
    share = {t: max(1, round(total * n / size)) for t, n in levels.items()}
    biggest = max(levels, key=levels.__getitem__)
    share[biggest] += total - sum(share.values())
    rows = [(f"{t}#{k}", t) for t, n in share.items() for k in range(n)]
    return pl.DataFrame(rows, schema=["opening_id", "level"], orient="row")


# Runs the CLI and reports the process's own peak RSS on exit (VmHWM starts afresh at exec,
# unlike getrusage's ru_maxrss, which keeps the forked parent's figure).
_COMMAND = (
    "import atexit, sys; from pathlib import Path; "
    "atexit.register(lambda: sys.stderr.write(next(l for l in Path('/proc/self/status')"
    ".read_text().splitlines() if l.startswith('VmHWM')))); "
    "from multitrack.cli.app import main; main()"
)


def _command(org: Frames, table: pl.DataFrame) -> tuple[float, int]:
    """``multitrack match --frames DIR --openings FILE`` in a fresh process: seconds, peak RSS.

    The whole command as a person runs it: start, read the frames, score, solve, print JSON.
    """
    with tempfile.TemporaryDirectory(prefix="bench_careers_") as tmp:
        folder = write_frames(org, Path(tmp) / "frames")
        openings = Path(tmp) / "openings.csv"
        table.write_csv(openings)
        cmd = [sys.executable, "-c", _COMMAND, "match", "--frames", str(folder)]
        cmd += ["--openings", str(openings), "--json"]
        done, secs = _timed(subprocess.run, cmd, check=True, capture_output=True, text=True)
    return secs, int(done.stderr.split()[-2]) * 1024


def _from_frames(quick: bool) -> list[dict]:
    from multitrack.demo import generate

    people, openings = (5_000, 250) if quick else (100_000, 5_000)
    (org, build) = _timed(generate, people, seed=1)
    pools = _pools(org)
    target = max(pools, key=pools.__getitem__)
    elig, secs = _timed(readiness_for, org, target)
    scalar, base = _timed(_scalar_readiness, org, target)
    same = np.allclose(np.sort(elig.readiness), np.sort(scalar))
    active = org.people.filter(pl.col("exit_date").is_null()).height
    rows = [
        {
            "name": f"readiness for {target}: {elig.readiness.size:,} eligible of {active:,}",
            "seconds": secs,
            "baseline": "person by person (combine, gap_report)",
            "baseline_seconds": base,
            "note": f"same figures: {same}; demo org built in {build:.0f} s (not timed)",
        }
    ]
    table = _openings(pools, openings)

    def match():
        blocks = candidate_blocks(org, table)
        return blocks, assign_blocks(blocks, top_k=50)

    (blocks, result), secs, peak, start = _with_peak_rss(match)
    _, solve = _timed(assign_blocks, blocks, top_k=50)
    command, command_peak = _command(org, table)
    rows.append(
        {
            "name": f"match from frames: {active:,} people x {table.height:,} openings "
            f"({len(blocks)} levels, top-50)",
            "seconds": secs,
            "baseline": "blocked solve alone on the same prepared costs",
            "baseline_seconds": solve,
            "note": f"filled {result.filled}; peak RSS {peak / 2**20:.0f} MiB in this process "
            f"(from {start / 2**20:.0f} MiB after generating); the whole command "
            f"`multitrack match --frames`: {command:.1f} s, "
            f"peak RSS {command_peak / 2**20:.0f} MiB",
        }
    )
    return rows


def run(quick: bool = False) -> list[dict]:
    rng = np.random.default_rng(1)
    rows = _prepared(quick, rng)
    rows.extend(_from_frames(quick))
    return rows
