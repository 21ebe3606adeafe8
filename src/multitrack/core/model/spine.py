"""The seniority spine and what ranges vary by: bands, job families, location zones."""

from __future__ import annotations

from typing import Any

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from multitrack.core.model.base import (
    _Base,
    _Keyed,
)


class Band(_Base):
    """One step of the shared seniority spine; levels in the same band are equivalent."""

    key: str
    name: str = ""
    sub: tuple[str, ...] = Field(default=(), description="ordered sub-levels, e.g. 5a, 5b")
    above: str | None = Field(default=None, description="the band directly below this one")
    description: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str | int | float):
            return {"key": str(value)}
        return value

    @field_validator("key", mode="before")
    @classmethod
    def _key_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value


class Family(_Keyed):
    """A job family (engineering, sales…): tracks may apply to some families only."""

    name: str = ""
    description: str = ""


class Zone(_Keyed):
    """A location zone with its own pay ranges."""

    name: str = ""
    description: str = ""
