"""Pay: where a person sits in their range, and how it moves at reviews and promotions.

Base pay per year at full time is ``range midpoint x compa-ratio x exp(gap) x deflator``:
the gap is the track's and the gender's (the knobs' ground truth), the deflator takes the
ranges back in time at ``knobs.inflation`` a year, so pay rises with the ranges and with
merit. Hires and promotions land at an entry compa-ratio around 0.94 (a promotion pays at
least 4% more); a crossover never cuts pay (no-cut).
"""

from __future__ import annotations

import numpy as np

from multitrack.demo.knobs import Knobs
from multitrack.demo.ladder import Ladder

__all__ = ["PayRules"]

COMPA_MIN, COMPA_MAX = 0.80, 1.25


class PayRules:
    """Pay arithmetic for one ladder, knobs and snapshot day."""

    def __init__(self, ladder: Ladder, knobs: Knobs, as_of_day: int) -> None:
        self.ladder = ladder
        self.knobs = knobs
        self.as_of_day = as_of_day

    def factor(self, track, pos, zone, family, female, day) -> np.ndarray:
        """Pay per unit of compa-ratio for these cells on ``day``."""
        ld = self.ladder
        gap = ld.track_gap[track] + self.knobs.gender_pay_gap * female
        years_back = (np.asarray(day, dtype=float) - self.as_of_day) / 365.25
        deflate = (1.0 + self.knobs.inflation) ** years_back
        return ld.pay_mid[track, pos, zone, family] * np.exp(gap) * deflate

    def base(self, compa, track, pos, zone, family, female, day) -> np.ndarray:
        return compa * self.factor(track, pos, zone, family, female, day)

    @staticmethod
    def entry_compa(rng: np.random.Generator, n: int) -> np.ndarray:
        """Compa-ratio on entering a level, by hire or by promotion alike (so that pay at
        equal band and time in level does not depend on the way in)."""
        return np.clip(rng.normal(0.94, 0.04, n), 0.84, 1.06)

    def review(self, compa, rating, rng: np.random.Generator) -> np.ndarray:
        """Compa-ratio after an annual review: merit by rating, a pull towards the midpoint."""
        step = 0.015 * (rating - 3.0) - 0.05 * (compa - 1.0) + rng.normal(0.0, 0.01, len(compa))
        return np.clip(compa * np.exp(step), COMPA_MIN, COMPA_MAX)

    def promote(self, old_pay, track, pos, zone, family, female, day, rng) -> tuple:
        """New (pay, compa) after a promotion into ``pos``: an entry compa-ratio in the new
        range, and never less than 4% more than before."""
        f = self.factor(track, pos, zone, family, female, day)
        pay = np.maximum(self.entry_compa(rng, len(old_pay)) * f, old_pay * 1.04)
        compa = np.clip(pay / f, COMPA_MIN, COMPA_MAX)
        return compa * f, compa

    def no_cut(self, old_pay, compa, track, pos, zone, family, female, day) -> tuple:
        """New (pay, compa) after a crossover: the new cell at the same compa, never less."""
        f = self.factor(track, pos, zone, family, female, day)
        compa = np.clip(np.maximum(compa, old_pay / f), COMPA_MIN, COMPA_MAX)
        return compa * f, compa
