"""Open what the caller gave (a path or bytes) and read it as CSV or XLSX into a :class:`Table`."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from multitrack.analytics.ingest.csvfast import read_csv_fast
from multitrack.analytics.ingest.csvscan import read_csv_text
from multitrack.analytics.ingest.decode import DecodeError, decode
from multitrack.analytics.ingest.mapping import ColumnMapping
from multitrack.analytics.ingest.result import problem_frame
from multitrack.analytics.ingest.table import Table
from multitrack.analytics.ingest.xlsx import XLSX_MAGIC, read_xlsx

__all__ = ["read_source"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an encrypted workbook


def _failed(reason: str, row: int = 0, encoding: str | None = None) -> Table:
    table = Table(headers=[], data=pl.DataFrame(schema={"row": pl.Int64}), encoding=encoding)
    table.problems.append(problem_frame([row], None, None, reason))
    return table


def _bytes(source: str | Path | bytes) -> bytes | str:
    """The file's bytes, or a text saying why they cannot be had."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return f"{path}: no such file"
    except IsADirectoryError:
        return f"{path}: is a folder, not a file"
    except OSError as exc:
        return f"{path}: cannot be read ({exc.strerror or exc})"


def read_source(source: str | Path | bytes, mapping: ColumnMapping) -> Table:
    """Read a CSV or XLSX file (told apart by content, not by name)."""
    data = _bytes(source)
    if isinstance(data, str):
        return _failed(data)
    if data.isspace() or not data:
        return _failed("the file is empty")
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data, mapping.sheet, mapping.max_field_bytes)
    if data.startswith(_OLE_MAGIC):
        return _failed(
            "this is an old binary Excel (.xls) or an encrypted workbook: save it as .xlsx "
            "(not password-protected) or as CSV"
        )
    try:
        decoded = decode(data, mapping.encoding)
    except DecodeError as exc:
        return _failed(exc.reason, row=exc.line)
    options = {
        "delimiter": mapping.delimiter,
        "header_row": mapping.header_row,
        "max_field_bytes": mapping.max_field_bytes,
    }
    table = read_csv_fast(decoded.as_utf8(), **options)
    if table is None:  # something is wrong somewhere: the careful scan finds and names it
        table = read_csv_text(decoded.text, decoded.utf8, **options)
    table.encoding = decoded.encoding
    return table
