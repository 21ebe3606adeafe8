"""Projects and assignments."""

from __future__ import annotations

from django.db import models


class Project(models.Model):
    """A project with a visibility grade: 1 low, 2 medium, 3 high."""

    project_id = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=200, blank=True, default="")
    visibility = models.SmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__gte=1, visibility__lte=3),
                name="project_visibility_grade",
            )
        ]


class Assignment(models.Model):
    """A person's assignment to a project, as lead or member."""

    class Role(models.TextChoices):
        LEAD = "lead"
        MEMBER = "member"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
