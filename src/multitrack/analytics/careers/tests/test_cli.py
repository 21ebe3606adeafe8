"""The plan, candidates and match commands on a frames folder."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from multitrack.analytics.careers.tests.fixtures import frames
from multitrack.analytics.frames import write_frames
from multitrack.cli.app import build

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_frames(frames(), tmp_path_factory.mktemp("org"))


def _run(*args: str):
    return runner.invoke(build(), list(args))


def _said(res) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(res.output.split())


def test_plan_json(folder) -> None:
    res = _run("plan", "p1", "--frames", str(folder), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["target"] == "specialist/B5"
    assert data["plan"]["actions"]
    assert {f["track"] for f in data["track_fit"]} >= {"specialist", "management"}


def test_plan_table_and_unknown_person(folder) -> None:
    res = _run("plan", "p1", "--frames", str(folder))
    assert res.exit_code == 0 and "Development plan" in res.stdout
    bad = _run("plan", "nobody", "--frames", str(folder))
    assert bad.exit_code == 2 and "unknown person" in bad.output


def test_candidates_and_match(folder) -> None:
    res = _run(
        "candidates", "--track", "management", "--band", "B6", "--frames", str(folder), "--json"
    )
    assert res.exit_code == 0, res.output
    assert "human decision" in json.loads(res.stdout)["note"]
    res = _run("match", "--level", "management/B6=2", "--frames", str(folder), "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["assignments"]) == 2
    bad = _run("match", "--level", "nowhere/B1=1", "--frames", str(folder))
    assert bad.exit_code == 2 and "unknown level" in bad.output


@pytest.mark.parametrize(
    "flags", [["--save"], ["--progress"], ["--done", "1"], ["--status", "1=done"]]
)
def test_plans_are_saved_only_in_a_database(folder, flags) -> None:
    res = _run("plan", "p1", "--frames", str(folder), *flags)
    assert res.exit_code == 2
    assert "plans are saved only in a database" in _said(res)
    assert "--export FILE" in _said(res)


def test_export_writes_the_plan_shown(folder, tmp_path) -> None:
    shown = json.loads(_run("plan", "p1", "--frames", str(folder), "--json").stdout)["plan"]
    as_json, as_csv = tmp_path / "plan.json", tmp_path / "plan.CSV"
    for out in (as_json, as_csv):
        res = _run("plan", "p1", "--frames", str(folder), "--export", str(out))
        assert res.exit_code == 0, res.output
    written = json.loads(as_json.read_text())
    assert written["actions"] == shown["actions"] and written["target"] == "specialist/B5"
    rows = pl.read_csv(as_csv)
    assert rows["what"].to_list() == [a["what"] for a in shown["actions"]]
    assert rows["owner_role"].to_list() == ["person", "mentor", "mentor"]
    assert set(rows["person_id"]) == {"p1"}


def test_export_refuses_an_unknown_format(folder, tmp_path) -> None:
    res = _run("plan", "p1", "--frames", str(folder), "--export", str(tmp_path / "plan.xlsx"))
    assert res.exit_code == 2 and "write a .json or .csv file" in _said(res)
    assert not (tmp_path / "plan.xlsx").exists()
