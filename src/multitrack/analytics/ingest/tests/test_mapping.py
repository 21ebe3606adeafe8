"""Column mapping: default recognition of vendor-style headers, and the mapping file."""

from __future__ import annotations

import datetime as dt

import pytest

from multitrack.analytics.ingest import ColumnMapping, MappingError, ingest
from multitrack.analytics.ingest.tests.helpers import AS_OF, csv, only, starter

# Header sets in the style of common HRIS exports, with one person each.
VENDORS = {
    "workday": (
        "Worker ID,Legal Name,Job Family,Location,Career Track,Grade,Supervisor ID,"
        "Original Hire Date,Annual Base Pay,Currency Code,Scheduled FTE,Termination Date,"
        "Termination Reason",
        "W1,Ann Ames,engineering,core,specialist,B5,,2019-04-01,100000,EUR,1,,",
    ),
    "bamboohr": (
        "Employee #,First Name,Last Name,Work Email,Job Title,Reports To,Hire Date,"
        "Pay Rate,Pay Frequency,Standard Hours",
        "7,Ann,Ames,ann@example.org,Staff Engineer,,2019-04-01,48.08,Hourly,40",
    ),
    "successfactors": (
        "Person ID,Display Name,Job Function,Manager Employee ID,Date of Joining,Job Level,"
        "Base Salary,Salary Currency,Employment Percentage",
        "P1,Ann Ames,engineering,,01.04.2019,specialist/B5,100000,EUR,100%",
    ),
    "personio": (
        "ID,Name,Office,Department,Track,Band,Supervisor,Start Date,Monthly Salary,Weekly Hours",
        "1,Ann Ames,remote,R&D,specialist,B5,,2019-04-01,8333.33,40",
    ),
    "adp": (
        "Associate ID,Employee Name,Location Name,Career Path,Pay Grade,Reports To ID,"
        "Most Recent Hire Date,Regular Pay Rate Amount,Pay Rate Type,Working Hours",
        "A1,Ann Ames,core,specialist,B5,,2019-04-01,100000,Salary,40",
    ),
}


@pytest.mark.parametrize("vendor", sorted(VENDORS))
def test_vendor_headers_are_recognised_without_a_mapping(vendor):
    header, row = VENDORS[vendor]
    result = ingest("people", csv(header, row), starter(), as_of=AS_OF)
    assert result.ok, result.problems
    person = result.frames["people"].row(0, named=True)
    assert person["level"] == "specialist/B5"
    assert person["name"] == "Ann Ames"
    assert person["hire_date"] == dt.date(2019, 4, 1)
    assert person["pay_annual_fte"] == pytest.approx(100000, rel=1e-3)


def test_header_matching_ignores_case_and_punctuation():
    header = "EMPLOYEE_ID,employee-name,LEVEL,annual salary (EUR)"
    result = ingest("people", csv(header, "E1,Ann,specialist/B3,1"), starter(), as_of=AS_OF)
    assert result.columns["person_id"] == "EMPLOYEE_ID"
    assert result.columns["name"] == "employee-name"
    assert "base" not in result.columns  # "annualsalaryeur" is not a known header


MAPPING = """
kind: people
delimiter: ";"
decimal: ","
date_format: "%d/%m/%Y"
columns:
  person_id: Personalnummer
  name: [Anzeigename, Name]
  band: Stufe
  hire_date: {header: Eintritt, format: "%Y%m%d"}
  exit_date: Austritt
  base: Jahresgehalt
  fte: Arbeitszeit
  demo_gender: Geschlecht
values:
  track: {Fachlaufbahn: specialist, Führung: management}
  band: {S3: B3, S4: B4}
  fte: {Vollzeit: 1, Teilzeit: "0,5"}
defaults:
  currency: EUR
"""

GERMAN = (
    "Personalnummer;Anzeigename;Laufbahn;Stufe;Eintritt;Austritt;Jahresgehalt;Arbeitszeit;"
    "Geschlecht"
)


def test_a_mapping_file_maps_headers_values_formats_and_defaults(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    data = csv(
        GERMAN.replace("Laufbahn", "Track"),
        "1;Ann;Fachlaufbahn;S3;20190401;31/12/2023;60.000,50;Vollzeit;w",
        "2;Bob;Führung;S4;20200101;;90.000;Teilzeit;m",
    )
    result = ingest("people", data, starter(), mapping=path, as_of=AS_OF)
    assert result.ok, result.problems
    frame = result.frames["people"]
    assert frame["level"].to_list() == ["specialist/B3", "management/B4"]
    assert frame["hire_date"].to_list() == [dt.date(2019, 4, 1), dt.date(2020, 1, 1)]
    assert frame["exit_date"][0] == dt.date(2023, 12, 31)
    assert frame["pay_annual_fte"].to_list() == [60000.5, 180000.0]
    assert frame["demo_gender"].to_list() == ["w", "m"]


def test_value_map_wildcard():
    mapping = ColumnMapping(
        columns={"person_id": ("id",), "track": ("role",), "band": ("lvl",)},
        values={"track": {"Manager": "management", "*": "specialist"}, "band": {"5": "B5"}},
    )
    data = csv("id,role,lvl", "1,Manager,5", "2,Chemist,5")
    result = ingest("people", data, starter(), mapping=mapping)
    assert result.frames["people"]["track"].to_list() == ["management", "specialist"]


def test_mapping_naming_a_header_the_file_lacks():
    mapping = ColumnMapping(columns={"person_id": ("Worker",)})
    result = ingest("people", csv("Worker ID,Level", "1,specialist/B3"), starter(), mapping=mapping)
    problem = only(result, row=1)
    assert "the mapping puts person_id in column 'Worker'" in problem.reason
    assert "did you mean 'Worker ID'" in problem.reason


def test_mapping_file_errors_are_problems_not_tracebacks(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("colums: {}\ndecimal: ';'\nvalues: [1]\n", encoding="utf-8")
    with pytest.raises(MappingError) as err:
        ColumnMapping.load(path)
    text = str(err.value)
    assert "unknown setting 'colums' (did you mean 'columns'?)" in text
    assert "decimal: expected one of ., ," in text and "values: expected" in text
    result = ingest("people", csv("Employee ID,Level", "1,specialist/B3"), starter(), mapping=path)
    assert not result.ok and "unknown setting 'colums'" in result.problems[0].reason
    (problem,) = ingest("people", b"x", starter(), mapping=tmp_path / "none.yaml").problems
    assert "cannot read the mapping file" in problem.reason
    path.write_text("columns: [unclosed\n", encoding="utf-8")
    (problem,) = ingest("people", b"x", starter(), mapping=path).problems
    assert "not a YAML file" in problem.reason


def test_mapping_with_unknown_fields_or_for_another_kind():
    mapping = ColumnMapping.from_dict({"kind": "projects", "columns": {"hire": "Start"}})
    result = ingest(
        "people", csv("Employee ID,Level,Start", "1,specialist/B3,x"), starter(), mapping=mapping
    )
    reasons = [p.reason for p in result.problems]
    assert "the mapping is for 'projects' but this is a 'people' import" in reasons
    assert any("unknown field 'hire' for people (did you mean 'hire_date'?)" in r for r in reasons)


def test_unknown_kind():
    (problem,) = ingest("salaries", b"a\n1\n", starter()).problems
    assert problem.reason.startswith("unknown import kind 'salaries'")


def test_header_row_skips_a_title_line():
    data = b"Export of 2024-06-30\n\nEmployee ID,Level\nE1,specialist/B3\n"
    result = ingest("people", data, starter(), mapping=ColumnMapping(header_row=3))
    assert result.ok, result.problems
    assert result.frames["people"]["person_id"].to_list() == ["E1"]
