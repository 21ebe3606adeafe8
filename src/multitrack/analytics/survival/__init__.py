"""Survival analysis on spells: Kaplan–Meier, Aalen–Johansen, log-rank, Cox, and spell building.

Vectorised numpy/polars throughout (sort or bincount, then cumulative sums), checked against
lifelines on the same data. Used by the equivalence scorecard (time in level, attrition) and
by the retention analyses.
"""

from multitrack.analytics.survival.aalen_johansen import aalen_johansen
from multitrack.analytics.survival.cox import CoxResult, PHTest, cox_ph
from multitrack.analytics.survival.km import Curves, kaplan_meier
from multitrack.analytics.survival.logrank import (
    LogRank,
    logrank_subsets,
    logrank_test,
    multivariate_logrank_test,
)
from multitrack.analytics.survival.spells import (
    as_of_date,
    employment_spells,
    in_window,
    level_spells,
)
from multitrack.analytics.survival.tables import EventTable, event_table

__all__ = [
    "CoxResult",
    "Curves",
    "EventTable",
    "LogRank",
    "PHTest",
    "aalen_johansen",
    "as_of_date",
    "cox_ph",
    "employment_spells",
    "event_table",
    "in_window",
    "kaplan_meier",
    "level_spells",
    "logrank_subsets",
    "logrank_test",
    "multivariate_logrank_test",
]
