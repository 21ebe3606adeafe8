"""One shape for every analysis result: tables, chart specifications, notes, and metadata.

Every analysis (scorecard, pay equity, transparency, structure, retention, forecast…) returns
a :class:`Report`, so the CLI renders them all the same way (rich tables or ``--json``), the
web pages show the same tables and charts, and the PDF report reuses the very same chart
definitions (:mod:`multitrack.analytics.charts`, Vega-Lite).

JSON shape (``Report.to_dict()``)::

    {"kind": "scorecard", "title": "...", "meta": {...}, "notes": [...], "warnings": [...],
     "tables": {"pay": {"title": "...", "note": "...", "columns": [...], "formats": {...},
                        "rows": [{...}, ...]}, ...},
     "charts": [{"$schema": ".../vega-lite/v5.json", "name": "...", ...}, ...]}
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

__all__ = ["FORMATS", "Report", "Table", "jsonable"]

# How a column is shown to people; JSON always carries the raw number.
FORMATS = ("int", "float", "float3", "pct", "money", "pvalue", "ratio", "text")


@dataclass(frozen=True)
class Table:
    """A titled frame plus display hints (``formats``: column -> one of :data:`FORMATS`)."""

    key: str
    title: str
    frame: pl.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        bad = {c: f for c, f in self.formats.items() if f not in FORMATS}
        if bad:
            raise ValueError(f"table '{self.key}': unknown formats {bad}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "note": self.note,
            "columns": list(self.frame.columns),
            "formats": dict(self.formats),
            "rows": [jsonable(r) for r in self.frame.to_dicts()],
        }


@dataclass(frozen=True)
class Report:
    """The result of one analysis, ready for the terminal, JSON, the web and the PDF."""

    kind: str
    title: str
    tables: Sequence[Table] = ()
    charts: Sequence[Mapping[str, Any]] = ()
    notes: Sequence[str] = ()
    warnings: Sequence[str] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)

    def chart(self, name: str) -> Mapping[str, Any]:
        for c in self.charts:
            if c.get("name") == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "meta": jsonable(dict(self.meta)),
            "notes": list(self.notes),
            "warnings": list(self.warnings),
            "tables": {t.key: t.to_dict() for t in self.tables},
            "charts": [jsonable(dict(c)) for c in self.charts],
        }


def jsonable(value: Any) -> Any:
    """Plain JSON values: dates as ISO text, NaN and infinities as null, tuples as lists."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, pl.Series):
        return [jsonable(v) for v in value.to_list()]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return jsonable(value.item())
    return value
