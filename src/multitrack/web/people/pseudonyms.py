"""Stable pseudonyms for exports to analysts who must not see who is who.

A person's pseudonym is a keyed hash (HMAC-SHA256) of their id with the organisation's
secret salt, which is stored in the database and never exported: the same person gets the
same pseudonym in every export from the same database, nobody without the salt can recompute
it from an id, and every column that names a person is mapped with the same table so manager
links, assessors and mentors stay consistent across frames.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

import polars as pl

from multitrack.analytics.frames import Frames

PREFIX = "p-"
DIGITS = 16  # 64 bits: a collision among a million people has odds of about 1 in 36 million

# frame -> columns holding person ids
PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": ("person_id", "manager_id"),
    "events": ("person_id",),
    "pay": ("person_id",),
    "assessments": ("person_id", "assessor_id"),
    "memberships": ("person_id",),
    "assignments": ("person_id",),
    "development": ("person_id", "partner_id"),
}


def pseudonym(person_id: str, salt: str) -> str:
    digest = hmac.new(salt.encode(), person_id.encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:DIGITS]


def pseudonym_table(ids: Iterable[str], salt: str) -> dict[str, str]:
    """id -> pseudonym for every distinct id. Raises ValueError on a (very unlikely) clash."""
    table = {i: pseudonym(i, salt) for i in set(ids)}
    if len(set(table.values())) != len(table):
        raise ValueError("two ids share a pseudonym; export again with a new salt")
    return table


def _ids(frames: Frames) -> set[str]:
    found: set[str] = set()
    for name, columns in PERSON_COLUMNS.items():
        frame = getattr(frames, name)
        for column in columns:
            found.update(frame[column].drop_nulls().unique().to_list())
    manager_events = frames.events.filter(pl.col("kind") == "manager_change")
    found.update(manager_events["detail"].drop_nulls().unique().to_list())
    return found


def pseudonymise(frames: Frames, salt: str) -> Frames:
    """The same frames with ids replaced by pseudonyms, names by the pseudonym, no emails."""
    table = pseudonym_table(_ids(frames), salt)

    def mapped(column: str) -> pl.Expr:
        return pl.col(column).replace_strict(table, default=None, return_dtype=pl.String)

    changes = {
        name: getattr(frames, name).with_columns(mapped(c) for c in columns)
        for name, columns in PERSON_COLUMNS.items()
    }
    changes["people"] = changes["people"].with_columns(
        pl.col("person_id").alias("name"), pl.lit(None, pl.String).alias("email")
    )
    is_manager = pl.col("kind") == "manager_change"
    changes["events"] = changes["events"].with_columns(
        pl.when(is_manager).then(mapped("detail")).otherwise(pl.col("detail")).alias("detail")
    )
    return frames.replace(**changes)
