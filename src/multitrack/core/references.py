"""Every reference in a framework resolves, or it is an error naming where and what was expected."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from multitrack.core.errors import FrameworkValidationError, Problem, format_path

if TYPE_CHECKING:
    from multitrack.core.model import Band, Framework

__all__ = ["check_references", "order_bands"]

Loc = tuple[str | int, ...]


def _span(keys: Iterable[str], limit: int = 12) -> str:
    keys = list(keys)
    if not keys:
        return "none are defined"
    if len(keys) > limit:
        return f"{keys[0]}–{keys[-1]} ({len(keys)} in all)"
    if len(keys) > 3 and all(k[:-1] == keys[0][:-1] for k in keys[:1]):
        return ", ".join(keys)
    return ", ".join(keys)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(message=message, path=format_path(loc), loc=loc))

    def ref(self, loc: Loc, value: str, known: Mapping[str, object] | Iterable[str], what: str):
        keys = list(known)
        if value not in known:
            self.add(loc, f"'{value}' is not a {what}; {what}s are {_span(keys)}")
            return False
        return True


def order_bands(bands: tuple[Band, ...]) -> tuple[Band, ...]:
    """Bands low to high: list order, or the chain of ``above`` links when any band states one.

    Raises FrameworkValidationError for duplicate keys, unknown ``above`` targets, forks and
    cycles.
    """
    col = _Collector()
    by_key: dict[str, Band] = {}
    for i, b in enumerate(bands):
        if b.key in by_key:
            col.add(("bands", i), f"band '{b.key}' is defined twice")
        by_key[b.key] = b
    if col.problems:
        raise FrameworkValidationError(col.problems)
    if not any(b.above for b in bands):
        return bands
    below_of: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    for i, b in enumerate(bands):
        if b.above is None:
            continue
        if b.above not in by_key:
            col.ref(("bands", i, "above"), b.above, by_key, "band")
            continue
        below_of[b.key] = b.above
        children.setdefault(b.above, []).append(b.key)
    for parent, kids in children.items():
        if len(kids) > 1:
            col.add(("bands",), f"bands {', '.join(kids)} all sit directly above '{parent}'")
    roots = [b.key for b in bands if b.key not in below_of]
    if not col.problems and len(roots) != 1:
        cyc = _find_cycle(below_of)
        if cyc:
            col.add(("bands",), f"band order has a cycle: {' -> '.join(cyc)}")
        else:
            col.add(("bands",), f"band order must be one chain; it starts at {', '.join(roots)}")
    if col.problems:
        raise FrameworkValidationError(col.problems)
    order = [roots[0]]
    while order[-1] in children:
        order.append(children[order[-1]][0])
    if len(order) != len(bands):
        missing = [k for k in by_key if k not in order]
        cyc = _find_cycle(below_of) or missing
        col.add(("bands",), f"band order has a cycle: {' -> '.join(cyc)}")
        raise FrameworkValidationError(col.problems)
    return tuple(by_key[k] for k in order)


def _find_cycle(parent: Mapping[str, str]) -> list[str]:
    for start in parent:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node not in seen:
            seen.append(node)
            node = parent.get(node)
        if node is not None:
            return [*seen[seen.index(node) :], node]
    return []


def check_references(fw: Framework) -> None:
    """Raise FrameworkValidationError listing every reference that does not resolve."""
    col = _Collector()
    try:
        fw.band_order  # noqa: B018 - resolves and caches the order, raising on cycles
    except FrameworkValidationError as exc:
        raise exc from None
    _check_spine(fw, col)
    if not col.problems:
        _check_competencies(fw, col)
        _check_tracks(fw, col)
        _check_levels(fw, col)
        _check_transitions(fw, col)
        _check_pay(fw, col)
        _check_misc(fw, col)
    if col.problems:
        raise FrameworkValidationError(col.problems)


def _check_spine(fw: Framework, col: _Collector) -> None:
    seen: dict[str, str] = {b.key: "band" for b in fw.bands}
    for i, b in enumerate(fw.bands):
        for j, s in enumerate(b.sub):
            if s in seen:
                col.add(("bands", i, "sub", j), f"sub-level '{s}' clashes with a {seen[s]} key")
            seen[s] = "sub-level"


def _step_ok(fw: Framework, col: _Collector, loc: Loc, comp: str, step: str) -> None:
    if not col.ref(loc, comp, fw.competencies, "competency"):
        return
    scale = fw.scales.get(fw.competencies[comp].scale)
    if scale is None:
        return
    keys = [s.key for s in scale.steps]
    if step in keys:
        return
    if step.isdigit() and 1 <= int(step) <= len(keys):
        return
    col.add(
        loc + (comp,), f"'{step}' is not a step of scale '{scale.key}'; steps are {_span(keys)}"
    )


def _check_competencies(fw: Framework, col: _Collector) -> None:
    for key, c in fw.competencies.items():
        loc: Loc = ("competencies", key)
        if c.area is not None and fw.areas:
            col.ref(loc + ("area",), c.area, fw.areas, "area")
        if c.parent is not None:
            if c.parent == key:
                col.add(loc + ("parent",), "a competency cannot be its own parent")
            else:
                col.ref(loc + ("parent",), c.parent, fw.competencies, "competency")
        col.ref(loc + ("scale",), c.scale, fw.scales, "scale")
    parents = {k: c.parent for k, c in fw.competencies.items() if c.parent in fw.competencies}
    cyc = _find_cycle(parents)  # type: ignore[arg-type]
    if cyc:
        col.add(
            ("competencies", cyc[0], "parent"),
            f"competency hierarchy has a cycle: {' -> '.join(cyc)}",
        )


def _check_tracks(fw: Framework, col: _Collector) -> None:
    for key, t in fw.tracks.items():
        loc: Loc = ("tracks", key)
        if "/" in key:
            col.add(loc, "a track key cannot contain '/'")
        if t.families != "all":
            for i, f in enumerate(t.families):
                col.ref(loc + ("families", i), f, fw.families, "family")
        ok_entry = col.ref(loc + ("from",), t.entry, fw.position, "band")
        ok_ceiling = col.ref(loc + ("ceiling",), t.ceiling, fw.position, "band")
        if ok_entry and ok_ceiling and fw.position[t.entry] > fw.position[t.ceiling]:
            col.add(loc + ("ceiling",), f"ceiling '{t.ceiling}' is below entry band '{t.entry}'")


def _check_levels(fw: Framework, col: _Collector) -> None:
    for key, lv in fw.levels.items():
        loc: Loc = ("levels", key)
        if "/" not in key:
            col.add(loc, "a level key is 'track/band', e.g. 'specialist/B5'")
            continue
        if not col.ref(loc, lv.track, fw.tracks, "track"):
            continue
        if not col.ref(loc, lv.band, fw.position, "band"):
            continue
        t = fw.tracks[lv.track]
        p = fw.position[lv.band]
        if t.entry in fw.position and t.ceiling in fw.position:
            lo, hi = fw.position[t.entry], fw.position[t.ceiling]
            if not lo <= p <= hi:
                col.add(
                    loc, f"band '{lv.band}' is outside track '{lv.track}' ({t.entry}–{t.ceiling})"
                )
        for fam in lv.titles:
            col.ref(loc + ("titles",), fam, fw.families, "family")
        for comp, step in lv.expects.items():
            _step_ok(fw, col, loc + ("expects",), comp, step)
        for comp, step in lv.advancement.minimums.items():
            _step_ok(fw, col, loc + ("advancement", "minimums"), comp, step)
        if lv.advancement.points:
            for i, comp in enumerate(lv.advancement.points.over):
                if comp not in fw.areas:
                    col.ref(
                        loc + ("advancement", "points", "over", i),
                        comp,
                        fw.competencies,
                        "competency",
                    )


def _endpoint_ok(fw: Framework, col: _Collector, loc: Loc, value: str) -> bool:
    if "/" in value:
        return col.ref(loc, value, fw.levels, "level")
    return col.ref(loc, value, fw.tracks, "track")


def _check_transitions(fw: Framework, col: _Collector) -> None:
    for i, t in enumerate(fw.transitions):
        loc: Loc = ("transitions", i)
        _endpoint_ok(fw, col, loc + ("from",), t.from_)
        _endpoint_ok(fw, col, loc + ("to",), t.to)
        if not isinstance(t.at, str):
            for a, b in t.at.items():
                col.ref(loc + ("at",), a, fw.position, "band")
                col.ref(loc + ("at", a), b, fw.position, "band")
        for j, b in enumerate(t.bands):
            col.ref(loc + ("bands", j), b, fw.position, "band")
        for comp, step in t.requires.proficiencies.items():
            _step_ok(fw, col, loc + ("requires", "proficiencies"), comp, step)
        if t.from_ == t.to:
            col.add(loc, "a transition must go somewhere else")


def _check_pay(fw: Framework, col: _Collector) -> None:
    seen: dict[tuple[str, str | None, str | None, str | None], int] = {}
    for i, r in enumerate(fw.pay.ranges):
        loc: Loc = ("pay", "ranges", i)
        col.ref(loc + ("band",), r.band, fw.band_rank, "band")  # a band or a sub-level
        if r.track is not None:
            col.ref(loc + ("track",), r.track, fw.tracks, "track")
        if r.zone is not None:
            col.ref(loc + ("zone",), r.zone, fw.zones, "zone")
        if r.family is not None:
            col.ref(loc + ("family",), r.family, fw.families, "family")
        ident = (r.band, r.track, r.zone, r.family)
        if ident in seen:
            col.add(
                loc,
                f"duplicate pay range (same band, track, zone and family as "
                f"pay.ranges[{seen[ident]}])",
            )
        seen[ident] = i


def _check_misc(fw: Framework, col: _Collector) -> None:
    for key in fw.evp:
        col.ref(("evp",), key, fw.tracks, "track")
    for mkey, m in fw.mappings.items():
        for band in m.levels:
            col.ref(("mappings", mkey, "levels"), band, fw.band_rank, "band")
