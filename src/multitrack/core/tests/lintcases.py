"""A small clean framework for lint tests, and helpers to lint variants of it from a file."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from multitrack.core.io import load_located
from multitrack.core.lint import Finding, LintReport, lint

_FULL = {
    "inducements": dict.fromkeys(
        (
            "power_influence",
            "achievement_recognition",
            "personal_growth",
            "affiliation",
            "extrinsic_rewards",
        ),
        4,
    ),
    "contributions": dict.fromkeys(
        (
            "willingness_to_join_or_remain",
            "motivating_others",
            "generating_value",
            "dependable_performance",
            "innovative_behaviour",
            "affordability",
        ),
        4,
    ),
}

BASE: dict[str, Any] = {
    "name": "Base",
    "bands": ["B1", "B2", "B3", "B4"],
    "families": {"eng": {}},
    "scales": {
        "p": {
            "steps": [
                {"key": "low", "description": "with help"},
                {"key": "mid", "description": "alone"},
                {"key": "high", "description": "leads others"},
            ]
        }
    },
    "competencies": {"craft": {}, "lead": {}},
    "tracks": {
        "ic": {"kind": "specialist", "from": "B1", "ceiling": "B4"},
        "mgr": {"kind": "management", "from": "B2", "ceiling": "B4"},
    },
    "levels": {
        "ic/B1": {"title": "Engineer I", "decides": ["own tasks"], "expects": {"craft": "low"}},
        "ic/B2": {"title": "Engineer II", "decides": ["designs"], "expects": {"craft": "mid"}},
        "ic/B3": {"title": "Staff", "decides": ["architecture"], "expects": {"craft": "high"}},
        "ic/B4": {"title": "Principal", "decides": ["standards"], "expects": {"craft": "high"}},
        "mgr/B2": {
            "title": "Lead",
            "decides": ["team priorities"],
            "expects": {"craft": "low", "lead": "low"},
        },
        "mgr/B3": {
            "title": "Manager",
            "decides": ["hiring"],
            "expects": {"craft": "low", "lead": "mid"},
        },
        "mgr/B4": {
            "title": "Director",
            "decides": ["budget"],
            "expects": {"craft": "low", "lead": "high"},
        },
    },
    "transitions": [
        {
            "key": "cross",
            "from": "ic",
            "to": "mgr",
            "at": "same",
            "both_ways": True,
            "requires": {"proficiencies": {"lead": "low"}},
            "trial": {"months": 6},
        }
    ],
    "pay": {
        "ranges": [
            {"band": "B1", "min": 100, "max": 140},
            {"band": "B2", "min": 150, "max": 190},
            {"band": "B3", "min": 200, "max": 240},
            {"band": "B4", "min": 250, "max": 290},
        ]
    },
    "evp": {"ic": copy.deepcopy(_FULL), "mgr": copy.deepcopy(_FULL)},
}


def base() -> dict[str, Any]:
    """A fresh copy of the clean framework, to change in one place per test."""
    return copy.deepcopy(BASE)


def run(folder: Path, data: dict[str, Any], name: str = "fw.yaml") -> LintReport:
    """Write ``data`` as YAML, load it with locations and lint it."""
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return lint(*load_located(path))


def of(report: LintReport, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def line_text(f: Finding) -> str:
    """The line of the file a finding points at."""
    assert f.file and f.line, f
    return Path(f.file).read_text(encoding="utf-8").splitlines()[f.line - 1]
