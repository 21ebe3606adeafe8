"""``multitrack analyze scorecard`` on a frames folder."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from multitrack.analytics.frames import write_frames
from multitrack.analytics.scorecard.tests.synthetic import synthetic_org
from multitrack.cli.app import build

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_frames(synthetic_org(900, seed=4, decorative=True), tmp_path_factory.mktemp("org"))


def test_tables_json_and_charts(folder, tmp_path):
    out = runner.invoke(build(), ["analyze", "scorecard", "--frames", str(folder), "--band", "B6"])
    assert out.exit_code == 0, out.output
    assert "Verdicts: worst dimension per band and comparison" in out.output
    charts = tmp_path / "charts"
    out = runner.invoke(
        build(),
        [
            "analyze",
            "scorecard",
            "--frames",
            str(folder),
            "--json",
            "--charts",
            str(charts),
            "--window-years",
            "2",
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["meta"]["config"]["window_years"] == 2
    assert (charts / "verdicts.vl.json").exists() and (charts / "attrition_km.vl.json").exists()


def test_config_file_and_fail_on(folder, tmp_path):
    cfg = tmp_path / "sc.yaml"
    cfg.write_text("min_cell: 10\ncox: false\n")
    out = runner.invoke(
        build(),
        [
            "analyze",
            "scorecard",
            "--frames",
            str(folder),
            "--json",
            "--config",
            str(cfg),
            "--fail-on",
            "break",
        ],
    )
    assert out.exit_code == 1  # the planted decorative ladder is a break
    assert json.loads(out.output)["meta"]["config"]["min_cell"] == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--band", "B12"], "band 'B12' is not on the spine"),
        (["--config", "{cfg}"], "unknown settings colour"),
        (["--fail-on", "often"], "--fail-on must be one of"),
    ],
)
def test_unusable_input_exits_2_with_a_message(folder, tmp_path, args, message):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("colour: blue\n")
    args = [a.replace("{cfg}", str(cfg)) for a in args]
    out = runner.invoke(build(), ["analyze", "scorecard", "--frames", str(folder), *args])
    assert out.exit_code == 2
    assert message in " ".join(out.output.split())
    assert "Traceback" not in out.output


def test_missing_frames_folder_exits_2(tmp_path):
    out = runner.invoke(build(), ["analyze", "scorecard", "--frames", str(tmp_path)])
    assert out.exit_code == 2 and "not a frames folder" in " ".join(out.output.split())


def test_from_a_stored_organisation(sqlite_url):
    stored = runner.invoke(build(), ["demo", "--people", "150", "--db", sqlite_url])
    assert stored.exit_code == 0, stored.output
    out = runner.invoke(build(), ["analyze", "scorecard", "--db", sqlite_url, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["kind"] == "scorecard" and data["meta"]["people"] == 150


def test_an_empty_database_exits_2(sqlite_url):
    out = runner.invoke(build(), ["analyze", "scorecard", "--db", sqlite_url])
    assert out.exit_code == 2 and "Traceback" not in out.output
