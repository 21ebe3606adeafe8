"""App configuration of the development room."""

from __future__ import annotations

from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "multitrack.web.development"
    label = "development"
    verbose_name = "Development"
