"""The career-framework model: bands, tracks, levels, competencies, transitions, pay, EVP.

The model mirrors the YAML format one to one (see ``docs/framework-format.md``): mappings in
the file are mappings here, keyed by the object's stable key, so that an error's location in
the model is its location in the file. Everything is frozen once loaded. One module per
aggregate; import from here.
"""

from multitrack.core.model.base import FORMAT_VERSION
from multitrack.core.model.competencies import Area, Competency, Scale, Step
from multitrack.core.model.framework import Framework
from multitrack.core.model.mappings import ExternalMapping, LintSettings, MappingEntry
from multitrack.core.model.pay import EVP, Contributions, Inducements, PayRange, PaySettings
from multitrack.core.model.spine import Band, Family, Zone
from multitrack.core.model.tracks import Advancement, Level, Points, Track, TrackKind
from multitrack.core.model.transitions import Requirements, Transition, Trial

__all__ = [
    "Advancement",
    "Area",
    "Band",
    "Competency",
    "Contributions",
    "EVP",
    "ExternalMapping",
    "Family",
    "FORMAT_VERSION",
    "Framework",
    "Inducements",
    "Level",
    "LintSettings",
    "MappingEntry",
    "PayRange",
    "PaySettings",
    "Points",
    "Requirements",
    "Scale",
    "Step",
    "Track",
    "TrackKind",
    "Transition",
    "Trial",
    "Zone",
]
