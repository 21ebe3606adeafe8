"""The career-framework model: bands, tracks, levels, competencies, transitions, pay, EVP.

The model mirrors the YAML format one to one (see ``docs/framework-format.md``): mappings in
the file are mappings here, keyed by the object's stable key, so that an error's location in
the model is its location in the file. Everything is frozen once loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

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


TextList = Annotated[tuple[str, ...], Field(default=())]


# ---------------------------------------------------------------------------------- spine


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


# --------------------------------------------------------------------------- competencies


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


# ---------------------------------------------------------------------------------- tracks


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


# ---------------------------------------------------------------------------------- levels


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

    @field_validator("expects", mode="before")
    @classmethod
    def _steps_as_text(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: v if isinstance(v, str) else str(v) for k, v in value.items()}
        return value

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


# ----------------------------------------------------------------------------- transitions


class Requirements(_Base):
    """Explicit requirements of a move: proficiencies, time, training, assessments."""

    proficiencies: StrMap = Field(default_factory=dict)
    years_in_level: float | None = Field(default=None, ge=0)
    trainings: TextList
    assessments: TextList

    _norm = field_validator("trainings", "assessments", mode="before")(_text_list)

    @field_validator("proficiencies", mode="before")
    @classmethod
    def _steps_as_text(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: v if isinstance(v, str) else str(v) for k, v in value.items()}
        return value

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


# ------------------------------------------------------------------------------------- pay


class PayRange(_Base):
    """A pay range for a band, optionally only for one track, zone or family."""

    band: str
    track: str | None = None
    zone: str | None = None
    family: str | None = None
    min: float = Field(gt=0)
    mid: float | None = Field(default=None, gt=0)
    max: float = Field(gt=0)
    currency: str | None = None
    period: Literal["year", "month", "hour"] | None = None
    market: FloatMap = Field(default_factory=dict, description="market percentiles: p25, p50…")

    @field_validator("band", mode="before")
    @classmethod
    def _band_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _ordered(self) -> PayRange:
        mid = self.midpoint
        if not (self.min <= mid <= self.max):
            raise ValueError(
                f"pay range must satisfy min <= mid <= max; got {self.min:g} / {mid:g} / "
                f"{self.max:g}"
            )
        return self

    @property
    def midpoint(self) -> float:
        return self.mid if self.mid is not None else (self.min + self.max) / 2

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.track, self.zone, self.family))


class PaySettings(_Base):
    """Pay ranges with their default currency and period."""

    currency: str = "EUR"
    period: Literal["year", "month", "hour"] = "year"
    overlap_tolerance: float | None = None
    ranges: tuple[PayRange, ...] = ()


# ------------------------------------------------------------------------------------- EVP


Score = Annotated[float | None, Field(default=None, ge=0, le=5)]


class Inducements(_Base):
    """What a track offers its people (scores 0–5)."""

    power_influence: Score
    achievement_recognition: Score
    personal_growth: Score
    affiliation: Score
    extrinsic_rewards: Score


class Contributions(_Base):
    """What a track asks of its people (scores 0–5)."""

    willingness_to_join_or_remain: Score
    motivating_others: Score
    generating_value: Score
    dependable_performance: Score
    innovative_behaviour: Score
    affordability: Score


class EVP(_Keyed):
    """A track's employee value proposition: inducements against contributions."""

    inducements: Inducements = Field(default_factory=Inducements)
    contributions: Contributions = Field(default_factory=Contributions)


# -------------------------------------------------------------------------------- mappings


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


# ------------------------------------------------------------------------------- framework


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
