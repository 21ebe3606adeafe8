"""People import: a clean file gives valid frames; each bad row is named with its reason."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.analytics.frames import validate
from multitrack.analytics.ingest import ingest
from multitrack.analytics.ingest.tests.helpers import (
    AS_OF,
    PEOPLE_ROWS,
    csv,
    only,
    people,
    starter,
)


def test_clean_file_gives_frames_that_pass_validation():
    result = people(*PEOPLE_ROWS)
    assert result.ok, result.problems
    assert set(result.frames) == {"people", "pay", "events"}
    for name, frame in result.frames.items():
        validate(name, frame)
    got = result.frames["people"].sort("person_id")
    assert got["level"].to_list() == [
        "management/B6",
        "specialist/B4",
        "specialist/B5",
        "programme/B5",
    ]
    assert got["manager_id"].to_list() == [None, "E1", "E1", "E1"]
    assert got["hire_date"][1] == dt.date(2018, 1, 15)
    # 80,000 paid at 0.8 FTE is 100,000 full time
    assert got["pay_annual_fte"].to_list() == [150000.0, 100000.0, 95000.0, 97000.0]
    assert result.valid_rows.height == 4 and result.rejected.height == 0
    assert result.frames["events"].height == 0  # no ratings given


def test_every_problem_is_reported_together_with_row_column_and_reason():
    result = people(
        "E1,Ann,management,B6,,2015-03-01,150000,EUR,1",
        "E2,Bob,specialst,B4,E1,2018-13-45,-5,EUR,abc",
        "E3,Cy,specialist,B9,E99,2019-06-01,95000,EUR,1",
    )
    assert not result.ok
    track = only(result, row=3, column="Track")
    assert track.value == "specialst"
    assert "unknown track" in track.reason and "did you mean 'specialist'" in track.reason
    assert "management, programme, specialist" in track.reason
    date = only(result, row=3, column="Hire Date")
    assert "expected YYYY-MM-DD" in date.reason
    assert "negative pay" in only(result, row=3, column="Annual Salary").reason
    assert "not a number" in only(result, row=3, column="FTE").reason
    assert "unknown band 'B9'" in only(result, row=4, column="Band").reason
    manager = only(result, row=4, column="Manager ID")
    assert manager.value == "E99" and "unknown manager" in manager.reason
    assert result.frames["people"]["person_id"].to_list() == ["E1"]
    assert result.rejected["row"].to_list() == [3, 4]
    assert "Track: unknown track" in result.rejected["reason"][0]


def test_unknown_level_lists_close_matches_and_the_tracks_levels():
    header = "Employee ID,Level"
    result = people("E1,specialist/B44", "E2,management/B2", "E3,Wizard", header=header)
    level = only(result, row=2, column="Level")
    assert "no level specialist/B44: levels of specialist: specialist/B1," in level.reason
    assert "did you mean" in level.reason and "specialist/B4" in level.reason
    below = only(result, row=3, column="Level")  # B2 is below the management track's entry
    assert "no level management/B2" in below.reason
    assert "management/B4" in below.reason
    wizard = only(result, row=4, column="Level")
    assert wizard.reason.startswith("unknown level 'Wizard'; levels: specialist/B1,")


def test_level_from_title_and_band_from_level_column():
    header = "Employee ID,Job Title,Track,Level"
    result = people("E1,Principal Designer,,", "E2,,management,B5", header=header)
    assert result.ok, result.problems
    assert result.frames["people"]["level"].to_list() == ["specialist/B6", "management/B5"]


def test_level_on_another_track_than_the_track_column():
    result = people("E1,specialist,specialist/B4", header="Employee ID,Track,Level")
    assert result.ok
    result = people("E1,management,specialist/B4", header="Employee ID,Track,Level")
    assert "level specialist/B4 is on track specialist but the track column says management" in (
        only(result, row=2, column="Level").reason
    )


def test_non_numeric_pay():
    result = people("E1,Ann,management,B6,,2015-03-01,lots,EUR,1")
    problem = only(result, row=2, column="Annual Salary")
    assert problem.value == "lots" and "pay is not a number" in problem.reason


def test_missing_required_columns_is_one_problem_naming_expected_and_found_headers():
    result = ingest("people", csv("Name,Salary", "Ann,1"), starter())
    assert not result.ok
    ids = [p for p in result.problems if "person_id" in p.reason]
    assert len(ids) == 1 and ids[0].row == 1
    assert "Employee Id" in ids[0].reason and "Worker Id" in ids[0].reason
    assert "headers found: Name, Salary" in ids[0].reason
    level = [p for p in result.problems if "no column for the level" in p.reason]
    assert len(level) == 1
    assert result.frames["people"].height == 0
    assert result.rejected.height == 1  # the one data row is not written


def test_duplicate_ids_name_both_rows():
    result = people(PEOPLE_ROWS[0], PEOPLE_ROWS[1], PEOPLE_ROWS[1].replace("Bob", "Rob"))
    first, second = only(result, row=3), only(result, row=4)
    assert first.column == "Employee ID" and first.value == "E2"
    assert "duplicate person id: rows 3, 4" == first.reason == second.reason


def test_self_management():
    result = people(PEOPLE_ROWS[0], "E2,Bob,specialist,B4,E2,2018-01-15,80000,EUR,1")
    problem = only(result, row=3, column="Manager ID")
    assert "cannot manage themself" in problem.reason


def test_manager_cycle_within_the_file_is_named():
    result = people(
        "E1,Ann,management,B6,E3,2015-03-01,150000,EUR,1",
        "E2,Bob,management,B5,E1,2018-01-15,80000,EUR,1",
        "E3,Cy,management,B5,E2,2019-06-01,95000,EUR,1",
        "E4,Di,specialist,B5,,2019-06-01,95000,EUR,1",
    )
    reasons = {p.row: p.reason for p in result.problems}
    assert reasons == {
        2: "manager cycle: E1 → E3 → E2 → E1",
        3: "manager cycle: E1 → E3 → E2 → E1",
        4: "manager cycle: E1 → E3 → E2 → E1",
    }
    assert result.frames["people"]["person_id"].to_list() == ["E4"]


def test_manager_cycle_across_file_and_stored_hierarchy():
    # stored: S1 reports to E2; the file makes E2 report to S1
    row = "E2,Bob,management,B5,S1,2018-01-15,80000,EUR,1"
    result = people(row, known_people={"S1"}, known_managers={"S1": "E2"})
    assert only(result, row=2, column="Manager ID").reason == "manager cycle: E2 → S1 → E2"
    # the file moves S1 elsewhere too: no cycle any more
    moved = "S1,Sam,management,B6,,2010-01-01,200000,EUR,1"
    assert people(row, moved, known_people={"S1"}, known_managers={"S1": "E2"}).ok


def test_stored_manager_is_known():
    result = people("E9,Ed,specialist,B3,S1,2020-01-01,60000,EUR,1", known_people=["S1"])
    assert result.ok


def test_rows_under_a_rejected_manager_are_rejected_too():
    result = people(
        "E1,Ann,management,B66,,2015-03-01,150000,EUR,1",
        "E2,Bob,management,B5,E1,2018-01-15,80000,EUR,1",
        "E3,Cy,specialist,B4,E2,2019-06-01,95000,EUR,1",
    )
    assert only(result, row=3).reason == "manager E1 is rejected (row 2); fix that row first"
    assert only(result, row=4).reason == "manager E2 is rejected (row 3); fix that row first"
    assert result.frames["people"].height == 0


def test_dates_in_the_columns_own_format():
    header = "Employee ID,Level,Hire Date,Termination Date"
    result = people(
        "E1,specialist/B3,15/01/2020,",
        "E2,specialist/B3,01/02/2021,31/12/2023",
        "E3,specialist/B3,31/02/2021,",
        header=header,
    )
    problem = only(result, row=4, column="Hire Date")
    assert "expected DD/MM/YYYY (%d/%m/%Y)" in problem.reason
    frame = result.frames["people"]
    assert frame["hire_date"].to_list() == [dt.date(2020, 1, 15), dt.date(2021, 2, 1)]
    assert frame["exit_date"][1] == dt.date(2023, 12, 31)


def test_ambiguous_day_month_dates_ask_for_a_format():
    header = "Employee ID,Level,Hire Date"
    result = people("E1,specialist/B3,03/04/2020", "E2,specialist/B3,05/06/2021", header=header)
    problem = only(result, row=2, column="Hire Date")
    assert "DD/MM/YYYY and as MM/DD/YYYY" in problem.reason and "date_format" in problem.reason


def test_exit_before_hire_and_reason_without_date():
    header = "Employee ID,Level,Hire Date,Termination Date,Termination Reason"
    result = people(
        "E1,specialist/B3,2020-01-01,2019-01-01,Resigned",
        "E2,specialist/B3,2020-01-01,,Layoff",
        "E3,specialist/B3,2020-01-01,2022-01-01,Dismissal",
        header=header,
    )
    assert only(result, row=2).reason == "exit date before the hire date"
    assert only(result, row=3).reason == "an exit reason without an exit date"
    frame = result.frames["people"]
    assert frame.select("person_id", "exit_reason").row(0) == ("E3", "involuntary")


def test_unknown_exit_reason_lists_the_accepted_values():
    header = "Employee ID,Level,Termination Date,Termination Reason"
    result = people("E1,specialist/B3,2022-01-01,Abducted", header=header)
    problem = only(result, row=2, column="Termination Reason")
    assert "expected voluntary, involuntary" in problem.reason


def test_pay_per_hour_month_and_part_time_is_annual_full_time():
    header = "Employee ID,Level,Base Pay,Pay Frequency,Standard Hours,FTE %"
    result = people(
        "E1,specialist/B3,30,Hourly,20,",
        "E2,specialist/B3,4000,Monthly,,50%",
        "E3,specialist/B3,2000,Biweekly,,",
        "E4,specialist/B3,60000,Annual,20,",
        header=header,
    )
    assert result.ok, result.problems
    frame = result.frames["people"]
    assert frame["pay_annual_fte"].to_list() == [30 * 40 * 52, 4000 * 12 / 0.5, 52000, 120000]
    assert frame["fte"].to_list() == [0.5, 0.5, 1.0, 0.5]
    pay = result.frames["pay"]
    assert pay["period"].to_list() == ["hour", "month", "year", "year"]
    assert pay["base"].to_list() == [30, 4000, 52000, 60000]


def test_pay_already_full_time_is_not_divided():
    from multitrack.analytics.ingest import ColumnMapping

    header = "Employee ID,Level,Annual Salary,FTE"
    mapping = ColumnMapping(pay_basis="full_time")
    result = people("E1,specialist/B3,60000,0.5", header=header, mapping=mapping)
    assert result.frames["people"]["pay_annual_fte"].to_list() == [60000]


def test_currency_conversion_with_a_dated_fx_table():
    header = "Employee ID,Level,Annual Salary,Currency,Effective Date"
    fx = pl.DataFrame(
        {
            "currency": ["USD", "USD", "GBP"],
            "date": [dt.date(2020, 1, 1), dt.date(2023, 1, 1), dt.date(2024, 1, 1)],
            "rate": [0.8, 0.9, 1.2],
        }
    )
    result = people(
        "E1,specialist/B3,100000,USD,2022-06-01",
        "E2,specialist/B3,100000,USD,2023-06-01",
        "E3,specialist/B3,100000,EUR,2023-06-01",
        "E4,specialist/B3,100000,GBP,2023-06-01",
        "E5,specialist/B3,100000,CHF,2023-06-01",
        "E6,specialist/B3,100000,dollars,2023-06-01",
        header=header,
        fx=fx,
    )
    frame = result.frames["people"]
    assert frame["pay_annual_fte"].to_list() == pytest.approx([80000, 90000, 100000])
    assert (
        only(result, row=5).reason
    ) == "no GBP rate on or before 2023-06-01 (the FX table starts 2024-01-01)"
    assert only(result, row=6).reason == "currency not in the FX table (it has GBP, USD)"
    assert "three-letter ISO code" in only(result, row=7).reason
    assert result.frames["pay"]["currency"].to_list() == ["USD", "USD", "EUR"]


def test_unknown_currency_without_fx_table_is_a_row_problem():
    header = "Employee ID,Level,Annual Salary,Currency"
    result = people("E1,specialist/B3,100000,USD", "E2,specialist/B3,1,EUR", header=header)
    problem = only(result, row=2, column="Currency")
    assert problem.value == "USD" and "no exchange rate to EUR" in problem.reason
    assert result.frames["people"]["person_id"].to_list() == ["E2"]


def test_bad_fx_table_is_one_file_problem():
    result = people(*PEOPLE_ROWS, fx=pl.DataFrame({"cur": ["USD"]}))
    assert [p.reason for p in result.problems] == [
        "the FX table lacks columns: currency, date, rate"
    ]


def test_ratings_become_rating_events():
    header = "Employee ID,Level,Performance Rating,Review Date"
    result = people(
        "E1,specialist/B3,4,2024-03-01", "E2,specialist/B3,,", "E3,specialist/B3,7,", header=header
    )
    assert "must not exceed 5" in only(result, row=4, column="Performance Rating").reason
    events = validate("events", result.frames["events"])
    assert events.select("person_id", "kind", "value", "date", "to_band").rows() == [
        ("E1", "rating", 4.0, dt.date(2024, 3, 1), "B3")
    ]


def test_family_zone_and_aspiration_resolve_by_name_and_are_checked():
    header = "Employee ID,Level,Job Family,Location,Track Aspiration"
    result = people(
        "E1,specialist/B3,Engineering,Core cities,Management",
        "E2,specialist/B3,Sales,core,astronaut",
        header=header,
    )
    frame = result.frames["people"]
    assert frame.select("family", "zone", "aspiration").row(0) == (
        "engineering",
        "core",
        "management",
    )
    assert "unknown family 'Sales'" in only(result, row=3, column="Job Family").reason
    assert "unknown track 'astronaut'" in only(result, row=3, column="Track Aspiration").reason


def test_email_is_checked_and_demographics_pass_through():
    header = "Employee ID,Level,Work Email,Gender,demo_ethnicity"
    result = people("E1,specialist/B3,a@b.org,F,x", "E2,specialist/B3,not-mail,M,y", header=header)
    assert only(result, row=3).reason == "not an email address"
    frame = result.frames["people"]
    assert frame.select("demo_gender", "demo_ethnicity").row(0) == ("F", "x")
    validate("people", frame)


def test_missing_id_and_missing_level():
    header = "Employee ID,Track,Band"
    result = people(",specialist,B3", "E2,,", "E3,specialist,", header=header)
    assert only(result, row=2).reason == "missing person id"
    assert only(result, row=3).reason == "missing level: give a level, or a track and a band"
    assert only(result, row=4).reason == "missing band: the track alone does not say the level"


def test_as_of_dates_tenure_from_years_of_service():
    header = "Employee ID,Level,Years of Service"
    result = people("E1,specialist/B3,2", header=header)
    assert result.frames["people"]["hire_date"][0] == AS_OF - dt.timedelta(days=730)


def test_track_limited_to_some_families():
    from multitrack.core import loads

    framework = loads(
        """
name: Two families
bands: [B1, B2]
families: [engineering, sales]
tracks:
  specialist: {kind: specialist, from: B1, ceiling: B2}
  account: {kind: custom, families: [sales], from: B1, ceiling: B2}
"""
    )
    data = csv("Employee ID,Level,Job Family", "E1,account/B1,sales", "E2,account/B2,engineering")
    result = ingest("people", data, framework)
    problem = only(result, row=3)
    assert (problem.column, problem.value) == ("Job Family", "engineering")
    assert problem.reason == "track account does not apply to this family"


def test_a_bad_rating_rejects_the_rows_under_that_manager_too():
    header = "Employee ID,Level,Manager ID,Performance Rating"
    result = people("E1,specialist/B5,,9", "E2,specialist/B3,E1,3", header=header)
    assert "must not exceed 5" in only(result, row=2).reason
    assert only(result, row=3).reason == "manager E1 is rejected (row 2); fix that row first"


def test_fte_words_and_decimal_comma_hint():
    header = "Employee ID,Level,Annual Salary,Time Type"
    result = people(
        'E1,specialist/B3,"85000,50",Full time', "E2,specialist/B3,60000,Part", header=header
    )
    assert only(result, row=2).reason == (
        "pay is not a number (for 1.234,56 set decimal: ',' in the mapping)"
    )
    assert only(result, row=3, column="Time Type").reason.startswith("FTE is not a number")
    full_time = people("E3,specialist/B3,60000,Full time", header=header)
    assert full_time.ok, full_time.problems
    assert full_time.frames["people"]["fte"].to_list() == [1.0]
