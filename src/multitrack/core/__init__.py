"""The career framework itself: pure Python, no Django, no data frames."""

from multitrack.core.convert import convert
from multitrack.core.diff import FrameworkDiff, diff, level_map
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
from multitrack.core.paths import CareerPath, UnknownLevelError, find_paths, shortest_path

__all__ = [
    "Advancement",
    "Area",
    "Band",
    "CareerPath",
    "Competency",
    "ConversionError",
    "EVP",
    "Finding",
    "Framework",
    "FrameworkDiff",
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
    "UnknownLevelError",
    "convert",
    "diff",
    "dump",
    "dumps",
    "find_paths",
    "level_map",
    "lint",
    "load",
    "loads",
    "shortest_path",
    "to_data",
]
