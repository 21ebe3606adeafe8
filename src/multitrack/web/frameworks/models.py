"""Stored framework versions."""

from __future__ import annotations

from django.db import models


class FrameworkVersion(models.Model):
    """One version of a career framework, kept as its YAML text.

    A draft may change; once published, a version never changes (the actions refuse), so
    history events and analyses that name it keep their meaning.
    """

    class Status(models.TextChoices):
        DRAFT = "draft"
        PUBLISHED = "published"

    name = models.CharField(max_length=200)
    version = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.TextField(help_text="the framework as YAML (multitrack format)")
    effective = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("name", "version"), name="framework_name_version")
        ]
        ordering = ("id",)

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
