"""Kaplan–Meier and Aalen–Johansen against lifelines on the same data, plus properties."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lifelines import AalenJohansenFitter, KaplanMeierFitter

from multitrack.analytics.survival import aalen_johansen, event_table, kaplan_meier


def _spells(seed: int, n: int = 400, integral: bool = True):
    rng = np.random.default_rng(seed)
    t = rng.integers(1, 40, n).astype(float)
    if not integral:
        t = t + rng.random(n)
    e = rng.random(n) < 0.55
    g = rng.choice(["management", "specialist"], n)
    return t, e, g, rng


def _compare_km(curves, t, e, entry=None, group=None):
    kmf = KaplanMeierFitter().fit(t, e, entry=entry)
    timeline = kmf.survival_function_.index.values
    ci = kmf.confidence_interval_.values
    np.testing.assert_allclose(
        curves.at(timeline, group=group), kmf.survival_function_.values[:, 0], rtol=1e-12
    )
    np.testing.assert_allclose(curves.at(timeline, group=group, column="low"), ci[:, 0], atol=1e-12)
    np.testing.assert_allclose(
        curves.at(timeline, group=group, column="high"), ci[:, 1], atol=1e-12
    )


@pytest.mark.parametrize("integral", [True, False], ids=["day-grid", "hashed"])
def test_km_matches_lifelines_by_group_with_ties_and_censoring(integral):
    t, e, g, _ = _spells(1, integral=integral)
    curves = kaplan_meier(t, e, groups=g)
    assert curves.groups() == ["management", "specialist"]
    for lab in ("management", "specialist"):
        _compare_km(curves, t[g == lab], e[g == lab], group=lab)


@pytest.mark.parametrize("integral", [True, False], ids=["day-grid", "hashed"])
def test_km_matches_lifelines_with_late_entry(integral):
    t, e, g, rng = _spells(2, integral=integral)
    entry = np.floor(rng.random(len(t)) * t * 0.8) if integral else rng.random(len(t)) * t * 0.8
    curves = kaplan_meier(t, e, entry=entry, groups=g)
    for lab in ("management", "specialist"):
        rows = g == lab
        _compare_km(curves, t[rows], e[rows], entry=entry[rows], group=lab)


def test_km_median_and_counts_hand_worked():
    # 5 people: exits at 1, 2 (censored), 3, 3, 4 (censored)
    curves = kaplan_meier([1, 2, 3, 3, 4], [1, 0, 1, 1, 0])
    f = curves.frame
    assert f["at_risk"].to_list() == [5, 4, 3, 1]
    # S(1) = 4/5; S(3) = 4/5 * (1 - 2/3) = 4/15
    assert curves.at([0.5, 1, 2.5, 3, 10]).tolist() == pytest.approx([1, 0.8, 0.8, 4 / 15, 4 / 15])
    assert curves.median() == 3.0
    assert KaplanMeierFitter().fit([1, 2, 3, 3, 4], [1, 0, 1, 1, 0]).median_survival_time_ == 3.0


def test_km_rejects_bad_input():
    with pytest.raises(ValueError, match="non-negative"):
        kaplan_meier([1, -2], [1, 1])
    with pytest.raises(ValueError, match="entry"):
        kaplan_meier([1, 2], [1, 1], entry=[0, 3])
    with pytest.raises(ValueError, match="groups"):
        kaplan_meier([1, 2], [1, 1], groups=["a"])


@pytest.mark.parametrize("integral", [True, False], ids=["day-grid", "hashed"])
def test_aj_matches_lifelines_for_each_cause(integral):
    rng = np.random.default_rng(3)
    n = 500
    # continuous times: lifelines jitters ties between causes, so compare where there are none
    t = rng.integers(1, 200, n).astype(float) if integral else rng.random(n) * 10
    if integral:
        t = np.unique(t)
        n = len(t)
    e = rng.choice([0, 1, 2, 3], n)
    curves = aalen_johansen(t, e)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cause in (1, 2, 3):
            ajf = AalenJohansenFitter(calculate_variance=True).fit(t, e, event_of_interest=cause)
            timeline = ajf.cumulative_density_.index.values
            np.testing.assert_allclose(
                curves.at(timeline, cause=cause), ajf.cumulative_density_.values[:, 0], atol=1e-13
            )
            ci = ajf.confidence_interval_.values
            lo, hi = np.minimum(ci[:, 0], ci[:, 1]), np.maximum(ci[:, 0], ci[:, 1])
            ok = ~np.isnan(lo)
            np.testing.assert_allclose(
                curves.at(timeline, cause=cause, column="low")[ok], lo[ok], atol=1e-12
            )
            np.testing.assert_allclose(
                curves.at(timeline, cause=cause, column="high")[ok], hi[ok], atol=1e-12
            )


def test_aj_with_tied_times_of_one_cause_matches_lifelines():
    rng = np.random.default_rng(4)
    t = rng.integers(1, 25, 300).astype(float)
    e = rng.choice([0, 1], 300)
    curves = aalen_johansen(t, e, groups=np.zeros(300, dtype=int))
    ajf = AalenJohansenFitter().fit(t, e, event_of_interest=1)
    timeline = ajf.cumulative_density_.index.values
    np.testing.assert_allclose(
        curves.at(timeline, cause=1), ajf.cumulative_density_.values[:, 0], atol=1e-13
    )


def test_aj_is_not_one_minus_km_when_risks_compete():
    # promoted (1) at 1 and 3, left (2) at 2: 1 - KM(promotion) overstates promotion
    t = [1, 2, 3, 4]
    e = [1, 2, 1, 0]
    cif = aalen_johansen(t, e).at([3], cause=1)[0]
    naive = 1 - kaplan_meier(t, [1, 0, 1, 0]).at([3])[0]
    assert cif == pytest.approx(1 / 4 + 2 / 4 * 1 / 2)  # S(2) = 2/4, then 1 of 2 promoted
    assert naive == pytest.approx(1 - 3 / 4 * 1 / 2)
    assert naive > cif


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 3), st.integers(0, 2)),
        min_size=1,
        max_size=60,
    )
)
def test_incidences_and_survival_add_to_one_and_routes_agree(rows):
    t = np.array([r[0] for r in rows], dtype=float)
    e = np.array([r[1] for r in rows])
    g = np.array([r[2] for r in rows])
    grid = aalen_johansen(t, e, groups=g)
    hashed = aalen_johansen(t + 0.5, e, groups=g)  # same order, off the integer grid
    for lab in np.unique(g):
        probe = np.arange(-1, 32, dtype=float)
        total = sum(grid.at(probe, group=int(lab), cause=c) for c in (0, 1, 2, 3))
        np.testing.assert_allclose(total, 1.0, atol=1e-12)
        s = grid.at(probe, group=int(lab), cause=0)
        assert (np.diff(s) <= 1e-15).all()
        np.testing.assert_allclose(hashed.at(probe + 0.5, group=int(lab), cause=0), s)


def test_event_table_routes_agree_with_entry_and_weights():
    rng = np.random.default_rng(5)
    t = rng.integers(1, 50, 300).astype(float)
    a = np.floor(rng.random(300) * t)
    w = rng.integers(1, 4, 300).astype(float)
    e = rng.choice([0, 1, 2], 300)
    grid = event_table(t, e, entry=a, weights=w)
    hashed = event_table(t + 0.25, e, entry=a + 0.25, weights=w)
    np.testing.assert_allclose(grid.at_risk, hashed.at_risk)
    np.testing.assert_allclose(grid.observed, hashed.observed)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 20),
            st.sampled_from([0, 1, 2, 5, 17, 40]),  # sparse codes, some past the direct grid
            st.integers(0, 2),
            st.booleans(),
        ),
        min_size=1,
        max_size=50,
    )
)
def test_event_table_routes_agree_for_any_cause_codes(rows):
    """Grid and hash routes give the same table, whichever codes occur (no censoring, bool)."""
    t = np.array([r[0] for r in rows], dtype=float)
    e = np.array([r[1] for r in rows])
    g = np.array([r[2] for r in rows])
    grid, hashed = event_table(t, e, groups=g), event_table(t + 0.5, e, groups=g)
    assert grid.causes == hashed.causes == tuple(int(c) for c in np.unique(e) if c > 0)
    np.testing.assert_allclose(grid.observed, hashed.observed)
    np.testing.assert_allclose(grid.at_risk, hashed.at_risk)
    np.testing.assert_allclose(grid.time + 0.5, hashed.time)
    flags = np.array([r[3] for r in rows])
    np.testing.assert_allclose(
        event_table(t, flags, groups=g).observed,
        event_table(t, flags.astype(int), groups=g).observed,
    )
