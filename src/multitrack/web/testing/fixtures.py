"""Database fixtures: every DB test runs on SQLite, and again on PostgreSQL when available.

``db_url`` is parametrised over both; the PostgreSQL case uses the root conftest's
``postgres_url`` (skipped by hand, mandatory when CI=true). Each test gets an empty, migrated
database: a copy of a migrated SQLite file, or a throw-away PostgreSQL database (created
once per session, emptied before each test, dropped at the end), so nothing is left behind
and nothing collides with other sessions on the same server.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _scratch_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("multitrack_home")


@pytest.fixture(autouse=True)
def _no_default_database(monkeypatch: pytest.MonkeyPatch, _scratch_home: Path) -> None:
    """No test writes the embedded default database in the working folder or DATABASE_URL."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MULTITRACK_HOME", str(_scratch_home))


def _close() -> None:
    from django.db import connections

    connections.close_all()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file to copy for each test."""
    from multitrack.web.bootstrap import setup

    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    setup(f"sqlite:///{path}")
    _close()
    return path


@pytest.fixture(scope="session")
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database for this session, migrated once and dropped afterwards."""
    from multitrack.web.bootstrap import setup
    from multitrack.web.testing.databases import create_database, drop_database

    url, name = create_database(postgres_url)
    setup(url)
    try:
        yield url
    finally:
        drop_database(postgres_url, name)


def empty_postgres() -> None:
    """Empty every table of the current PostgreSQL database (schema stays).

    DELETE, not TRUNCATE: test tables are small, and TRUNCATE's new files cost more.
    """
    from django.db import connection

    from multitrack.web.storage.store import clear_organisation

    clear_organisation()
    tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
    with connection.cursor() as cursor:
        for table in ("people_organisation", *tables):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def fresh_database(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty migrated database of ``kind`` (sqlite | postgres), set up as the default."""
    from multitrack.web.bootstrap import setup

    if kind == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return setup(f"sqlite:///{path}")
    url = request.getfixturevalue("postgres_database")
    setup(url)
    empty_postgres()
    return url


BOTH = [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BOTH)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database, once on SQLite and once on PostgreSQL."""
    yield fresh_database(request.param, request, tmp_path)
    _close()


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated SQLite database (for tests where the engine does not matter)."""
    yield fresh_database("sqlite", request, tmp_path)
    _close()
