"""Foreign exports from ../shared/data import with a mapping file (fixtures in ./mappings).

Reference figures are computed here from the same files with the standard library's csv
module, independently of the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
from collections import Counter
from pathlib import Path

import pytest

from multitrack.analytics.frames import validate
from multitrack.analytics.ingest import ingest
from multitrack.core import loads

pytestmark = pytest.mark.shared_data

MAPPINGS = Path(__file__).parent / "mappings"
AS_OF = dt.date(2024, 1, 1)

IBM_FRAMEWORK = """
name: IBM fictional
currency: USD
bands: [L1, L2, L3, L4, L5]
families: [sales, rnd, hr]
tracks:
  specialist: {kind: specialist, from: L1, ceiling: L5}
  management: {kind: management, from: L2, ceiling: L5}
"""

FACULTY_FRAMEWORK = """
name: Faculty ladder
currency: USD
bands: [assistant, associate, full]
families: {theoretical: {name: Theoretical}, applied: {name: Applied}}
tracks:
  faculty: {kind: specialist, from: assistant, ceiling: full}
"""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _frames(result):
    assert result.ok, result.problems[:5]
    return {name: validate(name, frame) for name, frame in result.frames.items()}


def test_ibm_hr_attrition_imports_with_a_mapping(shared_data):
    path = shared_data / "ibm-hr-attrition" / "modeldata_attrition.csv"
    result = ingest(
        "people",
        path,
        loads(IBM_FRAMEWORK),
        mapping=MAPPINGS / "ibm-hr-attrition.yaml",
        as_of=AS_OF,
    )
    frames = _frames(result)
    people = frames["people"]
    reference = _rows(path)
    assert people.height == len(reference) == 1470
    assert Counter(people["band"]) == Counter(f"L{r['JobLevel']}" for r in reference)
    managers = {"Manager", "Research_Director", "Manufacturing_Director"}
    assert (people["track"] == "management").sum() == sum(
        r["JobRole"] in managers for r in reference
    )
    # monthly income × 12 is the annual full-time pay (everyone is full time)
    by_level = {
        lv: statistics.median(
            float(r["MonthlyIncome"]) * 12 for r in reference if r["JobLevel"] == lv
        )
        for lv in "12345"
    }
    for lv, median in by_level.items():
        got = people.filter(people["band"] == f"L{lv}")["pay_annual_fte"].median()
        assert got == pytest.approx(median)
    assert by_level["1"] == 2670 * 12  # the figure PROVENANCE.md quotes
    assert frames["pay"]["period"].unique().to_list() == ["month"]
    assert Counter(frames["events"]["value"]) == Counter(
        {"Excellent": 3.0, "Outstanding": 4.0}[r["PerformanceRating"]] for r in reference
    )
    first = people.row(0, named=True)
    assert first["hire_date"] == AS_OF - dt.timedelta(days=round(6 * 365.25))  # YearsAtCompany 6
    assert first["demo_gender"] == "Female"


def test_professor_salaries_import_onto_one_ladder(shared_data):
    path = shared_data / "professor-salaries" / "Salaries.csv"
    result = ingest(
        "people",
        path,
        loads(FACULTY_FRAMEWORK),
        mapping=MAPPINGS / "professor-salaries.yaml",
        as_of=AS_OF,
    )
    people = _frames(result)["people"]
    reference = _rows(path)
    assert people.height == 397
    ranks = {"AsstProf": "assistant", "AssocProf": "associate", "Prof": "full"}
    assert Counter(people["band"]) == Counter(ranks[r["rank"]] for r in reference)
    for rank, band in ranks.items():
        mean = statistics.fmean(float(r["salary"]) for r in reference if r["rank"] == rank)
        assert people.filter(people["band"] == band)["pay_annual_fte"].mean() == pytest.approx(mean)
    assert set(people["family"]) == {"theoretical", "applied"}
    assert Counter(people["demo_gender"]) == Counter(r["sex"] for r in reference)


def test_chinook_org_chart_keeps_its_hierarchy(shared_data):
    path = shared_data / "org-charts-networks" / "chinook_employees.csv"
    framework_path = Path(__file__).parents[3] / "core" / "templates" / "starter.yaml"
    from multitrack.core import load

    result = ingest(
        "people", path, load(framework_path), mapping=MAPPINGS / "chinook-employees.yaml"
    )
    people = _frames(result)["people"]
    reference = _rows(path)
    expected = {
        r["EmployeeId"]: (None if r["ReportsTo"] == "NA" else r["ReportsTo"]) for r in reference
    }
    assert dict(people.select("person_id", "manager_id").rows()) == expected
    assert people["name"][0] == "Andrew Adams"
    # a stored link that closes a loop through the file is caught: stored person 9 manages 1
    looped = ingest(
        "people",
        path,
        load(framework_path),
        mapping=MAPPINGS / "chinook-employees.yaml",
        known_people={"9"},
        known_managers={"9": "7"},
    )
    assert looped.ok  # 9 → 7 alone is no cycle
    bytes_ = path.read_bytes().replace(b'1,"Andrew","Adams",NA', b'1,"Andrew","Adams",9')
    looped = ingest(
        "people",
        bytes_,
        load(framework_path),
        mapping=MAPPINGS / "chinook-employees.yaml",
        known_people={"9"},
        known_managers={"9": "7"},
    )
    cycles = {p.row: p.reason for p in looped.problems if p.reason.startswith("manager cycle")}
    assert cycles == dict.fromkeys((2, 7, 8), "manager cycle: 1 → 9 → 7 → 6 → 1")
