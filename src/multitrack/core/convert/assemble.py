"""From a draft to a framework: place levels on the band spine, apply the mapping and flags.

Rules, in order:
1. A level the source placed on a band (Snowflake's point bands) stays there.
2. Else the mapping's ``tracks.<id>.bands`` places it, then ``tracks.<id>.offset``
   (level n on band n + offset).
3. Else, with ``align: number`` (the default), level n goes to band ``<prefix>n``. Where the
   source states no equivalence between its tracks this is an assumption, and the framework
   description and the notes say so. With ``align: none`` nothing is assumed and every
   track must be placed by the mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from multitrack.core.convert.draft import Draft, DraftTrack, Skipped
from multitrack.core.convert.mapping import Align, Crossovers, MappingFile, TrackMap
from multitrack.core.convert.markdown import slug
from multitrack.core.errors import ConversionError, FrameworkValidationError
from multitrack.core.model import Framework

__all__ = ["Conversion", "assemble"]


@dataclass
class Conversion:
    """A converted framework with what the person running the conversion must know."""

    framework: Framework
    notes: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.skipped


def _track_maps(draft: Draft, mapping: MappingFile) -> dict[str, TrackMap]:
    ids = {t.id for t in draft.tracks}
    unknown = sorted(set(mapping.tracks) - ids)
    if unknown:
        raise ConversionError(
            f"mapping file {mapping.source}: tracks {', '.join(unknown)} are not in the source; "
            f"its tracks are {', '.join(sorted(ids))}"
        )
    return {t.id: mapping.tracks.get(t.id, TrackMap()) for t in draft.tracks}


def _band_of(number: int, tm: TrackMap, align: Align, prefix: str) -> str | None:
    if number in tm.bands:
        band = tm.bands[number]
        return f"{prefix}{band}" if band.lstrip("-").isdigit() else band
    if tm.offset is not None:
        return f"{prefix}{number + tm.offset}"
    if align == "number":
        return f"{prefix}{number}"
    return None


def _spine(draft: Draft, mapping: MappingFile, used: set[str]) -> list[dict[str, Any]]:
    """The band list, low to high: the source's, the mapping's, or numbered bands."""
    names = {k: (v if isinstance(v, str) else v.name) for k, v in mapping.bands.items()}
    descs = {k: v.description for k, v in mapping.bands.items() if not isinstance(v, str)}
    if draft.bands is not None:
        spine = [dict(b) for b in draft.bands]
    elif mapping.bands:
        spine = [{"key": k} for k in mapping.bands]
    else:
        prefix = mapping.band_prefix
        numbers = [int(b[len(prefix) :]) for b in used if b[len(prefix) :].lstrip("-").isdigit()]
        lo, hi = min(numbers, default=1), max(numbers, default=1)
        spine = [
            {"key": f"{prefix}{n}", "name": draft.band_names.get(n, f"Level {n}")}
            for n in range(lo, hi + 1)
        ]
    for b in spine:
        if b["key"] in names and names[b["key"]]:
            b["name"] = names[b["key"]]
        if descs.get(b["key"]):
            b["description"] = descs[b["key"]]
    missing = sorted(used - {b["key"] for b in spine})
    if missing:
        raise ConversionError(
            f"levels are placed on bands {', '.join(missing)}, which the spine does not have "
            f"(spine: {', '.join(b['key'] for b in spine)}); list them under 'bands:' in the "
            "mapping file, low to high"
        )
    return spine


def _levels(
    draft: Draft, track: DraftTrack, key: str, tm: TrackMap, align: Align, prefix: str
) -> tuple[dict[str, dict[str, Any]], list[int]]:
    out: dict[str, dict[str, Any]] = {}
    unplaced: list[int] = []
    for lv in sorted(track.levels, key=lambda x: x.number):
        band = lv.band if lv.band and lv.number not in tm.bands else None
        band = band or _band_of(lv.number, tm, align, prefix)
        if band is None:
            unplaced.append(lv.number)
            continue
        lkey = f"{key}/{band}"
        if lkey in out:
            raise ConversionError(
                f"{lv.source or draft.source}: two levels of track '{track.id}' land on band "
                f"{band}; give them different bands in the mapping (tracks.{track.id}.bands)"
            )
        body: dict[str, Any] = {"title": lv.title}
        for name in ("titles", "summary", "scope", "influence", "responsibilities", "expects"):
            value = getattr(lv, name)
            if value:
                body[name] = value
        if lv.advancement:
            body["advancement"] = lv.advancement
        out[lkey] = body
    return out, unplaced


def _track(track: DraftTrack, tm: TrackMap, levels: dict[str, Any], spine: list[str]) -> dict:
    bands = sorted((k.split("/", 1)[1] for k in levels), key=spine.index)
    families: Any = tm.families if tm.families is not None else (track.families or "all")
    body = {
        "name": tm.name or track.name,
        "kind": (tm.kind.value if tm.kind else track.kind),
        "families": families,
        "from": bands[0],
        "ceiling": bands[-1],
    }
    if tm.description or track.description:
        body["description"] = tm.description or track.description
    return body


def _crossovers(tracks: dict[str, dict], levels: dict[str, Any]) -> list[dict[str, Any]]:
    """Same-band crossovers both ways between every pair of tracks that share bands."""
    out = []
    keys = list(tracks)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            shared = sorted(
                {k.split("/", 1)[1] for k in levels if k.startswith(f"{a}/")}
                & {k.split("/", 1)[1] for k in levels if k.startswith(f"{b}/")}
            )
            if shared:
                out.append(
                    {
                        "key": f"{a}-{b}",
                        "from": a,
                        "to": b,
                        "at": "same",
                        "bands": shared,
                        "both_ways": True,
                        "pay": "no-cut",
                        "description": "Added by --crossovers same-band; the source states no "
                        "crossover rules.",
                    }
                )
    return out


def _kind_notes(draft: Draft, maps: dict[str, TrackMap], keys: dict[str, str]) -> list[str]:
    """One note on the guessed kinds, naming the tracks (set tracks.<id>.kind to change)."""
    guessed: dict[str, list[str]] = {}
    for t in draft.tracks:
        if t.id in keys and maps[t.id].kind is None:
            why = f" (from {t.kind_reason})" if t.kind_reason.startswith("its ") else ""
            guessed.setdefault(t.kind, []).append(keys[t.id] + why)
    if not guessed:
        return []
    parts = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in guessed.items())
    return [f"track kinds guessed — {parts}; set tracks.<id>.kind in a mapping file to change"]


def _unplaced_text(unplaced: dict[str, list[int]]) -> str:
    return "; ".join(
        f"{tid} level{'s' if len(ns) > 1 else ''} {', '.join(map(str, ns))}"
        for tid, ns in unplaced.items()
    )


@dataclass
class _Placed:
    keys: dict[str, str]  # source track id -> our track key
    per_track: dict[str, dict[str, Any]]  # source track id -> its levels
    levels: dict[str, dict[str, Any]]
    notes: list[str]


def _place(draft: Draft, maps: dict[str, TrackMap], align: Align, prefix: str) -> _Placed:
    keys = {t.id: maps[t.id].key or slug(t.id) for t in draft.tracks if not maps[t.id].skip}
    if len(set(keys.values())) < len(keys):
        raise ConversionError("two source tracks map to the same track key; set tracks.<id>.key")
    placed = _Placed(keys, {}, {}, [])
    unplaced: dict[str, list[int]] = {}
    for t in draft.tracks:
        if t.id not in keys:
            placed.notes.append(f"track '{t.id}' left out (tracks.{t.id}.skip in the mapping file)")
            continue
        levels, missing = _levels(draft, t, keys[t.id], maps[t.id], align, prefix)
        if missing:
            unplaced[t.id] = missing
        if levels:
            placed.per_track[t.id] = levels
            placed.levels.update(levels)
    if unplaced:
        raise ConversionError(
            "with --align none every level needs a band from the mapping file "
            f"(tracks.<id>.bands or tracks.<id>.offset); not placed: {_unplaced_text(unplaced)}"
        )
    if not placed.levels:
        why = "".join(f"\n  skipped {s}" for s in draft.skipped)
        raise ConversionError(f"{draft.source}: no levels found to convert{why}")
    return placed


def _alignment(draft: Draft, maps: dict[str, TrackMap], placed: _Placed, align: Align,
               prefix: str) -> str:  # fmt: skip
    """The sentence saying how tracks were aligned, or "" when the source states it."""
    if draft.equivalence:
        return f"Equivalence between tracks as the source states it: {draft.equivalence}."
    if len(placed.per_track) < 2:
        return ""
    how = {
        "number": "levels were aligned by their number (level N of every track is on band "
        f"{prefix}N)",
        "none": "levels were placed on bands by the mapping file",
    }[align]
    if any(maps[i].offset is not None or maps[i].bands for i in placed.per_track):
        how = "levels were placed on bands by the mapping file, then by their number"
    return (
        f"The source states no equivalence between its tracks: {how}. Review this before "
        "comparing tracks."
    )


def _areas(draft: Draft, mapping: MappingFile) -> dict[str, dict[str, Any]]:
    unknown = sorted(set(mapping.areas) - set(draft.areas))
    if unknown:
        raise ConversionError(
            f"mapping file {mapping.source}: areas {', '.join(unknown)} are not in the source; "
            f"its areas are {', '.join(sorted(draft.areas))}"
        )
    return {
        k: {**v, **mapping.areas[k].model_dump(exclude_none=True)} if k in mapping.areas else v
        for k, v in draft.areas.items()
    }


def assemble(
    draft: Draft,
    mapping: MappingFile | None = None,
    *,
    align: Align | None = None,
    crossovers: Crossovers | None = None,
    name: str | None = None,
) -> Conversion:
    """Build the framework from a draft; ConversionError when the input cannot be used."""
    mapping = mapping or MappingFile()
    align = align or mapping.align or "number"
    maps = _track_maps(draft, mapping)
    placed = _place(draft, maps, align, mapping.band_prefix)
    spine = _spine(draft, mapping, {k.split("/", 1)[1] for k in placed.levels})
    order = [b["key"] for b in spine]
    tracks = {placed.keys[i]: _track(t, maps[i], placed.per_track[i], order)
              for t in draft.tracks if (i := t.id) in placed.per_track}  # fmt: skip
    notes = [*draft.notes, *placed.notes]
    notes += _kind_notes(draft, maps, {i: placed.keys[i] for i in placed.per_track})
    alignment = _alignment(draft, maps, placed, align, mapping.band_prefix)
    if alignment and not draft.equivalence:
        notes.insert(0, alignment)
    transitions = list(mapping.transitions)
    if (crossovers or mapping.crossovers) == "same-band":
        transitions += _crossovers(tracks, placed.levels)
        notes.append("same-band crossovers both ways were added between tracks (--crossovers)")
    families = {k: ({"name": v} if isinstance(v, str) else v.model_dump())
                for k, v in mapping.families.items()}  # fmt: skip
    data: dict[str, Any] = {
        "name": name or mapping.name or draft.name,
        "version": mapping.version or "1",
        "description": mapping.description
        or "\n\n".join(x for x in (draft.description, alignment) if x),
        "bands": spine,
        "families": {**draft.families, **families},
        "scales": draft.scales,
        "areas": _areas(draft, mapping),
        "competencies": draft.competencies,
        "tracks": tracks,
        "levels": placed.levels,
        "transitions": transitions,
    }
    if mapping.currency:
        data["currency"] = mapping.currency
        data["pay"] = {"currency": mapping.currency}
    return Conversion(_validate(data, draft), notes, draft.skipped, draft.ignored)


def _validate(data: dict[str, Any], draft: Draft) -> Framework:
    try:
        return Framework.model_validate(data)
    except (ValidationError, FrameworkValidationError) as exc:
        raise ConversionError(
            f"{draft.source}: the converted framework is not valid (check the mapping file):\n{exc}"
        ) from None
