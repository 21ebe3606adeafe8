"""Throw-away PostgreSQL databases for tests and benchmarks (created, then dropped)."""

from __future__ import annotations

import uuid


def _url(params: dict, dbname: str) -> str:
    user = params.get("user", "")
    password = f":{params['password']}" if params.get("password") else ""
    auth = f"{user}{password}@" if user else ""
    host = params.get("host", "127.0.0.1")
    port = params.get("port", "5432")
    return f"postgresql://{auth}{host}:{port}/{dbname}"


def create_database(server_url: str, prefix: str = "multitrack_test") -> tuple[str, str]:
    """A new empty database on the server of ``server_url``: (its URL, its name)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return _url(conninfo_to_dict(server_url), name), name


def drop_database(server_url: str, name: str) -> None:
    """Drop a database made by :func:`create_database` (closing Django's connections first)."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
