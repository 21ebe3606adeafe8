"""App configuration of the people room."""

from __future__ import annotations

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "multitrack.web.people"
    label = "people"
    verbose_name = "People"
