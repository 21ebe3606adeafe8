"""App configuration of the frameworks room."""

from __future__ import annotations

from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "multitrack.web.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks"
