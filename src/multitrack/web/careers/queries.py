"""Read helpers of the careers room: saved plans with their progress, as plain data.

Readiness now is recomputed from the current frames (newest assessments, trainings done,
time in level) by the same rule that gave readiness when the plan was made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from multitrack.analytics.careers.planning import target_report
from multitrack.analytics.frames import Frames
from multitrack.web.careers.models import DevelopmentPlan, PlanAction
from multitrack.web.common.errors import NotFound
from multitrack.web.people.models import Person

__all__ = ["ActionProgress", "PlanProgress", "plan_progress"]

CLOSED = (PlanAction.Status.DONE, PlanAction.Status.DROPPED)


@dataclass(frozen=True)
class ActionProgress:
    id: int
    kind: str
    what: str
    competencies: tuple[str, ...]
    owner_role: str
    owner_id: str | None
    due: dt.date
    status: str
    completed_on: dt.date | None
    overdue: bool  # not done or dropped, and past its due date
    course_id: str | None
    reason: str


@dataclass(frozen=True)
class PlanProgress:
    """A saved plan, each action's status, and readiness when made beside readiness now."""

    id: int
    person_id: str
    target: str
    framework: str
    status: str
    made_on: dt.date
    horizon_months: int
    readiness_then: float
    readiness_now: float | None  # None when the target is no longer a level
    actions: tuple[ActionProgress, ...]

    @property
    def done(self) -> int:
        return sum(a.status == PlanAction.Status.DONE for a in self.actions)

    @property
    def kept(self) -> int:
        """Actions not dropped: what the plan still counts on."""
        return sum(a.status != PlanAction.Status.DROPPED for a in self.actions)

    @property
    def overdue(self) -> int:
        return sum(a.overdue for a in self.actions)

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out.update(done=self.done, kept=self.kept, overdue=self.overdue)
        return out


def _action(a: PlanAction, today: dt.date) -> ActionProgress:
    return ActionProgress(
        id=a.pk,
        kind=a.kind,
        what=a.what,
        competencies=tuple(a.competencies),
        owner_role=a.owner_role,
        owner_id=a.owner_id,
        due=a.due,
        status=a.status,
        completed_on=a.completed_on,
        overdue=a.status not in CLOSED and a.due < today,
        course_id=a.course_id,
        reason=a.reason,
    )


def _readiness_now(frames: Frames, person_id: str, target: str) -> float | None:
    try:
        return target_report(frames, person_id, target).readiness
    except KeyError:
        return None


def plan_progress(
    person_id: str, frames: Frames, *, today: dt.date, statuses: tuple[str, ...] | None = None
) -> list[PlanProgress]:
    """The person's saved plans (oldest first), each with its actions' progress.

    ``frames`` is the organisation now (``frames_from_db``). Raises NotFound for an
    unknown person.
    """
    if not Person.objects.filter(person_id=person_id).exists():
        raise NotFound(f"no stored person {person_id!r}")
    rows = (
        DevelopmentPlan.objects.filter(person_id=person_id)
        .select_related("framework")
        .prefetch_related("actions")
        .order_by("id")
    )
    if statuses is not None:
        rows = rows.filter(status__in=statuses)
    return [
        PlanProgress(
            id=p.pk,
            person_id=person_id,
            target=p.target,
            framework=p.framework.label,
            status=p.status,
            made_on=p.made_on,
            horizon_months=p.horizon_months,
            readiness_then=p.readiness_then,
            readiness_now=_readiness_now(frames, person_id, p.target),
            actions=tuple(_action(a, today) for a in p.actions.all()),
        )
        for p in rows
    ]
