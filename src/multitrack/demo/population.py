"""People: a columnar store and the traits each person brings when they join.

A person's lasting traits (ability, craft, people-leadership, aspiration, gender, age, working
time, variable-pay target) are drawn once at hire; their level, manager, pay and exit are
history's work (:mod:`multitrack.demo.history`).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from multitrack.demo.knobs import Knobs
from multitrack.demo.ladder import Ladder
from multitrack.demo.pay import PayRules

__all__ = ["NOT_EXITED", "People", "draw_traits"]

NOT_EXITED = np.iinfo(np.int32).max

# column -> (dtype, fill for a new row)
_COLUMNS: dict[str, tuple[type, float]] = {
    "track": (np.int8, -1),
    "pos": (np.int16, -1),
    "family": (np.int8, 0),
    "zone": (np.int8, 0),
    "hire_day": (np.int32, 0),
    "hire_step": (np.int16, 0),
    "exit_day": (np.int32, NOT_EXITED),
    "exit_reason": (np.int8, -1),  # 0 voluntary, 1 involuntary
    "regretted": (np.int8, -1),
    "level_day": (np.int32, 0),
    "seat": (np.int32, -1),  # position held now, -1 once exited
    "moved": (np.int16, -1),  # last step with a promotion, crossover or seat change
    "manager": (np.int32, -1),
    "ability": (np.float32, 0.0),
    "craft": (np.float32, 0.0),
    "lead": (np.float32, 0.0),
    "effect": (np.float32, 0.5),  # effectiveness as a manager: the normal CDF of ``lead``
    "aspiration": (np.int8, -1),
    "female": (np.bool_, False),
    "birth_day": (np.int32, 0),
    "fte": (np.float32, 1.0),
    "compa": (np.float64, 1.0),
    "var_pct": (np.float32, 0.0),
    "rating": (np.float32, 3.0),  # the working rating (drawn before the first review)
    "rated": (np.bool_, False),  # has a rating event
    "pay": (np.float64, 0.0),  # base per year full time, current
}


class People:
    """Growable columns of people, indexed by person number (the id's order)."""

    def __init__(self, capacity: int) -> None:
        self.n = 0
        self.cols: dict[str, np.ndarray] = {
            name: np.full(max(capacity, 16), fill, dtype=dtype)
            for name, (dtype, fill) in _COLUMNS.items()
        }

    def __getattr__(self, name: str) -> np.ndarray:
        cols = self.__dict__.get("cols", {})
        if name in cols:
            return cols[name][: self.n]
        raise AttributeError(name)

    def add(self, count: int, **values: np.ndarray) -> np.ndarray:
        """Append ``count`` people with the given columns; returns their numbers."""
        self._reserve(self.n + count)
        idx = np.arange(self.n, self.n + count)
        for name, value in values.items():
            self.cols[name][idx] = value
        self.n += count
        return idx

    def _reserve(self, size: int) -> None:
        have = len(self.cols["track"])
        if size <= have:
            return
        grow = max(size, int(have * 1.5))
        for name, (dtype, fill) in _COLUMNS.items():
            col = np.full(grow, fill, dtype=dtype)
            col[:have] = self.cols[name]
            self.cols[name] = col


def draw_traits(
    rng: np.random.Generator,
    track: np.ndarray,
    pos: np.ndarray,
    hire_day: np.ndarray,
    ladder: Ladder,
    knobs: Knobs,
) -> dict[str, np.ndarray]:
    """Lasting traits of people joining on ``track`` at ``pos`` on ``hire_day``.

    Managers lead better than contributors on average, except the accidental managers
    (``knobs.accidental_manager_share``): they would rather be specialists and lead worse.
    """
    n = len(track)
    leading = ladder.leading[track]
    accidental = leading & (rng.random(n) < knobs.accidental_manager_share)
    lead = rng.normal(0.0, 1.0, n)
    lead = np.where(leading, 0.8 + 0.8 * lead, lead)
    lead = np.where(accidental, -1.2 + 0.5 * rng.normal(0.0, 1.0, n), lead)
    female = rng.random(n) < knobs.female_share
    rank = ladder.rank[pos].astype(float)
    age = np.clip(22.0 + 2.2 * rank + rng.normal(0.0, 3.5, n), 18.0, 63.0)
    part = rng.random(n) < knobs.part_time_share
    fte = np.where(part, rng.choice([0.5, 0.6, 0.8, 0.9], n, p=[0.3, 0.2, 0.35, 0.15]), 1.0)
    step = np.maximum(ladder.step[track, pos], 0)
    p_var = np.clip(knobs.variable_pay_share + 0.07 * step + 0.15 * leading, 0.0, 0.95)
    var_pct = np.where(
        rng.random(n) < p_var, (0.04 + 0.015 * rank + 0.03 * leading) * rng.uniform(0.7, 1.3, n), 0
    )
    return {
        "ability": rng.normal(0.0, 1.0, n),
        "craft": rng.normal(0.0, 1.0, n) + 0.3 * ~leading,
        "lead": lead,
        "effect": ndtr(lead),
        "aspiration": _aspiration(rng, track, accidental, ladder),
        "female": female,
        "birth_day": hire_day - (age * 365.25).astype(np.int32),
        "fte": fte,
        "compa": PayRules.entry_compa(rng, n),
        "var_pct": var_pct,
    }


def _aspiration(rng, track: np.ndarray, accidental: np.ndarray, ladder: Ladder) -> np.ndarray:
    """Stated track: most want their own; some contributors want to manage; accidental
    managers want a specialist track; about a third say nothing."""
    n = len(track)
    leaders = np.flatnonzero(ladder.leading)
    others = np.flatnonzero(~ladder.leading)
    spec = np.flatnonzero(ladder.is_specialist & ~ladder.leading)
    away_from_lead = spec if len(spec) else others
    out = track.astype(np.int8).copy()
    u = rng.random(n)
    leading = ladder.leading[track]
    if len(leaders):
        wants_lead = ~leading & (u < 0.12)
        out[wants_lead] = leaders[rng.integers(0, len(leaders), wants_lead.sum())]
    if len(away_from_lead):
        out[accidental] = away_from_lead[rng.integers(0, len(away_from_lead), accidental.sum())]
    silent = ~accidental & (u > 0.67)
    out[silent] = -1
    return out
