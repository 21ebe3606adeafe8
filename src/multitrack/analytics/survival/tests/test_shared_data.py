"""Real data sets from ../shared/data: the same rows through lifelines and through ours."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test as lifelines_multi
from lifelines.statistics import proportional_hazard_test

from multitrack.analytics.survival import cox_ph, kaplan_meier, multivariate_logrank_test

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def retention(shared_data) -> pd.DataFrame:
    """job_retention: months to leaving (or censoring) by job level, 3,770 employees."""
    return pd.read_csv(shared_data / "people-analytics-handbook" / "job_retention.csv")


@pytest.fixture(scope="module")
def ibm(shared_data) -> pd.DataFrame:
    """IBM attrition (fictional): years at company, attrition, job level and role."""
    frame = pd.read_csv(shared_data / "ibm-hr-attrition" / "modeldata_attrition.csv")
    managers = {"Manager", "Research_Director", "Manufacturing_Director"}
    return frame.assign(
        track=np.where(frame["JobRole"].isin(managers), "management", "specialist"),
        left=(frame["Attrition"] == "Yes").astype(int),
    )


def test_job_retention_km_by_level_matches_lifelines(retention):
    t, e, g = retention["month"].to_numpy(), retention["left"].to_numpy(), retention["level"]
    curves = kaplan_meier(t, e, groups=g.to_numpy())
    assert curves.groups() == ["High", "Low", "Medium"]
    for level in ("High", "Low", "Medium"):
        rows = (g == level).to_numpy()
        kmf = KaplanMeierFitter().fit(t[rows], e[rows])
        timeline = kmf.survival_function_.index.values
        np.testing.assert_allclose(
            curves.at(timeline, group=level), kmf.survival_function_.values[:, 0], rtol=1e-12
        )
        np.testing.assert_allclose(
            curves.at(timeline, group=level, column="low"),
            kmf.confidence_interval_.values[:, 0],
            atol=1e-12,
        )


def test_job_retention_logrank_and_cox_match_lifelines(retention):
    t, e = retention["month"].to_numpy(), retention["left"].to_numpy()
    ours = multivariate_logrank_test(t, retention["level"].to_numpy(), e)
    ref = lifelines_multi(t, retention["level"], e)
    assert ours.statistic == pytest.approx(ref.test_statistic, rel=1e-10)
    # no demographic field (gender) among the covariates
    X = pd.get_dummies(retention["level"], drop_first=True, dtype=float).assign(
        sentiment=retention["sentiment"], intention=retention["intention"]
    )
    frame = X.assign(month=t, left=e)
    cph = CoxPHFitter().fit(frame, "month", "left", fit_options={"precision": 1e-12})
    fit = cox_ph(X.to_numpy(), t, e, names=list(X.columns))
    np.testing.assert_allclose(fit.params, cph.params_.values, rtol=1e-6)
    np.testing.assert_allclose(fit.se, cph.standard_errors_.values, rtol=1e-6)
    assert fit.log_likelihood == pytest.approx(cph.log_likelihood_, rel=1e-10)
    ph = proportional_hazard_test(cph, frame, time_transform="km")
    np.testing.assert_allclose(
        fit.proportional_hazards("km").statistic, ph.test_statistic, rtol=1e-6
    )


def test_ibm_attrition_by_track_at_equal_level_matches_lifelines(ibm):
    t = ibm["YearsAtCompany"].to_numpy().astype(float)
    e = ibm["left"].to_numpy()
    X = pd.get_dummies(ibm["JobLevel"].astype(str), prefix="level", drop_first=True, dtype=float)
    X = X.assign(
        specialist=(ibm["track"] == "specialist").astype(float),
        log_income=np.log(ibm["MonthlyIncome"]),
        years_in_role=ibm["YearsInCurrentRole"].astype(float),
    )
    cph = CoxPHFitter().fit(X.assign(t=t, e=e), "t", "e", fit_options={"precision": 1e-12})
    fit = cox_ph(X.to_numpy(), t, e, names=list(X.columns))
    np.testing.assert_allclose(fit.params, cph.params_.values, rtol=1e-6)
    np.testing.assert_allclose(fit.se, cph.standard_errors_.values, rtol=1e-6)
    ours = multivariate_logrank_test(t, ibm["track"].to_numpy(), e)
    ref = lifelines_multi(t, ibm["track"], e)
    assert ours.statistic == pytest.approx(ref.test_statistic, rel=1e-10)
