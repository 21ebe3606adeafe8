"""Competency assessments."""

from __future__ import annotations

from django.db import models


class Assessment(models.Model):
    """One person's proficiency on one competency, from one source, on one date."""

    class Source(models.TextChoices):
        SELF = "self"
        MANAGER = "manager"
        PEER = "peer"
        UPWARD = "upward"

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assessments"
    )
    competency = models.CharField(max_length=100)
    proficiency = models.SmallIntegerField(help_text="1-based step on the competency's scale")
    source = models.CharField(max_length=10, choices=Source.choices)
    date = models.DateField()
    assessor = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments_given",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proficiency__gte=1), name="assessment_proficiency_positive"
            )
        ]
        indexes = [models.Index(fields=("person", "competency"), name="assessment_person_comp")]
