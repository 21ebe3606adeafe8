"""The forecast's input errors: one base class the CLI turns into exit code 2."""

from __future__ import annotations

__all__ = ["DemandError", "ForecastError", "ScenarioError"]


class ForecastError(ValueError):
    """The history, an option or an input file cannot be used; the message says why."""


class DemandError(ForecastError):
    """A demand plan cannot be used; the message names the file, row or field."""


class ScenarioError(ForecastError):
    """A scenario cannot be loaded or applied; the message names the change and why."""
