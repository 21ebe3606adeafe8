"""Monzo-format frameworks: a folder of markdown files with YAML front matter.

Each file is one track. Its front matter lists ``topics`` (competencies), each with
``content`` entries per ``level`` holding ``criteria`` (and ``exampleCriteria`` with
examples). A file whose framework is written in the markdown body instead (``## Level N``
headings with one sub-heading per topic, as Monzo's design pages are) is read from the body.
A file whose front matter does not parse, or that states no levels at all, is skipped and
reported by name; the rest converts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from multitrack.core.convert.draft import (
    STATED_SCALE,
    Draft,
    DraftLevel,
    DraftTrack,
    Skipped,
    carry_forward,
    guess_area_kind,
    guess_kind,
    source_name,
    stated_scale,
)
from multitrack.core.convert.markdown import name_of, outline, read_text, slug, split_front_matter
from multitrack.core.errors import ConversionError

__all__ = ["read"]

_LEVEL_HEADING = re.compile(r"^(?:level|lvl|l)\s*(\d+)\b", re.I)
_AREAS = {"job": ("craft", "Craft and delivery"), "leadership": ("leadership", "Leadership")}

Criteria = dict[int, dict[str, list[str]]]  # level -> competency key -> statements


def _files(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    files = sorted(p for p in source.rglob("*.md") if p.is_file())
    if not files:
        raise ConversionError(f"{source}: no markdown (.md) files in this folder")
    return files


def _front(path: Path, text: str) -> dict[str, Any] | None:
    """The front matter as data; raises _Skip when it is there but unusable."""
    front, _, _ = split_front_matter(text)
    if front is None:
        return None
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        tab = " (a TAB character; YAML indents with spaces)" if "\t" in front else ""
        raise _Skip(f"front matter is not valid YAML{where}: {problem}{tab}") from None
    if data is not None and not isinstance(data, dict):
        raise _Skip("front matter is not a mapping of fields")
    return data or {}


class _Skip(Exception):
    """This file cannot be used; the message says why."""


def _competency(draft: Draft, raw_name: str, title: Any) -> str:
    name, _, detail = str(raw_name).partition(":")
    display = name_of(str(title)) if title else name.strip().capitalize()
    key = slug(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)) or slug(display)
    area_key, area_name = _AREAS[guess_area_kind(display)]
    draft.area(area_key, area_name)
    return draft.competency(key, display or key, area_key, detail.strip())


def _statement(item: Any) -> str:
    if isinstance(item, dict):
        text = str(item.get("criteria") or "").strip()
        examples = [str(e).strip() for e in item.get("examples") or [] if str(e).strip()]
        return f"{text} (examples: {'; '.join(examples)})" if examples else text
    return str(item).strip()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _from_topics(draft: Draft, topics: Any, path: Path) -> Criteria:
    if not isinstance(topics, list):
        raise _Skip("'topics' is not a list")
    out: Criteria = {}
    for i, topic in enumerate(topics):
        if not isinstance(topic, dict) or not topic.get("name"):
            raise _Skip(f"topics[{i}] has no 'name'")
        comp = _competency(draft, topic["name"], topic.get("title"))
        for entry in _as_list(topic.get("content")):
            if not isinstance(entry, dict) or not str(entry.get("level", "")).strip().isdigit():
                raise _Skip(f"topic '{topic['name']}' has content without a numeric 'level'")
            items = [*_as_list(entry.get("criteria")), *_as_list(entry.get("exampleCriteria"))]
            texts = [t for t in (_statement(x) for x in items) if t]
            out.setdefault(int(str(entry["level"]).strip()), {}).setdefault(comp, []).extend(texts)
    return out


def _from_body(draft: Draft, body: str, first_line: int) -> Criteria:
    out: Criteria = {}
    level: int | None = None
    level_depth = 0
    comp = None
    for b in outline(body, first_line):
        if b.kind == "heading" and (m := _LEVEL_HEADING.match(name_of(b.text))):
            level, level_depth, comp = int(m.group(1)), b.level, None
            out.setdefault(level, {})
        elif b.kind == "heading" and level is not None and b.level > level_depth:
            comp = _competency(draft, name_of(b.text), None)
        elif b.kind == "heading":
            level = None
        elif level is not None and b.kind in ("para", "bullet", "numbered") and b.text:
            key = comp or _competency(draft, "overall", "Overall")
            out[level].setdefault(key, []).append(b.text)
    return out


def _track(draft: Draft, path: Path, root: Path, front: dict[str, Any], crit: Criteria) -> None:
    title = name_of(str(front.get("title") or path.stem))
    name = re.sub(r"\s+framework$", "", title, flags=re.I) or path.stem
    rel = path.relative_to(root) if path != root else Path(path.name)
    group = front.get("sidebarGroup") or (rel.parts[0] if len(rel.parts) > 1 else None)
    tid = slug(path.stem)
    if any(t.id == tid for t in draft.tracks):
        tid = slug(str(rel.with_suffix("")))
    kind, why = guess_kind(name)
    families = None
    if group:
        fam = slug(str(group))
        draft.families.setdefault(fam, {"name": str(group).replace("-", " ").capitalize()})
        families = [fam]
    track = DraftTrack(tid, name, kind, why, families, _source_note(front))
    for n in sorted(crit):
        lines = [
            f"{draft.competencies[c]['name']}: {s}" for c, items in crit[n].items() for s in items
        ]
        track.levels.append(
            DraftLevel(n, f"{name} {n}", responsibilities=lines, source=f"{rel} level {n}")
        )
    carry_forward(track.levels, {n: set(c) for n, c in crit.items()})
    stated = front.get("levels")
    if isinstance(stated, int) and stated != len(crit):
        draft.notes.append(f"{rel}: front matter says {stated} levels; {len(crit)} have criteria")
    draft.tracks.append(track)


def _source_note(front: dict[str, Any]) -> str:
    path = front.get("path")
    return f"Converted from the Monzo-format page {path}." if path else ""


def read(source: Path) -> Draft:
    """Read a Monzo-format folder (or one file) into a draft; unusable files are skipped."""
    root = source if source.is_dir() else source.parent
    draft = Draft(
        source=source, format="monzo", name=f"{source_name(source)} progression framework"
    )
    draft.description = f"Converted from {source.name} (Monzo format) by multitrack convert."
    for path in _files(source):
        rel = str(path.relative_to(root))
        before = (dict(draft.competencies), dict(draft.areas), dict(draft.families))
        try:
            text = read_text(path)
            front = _front(path, text)
            if front is None:
                raise _Skip("no YAML front matter (--- … ---) at the top of the file")
            crit = (
                _from_topics(draft, front["topics"], path)
                if front.get("topics")
                else _from_body(draft, split_front_matter(text)[1], split_front_matter(text)[2])
            )
            crit = {n: c for n, c in crit.items() if any(c.values())}
            if not crit:
                raise _Skip(
                    "carries no levels (no topics with level criteria, no 'Level N' sections)"
                )
            _track(draft, path, root, front, crit)
        except (_Skip, ConversionError) as exc:
            draft.skipped.append(Skipped(rel, str(exc).removeprefix(f"{path}: ")))
            draft.competencies, draft.areas, draft.families = before
    numbers = {lv.number for t in draft.tracks for lv in t.levels}
    draft.scales[STATED_SCALE] = stated_scale(numbers)
    return draft
