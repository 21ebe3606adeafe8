"""The mapping file: what a source does not state, given once in a small YAML file.

Every key is optional; a converter runs without one. See ``docs/templates-and-converters.md``
for the format and an example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from multitrack.core.errors import ConversionError, FrameworkError
from multitrack.core.model import TrackKind

__all__ = ["Align", "AreaMap", "BandMap", "Crossovers", "MappingFile", "TrackMap", "load_mapping"]

Align = Literal["number", "none"]
Crossovers = Literal["same-band", "none"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TrackMap(_Strict):
    """How one source track becomes one of ours."""

    key: str | None = None
    name: str | None = None
    kind: TrackKind | None = None
    families: list[str] | Literal["all"] | None = None
    description: str | None = None
    offset: int | None = Field(default=None, description="level n goes to band n + offset")
    bands: dict[int, str] = Field(default_factory=dict, description="level number -> band")
    skip: bool = False

    @field_validator("bands", mode="before")
    @classmethod
    def _band_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: str(v) for k, v in value.items()}
        return value


class BandMap(_Strict):
    name: str = ""
    description: str = ""


class AreaMap(_Strict):
    name: str | None = None
    kind: Literal["job", "leadership"] | None = None


class MappingFile(_Strict):
    """What to take from the mapping file when the source does not say."""

    name: str | None = None
    description: str | None = None
    version: str | None = None
    currency: str | None = None
    align: Align | None = None
    crossovers: Crossovers | None = None
    band_prefix: str = "L"
    bands: dict[str, BandMap | str] = Field(
        default_factory=dict, description="the spine, low to high, when the source has none"
    )
    tracks: dict[str, TrackMap] = Field(default_factory=dict)
    areas: dict[str, AreaMap] = Field(default_factory=dict)
    families: dict[str, BandMap | str] = Field(default_factory=dict)
    transitions: list[dict[str, Any]] = Field(default_factory=list)
    source: str = Field(default="", exclude=True)

    @field_validator("bands", "families", mode="before")
    @classmethod
    def _keys_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {str(k): {} for k in value}
        if isinstance(value, dict):
            return {str(k): ({} if v is None else v) for k, v in value.items()}
        return value


def load_mapping(path: str | Path) -> MappingFile:
    """Read and check a mapping file; ConversionError names the file, line and field."""
    from multitrack.core.io import parse

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConversionError(f"{path}: cannot read the mapping file ({exc})") from None
    if not text.strip():
        return MappingFile(source=str(path))
    try:
        located = parse(text, str(path))
        return MappingFile.model_validate({**located.data, "source": str(path)})
    except FrameworkError as exc:
        raise ConversionError(f"mapping file {exc}") from None
    except ValidationError as exc:
        lines = []
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if not str(p).startswith(("function-", "literal")))
            lines.append(str(located.problem(err["msg"], loc)))
        raise ConversionError("mapping file is not valid:\n" + "\n".join(lines)) from None
