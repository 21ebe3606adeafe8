"""Bands mapped to external level schemes, and per-framework lint settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from multitrack.core.model.base import (
    Frozen,
    StrMap,
    _Base,
    _freeze,
    _Keyed,
    _thaw,
)


class MappingEntry(_Base):
    level: str
    confidence: Literal["low", "medium", "high"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str | int | float):
            return {"level": str(value)}
        return value


class ExternalMapping(_Keyed):
    """Bands mapped to an external level scheme (a survey, a merged company's ladder…)."""

    name: str = ""
    description: str = ""
    confidence: Literal["low", "medium", "high"] = "medium"
    levels: Annotated[
        Mapping[str, MappingEntry], AfterValidator(_freeze), PlainSerializer(_thaw)
    ] = Field(default_factory=dict)

    @field_validator("levels", mode="before")
    @classmethod
    def _keys_text(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): v for k, v in value.items()}
        return value

    def confidence_of(self, band: str) -> str:
        entry = self.levels[band]
        return entry.confidence or self.confidence


class LintSettings(_Base):
    """Per-framework lint configuration: silenced rules need a reason."""

    disable: StrMap = Field(default_factory=dict, description="rule code -> reason")
    severity: StrMap = Field(default_factory=dict, description="rule code -> severity")
    options: Frozen = Field(default_factory=dict)
