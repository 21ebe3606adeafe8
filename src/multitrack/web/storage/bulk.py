"""Fast writes and reads of polars frames: PostgreSQL ``COPY``, SQLite ``executemany``.

Callers hold the transaction (``transaction.atomic``); these functions only move rows.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

import polars as pl
from django.db import connection

Progress = Callable[[int], None]
CHUNK = 100_000


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column_list(columns: Sequence[str]) -> str:
    return ", ".join(quote(c) for c in columns)


def write_frame(
    table: str, frame: pl.DataFrame, columns: Sequence[str], progress: Progress | None = None
) -> int:
    """Append ``frame``'s ``columns`` to ``table``; returns the rows written.

    Columns that are null in every row and have no database default are left out of the
    statement: the database stores null for them all the same, and each value not sent is
    one less to bind (SQLite) or parse (PostgreSQL).
    """
    frame = frame.select(columns)
    if frame.height == 0:
        return 0
    frame = frame.drop(_all_null_without_default(table, frame))
    chunks = (frame.slice(start, CHUNK) for start in range(0, frame.height, CHUNK))
    if connection.vendor == "postgresql":
        _copy_postgres(table, chunks, frame.columns, progress)
        return frame.height
    for chunk in chunks:
        _insert_sqlite(table, chunk, frame.columns)
        if progress:
            progress(chunk.height)
    return frame.height


def _all_null_without_default(table: str, frame: pl.DataFrame) -> list[str]:
    counts = frame.null_count().row(0)
    empty = [name for name, n in zip(frame.columns, counts, strict=True) if n == frame.height]
    if not empty or len(empty) == frame.width:
        return []
    return [name for name in empty if name not in _columns_with_default(table)]


def _columns_with_default(table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND table_schema = current_schema() AND column_default IS NOT NULL",
                [table],
            )
            return {name for (name,) in cursor.fetchall()}
        cursor.execute(f"PRAGMA table_info({quote(table)})")
        return {row[1] for row in cursor.fetchall() if row[4] is not None}


def _copy_postgres(
    table: str, chunks: Iterable[pl.DataFrame], columns: Sequence[str], progress: Progress | None
) -> None:
    """One ``COPY`` for all ``chunks``, as CSV: a writer thread sends each chunk while
    polars (which releases the GIL) writes the next."""
    from psycopg.copy import QueuedLibpqWriter

    sql = f"COPY {quote(table)} ({_column_list(columns)}) FROM STDIN (FORMAT csv)"
    with connection.cursor() as cursor:
        writer = QueuedLibpqWriter(cursor.cursor)
        with cursor.cursor.copy(sql, writer=writer) as copy:
            for chunk in chunks:
                data = io.BytesIO()
                chunk.write_csv(data, include_header=False, null_value="")
                copy.write(data.getbuffer())
                if progress:
                    progress(chunk.height)


def _sqlite_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as ISO text and booleans as 0/1: what Django's SQLite backend stores."""
    casts = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            casts.append(pl.col(name).dt.strftime("%Y-%m-%d"))
        elif dtype == pl.Boolean:
            casts.append(pl.col(name).cast(pl.Int8))
    return frame.with_columns(casts) if casts else frame


def _insert_sqlite(table: str, frame: pl.DataFrame, columns: Sequence[str]) -> None:
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {quote(table)} ({_column_list(columns)}) VALUES ({marks})"
    connection.ensure_connection()
    with connection.wrap_database_errors:  # Django's exceptions, as through a cursor
        connection.connection.executemany(sql, _sqlite_ready(frame).iter_rows())


def read_frame(
    table: str, schema: dict[str, pl.DataType], where: str = "", params: Sequence = ()
) -> pl.DataFrame:
    """Read ``schema``'s columns of ``table`` in one query, cast to ``schema`` (in order)."""
    if connection.vendor == "postgresql":
        cols = ", ".join(quote(c) for c in schema)
        raw = _read_postgres(f"SELECT {cols} FROM {quote(table)} {where}", schema, params)
    else:
        cols = ", ".join(_sqlite_column(c, t) for c, t in schema.items())
        raw = _read_sqlite(f"SELECT {cols} FROM {quote(table)} {where}", schema, params)
    return raw.with_columns(_cast(name, dtype).alias(name) for name, dtype in schema.items())


def _sqlite_column(name: str, dtype: pl.DataType) -> str:
    """A column as a plain value: an expression has no declared type, so Django's
    per-value converters (date, bool, decimal objects) stay out of the way."""
    if dtype == pl.Date:
        return f"CAST({quote(name)} AS TEXT)"
    if dtype == pl.Boolean or dtype.is_integer():
        return f"CAST({quote(name)} AS INTEGER)"
    if dtype.is_float():
        return f"CAST({quote(name)} AS REAL)"
    return quote(name)


def _wire_schema(schema: dict[str, pl.DataType], booleans: pl.DataType) -> dict:
    """How rows arrive: dates as text, booleans as ``booleans``, the rest as themselves."""
    return {
        n: pl.String() if t == pl.Date else booleans if t == pl.Boolean else t
        for n, t in schema.items()
    }


def _read_postgres(sql: str, schema: dict[str, pl.DataType], params: Sequence) -> pl.DataFrame:
    wire = _wire_schema(schema, pl.String())
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        query = cursor.cursor.mogrify(sql, params) if params else sql
    _copy_out(query, buffer)
    if buffer.tell() == 0:
        return pl.DataFrame(schema=wire)
    buffer.seek(0)
    return pl.read_csv(buffer, has_header=False, schema=wire)


def _copy_out(sql: str, buffer: io.BytesIO) -> None:
    """Every row of ``COPY (sql) TO STDOUT (FORMAT csv)`` into ``buffer``.

    The server sends one message per row, and psycopg's ``Copy.read`` costs about 5 µs a
    row in its wait machinery; libpq's own blocking ``get_copy_data`` costs a fraction of
    that. The statement is sent and its results drained here, so the connection is idle
    again on return, as after any query.
    """
    from psycopg import errors, pq

    pgconn = connection.connection.pgconn
    with connection.wrap_database_errors:
        pgconn.send_query(f"COPY ({sql}) TO STDOUT (FORMAT csv)".encode())
        start = pgconn.get_result()  # COPY_OUT, or the statement's error
        if start is not None and start.status == pq.ExecStatus.COPY_OUT:
            while True:
                nbytes, data = pgconn.get_copy_data(0)  # waits for the next row
                if nbytes <= 0:
                    break
                buffer.write(data)
            start = None
        failed = start
        while (result := pgconn.get_result()) is not None:
            if result.status != pq.ExecStatus.COMMAND_OK:
                failed = failed or result
        if failed is not None:
            raise errors.error_from_result(failed, encoding="utf-8")


def _read_sqlite(sql: str, schema: dict[str, pl.DataType], params: Sequence) -> pl.DataFrame:
    wire = _wire_schema(schema, pl.Int64())
    connection.ensure_connection()
    parts = [pl.DataFrame(schema=wire)]
    with connection.wrap_database_errors:
        cursor = connection.connection.execute(sql.replace("%s", "?"), tuple(params))
        while rows := cursor.fetchmany(CHUNK):
            parts.append(pl.DataFrame(rows, schema=wire, orient="row", strict=False))
    return pl.concat(parts, how="vertical")


def _cast(name: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if dtype == pl.Date:
        return col.str.to_date("%Y-%m-%d")
    if dtype == pl.Boolean:  # PostgreSQL sends t/f, SQLite 1/0
        text = col.cast(pl.String)
        return pl.when(col.is_null()).then(None).otherwise(text.is_in(["t", "true", "1"]))
    return col.cast(dtype)


def _staged(table: str, frame: pl.DataFrame, columns: Sequence[str]) -> str:
    """Copy ``frame`` into a temporary table shaped like ``table``'s columns (PostgreSQL)."""
    if connection.get_autocommit():
        raise RuntimeError("staged writes need a transaction (transaction.atomic)")
    stage = f"stage_{table}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {quote(stage)}")
        cursor.execute(
            f"CREATE TEMP TABLE {quote(stage)} ON COMMIT DROP AS "
            f"SELECT {_column_list(columns)} FROM {quote(table)} WITH NO DATA"
        )
    write_frame(stage, frame, columns)
    return stage


def update_rows(table: str, key: str, frame: pl.DataFrame, columns: Sequence[str]) -> int:
    """Set ``columns`` of the rows whose ``key`` is in ``frame``; returns rows given."""
    if frame.height == 0:
        return 0
    if connection.vendor == "postgresql":
        stage = _staged(table, frame, [key, *columns])
        sets = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(table)} t SET {sets} FROM {quote(stage)} s "
                f"WHERE t.{quote(key)} = s.{quote(key)}"
            )
        return frame.height
    sets = ", ".join(f"{quote(c)} = ?" for c in columns)
    sql = f"UPDATE {quote(table)} SET {sets} WHERE {quote(key)} = ?"
    connection.ensure_connection()
    rows = _sqlite_ready(frame.select(*columns, key)).iter_rows()
    with connection.wrap_database_errors:
        connection.connection.executemany(sql, rows)
    return frame.height


def upsert_rows(
    table: str, key: str | Sequence[str], frame: pl.DataFrame, columns: Sequence[str]
) -> int:
    """Insert rows of ``frame`` (all of the table's required ``columns``), replacing on ``key``
    (a unique column or set of columns)."""
    if frame.height == 0:
        return 0
    keys = [key] if isinstance(key, str) else list(key)
    others = [c for c in columns if c not in keys]
    sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in others)
    action = f"DO UPDATE SET {sets}" if others else "DO NOTHING"
    cols, conflict = _column_list(columns), _column_list(keys)
    if connection.vendor == "postgresql":
        stage = _staged(table, frame, columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(table)} ({cols}) SELECT {cols} FROM {quote(stage)} "
                f"ON CONFLICT ({conflict}) {action}"
            )
        return frame.height
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {quote(table)} ({cols}) VALUES ({marks}) ON CONFLICT ({conflict}) {action}"
    connection.ensure_connection()
    rows = _sqlite_ready(frame.select(columns)).iter_rows()
    with connection.wrap_database_errors:
        connection.connection.executemany(sql, rows)
    return frame.height


# Past this many rows, dropping and re-adding foreign keys and secondary indexes beats
# per-row upkeep: re-adding a key validates every row in one join, and an index built after
# the load is one sort instead of a million inserts.
RECHECK_FROM = 50_000
# SQLite page cache during big loads (KiB; the default is 2 MiB): the tables' primary-key
# b-trees stay in memory instead of being spilled to the WAL and read back page by page.
SQLITE_BULK_CACHE_KIB = 256 * 1024
# PostgreSQL sort memory for the index and key rebuilds (this transaction only): a million
# rows' index sorts stay in memory instead of spilling to disk (the default is 64 MB).
POSTGRES_REBUILD_MEMORY = "512MB"

_KEYS_SQL = (
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE contype = 'f' AND (conrelid::regclass::text = ANY(%s) "
    "OR confrelid::regclass::text = ANY(%s))"
)
_PRIMARY_KEYS_SQL = (
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE contype = 'p' AND conrelid::regclass::text = ANY(%s)"
)
_INDEXES_SQL = (
    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
    "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
)


@contextmanager
def foreign_keys_checked_once(
    tables: Sequence[str], rows: int, appended: Sequence[str] = ()
) -> Iterator[None]:
    """Inside a transaction, load ``tables`` of ``rows`` rows without per-row index upkeep
    (and, on PostgreSQL, per-row foreign-key checks), then rebuild the indexes (and check
    every foreign key) once. A violation raises IntegrityError there and the transaction
    rolls back, dropped indexes and keys included, so integrity is never relaxed. Small
    loads run as they are. Unique indexes stay: upserts need them to find their conflicts.

    On PostgreSQL the primary keys of the ``appended`` tables (only appended to by this
    load: no upsert needs their key) are rebuilt the same way.
    """
    if rows < RECHECK_FROM:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk loads need a transaction (transaction.atomic)")
    if connection.vendor == "postgresql":
        with _postgres_bulk(list(tables), [t for t in appended if t in tables]):
            yield
    else:
        with _sqlite_bulk(list(tables)):
            yield


@contextmanager
def _postgres_bulk(names: list[str], appended: list[str]) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run checks pending from earlier writes
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{POSTGRES_REBUILD_MEMORY}'")
        cursor.execute(_KEYS_SQL, [names, names])
        keys = cursor.fetchall()
        cursor.execute(_PRIMARY_KEYS_SQL, [appended])
        primary = cursor.fetchall()
        cursor.execute(_INDEXES_SQL, [names])
        indexes = cursor.fetchall()
        for table, name, _ in keys + primary:  # foreign keys first: they need the primary
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in primary:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def _sqlite_bulk(names: list[str]) -> Iterator[None]:
    """Secondary indexes dropped and re-created (SQLite DDL is transactional), a larger page
    cache meanwhile. Foreign keys stay on: they are deferred, checked at commit."""
    marks = ", ".join("%s" for _ in names)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN ({marks})",
            names,
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
        with connection.cursor() as cursor:
            for _, definition in indexes:
                cursor.execute(definition)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
