"""The course catalogue and development actions."""

from __future__ import annotations

from django.db import models


class Course(models.Model):
    """A course in the catalogue."""

    course_id = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=200, blank=True, default="")
    hours = models.FloatField(null=True, blank=True)


class CourseCompetency(models.Model):
    """A competency (framework key) that a course develops."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="competencies")
    competency = models.CharField(max_length=100)
    position = models.SmallIntegerField(default=0, help_text="order within the course's list")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("course", "competency"), name="course_competency")
        ]


class DevelopmentAction(models.Model):
    """Mentoring (with a mentor), coaching (with a coach) or training (on a course)."""

    class Kind(models.TextChoices):
        MENTORING = "mentoring"
        COACHING = "coaching"
        TRAINING = "training"

    class Status(models.TextChoices):
        PLANNED = "planned"
        ACTIVE = "active"
        DONE = "done"
        DROPPED = "dropped"

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="development"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    partner = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="development_given",
    )
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
