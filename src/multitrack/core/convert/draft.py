"""What a converter reads from a source, before alignment and mapping: the draft.

Each source reader fills a :class:`Draft` with what the source states (tracks, levels,
titles, competencies and their per-level expectations, declared equivalences). The
assembler (:mod:`multitrack.core.convert.assemble`) then places levels on a band spine and
applies the mapping file and flags for what the source does not state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "STATED_SCALE",
    "Draft",
    "DraftLevel",
    "DraftTrack",
    "Skipped",
    "carry_forward",
    "guess_area_kind",
    "guess_kind",
    "source_name",
    "stated_scale",
    "stated_step",
]

STATED_SCALE = "stated-level"


@dataclass
class DraftLevel:
    """One level as the source states it; ``number`` is the source's own level number."""

    number: int
    title: str
    band: str | None = None  # set when the source itself fixes the band (Snowflake)
    titles: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    scope: str = ""
    influence: str = ""
    responsibilities: list[str] = field(default_factory=list)
    expects: dict[str, str] = field(default_factory=dict)
    advancement: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # file or code it came from, for messages


@dataclass
class DraftTrack:
    """A ladder of the source; ``id`` is how the mapping file names it."""

    id: str
    name: str
    kind: str
    kind_reason: str
    families: list[str] | None = None  # None: every family
    description: str = ""
    levels: list[DraftLevel] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """A source file that could not be used, and why."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass
class Draft:
    source: Path
    format: str
    name: str
    description: str = ""
    tracks: list[DraftTrack] = field(default_factory=list)
    areas: dict[str, dict[str, Any]] = field(default_factory=dict)
    competencies: dict[str, dict[str, Any]] = field(default_factory=dict)
    scales: dict[str, dict[str, Any]] = field(default_factory=dict)
    families: dict[str, dict[str, Any]] = field(default_factory=dict)
    bands: list[dict[str, Any]] | None = None  # a spine the source states, low to high
    band_names: dict[int, str] = field(default_factory=dict)  # names for numbered bands
    equivalence: str = ""  # how the source states cross-track equivalence; "" = it does not
    notes: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def competency(self, key: str, name: str, area: str, description: str = "") -> str:
        """Register a competency once (the first description given wins); return its key."""
        if key not in self.competencies:
            self.competencies[key] = {"name": name, "area": area, "scale": STATED_SCALE}
        if description and not self.competencies[key].get("description"):
            self.competencies[key]["description"] = description
        return key

    def area(self, key: str, name: str) -> str:
        if key not in self.areas:
            self.areas[key] = {"name": name, "kind": guess_area_kind(name)}
        return key


_MANAGEMENT = re.compile(r"\b(manag\w*|director|head|vp|vice president|chief|leadership)\b", re.I)
_LEADER = re.compile(r"\b(lead|leader|program\w*|programme\w*|project)\b", re.I)
_CODES = {
    "ic": "specialist",
    "p": "specialist",
    "e": "specialist",
    "d": "specialist",
    "m": "management",
    "em": "management",
    "mgr": "management",
    "tl": "leader_contributor",
    "tpm": "leader_contributor",
}


def guess_kind(name: str, code: str = "") -> tuple[str, str]:
    """A track kind from its code or name, with the reason (stated in the notes)."""
    if code and code.lower() in _CODES:
        return _CODES[code.lower()], f"its code '{code}'"
    if _LEADER.search(name) and re.search(r"program|project|\blead\b", name, re.I):
        return "leader_contributor", f"its name '{name}'"
    if _MANAGEMENT.search(name):
        return "management", f"its name '{name}'"
    return "specialist", "no management words in its name"


_LEADERSHIP_AREA = re.compile(
    r"lead|manag|people|talent|culture|influence|mentor|coach|team|communicat", re.I
)


def guess_area_kind(name: str) -> str:
    return "leadership" if _LEADERSHIP_AREA.search(name) else "job"


def stated_step(number: int) -> str:
    return f"level-{number}"


def stated_scale(numbers: Iterable[int]) -> dict[str, Any]:
    """The scale of a source that states behaviours per level rather than proficiency steps."""
    top = max([1, *numbers])
    return {
        "name": "Stated level",
        "steps": [
            {
                "key": stated_step(n),
                "description": f"Shows what the source states for this competency at level {n} "
                "of the person's track (and every level below it).",
            }
            for n in range(1, top + 1)
        ],
    }


def carry_forward(levels: list[DraftLevel], stated: dict[int, set[str]]) -> None:
    """Set each level's expectations: a competency stated at level n is expected at the
    step of the highest level ≤ this one that states it (sources are cumulative)."""
    latest: dict[str, int] = {}
    for lv in sorted(levels, key=lambda x: x.number):
        for comp in stated.get(lv.number, ()):
            latest[comp] = lv.number
        lv.expects = {comp: stated_step(n) for comp, n in sorted(latest.items())}


_GENERIC_FOLDERS = {"frameworks", "framework", "pages", "docs", "src", "content", "data"}


def source_name(source: Path) -> str:
    """A readable name for a source: its folder, or the parent of a generic one (pages/)."""
    path = source.resolve()
    if path.is_file():
        path = path.parent
    while path.name.lower() in _GENERIC_FOLDERS and path.parent != path:
        path = path.parent
    return path.name or source.name
