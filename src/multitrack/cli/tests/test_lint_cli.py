"""``multitrack lint`` end to end: formats, exit codes, rule listing, and every kind of bad
input answered with a located message and exit 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from multitrack.cli.app import build
from multitrack.core.lint import RULES
from multitrack.core.tests.lintcases import base

APP = build()

MINIMAL = """\
name: Tiny
bands: [B1, B2, B3]
tracks:
  ic: {kind: specialist, from: B1, ceiling: B3}
  mgr: {kind: management, from: B2, ceiling: B3}
levels:
  ic/B1: {title: Junior}
  ic/B2: {title: Mid}
  ic/B3: {title: Senior}
  mgr/B2: {title: Lead}
  mgr/B3: {title: Head}
"""


def invoke(*args: str):
    result = CliRunner().invoke(APP, ["lint", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write(tmp_path: Path, text: str | bytes, name: str = "fw.yaml") -> Path:
    f = tmp_path / name
    if isinstance(text, bytes):
        f.write_bytes(text)
    else:
        f.write_text(text, encoding="utf-8")
    return f


def test_starter_by_template_name_is_clean() -> None:
    result = invoke("starter")
    assert result.exit_code == 0, result.stdout
    assert "Complexity 104" in result.stdout and "0 errors" in result.stdout


def test_errors_exit_1_with_located_lines(tmp_path) -> None:
    f = write(tmp_path, MINIMAL.replace("  ic/B2: {title: Mid}\n", ""))
    result = invoke(str(f))
    assert result.exit_code == 1
    assert f"{f}:4:3 MT001 error track 'ic' has no level at B2" in result.stdout
    assert "(add ic/B2)" in result.stdout
    assert "Errors (1)" in result.stdout


def test_warnings_only_exit_0(tmp_path) -> None:
    f = write(tmp_path, MINIMAL)
    result = invoke(str(f))
    assert result.exit_code == 0
    assert "MT012 warning" in result.stdout  # no pay ranges: a warning, not a failure


def test_json_format(tmp_path) -> None:
    data = base()
    data["transitions"][0].pop("trial")
    data["transitions"][0].pop("requires")
    data["lint"] = {"disable": {"MT019": "free returns"}}
    f = write(tmp_path, yaml.safe_dump(data, sort_keys=False))
    result = invoke(str(f), "--format", "json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["ok"] is True and out["findings"] == []
    assert out["suppressed"][0] | {"line": None} == out["suppressed"][0] | {"line": None}
    assert out["suppressed"][0]["reason"] == "free returns"
    assert out["counts"] == {"error": 0, "warning": 0, "info": 0, "suppressed": 1}
    assert set(out["complexity"]["parts"]) == {"titles", "levels", "expectations", "rules"}


def test_sarif_format(tmp_path) -> None:
    f = write(tmp_path, MINIMAL.replace("  ic/B2: {title: Mid}\n", ""))
    result = invoke(str(f), "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (gap,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "MT001"]
    assert gap["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 3}


def test_list_rules_text_and_json() -> None:
    result = invoke("--list-rules")
    assert result.exit_code == 0
    for code in RULES:
        assert code in result.stdout
    listed = json.loads(invoke("--list-rules", "--format", "json").stdout)
    assert len(listed) == len(RULES) >= 15
    assert {"code", "severity", "meaning", "hint", "options"} <= set(listed[0])


def test_no_file_is_unusable() -> None:
    result = invoke()
    assert result.exit_code == 2 and "give a framework" in result.stderr


# ------------------------------------------------------------------------- bad input

BAD = [
    ("malformed", b"name: [unclosed\nbands: [B1]\n", ":2:6", "not valid YAML"),
    ("wrong type", MINIMAL.replace("kind: specialist", "kind: wizard").encode(), ":4:", "kind"),
    (
        "unknown reference",
        MINIMAL.replace("ic/B3: {title", "ic/B9: {title").encode(),
        ":9:",
        "'B9' is not a band",
    ),
    (
        "competency cycle",
        (MINIMAL + "competencies:\n  a: {parent: b}\n  b: {parent: a}\n").encode(),
        ":13:",
        "hierarchy has a cycle",
    ),
    (
        "band cycle",
        MINIMAL.replace(
            "bands: [B1, B2, B3]", "bands: {B1: {above: B3}, B2: {above: B1}, B3: {above: B2}}"
        ).encode(),
        ":2:",
        "cycle",
    ),
    (
        "duplicate key",
        (MINIMAL + "  ic/B1: {title: Again}\n").encode(),
        ":12:3",
        "duplicate key 'ic/B1'",
    ),
    ("empty", b"", "fw.yaml", "empty"),
    ("only a comment", b"# nothing here\n", "fw.yaml", "empty"),
    ("not UTF-8", b"name: caf\xe9\nbands: [B1]\n", ":1:10", "not UTF-8"),
    ("not a mapping", b"- a\n- b\n", ":1:1", "top level must be a mapping"),
    ("unknown field", (MINIMAL + "colour: blue\n").encode(), ":12:", "unknown field 'colour'"),
    (
        "unsupported tag",
        (MINIMAL + "version: !!python/name:os.system x\n").encode(),
        ":12:10",
        "unsupported YAML tag !!python/name:os.system",
    ),
]


@pytest.mark.parametrize(("label", "raw", "where", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_2_with_a_located_message(tmp_path, label, raw, where, message) -> None:
    f = write(tmp_path, raw)
    result = invoke(str(f))
    assert result.exit_code == 2, (label, result.stdout, result.stderr)
    assert str(f) in result.stderr and where in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_too_large_names_the_limit(tmp_path) -> None:
    f = write(tmp_path, MINIMAL)
    result = invoke(str(f), "--max-bytes", "100")
    assert result.exit_code == 2
    assert "the limit is 100" in result.stderr and str(f) in result.stderr
    assert invoke(str(f), "--max-bytes", "100000").exit_code == 0


def test_missing_file_and_empty_folder(tmp_path) -> None:
    result = invoke(str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = invoke(str(tmp_path))
    assert result.exit_code == 2 and "holds no .yaml" in result.stderr


def test_folder_with_one_bad_file_names_it(tmp_path) -> None:
    write(tmp_path, "name: Split\nbands: [B1, B2]\n", "a.yaml")
    bad = write(tmp_path, "tracks:\n  ic: {kind: specialist, from: B1, ceiling: B7}\n", "b.yaml")
    result = invoke(str(tmp_path))
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.stderr and "'B7' is not a band" in result.stderr


def test_bad_input_in_json_and_sarif_formats(tmp_path) -> None:
    f = write(tmp_path, b"name: [unclosed\n")
    out = json.loads(invoke(str(f), "--format", "json").stdout)
    assert out["ok"] is False and out["errors"][0]["line"] == 2
    log = json.loads(invoke(str(f), "--format", "sarif").stdout)
    assert log["runs"][0]["results"][0]["ruleId"] == "MT000"


def test_installed_command_never_shows_a_traceback(tmp_path) -> None:
    exe = Path(sys.executable).with_name("multitrack")
    f = write(tmp_path, b"levels: [\n")
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.run(
        [str(exe), "lint", str(f)], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 2
    assert "not valid YAML" in proc.stderr and "Traceback" not in proc.stderr
