"""Store a whole :class:`Frames` in one transaction, replacing the stored organisation."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from django.db import connection, transaction

from multitrack.analytics.frames import DEMOGRAPHIC_PREFIX, Frames
from multitrack.web.common import audit
from multitrack.web.storage.bulk import foreign_keys_checked_once, quote, write_frame
from multitrack.web.storage.tables import (
    CLEARED_TABLES,
    COURSE_COMPETENCIES,
    DEMOGRAPHIC_FIELDS,
    DEMOGRAPHICS,
    ORG_TABLES,
    TABLES,
)

# frame name, rows just written
StoreProgress = Callable[[str, int], None]

TEXT_DTYPES = ("String", "Boolean", "Date", "Float64", "Float32") + tuple(
    f"{s}Int{b}" for s in ("", "U") for b in (8, 16, 32, 64)
)


# Past this many rows TRUNCATE beats DELETE on PostgreSQL; below it, TRUNCATE's new files
# (and their fsync at commit) make it the slower of the two.
TRUNCATE_FROM = 20_000


def clear_organisation() -> None:
    """Empty the stored organisation and the plans made for its people (frameworks, audit stay)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for table in CLEARED_TABLES:
                cursor.execute(f"DELETE FROM {quote(table)}")
            return
        big = []
        for table in CLEARED_TABLES:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {quote(table)} LIMIT %s) t", [TRUNCATE_FROM]
            )
            if cursor.fetchone()[0] >= TRUNCATE_FROM:
                big.append(table)
        if big:
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in big)} CASCADE")
        for table in CLEARED_TABLES:
            if table not in big:
                cursor.execute(f"DELETE FROM {quote(table)}")


def row_counts(frames: Frames) -> dict[str, int]:
    return {name: df.height for name, df in frames.items()}


def do_store_frames(
    frames: Frames,
    *,
    demographic_basis: str = "unspecified",
    progress: StoreProgress | None = None,
    actor: str = "cli",
) -> dict[str, int]:
    """Replace the stored organisation with ``frames``, all or nothing.

    The framework is stored as a published version (reused when identical); pay amounts are
    kept to the cent. Returns rows written per frame. Raises FramesError for frames that do
    not match their schema, Refused when the framework version clashes with a stored one.
    """
    from multitrack.web.frameworks.actions import do_store_published_framework
    from multitrack.web.people.queries import organisation

    frames = frames.validated()
    with transaction.atomic():
        version = do_store_published_framework(frames.framework, actor=actor)
        clear_organisation()
        org = organisation()
        org.framework = version
        org.as_of = pl.Series([frames.as_of]).str.to_date().item() if frames.as_of else None
        org.currency = frames.framework.currency or frames.framework.pay.currency
        org.save()
        total = sum(row_counts(frames).values())
        with foreign_keys_checked_once(ORG_TABLES, total, appended=ORG_TABLES):
            counts = write_frames(frames, demographic_basis, progress)
        summary = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        audit.record("store_frames", version.label, summary, actor=actor)
    return counts


def write_frames(
    frames: Frames, demographic_basis: str, progress: StoreProgress | None = None
) -> dict[str, int]:
    """Append every frame to its (empty) table; the caller holds the transaction."""
    counts: dict[str, int] = {}
    for spec in TABLES:
        frame = getattr(frames, spec.frame)
        if spec.frame == "pay":
            frame = frame.with_columns(pl.col("base", "variable").round(2))
        tick = (lambda n, name=spec.frame: progress(name, n)) if progress else None
        counts[spec.frame] = write_frame(spec.table, frame, spec.columns, tick)
    write_course_competencies(frames.courses)
    write_demographics(frames.people, demographic_basis)
    return counts


def write_course_competencies(courses: pl.DataFrame) -> int:
    links = (
        courses.select("course_id", "competencies")
        .explode("competencies")
        .drop_nulls("competencies")
        .with_columns(pl.int_range(pl.len()).over("course_id").alias("position"))
        .rename({"competencies": "competency"})
    )
    return write_frame(COURSE_COMPETENCIES, links, ["course_id", "competency", "position"])


def _as_text(series: pl.Series) -> pl.Series:
    if series.dtype == pl.Boolean:
        return series.replace_strict({True: "true", False: "false"}, return_dtype=pl.String)
    if series.dtype == pl.Date:
        return series.dt.strftime("%Y-%m-%d")
    return series.cast(pl.String)


def write_demographics(people: pl.DataFrame, basis: str) -> int:
    """Demographic columns (``demo_*``) as one field row each plus one value row per person."""
    columns = [c for c in people.columns if c.startswith(DEMOGRAPHIC_PREFIX)]
    if not columns:
        return 0
    keys = [c.removeprefix(DEMOGRAPHIC_PREFIX) for c in columns]
    dtypes = [str(people[c].dtype) for c in columns]
    fields = pl.DataFrame(
        {
            "key": keys,
            "basis": [basis] * len(keys),
            "dtype": [d if d in TEXT_DTYPES else "String" for d in dtypes],
            "description": [""] * len(keys),
            "position": list(range(len(keys))),
        }
    )
    write_frame(DEMOGRAPHIC_FIELDS, fields, fields.columns)
    long = pl.concat(
        people.select(
            pl.col("person_id"),
            pl.lit(key).alias("field_id"),
            pl.Series("value", _as_text(people[col])),
        ).drop_nulls("value")
        for col, key in zip(columns, keys, strict=True)
    )
    return write_frame(DEMOGRAPHICS, long, ["person_id", "field_id", "value"])
