"""Diffs between framework versions and the level map that moves people onto the new one."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from typer.testing import CliRunner

from multitrack.cli.app import build
from multitrack.core import dumps, load, loads
from multitrack.core.diff import diff, level_map, map_levels
from multitrack.core.templates import names
from multitrack.core.templates import path as template_path

OLD = """\
name: Acme
version: "1"
bands: [B1, B2, B3, B4]
competencies:
  craft: {name: Craft}
  lead: {name: Leading}
tracks:
  ic: {name: Engineering, kind: specialist, from: B1, ceiling: B4}
  mgr: {name: Management, kind: management, from: B3, ceiling: B4}
levels:
  ic/B1: {title: Junior, expects: {craft: aware}}
  ic/B2: {title: Engineer, expects: {craft: practising}}
  ic/B3: {title: Senior, expects: {craft: fluent}}
  ic/B4: {title: Staff, expects: {craft: expert}}
  mgr/B3: {title: Lead, expects: {lead: practising}}
  mgr/B4: {title: Head, expects: {lead: fluent}}
transitions:
  - {key: cross, from: ic, to: mgr, bands: [B3, B4], both_ways: true, trial: {months: 6}}
pay:
  ranges:
    - {band: B1, min: 40000, max: 50000}
    - {band: B2, min: 48000, max: 60000}
    - {band: B3, min: 58000, max: 72000}
    - {band: B4, min: 70000, max: 90000}
evp:
  ic:
    inducements: {power_influence: 3}
"""


def _edit(text: str, change) -> str:
    data = yaml.safe_load(text)
    change(data)
    return yaml.safe_dump(data, sort_keys=False)


def _new():
    def change(d):
        d["version"] = "2"
        # bands renamed L1..L4 (same order, same count)
        d["bands"] = ["L1", "L2", "L3", "L4"]
        ren = {"B1": "L1", "B2": "L2", "B3": "L3", "B4": "L4"}
        for t in d["tracks"].values():
            t["from"], t["ceiling"] = ren[t["from"]], ren[t["ceiling"]]
        d["tracks"]["eng"] = d["tracks"].pop("ic")  # track key renamed, name kept
        levels = {}
        for k, v in d["levels"].items():
            track, band = k.split("/")
            levels[f"{'eng' if track == 'ic' else track}/{ren[band]}"] = v
        d["levels"] = levels
        d["levels"]["eng/L3"]["title"] = "Senior Engineer"  # retitled and re-keyed
        d["levels"]["eng/L4"]["expects"] = {"craft": "authority", "lead": "aware"}
        d["tracks"]["mgr"]["ceiling"] = "L4"
        del d["levels"]["mgr/L4"]
        d["tracks"]["mgr"]["ceiling"] = "L3"
        d["transitions"] = [
            {"key": "cross", "from": "eng", "to": "mgr", "bands": ["L3"], "both_ways": True,
             "trial": {"months": 9}}
        ]  # fmt: skip
        for r in d["pay"]["ranges"]:
            r["band"] = ren[r["band"]]
        d["pay"]["ranges"][3]["max"] = 95000
        d["evp"] = {"eng": {"inducements": {"power_influence": 4}}}

    return _edit(OLD, change)


@pytest.fixture
def versions():
    return loads(OLD, "old.yaml"), loads(_new(), "new.yaml")


def test_level_map_rules(versions) -> None:
    old, new = versions
    by_old = {e.old: e for e in map_levels(old, new)}
    assert by_old["ic/B1"].new == "eng/L1" and by_old["ic/B1"].how == "same title"
    # retitled and re-keyed: found on the renamed track at the same-rank band
    assert by_old["ic/B3"].new == "eng/L3" and by_old["ic/B3"].how == "same band on same track"
    assert by_old["mgr/B3"].new == "mgr/L3" and by_old["mgr/B3"].how == "same title"
    assert by_old["mgr/B4"].new is None and by_old["mgr/B4"].how == "unmapped"
    assert level_map(old, new)["ic/B4"] == "eng/L4"


def test_same_key_wins_and_identity() -> None:
    fw = loads(OLD)
    renamed = loads(_edit(OLD, lambda d: d["levels"]["ic/B2"].update(title="Engineer II")))
    entry = {e.old: e for e in map_levels(fw, renamed)}["ic/B2"]
    assert (entry.new, entry.how) == ("ic/B2", "same key")
    d = diff(fw, renamed)
    assert [(c.section, c.key, c.field, c.old, c.new) for c in d.changes] == [
        ("levels", "ic/B2", "title", "Engineer", "Engineer II")
    ]


@pytest.mark.parametrize("name", names())
def test_a_framework_against_itself(name: str) -> None:
    fw = load(template_path(name))
    d = diff(fw, fw)
    assert d.identical and d.summary() == {}
    assert level_map(fw, fw) == {k: k for k in fw.levels}


def test_what_changed(versions) -> None:
    old, new = versions
    d = diff(old, new)
    got = {(c.section, c.kind, c.key, c.field) for c in d.changes}
    assert ("framework", "changed", "framework", "version") in got
    assert ("levels", "changed", "ic/B3 → eng/L3", "title") in got
    assert ("levels", "removed", "mgr/B4", "") in got
    assert ("tracks", "changed", "mgr", "ceiling") in got
    assert ("expectations", "changed", "ic/B4 → eng/L4", "craft") in got
    assert ("expectations", "added", "ic/B4 → eng/L4", "lead") in got
    assert ("transitions", "changed", "cross", "trial.months") in got
    assert ("transitions", "changed", "cross", "bands") in got
    assert ("pay", "changed", "L4", "max") in got  # ranges follow the band map
    assert ("pay", "changed", "L4", "mid") in got
    assert ("evp", "changed", "ic → eng", "inducements.power_influence") in got
    assert ("bands", "added", "L1", "") in got and ("bands", "removed", "B1", "") in got
    assert d.summary()["levels"] == {"changed": 1, "removed": 1}
    ceiling = next(c for c in d.changes if c.field == "ceiling")
    assert (ceiling.old, ceiling.new) == ("B4", "L3")


def test_cli_json_and_level_map_files(tmp_path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD)
    new.write_text(_new())
    runner = CliRunner()
    res = runner.invoke(build(), ["diff", str(old), str(new), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["old"]["version"] == "1" and data["new"]["version"] == "2"
    assert {"old": "mgr/B4", "new": None, "how": "unmapped"}.items() <= next(
        e for e in data["level_map"] if e["old"] == "mgr/B4"
    ).items()
    out_csv = tmp_path / "map.csv"
    res = runner.invoke(build(), ["diff", str(old), str(new), "--level-map", str(out_csv)])
    assert res.exit_code == 0 and "retitled" in res.stdout and "needs a decision" in res.stdout
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert {r["old_level"]: r["new_level"] for r in rows}["ic/B3"] == "eng/L3"
    out_yaml = tmp_path / "map.yaml"
    runner.invoke(build(), ["diff", str(old), str(new), "--level-map", str(out_yaml)])
    doc = yaml.safe_load(out_yaml.read_text())
    assert doc["levels"]["ic/B1"] == {
        "to": "eng/L1",
        "how": "same title",
        "old_title": "Junior",
        "new_title": "Junior",
    }


def test_cli_identical_and_bad_input(tmp_path) -> None:
    runner = CliRunner()
    res = runner.invoke(build(), ["diff", "starter", "starter"])
    assert res.exit_code == 0 and "No changes" in res.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nbands: [B1]\n")
    res = runner.invoke(build(), ["diff", "starter", str(bad)])
    assert res.exit_code == 2 and "tracks" in res.output


def test_round_trip_versions_diff_nothing(versions) -> None:
    _, new = versions
    assert diff(new, loads(dumps(new))).identical
