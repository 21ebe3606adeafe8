"""The regression engine against statsmodels on the same data (1e-8 relative)."""

from __future__ import annotations

import warnings

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.outliers_influence import OLSInfluence

from multitrack.analytics.regression import (
    COV_TYPES,
    Design,
    DesignError,
    RegressionWarning,
    fit,
    fit_groups,
)


def close(ours, ref, se=None, rel: float = 1e-8) -> None:
    """Equal to 1e-8 relative, or within 1e-6 of a standard error (coefficients near 0)."""
    ours, ref = np.asarray(ours, float), np.asarray(ref, float)
    slack = rel * np.abs(ref)
    if se is not None:
        slack = np.maximum(slack, 1e-6 * np.asarray(se, float))
    assert ours.shape == ref.shape
    assert np.all(np.abs(ours - ref) <= slack + 1e-300), np.max(np.abs(ours - ref) - slack)


def org(n: int, seed: int = 0, hetero: bool = True) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    track = rng.choice(["management", "programme", "specialist"], n, p=[0.2, 0.1, 0.7])
    zone = rng.choice(["core", "north", "remote", "south"], n)
    tenure = rng.gamma(2.0, 3.0, n)
    rating = rng.integers(1, 6, n).astype(float)
    noise = rng.normal(size=n) * (0.05 + (0.05 * tenure if hetero else 0.1))
    logpay = 11 + 0.05 * (track == "management") + 0.01 * tenure + 0.02 * rating + noise
    return pl.DataFrame(
        {"track": track, "zone": zone, "tenure": tenure, "rating": rating, "logpay": logpay}
    )


def reference_fit(df: pl.DataFrame, cov: str, ref_track: str, ref_zone: str, **kw):
    formula = (
        f"logpay ~ C(track, Treatment('{ref_track}')) + C(zone, Treatment('{ref_zone}'))"
        " + tenure + rating"
    )
    return smf.ols(formula, df.to_pandas()).fit(cov_type=cov, use_t=True, **kw)


def compare(res, ref) -> None:
    close(res.params, ref.params, ref.bse)
    close(res.bse, ref.bse)
    close(res.tvalues, ref.tvalues, rel=1e-7)
    close(res.pvalues, ref.pvalues, rel=1e-6)
    close(res.conf_int(), ref.conf_int(), np.column_stack([ref.bse, ref.bse]))
    assert res.nobs == ref.nobs and res.df_resid == ref.df_resid
    close(res.rsquared, ref.rsquared)
    close(res.rsquared_adj, ref.rsquared_adj)


@pytest.mark.parametrize("cov", COV_TYPES)
def test_matches_statsmodels_formula_path(cov):
    df = org(3000)
    design = Design.from_frame(
        df,
        numeric=["tenure", "rating"],
        categorical=["track", "zone"],
        reference={"track": "specialist", "zone": "core"},
    )
    res = fit(df["logpay"], design, cov=cov)
    ref = reference_fit(df, cov, "specialist", "core")
    compare(res, ref)
    assert res.names == [
        "Intercept",
        "track[management]",
        "track[programme]",
        "zone[north]",
        "zone[remote]",
        "zone[south]",
        "tenure",
        "rating",
    ]
    c = res.coef("track[management]")
    i = 1
    assert c["estimate"] == res.params[i] and c["se"] == res.bse[i]
    close([c["low"], c["high"]], ref.conf_int().iloc[i])


def test_default_reference_is_the_most_frequent_level():
    df = org(500)
    design = Design.from_frame(df, categorical=["track"])
    assert design.references == {"track": "specialist"}


def test_normal_distribution_when_asked():
    df = org(400, seed=3)
    design = Design.from_frame(
        df, numeric=["tenure"], categorical=["track"], reference={"track": "management"}
    )
    res = fit(df["logpay"], design, cov="HC1", use_t=False)
    ref = smf.ols("logpay ~ track + tenure", df.to_pandas()).fit(cov_type="HC1")
    assert ref.use_t is False  # statsmodels' own default for robust covariances
    close(res.pvalues, ref.pvalues, rel=1e-7)
    close(res.conf_int(), ref.conf_int(), np.column_stack([ref.bse, ref.bse]))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(30, 400),
    levels=st.lists(st.integers(2, 6), min_size=0, max_size=3),
    p=st.integers(0, 3),
    cov=st.sampled_from(COV_TYPES),
    weighted=st.booleans(),
)
def test_random_designs_match_dense_statsmodels(seed, n, levels, p, cov, weighted):
    rng = np.random.default_rng(seed)
    cols = {f"f{i}": rng.integers(0, k, n).astype(str) for i, k in enumerate(levels)}
    cols |= {f"x{j}": rng.normal(size=n) * (j + 1) + j for j in range(p)}
    df = pl.DataFrame(cols) if cols else pl.DataFrame({"dummy": np.zeros(n)})
    design = Design.from_frame(
        df, numeric=[f"x{j}" for j in range(p)], categorical=[f"f{i}" for i in range(len(levels))]
    )
    x = design.dense()
    y = x @ rng.normal(size=x.shape[1]) + rng.normal(size=n) * rng.uniform(0.5, 2, n)
    w = rng.uniform(0.2, 3, n) if weighted else None
    model = sm.WLS(y, x, weights=w) if weighted else sm.OLS(y, x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = model.fit(cov_type=cov, use_t=True)
        res = fit(y, design, cov=cov, weights=w)
    if res.aliased or x.shape[1] >= n:  # a level absent by chance: covered elsewhere
        return
    close(res.params, ref.params, ref.bse)
    close(res.bse, ref.bse, rel=1e-7)
    close(res.pvalues, ref.pvalues, rel=1e-6)


def test_weighted_least_squares_and_whitened_leverage():
    df = org(800, seed=5)
    rng = np.random.default_rng(5)
    w = rng.uniform(0.5, 4, df.height)
    design = Design.from_frame(df, numeric=["tenure"], categorical=["track", "zone"])
    x, y = design.dense(), df["logpay"].to_numpy()
    for cov in COV_TYPES:
        res = fit(y, design, cov=cov, weights=w)
        ref = sm.WLS(y, x, weights=w).fit(cov_type=cov, use_t=True)
        close(res.params, ref.params, ref.bse)
        close(res.bse, ref.bse)
        close(res.rsquared, ref.rsquared)
    wx = x * np.sqrt(w)[:, None]
    hat = np.einsum("ij,ji->i", wx, np.linalg.pinv(wx))
    close(res.leverage, hat, rel=1e-9)


def test_residuals_leverage_and_studentised_residuals():
    df = org(600, seed=2)
    design = Design.from_frame(df, numeric=["tenure", "rating"], categorical=["track"])
    res = fit(df["logpay"], design, cov="HC3")
    ref = sm.OLS(df["logpay"].to_numpy(), design.dense()).fit()
    infl = OLSInfluence(ref)
    close(res.resid, ref.resid, rel=1e-7)
    close(res.fittedvalues, ref.fittedvalues)
    close(res.leverage, infl.hat_matrix_diag, rel=1e-9)
    close(res.resid_studentized(), infl.resid_studentized_external, rel=1e-8)
    close(res.resid_studentized(external=False), infl.resid_studentized_internal, rel=1e-8)
    close(res.robust("nonrobust").bse, ref.bse)


def test_unused_enum_levels_get_no_column():
    df = org(500, seed=4).with_columns(
        pl.col("track").cast(pl.Enum(["specialist", "management", "programme", "fellow"]))
    )
    design = Design.from_frame(df, numeric=["tenure"], categorical=["track"])
    assert design.factors[0].unused == ("fellow",)
    assert "track[fellow]" not in design.names
    assert design.names[:3] == ["Intercept", "track[management]", "track[programme]"]
    res = fit(df["logpay"], design, cov="HC1")
    ref = sm.OLS(df["logpay"].to_numpy(), design.dense()).fit(cov_type="HC1")
    close(res.bse, ref.bse)


def test_rank_deficient_columns_are_left_out_and_reported():
    df = org(500, seed=6).with_columns(twice=2 * pl.col("tenure") + 1)
    design = Design.from_frame(df, numeric=["tenure", "twice", "rating"], categorical=["track"])
    with pytest.warns(RegressionWarning, match="twice"):
        res = fit(df["logpay"], design, cov="HC1")
    assert res.aliased == ("twice",) and res.rank == len(res.names) - 1
    assert np.isnan(res.coef("twice")["estimate"]) and np.isnan(res.coef("twice")["se"])
    keep = [i for i, n in enumerate(res.names) if n != "twice"]
    x, y = design.dense(), df["logpay"].to_numpy()
    ref = sm.OLS(y, x[:, keep]).fit(cov_type="HC1")
    close(res.params[keep], ref.params, ref.bse)
    close(res.bse[keep], ref.bse)
    assert res.df_resid == ref.df_resid
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pinv = sm.OLS(y, x).fit()  # statsmodels spreads the effect; fitted values agree
    close(res.fittedvalues, pinv.fittedvalues)


def test_ill_conditioned_design_is_refitted_by_qr():
    rng = np.random.default_rng(9)
    n = 400
    base = rng.normal(size=n)
    df = pl.DataFrame({"a": base * 3e-3 + 30.0, "b": rng.normal(size=n)})
    y = 3 + 200 * (df["a"].to_numpy() - 30) + df["b"].to_numpy() + rng.normal(size=n)
    design = Design.from_frame(df, numeric=["a", "b"])
    with pytest.warns(RegressionWarning, match="ill-conditioned"):
        res = fit(y, design, cov="HC3")
    assert res.method == "qr" and res.cond > 1e8
    ref = sm.OLS(y, design.dense()).fit(cov_type="HC3", use_t=True)
    close(res.params, ref.params, ref.bse, rel=1e-7)
    close(res.bse, ref.bse, rel=1e-6)


def test_interactions_are_one_factor_over_observed_cells():
    df = org(900, seed=7)
    design = Design.from_frame(df, numeric=["tenure"], interactions=[("track", "zone")])
    assert design.factors[0].name == "track:zone"
    assert "track:zone[management:north]" in design.names
    res = fit(df["logpay"], design, cov="HC1")
    ref = smf.ols("logpay ~ C(track):C(zone) + tenure", df.to_pandas()).fit()
    close(res.fittedvalues, ref.fittedvalues)  # same column space, other coding
    close(res.ssr, ref.ssr)


def test_no_intercept_keeps_every_level_of_the_first_factor():
    df = org(300, seed=8)
    design = Design.from_frame(
        df,
        numeric=["tenure"],
        categorical=["track", "zone"],
        intercept=False,
        reference={"zone": "core"},
    )
    res = fit(df["logpay"], design, cov="HC1")
    ref = smf.ols("logpay ~ 0 + track + zone + tenure", df.to_pandas()).fit(
        cov_type="HC1", use_t=True
    )
    assert res.names[:3] == ["track[management]", "track[programme]", "track[specialist]"]
    close(res.params, ref.params, ref.bse)
    close(res.bse, ref.bse)
    close(res.rsquared, ref.rsquared)


def test_integer_and_boolean_factors():
    rng = np.random.default_rng(1)
    n = 300
    df = pl.DataFrame(
        {"band": rng.integers(3, 7, n), "remote": rng.random(n) < 0.3, "x": rng.normal(size=n)}
    )
    design = Design.from_frame(df, numeric=["x"], categorical=["band", "remote"])
    assert design.factors[0].levels == ("3", "4", "5", "6")
    assert design.factors[1].levels == ("False", "True")
    y = rng.normal(size=n)
    res = fit(y, design, cov="HC0")
    close(res.bse, sm.OLS(y, design.dense()).fit(cov_type="HC0").bse)


def test_missing_regressors_drop_rows_and_y_aligns_by_frame_row():
    df = org(200, seed=11).with_columns(
        tenure=pl.when(pl.int_range(pl.len()) % 10 == 0).then(None).otherwise(pl.col("tenure")),
        zone=pl.when(pl.int_range(pl.len()) % 7 == 0).then(None).otherwise(pl.col("zone")),
    )
    design = Design.from_frame(df, numeric=["tenure"], categorical=["zone"])
    kept = df.drop_nulls(["tenure", "zone"])
    assert design.nobs == kept.height and design.dropped == df.height - kept.height
    res = fit(df["logpay"], design, cov="HC1")
    ref = smf.ols(
        f"logpay ~ C(zone, Treatment('{design.references['zone']}')) + tenure", kept.to_pandas()
    ).fit(cov_type="HC1")
    close(res.params, ref.params, ref.bse)
    assert set(res.frame_rows.tolist()) == set(
        np.flatnonzero(df["tenure"].is_not_null() & df["zone"].is_not_null()).tolist()
    )


def test_many_levels_compress_the_cell_space():
    rng = np.random.default_rng(12)
    n = 3000
    df = pl.DataFrame(
        {f"f{i}": rng.integers(0, 180, n).astype(str) for i in range(3)} | {"x": rng.normal(size=n)}
    )
    design = Design.from_frame(df, numeric=["x"], categorical=["f0", "f1", "f2"])
    y = rng.normal(size=n)
    res = fit(y, design, cov="HC1")
    ref = sm.OLS(y, design.dense()).fit(cov_type="HC1")
    close(res.params, ref.params, ref.bse, rel=1e-7)
    close(res.bse, ref.bse, rel=1e-7)


def test_bad_input_names_the_problem():
    df = org(50)
    with pytest.raises(DesignError, match="salary"):
        Design.from_frame(df, numeric=["salary"])
    with pytest.raises(DesignError, match="reference level 'ceo'"):
        Design.from_frame(df, categorical=["track"], reference={"track": "ceo"})
    with pytest.raises(DesignError, match="not numeric"):
        Design.from_frame(df, numeric=["zone"])
    design = Design.from_frame(df, numeric=["tenure"])
    y = df["logpay"].to_numpy().copy()
    y[3] = np.nan
    with pytest.raises(DesignError, match="first at design row 3"):
        fit(y, design)
    with pytest.raises(DesignError, match="49 rows"):
        fit(y[:49], design)
    with pytest.raises(ValueError, match="cov must be one of"):
        fit(df["logpay"], design, cov="HC9")


def test_grouped_fits_match_one_fit_per_group():
    df = org(1500, seed=13)
    groups = np.random.default_rng(13).choice(["B3/eng", "B4/eng", "B4/design"], df.height)
    design = Design.from_frame(df, numeric=["tenure", "rating"], categorical=["track", "zone"])
    x, y = design.dense(), df["logpay"].to_numpy()
    for cov in ("nonrobust", "HC1", "HC3"):
        fits = fit_groups(y, design, groups, cov=cov, by="pag")
        assert sorted(fits) == ["B3/eng", "B4/design", "B4/eng"]
        for key, res in fits.items():
            m = groups == key
            ref = sm.OLS(y[m], x[m]).fit(cov_type=cov, use_t=True)
            close(res.params, ref.params, ref.bse)
            close(res.bse, ref.bse)
            close(res.rsquared, ref.rsquared)
            close(res.resid, ref.resid, rel=1e-7)
            assert res.group == key and res.nobs == m.sum()
    table = fits.to_frame()
    assert table.columns[:3] == ["pag", "nobs", "term"] and table.height == 3 * len(design.names)


def test_tiny_groups_and_levels_missing_in_a_group():
    df = org(400, seed=14)
    groups = np.where(np.arange(df.height) < 3, "tiny", "big")
    df = df.with_columns(
        track=pl.when(pl.Series(groups) == "tiny").then(pl.lit("specialist")).otherwise("track")
    )
    design = Design.from_frame(df, numeric=["tenure"], categorical=["track"])
    with pytest.warns(RegressionWarning):
        fits = fit_groups(df["logpay"], design, groups, cov="HC1")
    tiny = fits["tiny"]
    assert set(tiny.aliased) == {"track[management]", "track[programme]"}
    assert tiny.nobs == 3 and tiny.rank == 2 and tiny.df_resid == 1
    m = groups == "tiny"
    ref = sm.OLS(df["logpay"].to_numpy()[m], design.dense()[m][:, [0, 3]]).fit()
    close(tiny.params[[0, 3]], ref.params, ref.bse)
    with pytest.warns(RegressionWarning, match="no standard errors"):
        one = fit_groups(
            df["logpay"][:2], Design.from_frame(df[:2], numeric=["tenure"]), ["a", "a"]
        )
    assert np.isnan(one["a"].bse).all() and one["a"].df_resid == 0


def test_crossing_many_levels_keeps_each_row_in_its_own_cell():
    rng = np.random.default_rng(15)
    n = 5000
    df = pl.DataFrame({f"f{i}": rng.integers(0, 60, n).astype(str) for i in range(3)})
    design = Design.from_frame(df, interactions=[("f0", "f1", "f2")])  # 216,000 > direct
    fac = design.factors[0]
    labels = np.array(fac.levels)[fac.codes]
    expect = df.select(pl.concat_str(["f0", "f1", "f2"], separator=":")).to_series()
    assert labels.tolist() == expect.to_list()
    assert list(fac.levels) == sorted(fac.levels, key=lambda s: s.split(":"))
