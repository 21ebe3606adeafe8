"""Writes of the people room, one person at a time: each in a transaction, validated, audited.

Every change of state is also a history event, so the person's current state is derivable
from their events (:func:`multitrack.web.people.history.current_state`). Audit details never
carry pay, ratings or other people's ids: the events hold those. Bulk writes (an import, a
demo) go through :mod:`multitrack.web.storage`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
from django.core.exceptions import ValidationError
from django.db import models, transaction

from multitrack.web.common import audit
from multitrack.web.common.errors import Invalid, NotFound, Refused
from multitrack.web.people.models import FxRate, HistoryEvent, PayRecord, Person
from multitrack.web.people.queries import fx_rates, organisation, stored_framework


def clean(obj: models.Model) -> None:
    """``full_clean`` with Django's messages turned into one :class:`Invalid`."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        parts = [f"{k}: {'; '.join(v)}" for k, v in exc.message_dict.items()]
        raise Invalid(f"{type(obj).__name__}: {', '.join(parts)}") from None


def _person(person_id: str, lock: bool = True) -> Person:
    rows = Person.objects.select_for_update() if lock else Person.objects
    found = rows.filter(person_id=person_id).first()
    if found is None:
        raise NotFound(f"no stored person {person_id!r}")
    return found


def _check_level(track: str, band: str) -> None:
    fw = stored_framework()
    if fw.level(track, band) is None:
        raise Invalid(f"{track}/{band} is not a level of framework {fw.name}@{fw.version}")


def _event(person: Person, date: dt.date, kind: str, **fields) -> HistoryEvent:
    event = HistoryEvent(person=person, date=date, kind=kind, **fields)
    clean(event)
    event.save()
    return event


@transaction.atomic
def do_hire_person(
    person_id: str,
    *,
    name: str,
    family: str,
    zone: str,
    track: str,
    band: str,
    hire_date: dt.date,
    email: str | None = None,
    manager_id: str | None = None,
    aspiration: str | None = None,
    actor: str = "cli",
) -> Person:
    """Add a person at a level of the framework in force, with their hire event.

    Raises Refused for an id already stored, Invalid for an unknown level, NotFound for an
    unknown manager.
    """
    if Person.objects.filter(person_id=person_id).exists():
        raise Refused(f"person {person_id!r} is already stored")
    _check_level(track, band)
    manager = _person(manager_id, lock=False) if manager_id else None
    person = Person(
        person_id=person_id,
        name=name,
        email=email,
        family=family,
        zone=zone,
        track=track,
        band=band,
        level=f"{track}/{band}",
        manager=manager,
        hire_date=hire_date,
        level_since=hire_date,
        aspiration=aspiration,
    )
    clean(person)
    person.save()
    _event(person, hire_date, "hire", to_track=track, to_band=band)
    if manager is not None:
        _event(person, hire_date, "manager_change", detail=manager.person_id)
    audit.record("hire_person", person_id, actor=actor)
    return person


def move_kind(from_track: str, from_band: str, to_track: str, to_band: str) -> str:
    """promotion, demotion or crossover (either direction), by the spine's band order."""
    if from_track != to_track:
        return "crossover"
    rank = stored_framework().position
    return "promotion" if rank.get(to_band, -1) > rank.get(from_band, -1) else "demotion"


@transaction.atomic
def do_change_level(
    person_id: str, *, track: str, band: str, date: dt.date, actor: str = "cli"
) -> HistoryEvent:
    """Move a person to another level: a promotion, demotion or crossover event.

    Raises NotFound, Invalid for an unknown level, Refused when nothing would change.
    """
    person = _person(person_id)
    _check_level(track, band)
    if (person.track, person.band) == (track, band):
        raise Refused(f"{person_id} is already at {track}/{band}")
    kind = move_kind(person.track or "", person.band or "", track, band)
    event = _event(
        person,
        date,
        kind,
        from_track=person.track,
        from_band=person.band,
        to_track=track,
        to_band=band,
    )
    person.track, person.band, person.level, person.level_since = (
        track,
        band,
        f"{track}/{band}",
        date,
    )
    person.save(update_fields=("track", "band", "level", "level_since"))
    audit.record(
        f"record_{kind}",
        person_id,
        f"{event.from_track}/{event.from_band} -> {track}/{band}",
        actor,
    )
    return event


def _chain(manager_id: str) -> list[str]:
    """The management chain above ``manager_id`` (itself first), stopping at a repeat."""
    links = dict(Person.objects.exclude(manager=None).values_list("person_id", "manager_id"))
    chain, current = [], manager_id
    while current and current not in chain:
        chain.append(current)
        current = links.get(current)
    return chain


@transaction.atomic
def do_change_manager(
    person_id: str, *, manager_id: str | None, date: dt.date, actor: str = "cli"
) -> HistoryEvent:
    """Give a person a new manager (or none), refusing a change that would make a cycle.

    Raises NotFound, Refused for a cycle (naming it).
    """
    person = _person(person_id)
    manager = _person(manager_id, lock=False) if manager_id else None
    chain = _chain(manager_id) if manager_id else []
    if person_id in chain:
        loop = " -> ".join([person_id, *chain[: chain.index(person_id) + 1]])
        raise Refused(f"{manager_id} cannot manage {person_id}: it makes a cycle {loop}")
    event = _event(person, date, "manager_change", detail=manager_id)
    person.manager = manager
    person.save(update_fields=("manager",))
    audit.record("change_manager", person_id, f"effective {date}", actor)
    return event


@transaction.atomic
def do_record_pay(
    person_id: str,
    *,
    effective_date: dt.date,
    base: Decimal | float | str,
    currency: str,
    period: str = "year",
    variable: Decimal | float | str | None = None,
    fte: float | None = None,
    hours_per_week: float | None = None,
    actor: str = "cli",
) -> PayRecord:
    """Record a pay change as given, plus a pay_change event with the comparable amount.

    The person's current pay columns follow the latest record. Raises NotFound, Invalid
    (negative pay, unknown period) and Refused when no exchange rate converts the currency.
    """
    from multitrack.web.people.pay import annualised

    person = _person(person_id)
    record = PayRecord(
        person=person,
        effective_date=effective_date,
        base=Decimal(str(base)),
        variable=None if variable is None else Decimal(str(variable)),
        currency=currency.upper(),
        period=period,
        fte=fte,
        hours_per_week=hours_per_week,
    )
    clean(record)
    org = organisation()
    row = pl.DataFrame(
        [
            (
                effective_date,
                float(record.base),
                float(record.variable or 0),
                record.currency,
                period,
                fte,
                hours_per_week,
            )
        ],
        schema={
            "effective_date": pl.Date,
            "base": pl.Float64,
            "variable": pl.Float64,
            "currency": pl.String,
            "period": pl.String,
            "fte": pl.Float64,
            "hours_per_week": pl.Float64,
        },
        orient="row",
    )
    comparable = annualised(row, fx_rates(), org.currency, org.full_time_hours).row(0, named=True)
    if comparable["base_annual_fte"] is None:
        raise Refused(
            f"no exchange rate for {record.currency} on or before {effective_date}; "
            f"add one to convert to {org.currency}"
        )
    record.save()
    _event(person, effective_date, "pay_change", value=comparable["base_annual_fte"])
    latest = person.pay.order_by("-effective_date", "-id").first()
    if latest is not None and latest.pk == record.pk:
        person.pay_annual_fte = comparable["base_annual_fte"]
        person.variable_annual = comparable["variable_annual"]
        person.fte = (
            fte
            if fte is not None
            else (hours_per_week or org.full_time_hours) / org.full_time_hours
        )
        person.save(update_fields=("pay_annual_fte", "variable_annual", "fte"))
    audit.record("record_pay", person_id, f"effective {effective_date}", actor)
    return record


@transaction.atomic
def do_record_rating(
    person_id: str, *, rating: float, date: dt.date, actor: str = "cli"
) -> HistoryEvent:
    """Record a performance rating (1-5); the latest one is the person's current rating.

    Raises NotFound, Invalid for a rating outside 1-5.
    """
    if not 1 <= rating <= 5:
        raise Invalid(f"rating must be between 1 and 5; got {rating}")
    person = _person(person_id)
    event = _event(person, date, "rating", value=float(rating))
    last = person.events.filter(kind="rating").order_by("-date", "-id").first()
    if last is not None and last.pk == event.pk:
        person.rating = float(rating)
        person.save(update_fields=("rating",))
    audit.record("record_rating", person_id, f"dated {date}", actor)
    return event


@transaction.atomic
def do_record_exit(
    person_id: str, *, date: dt.date, reason: str, regretted: bool | None = None, actor: str = "cli"
) -> HistoryEvent:
    """Record that a person left (voluntary or involuntary); their last state stays.

    Raises NotFound, Invalid for an unknown reason, Refused when they already left.
    """
    person = _person(person_id)
    if person.exit_date is not None:
        raise Refused(f"{person_id} already left on {person.exit_date}")
    person.exit_date, person.exit_reason, person.regretted = date, reason, regretted
    clean(person)
    event = _event(
        person, date, "exit", from_track=person.track, from_band=person.band, detail=reason
    )
    person.save(update_fields=("exit_date", "exit_reason", "regretted"))
    audit.record("record_exit", person_id, reason, actor)
    return event


@transaction.atomic
def do_set_fx_rate(
    currency: str, *, date: dt.date, rate: Decimal | float | str, actor: str = "cli"
) -> FxRate:
    """Add or replace the organisation's rate for ``currency`` on ``date`` (org units per unit).

    Raises Invalid for a rate that is not positive or a malformed currency code.
    """
    code = currency.upper()
    if len(code) != 3 or not code.isalpha():
        raise Invalid(f"currency must be a three-letter code; got {currency!r}")
    found = FxRate.objects.filter(currency=code, date=date).first() or FxRate(
        currency=code, date=date
    )
    found.rate = Decimal(str(rate))
    clean(found)
    found.save()
    audit.record("set_fx_rate", code, f"{date} {found.rate}", actor)
    return found
