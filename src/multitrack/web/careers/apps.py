"""App configuration of the careers room."""

from __future__ import annotations

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "multitrack.web.careers"
    label = "careers"
    verbose_name = "Careers"
