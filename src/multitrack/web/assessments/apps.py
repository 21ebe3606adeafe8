"""App configuration of the assessments room."""

from __future__ import annotations

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "multitrack.web.assessments"
    label = "assessments"
    verbose_name = "Assessments"
