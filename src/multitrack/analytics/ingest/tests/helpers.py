"""Test helpers: the starter framework, CSV text from rows, problem lookup."""

from __future__ import annotations

import datetime as dt
from functools import cache

from multitrack.analytics.ingest import IngestResult, RowProblem, ingest
from multitrack.core import Framework, load
from multitrack.core.templates import __file__ as _templates

AS_OF = dt.date(2024, 6, 30)
PEOPLE_HEADER = "Employee ID,Name,Track,Band,Manager ID,Hire Date,Annual Salary,Currency,FTE"
PEOPLE_ROWS = [
    "E1,Ann Ames,management,B6,,2015-03-01,150000,EUR,1",
    "E2,Bob Bee,specialist,B4,E1,2018-01-15,80000,EUR,0.8",
    "E3,Cy Cee,specialist,B5,E1,2019-06-01,95000,EUR,1",
    "E4,Di Dee,programme,B5,E1,2020-09-01,97000,EUR,1",
]


@cache
def starter() -> Framework:
    from pathlib import Path

    return load(Path(_templates).parent / "starter.yaml")


def csv(header: str, *rows: str, end: str = "\n") -> bytes:
    return (end.join([header, *rows]) + end).encode("utf-8")


def people(*rows: str, header: str = PEOPLE_HEADER, **kw) -> IngestResult:
    kw.setdefault("as_of", AS_OF)
    return ingest("people", csv(header, *rows), starter(), **kw)


def only(result: IngestResult, **where) -> RowProblem:
    """The single problem matching ``where`` (row=…, column=…); fails listing all otherwise."""
    hits = [p for p in result.problems if all(getattr(p, k) == v for k, v in where.items())]
    assert len(hits) == 1, f"expected one problem with {where}, got:\n" + "\n".join(
        map(str, result.problems)
    )
    return hits[0]
