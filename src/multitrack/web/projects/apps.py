"""App configuration of the projects room."""

from __future__ import annotations

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "multitrack.web.projects"
    label = "projects"
    verbose_name = "Projects"
