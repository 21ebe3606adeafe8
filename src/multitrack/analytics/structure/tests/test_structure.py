"""The structure report on a hand-made organisation where every answer is known."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.analytics.frames import Frames, validate
from multitrack.analytics.structure import StructureConfig, structure, what_if
from multitrack.analytics.tests.builders import person
from multitrack.core import load
from multitrack.core.templates import path

AS_OF = "2026-06-30"

# id, track, band, manager, aspiration
ORG = [
    ("ceo", "management", "B8", None, None),
    ("vp", "management", "B7", "ceo", None),  # one report (em) -> chain ceo? no: ceo has 3
    ("em", "management", "B5", "vp", "specialist"),  # two reports, aspires specialist
    ("tl", "management", "B4", "em", None),  # out-levelled: reports s5 at B5
    ("s5", "specialist", "B5", "tl", None),
    ("s3", "specialist", "B3", "em", None),
    ("fellow", "specialist", "B8", "ceo", None),
    ("pr", "specialist", "B6", "ceo", None),
    ("left", "specialist", "B2", "em", None),  # exited: not counted
]


def org_frames(extra: list[tuple] = ()) -> Frames:
    rows = []
    for pid, track, band, mgr, asp in [*ORG, *extra]:
        rows.append(
            person(
                pid,
                track,
                band,
                mgr,
                aspiration=asp,
                level_since=dt.date(2024, 1, 1),
                exit_date=dt.date(2026, 1, 1) if pid == "left" else None,
                exit_reason="voluntary" if pid == "left" else None,
            )
        )
    events = pl.DataFrame(
        [
            {
                "person_id": "em",
                "date": dt.date(2023, 3, 1),
                "kind": "crossover",
                "from_track": "specialist",
                "from_band": "B5",
                "to_track": "management",
                "to_band": "B5",
                "value": None,
                "detail": None,
            },
        ]
    )
    assessments = pl.DataFrame(
        [
            {
                "person_id": "em",
                "competency": "people-leadership",
                "proficiency": 2,
                "source": "manager",
                "date": dt.date(2026, 3, 1),
                "assessor_id": "vp",
            },
            {
                "person_id": "vp",
                "competency": "people-leadership",
                "proficiency": 4,
                "source": "manager",
                "date": dt.date(2026, 3, 1),
                "assessor_id": "ceo",
            },
        ]
    )
    return Frames(
        framework=load(path("starter")),
        people=validate("people", pl.DataFrame(rows)),
        events=validate("events", events),
        assessments=validate("assessments", assessments),
        as_of=AS_OF,
    )


def _metric(report, name: str) -> float:
    t = report.table("summary").frame
    return t.filter(pl.col("metric") == name)["value"][0]


def test_spans_layers_and_odd_shapes() -> None:
    rep = structure(org_frames())
    assert _metric(rep, "people") == 8  # "left" exited before the snapshot
    assert _metric(rep, "managers (people with reports)") == 4  # ceo, vp, em, tl
    assert _metric(rep, "layers (maximum)") == 5  # ceo > vp > em > tl > s5
    assert _metric(rep, "median span") == pytest.approx(1.5)  # spans 3, 1, 2, 1
    narrow = rep.table("narrow_spans").frame["person_id"].to_list()
    assert narrow == ["tl", "vp", "em"]  # spans 1, 1, 2
    # vp (1 report: em) is not a chain: em has two reports
    assert rep.table("single_report_chains").frame.height == 0
    out = rep.table("out_levelled").frame
    assert out.select("manager_id", "report_id").rows() == [("tl", "s5")]
    assert rep.table("problems").frame.height == 0


def test_accidental_managers_with_reasons() -> None:
    acc = structure(org_frames()).table("accidental_managers").frame
    em = acc.filter(pl.col("person_id") == "em").row(0, named=True)
    assert em["signals"] == 4
    text = " | ".join(em["reasons"])
    assert "aspiration for the specialist track" in text
    assert "people-leadership assessed 2.0 of 3 expected" in text  # B5 expects fluent = 3
    assert "crossed from specialist at B5" in text
    assert "manages 2 direct report(s)" in text
    vp = acc.filter(pl.col("person_id") == "vp").row(0, named=True)
    assert vp["reasons"] == ["manages 1 direct report(s)"]  # strong people leader
    assert "ceo" not in acc["person_id"].to_list()


def test_reporting_parity_is_suppressed_below_min_size_and_found_above() -> None:
    rep = structure(org_frames())
    assert set(rep.table("reporting_parity").frame["verdict"]) <= {"suppressed (n<5)"}
    # five B5 managers reporting to B7 and five B5 specialists reporting to a B6 manager
    extra = [(f"m{i}", "management", "B5", "vp", None) for i in range(5)]
    extra += [("lead6", "management", "B6", "vp", None)]
    extra += [(f"x{i}", "specialist", "B5", "lead6", None) for i in range(5)]
    rep = structure(org_frames(extra), StructureConfig(min_size=5))
    row = rep.table("reporting_parity").frame.filter(pl.col("band") == "B5").row(0, named=True)
    assert row["managers_report_to"] == "B7"
    assert row["specialists_report_to"] == "B6"
    assert row["gap_bands"] == 1
    assert row["verdict"].startswith("break")


def test_tree_problems_are_reported_not_crashed_on() -> None:
    extra = [
        ("loop1", "specialist", "B3", "loop2", None),
        ("loop2", "specialist", "B3", "loop1", None),
        ("self", "specialist", "B3", "self", None),
        ("orph", "specialist", "B3", "ghost", None),
    ]
    rep = structure(org_frames(extra))
    problems = dict(rep.table("problems").frame.select("problem", "people").rows())
    assert problems["self-managed"] == 1
    assert problems["manager not in the organisation"] == 1
    assert problems["reporting cycle (cut at its first member)"] == 2
    assert len(rep.warnings) == 3


def test_what_if_moves_reports_to_the_skip_level() -> None:
    rep = what_if(org_frames(), move=["em"])
    cmp = {
        r["metric"]: (r["before"], r["after"])
        for r in rep.table("comparison").frame.iter_rows(named=True)
    }
    assert cmp["managers"] == (4, 3)  # em stops managing; vp now has tl and s3 (+ em)
    assert cmp["max_layers"] == (5, 4)
    assert cmp["people"] == (8, 8)
    with pytest.raises(KeyError):
        what_if(org_frames(), move=["nobody"])
    n = what_if(org_frames(), accidental=1)
    assert n.meta["moved"] == ["em"]  # the strongest signal first
