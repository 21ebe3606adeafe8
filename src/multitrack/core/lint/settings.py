"""The framework's own ``lint:`` section: silenced rules (with a reason), severities, options.

Settings that cannot be honoured are not errors of the load: they are findings of MT026, and
the rule they meant keeps its defaults, so a typo never silences a check by accident.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from multitrack.core.lint.base import RULES, Hit, Severity, all_options, rule
from multitrack.core.lint.context import Context, listing
from multitrack.core.model import Framework

__all__ = ["Settings", "resolve"]


@dataclass(frozen=True)
class Settings:
    """What the engine applies: silenced codes with reasons, severities, option values."""

    disabled: dict[str, str] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, float] = field(default_factory=dict)
    problems: tuple[Hit, ...] = ()


def _known(code: str, loc: tuple) -> Hit | None:
    if code in RULES:
        return None
    return Hit(loc, f"'{code}' is not a rule code; codes are {min(RULES)}–{max(RULES)}")


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _options(fw: Framework, problems: list[Hit]) -> dict[str, float]:
    known = all_options()
    values = {name: float(o.default) for name, o in known.items()}
    given: list[tuple[tuple, str, object]] = []
    if fw.pay.overlap_tolerance is not None:
        given.append((("pay", "overlap_tolerance"), "overlap_tolerance", fw.pay.overlap_tolerance))
    given += [(("lint", "options", k), str(k), v) for k, v in fw.lint.options.items()]
    for loc, name, raw in given:
        opt = known.get(name)
        if opt is None:
            problems.append(
                Hit(loc, f"'{name}' is not a lint option; options are {listing(sorted(known), 20)}")
            )
            continue
        value = _number(raw)
        hi = opt.maximum
        if value is None or value < opt.minimum or (hi is not None and value > hi):
            span = f"{opt.minimum:g}–{hi:g}" if hi is not None else f"at least {opt.minimum:g}"
            problems.append(
                Hit(
                    loc,
                    f"option '{name}' must be a number {span}; got {raw!r}, using {values[name]:g}",
                )
            )
            continue
        values[name] = value
    return values


def resolve(fw: Framework) -> Settings:
    """The settings to apply, and a Hit for each one that cannot be applied."""
    problems: list[Hit] = []
    disabled: dict[str, str] = {}
    for code, reason in fw.lint.disable.items():
        loc = ("lint", "disable", code)
        if bad := _known(code, loc):
            problems.append(bad)
        elif not reason:
            problems.append(Hit(loc, f"silencing {code} needs a reason; it stays on"))
        else:
            disabled[code] = reason
    severity: dict[str, Severity] = {}
    for code, sev in fw.lint.severity.items():
        loc = ("lint", "severity", code)
        if bad := _known(code, loc):
            problems.append(bad)
        elif sev not in Severity.__members__:
            problems.append(Hit(loc, f"severity '{sev}' is not error, warning or info"))
        else:
            severity[code] = Severity(sev)
    options = _options(fw, problems)
    return Settings(disabled, severity, options, tuple(problems))


@rule(
    "MT026",
    "lint-settings",
    "warning",
    "The lint section names an unknown rule or option or a bad severity, or silences a rule "
    "without a reason.",
    "fix the code, option or value in the lint section; 'multitrack lint --list-rules' lists them",
)
def lint_settings(ctx: Context) -> Iterator[Hit]:
    yield from ctx.memo["settings"].problems
