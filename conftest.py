"""Shared test plumbing: optional parts skip by hand and are mandatory when CI=true."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Database fixtures (db_url over SQLite and PostgreSQL, sqlite_url) for any test that stores.
pytest_plugins = ("multitrack.web.testing.fixtures",)

ROOT = Path(__file__).resolve().parent
SHARED_DATA = ROOT.parent / "shared" / "data"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(condition: bool, reason: str) -> None:
    """Skip (by hand) or fail (in CI) when a part the test needs is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (mandatory when CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The third-party data sets in ../shared/data (read-only)."""
    need(SHARED_DATA.is_dir(), f"../shared/data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL URL for tests (MULTITRACK_TEST_POSTGRES), checked to answer."""
    url = os.environ.get("MULTITRACK_TEST_POSTGRES", "")
    ok = False
    if url:
        try:
            import psycopg

            with psycopg.connect(url, connect_timeout=3):
                ok = True
        except Exception:  # noqa: BLE001 - any failure means "not available"
            ok = False
    need(ok, "PostgreSQL not reachable (set MULTITRACK_TEST_POSTGRES)")
    return url


@pytest.fixture(scope="session")
def chromium() -> str:
    path = os.environ.get("MULTITRACK_CHROMIUM", "/usr/bin/chromium")
    need(Path(path).exists(), f"Chromium not found at {path}")
    return path
