"""The lint machinery: rules, hits, findings and the registry every rule module adds to.

A rule is one function taking a :class:`Context` and yielding :class:`Hit` s (a location in
the framework file and a message). The engine (``engine.py``) turns hits into located
:class:`Finding` s, applies the framework's ``lint:`` settings and collects a report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from multitrack.core.errors import format_where

__all__ = ["RULES", "Finding", "Hit", "Option", "Rule", "Severity", "rule"]

Loc = tuple[str | int, ...]


class Severity(StrEnum):
    """How bad a finding is: errors fail ``multitrack lint`` (exit 1), the rest inform."""

    error = "error"
    warning = "warning"
    info = "info"


SEVERITY_RANK = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


@dataclass(frozen=True)
class Option:
    """A threshold a framework may set under ``lint.options``."""

    name: str
    default: float
    meaning: str
    minimum: float = 0.0
    maximum: float | None = None


@dataclass(frozen=True)
class Hit:
    """What a rule found: where in the file, what is wrong, and (optionally) a specific fix."""

    loc: Loc
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Rule:
    """One health check: a stable code, a default severity, a one-line meaning and a fix hint."""

    code: str
    name: str
    severity: Severity
    meaning: str
    hint: str
    check: Callable[[Any], Iterable[Hit]] = field(repr=False, compare=False)
    options: tuple[Option, ...] = ()
    topic: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "topic": self.topic,
            "meaning": self.meaning,
            "hint": self.hint,
            "options": [
                {"name": o.name, "default": o.default, "meaning": o.meaning} for o in self.options
            ],
        }


@dataclass(frozen=True)
class Finding:
    """A located hit of one rule; ``reason`` is set when the framework silenced the rule."""

    code: str
    name: str
    severity: Severity
    message: str
    hint: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    reason: str | None = None

    def where(self) -> str:
        return format_where(self.file or "<framework>", self.line, self.column)

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.where()} {self.code} {self.severity.value} {self.message}{hint}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "rule": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: str,
    meaning: str,
    hint: str,
    options: tuple[Option, ...] = (),
) -> Callable[[Callable[[Any], Iterator[Hit]]], Callable[[Any], Iterator[Hit]]]:
    """Register a check function under ``code`` (the module name becomes its topic)."""

    def register(fn: Callable[[Any], Iterator[Hit]]) -> Callable[[Any], Iterator[Hit]]:
        if code in RULES:
            raise ValueError(f"rule code {code} is registered twice")
        topic = fn.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, name, Severity(severity), meaning, hint, fn, options, topic)
        return fn

    return register


def all_options() -> dict[str, Option]:
    """Every option any rule declares, by name (names are unique across rules)."""
    return {o.name: o for r in RULES.values() for o in r.options}
