"""``multitrack import people``: all or nothing, idempotent, newer exports become history."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from multitrack.cli.app import build
from multitrack.web.bootstrap import frames_from_db

runner = CliRunner()
HEADER = (
    "Employee ID,Name,Job Family,Zone,Track,Band,Manager ID,Hire Date,Annual Salary,Currency,FTE"
)
ROWS = [
    "E1,Ann Ames,engineering,core,management,B6,,2015-03-01,150000,EUR,1",
    "E2,Bob Bee,engineering,core,specialist,B4,E1,2018-01-15,80000,EUR,0.8",
    "E3,Cy Cee,design,remote,specialist,B5,E1,2019-06-01,95000,EUR,1",
]


def run(*args: str):
    return runner.invoke(build(), list(args))


def write(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def org(db_url):
    assert run("import", "framework", "starter", "--db", db_url).exit_code == 0
    return db_url


def _snapshot(db: str) -> dict[str, pl.DataFrame]:
    return dict(frames_from_db(db).items())


def _same(a: dict, b: dict) -> bool:
    return all(a[k].equals(b[k]) for k in a)


def test_import_then_again_then_a_newer_export(org, tmp_path):
    first = write(tmp_path / "hr.csv", *ROWS)
    result = run("import", "people", str(first), "--db", org, "--as-of", "2026-06-30")
    assert result.exit_code == 0, result.output
    stored = _snapshot(org)
    assert stored["people"]["person_id"].to_list() == ["E1", "E2", "E3"]
    assert stored["events"].filter(pl.col("kind") == "hire").height == 3
    bob = stored["people"].filter(pl.col("person_id") == "E2").row(0, named=True)
    assert bob["pay_annual_fte"] == 100_000.0 and bob["fte"] == 0.8

    again = run("import", "people", str(first), "--db", org, "--as-of", "2026-07-31")
    assert again.exit_code == 0 and "nothing (already stored)" in again.stdout
    assert _same(_snapshot(org), stored)

    newer = write(
        tmp_path / "hr2.csv",
        ROWS[0],
        "E2,Bob Bee,engineering,core,specialist,B5,E3,2018-01-15,90000,EUR,0.8",
        ROWS[2],
    )
    result = run("import", "people", str(newer), "--db", org, "--as-of", "2026-09-30", "--json")
    assert result.exit_code == 0, result.output
    events = frames_from_db(org).events.filter(pl.col("person_id") == "E2")
    kinds = set(events.filter(pl.col("date") == pl.date(2026, 9, 30))["kind"])
    assert {"promotion", "pay_change", "manager_change"} <= kinds
    assert frames_from_db(org).pay.filter(pl.col("person_id") == "E2").height == 2


def test_a_bad_file_writes_nothing_and_names_every_problem(org, tmp_path):
    run("import", "people", str(write(tmp_path / "ok.csv", *ROWS)), "--db", org)
    before = _snapshot(org)
    bad = write(
        tmp_path / "bad.csv",
        *ROWS,
        "E4,Di Dee,engineering,core,specialist,B9,E1,2020-01-01,90000,EUR,1",
        "E5,Ed Eff,engineering,core,specialist,B3,E99,2020-01-01,-5,EUR,1",
    )
    result = run("import", "people", str(bad), "--db", org, "--json")
    assert result.exit_code == 2
    problems = json.loads(result.stdout)["problems"]
    where = {(p["row"], p["column"]) for p in problems}
    assert {(5, "Band"), (6, "Manager ID"), (6, "Annual Salary")} <= where
    assert _same(_snapshot(org), before)
    table = run("import", "people", str(bad), "--db", org)
    assert table.exit_code == 2 and "unknown band 'B9'" in table.stdout


def test_partial_import_writes_valid_rows_and_a_rejects_file(org, tmp_path):
    bad = write(
        tmp_path / "bad.csv",
        *ROWS,
        "E4,Di Dee,engineering,core,specialist,B9,E1,2020-01-01,1,EUR,1",
    )
    rejects = tmp_path / "rejects.csv"
    args = ("import", "people", str(bad), "--db", org, "--partial", "--rejects", str(rejects))
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert frames_from_db(org).people["person_id"].to_list() == ["E1", "E2", "E3"]
    rejected = pl.read_csv(rejects)
    assert rejected["Employee ID"].to_list() == ["E4"] and "B9" in rejected["reason"][0]


@pytest.mark.parametrize(
    "content",
    [
        b'Employee ID,Name,Track\nE1,"Ann,management\n',  # ends inside a quoted field
        b"\x00\x01\x02garbage\xff\xfe",
        "Employee ID,Name\nE1,Zo\u00eb\n".encode() + "E2,Zo\u00eb\n".encode("latin-1"),
    ],
)
def test_broken_files_are_refused_and_change_nothing(org, tmp_path, content):
    run("import", "people", str(write(tmp_path / "ok.csv", *ROWS)), "--db", org)
    before = _snapshot(org)
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    result = run("import", "people", str(path), "--db", org)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert _same(_snapshot(org), before)


def test_import_needs_a_stored_framework(sqlite_url, tmp_path):
    result = run("import", "people", str(write(tmp_path / "hr.csv", *ROWS)), "--db", sqlite_url)
    assert result.exit_code == 2 and "no organisation stored" in result.stderr
