"""Competencies in a hierarchy, each on a proficiency scale whose steps are described."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from multitrack.core.model.base import (
    _Base,
    _Keyed,
)


class Step(_Base):
    """One described step of a proficiency scale."""

    key: str
    description: str = ""
    points: float | None = Field(default=None, description="points for points-based criteria")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"key": value}
        return value


class Scale(_Keyed):
    """An ordered proficiency scale; each step is described so assessments mean the same."""

    name: str = ""
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return {"steps": value}
        return value

    @field_validator("steps")
    @classmethod
    def _unique_steps(cls, steps: tuple[Step, ...]) -> tuple[Step, ...]:
        seen = [s.key for s in steps]
        dupes = sorted({k for k in seen if seen.count(k) > 1})
        if dupes:
            raise ValueError(f"step keys must be unique; repeated: {', '.join(dupes)}")
        return steps

    def index(self, step: str) -> int:
        """1-based position of ``step`` on the scale."""
        for i, s in enumerate(self.steps, start=1):
            if s.key == step:
                return i
        raise KeyError(step)

    def points(self, step: str) -> float:
        i = self.index(step)
        pts = self.steps[i - 1].points
        return float(i if pts is None else pts)


class Area(_Keyed):
    """A top-level grouping of competencies (craft, leadership…)."""

    name: str = ""
    kind: Literal["job", "leadership"] = "job"
    description: str = ""


class Competency(_Keyed):
    """A job skill or leadership strength; ``parent`` makes it a sub-skill of another."""

    name: str = ""
    area: str | None = None
    parent: str | None = None
    scale: str = "default"
    description: str = ""
