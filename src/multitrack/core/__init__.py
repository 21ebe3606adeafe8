"""The career framework itself: pure Python, no Django, no data frames."""

from multitrack.core.errors import (
    ConversionError,
    FrameworkError,
    FrameworkSyntaxError,
    FrameworkValidationError,
    MultitrackError,
    Problem,
)
from multitrack.core.io import dump, dumps, load, loads, to_data
from multitrack.core.lint import RULES, Finding, LintReport, lint
from multitrack.core.model import (
    EVP,
    Advancement,
    Area,
    Band,
    Competency,
    Framework,
    Level,
    PayRange,
    Scale,
    Track,
    TrackKind,
    Transition,
)

__all__ = [
    "Advancement",
    "Area",
    "Band",
    "Competency",
    "ConversionError",
    "EVP",
    "Finding",
    "Framework",
    "FrameworkError",
    "FrameworkSyntaxError",
    "FrameworkValidationError",
    "Level",
    "LintReport",
    "MultitrackError",
    "PayRange",
    "Problem",
    "RULES",
    "Scale",
    "Track",
    "TrackKind",
    "Transition",
    "dump",
    "dumps",
    "lint",
    "load",
    "loads",
    "to_data",
]
