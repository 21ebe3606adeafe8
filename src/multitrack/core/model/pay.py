"""Pay ranges and each track's employee value proposition (EVP)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from multitrack.core.model.base import (
    FloatMap,
    _Base,
    _Keyed,
)


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
