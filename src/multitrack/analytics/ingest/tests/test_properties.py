"""Properties: ingest never raises, only reports; the CSV reader agrees with Python's csv;
cycle detection agrees with networkx."""

from __future__ import annotations

import csv
import io

import networkx as nx
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multitrack.analytics.ingest import ingest
from multitrack.analytics.ingest.csvscan import read_csv_text
from multitrack.analytics.ingest.fields import KINDS
from multitrack.analytics.ingest.hierarchy import find_cycles
from multitrack.analytics.ingest.tests.helpers import AS_OF, PEOPLE_HEADER, starter

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _never_raises(kind: str, data: bytes) -> None:
    result = ingest(kind, data, starter(), as_of=AS_OF, known_people={"E1"})
    assert isinstance(result.ok, bool)
    assert all(p.row >= 0 and p.reason for p in result.problems)
    assert not any("internal error" in p.reason for p in result.problems), result.problems
    if not result.ok:
        assert result.valid_rows.height + result.rejected.height >= 0


@FAST
@given(st.sampled_from(KINDS), st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(kind, data):
    _never_raises(kind, data)


_cell = st.text(alphabet=st.sampled_from(list('ab,;"\n\r\t é\x00=1-/')), max_size=8)


@FAST
@given(st.sampled_from(KINDS), st.lists(st.lists(_cell, max_size=6), max_size=6))
def test_arbitrary_csv_text_never_raises(kind, rows):
    text = "\n".join(",".join(r) for r in rows)
    _never_raises(kind, text.encode("utf-8", "replace"))
    _never_raises(kind, (PEOPLE_HEADER + "\n" + text).encode("utf-8", "replace"))


_people_cell = st.one_of(
    st.sampled_from(["", "E1", "E2", "specialist", "B3", "2020-01-01", "-5", "1e9", "NA", "x"]),
    st.text(max_size=6),
)


@FAST
@given(st.lists(st.lists(_people_cell, min_size=9, max_size=9), min_size=1, max_size=8))
def test_people_rows_of_any_content_never_raise(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([PEOPLE_HEADER.split(","), *rows])
    _never_raises("people", out.getvalue().encode())


_field = st.text(alphabet=st.sampled_from(list('ab ,"\n;é')), max_size=6)


@FAST
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.lists(st.lists(_field, min_size=n, max_size=n), min_size=1, max_size=6)
    )
)
def test_reader_agrees_with_python_csv(rows):
    header = [f"h{i}" for i in range(len(rows[0]))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows([header, *rows])
    table = read_csv_text(out.getvalue(), delimiter=",")
    # an empty field reads as null, except a row of one empty field, which csv writes as ""
    expected = [tuple(v if v != "" or r == [""] else None for v in r) for r in rows]
    assert [tuple(r[1:]) for r in table.data.rows()] == expected
    assert all(p.height == 0 for p in table.problems)


@FAST
@given(st.lists(st.integers(0, 30), min_size=1, max_size=30))
def test_cycles_agree_with_networkx(parents):
    ids = [f"p{i}" for i in range(len(parents))]
    managers = [f"p{m}" if m < len(parents) else None for m in parents]
    got = {frozenset(c) for c in find_cycles(pl.Series(ids), pl.Series(managers, dtype=pl.String))}
    graph = nx.DiGraph((p, m) for p, m in zip(ids, managers, strict=True) if m and m != p)
    assert got == {frozenset(c) for c in nx.simple_cycles(graph)}
