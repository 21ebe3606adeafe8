"""The shared result shape: JSON is plain, charts are valid Vega-Lite with inline data."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from multitrack.analytics import charts
from multitrack.analytics.report import Report, Table, jsonable


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "band": ["B1", "B2"],
            "track": ["a", "b"],
            "gap": [0.1, float("nan")],
            "on": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)],
        }
    )


def test_report_json_is_plain() -> None:
    spec = charts.bar("gaps", "Gaps", _frame(), "band", "gap", color="track")
    rep = Report("x", "X", tables=[Table("t", "T", _frame(), {"gap": "pct"})], charts=[spec])
    data = json.loads(json.dumps(rep.to_dict()))
    assert data["tables"]["t"]["rows"][1]["gap"] is None  # NaN is null, not invalid JSON
    assert data["tables"]["t"]["rows"][0]["on"] == "2026-01-01"
    assert data["charts"][0]["encoding"]["x"] == {"field": "band", "type": "nominal"}
    assert data["charts"][0]["encoding"]["y"]["type"] == "quantitative"
    assert rep.chart("gaps")["name"] == "gaps"
    assert rep.table("t").title == "T"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown formats"):
        Table("t", "T", _frame(), {"gap": "percent"})


def test_step_chart_with_band_layers_the_interval_first() -> None:
    f = pl.DataFrame({"t": [0.0, 1.0], "s": [1.0, 0.8], "lo": [1.0, 0.7], "hi": [1.0, 0.9]})
    spec = charts.step("km", "KM", f, "t", "s", band=("lo", "hi"))
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line"]
    assert spec["layer"][1]["mark"]["interpolate"] == "step-after"


def test_chart_rows_equal_the_general_walk() -> None:
    frame = pl.DataFrame(
        {
            "x": [1.5, float("nan"), float("inf"), None, -float("inf")],
            "f32": pl.Series([1.0, None, float("nan"), 2.5, 3.0], dtype=pl.Float32),
            "n": [1, 2, None, 4, 5],
            "day": [dt.date(2024, 1, 2), None, dt.date(1999, 12, 31), dt.date(2024, 2, 29), None],
            "who": ["a", None, "c", "d", "e"],
            "flag": [True, False, None, True, False],
            "cat": pl.Series(["u", "v", None, "u", "v"], dtype=pl.Categorical),
        }
    )
    assert charts.rows(frame) == jsonable(frame.to_dicts())
    timed = frame.with_columns(at=pl.lit(dt.datetime(2024, 1, 2, 3, 4, 5)))
    assert charts.rows(timed) == jsonable(timed.to_dicts())
