"""The lint engine: settings from the framework, suppression with reasons, locations, a rule
that breaks, SARIF output, and the shipped templates."""

from __future__ import annotations

import dataclasses

import jsonschema
import pytest

from multitrack.core import loads
from multitrack.core.io import load_located
from multitrack.core.lint import RULES, Severity, lint, to_sarif
from multitrack.core.lint.sarif import problems_to_sarif
from multitrack.core.templates import names, path
from multitrack.core.tests.lintcases import base, of, run


def _unguarded() -> dict:
    data = base()
    data["transitions"][0].pop("requires")
    data["transitions"][0].pop("trial")
    return data


def test_silenced_rule_is_reported_as_suppressed_with_its_reason(tmp_path) -> None:
    data = _unguarded()
    data["lint"] = {"disable": {"MT019": "returns are free by policy"}}
    report = run(tmp_path, data)
    assert not of(report, "MT019")
    (s,) = report.suppressed
    assert s.code == "MT019" and s.reason == "returns are free by policy"
    assert s.to_dict()["reason"] == "returns are free by policy"
    assert report.counts["suppressed"] == 1
    assert report.to_dict()["suppressed"][0]["code"] == "MT019"


def test_severity_override_turns_a_warning_into_a_failure(tmp_path) -> None:
    data = _unguarded()
    assert run(tmp_path, data).ok
    data["lint"] = {"severity": {"MT019": "error"}}
    report = run(tmp_path, data)
    (f,) = of(report, "MT019")
    assert f.severity is Severity.error and not report.ok
    assert report.counts["error"] == 1


def test_a_silence_without_reason_keeps_the_rule_on(tmp_path) -> None:
    data = _unguarded()
    data["lint"] = {"disable": {"MT019": "  "}}
    report = run(tmp_path, data)
    assert of(report, "MT019") and of(report, "MT026") and not report.suppressed


def test_findings_sort_errors_first_then_by_line(tmp_path) -> None:
    data = _unguarded()
    del data["levels"]["ic/B3"]
    data["levels"]["ic/B1"]["expects"] = {}
    report = run(tmp_path, data)
    sevs = [f.severity for f in report.findings]
    assert sevs == sorted(sevs, key=["error", "warning", "info"].index)
    assert [f.code for f in report.findings] == ["MT001", "MT019", "MT018"]


def test_without_locations_findings_carry_the_model_path() -> None:
    fw = loads(
        "name: T\nbands: [B1, B2]\ntracks:\n  ic: {kind: specialist, from: B1, ceiling: B2}\n"
    )
    report = lint(fw)
    (gap,) = of(report, "MT001")
    assert gap.file is None and gap.line is None and gap.path == "tracks.ic"
    assert gap.where() == "<framework>"


def test_folder_findings_name_the_file_they_are_in(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text(
        "name: Split\nbands: [B1, B2]\ntracks:\n  ic: {kind: specialist, from: B1, ceiling: B2}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text("levels:\n  ic/B1: {title: One}\n", encoding="utf-8")
    report = lint(*load_located(tmp_path))
    (gap,) = of(report, "MT001")
    assert gap.file.endswith("a.yaml") and gap.line == 4
    (single,) = of(report, "MT004")
    assert single.file.endswith("a.yaml")


def test_a_broken_rule_is_reported_and_the_others_still_run(tmp_path, monkeypatch) -> None:
    def explode(ctx):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(RULES, "MT007", dataclasses.replace(RULES["MT007"], check=explode))
    report = run(tmp_path, _unguarded())
    (broken,) = of(report, "MT007")
    assert "internal error in rule MT007 (ZeroDivisionError: boom)" in broken.message
    assert broken.severity is Severity.error and not report.ok  # an info rule that broke
    assert of(report, "MT019")


# --------------------------------------------------------------------------- SARIF

# The parts of SARIF 2.1.0 that code scanning reads (from the OASIS schema's required keys).
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription"],
                                        },
                                    }
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "level", "message"],
                            "properties": {
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {"type": "object", "required": ["text"]},
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation"],
                                                "properties": {
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {
                                                            "startLine": {"minimum": 1},
                                                            "startColumn": {"minimum": 1},
                                                        },
                                                    }
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_names_rules_and_locates_results(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = _unguarded()
    del data["levels"]["ic/B3"]
    data["lint"] = {"disable": {"MT019": "by policy"}}
    sarif = to_sarif(run(tmp_path, data))
    jsonschema.validate(sarif, SARIF_SUBSET)
    driver = sarif["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == list(RULES)
    results = sarif["runs"][0]["results"]
    gap = next(r for r in results if r["ruleId"] == "MT001")
    assert gap["level"] == "error" and ids[gap["ruleIndex"]] == "MT001"
    loc = gap["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "fw.yaml"  # relative to the working folder
    assert loc["region"]["startLine"] > 1
    silenced = next(r for r in results if r["ruleId"] == "MT019")
    assert silenced["suppressions"] == [{"kind": "inSource", "justification": "by policy"}]


def test_sarif_of_an_unusable_file(tmp_path) -> None:
    from multitrack.core import FrameworkError

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_located(bad)
    sarif = problems_to_sarif(info.value.problems)
    jsonschema.validate(sarif, SARIF_SUBSET)
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "MT000" and "not valid YAML" in result["message"]["text"]


@pytest.mark.parametrize("name", names())
def test_shipped_templates_lint_without_errors(name: str) -> None:
    report = lint(*load_located(path(name)))
    assert report.ok, [str(f) for f in report.findings]
    assert not of(report, "MT026"), "a template's lint section must be valid"


def test_starter_lints_clean() -> None:
    report = lint(*load_located(path("starter")))
    assert report.findings == (), [str(f) for f in report.findings]
