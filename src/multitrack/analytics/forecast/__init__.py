"""Talent supply forecasting: a Markov manpower model over (track, band) states.

Estimate rates from the history (:func:`history`, :func:`fit`), project them with exact
moment bands (:func:`project`) or by Monte Carlo on counts with vacancy-driven promotions
(:func:`simulate`), compare with a demand plan (:mod:`.demand`, :mod:`.attainability`),
read career chances (:mod:`.careers`), run framework-change scenarios (:mod:`.scenarios`)
and backtest (:func:`backtest`). :func:`forecast` puts it all in one Report.
See ``docs/methods.md`` ("Talent supply forecast") for the method and its assumptions.
"""

from multitrack.analytics.forecast.attainability import (
    attain,
    maintainability,
    minimum_recruitment,
)
from multitrack.analytics.forecast.backtest import Backtest, backtest
from multitrack.analytics.forecast.careers import fundamental, reach
from multitrack.analytics.forecast.demand import DemandPlan, load_demand
from multitrack.analytics.forecast.errors import DemandError, ForecastError, ScenarioError
from multitrack.analytics.forecast.estimate import Model, Smoothing, fit
from multitrack.analytics.forecast.homogeneity import Homogeneity, homogeneity
from multitrack.analytics.forecast.montecarlo import Simulation, simulate
from multitrack.analytics.forecast.project import Chain, Policy, Projection, project
from multitrack.analytics.forecast.report import Options, forecast
from multitrack.analytics.forecast.scenarios import Scenario, apply, load_scenarios
from multitrack.analytics.forecast.snapshots import History, history
from multitrack.analytics.forecast.states import StateSpace

__all__ = [
    "Backtest",
    "Chain",
    "DemandError",
    "DemandPlan",
    "ForecastError",
    "History",
    "Homogeneity",
    "Model",
    "Options",
    "Policy",
    "Projection",
    "Scenario",
    "ScenarioError",
    "Simulation",
    "Smoothing",
    "StateSpace",
    "apply",
    "attain",
    "backtest",
    "fit",
    "forecast",
    "fundamental",
    "history",
    "homogeneity",
    "load_demand",
    "load_scenarios",
    "maintainability",
    "minimum_recruitment",
    "project",
    "reach",
    "simulate",
]
