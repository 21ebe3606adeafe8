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
    "Framework",
    "FrameworkError",
    "FrameworkSyntaxError",
    "FrameworkValidationError",
    "Level",
    "MultitrackError",
    "PayRange",
    "Problem",
    "Scale",
    "Track",
    "TrackKind",
    "Transition",
    "dump",
    "dumps",
    "load",
    "loads",
    "to_data",
]
