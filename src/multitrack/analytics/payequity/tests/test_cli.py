"""``multitrack analyze pay-equity|transparency`` on a frames folder."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from multitrack.analytics.frames import write_frames
from multitrack.analytics.payequity.tests.fixtures import frames
from multitrack.cli.app import build

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_frames(
        frames(gender_gap={"B4": 0.07}, n=900, seed=2), tmp_path_factory.mktemp("org")
    )


def test_pay_equity_json_csv_workpaper_and_charts(folder, tmp_path):
    out = runner.invoke(
        build(),
        [
            "analyze",
            "pay-equity",
            "--frames",
            str(folder),
            "--json",
            "--bootstrap",
            "20",
            "--csv",
            str(tmp_path / "gaps.csv"),
            "--workpaper",
            str(tmp_path / "wp"),
            "--charts",
            str(tmp_path / "charts"),
            "--by",
            "demo_gender",
        ],
    )
    assert out.exit_code == 1, out.output  # flagged comparisons are findings
    data = json.loads(out.stdout)
    assert data["kind"] == "pay-equity" and data["meta"]["fields"] == ["demo_gender"]
    assert data["meta"]["flagged_in_groups"] >= 1
    gaps = pl.read_csv(tmp_path / "gaps.csv")
    assert set(gaps["field"].to_list()) == {"demo_gender"}
    paper = json.loads((tmp_path / "wp" / "workpaper.json").read_text())
    assert paper["data_date"] == "2026-06-30" and paper["software"]["multitrack"]
    assert paper["models"][0]["reference_categories"]["demo_gender"] == "m"
    assert "within each band × family group" in paper["models"][0]["formula"]
    assert paper["suppressed_comparisons"]["rule"].startswith("fewer than 5 people")
    assert paper["exclusions"]["total"] == 0 and paper["thresholds"]["flag_abs_t"] == 2.0
    for name in ("gaps", "oaxaca", "outliers", "remediation", "exclusions"):
        assert (tmp_path / "wp" / f"{name}.csv").exists()
    assert (tmp_path / "charts" / "pay-equity-gaps.vl.json").exists()


def test_pay_equity_options_and_table_output(folder):
    out = runner.invoke(
        build(),
        [
            "analyze",
            "pay-equity",
            "--frames",
            str(folder),
            "--groups",
            "band",
            "--target-gap",
            "2%",
            "--bootstrap",
            "0",
            "--by",
            "track",
        ],
    )
    assert out.exit_code in (0, 1), out.output
    assert "Adjusted pay gaps" in out.stdout and "adjusted gap within ±2.0%" in out.stdout


def test_transparency_table_and_csv(folder, tmp_path):
    out = runner.invoke(
        build(),
        ["analyze", "transparency", "--frames", str(folder), "--csv", str(tmp_path / "t.csv")],
    )
    assert out.exit_code == 1, out.output  # band B4 calls for a joint assessment
    assert "Gender pay gap" in out.stdout and "pay quartile" in out.stdout
    long = pl.read_csv(tmp_path / "t.csv")
    assert long.columns == ["table", "row", "measure", "value"]
    assert {"summary", "variable_share", "quartiles", "categories"} == set(long["table"].to_list())
    flag = long.filter(
        (pl.col("table") == "categories") & (pl.col("measure") == "joint_assessment")
    )
    assert dict(flag.select("row", "value").iter_rows())["B4"] == "true"


@pytest.mark.parametrize(
    "args, message",
    [
        (["pay-equity", "--by", "demo_age"], "no column 'demo_age'"),
        (["pay-equity", "--target-gap", "lots"], "not a percentage"),
        (["pay-equity", "--groups", "grade"], "no column"),
        (["transparency", "--gender", "demo_sex"], "no 'demo_sex' column"),
    ],
)
def test_unusable_input_exits_2_with_a_message(folder, args, message):
    out = runner.invoke(build(), ["analyze", *args, "--frames", str(folder)])
    assert out.exit_code == 2
    assert message in out.output.replace("\n", "")


def test_missing_frames_folder_exits_2(tmp_path):
    out = runner.invoke(build(), ["analyze", "transparency", "--frames", str(tmp_path)])
    assert out.exit_code == 2 and "not a frames folder" in out.output.replace("\n", "")
