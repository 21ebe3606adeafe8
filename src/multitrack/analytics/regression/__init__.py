"""The regression engine shared by pay equity and the scorecard.

Designs are integer codes plus numeric columns (:class:`Design`), fits are built from per-cell
sufficient statistics in chunks, and results read like statsmodels' (:class:`OLSResult`)::

    design = Design.from_frame(people, numeric=["tenure"], categorical=["track", "zone"])
    res = fit(np.log(people["pay_annual_fte"]), design, cov="HC1")
    res.coef("track[specialist]")  # estimate, se, t, p, low, high

``fit_groups`` fits the same model within each group (e.g. band × family) in one pass.
"""

from multitrack.analytics.regression.design import Design, DesignError, Factor, factorize
from multitrack.analytics.regression.fitting import RegressionWarning, fit, fit_groups
from multitrack.analytics.regression.result import COV_TYPES, GroupedFit, OLSResult

__all__ = [
    "COV_TYPES",
    "Design",
    "DesignError",
    "Factor",
    "GroupedFit",
    "OLSResult",
    "RegressionWarning",
    "factorize",
    "fit",
    "fit_groups",
]
