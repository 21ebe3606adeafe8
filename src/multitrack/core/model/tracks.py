"""Tracks and their levels: what each step asks, decides and needs to advance."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import (
    Field,
    field_validator,
)

from multitrack.core.model.base import (
    StrMap,
    TextList,
    _Base,
    _Keyed,
    _steps_text,
    _text_list,
)


class TrackKind(StrEnum):
    management = "management"
    specialist = "specialist"
    leader_contributor = "leader_contributor"
    dynamic = "dynamic"
    custom = "custom"


class Track(_Keyed):
    """A path of progression from an entry band up to its published ceiling."""

    name: str = ""
    kind: TrackKind
    families: tuple[str, ...] | Literal["all"] = "all"
    entry: str = Field(alias="from")
    ceiling: str
    description: str = ""
    beyond_ceiling: str = Field(
        default="", description="the stated route past the ceiling (e.g. a crossover)"
    )
    spine: bool = Field(
        default=True, description="promotions follow the band spine between its levels"
    )

    @field_validator("entry", "ceiling", mode="before")
    @classmethod
    def _band_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value


class Points(_Base):
    """A points-based advancement criterion: the sum of step points over competencies."""

    min: float
    over: tuple[str, ...] = Field(default=(), description="competencies counted; empty = all")


class Advancement(_Base):
    """What it takes to advance from a level: minimums, a points total, and stated criteria."""

    minimums: StrMap = Field(default_factory=dict)
    points: Points | None = None
    criteria: TextList

    _norm = field_validator("criteria", mode="before")(_text_list)


class Level(_Keyed):
    """One step of one track at one band (or sub-level)."""

    title: str = ""
    titles: StrMap = Field(default_factory=dict, description="per-family titles")
    summary: str = ""
    scope: str = ""
    responsibilities: TextList
    decides: TextList
    approves: TextList
    consulted: TextList
    influence: str = ""
    expects: StrMap = Field(default_factory=dict)
    advancement: Advancement = Field(default_factory=Advancement)
    typical_years: float | None = Field(default=None, ge=0)
    min_years: float | None = Field(default=None, ge=0)

    _norm = field_validator("responsibilities", "decides", "approves", "consulted", mode="before")(
        _text_list
    )

    _steps = field_validator("expects", mode="before")(_steps_text)

    @property
    def track(self) -> str:
        return self.key.split("/", 1)[0]

    @property
    def band(self) -> str:
        """The spine position (a band or sub-level key)."""
        return self.key.split("/", 1)[1] if "/" in self.key else ""

    def title_for(self, family: str | None = None) -> str:
        if family and family in self.titles:
            return self.titles[family]
        return self.title or self.key
