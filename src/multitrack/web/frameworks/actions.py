"""Writes of the frameworks room: drafts change, published versions never do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl
from django.db import transaction
from django.utils import timezone

from multitrack.core import Framework, dumps, loads
from multitrack.web.common import audit
from multitrack.web.common.errors import NotFound, Refused
from multitrack.web.frameworks.models import FrameworkVersion


def _source(framework: Framework | str) -> tuple[Framework, str]:
    """The model and its canonical YAML; YAML text is parsed (and so validated) first.

    Raises FrameworkError for text that is not a valid framework.
    """
    fw = loads(framework, name="framework") if isinstance(framework, str) else framework
    return fw, dumps(fw)


@transaction.atomic
def do_save_framework_draft(framework: Framework | str, actor: str = "cli") -> FrameworkVersion:
    """Create the draft ``name@version`` or replace its content.

    Raises Refused when that version is already published, FrameworkError for invalid YAML.
    """
    fw, source = _source(framework)
    version = (
        FrameworkVersion.objects.select_for_update()
        .filter(name=fw.name, version=fw.version)
        .first()
    )
    if version is None:
        version = FrameworkVersion(name=fw.name, version=fw.version)
    elif version.is_published:
        raise Refused(
            f"framework {version.label} is published and cannot change; save it as a new version"
        )
    version.source, version.effective = source, fw.effective
    version.full_clean()
    version.save()
    audit.record("save_framework_draft", version.label, actor=actor)
    return version


@transaction.atomic
def do_publish_framework_version(name: str, version: str, actor: str = "cli") -> FrameworkVersion:
    """Publish a draft; from now on it never changes.

    Raises NotFound for an unknown version, Refused when it is already published.
    """
    found = FrameworkVersion.objects.select_for_update().filter(name=name, version=version).first()
    if found is None:
        raise NotFound(f"no stored framework {name}@{version}")
    if found.is_published:
        raise Refused(f"framework {found.label} is already published")
    found.status, found.published_at = FrameworkVersion.Status.PUBLISHED, timezone.now()
    found.save(update_fields=("status", "published_at"))
    audit.record("publish_framework_version", found.label, actor=actor)
    return found


@transaction.atomic
def do_store_published_framework(framework: Framework, actor: str = "cli") -> FrameworkVersion:
    """The published version holding exactly ``framework``, stored and published if new.

    Raises Refused when ``name@version`` is published with different content.
    """
    fw, source = _source(framework)
    found = FrameworkVersion.objects.filter(name=fw.name, version=fw.version).first()
    if found is not None and found.is_published:
        if found.source != source:
            raise Refused(
                f"framework {found.label} is published with different content; "
                "give the new content a new version"
            )
        return found
    do_save_framework_draft(fw, actor=actor)
    return do_publish_framework_version(fw.name, fw.version, actor=actor)


def default_level_map(old: Framework, new: Framework) -> dict[str, str]:
    """Old level -> new level: from the diff of the two versions when core provides it,
    else every level whose key is still in the new version."""
    try:
        from multitrack.core.diff import level_map  # type: ignore[import-not-found]
    except ImportError:
        return {key: key for key in old.levels if key in new.levels}
    return dict(level_map(old, new))


def _moves(people: pl.DataFrame, mapping: Mapping[str, str], new: Framework) -> pl.DataFrame:
    """Employed people with their new level; Refused when a level has nowhere to go."""
    moved = people.with_columns(
        pl.col("level").replace_strict(dict(mapping), default=None).alias("to_level")
    )
    lost = moved.filter(pl.col("to_level").is_null() | ~pl.col("to_level").is_in(list(new.levels)))
    if lost.height:
        counts = lost.group_by("level").len().sort("level")
        listed = ", ".join(f"{lv} ({n})" for lv, n in counts.iter_rows())
        raise Refused(f"no level in {new.name}@{new.version} for: {listed}; extend the level map")
    return moved.with_columns(
        pl.col("to_level").str.split_exact("/", 1).struct.rename_fields(["to_track", "to_band"])
    ).unnest("to_level")


@transaction.atomic
def do_move_people_to_version(
    name: str,
    version: str,
    *,
    date: dt.date,
    level_map: Mapping[str, str] | None = None,
    actor: str = "cli",
) -> int:
    """Put the organisation on a published version, moving each employed person's level
    through ``level_map`` (default: :func:`default_level_map`), one version_move event each.

    Returns the people moved. Raises NotFound, Refused (a draft, the version already in
    force, or levels the map leaves without a place).
    """
    from multitrack.web.frameworks.queries import find_version, framework_of
    from multitrack.web.people.queries import organisation_framework
    from multitrack.web.storage.bulk import update_rows, write_frame
    from multitrack.web.storage.read import read_table
    from multitrack.web.storage.tables import BY_FRAME

    target = find_version(name, version)
    if not target.is_published:
        raise Refused(f"framework {target.label} is a draft; publish it before moving people")
    org, _ = organisation_framework()
    if org.framework_id == target.pk:
        raise Refused(f"the organisation is already on {target.label}")
    old, new = framework_of(org.framework), framework_of(target)
    people = read_table(BY_FRAME["people"]).filter(pl.col("exit_date").is_null())
    moved = _moves(people, level_map or default_level_map(old, new), new)
    events = moved.select(
        "person_id",
        pl.lit(date).alias("date"),
        pl.lit("version_move").alias("kind"),
        pl.col("track").alias("from_track"),
        pl.col("band").alias("from_band"),
        "to_track",
        "to_band",
        pl.lit(None, pl.Float64).alias("value"),
        pl.lit(target.label).alias("detail"),
    )
    write_frame(BY_FRAME["events"].table, events, events.columns)
    state = moved.select(
        "person_id",
        pl.col("to_track").alias("track"),
        pl.col("to_band").alias("band"),
        (pl.col("to_track") + "/" + pl.col("to_band")).alias("level"),
    )
    update_rows(BY_FRAME["people"].table, "person_id", state, ["track", "band", "level"])
    org.framework = target
    org.save(update_fields=("framework",))
    audit.record("move_people_to_version", target.label, f"{moved.height} people", actor)
    return moved.height


@transaction.atomic
def do_adopt_framework(name: str, version: str, actor: str = "cli") -> bool:
    """Put an organisation that has no framework yet on a published version.

    Returns False (and changes nothing) when it already has one: moving people onto another
    version is :func:`do_move_people_to_version`. Raises NotFound, Refused for a draft.
    """
    from multitrack.web.frameworks.queries import find_version
    from multitrack.web.people.queries import organisation

    target = find_version(name, version)
    if not target.is_published:
        raise Refused(f"framework {target.label} is a draft; publish it first")
    org = organisation()
    if org.framework_id is not None:
        return False
    org.framework = target
    org.currency = framework_of_currency(target)
    org.save(update_fields=("framework", "currency"))
    audit.record("adopt_framework", target.label, actor=actor)
    return True


def framework_of_currency(version: FrameworkVersion) -> str:
    from multitrack.web.frameworks.queries import framework_of

    fw = framework_of(version)
    return fw.currency or fw.pay.currency
