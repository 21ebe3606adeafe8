"""The plan, candidates and match commands on a frames folder."""

from __future__ import annotations

import json

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
