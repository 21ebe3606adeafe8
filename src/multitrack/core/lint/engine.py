"""Run every rule over a framework and collect one report (nothing a rule does may escape)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multitrack.core.errors import format_path
from multitrack.core.io import Located
from multitrack.core.lint.base import RULES, SEVERITY_RANK, Finding, Hit, Rule, Severity
from multitrack.core.lint.complexity import Complexity, measure
from multitrack.core.lint.context import Context
from multitrack.core.lint.settings import resolve
from multitrack.core.model import Framework

__all__ = ["LintReport", "lint"]


@dataclass(frozen=True)
class LintReport:
    """Findings in force, findings the framework silenced (with reasons), and complexity."""

    framework: str
    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    complexity: Complexity

    @property
    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        out["suppressed"] = len(self.suppressed)
        return out

    @property
    def ok(self) -> bool:
        """True when no finding in force is an error (warnings and info pass)."""
        return not any(f.severity is Severity.error for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "ok": self.ok,
            "counts": self.counts,
            "complexity": self.complexity.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": [f.to_dict() for f in self.suppressed],
        }


def _finding(ctx: Context, r: Rule, sev: Severity, hit: Hit, reason: str | None) -> Finding:
    file = line = column = None
    if ctx.located is not None:
        p = ctx.located.problem(hit.message, hit.loc)
        file, line, column = p.file, p.line, p.column
    return Finding(
        code=r.code,
        name=r.name,
        severity=sev,
        message=hit.message,
        hint=hit.hint or r.hint,
        path=format_path(hit.loc),
        file=file,
        line=line,
        column=column,
        reason=reason,
    )


def _hits(r: Rule, ctx: Context) -> tuple[list[Hit], bool]:
    """The rule's hits, or one hit saying it broke (and True: the check did not run)."""
    try:
        return list(r.check(ctx)), False
    except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
        msg = f"internal error in rule {r.code} ({type(exc).__name__}: {exc}); please report it"
        return [Hit((), msg)], True


def _order(f: Finding) -> tuple:
    return (SEVERITY_RANK[f.severity], f.file or "", f.line or 0, f.column or 0, f.code)


def lint(fw: Framework, located: Located | None = None) -> LintReport:
    """Check a loaded framework against every rule in :data:`RULES`.

    ``located`` (from :func:`multitrack.core.io.load_located`) gives findings their file,
    line and column; without it they carry the path in the model only.
    """
    settings = resolve(fw)
    ctx = Context(fw, located, settings.options)
    ctx.memo["settings"] = settings
    findings: list[Finding] = []
    suppressed: list[Finding] = []
    for code, r in RULES.items():
        reason = settings.disabled.get(code)
        hits, broken = _hits(r, ctx)
        sev = Severity.error if broken else settings.severity.get(code, r.severity)
        for hit in hits:
            (findings if reason is None else suppressed).append(_finding(ctx, r, sev, hit, reason))
    try:
        complexity = measure(ctx)
    except Exception:  # noqa: BLE001 - reported by MT025 already
        complexity = Complexity(0, settings.options.get("complexity_budget", 0), None, {})
    return LintReport(
        fw.name,
        tuple(sorted(findings, key=_order)),
        tuple(sorted(suppressed, key=_order)),
        complexity,
    )
