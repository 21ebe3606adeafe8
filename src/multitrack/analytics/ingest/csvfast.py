"""The quick path for sound CSV files: a few whole-file checks on the bytes, then one polars read.

Most exports are sound, and proving it needs no per-line Python: the quotes are found with
one numpy comparison and checked against RFC 4180 by their neighbours (an opening quote
follows a delimiter, a line end, the start of the file or a doubled quote; a closing quote
precedes a delimiter, a line end, the end of the file or a doubled quote); the delimiters,
quotes and line ends are kept in order by one ``bytes.translate`` and counted per record
(quote parity says which are structural); field sizes are bounded from the values read.
When every check holds, the careful scan (:mod:`.csvscan`) would find no problem and hand
the same bytes to the same polars call, so the result is the same table. When any check
fails, :func:`read_csv_fast` returns None and the careful scan finds and names the problem.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from multitrack.analytics.ingest.csvscan import header_names, parse_values, sniff_delimiter
from multitrack.analytics.ingest.table import MAX_FIELD_BYTES, Table

__all__ = ["read_csv_fast"]

_QUOTE, _LF, _CR = ord('"'), ord("\n"), ord("\r")


def read_csv_fast(
    data: bytes,
    *,
    delimiter: str | None = None,
    header_row: int | None = None,
    max_field_bytes: int = MAX_FIELD_BYTES,
) -> Table | None:
    """The table of UTF-8 CSV ``data`` when it is provably sound, else None."""
    if header_row not in (None, 1):
        return None
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).removesuffix(b"\r")
    if first.count(b'"') % 2 or len(first) > max_field_bytes:
        return None  # a header spanning lines, or too large: let the careful scan say
    header = first.decode("utf-8")
    sep = delimiter or sniff_delimiter(header)
    if not header.strip() or len(sep.encode("utf-8")) != 1 or sep in '"\r\n':
        return None
    headers = header_names(header, sep)
    if len(headers) < 2 or not _line_ends_sound(data):
        return None
    arr = np.frombuffer(data, np.uint8)
    if b'"' in data and not _quotes_sound(arr, ord(sep)):
        return None
    rows = _record_rows(data, ord(sep), len(headers))
    if rows is None:
        return None
    values = parse_values(data, sep, len(rows), len(headers))
    if isinstance(values, str) or not _small_fields(values, max_field_bytes):
        return None
    return Table(headers=headers, data=pl.DataFrame([rows, *values.get_columns()]))


def _line_ends_sound(data: bytes) -> bool:
    """Every CR is part of a CRLF (a bare CR makes the careful scan rewrite line ends)."""
    return b"\r" not in data or data.count(b"\r") == data.count(b"\r\n")


def _quotes_sound(arr: np.ndarray, sep: int) -> bool:
    """Every quote opens or closes a quoted field where RFC 4180 allows it."""
    q = _positions(arr, _QUOTE)
    if len(q) % 2:
        return False  # the file ends inside a quote
    opening, closing = q[0::2], q[1::2]
    before = arr[np.maximum(opening - 1, 0)]
    ok = (opening == 0) | (before == sep) | (before == _LF) | (before == _QUOTE)
    if not ok.all():
        return False
    at_end = closing + 1 >= len(arr)
    after = arr[np.minimum(closing + 1, len(arr) - 1)]
    ok = at_end | (after == sep) | (after == _LF) | (after == _CR) | (after == _QUOTE)
    return bool(ok.all())


def _positions(arr: np.ndarray, byte: int, block: int = 1 << 20) -> np.ndarray:
    """Where ``byte`` occurs, found a block at a time (one small reused mask instead of a
    mask the size of the file)."""
    mask, found = np.empty(min(block, len(arr)), dtype=bool), []
    for start in range(0, len(arr), block):
        part = arr[start : start + block]
        np.equal(part, byte, out=mask[: len(part)])
        found.append(np.flatnonzero(mask[: len(part)]) + start)
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _record_rows(data: bytes, sep: int, n: int) -> pl.Series | None:
    """The file line of each data record when every record has ``n`` fields, else None."""
    keep = bytes((sep, _LF, _QUOTE))
    marks = data.translate(None, bytes(b for b in range(256) if b not in keep))
    ends = data.endswith(b"\n")
    if b'"' in marks:
        quotes = np.flatnonzero(np.frombuffer(marks, np.uint8) == _QUOTE)
        if (quotes[1::2] - quotes[0::2] > 1).any():  # a delimiter or line end inside quotes
            return _quoted_record_rows(marks, sep, n, ends, b"\r" in data)
        marks = marks.replace(b'"', b"")
    lines = marks.count(b"\n")  # the marks of a sound file are now one fixed pattern
    records = lines + (not ends)
    unit = bytes([sep]) * (n - 1)
    if records < 2 or marks != (unit + b"\n") * lines + (b"" if ends else unit):
        return None
    return pl.int_range(2, records + 1, eager=True, dtype=pl.Int64).alias("row")


def _quoted_record_rows(marks: bytes, sep: int, n: int, ends: bool, crlf: bool) -> pl.Series | None:
    """:func:`_record_rows` when quoted fields hold delimiters or line ends: quote parity
    (a running XOR) tells the structural marks from the quoted ones."""
    k = np.frombuffer(marks, np.uint8)
    inside = np.bitwise_xor.accumulate((k == _QUOTE).view(np.uint8)).view(bool)
    newline = k == _LF
    at = np.flatnonzero(newline & ~inside)  # a quote toggles `inside` on itself, a LF not
    starts = np.concatenate([[0], at[:-1] + 1] if ends else [[0], at + 1])
    if len(starts) < 2 or (not ends and starts[-1] >= len(k)):
        return None
    counts = np.add.reduceat((k == sep) & ~inside, starts, dtype=np.int64)
    if not (counts == n - 1).all():
        return None
    if newline.sum() == len(at):  # no line end inside a quoted field: one record a line
        return pl.int_range(2, len(starts) + 1, eager=True, dtype=pl.Int64).alias("row")
    if crlf:
        return None  # CRLF inside a quoted field: the careful scan says how it reads
    line = np.cumsum(newline, dtype=np.int64)[at[: len(starts) - 1]] + 1
    return pl.Series("row", line, dtype=pl.Int64)


def _small_fields(values: pl.DataFrame, limit: int) -> bool:
    """No record can exceed ``limit`` bytes: a bound from the longest value of each column
    (each written at worst quoted, with every character a doubled quote)."""
    longest = values.select(pl.all().str.len_bytes().max().fill_null(0)).row(0)
    return sum(2 * m + 3 for m in longest) <= limit
