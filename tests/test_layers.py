"""Imports flow one way: web / cli -> demo -> analytics -> core. Never back."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "multitrack"

FORBIDDEN = {
    "core": (
        "django",
        "ninja",
        "polars",
        "pandas",
        "numpy",
        "scipy",
        "statsmodels",
        "lifelines",
        "multitrack.analytics",
        "multitrack.demo",
        "multitrack.web",
        "multitrack.cli",
    ),
    "analytics": ("django", "ninja", "multitrack.web", "multitrack.cli", "multitrack.demo"),
    "demo": ("django", "ninja", "multitrack.web", "multitrack.cli"),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _violations(layer: str) -> list[str]:
    bad = []
    for path in sorted((SRC / layer).rglob("*.py")):
        if "tests" in path.relative_to(SRC).parts:
            continue  # tests may use reference libraries of any layer
        for line, name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(SRC.parent)}:{line} imports {name}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_flow_one_way(layer: str) -> None:
    assert _violations(layer) == []


def test_the_checker_sees_a_violation(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "multitrack" / "core"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("import django\nfrom multitrack.web import x\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path / "multitrack")
    assert len(_violations("core")) == 2
