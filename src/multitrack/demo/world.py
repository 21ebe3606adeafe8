"""The simulated organisation's state: people, seats, the calendar and the event log.

Every change goes through :class:`World` so that it is both applied to the state and
recorded as an event: that is what makes the current state derivable from history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from multitrack.analytics.frames import EVENT_KINDS
from multitrack.demo.hierarchy import Positions
from multitrack.demo.knobs import Knobs
from multitrack.demo.ladder import STEPS_PER_YEAR, Ladder
from multitrack.demo.pay import PayRules
from multitrack.demo.population import NOT_EXITED, People, draw_traits

__all__ = ["KIND", "EventLog", "Window", "World", "day_number"]

KIND = {k: np.int8(i) for i, k in enumerate(EVENT_KINDS)}
NEVER = np.iinfo(np.int16).max
EPOCH = dt.date(1970, 1, 1)


def day_number(date: dt.date) -> int:
    return (date - EPOCH).days


@dataclass(frozen=True)
class Window:
    """The simulated years: quarterly steps ending on the snapshot day (``as_of``)."""

    start: int  # day number of the window start
    end: int  # day number of as_of
    bounds: np.ndarray  # step t covers days [bounds[t], bounds[t + 1])
    rating_steps: frozenset[int]
    review_steps: frozenset[int]

    @classmethod
    def of(cls, as_of: dt.date, years: int) -> Window:
        try:
            start = as_of.replace(year=as_of.year - years)
        except ValueError:  # 29 February
            start = as_of.replace(year=as_of.year - years, day=28)
        steps = STEPS_PER_YEAR * years
        s, e = day_number(start), day_number(as_of)
        bounds = np.round(np.linspace(s, e + 1, steps + 1)).astype(np.int32)
        # year-end ratings in the step starting nearest 31 December, pay reviews the step after
        year_ends = [day_number(dt.date(y, 12, 31)) for y in range(start.year, as_of.year + 1)]
        starts = bounds[:-1]
        rating = [int(np.abs(starts - d).argmin()) for d in year_ends]
        rating = [t for t, d in zip(rating, year_ends, strict=True) if abs(starts[t] - d) <= 46]
        return cls(
            start=s,
            end=e,
            bounds=bounds,
            rating_steps=frozenset(rating),
            review_steps=frozenset(t + 1 for t in rating if t + 1 < steps),
        )

    @property
    def steps(self) -> int:
        return len(self.bounds) - 1


class EventLog:
    """Event columns gathered in chunks (person numbers, day numbers, integer codes)."""

    # ``at_*`` is the person's level when the event happened (for pay records; not exported)
    COLUMNS = (
        "person",
        "day",
        "kind",
        "from_track",
        "from_pos",
        "to_track",
        "to_pos",
        "value",
        "detail",
        "at_track",
        "at_pos",
    )
    DTYPES = (
        np.int32,
        np.int32,
        np.int8,
        np.int8,
        np.int16,
        np.int8,
        np.int16,
        np.float64,
        np.int32,
        np.int8,
        np.int16,
    )

    def __init__(self) -> None:
        self.chunks: list[tuple[np.ndarray, ...]] = []

    def add(
        self,
        person,
        day,
        kind: str,
        *,
        from_=(-1, -1),
        to=(-1, -1),
        value=np.nan,
        detail=-1,
        at=(-1, -1),
    ) -> None:
        n = len(person)
        if not n:
            return
        parts = (
            person,
            day,
            KIND[kind],
            from_[0],
            from_[1],
            to[0],
            to[1],
            value,
            detail,
            at[0],
            at[1],
        )
        self.chunks.append(
            tuple(
                np.broadcast_to(np.asarray(p, dtype=t), n)
                for p, t in zip(parts, self.DTYPES, strict=True)
            )
        )

    def columns(self) -> dict[str, np.ndarray]:
        if not self.chunks:
            return {c: np.zeros(0, dtype=t) for c, t in zip(self.COLUMNS, self.DTYPES, strict=True)}
        return {
            c: np.concatenate([ch[i] for ch in self.chunks]) for i, c in enumerate(self.COLUMNS)
        }

    def __len__(self) -> int:
        return sum(len(ch[0]) for ch in self.chunks)


class World:
    """People in seats over time; methods change state and log the matching events."""

    def __init__(
        self,
        ladder: Ladder,
        knobs: Knobs,
        seats: Positions,
        window: Window,
        rng: np.random.Generator,
    ) -> None:
        self.ladder, self.knobs, self.seats, self.window, self.rng = (
            ladder,
            knobs,
            seats,
            window,
            rng,
        )
        n = len(seats)
        years = window.steps / STEPS_PER_YEAR
        self.people = People(int(n * (1 + (knobs.base_attrition + 0.08) * years * 1.3)) + 64)
        self.occ = np.full(n, -1, dtype=np.int32)
        self.since = np.zeros(n, dtype=np.int32)
        self.vacant_day = np.zeros(n, dtype=np.int32)
        self.fill_step = np.full(n, NEVER, dtype=np.int16)
        self.hint_track = seats.track.copy()
        self.hint_pos = seats.pos.copy()
        self.pay = PayRules(ladder, knobs, window.end)
        self.log = EventLog()
        self.upward: list[tuple[np.ndarray, np.ndarray, int]] = []
        cells = seats.track.astype(np.int64) * ladder.n_pos + seats.pos
        self.plan_share = np.bincount(cells, minlength=ladder.n_tracks * ladder.n_pos) / n

    # ------------------------------------------------------------------ queries

    def active(self, before_step: int | None = None) -> np.ndarray:
        """People in a seat now (hired before ``before_step`` when given)."""
        P = self.people
        mask = P.seat >= 0
        if before_step is not None:
            mask &= P.hire_step < before_step
        return np.flatnonzero(mask)

    def settled(self, t: int) -> np.ndarray:
        """Active people hired before step ``t`` who have not moved during it."""
        act = self.active(before_step=t)
        return act[self.people.moved[act] != t]

    def employment(self) -> tuple[np.ndarray, np.ndarray]:
        """Each person's employment clipped to the window: (first day, last day)."""
        P, w = self.people, self.window
        start = np.maximum(P.hire_day, w.start)
        end = np.minimum(np.where(P.exit_day == NOT_EXITED, w.end, P.exit_day), w.end)
        return start, np.maximum(end, start)

    def seat_band(self, seat: np.ndarray) -> np.ndarray:
        """Band rank of each seat's holder (its last holder's if vacant); -1 for no seat."""
        ok = seat >= 0
        s = np.where(ok, seat, 0)
        holder = self.occ[s]
        pos = np.where(holder >= 0, self.people.pos[np.maximum(holder, 0)], self.hint_pos[s])
        return np.where(ok, self.ladder.rank[pos], -1)

    def days_in(self, t: int, start: np.ndarray | None = None, n: int = 0) -> np.ndarray:
        """Random days in step ``t``, on or after ``start`` when given."""
        lo, hi = self.window.bounds[t], self.window.bounds[t + 1]
        first = np.full(n, lo) if start is None else np.maximum(start, lo)
        return (first + np.floor(self.rng.random(len(first)) * (hi - first))).astype(np.int32)

    # ------------------------------------------------------------------ changes

    def hire(
        self,
        seat: np.ndarray,
        track,
        pos,
        day: np.ndarray,
        t: int,
        hire_day: np.ndarray | None = None,
    ) -> np.ndarray:
        """People hired into ``seat`` (on ``track`` at ``pos``), logged with their pay."""
        ld, S = self.ladder, self.seats
        hire_day = day if hire_day is None else hire_day
        traits = draw_traits(self.rng, track, pos, hire_day, ld, self.knobs)
        idx = self.people.add(
            len(seat),
            track=track,
            pos=pos,
            family=S.family[seat],
            zone=S.zone[seat],
            hire_day=hire_day,
            hire_step=t,
            level_day=hire_day,
            seat=seat,
            **traits,
        )
        P = self.people
        P.rating[idx] = self.draw_rating(idx)
        P.pay[idx] = self.pay.base(
            P.compa[idx], track, pos, P.zone[idx], P.family[idx], P.female[idx], hire_day
        )
        self.occupy(seat, idx, hire_day)
        self.log.add(idx, hire_day, "hire", to=(track, pos), value=P.pay[idx], at=(track, pos))
        return idx

    def occupy(self, seat: np.ndarray, who: np.ndarray, day: np.ndarray) -> None:
        self.occ[seat] = who
        self.since[seat] = day
        self.fill_step[seat] = NEVER
        self.people.seat[who] = seat

    def vacate(self, who: np.ndarray, day: np.ndarray, fill_step: np.ndarray | int) -> None:
        """Free the seats of ``who``: refilled at ``fill_step``, like for like."""
        P = self.people
        seat = P.seat[who]
        self.occ[seat] = -1
        self.vacant_day[seat] = day
        self.fill_step[seat] = fill_step
        self.hint_track[seat] = P.track[who]
        self.hint_pos[seat] = P.pos[who]
        P.seat[who] = -1

    def move_level(self, who, track, pos, day, t: int, kind: str) -> None:
        """A promotion or crossover of ``who`` to (track, pos) on ``day``, with its pay."""
        P = self.people
        old = (P.track[who].copy(), P.pos[who].copy())
        args = (track, pos, P.zone[who], P.family[who], P.female[who], day)
        if kind == "promotion":
            pay, compa = self.pay.promote(P.pay[who], *args, self.rng)
        else:
            pay, compa = self.pay.no_cut(P.pay[who], P.compa[who], *args)
        P.track[who], P.pos[who], P.level_day[who] = track, pos, day
        P.pay[who], P.compa[who] = pay, compa
        P.moved[who] = t
        self.log.add(who, day, kind, from_=old, to=(track, pos))
        self.log.add(who, day, "pay_change", value=pay, at=(track, pos))

    def draw_rating(self, who: np.ndarray) -> np.ndarray:
        """A 1-5 rating from ability, noise and the specialist shift."""
        P, ld = self.people, self.ladder
        shift = np.where(ld.is_specialist[P.track[who]], self.knobs.specialist_rating_shift, 0)
        raw = 3.0 + 0.85 * P.ability[who] + 0.65 * self.rng.normal(0, 1, len(who)) + shift
        return np.clip(np.round(raw), 1, 5)
