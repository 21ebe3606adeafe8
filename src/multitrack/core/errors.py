"""The one exception tree of :mod:`multitrack.core`.

* MultitrackError
  + FrameworkError            -- a framework file cannot be used (exit status 2 in the CLI)
    x FrameworkSyntaxError    -- not YAML/JSON, not UTF-8, duplicate keys, too large, empty
    x FrameworkValidationError -- parsed, but wrong types or unknown references
  + ConversionError           -- a foreign framework could not be converted
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ConversionError",
    "FrameworkError",
    "FrameworkSyntaxError",
    "FrameworkValidationError",
    "MultitrackError",
    "Problem",
    "format_path",
    "format_where",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located so that a person can find and fix it."""

    message: str
    path: str = ""
    loc: tuple[str | int, ...] = field(default=(), compare=False)
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        return format_where(self.file or "<input>", self.line, self.column)

    def __str__(self) -> str:
        prefix = f"{self.path}: " if self.path else ""
        return f"{self.where()}: {prefix}{self.message}"


def format_where(file: str, line: int | None, column: int | None) -> str:
    """``file:line:column``, leaving out what is not known."""
    parts = [file]
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


def format_path(loc: tuple[str | int, ...]) -> str:
    """``("levels", "eng/B5", "band")`` -> ``levels.eng/B5.band``; list items as ``[i]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class MultitrackError(Exception):
    """Base of every error Multitrack raises on purpose."""


@dataclass
class FrameworkError(MultitrackError):
    """A framework cannot be used; ``problems`` lists every reason found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems) or "invalid framework"


class FrameworkSyntaxError(FrameworkError):
    """The bytes are not a usable YAML/JSON document."""


class FrameworkValidationError(FrameworkError):
    """The document parsed but does not describe a valid framework."""


class ConversionError(MultitrackError):
    """A foreign career framework could not be converted."""
