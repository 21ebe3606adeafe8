"""Read the stored organisation as analytics frames: one query per frame, straight to polars."""

from __future__ import annotations

import polars as pl

from multitrack.analytics.frames import DEMOGRAPHIC_PREFIX, SCHEMAS, Frames
from multitrack.core import loads
from multitrack.web.storage.bulk import read_frame
from multitrack.web.storage.tables import (
    BY_FRAME,
    COURSE_COMPETENCIES,
    DEMOGRAPHIC_FIELDS,
    DEMOGRAPHICS,
    TABLES,
    TableSpec,
)

DTYPES: dict[str, pl.DataType] = {
    "String": pl.String(),
    "Int64": pl.Int64(),
    "Float64": pl.Float64(),
    "Boolean": pl.Boolean(),
    "Date": pl.Date(),
}


def read_table(spec: TableSpec, where: str = "", params: tuple = ()) -> pl.DataFrame:
    """One frame's stored rows, sorted by its natural key (then by stored order)."""
    schema = {c: SCHEMAS[spec.frame][c] for c in spec.columns}
    if spec.tiebreak:
        schema[spec.tiebreak] = pl.Int64()
    frame = read_frame(spec.table, schema, where, params)
    order = [*spec.key, *([spec.tiebreak] if spec.tiebreak else [])]
    frame = frame.sort(order, nulls_last=False, maintain_order=True)
    return frame.drop(spec.tiebreak) if spec.tiebreak else frame


def read_courses() -> pl.DataFrame:
    """Courses with the list of competencies each develops (in stated order)."""
    courses = read_table(BY_FRAME["courses"])
    links = read_frame(
        COURSE_COMPETENCIES,
        {"course_id": pl.String(), "competency": pl.String(), "position": pl.Int64()},
    )
    lists = (
        links.sort("course_id", "position")
        .group_by("course_id", maintain_order=True)
        .agg(pl.col("competency").alias("competencies"))
    )
    out = courses.join(lists, on="course_id", how="left", maintain_order="left")
    return out.with_columns(
        pl.col("competencies").fill_null(pl.lit([], dtype=pl.List(pl.String())))
    ).select(list(SCHEMAS["courses"]))


def demographic_fields() -> pl.DataFrame:
    return read_frame(
        DEMOGRAPHIC_FIELDS,
        {"key": pl.String(), "dtype": pl.String(), "basis": pl.String()},
        "ORDER BY position",
    )


def with_demographics(people: pl.DataFrame) -> pl.DataFrame:
    """``people`` with one ``demo_<field>`` column per stored demographic field."""
    fields = demographic_fields()
    if fields.height == 0:
        return people
    values = read_frame(
        DEMOGRAPHICS,
        {"person_id": pl.String(), "field_id": pl.String(), "value": pl.String()},
    )
    wide = values.pivot(on="field_id", index="person_id", values="value")
    casts = []
    for key, dtype in fields.select("key", "dtype").iter_rows():
        name = DEMOGRAPHIC_PREFIX + key
        if key not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.String()).alias(key))
        casts.append(_from_text(pl.col(key), DTYPES.get(dtype, pl.String())).alias(name))
    wide = wide.select(pl.col("person_id"), *casts)
    return people.join(wide, on="person_id", how="left", maintain_order="left")


def _from_text(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Boolean:
        return pl.when(col.is_null()).then(None).otherwise(col == "true")
    if dtype == pl.Date:
        return col.str.to_date("%Y-%m-%d")
    return col.cast(dtype)


def read_frames() -> Frames:
    """The whole stored organisation as :class:`Frames`.

    Raises StorageError when no organisation (framework) is stored yet.
    """
    from multitrack.web.people.queries import organisation_framework

    org, source = organisation_framework()
    frames = {spec.frame: read_table(spec) for spec in TABLES}
    frames["courses"] = read_courses()
    frames["people"] = with_demographics(frames["people"])
    as_of = org.as_of.isoformat() if org.as_of else None
    return Frames(framework=loads(source, name="stored framework"), as_of=as_of, **frames)
