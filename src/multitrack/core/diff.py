"""What changed between two versions of a framework, and where each level went.

The *level map* moves people onto the new version. Each old level is mapped by the first
rule that finds a level in the new version:

1. ``same key`` — the new version has a level with the same ``track/band`` key;
2. ``same title`` — exactly one new level carries the old level's title (any family's
   title, ignoring case); several are narrowed to the corresponding track;
3. ``same band on same track`` — the corresponding track (same key, else same name) has a
   level at the corresponding band (same key, else same name, else the same rank when the
   number of bands is unchanged);
4. ``unmapped`` — none of these: the people on it need a decision.

Changes between mapped levels are reported on the new level; levels no old level maps to
are *added*, unmapped old levels *removed*.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import yaml

from multitrack.core.model import Framework, Level, PayRange

__all__ = [
    "SECTIONS",
    "Change",
    "FrameworkDiff",
    "LevelMapEntry",
    "diff",
    "level_map",
    "level_map_csv",
    "level_map_yaml",
    "map_levels",
    "show",
]

How = Literal["same key", "same title", "same band on same track", "unmapped"]
SECTIONS = (
    "framework", "bands", "tracks", "levels", "expectations", "competencies", "transitions",
    "pay", "evp",
)  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` is added, removed or changed; ``field`` names what changed."""

    section: str
    kind: Literal["added", "removed", "changed"]
    key: str
    field: str = ""
    old: Any = None
    new: Any = None

    def text(self) -> str:
        what = f"{self.key}.{self.field}" if self.field else self.key
        if self.kind == "changed":
            return f"{what}: {show(self.old)} → {show(self.new)}"
        return f"{what} {self.kind}"


def show(value: Any) -> str:
    """A value as a person reads it in a change list."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class LevelMapEntry:
    """Where the people on one old level go in the new version, and by which rule."""

    old: str
    new: str | None
    how: How
    old_title: str = ""
    new_title: str = ""


@dataclass
class FrameworkDiff:
    """Every change between two versions, by section, with the level map."""

    old: Mapping[str, Any]
    new: Mapping[str, Any]
    changes: list[Change] = field(default_factory=list)
    levels: list[LevelMapEntry] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.changes

    def section(self, name: str) -> list[Change]:
        return [c for c in self.changes if c.section == name]

    def summary(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            out.setdefault(c.section, {}).setdefault(c.kind, 0)
            out[c.section][c.kind] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": dict(self.old),
            "new": dict(self.new),
            "identical": self.identical,
            "summary": self.summary(),
            "changes": [asdict(c) for c in self.changes],
            "level_map": [asdict(e) for e in self.levels],
        }


# ---------------------------------------------------------------------- correspondences


def _by_name(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, str]:
    """Old key -> new key: same key, else the one new object with the same name."""
    out = {k: k for k in old if k in new}
    names: dict[str, list[str]] = {}
    for k, obj in new.items():
        names.setdefault((getattr(obj, "name", "") or "").casefold(), []).append(k)
    taken = set(out.values())
    for k, obj in old.items():
        if k in out:
            continue
        hits = [n for n in names.get((getattr(obj, "name", "") or "").casefold(), []) if n]
        hits = [n for n in hits if n not in taken]
        if len(hits) == 1 and getattr(obj, "name", ""):
            out[k] = hits[0]
            taken.add(hits[0])
    return out


def _band_map(old: Framework, new: Framework) -> dict[str, str]:
    """Old spine position -> new: same key, same band name, else the same rank."""
    out = {p: p for p in old.spine if p in new.position}
    named = _by_name({b.key: b for b in old.band_order}, {b.key: b for b in new.band_order})
    for ob, nb in named.items():
        out.setdefault(ob, nb)
    if len(old.spine) == len(new.spine):
        for p, q in zip(old.spine, new.spine, strict=True):
            out.setdefault(p, q)
    return out


def _titles(lv: Level) -> set[str]:
    return {t.casefold() for t in (lv.title, *lv.titles.values()) if t}


def _map_one(old: Framework, new: Framework, lv: Level, tracks, bands, title_index) -> tuple:
    if lv.key in new.levels:
        return lv.key, "same key"
    hits = sorted({k for t in _titles(lv) for k in title_index.get(t, ())})
    if len(hits) > 1:
        hits = [k for k in hits if new.levels[k].track == tracks.get(lv.track)]
    if len(hits) == 1:
        return hits[0], "same title"
    candidate = f"{tracks.get(lv.track)}/{bands.get(lv.band)}"
    if candidate in new.levels:
        return candidate, "same band on same track"
    return None, "unmapped"


def map_levels(old: Framework, new: Framework) -> list[LevelMapEntry]:
    """Where each old level goes in ``new``, with the rule that decided (see the module)."""
    tracks = _by_name(old.tracks, new.tracks)
    bands = _band_map(old, new)
    title_index: dict[str, list[str]] = {}
    for key, lv in new.levels.items():
        for t in _titles(lv):
            title_index.setdefault(t, []).append(key)
    out = []
    for key, lv in old.levels.items():
        target, how = _map_one(old, new, lv, tracks, bands, title_index)
        out.append(
            LevelMapEntry(
                key, target, how, lv.title_for(), new.levels[target].title_for() if target else ""
            )
        )
    return out


def level_map(old: Framework, new: Framework) -> dict[str, str | None]:
    """Old level key -> new level key (None when unmapped), for moving people's records."""
    return {e.old: e.new for e in map_levels(old, new)}


def level_map_yaml(d: FrameworkDiff) -> str:
    data = {
        "old": dict(d.old),
        "new": dict(d.new),
        "levels": {
            e.old: {"to": e.new, "how": e.how, "old_title": e.old_title, "new_title": e.new_title}
            for e in d.levels
        },
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def level_map_csv(d: FrameworkDiff) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["old_level", "new_level", "how", "old_title", "new_title"])
    for e in d.levels:
        writer.writerow([e.old, e.new or "", e.how, e.old_title, e.new_title])
    return buf.getvalue()


# ----------------------------------------------------------------------------- changes


def _data(obj: Any, drop: Iterable[str] = ()) -> dict[str, Any]:
    skip = {"key", *drop}
    dumped = obj.model_dump(mode="json", by_alias=True)
    return {k: v for k, v in dumped.items() if k not in skip}


def _compare(section: str, key: str, old: dict, new: dict, prefix: str = "") -> list[Change]:
    """Changed fields; nested mappings (titles, EVP scores, advancement) field by field."""
    out = []
    for name in dict.fromkeys([*old, *new]):
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        if isinstance(a, dict | None) and isinstance(b, dict | None) and (a or b):
            out += _compare(section, key, a or {}, b or {}, f"{prefix}{name}.")
        else:
            out.append(Change(section, "changed", key, prefix + name, a, b))
    return out


def _keyed(section: str, old: Mapping, new: Mapping, corr: dict[str, str], drop=()) -> list:
    out = [Change(section, "removed", k) for k in old if k not in corr]
    out += [Change(section, "added", k) for k in new if k not in set(corr.values())]
    for ok, nk in corr.items():
        key = nk if ok == nk else f"{ok} → {nk}"
        out += _compare(section, key, _data(old[ok], drop), _data(new[nk], drop))
    return out


def _level_changes(old: Framework, new: Framework, entries: list[LevelMapEntry]) -> list:
    out: list[Change] = []
    mapped = {e.old: e.new for e in entries if e.new}
    for e in entries:
        if e.new is None:
            out.append(Change("levels", "removed", e.old, old=e.old_title))
            continue
        key = e.new if e.old == e.new else f"{e.old} → {e.new}"
        a = _data(old.levels[e.old], ["expects"])
        b = _data(new.levels[e.new], ["expects"])
        out += _compare("levels", key, a, b)
        oe, ne = old.levels[e.old].expects, new.levels[e.new].expects
        for comp in dict.fromkeys([*oe, *ne]):
            if oe.get(comp) != ne.get(comp):
                kind = "added" if comp not in oe else "removed" if comp not in ne else "changed"
                out.append(Change("expectations", kind, key, comp, oe.get(comp), ne.get(comp)))
    targets = set(mapped.values())
    out += [
        Change("levels", "added", k, new=lv.title_for())
        for k, lv in new.levels.items()
        if k not in targets
    ]
    return out


def _range_key(r: PayRange, tracks: dict[str, str] | None, bands: dict[str, str] | None) -> str:
    band = bands.get(r.band, r.band) if bands else r.band
    track = (tracks or {}).get(r.track, r.track) if r.track else None
    parts = [band] + [f"{n}={v}" for n, v in (("track", track), ("zone", r.zone),
                                              ("family", r.family)) if v]  # fmt: skip
    return " ".join(parts)


def _pay_changes(old: Framework, new: Framework, tracks, bands) -> list[Change]:
    a = {_range_key(r, tracks, bands): r for r in old.pay.ranges}
    b = {_range_key(r, None, None): r for r in new.pay.ranges}
    out = [Change("pay", "removed", k) for k in a if k not in b]
    out += [Change("pay", "added", k) for k in b if k not in a]
    for k in a.keys() & b.keys():
        x, y = _data(a[k], ["band", "track"]), _data(b[k], ["band", "track"])
        x["mid"], y["mid"] = a[k].midpoint, b[k].midpoint
        out += _compare("pay", k, x, y)
    for name in ("currency", "period", "overlap_tolerance"):
        if getattr(old.pay, name) != getattr(new.pay, name):
            out.append(Change("pay", "changed", "pay", name, getattr(old.pay, name),
                              getattr(new.pay, name)))  # fmt: skip
    return sorted(out, key=lambda c: (c.key, c.kind))


def _transition_changes(old: Framework, new: Framework) -> list[Change]:
    a = {t.ident: t for t in old.transitions}
    b = {t.ident: t for t in new.transitions}
    out = [Change("transitions", "removed", k) for k in a if k not in b]
    out += [Change("transitions", "added", k) for k in b if k not in a]
    for k in a.keys() & b.keys():
        out += _compare("transitions", k, _data(a[k]), _data(b[k]))
    return out


def _bands_changes(old: Framework, new: Framework) -> list[Change]:
    a = {b.key: b for b in old.band_order}
    b = {b.key: b for b in new.band_order}
    out = _keyed("bands", a, b, {k: k for k in a if k in b}, drop=["above"])
    old_order = [k for k in old.spine if k in new.position]
    new_order = [k for k in new.spine if k in old.position]
    if old_order != new_order:
        out.append(Change("bands", "changed", "spine", "order", old_order, new_order))
    return out


def diff(old: Framework, new: Framework) -> FrameworkDiff:
    """Everything that changed from ``old`` to ``new``, with the level map."""
    head = ("name", "version", "effective", "description", "currency")
    result = FrameworkDiff(
        {"name": old.name, "version": old.version},
        {"name": new.name, "version": new.version},
    )
    result.levels = map_levels(old, new)
    tracks = _by_name(old.tracks, new.tracks)
    bands = _band_map(old, new)
    changes = _compare(
        "framework",
        "framework",
        {k: v for k, v in _data(old).items() if k in head},
        {k: v for k, v in _data(new).items() if k in head},
    )
    changes += _bands_changes(old, new)
    changes += _keyed("tracks", old.tracks, new.tracks, tracks)
    changes += _level_changes(old, new, result.levels)
    comps = {k: k for k in old.competencies if k in new.competencies}
    changes += _keyed("competencies", old.competencies, new.competencies, comps)
    changes += _keyed("competencies", old.scales, new.scales,
                      {k: k for k in old.scales if k in new.scales})  # fmt: skip
    changes += _transition_changes(old, new)
    changes += _pay_changes(old, new, tracks, bands)
    evp = {k: tracks[k] for k in old.evp if tracks.get(k) in new.evp}
    changes += _keyed("evp", old.evp, new.evp, evp)
    result.changes = sorted(changes, key=lambda c: SECTIONS.index(c.section))
    return result
