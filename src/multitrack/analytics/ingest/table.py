"""A file as read: its headers, its rows as strings with their file lines, and what broke.

Readers (:mod:`.csvscan`, :mod:`.xlsx`) produce a :class:`Table`; everything after that works
on the same shape whatever the file format was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

__all__ = ["MAX_FIELD_BYTES", "Table", "column_names", "split_record"]

# An HR field is a name, an id or a number; a field this large is a broken or hostile file.
MAX_FIELD_BYTES = 1_048_576


def column_names(n: int) -> list[str]:
    """Internal names of the file's columns, by position (headers may repeat or be empty)."""
    return [f"c{i}" for i in range(n)]


@dataclass
class Table:
    """``data`` has ``row`` (the 1-based file line of the record) and ``c0…`` as strings."""

    headers: list[str]
    data: pl.DataFrame
    problems: list[pl.DataFrame] = field(default_factory=list)
    broken: pl.DataFrame | None = None  # records refused while reading: row, reason, c0…
    encoding: str | None = None

    @property
    def cols(self) -> list[str]:
        return column_names(len(self.headers))

    def raw(self, data: pl.DataFrame) -> pl.DataFrame:
        """``data`` under the file's own headers (for valid-row and reject files)."""
        names = _unique(self.headers)
        return data.select(
            pl.col("row"), *(pl.col(c).alias(h) for c, h in zip(self.cols, names, strict=True))
        )


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        name = h if h not in ("row", "reason") else f"{h} (file)"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


def split_record(record: str, sep: str) -> list[str]:
    """Fields of one CSV record, quotes removed; tolerant of broken quoting.

    Used only for the few records refused while reading (to show them in the rejects file
    and to find an oversized field), so a plain loop over fields is fine.
    """
    out: list[str] = []
    i, n = 0, len(record)
    while True:
        if i < n and record[i] == '"':
            close = _closing_quote(record, i + 1)
            end = record.find(sep, close + 1) if close < n else -1
            value = record[i + 1 : close].replace('""', '"') + (
                record[close + 1 : end] if end >= 0 else record[close + 1 :]
            )
        else:
            end = record.find(sep, i)
            value = record[i:end] if end >= 0 else record[i:]
        out.append(value)
        if end < 0:
            return out
        i = end + 1


def _closing_quote(record: str, start: int) -> int:
    j = start
    while True:
        k = record.find('"', j)
        if k < 0:
            return len(record)
        if record.startswith('""', k):
            j = k + 2
            continue
        return k
