"""Assessments, workgroups, projects and development: same rigour as people."""

from __future__ import annotations

import datetime as dt

from multitrack.analytics.frames import validate
from multitrack.analytics.ingest import IngestResult, ingest
from multitrack.analytics.ingest.tests.helpers import AS_OF, csv, only, starter

KNOWN = {"E1", "E2", "E3"}


def run(kind: str, header: str, *rows: str, **kw) -> IngestResult:
    kw.setdefault("known_people", KNOWN)
    result = ingest(kind, csv(header, *rows), starter(), as_of=AS_OF, **kw)
    for name, frame in result.frames.items():
        validate(name, frame)
    return result


ASSESS = "Employee ID,Competency,Proficiency,Rater Type,Assessment Date,Assessor ID"


def test_assessments_clean_file():
    result = run(
        "assessments",
        ASSESS,
        "E1,system-design,fluent,Self,2024-01-01,",
        "E1,System design,4,Manager,2024-01-01,E2",
        "E2,coaching,Authority,direct report,2024-02-01,E3",
    )
    assert result.ok, result.problems
    assert result.frames["assessments"].rows() == [
        ("E1", "system-design", 3, "self", dt.date(2024, 1, 1), None),
        ("E1", "system-design", 4, "manager", dt.date(2024, 1, 1), "E2"),
        ("E2", "coaching", 5, "upward", dt.date(2024, 2, 1), "E3"),
    ]


def test_assessment_problems():
    result = run(
        "assessments",
        ASSESS,
        "E2,delivery,9,Peer,2024-01-01,E1",
        "E2,cooking,2,Peer,2024-01-01,E1",
        "E9,delivery,guru,boss,2024-13-01,E8",
        "E3,mentoring,aware,self,2024-01-01,E1",
        "E1,delivery,2,peer,2024-01-01,E1",
        "E1,delivery,2.5,manager,2024-01-01,E2",
    )
    assert only(result, row=2).reason == (
        "not a step of delivery's scale: expected aware, practising, fluent, expert, "
        "authority or 1–5 (scale proficiency)"
    )
    assert "did you mean 'coaching'" in only(result, row=3).reason
    row4 = {p.column: p.reason for p in result.problems if p.row == 4}
    assert set(row4) == {
        "Employee ID",
        "Assessor ID",
        "Proficiency",
        "Rater Type",
        "Assessment Date",
    }
    assert row4["Employee ID"].startswith("unknown person")
    assert only(result, row=5).reason == "a self-assessment by someone else"
    assert "assesses themself" in only(result, row=6).reason
    assert only(result, row=7, column="Proficiency")
    assert result.frames["assessments"].height == 0


def test_assessment_duplicates_and_missing_columns():
    row = "E1,delivery,2,peer,2024-01-01,E2"
    result = run("assessments", ASSESS, row, row)
    assert [p.reason for p in result.problems] == [
        "duplicate assessment (person, competency, source, date, assessor): rows 2, 3"
    ] * 2
    missing = run("assessments", "Employee ID,Competency", "E1,delivery")
    reasons = [p.reason for p in missing.problems]
    assert len(reasons) == 3 and all(r.startswith("no column for") for r in reasons)
    assert any("no column for proficiency" in r for r in reasons)


def test_mapping_defaults_fill_a_missing_source():
    from multitrack.analytics.ingest import ColumnMapping

    mapping = ColumnMapping(defaults={"source": "manager", "date": "2024-03-31"})
    result = run("assessments", "Employee ID,Skill,Score", "E1,delivery,3", mapping=mapping)
    assert result.ok, result.problems
    assert result.frames["assessments"]["source"].to_list() == ["manager"]


WG = "Workgroup ID,Workgroup Name,Cross Functional,Employee ID,Start Date,End Date"


def test_workgroups_and_memberships():
    result = run(
        "workgroups",
        WG,
        "WG1,Platform guild,yes,E1,2023-01-01,",
        "WG1,Platform guild,,E2,2023-02-01,2023-12-31",
        "WG2,Hiring panel,no,,,",
    )
    assert result.ok, result.problems
    assert result.frames["workgroups"].rows() == [
        ("WG1", "Platform guild", True),
        ("WG2", "Hiring panel", False),
    ]
    assert result.frames["memberships"]["person_id"].to_list() == ["E1", "E2"]


def test_workgroup_problems():
    result = run(
        "workgroups",
        WG,
        "WG1,Platform guild,yes,E1,2023-01-01,",
        "WG1,Platform guild,yes,E2,2023-02-01,2022-01-01",
        "WG1,Platfrm guild,maybe,E9,2023-02-01,",
        "WG1,Platform guild,yes,E1,2023-01-01,",
        ",,,E3,,",
    )
    assert only(result, row=3).reason == "ends before it starts"
    row4 = {p.column: p.reason for p in result.problems if p.row == 4}
    assert (
        row4["Workgroup Name"] == "workgroup WG1 has name Platform guild on row 2; rows must agree"
    )
    assert row4["Cross Functional"] == "cross-functional: expected yes or no"
    assert row4["Employee ID"].startswith("unknown person")
    assert only(result, row=5).reason.startswith("duplicate workgroup membership")
    assert only(result, row=6).reason == "missing workgroup id or name"


def test_projects_visibility_and_roles():
    header = "Project ID,Project Name,Visibility,Employee ID,Role,Start Date"
    result = run(
        "projects",
        header,
        "P1,Launch,High,E1,Project Lead,2023-01-01",
        "P1,Launch,3,E2,Contributor,2023-01-01",
        "P2,Intranet,low,E3,,2023-01-01",
        "P3,Secret,extreme,E3,boss,2023-01-01",
        "P2,Intranet,medium,E1,member,2023-01-01",
    )
    assert result.frames["projects"].rows() == [("P1", "Launch", 3), ("P2", "Intranet", 1)]
    roles = result.frames["assignments"].select("person_id", "role").rows()
    assert roles == [("E1", "lead"), ("E2", "member"), ("E3", "member")]
    assert "expected low, medium, high or 1–3" in only(result, row=5, column="Visibility").reason
    assert "expected lead, member" in only(result, row=5, column="Role").reason
    assert only(result, row=6).reason == "project P2 has visibility 1 on row 4; rows must agree"


DEV = (
    "Employee ID,Type,Mentor ID,Course ID,Course Name,Competencies,Hours,Start Date,End Date,Status"
)


def test_development_and_course_catalogue():
    result = run(
        "development",
        DEV,
        ",,,C1,System design 101,system-design; delivery,16,,,",
        "E1,Mentoring,E2,,,,,2023-01-01,2023-06-01,",
        "E2,Training,,C1,,,,2024-01-01,,In progress",
        "E3,Training,,C7,,,,2024-09-01,,",
        known_courses={"C7"},
    )
    assert result.ok, result.problems
    assert result.frames["courses"].rows() == [
        ("C1", "System design 101", ["system-design", "delivery"], 16.0)
    ]
    assert result.frames["development"].select("person_id", "kind", "status").rows() == [
        ("E1", "mentoring", "done"),
        ("E2", "training", "active"),
        ("E3", "training", "planned"),
    ]


def test_development_problems():
    result = run(
        "development",
        DEV,
        ",,,C1,System design 101,system-design,16,,,",
        "E3,Training,,C9,,,,2024-01-01,,",
        "E3,coaching,,,,,,2024-01-01,,",
        ",,,C2,Leading,peoples leadership,-3,,,",
        "E1,mentoring,E1,,,,,2024-01-01,,",
        "E2,juggling,E1,,,,,2024-01-01,,",
        "E2,training,,C1,,,,2024-01-01,2023-01-01,lost",
        ",,,C1,System design 101,system-design,12,,,",
    )
    assert only(result, row=3).reason.startswith("unknown course")
    assert only(result, row=4).reason == "mentoring and coaching need a mentor or coach"
    row5 = {p.column: p.reason for p in result.problems if p.row == 5}
    assert row5["Hours"] == "negative course hours"
    assert "did you mean 'people-leadership'" in row5["Competencies"]
    assert only(result, row=6).reason == "a person cannot mentor or coach themself"
    assert "unknown development kind" in only(result, row=7).reason
    row8 = {p.column: p.reason for p in result.problems if p.row == 8}
    assert row8["End Date"] == "ends before it starts" and "unknown status" in row8["Status"]
    assert only(result, row=9).reason == "course C1 has hours 16.0 on row 2; rows must agree"
