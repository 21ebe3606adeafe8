"""XLSX workbooks to a :class:`Table`, streaming (openpyxl read-only mode).

Cells become the strings a CSV export would hold (dates as ISO dates, whole numbers without
``.0``). A formula is refused, naming the cell (``Sheet1!D7``): the value it showed when the
file was saved is not in the file reliably, and importing a formula's text would be wrong.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import polars as pl

from multitrack.analytics.ingest.result import problem_frame
from multitrack.analytics.ingest.table import MAX_FIELD_BYTES, Table, column_names

__all__ = ["XLSX_MAGIC", "read_xlsx"]

XLSX_MAGIC = b"PK\x03\x04"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, str):
        return value
    return str(value)


def _open_sheet(data: bytes, sheet: str | None) -> Any:
    """The worksheet to read, or a text saying why there is none."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any damage to the zip/XML means "unreadable"
        return f"not a readable XLSX workbook ({type(exc).__name__}: {exc})"
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        return f"the workbook has no sheet {sheet!r}; its sheets: {', '.join(names)}"
    ws = book[sheet] if sheet is not None else book.worksheets[0] if names else None
    if ws is None:
        return "the workbook has no sheets"
    ws.reset_dimensions()  # trust the cells, not the stored dimension
    return ws


def read_xlsx(
    data: bytes, sheet: str | None = None, max_field_bytes: int = MAX_FIELD_BYTES
) -> Table:
    """Read one sheet (``sheet``, else the first); the first non-empty row is the header."""
    ws = _open_sheet(data, sheet)
    if isinstance(ws, str):
        return _failed(ws)
    try:
        rows, bad = _cells(ws, max_field_bytes)
    except Exception as exc:  # noqa: BLE001 - malformed sheet XML surfaces while streaming
        return _failed(f"the sheet {ws.title!r} cannot be read ({type(exc).__name__}: {exc})")
    if not rows:
        return _failed("the sheet is empty (no header row)")
    (header_row, header), body = rows[0], rows[1:]
    width = max((i + 1 for i, v in enumerate(header) if v is not None), default=0)
    headers = [(v or "").strip() or f"(column {i + 1})" for i, v in enumerate(header[:width])]
    cols = column_names(width)
    problems = [
        (r, headers[c] if c < width else None, v, why) for r, c, v, why in bad if r != header_row
    ]
    records = []
    for row, values in body:
        extra = [i for i, v in enumerate(values[width:], start=width) if v is not None]
        if extra:
            problems.append((row, None, values[extra[0]], "a value beyond the last header column"))
        records.append([row, *(values[:width] + [None] * (width - len(values)))])
    schema = {"row": pl.Int64, **dict.fromkeys(cols, pl.String)}
    table = Table(headers=headers, data=pl.DataFrame(records, schema=schema, orient="row"))
    table.encoding = "XLSX"
    if problems:
        r, c, v, why = zip(*problems, strict=True)
        table.problems.append(problem_frame(list(r), None, list(v), list(why)))
        table.problems[-1] = table.problems[-1].with_columns(column=pl.Series(c, dtype=pl.String))
    return table


def _cells(ws: Any, limit: int) -> tuple[list[tuple[int, list[str | None]]], list[tuple]]:
    """Non-empty rows as (excel row, texts), and refused cells as (row, col, value, reason)."""
    from openpyxl.utils import get_column_letter

    rows, bad = [], []
    counter = 0
    for cells in ws.iter_rows():
        row = next((c.row for c in cells if getattr(c, "row", None)), counter + 1)
        counter = row
        values: list[str | None] = []
        refused = False
        for i, cell in enumerate(cells):
            text, why = _cell_text(cell, f"{ws.title}!{get_column_letter(i + 1)}{row}", limit)
            if why:
                bad.append((row, i, str(cell.value)[:200], why))
                refused = True
            values.append(text)
        if refused or any(v for v in values):
            rows.append((row, values))
    return rows, bad


def _cell_text(cell: Any, where: str, limit: int) -> tuple[str | None, str | None]:
    """The cell as text, or None and the reason it is refused."""
    if cell.data_type == "f":
        return None, f"cell {where} holds a formula; export values, not formulas"
    if cell.data_type == "e":
        return None, f"cell {where} holds an error value"
    text = _text(cell.value)
    if text is None:
        return None, None
    size = len(text.encode("utf-8", "replace"))
    if size > limit:
        return None, (
            f"cell {where} holds {size / 1e6:.1f} MB; fields over {limit / 1e6:.1f} MB are refused"
        )
    return text.strip(), None


def _failed(reason: str) -> Table:
    table = Table(headers=[], data=pl.DataFrame(schema={"row": pl.Int64}))
    table.problems.append(problem_frame([0], None, None, reason))
    table.encoding = "XLSX"
    return table
