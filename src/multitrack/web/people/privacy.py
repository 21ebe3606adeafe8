"""Data-subject rights: erasure on request, and access requests (everything held on one person).

Erasure deletes the person and every row about them (pay, history, demographics,
assessments, memberships, assignments, development) and removes their id from other
people's rows (manager links and manager-change events, assessments they gave, mentoring
they gave, audit subjects). What remains is an anonymised tally: one more person counted
under their family, last track and band, hire and exit years, and exit reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict

from multitrack.web.common import audit
from multitrack.web.common.models import AuditEntry
from multitrack.web.people.models import ErasedTally, HistoryEvent, Person

ERASED = "(erased)"


def _person(person_id: str) -> Person:
    from multitrack.web.people.actions import _person as find

    return find(person_id)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    return value


def _rows(queryset, *fields: str) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in queryset.values(*fields)]


def person_record(person_id: str) -> dict[str, Any]:
    """Everything stored about one person, as plain JSON-ready data.

    Raises NotFound for an unknown id.
    """
    person = _person(person_id)
    data = {k: _plain(v) for k, v in model_to_dict(person).items()}
    data["person_id"], data["manager_id"] = person.person_id, data.pop("manager")
    return {
        "person": data,
        "pay": _rows(
            person.pay.order_by("effective_date", "id"),
            "effective_date",
            "base",
            "variable",
            "currency",
            "period",
            "fte",
            "hours_per_week",
        ),
        "events": _rows(
            person.events.order_by("date", "id"),
            "date",
            "kind",
            "from_track",
            "from_band",
            "to_track",
            "to_band",
            "value",
            "detail",
        ),
        "demographics": _rows(
            person.demographics.order_by("field_id"),
            "field_id",
            "value",
            "collected_on",
            "field__basis",
        ),
        "assessments": _rows(
            person.assessments.order_by("date", "id"),
            "competency",
            "proficiency",
            "source",
            "date",
            "assessor_id",
        ),
        "assessments_given": _rows(
            person.assessments_given.order_by("date", "id"),
            "person_id",
            "competency",
            "proficiency",
            "source",
            "date",
        ),
        "memberships": _rows(
            person.memberships.order_by("start", "id"),
            "workgroup_id",
            "workgroup__name",
            "start",
            "end",
        ),
        "assignments": _rows(
            person.assignments.order_by("start", "id"),
            "project_id",
            "project__name",
            "role",
            "start",
            "end",
        ),
        "development": _rows(
            person.development.order_by("start", "id"),
            "kind",
            "partner_id",
            "course_id",
            "start",
            "end",
            "status",
        ),
        "development_given": _rows(
            person.development_given.order_by("start", "id"),
            "person_id",
            "kind",
            "start",
            "end",
            "status",
        ),
        "reports": person.reports.count(),
        "audit": _rows(
            AuditEntry.objects.filter(subject=person_id), "at", "actor", "action", "detail"
        ),
    }


@transaction.atomic
def do_answer_access_request(person_id: str, actor: str = "cli") -> dict[str, Any]:
    """The person's full record for an access request; the request itself is audited.

    Raises NotFound for an unknown id.
    """
    record = person_record(person_id)
    audit.record("answer_access_request", person_id, actor=actor)
    return record


def _year(value: dt.date | None) -> int | None:
    return value.year if value else None


@transaction.atomic
def do_erase_person(person_id: str, actor: str = "cli") -> ErasedTally:
    """Erase a person's personal data on request, keeping only an anonymised count.

    Raises NotFound for an unknown id. The audit trail records that an erasure happened,
    never whom it concerned.
    """
    person = _person(person_id)
    tally, _ = ErasedTally.objects.get_or_create(
        family=person.family,
        track=person.track,
        band=person.band,
        hire_year=_year(person.hire_date),
        exit_year=_year(person.exit_date),
        exit_reason=person.exit_reason,
    )
    ErasedTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
    HistoryEvent.objects.filter(kind="manager_change", detail=person_id).update(detail=None)
    AuditEntry.objects.filter(subject=person_id).update(subject=ERASED, detail="")
    person.delete()  # cascades to their rows; others' links to them become null
    audit.record("erase_person", ERASED, "one person erased on request", actor)
    tally.refresh_from_db()
    return tally
