"""Moves between levels and tracks: requirements, trials, the pay rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import (
    Field,
    field_validator,
)

from multitrack.core.model.base import (
    StrMap,
    TextList,
    _Base,
    _steps_text,
    _text_list,
)


class Requirements(_Base):
    """Explicit requirements of a move: proficiencies, time, training, assessments."""

    proficiencies: StrMap = Field(default_factory=dict)
    years_in_level: float | None = Field(default=None, ge=0)
    trainings: TextList
    assessments: TextList

    _norm = field_validator("trainings", "assessments", mode="before")(_text_list)

    _steps = field_validator("proficiencies", mode="before")(_steps_text)

    def is_empty(self) -> bool:
        return not (self.proficiencies or self.years_in_level or self.trainings or self.assessments)


class Trial(_Base):
    """A trial period on a crossover and what happens if it does not work out."""

    months: int = Field(gt=0)
    on_fail: Literal["return", "stay", "review"] = "return"


BandShift = Literal["same", "up", "down"]


class Transition(_Base):
    """A permitted move between tracks (crossover) or an explicit promotion off the spine.

    ``from`` and ``to`` name tracks (or single levels as ``track/band``); ``at`` maps bands:
    ``same``, ``up`` (one band up), ``down``, or an explicit ``{from_band: to_band}`` mapping.
    ``both_ways`` states the reverse move with the same rules, so neither direction is second
    class.
    """

    key: str = ""
    from_: str = Field(alias="from")
    to: str
    at: BandShift | StrMap = "same"
    bands: tuple[str, ...] = Field(default=(), description="from-bands where it applies")
    requires: Requirements = Field(default_factory=Requirements)
    trial: Trial | None = None
    pay: Literal["no-cut", "range", "negotiated", "match"] = "no-cut"
    both_ways: bool = False
    description: str = ""

    @field_validator("at", mode="before")
    @classmethod
    def _band_map_text(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): str(v) for k, v in value.items()}
        return value

    @property
    def from_track(self) -> str:
        return self.from_.split("/", 1)[0]

    @property
    def to_track(self) -> str:
        return self.to.split("/", 1)[0]

    @property
    def kind(self) -> Literal["promotion", "crossover"]:
        return "promotion" if self.from_track == self.to_track else "crossover"

    @property
    def ident(self) -> str:
        if self.key:
            return self.key
        at = self.at if isinstance(self.at, str) else "map"
        return f"{self.from_}->{self.to}@{at}"
