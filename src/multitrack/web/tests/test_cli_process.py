"""The commands in a fresh process, as a person runs them (no test-time Django set-up)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PEOPLE = (
    "Employee ID,Name,Track,Band,Manager ID,Hire Date,Annual Salary,Currency,FTE\n"
    "E1,Ann,management,B6,,2015-03-01,150000,EUR,1\n"
    "E2,Bob,specialist,B4,E1,2018-01-15,80000,EUR,0.8\n"
)


def multitrack(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "multitrack.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_framework_import_people_export_in_fresh_processes(tmp_path):
    db = f"sqlite:///{tmp_path / 'org.sqlite3'}"
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    steps = [
        ("import", "framework", "starter", "--db", db),
        ("import", "people", "people.csv", "--db", db, "--as-of", "2026-06-30"),
        ("export", "frames", "--db", db, "--out", "frames", "--pseudonymise"),
    ]
    for step in steps:
        done = multitrack(*step, cwd=tmp_path)
        assert done.returncode == 0, (step, done.stdout, done.stderr)
    record = multitrack("people", "export", "E2", "--db", db, cwd=tmp_path)
    assert record.returncode == 0, record.stderr
    assert json.loads(record.stdout)["person"]["manager_id"] == "E1"
    assert (tmp_path / "frames" / "people.parquet").exists()
    erased = multitrack("people", "erase", "E2", "--yes", "--db", db, cwd=tmp_path)
    assert erased.returncode == 0 and "Traceback" not in erased.stderr
    gone = multitrack("people", "export", "E2", "--db", db, cwd=tmp_path)
    assert gone.returncode == 2 and "no stored person" in gone.stderr
