"""Saved development plans and their actions, so that progress on them can be tracked.

A plan is made from the suggestions of ``analytics.careers.planning.development_plan`` with
owners and due dates by the rule of ``analytics.careers.schedule``; writes go through
:mod:`multitrack.web.careers.actions` only.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class DevelopmentPlan(models.Model):
    """A person's plan towards one target level, against the framework version it was made on.

    ``readiness_then`` keeps the readiness the plan was made with, so progress can set it
    beside readiness now. A person has at most one open (draft or active) plan per target:
    saving the same plan again adds only the actions that are new.
    """

    class Status(models.TextChoices):
        DRAFT = "draft"
        ACTIVE = "active"
        DONE = "done"
        ABANDONED = "abandoned"

    OPEN = (Status.DRAFT, Status.ACTIVE)

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="plans")
    target = models.CharField(max_length=200, help_text="the target level, track/band")
    framework = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="+"
    )
    readiness_then = models.FloatField(validators=UNIT, help_text="readiness when made, 0..1")
    made_on = models.DateField(help_text="the day the plan was made; due dates count from it")
    horizon_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("person", "target"),
                condition=models.Q(status__in=("draft", "active")),
                name="plan_one_open_per_target",
            ),
            models.CheckConstraint(
                condition=models.Q(readiness_then__gte=0.0, readiness_then__lte=1.0),
                name="plan_readiness_unit",
            ),
        ]
        ordering = ("id",)

    def __str__(self) -> str:
        return f"plan {self.pk} for {self.person_id} towards {self.target}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class PlanAction(models.Model):
    """One thing to do in a plan: what, for which competencies, who owns it, by when.

    The owner is a role (the person, their mentor, their manager, HR) and, when known, the
    stored person in it. ``course`` and ``development`` link the catalogue course and the
    development record (training or mentoring) the action is carried out as, where they apply.
    """

    class Kind(models.TextChoices):
        COURSE = "course"
        MENTORING = "mentoring"
        COACHING = "coaching"
        EXPERIENCE = "experience"
        ASSESSMENT = "assessment"

    class Status(models.TextChoices):
        PLANNED = "planned"
        ACTIVE = "active"
        DONE = "done"
        DROPPED = "dropped"

    class OwnerRole(models.TextChoices):
        PERSON = "person"
        MENTOR = "mentor"
        MANAGER = "manager"
        HR = "HR"

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0, help_text="order within the plan")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    what = models.CharField(max_length=300)
    competencies = models.JSONField(default=list, blank=True, help_text="competency keys")
    owner_role = models.CharField(max_length=10, choices=OwnerRole.choices)
    owner = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions_owned",
    )
    due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True, default="")
    course = models.ForeignKey(
        "development.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    development = models.ForeignKey(
        "development.DevelopmentAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("plan", "kind", "what"), name="plan_action_once"),
            models.CheckConstraint(
                condition=models.Q(status="done", completed_on__isnull=False)
                | (~models.Q(status="done") & models.Q(completed_on__isnull=True)),
                name="plan_action_completed_when_done",
            ),
        ]
        ordering = ("plan", "position", "id")

    def __str__(self) -> str:
        return f"{self.kind}: {self.what} ({self.status})"
