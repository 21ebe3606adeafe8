"""Start Django for one database URL, migrate it when needed, and read its frames.

The CLI and tests call :func:`setup` with ``--db`` (or ``None`` for ``DATABASE_URL`` / the
embedded SQLite file); calling it again with another URL switches the default connection,
which lets one process (a test session) use SQLite and PostgreSQL in turn.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from multitrack.web.common.errors import StorageError
from multitrack.web.config import database_settings, database_url, redact

if TYPE_CHECKING:
    from multitrack.analytics.frames import Frames

_current: str | None = None
_migrated: set[str] = set()


def configure() -> None:
    """Start Django (settings from the environment) without touching any database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multitrack.web.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def setup(db: str | None = None, *, migrate: bool = True) -> str:
    """Configure Django for ``db`` (idempotent) and bring its schema up to date, quietly.

    Returns the URL in force. Raises StorageError for an unusable URL or a database that
    cannot be reached or migrated (the message names the URL, without its password).
    """
    global _current
    url = database_url(db)
    try:
        cfg = database_settings(url)
    except ValueError as exc:
        raise StorageError(str(exc)) from None
    configure()
    from django.conf import settings

    if _current != url:
        _switch(settings, cfg)
        _current = url
    if migrate and url not in _migrated:
        from django.db import DatabaseError

        try:
            _migrate()
        except DatabaseError as exc:
            _current = None
            raise StorageError(f"cannot use database {redact(url)}: {exc}".strip()) from None
        _migrated.add(url)
    return url


def _switch(settings, cfg: dict) -> None:
    """Point the default connection at ``cfg`` (closing the old one)."""
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"] = cfg
    connections.settings = connections.configure_settings(settings.DATABASES)
    with contextlib.suppress(AttributeError):  # no connection opened in this thread yet
        del connections["default"]


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", verbosity=0, interactive=False)


def forget_migrated(url: str) -> None:
    """Make the next :func:`setup` check ``url``'s schema again (after a database is replaced)."""
    _migrated.discard(database_url(url))


def frames_from_db(db: str | None = None) -> Frames:
    """The stored organisation as analytics frames (one query per frame).

    Raises StorageError when the database holds no organisation yet.
    """
    setup(db)
    from multitrack.web.storage.read import read_frames

    return read_frames()
