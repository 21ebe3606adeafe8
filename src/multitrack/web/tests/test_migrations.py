"""The migrations describe the models exactly, and a new database migrates from nothing."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import connection


def test_models_and_migrations_agree(sqlite_url):
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # raised (code 1) when a model change lacks its migration
        raise AssertionError(f"missing migration:\n{out.getvalue()}") from exc


def test_every_room_has_its_tables(db_url):
    tables = set(connection.introspection.table_names())
    for table in (
        "people_person",
        "people_historyevent",
        "people_payrecord",
        "people_fxrate",
        "frameworks_frameworkversion",
        "assessments_assessment",
        "workgroups_membership",
        "projects_assignment",
        "development_course",
        "common_auditentry",
    ):
        assert table in tables
