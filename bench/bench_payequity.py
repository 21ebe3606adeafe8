"""Pay-equity regression: our engine beside the statsmodels formula path, in the same run.

The design of METHODS §2: log pay on 17 track × level cells (2 tracks × 9 levels), 7
locations, gender, tenure, performance and a constant (28 columns). Ours: design from
polars categorical codes, fit, HC1 errors (and HC3 separately). Baselines: ``smf.ols``
with patsy on a pandas frame, and a pandas ``get_dummies`` build plus ``sm.OLS``. Full
mode adds 10,000,000 rows with peak memory (the statsmodels path is measured at 1M only;
at 10M it needs a 2 GB dense matrix and tens of seconds).
"""

from __future__ import annotations

import resource
import time
import tracemalloc

import numpy as np
import polars as pl

from multitrack.analytics.regression import Design, fit, fit_groups

TRACKS, LEVELS, ZONES = ("ic", "mgr"), tuple(f"L{i}" for i in range(1, 10)), 8


def _frame(n: int, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    track = rng.integers(0, 2, n)
    level = rng.integers(0, 9, n)
    zone = rng.integers(0, ZONES, n)
    gender = rng.integers(0, 2, n)
    tenure = rng.gamma(2.0, 3.0, n)
    perf = rng.integers(1, 6, n).astype(np.float64)
    logpay = (
        10.5
        + 0.12 * level
        + 0.03 * track
        + 0.02 * zone
        - 0.03 * gender
        + 0.01 * tenure
        + 0.02 * perf
        + rng.normal(0, 0.1 + 0.02 * level, n)
    )
    return pl.DataFrame(
        {
            "track": pl.Series(np.array(TRACKS)[track]).cast(pl.Enum(TRACKS)),
            "level": pl.Series(np.array(LEVELS)[level]).cast(pl.Enum(LEVELS)),
            "zone": pl.Series(np.array([f"Z{i}" for i in range(ZONES)])[zone]).cast(pl.Categorical),
            "gender": pl.Series(np.array(["f", "m"])[gender]).cast(pl.Categorical),
            "tenure": tenure,
            "perf": perf,
            "logpay": logpay,
        }
    )


def ours(frame: pl.DataFrame, cov: str = "HC1"):
    design = Design.from_frame(
        frame,
        numeric=["tenure", "perf"],
        categorical=["zone", "gender"],
        interactions=[("track", "level")],
        reference={"zone": "Z0", "gender": "f", "track:level": "ic:L1"},  # as patsy's
    )
    return fit(frame["logpay"], design, cov=cov)


def _formula(pdf):
    import statsmodels.formula.api as smf

    return smf.ols("logpay ~ C(cell) + C(zone) + C(gender) + tenure + perf", data=pdf).fit(
        cov_type="HC1"
    )


def _dummies(pdf):
    import pandas as pd
    import statsmodels.api as sm

    dummies = pd.get_dummies(pdf[["cell", "zone", "gender"]], drop_first=True, dtype=float)
    x = sm.add_constant(pd.concat([dummies, pdf[["tenure", "perf"]]], axis=1))
    return sm.OLS(pdf["logpay"], x).fit(cov_type="HC1")


def _timed(fn, *args, repeat: int = 1, **kw):
    best, out = np.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(*args, **kw)
        best = min(best, time.perf_counter() - t)
    return out, best


def _pandas(frame: pl.DataFrame):
    pdf = frame.with_columns(
        cell=pl.concat_str(
            [pl.col("track").cast(pl.String), pl.col("level").cast(pl.String)], separator="_"
        )
    ).to_pandas()
    for c in ("zone", "gender", "track", "level"):
        pdf[c] = pdf[c].astype(str)
    return pdf


def _peak(fn, *args, **kw):
    tracemalloc.start()
    out = fn(*args, **kw)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, peak


def run(quick: bool = False) -> list[dict]:
    # 10M first, before the pandas/statsmodels baselines inflate the process's memory
    big = [] if quick else [_ten_million()]
    n = 100_000 if quick else 1_000_000
    frame = _frame(n)
    res, secs = _timed(ours, frame, repeat=3)
    _, secs3 = _timed(ours, frame, cov="HC3", repeat=3)
    pdf = _pandas(frame)
    base, base_secs = _timed(_formula, pdf)
    _, dummy_secs = _timed(_dummies, pdf)
    diff = np.max(np.abs(np.asarray(base.params) - _aligned(res, base)))
    rows = [
        {
            "name": f"design + fit + HC1, {n:,} rows x {len(res.names)} cols",
            "seconds": secs,
            "baseline": "smf.ols (patsy, pandas) HC1",
            "baseline_seconds": base_secs,
            "note": f"max |param diff| {diff:.1e}",
        },
        {
            "name": f"same, HC3 (leverages), {n:,} rows",
            "seconds": secs3,
            "baseline": "pandas get_dummies + sm.OLS HC1",
            "baseline_seconds": dummy_secs,
        },
        _grouped_row(frame),
    ]
    for row in big:
        row["baseline_seconds"] = base_secs * 10
    return rows + big


def _aligned(res, base) -> np.ndarray:
    """Our estimates under statsmodels' names (same reference levels)."""
    out = []
    for name in base.params.index:
        ours_name = (
            name.replace("C(cell)[T.", "track:level[")
            .replace("C(zone)[T.", "zone[")
            .replace("C(gender)[T.", "gender[")
            .replace("[ic_", "[ic:")
            .replace("[mgr_", "[mgr:")
        )
        out.append(res.params[res.names.index(ours_name)])
    return np.array(out)


def _grouped_row(frame: pl.DataFrame) -> dict:
    """Within each of 18 pay groups (track × level): gender, zone, tenure, performance."""
    design = Design.from_frame(frame, numeric=["tenure", "perf"], categorical=["zone", "gender"])
    groups = frame.select(pl.concat_str([pl.col("track"), pl.col("level")], separator="/"))
    _, secs = _timed(fit_groups, frame["logpay"], design, groups.to_series(), cov="HC1", repeat=3)
    import statsmodels.api as sm

    def per_group_sm():
        x = design.dense()
        y = frame["logpay"].to_numpy()
        g = groups.to_series().to_numpy()
        for key in np.unique(g):
            m = g == key
            sm.OLS(y[m], x[m]).fit(cov_type="HC1")

    _, base = _timed(per_group_sm)
    return {
        "name": f"18 group fits (fit_groups), {frame.height:,} rows",
        "seconds": secs,
        "baseline": "sm.OLS per group on a prebuilt dense matrix",
        "baseline_seconds": base,
    }


def _ten_million() -> dict:
    frame = _frame(10_000_000, seed=8)
    _, secs = _timed(ours, frame, repeat=3)
    _, peak = _peak(ours, frame)  # a separate run: tracing slows allocations
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    return {
        "name": "design + fit + HC1, 10,000,000 rows",
        "seconds": secs,
        "baseline": "smf.ols at 1,000,000 rows x 10 (not run at 10M)",
        "note": f"peak traced numpy memory {peak / 2**20:.0f} MiB, process max RSS "
        f"{rss:.0f} MiB incl. the frame; a dense 10M x 28 float matrix alone is "
        f"{10_000_000 * 28 * 8 / 2**20:.0f} MiB",
    }
