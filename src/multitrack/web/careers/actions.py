"""Writes of the careers room: save a plan, record progress on its actions.

Each action runs in one transaction, validates every row (``full_clean``) and writes an
audit entry; a refused or invalid request changes nothing. Audit details name plans and
actions, never assessments or other people's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from multitrack.analytics.careers.planning import DevelopmentPlan as SuggestedPlan
from multitrack.analytics.careers.schedule import ScheduledAction
from multitrack.web.careers.models import DevelopmentPlan, PlanAction
from multitrack.web.common import audit
from multitrack.web.common.errors import Invalid, NotFound, Refused
from multitrack.web.development.models import Course, DevelopmentAction
from multitrack.web.people.actions import clean
from multitrack.web.people.models import Person
from multitrack.web.people.queries import organisation, stored_framework

__all__ = ["SavedPlan", "do_record_progress", "do_save_plan"]

# the development record an action is carried out as, where one applies
DEVELOPMENT_KIND = {PlanAction.Kind.COURSE: "training", PlanAction.Kind.MENTORING: "mentoring"}


@dataclass(frozen=True)
class SavedPlan:
    plan: DevelopmentPlan
    created: bool
    added: int  # actions added by this save


def _person(person_id: str) -> Person:
    found = Person.objects.filter(person_id=person_id).first()
    if found is None:
        raise NotFound(f"no stored person {person_id!r}")
    return found


def _open_plan(person: Person, suggested: SuggestedPlan, made_on: dt.date, months: int):
    """The person's open plan towards the target (locked), or a new draft one."""
    found = (
        DevelopmentPlan.objects.select_for_update()
        .filter(person=person, target=suggested.target, status__in=DevelopmentPlan.OPEN)
        .first()
    )
    if found is not None:
        return found, False
    plan = DevelopmentPlan(
        person=person,
        target=suggested.target,
        framework=organisation().framework,
        readiness_then=round(suggested.readiness, 6),
        made_on=made_on,
        horizon_months=months,
        note=suggested.note,
    )
    clean(plan)
    plan.save()
    return plan, True


def _linked_development(person: Person, kind: str, course, partner) -> DevelopmentAction | None:
    """A stored, not yet finished development record the action is already carried out as."""
    dev_kind = DEVELOPMENT_KIND.get(kind)
    if dev_kind is None or (course is None and partner is None):
        return None
    rows = DevelopmentAction.objects.filter(
        person=person, kind=dev_kind, status__in=("planned", "active")
    )
    rows = rows.filter(course=course) if course is not None else rows.filter(partner=partner)
    return rows.order_by("id").first()


def _new_action(plan: DevelopmentPlan, position: int, a: ScheduledAction) -> PlanAction:
    owner = _person(a.owner_id) if a.owner_id else None
    course = Course.objects.filter(pk=a.course_id).first() if a.course_id else None
    action = PlanAction(
        plan=plan,
        position=position,
        kind=a.kind,
        what=a.what[:300],
        competencies=list(a.competencies),
        owner_role=a.owner_role,
        owner=owner,
        due=a.due,
        reason=a.reason[:300],
        course=course,
        development=_linked_development(plan.person, a.kind, course, owner),
    )
    clean(action)
    return action


@transaction.atomic
def do_save_plan(
    suggested: SuggestedPlan,
    actions: Sequence[ScheduledAction],
    *,
    made_on: dt.date,
    months: int,
    actor: str = "cli",
) -> SavedPlan:
    """Save a plan as shown, or add what is new to the person's open plan towards its target.

    Existing actions keep their status and dates; a new action is one whose kind and
    description the plan does not hold yet. Raises NotFound for an unknown person or owner,
    Invalid for a target that is not a level of the framework in force or an invalid row.
    """
    person = _person(suggested.person_id)
    fw = stored_framework()
    if suggested.target not in fw.levels:
        raise Invalid(f"{suggested.target} is not a level of framework {fw.name}@{fw.version}")
    plan, created = _open_plan(person, suggested, made_on, months)
    held = set(plan.actions.values_list("kind", "what"))
    position = max(plan.actions.values_list("position", flat=True), default=-1) + 1
    new = []
    for a in actions:
        if (a.kind, a.what[:300]) in held:
            continue
        held.add((a.kind, a.what[:300]))
        new.append(_new_action(plan, position, a))
        position += 1
    PlanAction.objects.bulk_create(new)
    if created or new:
        plan.save(update_fields=("updated_at",))
        verb = "made" if created else "extended"
        detail = f"plan {plan.pk} towards {plan.target} {verb}: {len(new)} action(s) added"
        audit.record("save_plan", person.person_id, detail, actor=actor)
    return SavedPlan(plan, created, len(new))


def _check_statuses(changes: Sequence[tuple[int, str]]) -> None:
    allowed = PlanAction.Status.values
    for action_id, status in changes:
        if status not in allowed:
            raise Invalid(
                f"action {action_id}: status {status!r} is not one of {', '.join(allowed)}"
            )


def _sync_development(action: PlanAction, on: dt.date) -> None:
    """Carry a course or mentoring action's status to its development record.

    The record is made when the action first leaves "planned", so trainings done count
    towards readiness and a mentor's load counts active mentoring.
    """
    dev_kind = DEVELOPMENT_KIND.get(action.kind)
    partner = action.owner if action.kind == PlanAction.Kind.MENTORING else None
    if dev_kind is None or (action.course is None and partner is None):
        return
    dev = action.development
    if dev is None:
        if action.status == PlanAction.Status.PLANNED:
            return
        dev = DevelopmentAction(
            person=action.plan.person, kind=dev_kind, course=action.course, partner=partner
        )
        dev.start = on
    dev.status = action.status
    dev.end = on if action.status in ("done", "dropped") else None
    clean(dev)
    dev.save()
    action.development = dev


def _plan_status(plan: DevelopmentPlan) -> str:
    """Draft until progress is recorded, done when every action not dropped is done."""
    statuses = list(plan.actions.values_list("status", flat=True))
    kept = [s for s in statuses if s != PlanAction.Status.DROPPED]
    if kept and all(s == PlanAction.Status.DONE for s in kept):
        return DevelopmentPlan.Status.DONE
    if any(s != PlanAction.Status.PLANNED for s in statuses):
        return DevelopmentPlan.Status.ACTIVE
    if plan.status == DevelopmentPlan.Status.DONE:
        return DevelopmentPlan.Status.ACTIVE
    return plan.status


def _reopen_check(plan: DevelopmentPlan, status: str) -> None:
    if plan.is_open or status == DevelopmentPlan.Status.DONE:
        return
    if DevelopmentPlan.objects.filter(
        person=plan.person, target=plan.target, status__in=DevelopmentPlan.OPEN
    ).exists():
        raise Refused(
            f"plan {plan.pk} is {plan.status} and a newer plan towards {plan.target} is open: "
            "record progress there"
        )


def _locked_actions(person_id: str, ids: list[int]) -> dict[int, PlanAction]:
    rows = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__person", "owner", "course", "development")
        .filter(pk__in=ids, plan__person_id=person_id)
    )
    found = {a.pk: a for a in rows}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise NotFound(f"no action {', '.join(missing)} in the plans of {person_id}")
    for a in found.values():
        if a.plan.status == DevelopmentPlan.Status.ABANDONED:
            raise Refused(f"action {a.pk} belongs to plan {a.plan.pk}, which was abandoned")
    return found


@transaction.atomic
def do_record_progress(
    person_id: str,
    changes: Sequence[tuple[int, str]],
    *,
    on: dt.date,
    actor: str = "cli",
) -> list[PlanAction]:
    """Set the status of plan actions (all or none), then each plan's status by its actions.

    ``done`` records ``on`` as the completion date; an action already at the status is left
    as it is. Returns the actions that changed. Raises Invalid for an unknown status,
    NotFound for an action not in the person's plans (the same message whether it exists
    for someone else or not at all), Refused for an abandoned plan.
    """
    _check_statuses(changes)
    actions = _locked_actions(person_id, [i for i, _ in changes])
    changed: list[PlanAction] = []
    for action_id, status in changes:
        action = actions[action_id]
        if action.status == status:
            continue
        old, action.status = action.status, status
        action.completed_on = on if status == PlanAction.Status.DONE else None
        _sync_development(action, on)
        clean(action)
        action.save(update_fields=("status", "completed_on", "development"))
        detail = f"action {action.pk} of plan {action.plan.pk} ({action.what}): {old} -> {status}"
        audit.record("record_plan_progress", person_id, detail, actor=actor)
        changed.append(action)
    for plan in {a.plan.pk: a.plan for a in changed}.values():
        status = _plan_status(plan)
        if status != plan.status:
            _reopen_check(plan, status)
            plan.status = status
            plan.save(update_fields=("status", "updated_at"))
            audit.record("record_plan_status", person_id, f"plan {plan.pk}: {status}", actor=actor)
    return changed
