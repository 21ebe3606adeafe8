"""SARIF 2.1.0 output, so that code scanning (e.g. GitHub's) shows findings on the YAML lines.

Silenced findings are kept as results with an in-source suppression and its justification.
A framework that cannot be loaded becomes results of the pseudo-rule MT000, so a CI upload
still shows why.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from multitrack.core.errors import Problem
from multitrack.core.lint.base import RULES, Finding, Rule, Severity

__all__ = ["LOAD_RULE", "SARIF_SCHEMA", "problems_to_sarif", "to_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://multitrack.dev/docs/lint-rules"
_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}

LOAD_RULE = {
    "id": "MT000",
    "name": "unusable-framework",
    "shortDescription": {"text": "The framework cannot be loaded (not YAML, wrong types, …)."},
    "help": {"text": "fix the file at the stated line and column"},
    "defaultConfiguration": {"level": "error"},
}


def _rule(r: Rule) -> dict[str, Any]:
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.meaning},
        "fullDescription": {"text": r.meaning},
        "help": {"text": r.hint},
        "helpUri": f"{INFO_URI}#{r.code.lower()}",
        "defaultConfiguration": {"level": _LEVEL[r.severity]},
        "properties": {"tags": [r.topic]},
    }


def _uri(file: str) -> str:
    path = Path(file)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def _location(file: str | None, line: int | None, column: int | None) -> list[dict[str, Any]]:
    if not file:
        return []
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(file)}}
    if line:
        physical["region"] = {"startLine": line, "startColumn": column or 1}
    return [{"physicalLocation": physical}]


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": _LEVEL[f.severity],
        "message": {"text": f"{f.message} ({f.hint})" if f.hint else f.message},
        "locations": _location(f.file, f.line, f.column),
    }
    if f.path:
        out["properties"] = {"path": f.path}
    if f.reason is not None:
        out["suppressions"] = [{"kind": "inSource", "justification": f.reason}]
    return out


def _log(rules: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    from multitrack import __version__

    driver = {
        "name": "multitrack",
        "informationUri": INFO_URI,
        "version": __version__,
        "rules": rules,
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def to_sarif(report: Any) -> dict[str, Any]:
    """A SARIF log of one :class:`~multitrack.core.lint.LintReport` (every rule described)."""
    index = {code: i for i, code in enumerate(RULES)}
    results = [_result(f, index) for f in (*report.findings, *report.suppressed)]
    return _log([_rule(r) for r in RULES.values()], results)


def problems_to_sarif(problems: Iterable[Problem]) -> dict[str, Any]:
    """A SARIF log for a framework that could not be loaded (pseudo-rule MT000)."""
    results = [
        {
            "ruleId": "MT000",
            "ruleIndex": 0,
            "level": "error",
            "message": {"text": f"{p.path}: {p.message}" if p.path else p.message},
            "locations": _location(p.file, p.line, p.column),
        }
        for p in problems
    ]
    return _log([LOAD_RULE], results)
