"""The templates, new and paths commands."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from multitrack.cli.app import build
from multitrack.core import load
from multitrack.core.templates import names
from multitrack.core.templates import path as template_path

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(build(), list(args))


def test_templates_json_lists_every_template() -> None:
    res = _run("templates", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [d["name"] for d in data] == names()
    for d in data:
        fw = load(template_path(d["name"]))
        assert d["description"] and d["tracks"] == len(fw.tracks) and d["bands"] == len(fw.bands)


def test_templates_table() -> None:
    res = _run("templates")
    assert res.exit_code == 0 and "starter" in res.stdout


def test_new_copies_and_refuses_to_overwrite(tmp_path) -> None:
    out = tmp_path / "mine.yaml"
    assert _run("new", "--template", "starter", "--out", str(out)).exit_code == 0
    assert out.read_bytes() == template_path("starter").read_bytes()
    out.write_text("edited")
    again = _run("new", "--template", "starter", "--out", str(out))
    assert again.exit_code == 2 and "--force" in again.output
    assert out.read_text() == "edited"
    forced = _run("new", "--template", "starter", "--out", str(out), "--force")
    assert forced.exit_code == 0 and out.read_bytes() == template_path("starter").read_bytes()


def test_new_unknown_template_lists_the_names(tmp_path) -> None:
    res = _run("new", "--template", "nope", "--out", str(tmp_path / "x.yaml"))
    assert res.exit_code == 2
    assert "no template 'nope'" in res.output and "starter" in res.output
    assert not (tmp_path / "x.yaml").exists()


def test_paths_json() -> None:
    res = _run("paths", "starter", "--from", "specialist/B3", "--to", "management/B6", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["fewest_steps"]["levels"][0] == "specialist/B3"
    assert data["fewest_steps"]["levels"][-1] == "management/B6"
    assert data["fewest_years"]["years"] <= min(a["years"] for a in data["alternatives"])
    cross = [s for s in data["fewest_steps"]["steps"] if s["kind"] == "crossover"]
    assert cross and cross[0]["requires"]["proficiencies"] == {"people-leadership": "practising"}
    assert len(data["alternatives"]) == 3


def test_paths_table_and_unknown_level() -> None:
    res = _run("paths", "starter", "--from", "Engineer II", "--to", "Fellow", "--max", "2")
    assert res.exit_code == 0, res.output
    assert "Path 1" in res.stdout and "Path 3" not in res.stdout
    bad = _run("paths", "starter", "--from", "specialist/B9", "--to", "Fellow")
    assert bad.exit_code == 2 and "did you mean" in bad.output and "specialist/B" in bad.output


def test_paths_none_found_exits_1() -> None:
    # nothing leads down from the top of a track without a crossover that reaches it
    res = _run("paths", "starter", "--from", "specialist/B8", "--to", "specialist/B1")
    assert res.exit_code == 1 and "No path" in res.stdout
