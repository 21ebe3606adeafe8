"""The whole framework: sections keyed as in the file, and derived views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from multitrack.core.model.base import (
    DEFAULT_STEPS,
    FORMAT_VERSION,
    _Base,
    _freeze,
    _Keyed,
    _thaw,
)
from multitrack.core.model.competencies import Area, Competency, Scale
from multitrack.core.model.mappings import ExternalMapping, LintSettings
from multitrack.core.model.pay import EVP, PayRange, PaySettings
from multitrack.core.model.spine import Band, Family, Zone
from multitrack.core.model.tracks import Level, Track
from multitrack.core.model.transitions import Transition


def _keyed_map(cls: type[_Keyed]) -> Any:
    return Annotated[Mapping[str, cls], AfterValidator(_freeze), PlainSerializer(_thaw)]


class Framework(_Base):
    """A whole career framework. Build it with :func:`multitrack.core.load` or directly."""

    multitrack: int = FORMAT_VERSION
    name: str
    version: str = "1"
    effective: dt.date | None = None
    description: str = ""
    currency: str | None = None
    bands: tuple[Band, ...] = Field(min_length=1)
    families: _keyed_map(Family) = Field(default_factory=dict)  # type: ignore[valid-type]
    zones: _keyed_map(Zone) = Field(default_factory=dict)  # type: ignore[valid-type]
    scales: _keyed_map(Scale) = Field(default_factory=dict)  # type: ignore[valid-type]
    areas: _keyed_map(Area) = Field(default_factory=dict)  # type: ignore[valid-type]
    competencies: _keyed_map(Competency) = Field(default_factory=dict)  # type: ignore[valid-type]
    tracks: _keyed_map(Track) = Field(min_length=1)  # type: ignore[valid-type]
    levels: _keyed_map(Level) = Field(default_factory=dict)  # type: ignore[valid-type]
    transitions: tuple[Transition, ...] = ()
    pay: PaySettings = Field(default_factory=PaySettings)
    evp: _keyed_map(EVP) = Field(default_factory=dict)  # type: ignore[valid-type]
    mappings: _keyed_map(ExternalMapping) = Field(default_factory=dict)  # type: ignore[valid-type]
    lint: LintSettings = Field(default_factory=LintSettings)

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        str_strip_whitespace=True,
        ignored_types=(cached_property,),
    )

    @model_validator(mode="before")
    @classmethod
    def _inject_keys(cls, data: Any) -> Any:
        """Give every mapped object its stable key (the mapping key) and tidy shorthands."""
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        for section in (
            "families",
            "zones",
            "scales",
            "areas",
            "competencies",
            "tracks",
            "levels",
            "evp",
            "mappings",
        ):
            value = data.get(section)
            if isinstance(value, list | tuple) and section in ("families", "zones"):
                value = {str(k): {} for k in value}
            if isinstance(value, Mapping):
                data[section] = {
                    str(k): _with_key(v, str(k), section in ("scales",)) for k, v in value.items()
                }
        comps = data.get("competencies")
        scales = data.get("scales")
        if isinstance(comps, Mapping) and comps and not scales:
            data["scales"] = scales = {"default": {"key": "default", "steps": DEFAULT_STEPS}}
        if isinstance(comps, Mapping) and isinstance(scales, Mapping) and len(scales) == 1:
            only = next(iter(scales))
            data["competencies"] = {
                k: {**v, "scale": v.get("scale", only)} if isinstance(v, Mapping) else v
                for k, v in comps.items()
            }
        bands = data.get("bands")
        if isinstance(bands, Mapping):
            data["bands"] = tuple(
                {"key": str(k), **(v if isinstance(v, Mapping) else {})} for k, v in bands.items()
            )
        return data

    @model_validator(mode="after")
    def _resolve(self) -> Framework:
        from multitrack.core.references import check_references

        check_references(self)
        return self

    # ------------------------------------------------------------------ derived views

    @cached_property
    def band_order(self) -> tuple[Band, ...]:
        """Bands from lowest to highest (resolved from ``above`` when given as a mapping)."""
        from multitrack.core.references import order_bands

        return order_bands(self.bands)

    @cached_property
    def spine(self) -> tuple[str, ...]:
        """Every position on the spine, low to high: bands, or their sub-levels."""
        out: list[str] = []
        for band in self.band_order:
            out.extend(band.sub or (band.key,))
        return tuple(out)

    @cached_property
    def position(self) -> Mapping[str, int]:
        """Spine position -> its rank (0 = lowest)."""
        return MappingProxyType({p: i for i, p in enumerate(self.spine)})

    @cached_property
    def band_of(self) -> Mapping[str, str]:
        """Spine position -> the band it belongs to (a sub-level's band, or itself)."""
        out: dict[str, str] = {}
        for band in self.band_order:
            for p in band.sub or (band.key,):
                out[p] = band.key
        return MappingProxyType(out)

    @cached_property
    def band_rank(self) -> Mapping[str, int]:
        """Band key -> rank (0 = lowest); sub-levels get their band's rank."""
        ranks = {b.key: i for i, b in enumerate(self.band_order)}
        return MappingProxyType({**ranks, **{p: ranks[b] for p, b in self.band_of.items()}})

    @cached_property
    def levels_of(self) -> Mapping[str, tuple[Level, ...]]:
        """Track key -> its levels, low to high (indexed once; big frameworks ask often)."""
        out: dict[str, list[Level]] = {}
        for lv in self.levels.values():
            out.setdefault(lv.track, []).append(lv)
        pos = self.position
        return MappingProxyType(
            {k: tuple(sorted(v, key=lambda lv: pos.get(lv.band, -1))) for k, v in out.items()}
        )

    def track_levels(self, track: str) -> list[Level]:
        """Levels of one track, low to high."""
        return list(self.levels_of.get(track, ()))

    def level(self, track: str, band: str) -> Level | None:
        return self.levels.get(f"{track}/{band}")

    def scale_of(self, competency: str) -> Scale:
        return self.scales[self.competencies[competency].scale]

    def families_of(self, track: str) -> tuple[str, ...]:
        fam = self.tracks[track].families
        return tuple(self.families) if fam == "all" else fam

    @cached_property
    def ranges_by_band(self) -> Mapping[str, tuple[PayRange, ...]]:
        """Band key -> its ranges in file order, so a look-up skips every other band."""
        out: dict[str, list[PayRange]] = {}
        for r in self.pay.ranges:
            out.setdefault(r.band, []).append(r)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    def pay_range(
        self,
        band: str,
        track: str | None = None,
        zone: str | None = None,
        family: str | None = None,
    ) -> PayRange | None:
        """The most specific range that applies (a sub-level falls back to its band's)."""
        best: PayRange | None = None
        parent = self.band_of.get(band, band)
        found = self.ranges_by_band.get(band, ())
        if parent != band:  # ties only occur within one band, so file order is kept
            found += self.ranges_by_band.get(parent, ())
        for r in found:
            if (
                (r.track is not None and r.track != track)
                or (r.zone is not None and r.zone != zone)
                or (r.family is not None and r.family != family)
            ):
                continue
            rank = (r.band == band, r.specificity)
            if best is None or rank > (best.band == band, best.specificity):
                best = r
        return best

    def expanded_transitions(self) -> Iterator[Transition]:
        """Stated transitions with ``both_ways`` expanded into two one-way rules."""
        for t in self.transitions:
            yield t
            if t.both_ways:
                at: Any = t.at
                if isinstance(at, str):
                    at = {"up": "down", "down": "up"}.get(at, at)
                else:
                    at = {v: k for k, v in at.items()}
                yield t.model_copy(
                    update={
                        "from_": t.to,
                        "to": t.from_,
                        "at": at,
                        "bands": (),
                        "both_ways": False,
                        "key": f"{t.key}~reverse" if t.key else "",
                    }
                )


def _with_key(value: Any, key: str, list_ok: bool) -> Any:
    if isinstance(value, Mapping):
        return {**value, "key": key}
    if value is None:
        return {"key": key}
    if list_ok and isinstance(value, list | tuple):
        return {"steps": value, "key": key}
    return value
