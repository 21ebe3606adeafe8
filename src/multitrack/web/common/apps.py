"""App configuration of the common room."""

from __future__ import annotations

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "multitrack.web.common"
    label = "common"
    verbose_name = "Common"
