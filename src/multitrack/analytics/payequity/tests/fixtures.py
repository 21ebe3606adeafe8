"""Synthetic organisations on the starter framework with planted, known pay gaps."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from multitrack.analytics.frames import Frames, validate
from multitrack.analytics.tests import builders
from multitrack.core import load
from multitrack.core.templates import path

AS_OF = "2026-06-30"
TRACK_BANDS = {"specialist": range(1, 9), "management": range(4, 9), "programme": range(5, 8)}


def people(
    n: int = 1200,
    seed: int = 1,
    gender_gap: dict[str, float] | None = None,
    track_gap: float = 0.0,
    noise: float = 0.06,
) -> pl.DataFrame:
    """People with log pay = band step + tenure + rating + zone + planted gaps + noise.

    ``gender_gap`` maps a band (e.g. "B4") to the log-pay penalty of women there.
    """
    rng = np.random.default_rng(seed)
    gender_gap = gender_gap or {}
    band = rng.choice([f"B{i}" for i in range(2, 7)], n)
    track = np.where(
        (np.char.replace(band, "B", "").astype(int) >= 5) & (rng.random(n) < 0.3),
        "management",
        "specialist",
    )
    family = rng.choice(["engineering", "design"], n, p=[0.7, 0.3])
    zone = rng.choice(["core", "remote"], n, p=[0.6, 0.4])
    gender = rng.choice(["f", "m"], n, p=[0.45, 0.55])
    tenure = rng.gamma(2.0, 2.5, n)
    rating = rng.integers(2, 6, n).astype(float)
    bandnum = np.char.replace(band, "B", "").astype(int)
    logpay = (
        10.6
        + 0.18 * bandnum
        + 0.015 * tenure
        + 0.02 * rating
        - 0.08 * (zone == "remote")
        + track_gap * (track == "management")
        + rng.normal(0, noise, n)
    )
    for b, gap in gender_gap.items():
        logpay -= gap * ((band == b) & (gender == "f"))
    hire = [dt.date(2026, 6, 30) - dt.timedelta(days=int(t * 365.25)) for t in tenure]
    return pl.DataFrame(
        {
            "person_id": [f"p{i:05d}" for i in range(n)],
            "name": [f"Person {i}" for i in range(n)],
            "email": [f"p{i}@example.org" for i in range(n)],
            "family": family,
            "zone": zone,
            "track": track,
            "band": band,
            "level": [f"{t}/{b}" for t, b in zip(track, band, strict=True)],
            "manager_id": [None] * n,
            "hire_date": hire,
            "level_since": hire,
            "exit_date": [None] * n,
            "exit_reason": [None] * n,
            "regretted": [None] * n,
            "aspiration": [None] * n,
            "rating": rating,
            "fte": np.where(rng.random(n) < 0.1, 0.5, 1.0),
            "pay_annual_fte": np.round(np.exp(logpay), 2),
            "variable_annual": np.where(rng.random(n) < 0.6, np.round(np.exp(logpay) * 0.1), 0.0),
            "demo_gender": gender,
        }
    )


def frames(frame: pl.DataFrame | None = None, **kw) -> Frames:
    return Frames(
        framework=load(path("starter")),
        people=validate("people", frame if frame is not None else people(**kw)),
        as_of=AS_OF,
    )


def person(pid: str, gender: str | None, pay: float | None, **kw) -> dict:
    """One people row with defaults; ``kw`` overrides any column."""
    if kw.get("level") is None:
        kw.pop("level", None)  # derived from track and band
    kw.setdefault("email", f"{pid}@example.org")
    kw.setdefault("hire_date", dt.date(2020, 6, 30))
    kw.setdefault("level_since", None)
    return builders.person(
        pid,
        kw.pop("track", "specialist"),
        kw.pop("band", "B3"),
        kw.pop("manager_id", None),
        pay_annual_fte=pay,
        demo_gender=gender,
        **kw,
    )


def org(rows: list[dict], pay: pl.DataFrame | None = None) -> Frames:
    """Frames of hand-made people rows (and optional pay records)."""
    extra = {"pay": validate("pay", pay)} if pay is not None else {}
    return Frames(
        framework=load(path("starter")),
        people=validate("people", pl.DataFrame(rows, infer_schema_length=None)),
        as_of=AS_OF,
        **extra,
    )
