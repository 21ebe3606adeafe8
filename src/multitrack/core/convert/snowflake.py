"""Snowflake (Medium's growth framework and its forks): ``constants.js`` or a JSON extract.

What the source states and where it goes:
- each Snowflake *track* (Mobile, Craft, Mentorship…) is a competency with its own scale of
  milestones 1–5 (summary, signals and examples as the step description), grouped into areas
  by its ``category``; ``milestoneToPoints`` gives each step its points;
- each *title* with its point band is a level; titles with the same point band share a band
  (the source's declared equivalence), bands are ordered by points, and titles are laid on
  ladders so that no ladder holds two titles of one band (Medium: an engineer ladder and a
  management ladder);
- the point thresholds become ``advancement.points`` (the next title's minimum, summed over
  all competencies) and ``pointsToLevels`` is kept in each band's description.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from multitrack.core.convert.draft import Draft, DraftLevel, DraftTrack
from multitrack.core.convert.jsliteral import parse_module
from multitrack.core.convert.markdown import read_text, slug
from multitrack.core.errors import ConversionError

__all__ = ["read"]

_MGMT_TITLE = re.compile(r"\b(lead|manager|director|head|vp|vice president|chief)\b", re.I)


def _source_file(source: Path) -> Path:
    if source.is_file():
        return source
    if source.is_dir():
        for pattern in ("constants.js", "constants.ts", "*.js", "*.json"):
            found = sorted(source.rglob(pattern))
            if found:
                return found[0]
        raise ConversionError(f"{source}: no constants.js or JSON extract in this folder")
    raise ConversionError(f"{source}: no such file or folder")


def _load(path: Path) -> dict[str, Any]:
    text = read_text(path)
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConversionError(
                f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})"
            ) from None
        if not isinstance(data, dict):
            raise ConversionError(f"{path}: expected a JSON object with tracks and titles")
        return data
    mod = parse_module(text, str(path))
    data = dict(mod.values)
    if "milestoneToPoints" not in data and "milestoneToPoints" in mod.code:
        data["milestoneToPoints"] = mod.switch_map("milestoneToPoints")
    return data


def _expect(data: dict[str, Any], key: str, kind: type, path: Path, what: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or not value:
        raise ConversionError(f"{path}: expected '{key}' ({what}); found {type(value).__name__}")
    return value


def _points_of(value: Any, where: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ConversionError(f"{path}: {where} must be a number; found {value!r}")
    try:
        return float(value)
    except ValueError:
        raise ConversionError(f"{path}: {where} must be a number; found {value!r}") from None


def _milestone_points(data: dict[str, Any], path: Path) -> dict[int, float]:
    raw = data.get("milestoneToPoints")
    if raw is None:
        return {}
    if isinstance(raw, list):
        raw = dict(enumerate(raw))
    if not isinstance(raw, dict):
        raise ConversionError(f"{path}: expected milestoneToPoints as {{milestone: points}}")
    return {
        int(_points_of(k, "a milestoneToPoints key", path)): _points_of(
            v, f"milestoneToPoints[{k}]", path
        )
        for k, v in raw.items()
    }


def _step_text(m: dict[str, Any]) -> str:
    parts = [str(m.get("summary", "")).strip()]
    for label in ("signals", "examples"):
        items = [str(x).strip() for x in m.get(label) or [] if str(x).strip()]
        if items:
            parts.append(f"{label.capitalize()}: " + "; ".join(items))
    return " ".join(p if p.endswith(".") else p + "." for p in parts if p)


def _competencies(draft: Draft, data: dict[str, Any], path: Path) -> None:
    tracks = _expect(data, "tracks", dict, path, "an object of Snowflake tracks")
    points = _milestone_points(data, path)
    groups = data.get("categoryTracks")
    by_category = (
        {t: c for c, ts in groups.items() if isinstance(ts, list) for t in ts if isinstance(t, str)}
        if isinstance(groups, dict)
        else {}
    )
    for tid, t in tracks.items():
        if not isinstance(t, dict) or not isinstance(t.get("milestones"), list):
            raise ConversionError(f"{path}: track '{tid}' has no 'milestones' list")
        if not all(isinstance(m, dict) for m in t["milestones"]):
            raise ConversionError(
                f"{path}: track '{tid}': each milestone must be an object with a summary"
            )
        category = str(t.get("category") or by_category.get(tid) or "uncategorised")
        area = draft.area(f"category-{slug(category)}", f"Category {category}")
        key = slug(tid)
        steps = []
        for n, m in enumerate(t["milestones"], start=1):
            step: dict[str, Any] = {"key": f"milestone-{n}", "description": _step_text(m)}
            if n in points:
                step["points"] = points[n]
            steps.append(step)
        if not steps:
            raise ConversionError(f"{path}: track '{tid}' has an empty 'milestones' list")
        draft.scales[key] = {"name": f"{t.get('displayName') or tid} milestones", "steps": steps}
        draft.competencies[key] = {
            "name": str(t.get("displayName") or tid),
            "area": area,
            "scale": key,
            "description": str(t.get("description") or ""),
        }
    if not points:
        draft.notes.append("no milestoneToPoints found: each milestone counts its number")


def _bands(titles: list[dict[str, Any]]) -> list[tuple[float, float | None]]:
    spans = {(float(t.get("minPoints", 0)), _num(t.get("maxPoints"))) for t in titles}
    return sorted(spans, key=lambda s: (s[0], float("inf") if s[1] is None else s[1]))


def _num(v: Any) -> float | None:
    return None if v is None else float(v)


def _ladders(titles: list[dict[str, Any]], spans: list) -> list[list[tuple[int, dict]]]:
    """Titles on ladders in list order, so that each ladder climbs one band at a time."""
    ladders: list[list[tuple[int, dict]]] = []
    for t in titles:
        idx = spans.index((float(t.get("minPoints", 0)), _num(t.get("maxPoints"))))
        for ladder in ladders:
            if ladder[-1][0] < idx:
                ladder.append((idx, t))
                break
        else:
            ladders.append([(idx, t)])
    return ladders


def _band_spec(i: int, span: tuple, levels: dict[float, str]) -> dict[str, Any]:
    lo, hi = span
    rng = f"{lo:g}–{hi:g}" if hi is not None else f"{lo:g}+"
    inside = [f"{lbl} ({p:g})" for p, lbl in sorted(levels.items()) if lo <= p <= (hi or 1e12)]
    desc = f"{rng} milestone points."
    if inside:
        desc += " Snowflake levels " + ", ".join(inside) + "."
    return {"key": f"B{i}", "name": f"Band {i} ({rng} points)", "description": desc}


def _track(n: int, ladder: list[tuple[int, dict]], spans: list, used: set[str]) -> DraftTrack:
    labels = [str(t["label"]) for _, t in ladder]
    mgmt = any(_MGMT_TITLE.search(lbl) for lbl in labels)
    base = "management" if mgmt else ("ic" if n == 0 else f"ladder-{n + 1}")
    tid, k = base, 2
    while tid in used:
        tid, k = f"{base}-{k}", k + 1
    used.add(tid)
    kind = "management" if mgmt else "specialist"
    reason = "its titles (" + ", ".join(labels) + ")"
    track = DraftTrack(tid, "Management" if mgmt else "Individual contributor", kind, reason)
    for pos, (idx, t) in enumerate(ladder):
        lo, hi = spans[idx]
        nxt = ladder[pos + 1][1] if pos + 1 < len(ladder) else None
        lv = DraftLevel(
            number=idx + 1,
            title=str(t["label"]),
            band=f"B{idx + 1}",
            summary=f"{t['label']}: {lo:g}"
            + (f"–{hi:g}" if hi is not None else "+")
            + " milestone points summed over all competencies.",
            source=f"title '{t['label']}'",
        )
        if nxt is not None:
            need = float(nxt.get("minPoints", 0))
            lv.advancement = {
                "points": {"min": need},
                "criteria": [f"{need:g} milestone points summed over all competencies"],
            }
        track.levels.append(lv)
    return track


def read(source: Path) -> Draft:
    """Read Snowflake's constants.js (or a JSON extract of it) into a draft."""
    path = _source_file(source)
    data = _load(path)
    draft = Draft(source=path, format="snowflake", name="Snowflake growth framework")
    draft.description = f"Converted from {path.name} (Snowflake format) by multitrack convert."
    _competencies(draft, data, path)
    titles = _expect(data, "titles", list, path, "a list of {label, minPoints, maxPoints}")
    for i, t in enumerate(titles):
        if not isinstance(t, dict) or not isinstance(t.get("label"), str) or not t["label"]:
            raise ConversionError(f"{path}: titles[{i}] has no 'label'")
        for bound in ("minPoints", "maxPoints"):
            if t.get(bound) is not None:
                t[bound] = _points_of(t[bound], f"titles[{i}].{bound}", path)
    levels = data.get("pointsToLevels")
    if levels is not None and not isinstance(levels, dict):
        raise ConversionError(f"{path}: expected pointsToLevels as {{points: level}}")
    spans = _bands(titles)
    levels = {
        _points_of(p, "a pointsToLevels key", path): str(v) for p, v in (levels or {}).items()
    }
    draft.bands = [_band_spec(i, s, levels) for i, s in enumerate(spans, start=1)]
    used: set[str] = set()
    draft.tracks = [_track(n, lad, spans, used) for n, lad in enumerate(_ladders(titles, spans))]
    same = [
        " ≡ ".join(lv.title for t in draft.tracks for lv in t.levels if lv.band == b["key"])
        for b in draft.bands
    ]
    pairs = [s for s in same if "≡" in s]
    draft.equivalence = "titles with the same point band share a band" + (
        f" ({'; '.join(pairs)})" if pairs else ""
    )
    if data.get("maxPoints") or data.get("maxLevel"):
        draft.notes.append(
            f"the source's maximum is {data.get('maxPoints') or data.get('maxLevel')} points"
        )
    return draft
