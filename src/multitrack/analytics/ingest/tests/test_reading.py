"""Reading files: encodings, CSV structure, XLSX cells, sizes; each failure named, no traceback."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import openpyxl
import pytest

from multitrack.analytics.ingest import ingest
from multitrack.analytics.ingest.tests.helpers import (
    AS_OF,
    PEOPLE_HEADER,
    PEOPLE_ROWS,
    only,
    starter,
)

NAMES = "Employee ID,Name,Level\nE1,Zoë Ångström,specialist/B3\nE2,François Müller,specialist/B4\n"


def read(data: bytes, **kw):
    return ingest("people", data, starter(), as_of=AS_OF, **kw)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NAMES.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + NAMES.encode("utf-8"), "UTF-8 with BOM"),
        (codecs.BOM_UTF16_LE + NAMES.encode("utf-16-le"), "UTF-16 (BOM)"),
        (codecs.BOM_UTF16_BE + NAMES.encode("utf-16-be"), "UTF-16 (BOM)"),
        (NAMES.encode("cp1252"), "cp1252"),
        (NAMES.replace("\n", "\r\n").encode("utf-8"), "UTF-8"),
    ],
)
def test_encodings_are_detected(data, encoding):
    result = read(data)
    assert result.ok, result.problems
    assert result.encoding == encoding
    assert result.frames["people"]["name"].to_list() == ["Zoë Ångström", "François Müller"]
    assert result.columns["person_id"] == "Employee ID"  # the BOM is not part of the header


def test_mixed_encodings_name_the_first_bad_line():
    data = "Employee ID,Name,Level\nE1,Zoë,specialist/B3\n".encode() + (
        "E2,François,specialist/B4\n".encode("cp1252")
    )
    result = read(data)
    (problem,) = result.problems
    assert problem.row == 3
    assert "mixes encodings" in problem.reason and "line 3" in problem.reason
    assert "line 2 is UTF-8" in problem.reason
    assert result.frames["people"].height == 0


def test_utf16_bom_with_damaged_tail():
    data = codecs.BOM_UTF16_LE + NAMES.encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    (problem,) = read(data).problems
    assert problem.row == 4 and "UTF-16 (BOM)" in problem.reason


def test_binary_file_is_refused():
    (problem,) = read(b"Employee ID\nE1\x00\x01\x02garbage\x00\n").problems
    assert problem.row == 2 and "binary data" in problem.reason


def test_empty_file_and_header_only():
    assert [p.reason for p in read(b"").problems] == ["the file is empty"]
    assert [p.reason for p in read(b"  \n\n").problems] == ["the file is empty"]
    (problem,) = read(PEOPLE_HEADER.encode() + b"\n").problems
    assert (problem.row, problem.reason) == (1, "the file has a header but no data rows")


def test_file_ending_mid_row_names_the_line_of_the_open_quote():
    data = (
        PEOPLE_HEADER + "\n" + "\n".join(PEOPLE_ROWS[:2]) + '\nE3,"Cy Cee,specialist,B5'
    ).encode()
    result = read(data)
    problem = only(result, row=4)
    assert "quoted field opened on line 4 is never closed" in problem.reason
    assert result.frames["people"]["person_id"].to_list() == ["E1", "E2"]  # the rest is sound
    assert result.rejected["row"].to_list() == [4]


def test_truncated_last_row_says_so():
    data = (PEOPLE_HEADER + "\n" + PEOPLE_ROWS[0] + "\nE2,Bob,spec").encode()
    problem = only(read(data), row=3)
    assert problem.reason == (
        "this row has 3 fields but the header has 9 (the file ends here without a line end: "
        "is it truncated?)"
    )


def test_broken_rows_wrong_field_count_and_bad_quoting():
    data = (
        f"{PEOPLE_HEADER}\n{PEOPLE_ROWS[0]}\nE2,Bob\n{PEOPLE_ROWS[2]},extra\n"
        'E5,Ed "the Boss" Eck,specialist,B3,,2020-01-01,1,EUR,1\n'
        'E6,"Fi" Fox,specialist,B3,,2020-01-01,1,EUR,1\n'
    ).encode()
    result = read(data)
    assert only(result, row=3).reason == "this row has 2 fields but the header has 9"
    assert only(result, row=4).reason == "this row has 10 fields but the header has 9"
    assert "quote" in only(result, row=5).reason
    assert "broken quoting" in only(result, row=6).reason
    assert result.frames["people"]["person_id"].to_list() == ["E1"]
    rejected = result.rejected
    assert rejected["row"].to_list() == [3, 4, 5, 6]
    assert rejected.filter(rejected["row"] == 3)["Name"].to_list() == ["Bob"]


def test_quoted_fields_may_span_lines_and_rows_keep_their_file_line():
    data = b'Employee ID,Name,Level\nE1,"Ann\nAmes",specialist/B3\nE2,Bob,specialist/B9\n'
    result = read(data)
    assert only(result, row=4, column="Level")  # the second record starts on line 4
    assert result.frames["people"]["name"].to_list() == ["Ann\nAmes"]


def test_ten_megabyte_field_is_refused_quickly():
    big = "x" * 10_000_000
    data = f"Employee ID,Name,Level\nE1,{big},specialist/B3\nE2,Bob,specialist/B3\n".encode()
    result = read(data)
    problem = only(result, row=2)
    assert problem.reason.startswith("field 2 holds 10.0 MB; fields over 1.0 MB are refused")
    assert result.frames["people"]["person_id"].to_list() == ["E2"]
    quoted = f'Employee ID,Name,Level\nE1,"{big}\n{big}",specialist/B3\n'.encode()
    assert "refused" in only(read(quoted), row=2).reason


def test_semicolon_and_tab_delimiters_are_sniffed():
    for sep in (";", "\t", "|"):
        text = NAMES.replace(",", sep).replace("Zoë Ångström", '"Zoë;, Ångström"')
        result = read(text.encode())
        assert result.ok, (sep, result.problems)
        assert result.frames["people"]["name"][0] == "Zoë;, Ångström"


def test_missing_file_and_folder(tmp_path):
    (problem,) = ingest("people", tmp_path / "nope.csv", starter()).problems
    assert problem.reason.endswith("nope.csv: no such file")
    (problem,) = ingest("people", str(tmp_path), starter()).problems
    assert "is a folder" in problem.reason


def _xlsx(rows, title="Sheet1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_values_read_like_csv():
    data = _xlsx(
        [
            ["Employee ID", "Name", "Level", "Hire Date", "Annual Salary", "FTE"],
            [1001, "Ann", "specialist/B3", dt.datetime(2020, 1, 5), 50000.0, 1],
            [1002, "Bob", "specialist/B4", dt.date(2021, 2, 3), 61000.5, 0.8],
            [None, None, None, None, None, None],
        ]
    )
    result = read(data)
    assert result.ok, result.problems
    assert result.encoding == "XLSX"
    frame = result.frames["people"]
    assert frame["person_id"].to_list() == ["1001", "1002"]
    assert frame["hire_date"].to_list() == [dt.date(2020, 1, 5), dt.date(2021, 2, 3)]
    assert frame["pay_annual_fte"].to_list() == [50000.0, 61000.5 / 0.8]


def test_xlsx_formula_cell_is_refused_and_named():
    rows = [["Employee ID", "Name", "Level", "Annual Salary"]]
    rows += [[f"E{i}", "x", "specialist/B3", 50000] for i in range(1, 6)]
    rows.append(["E6", "y", "specialist/B3", "=D2*2"])
    result = read(_xlsx(rows, title="People"))
    problem = only(result, row=7)
    assert problem.column == "Annual Salary" and problem.value == "=D2*2"
    assert problem.reason == "cell People!D7 holds a formula; export values, not formulas"
    assert result.frames["people"].height == 5
    assert result.rejected["row"].to_list() == [7]


def test_xlsx_named_sheet_and_damaged_workbook():
    data = _xlsx([["Employee ID", "Level"], ["E1", "specialist/B3"]], title="Staff")
    from multitrack.analytics.ingest import ColumnMapping

    (problem,) = read(data, mapping=ColumnMapping(sheet="People")).problems
    assert problem.reason == "the workbook has no sheet 'People'; its sheets: Staff"
    assert read(data, mapping=ColumnMapping(sheet="Staff")).ok
    (problem,) = read(data[: len(data) // 2]).problems
    assert problem.reason.startswith("not a readable XLSX workbook")


def test_old_xls_is_refused_with_advice():
    (problem,) = read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100).problems
    assert ".xls" in problem.reason and "xlsx" in problem.reason
