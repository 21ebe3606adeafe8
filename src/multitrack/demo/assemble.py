"""From the simulated world's integer columns to the documented frames (people, events, pay).

Codes become labels by gathering from small label series, so a million people cost a few
vectorised gathers, not a million Python strings built one by one.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.demo.ladder import PERIOD_YEAR_FACTOR, PERIODS, Ladder
from multitrack.demo.names import names_and_emails
from multitrack.demo.population import NOT_EXITED
from multitrack.demo.world import KIND, World

__all__ = [
    "AGE_BANDS",
    "Labels",
    "day_dates",
    "events_frame",
    "pay_frame",
    "people_frame",
    "sorted_log",
]

AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55+")
_HOURS_FULL_TIME = 40.0


class Labels:
    """Gathers labels for codes (-1 gives null): person ids, tracks, bands, families, zones."""

    def __init__(self, ladder: Ladder, n_people: int) -> None:
        width = max(6, len(str(max(n_people - 1, 0))))
        self.ids = "P" + pl.Series(np.arange(n_people)).cast(pl.String).str.zfill(width)
        self.tracks = pl.Series(list(ladder.tracks), dtype=pl.String)
        self.bands = pl.Series(list(ladder.spine), dtype=pl.String)
        self.families = pl.Series(list(ladder.families), dtype=pl.String)
        self.zones = pl.Series(list(ladder.zones), dtype=pl.String)

    @staticmethod
    def gather(labels: pl.Series, codes: np.ndarray) -> pl.Series:
        with_null = labels.extend_constant(None, 1)
        return with_null.gather(np.where(codes < 0, len(labels), codes).astype(np.int64))


def day_dates(days: np.ndarray, missing: np.ndarray | None = None) -> pl.Series:
    s = pl.Series(days.astype(np.int32)).cast(pl.Date)
    if missing is not None:
        s = pl.select(pl.when(pl.Series(~missing)).then(s)).to_series()
    return s


def people_frame(world: World, labels: Labels, rng: np.random.Generator) -> pl.DataFrame:
    """One row per person ever employed, in their current (or last) state."""
    P = world.people
    name, email = names_and_emails(P.female, rng)
    exited = P.exit_day != NOT_EXITED
    track = Labels.gather(labels.tracks, P.track)
    band = Labels.gather(labels.bands, P.pos)
    rating = np.where(P.rated, P.rating, np.nan)
    bonus = np.clip(1.0 + 0.25 * (np.nan_to_num(rating, nan=3.0) - 3.0), 0.0, 1.6)
    age = (world.window.end - P.birth_day) / 365.25
    age_band = np.digitize(age, [25, 35, 45, 55])
    return pl.DataFrame(
        {
            "person_id": labels.ids,
            "name": name,
            "email": email,
            "family": Labels.gather(labels.families, P.family),
            "zone": Labels.gather(labels.zones, P.zone),
            "track": track,
            "band": band,
            "level": track + "/" + band,
            "manager_id": Labels.gather(labels.ids, P.manager),
            "hire_date": day_dates(P.hire_day),
            "level_since": day_dates(P.level_day),
            "exit_date": day_dates(np.where(exited, P.exit_day, 0), ~exited),
            "exit_reason": Labels.gather(
                pl.Series(["voluntary", "involuntary"]), np.where(exited, P.exit_reason, -1)
            ),
            "regretted": pl.Series(P.regretted.astype(np.float64))
            .replace(-1.0, None)
            .cast(pl.Boolean),
            "aspiration": Labels.gather(labels.tracks, P.aspiration),
            "rating": pl.Series(rating.astype(np.float64)).fill_nan(None),
            "fte": P.fte.astype(np.float64),
            "pay_annual_fte": P.pay.astype(np.float64),
            "variable_annual": (P.var_pct * P.pay * P.fte * bonus).astype(np.float64),
            "demo_gender": np.where(P.female, "f", "m"),
            "demo_age_band": Labels.gather(pl.Series(AGE_BANDS), age_band),
        }
    )


def sorted_log(world: World) -> dict[str, np.ndarray]:
    """The event log per person, by day, then kind in the order of EVENT_KINDS (hire first,
    exit last), then as logged."""
    c = world.log.columns()
    if not len(c["day"]):
        return c
    day = (c["day"] - c["day"].min()).astype(np.int64)
    key = (c["person"].astype(np.int64) << 21) | (day << 4) | c["kind"].astype(np.int64)
    frame = pl.DataFrame(c).with_columns(_key=pl.Series(key)).sort("_key", maintain_order=True)
    return {k: frame[k].to_numpy() for k in c}


def events_frame(log: dict[str, np.ndarray], labels: Labels) -> pl.DataFrame:
    """Every event, from the sorted log."""
    c = log
    kind_labels = pl.Series(list(KIND), dtype=pl.String)
    # detail: the new manager's id, or the exit reason (one gather from ids + reasons)
    n_ids = len(labels.ids)
    detail_labels = labels.ids.append(pl.Series(["voluntary", "involuntary"]))
    detail = np.where(
        c["kind"] == KIND["manager_change"],
        c["detail"],
        np.where(c["kind"] == KIND["exit"], n_ids + c["detail"], -1),
    )
    return pl.DataFrame(
        {
            "person_id": Labels.gather(labels.ids, c["person"]),
            "date": day_dates(c["day"]),
            "kind": Labels.gather(kind_labels, c["kind"]),
            "from_track": Labels.gather(labels.tracks, c["from_track"]),
            "from_band": Labels.gather(labels.bands, c["from_pos"]),
            "to_track": Labels.gather(labels.tracks, c["to_track"]),
            "to_band": Labels.gather(labels.bands, c["to_pos"]),
            "value": pl.Series(c["value"]).fill_nan(None),
            "detail": Labels.gather(detail_labels, detail),
        }
    )


def pay_frame(world: World, log: dict[str, np.ndarray], labels: Labels) -> pl.DataFrame:
    """One pay record per hire and pay change, as given: period, currency and working time."""
    pay = np.isin(log["kind"], [KIND["hire"], KIND["pay_change"]])
    c = {k: log[k][pay] for k in ("person", "day", "value", "at_track", "at_pos")}
    P, ld = world.people, world.ladder
    who = c["person"]
    cell = (c["at_track"], c["at_pos"], P.zone[who], P.family[who])
    period = ld.pay_period[cell]
    factor = np.array([PERIOD_YEAR_FACTOR[p] for p in PERIODS])[period]
    fte = P.fte[who].astype(np.float64)
    base = c["value"] * fte / factor
    return pl.DataFrame(
        {
            "person_id": Labels.gather(labels.ids, who),
            "effective_date": day_dates(c["day"]),
            "base": base,
            "variable": base * P.var_pct[who],
            "currency": Labels.gather(pl.Series(list(ld.currencies)), ld.pay_currency[cell]),
            "period": Labels.gather(pl.Series(list(PERIODS)), period),
            "fte": fte,
            "hours_per_week": fte * _HOURS_FULL_TIME,
        }
    )
