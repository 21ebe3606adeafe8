"""Shared pieces of the model: frozen mappings, the base classes, text lists."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
)

FORMAT_VERSION = 1

# The scale a framework gets when it names competencies but no scale.
DEFAULT_STEPS = ("aware", "practising", "fluent", "expert", "authority")


def _freeze(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value))


def _thaw(value: Mapping[Any, Any]) -> dict[Any, Any]:
    return dict(value)


# A mapping that cannot be changed after loading but dumps as a plain dict.
Frozen = Annotated[Mapping, AfterValidator(_freeze), PlainSerializer(_thaw)]
StrMap = Annotated[Mapping[str, str], AfterValidator(_freeze), PlainSerializer(_thaw)]
FloatMap = Annotated[Mapping[str, float], AfterValidator(_freeze), PlainSerializer(_thaw)]


class _Base(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, str_strip_whitespace=True
    )


class _Keyed(_Base):
    """An object stored in a mapping: its key comes from the mapping, not from the body."""

    key: str = Field(default="", exclude=True)


def _text_list(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    return value


def _steps_text(value: Any) -> Any:
    """Proficiency steps may be written as numbers in YAML (``3``); they are step keys."""
    if isinstance(value, Mapping):
        return {k: v if isinstance(v, str) else str(v) for k, v in value.items()}
    return value


TextList = Annotated[tuple[str, ...], Field(default=())]
