"""Person-by-person actions: validated, audited, and consistent with the history they write."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.web.common.errors import Invalid, NotFound, Refused
from multitrack.web.common.models import AuditEntry
from multitrack.web.people import actions
from multitrack.web.people.history import STATE_SCHEMA, current_state
from multitrack.web.people.models import HistoryEvent, PayRecord, Person
from multitrack.web.storage.read import read_table
from multitrack.web.storage.store import do_store_frames
from multitrack.web.storage.tables import BY_FRAME
from multitrack.web.testing import sample

D = dt.date


@pytest.fixture
def org(db_url):
    do_store_frames(sample.frames())
    return db_url


def _state_of(person_id: str) -> dict:
    row = Person.objects.values(*STATE_SCHEMA).get(person_id=person_id)
    return row


def test_a_career_of_actions_is_derivable_from_its_events(org):
    actions.do_hire_person(
        "new",
        name="Nia",
        family="engineering",
        zone="core",
        track="specialist",
        band="B3",
        hire_date=D(2024, 1, 8),
        manager_id="em",
    )
    actions.do_change_level("new", track="specialist", band="B4", date=D(2025, 1, 1))
    actions.do_change_level("new", track="management", band="B4", date=D(2025, 6, 1))
    actions.do_change_manager("new", manager_id="ceo", date=D(2025, 6, 1))
    actions.do_record_rating("new", rating=4, date=D(2025, 12, 1))
    actions.do_record_rating("new", rating=2, date=D(2025, 3, 1))  # older: not current
    actions.do_record_exit("new", date=D(2026, 2, 1), reason="voluntary")
    events = read_table(BY_FRAME["events"]).filter(pl.col("person_id") == "new")
    assert events["kind"].to_list() == [
        "hire",
        "manager_change",
        "promotion",
        "rating",
        "crossover",
        "manager_change",
        "rating",
        "exit",
    ]
    derived = current_state(events).row(0, named=True)
    assert _state_of("new") == derived
    assert derived["track"] == "management" and derived["manager_id"] == "ceo"
    assert derived["rating"] == 4.0 and derived["level_since"] == D(2025, 6, 1)


def test_moves_are_named_by_the_spine(org):
    assert (
        actions.do_change_level("p1", track="specialist", band="B3", date=D(2026, 1, 1)).kind
        == "demotion"
    )
    assert (
        actions.do_change_level("p1", track="specialist", band="B5", date=D(2026, 2, 1)).kind
        == "promotion"
    )
    back = actions.do_change_level("em", track="specialist", band="B5", date=D(2026, 2, 1))
    assert back.kind == "crossover" and (back.from_track, back.to_track) == (
        "management",
        "specialist",
    )


def test_manager_cycles_are_refused_and_named(org):
    with pytest.raises(Refused, match="cycle ceo -> p1 -> em -> ceo"):
        actions.do_change_manager("ceo", manager_id="p1", date=D(2026, 1, 1))
    assert Person.objects.get(person_id="ceo").manager_id is None


def test_unknown_levels_people_and_values_are_refused(org):
    with pytest.raises(Invalid, match="specialist/B9 is not a level"):
        actions.do_change_level("p1", track="specialist", band="B9", date=D(2026, 1, 1))
    with pytest.raises(NotFound, match="nobody"):
        actions.do_record_rating("nobody", rating=3, date=D(2026, 1, 1))
    with pytest.raises(Invalid, match="rating must be between 1 and 5"):
        actions.do_record_rating("p1", rating=7, date=D(2026, 1, 1))
    with pytest.raises(Invalid, match="base"):
        actions.do_record_pay("p1", effective_date=D(2026, 1, 1), base=-1, currency="EUR")
    with pytest.raises(Refused, match="already stored"):
        actions.do_hire_person(
            "p1",
            name="x",
            family="design",
            zone="core",
            track="specialist",
            band="B1",
            hire_date=D(2026, 1, 1),
        )


def test_pay_converts_with_the_organisations_dated_rates(org):
    actions.do_set_fx_rate("GBP", date=D(2022, 1, 1), rate="1.10")
    actions.do_set_fx_rate("GBP", date=D(2023, 1, 1), rate="1.15")
    actions.do_set_fx_rate("GBP", date=D(2027, 1, 1), rate="9.99")  # later: not used
    actions.do_record_pay(
        "p1",
        effective_date=D(2026, 1, 1),
        base="30.00",
        currency="gbp",
        period="hour",
        fte=0.5,
        hours_per_week=20,
    )
    # 30 GBP x 20 h x 52 weeks = 31,200 GBP at half time -> 62,400 full time x 1.15
    person = Person.objects.get(person_id="p1")
    assert person.pay_annual_fte == pytest.approx(71_760.0)
    event = HistoryEvent.objects.filter(person_id="p1", kind="pay_change").get()
    assert event.value == pytest.approx(71_760.0)


def test_a_refused_write_leaves_everything_as_it_was(org):
    before = (PayRecord.objects.count(), HistoryEvent.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Refused, match="no exchange rate for USD on or before 2026-01-01"):
        actions.do_record_pay("p1", effective_date=D(2026, 1, 1), base=100, currency="USD")
    after = (PayRecord.objects.count(), HistoryEvent.objects.count(), AuditEntry.objects.count())
    assert after == before
