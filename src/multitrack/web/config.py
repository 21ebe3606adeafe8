"""Where the database is: ``--db URL``, else ``DATABASE_URL``, else the embedded SQLite file.

Kept free of Django so the CLI can say which database it will use before Django starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SQLITE_NAME = "multitrack.sqlite3"


def default_sqlite_path() -> Path:
    """``$MULTITRACK_HOME/multitrack.sqlite3``, else ``multitrack.sqlite3`` in the working dir."""
    home = os.environ.get("MULTITRACK_HOME")
    base = Path(home).expanduser() if home else Path.cwd()
    return (base / SQLITE_NAME).resolve()


def database_url(db: str | None = None) -> str:
    """The URL in force: the argument, then ``DATABASE_URL``, then the embedded SQLite file.

    A bare file path (no ``://``) is read as a SQLite file.
    """
    url = db or os.environ.get("DATABASE_URL") or ""
    if not url:
        return f"sqlite:///{default_sqlite_path()}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def database_settings(url: str) -> dict[str, Any]:
    """Django ``DATABASES['default']`` for a URL, with our SQLite and PostgreSQL options."""
    import dj_database_url

    try:
        cfg = dj_database_url.parse(url, conn_max_age=0)
    except (ValueError, KeyError) as exc:
        raise ValueError(f"unusable database URL {redact(url)!r}: {exc}") from None
    engine = cfg["ENGINE"]
    if engine.endswith("sqlite3"):
        cfg["OPTIONS"] = {
            # WAL lets readers run beside a writer; NORMAL is durable enough under WAL.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
        if cfg["NAME"] and cfg["NAME"] != ":memory:":
            Path(cfg["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    elif "postgresql" not in engine:
        raise ValueError(f"unsupported database {redact(url)!r}: use sqlite:/// or postgresql://")
    cfg["TEST"] = {}
    return cfg


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url
