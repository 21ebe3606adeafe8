"""App configuration of the workgroups room."""

from __future__ import annotations

from django.apps import AppConfig


class WorkgroupsConfig(AppConfig):
    name = "multitrack.web.workgroups"
    label = "workgroups"
    verbose_name = "Workgroups"
