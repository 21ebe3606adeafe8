"""The whole forecast as a Report, the backtest on generated history, and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from multitrack.analytics.forecast import Options, Scenario, backtest, forecast, history
from multitrack.analytics.forecast.states import StateSpace
from multitrack.analytics.forecast.tests.synth import simulate_org, starter_chain
from multitrack.analytics.frames import write_frames
from multitrack.cli.app import build
from multitrack.core import load
from multitrack.core.templates import path
from multitrack.demo import generate


def _org(per_state: float = 150.0, hires: int = 400, seed: int = 2):
    fw = load(path("starter"))
    states = StateSpace.from_framework(fw)
    r = np.zeros(len(states))
    r[:3] = (0.5, 0.3, 0.2)
    probs = starter_chain(states, seed=seed)
    return simulate_org(fw, probs, np.full(len(states), per_state), hires, r, 5, seed=seed)


@pytest.fixture(scope="module")
def org():
    return _org()


def test_report_has_every_part(org):
    scenario = Scenario(
        name="taller programme",
        changes=[{"kind": "raise_ceiling", "track": "programme", "to": "B8"}],
    )
    report = forecast(
        org,
        Options(
            years=3,
            runs=200,
            demand={2028: {"specialist/B5": 120, "management/B5": 40}},
            scenarios=[scenario],
            backtest=True,
        ),
    )
    keys = [t.key for t in report.tables]
    assert keys == [
        "states",
        "rates",
        "homogeneity",
        "projection",
        "totals",
        "flows",
        "flows_by_edge",
        "careers",
        "years_in_state",
        "steady_state",
        "shortfalls",
        "recruitment_plan",
        "attainability",
        "maintainability",
        "scenarios",
        "scenario_totals",
        "backtest",
    ]
    names = [c["name"] for c in report.charts]
    assert names == [
        "forecast_headcount",
        "forecast_totals",
        "forecast_flows",
        "forecast_scenarios",
        "forecast_backtest",
    ]
    assert any("time-homogeneous" in n for n in report.notes)
    assert any("normal" in n for n in report.notes)
    json.dumps(report.to_dict())
    proj = report.table("projection").frame
    assert proj.height == 4 * 16 and {"mc_p5", "mc_p95", "p5", "p95"} <= set(proj.columns)
    assert (proj["p5"] <= proj["expected"]).all() and (proj["expected"] <= proj["p95"]).all()
    # the new programme/B8 state appears only in the scenario and starts empty
    diff = report.table("scenarios").frame
    new = diff.filter(diff["state"] == "programme/B8")
    assert (new["baseline"] == 0).all() and (new["difference"] > 0).all()
    flows = report.table("flows").frame
    kinds = set(flows["kind"])
    assert {"promotion", "crossover", "exit", "hire"} <= kinds
    both_ways = flows.filter(flows["kind"] == "crossover").select("from_track", "to_track")
    pairs = {tuple(r) for r in both_ways.iter_rows()}
    assert ("specialist", "management") in pairs and ("management", "specialist") in pairs


def test_backtest_meets_the_accuracy_targets():
    # METHODS §1: one-year-ahead total MAPE < 2%, per-state MAPE < 10% (states >= 50 people)
    bt = backtest(history(_org(per_state=400, hires=1500, seed=5)))
    assert bt.total_ape < 0.02
    assert bt.mape is not None and bt.mape < 0.10
    assert sum(r["inside_band"] for r in bt.rows) / len(bt.rows) >= 0.75


runner = CliRunner()


@pytest.fixture(scope="module")
def folder(org, tmp_path_factory):
    return write_frames(org, tmp_path_factory.mktemp("org"))


def _run(*args):
    res = runner.invoke(build(), ["forecast", *map(str, args)])
    res.text = " ".join(res.output.split())  # rich wraps long messages
    return res


def test_cli_json_and_charts(folder, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("year,level,target\n2028,specialist/B5,120\n", encoding="utf-8")
    scen = tmp_path / "s.yaml"
    scen.write_text("name: freeze\nchanges:\n  - {kind: hiring_freeze, years: [1]}\n")
    charts = tmp_path / "charts"
    res = _run(
        "--frames", folder, "--years", 2, "--json", "--monte-carlo", 100, "--seed", 3,
        "--demand", plan, "--scenario", scen, "--backtest", "--charts", charts,
        "--cap", "specialist/B8=50", "--smoothing", "laplace:1", "--interval", "goodman",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["kind"] == "forecast"
    assert data["meta"]["caps"] == {"specialist/B8": 50.0}
    assert data["meta"]["smoothing"] == {"prior": "laplace", "strength": 1.0}
    # above its cap a state takes no entrants, so it can only shrink until it reaches the cap
    mc = [
        r["mc_p95"] for r in data["tables"]["projection"]["rows"] if r["state"] == "specialist/B8"
    ]
    assert all(b <= max(50, a) for a, b in zip(mc, mc[1:], strict=False))
    assert (charts / "forecast_headcount.vl.json").exists()
    fixed = _run("--frames", folder, "--years", 2, "--fixed-size", "--json", "--history-years", 3)
    assert len(json.loads(fixed.stdout)["meta"]["snapshots"]) == 4
    totals = json.loads(fixed.stdout)["tables"]["totals"]["rows"]
    every = [r["expected"] for r in totals if r["track"] == "all"]
    assert every == pytest.approx([every[0]] * 3)


def test_cli_tables(folder):
    res = _run("--frames", folder, "--years", 1)
    assert res.exit_code == 0, res.output
    assert "Projected headcount" in res.stdout and "homogeneity" in res.stdout.lower()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cap", "specialist/B8=5"], "--cap needs --monte-carlo"),
        (["--cap", "specialist/B8", "--monte-carlo", "5"], "write LEVEL=N"),
        (["--cap", "nowhere/B1=5", "--monte-carlo", "5"], "caps on unknown states"),
        (["--smoothing", "magic"], "unknown smoothing prior"),
        (["--interval", "bootstrap"], "unknown interval method"),
        (["--fill", "wait", "--monte-carlo", "5"], "unknown fill rule"),
        (["--hire-into", "nowhere"], None),
    ],
)
def test_cli_bad_options_exit_2(folder, args, message):
    res = _run("--frames", folder, *args)
    if message is None:  # --hire-into only matters with a demand plan
        assert res.exit_code == 0
        return
    assert res.exit_code == 2, res.output
    assert message in res.text


def test_cli_bad_files_exit_2(folder, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("year,level,target\n2028,specialist/B99,3\n", encoding="utf-8")
    res = _run("--frames", folder, "--demand", plan)
    assert res.exit_code == 2 and "row 2, column level: unknown level" in res.text
    scen = tmp_path / "s.yaml"
    scen.write_text(
        "name: x\nchanges:\n  - {kind: crossover, from: nope, to: management, rate: 1}\n"
    )
    res = _run("--frames", folder, "--scenario", scen)
    assert res.exit_code == 2 and "no level of nope" in res.text
    res = _run("--frames", tmp_path / "missing")
    assert res.exit_code == 2 and "not a frames folder" in res.text


def test_backtest_on_a_demo_organisation():
    # the demo generator's five years of quarterly history (multitrack.demo)
    hist = history(generate(3000, seed=2))
    bt = backtest(hist)
    assert len(hist.dates) >= 3
    assert bt.total_ape < 0.03
    assert bt.mape is not None and bt.mape < 0.10
