"""The careers hand-made organisation stored, and plans made from it as the CLI makes them."""

from __future__ import annotations

import datetime as dt

from multitrack.analytics.careers.planning import development_plan
from multitrack.analytics.careers.profiles import person_state
from multitrack.analytics.careers.schedule import schedule_plan
from multitrack.analytics.careers.tests.fixtures import frames
from multitrack.web.careers.actions import SavedPlan, do_save_plan
from multitrack.web.storage.read import read_frames
from multitrack.web.storage.store import do_store_frames

MADE_ON = dt.date(2026, 7, 1)


def store() -> None:
    do_store_frames(frames())


def clear_plans() -> None:
    """Remove saved plans between tests."""
    from multitrack.web.careers.models import DevelopmentPlan, PlanAction

    PlanAction.objects.all().delete()
    DevelopmentPlan.objects.all().delete()


def save(person: str, target: str, months: int = 12) -> SavedPlan:
    """Make the plan from the stored organisation and save it, as ``plan --save`` does."""
    org = read_frames()
    plan = development_plan(org, person, target)
    actions = schedule_plan(
        plan, person_state(org, person), org.courses, start=MADE_ON, months=months
    )
    return do_save_plan(plan, actions, made_on=MADE_ON, months=months)
