"""Chart specifications: one Vega-Lite definition per chart, reused by the web and the PDF.

A chart is a plain ``dict`` (Vega-Lite v5) with its data inline and a ``name``, so the web
pages embed it with vega-embed, the PDF report renders the same dict, and the CLI can write
it to a ``.vl.json`` file. Builders take polars frames and column names; they never compute
statistics, they only draw what an analysis has already computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from multitrack.analytics.report import jsonable

__all__ = ["SCHEMA", "bar", "heatmap", "histogram", "line", "rows", "rule_band", "step"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def _field(frame: pl.DataFrame, column: str) -> dict[str, Any]:
    dtype = frame.schema[column]
    if dtype.is_numeric():
        kind = "quantitative"
    elif dtype in (pl.Date, pl.Datetime):
        kind = "temporal"
    else:
        kind = "nominal"
    return {"field": column, "type": kind}


_PLAIN = (pl.String, pl.Boolean, pl.Null, pl.Categorical, pl.Enum)


def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as plain JSON values, as ``jsonable(frame.to_dicts())`` gives them.

    NaN and infinities become null and dates ISO text in polars, column by column, so the
    rows need no walk in Python (curve charts carry thousands); other types take the walk.
    """
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype.is_float():
            exprs.append(pl.when(pl.col(name).is_finite()).then(pl.col(name)).alias(name))
        elif dtype == pl.Date:
            exprs.append(pl.col(name).cast(pl.String))
        elif not (dtype.is_integer() or isinstance(dtype, _PLAIN)):
            return jsonable(frame.to_dicts())
    return frame.with_columns(exprs).to_dicts()


def _spec(name: str, title: str, frame: pl.DataFrame, **body: Any) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "name": name,
        "title": title,
        "data": {"values": rows(frame)},
        **body,
    }


def _enc(
    frame: pl.DataFrame, x: str, y: str, color: str | None, facet: str | None, **extra: Any
) -> dict[str, Any]:
    enc: dict[str, Any] = {"x": _field(frame, x), "y": _field(frame, y), **extra}
    if color:
        enc["color"] = _field(frame, color)
    if facet:
        enc["facet"] = {**_field(frame, facet), "columns": 4}
    return enc


def bar(
    name: str,
    title: str,
    frame: pl.DataFrame,
    x: str,
    y: str,
    *,
    color: str | None = None,
    facet: str | None = None,
    grouped: bool = True,
    sort: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Bars of ``y`` by ``x``; with ``color`` grouped side by side (or stacked)."""
    enc = _enc(frame, x, y, color, facet)
    if sort is not None:
        enc["x"]["sort"] = list(sort)
    if color and grouped:
        enc["xOffset"] = {"field": color}
    return _spec(name, title, frame, mark={"type": "bar", "tooltip": True}, encoding=enc)


def line(
    name: str,
    title: str,
    frame: pl.DataFrame,
    x: str,
    y: str,
    *,
    color: str | None = None,
    facet: str | None = None,
    band: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Lines of ``y`` over ``x``; ``band=(low, high)`` adds a shaded interval."""
    return _layered(name, title, frame, x, y, color, facet, band, interpolate="linear")


def step(
    name: str,
    title: str,
    frame: pl.DataFrame,
    x: str,
    y: str,
    *,
    color: str | None = None,
    facet: str | None = None,
    band: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Step curves (survival, cumulative incidence) with an optional confidence band."""
    return _layered(name, title, frame, x, y, color, facet, band, interpolate="step-after")


def _layered(name, title, frame, x, y, color, facet, band, *, interpolate) -> dict[str, Any]:
    line_layer: dict[str, Any] = {
        "mark": {"type": "line", "interpolate": interpolate, "tooltip": True},
        "encoding": _enc(frame, x, y, color, None),
    }
    layers = [line_layer]
    if band:
        low, high = band
        enc = _enc(frame, x, low, color, None)
        enc["y2"] = {"field": high}
        layers.insert(
            0,
            {"mark": {"type": "area", "opacity": 0.2, "interpolate": interpolate}, "encoding": enc},
        )
    body: dict[str, Any] = {"layer": layers}
    if facet:
        return _spec(name, title, frame, facet={**_field(frame, facet)}, columns=4, spec=body)
    return _spec(name, title, frame, **body)


def histogram(
    name: str,
    title: str,
    frame: pl.DataFrame,
    x: str,
    *,
    color: str | None = None,
    bins: int = 30,
) -> dict[str, Any]:
    enc: dict[str, Any] = {
        "x": {"field": x, "type": "quantitative", "bin": {"maxbins": bins}},
        "y": {"aggregate": "count", "type": "quantitative"},
    }
    if color:
        enc["color"] = _field(frame, color)
    return _spec(name, title, frame, mark={"type": "bar", "tooltip": True}, encoding=enc)


def heatmap(
    name: str, title: str, frame: pl.DataFrame, x: str, y: str, value: str
) -> dict[str, Any]:
    """A grid of cells (e.g. band × track) coloured by ``value``, with the value written in."""
    enc = {"x": _field(frame, x), "y": _field(frame, y)}
    return _spec(
        name,
        title,
        frame,
        encoding=enc,
        layer=[
            {"mark": "rect", "encoding": {"color": _field(frame, value)}},
            {"mark": {"type": "text"}, "encoding": {"text": _field(frame, value)}},
        ],
    )


def rule_band(spec: dict[str, Any], axis: str, low: float, high: float, label: str) -> dict:
    """Add a shaded reference band (e.g. span archetypes, compa-ratio 0.8–1.2) to a chart."""
    ref = {
        "data": {"values": [{"low": low, "high": high, "label": label}]},
        "mark": {"type": "rect", "opacity": 0.08},
        "encoding": {
            axis: {"field": "low", "type": "quantitative"},
            f"{axis}2": {"field": "high"},
        },
    }
    if "layer" in spec:
        return {**spec, "layer": [ref, *spec["layer"]]}
    body = {k: v for k, v in spec.items() if k in ("mark", "encoding")}
    rest = {k: v for k, v in spec.items() if k not in ("mark", "encoding")}
    return {**rest, "layer": [ref, body]}
