"""Every analysis command runs on demo organisations of several shapes, without a traceback.

Each command reads a frames folder written from ``multitrack.demo.generate`` and must exit
0 (or 1 where the command reports findings) with JSON that parses. Real data of different
templates, sizes and seeds is where untested corners show (a state nobody is in, a band
with one person), so this runs the whole set on more than one organisation.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from multitrack.analytics.frames import write_frames
from multitrack.cli.app import build
from multitrack.demo import generate

ORGS = [("starter", 400, 1), ("tech-dual-ladder", 300, 7), ("military", 250, 3)]


@pytest.fixture(scope="module", params=ORGS, ids=lambda o: f"{o[0]}-{o[1]}-s{o[2]}")
def org(request, tmp_path_factory) -> tuple[Path, pl.DataFrame]:
    template, people, seed = request.param
    frames = generate(people, seed=seed, template=template)
    folder = tmp_path_factory.mktemp(template)
    write_frames(frames, folder)
    active = frames.people.filter(pl.col("exit_date").is_null())
    return folder, active


def _run(args: list[str]) -> dict:
    result = CliRunner().invoke(build(), args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"multitrack {' '.join(args)} raised:\n{result.output}"
    )
    assert result.exit_code in (0, 1), f"multitrack {' '.join(args)}:\n{result.output}"
    return json.loads(result.stdout)


COMMANDS = [
    ["structure"],
    ["structure", "--what-if-accidental", "3"],
    ["retention", "--top", "5"],
    ["forecast", "--years", "3", "--backtest"],
    ["forecast", "--years", "2", "--monte-carlo", "50", "--seed", "1"],
    ["analyze", "scorecard"],
    ["analyze", "pay-equity", "--bootstrap", "0"],
    ["analyze", "transparency"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_analysis_commands_run_on_demo_organisations(org, command) -> None:
    folder, _ = org
    data = _run([*command, "--frames", str(folder), "--json"])
    assert data["kind"] and isinstance(data["tables"], dict)


def test_career_commands_run_on_demo_organisations(org) -> None:
    folder, active = org
    person = active.sort("person_id")["person_id"][len(active) // 2]
    plan = _run(["plan", person, "--frames", str(folder), "--json"])
    assert plan["person_id"] == person
    level = active["level"].value_counts().sort("count", descending=True)["level"][0]
    track, band = level.split("/")
    cands = _run(
        ["candidates", "--track", track, "--band", band, "--frames", str(folder), "--json"]
    )
    assert cands["target"] == level
    match = _run(["match", "--level", f"{level}=2", "--frames", str(folder), "--json"])
    people = [a["person_id"] for a in match["assignments"] if a["person_id"]]
    assert len(people) == len(set(people))
