"""The people import: every row checked, then the ``people``, ``pay`` and ``events`` frames.

A level is read from a level column (a ``track/band`` key, a level title, or a band when the
file also has a track), or from a track and a band column; the value map in the mapping
turns an export's own codes into these. Manager references are checked against the file
and the stored people, cycles across both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from multitrack.analytics.ingest.checks import Rows, formatted, listing, member, suggest
from multitrack.analytics.ingest.hierarchy import check_managers, reject_under_rejected
from multitrack.analytics.ingest.pay import read_pay
from multitrack.analytics.ingest.refs import Context, FrameworkRefs
from multitrack.analytics.ingest.values import per_distinct, text_key

__all__ = ["read_people"]

EXIT_SYNONYMS = {
    "resignation": "voluntary", "resigned": "voluntary", "quit": "voluntary",
    "retired": "voluntary", "retirement": "voluntary", "voluntary resignation": "voluntary",
    "vol": "voluntary", "voluntary termination": "voluntary", "left": "voluntary",
    "dismissal": "involuntary", "dismissed": "involuntary", "fired": "involuntary",
    "terminated": "involuntary", "termination": "involuntary", "layoff": "involuntary",
    "laid off": "involuntary", "redundancy": "involuntary", "redundant": "involuntary",
    "invol": "involuntary", "involuntary termination": "involuntary",
}  # fmt: skip
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _coalesce(*parts: pl.Series) -> pl.Series:
    """The first non-null of ``parts`` per row (absent columns, all null, cost nothing)."""
    given = [p for p in parts if p.null_count() < len(p)] or parts[:1]
    return given[0] if len(given) == 1 else pl.select(pl.coalesce(given)).to_series()


def _concat(a: pl.Series, b: pl.Series) -> pl.Series:
    return pl.select(pl.concat_str([a, pl.lit("/"), b])).to_series()


def _levels(rows: Rows, refs: FrameworkRefs) -> pl.Series:
    """The level key of each row (null where it cannot be resolved; those rows reported)."""
    fw = refs.framework
    track = rows.lookup(rows.mapped("track"), refs.tracks, "track", "track", list(fw.tracks))
    band = rows.lookup(rows.mapped("band"), refs.bands, "band", "band", list(fw.spine))
    level_raw, title_raw = rows.mapped("level"), rows.mapped("title")
    by_level = rows.lookup(level_raw, refs.levels, "level", "level", [], report=False)
    level_band = rows.lookup(level_raw, refs.bands, "level", "band", [], report=False)
    by_title = rows.lookup(title_raw, refs.levels, "title", "title", [], report=False)
    combo = _concat(track, _coalesce(band, level_band))
    key = _coalesce(by_level, combo, by_title)
    given, no_track = level_raw.is_not_null(), rows.raw("track").is_null()
    unresolved = given & by_level.is_null()
    rows.explain(unresolved & level_band.is_null(), level_raw, "level", _level_reason(refs))
    rows.flag(
        unresolved & level_band.is_not_null() & no_track,
        "level",
        "this level is a band: give the track too (a track column, or defaults: track: in the "
        "mapping)",
    )
    if by_level.null_count() < len(by_level):  # a level column: does it agree with the track?
        level_track = by_level.str.split("/").list.first()
        rows.flag(
            by_level.is_not_null() & track.is_not_null() & (level_track != track),
            "level",
            formatted(
                "level {} is on track {} but the track column says {}",
                by_level,
                level_track,
                track,
            ),
        )
    unknown = key.is_not_null() & ~member(key, refs.level_keys)
    rows.flag(unknown, "band" if rows.has("band") else "level", _no_level(key, refs), value=key)
    _missing_parts(rows, refs, title_raw, by_title, track, band)
    if not unknown.any():
        return key
    return pl.select(pl.when(unknown).then(None).otherwise(key)).to_series()


def _missing_parts(
    rows: Rows,
    refs: FrameworkRefs,
    title: pl.Series,
    by_title: pl.Series,
    track: pl.Series,
    band: pl.Series,
) -> None:
    """Rows that say too little to place a person: no level at all, or half of one."""
    given, no_track = rows.raw("level").is_not_null(), rows.raw("track").is_null()
    only_title = ~given & no_track & rows.raw("band").is_null()
    untitled = only_title & title.is_not_null() & by_title.is_null()
    rows.unknown(untitled, title, "title", "level title", _titles(refs))
    rows.flag(
        only_title & title.is_null(), "level", "missing level: give a level, or a track and a band"
    )
    rows.flag(
        ~given & track.is_not_null() & rows.raw("band").is_null() & by_title.is_null(),
        "band",
        "missing band: the track alone does not say the level",
    )
    rows.flag(
        ~given & no_track & band.is_not_null() & by_title.is_null(),
        "track",
        "missing track: the band alone does not say the level",
    )


def _level_reason(refs: FrameworkRefs) -> Callable[[str, int], str]:
    """Why a level value is unknown: its track's levels when the track part is known."""
    titles = _titles(refs)

    def why(value: str, i: int) -> str:
        track = refs.tracks.get(text_key(value.split("/", 1)[0])) if "/" in value else None
        choices = refs.levels_of(track) if track else refs.level_keys + titles
        close = suggest(value, choices) if i < 500 else ""
        if track:
            return f"no level {value}: levels of {track}: {', '.join(choices)}{close}"
        return f"unknown level {value!r}; levels: {listing(refs.level_keys)}{close}"

    return why


def _no_level(keys: pl.Series, refs: FrameworkRefs) -> Callable[[pl.Series], pl.Series]:
    """Why a track/band pair is no level: the track's levels (for the flagged rows only)."""

    def why(at: pl.Series) -> pl.Series:
        flagged = keys.gather(at)
        text = {}
        for key in flagged.unique().to_list():
            track = key.split("/", 1)[0]
            text[key] = f"no level {key}: levels of {track}: {', '.join(refs.levels_of(track))}"
        return flagged.replace_strict(
            list(text), list(text.values()), default=None, return_dtype=pl.String
        )

    return why


def _titles(refs: FrameworkRefs) -> list[str]:
    fw = refs.framework
    return sorted({t for lv in fw.levels.values() for t in (lv.title, *lv.titles.values()) if t})


def _family_zone(rows: Rows, refs: FrameworkRefs, track: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Families and zones resolved against the framework (kept as given if it names none)."""
    fw = refs.framework
    out = []
    for name, table, keys in (
        ("family", refs.families, fw.families),
        ("zone", refs.zones, fw.zones),
    ):
        raw = rows.mapped(name)
        out.append(rows.lookup(raw, table, name, name, list(keys)) if keys else raw)
    family = out[0]
    for key, spec in fw.tracks.items():  # only tracks limited to some families need a look
        if spec.families == "all" or not fw.families:
            continue
        wrong = (track == key) & family.is_not_null() & ~family.is_in(list(spec.families))
        rows.flag(wrong, "family", f"track {key} does not apply to this family", value=family)
    return family, out[1]


def _years_ago(years: pl.Series, as_of: dt.date) -> pl.Series:
    days = (years * 365.25).round(0).cast(pl.Int64, strict=False)
    return pl.select(pl.lit(as_of) - pl.duration(days=days)).to_series()


def _dates(rows: Rows, as_of: dt.date) -> dict[str, pl.Series]:
    """hire, level-since, exit, rating and pay dates, with their order checked."""
    tenure = rows.numbers("tenure_years", "years of service")
    in_level = rows.numbers("years_in_level", "years in level")
    hire = pl.select(
        pl.coalesce(rows.dates("hire_date", "hire date"), _years_ago(tenure, as_of))
    ).to_series()
    since = pl.select(
        pl.coalesce(rows.dates("level_since", "level-since date"), _years_ago(in_level, as_of))
    ).to_series()
    exit_ = rows.dates("exit_date", "exit date")
    rows.flag(exit_ < hire, "exit_date", "exit date before the hire date")
    rows.flag(since < hire, "level_since", "in this level since before the hire date")
    return {
        "hire_date": hire,
        "level_since": since,
        "exit_date": exit_,
        "rating_date": rows.dates("rating_date", "rating date").fill_null(as_of),
        "effective_date": rows.dates("effective_date", "pay effective date").fill_null(as_of),
    }


def _name(rows: Rows) -> pl.Series:
    if not (rows.has("first_name") or rows.has("last_name")):
        return rows.raw("name")
    full = pl.concat_str(
        [rows.raw("first_name"), rows.raw("last_name")], separator=" ", ignore_nulls=True
    )
    return pl.select(pl.coalesce(rows.raw("name"), pl.when(full != "").then(full))).to_series()


def _exit_reason(rows: Rows, exit_date: pl.Series) -> pl.Series:
    reason = rows.choice("exit_reason", ("voluntary", "involuntary"), "exit reason", EXIT_SYNONYMS)
    rows.flag(
        rows.raw("exit_reason").is_not_null()
        & exit_date.is_null()
        & rows.raw("exit_date").is_null(),
        "exit_reason",
        "an exit reason without an exit date",
    )
    return reason


def read_people(rows: Rows, ctx: Context) -> dict[str, pl.DataFrame]:
    """Check every row; return the frames of the valid ones."""
    ids, managers = rows.raw("person_id"), rows.raw("manager_id")
    rows.required("person_id", "person id")
    rows.duplicates(["person_id"], "person id")
    parts, manager_row = _checks(rows, ctx, ids, managers)
    reject_under_rejected(rows, manager_row, managers)
    pay, dates = parts.pop("pay"), parts.pop("dates")
    people = pl.DataFrame(
        {
            "person_id": ids,
            "name": _name(rows),
            "email": parts["email"],
            **{k: parts[k] for k in ("family", "zone", "track", "band", "level")},
            "manager_id": managers,
            "hire_date": dates["hire_date"],
            "level_since": dates["level_since"],
            "exit_date": dates["exit_date"],
            **{k: parts[k] for k in ("exit_reason", "regretted", "aspiration", "rating")},
            "fte": pay.fte,
            "pay_annual_fte": pay.annual_fte,
            "variable_annual": pay.variable_annual,
        }
    ).hstack(rows.df.select(pl.col("^demo_.*$")).get_columns())
    return _frames(rows, people, pay, dates)


def _checks(
    rows: Rows, ctx: Context, ids: pl.Series, managers: pl.Series
) -> tuple[dict, np.ndarray]:
    """Every per-row check but the last (rows under rejected managers): the level and
    manager checks run in a second thread beside the date and pay checks (polars and numpy
    release the GIL, so both cores work), each reporting into its own fork of ``rows``,
    joined back in a fixed order so that the problems come out the same."""
    refs = ctx.refs
    placed, dated, managed = rows.fork(), rows.fork(), rows.fork()
    with ThreadPoolExecutor(1) as pool:
        placing = pool.submit(_placement, placed, refs)
        managing = pool.submit(
            check_managers, managed, ids, managers, ctx.known_people, ctx.known_managers
        )
        dates = _dates(dated, ctx.as_of)
        parts = {"dates": dates, "exit_reason": _exit_reason(dated, dates["exit_date"])}
        email = parts["email"] = rows.raw("email")
        dated.flag(
            email.is_not_null() & ~email.str.contains(_EMAIL), "email", "not an email address"
        )
        parts["pay"] = read_pay(dated, refs.currency, dates["effective_date"], ctx.fx)
        parts["rating"] = dated.numbers("rating", "rating", low=1, high=5)
        parts["regretted"] = dated.flags("regretted", "regretted")
        parts.update(placing.result())
        manager_row = managing.result()
    rows.join(placed, dated, managed)
    return parts, manager_row


def _placement(rows: Rows, refs: FrameworkRefs) -> dict[str, pl.Series]:
    """Family, zone, track, band and level of each row, and the track aspired to."""
    key = _levels(rows, refs)
    track = per_distinct(key, lambda k: k.str.split("/").list.first(), pl.String())
    band = per_distinct(key, lambda k: k.str.split("/").list.last(), pl.String())
    family, zone = _family_zone(rows, refs, track)
    aspiration = rows.lookup(
        rows.mapped("aspiration"), refs.tracks, "aspiration", "track", list(refs.framework.tracks)
    )
    return {
        "family": family,
        "zone": zone,
        "track": track,
        "band": band,
        "level": key,
        "aspiration": aspiration,
    }


def _frames(
    rows: Rows, people: pl.DataFrame, pay, dates: dict[str, pl.Series]
) -> dict[str, pl.DataFrame]:
    """The valid rows' frames, filtered in one parallel query."""
    valid = rows.valid()
    paid = valid & (pay.base.is_not_null() | pay.variable.is_not_null())
    pay_frame = pl.LazyFrame(
        {
            "person_id": people["person_id"],
            "effective_date": dates["effective_date"],
            "base": pay.base,
            "variable": pay.variable,
            "currency": pay.currency,
            "period": pay.period,
            "fte": pay.fte,
            "hours_per_week": pay.hours,
        }
    ).filter(paid)
    rated = valid & people["rating"].is_not_null()
    nothing = pl.lit(None, pl.String)
    events = (
        people.lazy()
        .select("person_id", "track", "band", "rating")
        .with_columns(date=dates["rating_date"])
        .filter(rated)
        .select(
            "person_id",
            "date",
            kind=pl.lit("rating", pl.String),
            from_track=nothing,
            from_band=nothing,
            to_track="track",
            to_band="band",
            value="rating",
            detail=nothing,
        )
    )
    kept = people.lazy().filter(valid)
    frames = pl.collect_all([kept, pay_frame, events])
    return dict(zip(("people", "pay", "events"), frames, strict=True))
