"""The quick CSV path agrees with the careful scan: the same table when it vouches for a file,
and it steps aside (None) whenever the careful scan would report anything; the whole import
gives the same problems, frames and rejects either way. Also: hash-based id matching agrees
with an exact join, even when every hash collides."""

from __future__ import annotations

import csv
import io
from unittest import mock

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multitrack.analytics.ingest import checks, hashindex, ingest, source
from multitrack.analytics.ingest.csvfast import read_csv_fast
from multitrack.analytics.ingest.csvscan import read_csv_text
from multitrack.analytics.ingest.hierarchy import _joined, positions
from multitrack.analytics.ingest.tests.helpers import AS_OF, PEOPLE_HEADER, PEOPLE_ROWS, starter
from multitrack.analytics.ingest.values import _parse_date, per_distinct, value_key

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def careful(data: bytes, **kw):
    return read_csv_text(data.decode("utf-8"), data, **kw)


def assert_same(data: bytes, **kw) -> bool:
    """If the quick path reads ``data``, the careful scan finds nothing and reads the same."""
    quick = read_csv_fast(data, **kw)
    slow = careful(data, **kw)
    if quick is None:
        return False
    assert all(p.height == 0 for p in slow.problems), slow.problems
    assert slow.broken is None or slow.broken.height == 0
    assert quick.headers == slow.headers
    assert quick.data.equals(slow.data), (quick.data, slow.data)
    return True


SOUND = {
    "plain": b"a,b,c\n1,2,3\n4,5,6\n",
    "quoted empties": b'a,b,c\n1,"",3\n"",5,""\n',
    "quoted delimiter": b'a,b,c\n1,"x,y",3\n4,"",6\n',
    "quoted line end": b'a,b,c\n1,"x\ny\nz",3\n4,5,6\n',
    "doubled quotes": b'a,b,c\n1,"say ""hi""",3\n"""",5,""""""\n',
    "crlf": b"a,b,c\r\n1,2,3\r\n4,5,6\r\n",
    "crlf quoted": b'a,b,c\r\n1,"x,y",3\r\n4,"",6\r\n',
    "no final line end": b"a,b,c\n1,2,3\n4,5,6",
    "quoted last field at the end": b'a,b,c\n1,2,"3"',
    "semicolon": b"a;b;c\n1;2,5;3\n",
    "quoted header": b'"a","b,c",d\n1,2,3\n',
    "utf-8": "a,b\nZoë,Ångström\n".encode(),
    "empty header name": b"a,,c\n1,2,3\n",
}


@pytest.mark.parametrize("name", SOUND)
def test_sound_files_take_the_quick_path_and_read_the_same(name):
    assert assert_same(SOUND[name]), f"{name}: the quick path stepped aside"


FAULTY = {
    "unclosed quote": b'a,b,c\n1,"x,3\n4,5,6\n',
    "quote inside a field": b'a,b,c\n1,x"y,3\n',
    "text after a closing quote": b'a,b,c\n1,"x"y,3\n',
    "space before a quote": b'a,b,c\n1, "x",3\n',
    "too many fields": b"a,b,c\n1,2,3,4\n",
    "too few fields": b"a,b,c\n1,2\n4,5,6\n",
    "too few and too many": b"a,b,c\n1,2\n4,5,6,7\n",
    "blank line": b"a,b,c\n1,2,3\n\n4,5,6\n",
    "whitespace line": b"a,b,c\n1,2,3\n  \n",
    "bare CR": b"a,b,c\r1,2,3\r",
    "header only": b"a,b,c\n",
    "blank first line": b"\na,b,c\n1,2,3\n",
    "one column": b"a\n1\n\n2\n",
    "CRLF inside a quoted field": b'a,b,c\r\n1,"x\r\ny",3\r\n',
    "header spanning lines": b'a,"b\nc",d\n1,2,3\n',
    "oversized field": b"a,b\n1," + b"x" * 2000 + b"\n",
}


@pytest.mark.parametrize("name", FAULTY)
def test_the_quick_path_steps_aside_for_every_fault(name):
    assert read_csv_fast(FAULTY[name], max_field_bytes=1000) is None


def test_options_the_quick_path_leaves_to_the_careful_scan():
    assert read_csv_fast(SOUND["plain"], header_row=2) is None
    assert read_csv_fast(SOUND["plain"], delimiter="ab") is None
    assert assert_same(SOUND["semicolon"], delimiter=";")


# ---------------------------------------------------------------- generated files + faults

_char = st.sampled_from(list('ab ,;"\n\ré1-'))
_FAULTS = ('"', ",", "\n", "\r", " ", "", "\r\n")


@st.composite
def csv_files(draw) -> bytes:
    """A CSV written by Python's csv module, then maybe damaged at one or two places."""
    n = draw(st.integers(2, 4))
    field = st.text(_char, max_size=5)
    rows = draw(st.lists(st.lists(field, min_size=n, max_size=n), min_size=1, max_size=5))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    out = io.StringIO()
    end = draw(st.sampled_from(["\n", "\r\n"]))
    csv.writer(out, lineterminator=end, quoting=quoting).writerows([list("hijk")[:n], *rows])
    text = out.getvalue()
    if draw(st.booleans()):
        text = text.removesuffix(end)
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 1))
        text = text[:at] + draw(st.sampled_from(_FAULTS)) + text[at + cut :]
    return text.encode("utf-8")


@SETTINGS
@given(csv_files())
def test_quick_path_agrees_with_the_careful_scan_on_generated_files(data):
    assert_same(data)


def _ingest_both(data: bytes):
    quick = ingest("people", data, starter(), as_of=AS_OF, known_people={"E9"})
    with mock.patch.object(source, "read_csv_fast", lambda *a, **k: None):
        slow = ingest("people", data, starter(), as_of=AS_OF, known_people={"E9"})
    return quick, slow


_VALUES = {
    "Employee ID": ["E1", "E2", "E3", "E2", "", "E 4"],
    "Name": ["Ann", "Bob, Jr", 'say "hi"', "", "Zoë\nline"],
    "Track": ["specialist", "management", "specialst", ""],
    "Band": ["B3", "B5", "B44", ""],
    "Manager ID": ["", "E1", "E2", "E3", "E7", "E9"],
    "Hire Date": ["2020-01-01", "2020-13-01", "", "2019-06-30"],
    "Annual Salary": ["85000", "-5", "lots", "85,000.00", ""],
    "Currency": ["EUR", "GBP", "eu", ""],
    "FTE": ["1", "0.5", "2", "Full time", ""],
}


@st.composite
def people_files(draw) -> bytes:
    headers = PEOPLE_HEADER.split(",")
    rows = draw(
        st.lists(st.tuples(*(st.sampled_from(_VALUES[h]) for h in headers)), min_size=1, max_size=8)
    )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([headers, *rows])
    text = out.getvalue()
    if draw(st.booleans()):  # a structural fault somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_FAULTS)) + text[at:]
    return text.encode("utf-8")


@SETTINGS
@given(people_files())
def test_import_gives_the_same_problems_frames_and_rejects_either_way(data):
    quick, slow = _ingest_both(data)
    assert quick.problems == slow.problems
    for name, frame in slow.frames.items():
        assert quick.frames[name].equals(frame), name
    assert quick.valid_rows.equals(slow.valid_rows)
    assert quick.rejected.equals(slow.rejected)


def test_the_benchmark_shape_takes_the_quick_path_with_the_same_result():
    rows = [*PEOPLE_ROWS, 'E5,"",specialst,B3,"",2020-13-01,-1,EUR,1']
    data = (PEOPLE_HEADER + "\n" + "\n".join(rows) + "\n").encode()
    assert read_csv_fast(data) is not None
    quick, slow = _ingest_both(data)
    assert quick.problems == slow.problems
    assert {p.column for p in quick.problems} == {"Track", "Hire Date", "Annual Salary"}


# ---------------------------------------------------------------- ids matched on hashes

_ids = st.lists(st.sampled_from(["a", "b", "c", "d", "e", None]), max_size=12)


@SETTINGS
@given(_ids, _ids)
def test_hash_positions_agree_with_an_exact_join(people, managers):
    person = pl.Series(people, dtype=pl.String)
    manager = pl.Series((managers + [None] * len(people))[: len(people)], dtype=pl.String)
    got, first = positions(person, manager)
    want, want_first = _joined(person, manager)
    assert got.tolist() == want.tolist()
    assert first.tolist() == want_first.tolist()


def _colliding(values: pl.Series):
    """Every value hashes alike: the worst case for the hash paths."""
    return pl.Series(range(len(values))).to_numpy(), pl.Series([0] * len(values)).to_numpy()


def test_hash_collisions_fall_back_to_the_exact_answer():
    person = pl.Series(["a", "b", "c", "b", None])
    manager = pl.Series([None, "a", "b", "z", "c"])
    with mock.patch.object(hashindex, "_sorted", _colliding):
        got = positions(person, manager)
    want = _joined(person, manager)
    assert got[0].tolist() == want[0].tolist() == [-1, 0, 1, -1, 2]
    assert got[1].tolist() == want[1].tolist()


def test_duplicates_are_exact_whatever_the_hash_prefilter_lets_through():
    rows = [PEOPLE_ROWS[0], PEOPLE_ROWS[1], PEOPLE_ROWS[2], PEOPLE_ROWS[1]]
    data = (PEOPLE_HEADER + "\n" + "\n".join(rows) + "\n").encode()
    result = ingest("people", data, starter(), as_of=AS_OF)
    every_row = lambda values: pl.Series([True] * len(values))  # noqa: E731 - all "collide"
    with mock.patch.object(checks, "repeated_rows", every_row):
        colliding = ingest("people", data, starter(), as_of=AS_OF)
    assert result.problems == colliding.problems
    dup = [(p.row, p.reason) for p in result.problems if p.reason.startswith("duplicate")]
    assert dup == [(3, "duplicate person id: rows 3, 5"), (5, "duplicate person id: rows 3, 5")]
    assert hashindex.repeated_rows(pl.Series(["x", "y", "z"])) is None
    assert hashindex.repeated_rows(pl.Series(["x", "y", "x"])).to_list() == [True, False, True]


# ---------------------------------------------------------------- values parsed once per distinct


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["2020-01-31", "31.01.2020", " x ", "", None]), min_size=1),
    st.integers(1_000, 30_000),
)
def test_per_distinct_is_fn_of_every_cell(pool, n):
    values = pl.Series("v", [pool[i % len(pool)] for i in range(n)], dtype=pl.String)
    for fn, dtype in ((value_key, pl.String()), (lambda v: _parse_date(v, "%Y-%m-%d"), pl.Date())):
        assert per_distinct(values, fn, dtype).equals(fn(values).cast(dtype).alias("v"))


@SETTINGS
@given(
    st.lists(st.integers(0, 30), max_size=20),
    st.lists(st.integers(0, 30), max_size=8),
    st.booleans(),
)
def test_among_is_is_in(rows, wanted, ordered):
    rows = sorted(set(rows)) if ordered else rows
    got = checks.among(pl.Series(rows, dtype=pl.Int64), pl.Series(wanted, dtype=pl.Int64))
    assert got.to_list() == [r in wanted for r in rows]
