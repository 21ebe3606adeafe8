"""Level rules: titles that say one seniority each, and influence stated as formally on every
track as on management's."""

from __future__ import annotations

from collections.abc import Iterator

from multitrack.core.lint.base import Hit, rule
from multitrack.core.lint.context import Context, listing
from multitrack.core.model import Level


@rule(
    "MT006",
    "title-reused-across-bands",
    "warning",
    "The same title is used at different bands, so a title no longer tells seniority.",
    "give each band its own title (per family under levels.<key>.titles where they differ)",
)
def title_reused_across_bands(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    families = list(fw.families) or [None]
    seen: dict[str, dict[str, str]] = {}  # title -> band -> first level key
    for key, lv in fw.levels.items():
        fams = [f for f in families if f is None or f in ctx.families_of[lv.track]]
        for title in {lv.title_for(f) for f in fams}:
            if title != key:
                seen.setdefault(title, {}).setdefault(fw.band_of[lv.band], key)
    for title, by_band in seen.items():
        if len(by_band) < 2:
            continue
        ordered = sorted(by_band.items(), key=lambda kv: fw.band_rank[kv[0]])
        top = ordered[-1][1]
        where = ("levels", top, "title") if fw.levels[top].title == title else ("levels", top)
        yield Hit(
            ctx.first_known(where, ("levels", top)),
            f"title '{title}' is used at {len(ordered)} bands: "
            f"{listing(f'{b} ({k})' for b, k in ordered)}",
        )


@rule(
    "MT007",
    "untitled-level",
    "info",
    "A level has no title, so people see its key instead.",
    "set levels.<key>.title",
)
def untitled_level(ctx: Context) -> Iterator[Hit]:
    for key, lv in ctx.fw.levels.items():
        if not lv.title and not lv.titles:
            yield Hit(("levels", key), f"'{key}' has no title")


def _states_influence(lv: Level) -> bool:
    return bool(lv.decides or lv.approves or lv.consulted or lv.influence)


@rule(
    "MT008",
    "influence-not-stated",
    "warning",
    "A non-management level states no decision rights while management at its band does.",
    "state what the level decides, approves or is consulted on (decides, approves, consulted, "
    "influence), as formally as for managers",
)
def influence_not_stated(ctx: Context) -> Iterator[Hit]:
    for band, levels in ctx.levels_by_position.items():
        stating = [lv.key for lv in levels if ctx.is_management(lv.track) and _states_influence(lv)]
        if not stating:
            continue
        for lv in levels:
            if not ctx.is_management(lv.track) and not _states_influence(lv):
                yield Hit(
                    ("levels", lv.key),
                    f"'{lv.key}' states no decision rights or influence, while "
                    f"{listing(stating)} at {band} does",
                )
