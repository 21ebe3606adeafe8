"""Dropbox-format frameworks: one markdown page per level, ``# IC3 Software Engineer``.

A page is a level page when its first heading is a level code (letters and a number) and a
title. Before the first section it states the level's summary (a line of emphasis), and
labelled lists such as **Scope**, **Collaborative Reach** and **Impact Levers**; then each
section (``## 🏆 Results``) is an area whose labels (**Impact**) are competencies with their
behaviours as bullets.

Tracks come from the code (``IC``, ``M``). Where a code has several pages at one level
(Dropbox's disciplines), each discipline is its own track and job family: its titles lose
seniority words: the longest ending of the title that the code uses at several levels or at
its lowest level ("Staff Software Engineer" → Software Engineer), else the shortest that
ends a longer title ("Lead Data Analyst" → Data Analyst). The source states no equivalence
between codes, so levels are aligned by number unless the mapping says otherwise, and the
output says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from multitrack.core.convert.draft import (
    STATED_SCALE,
    Draft,
    DraftLevel,
    DraftTrack,
    Skipped,
    carry_forward,
    guess_kind,
    source_name,
    stated_scale,
)
from multitrack.core.convert.markdown import Block, clean, name_of, outline, read_text, slug
from multitrack.core.errors import ConversionError

__all__ = ["read"]

_LEVEL = re.compile(r"^(?P<code>[A-Za-z]+)(?P<n>\d+)\s+(?P<title>\S.*)$")
_LEVEL_FILE = re.compile(r"^[a-z]+\d+[_-]", re.I)


@dataclass
class _Page:
    path: Path
    code: str
    number: int
    title: str
    blocks: list[Block]
    discipline: str = ""


def _pages(draft: Draft, source: Path) -> list[_Page]:
    files = [source] if source.is_file() else sorted(source.rglob("*.md"))
    if not files:
        raise ConversionError(f"{source}: no markdown (.md) files here")
    root = source if source.is_dir() else source.parent
    out = []
    for path in files:
        rel = str(path.relative_to(root))
        try:
            blocks = outline(read_text(path))
        except ConversionError as exc:
            draft.skipped.append(Skipped(rel, str(exc).removeprefix(f"{path}: ")))
            continue
        head = next((b for b in blocks if b.kind == "heading"), None)
        m = _LEVEL.match(name_of(head.text)) if head else None
        if m is None:
            if _LEVEL_FILE.match(path.name):
                draft.skipped.append(
                    Skipped(rel, "named like a level page, but its first heading is not "
                            "'CODE<number> Title' (e.g. '# IC3 Software Engineer')")
                )  # fmt: skip
            else:
                draft.ignored.append(rel)
            continue
        out.append(
            _Page(
                path, m.group("code").upper(), int(m.group("n")), m.group("title").strip(), blocks
            )
        )
    return out


def _split_disciplines(pages: list[_Page]) -> bool:
    """Name each page's discipline; True when the code holds several disciplines."""
    numbers = [p.number for p in pages]
    if len(numbers) == len(set(numbers)):
        return False
    levels_of: dict[str, set[int]] = {}
    for p in pages:
        levels_of.setdefault(p.title, set()).add(p.number)
    lowest = min(numbers)
    strong = {t for t, ns in levels_of.items() if len(ns) > 1 or lowest in ns}
    weak = {t for t in levels_of if any(o.endswith(" " + t) for o in levels_of)}
    for p in pages:
        words = p.title.split()
        suffixes = [" ".join(words[i:]) for i in range(len(words))]  # longest first
        p.discipline = next(
            (s for s in suffixes if s in strong),
            next((s for s in reversed(suffixes) if s in weak), p.title),
        )
    return True


def _level(draft: Draft, page: _Page, rel: str) -> tuple[DraftLevel, set[str]]:
    lv = DraftLevel(page.number, page.title, source=rel)
    stated: set[str] = set()
    area = label = comp = None
    facts: dict[str, list[str]] = {}
    for b in page.blocks[1:]:
        if b.kind == "heading":
            if b.level > 1 or area is not None:
                area = draft.area(slug(name_of(b.text)), name_of(b.text)) if b.level > 1 else None
                comp = None
            continue
        if b.kind == "label":
            label = name_of(b.text)
            comp = draft.competency(slug(label), label, area) if area else None
        elif b.kind == "para" and not lv.summary and area is None and label is None:
            lv.summary = b.text
        elif b.kind in ("bullet", "numbered"):
            text = clean(b.text)
            if comp is None and area is not None:
                comp = draft.competency(area, draft.areas[area]["name"], area)
            if comp is not None:
                stated.add(comp)
                lv.responsibilities.append(f"{draft.competencies[comp]['name']}: {text}")
            elif label:
                facts.setdefault(label, []).append(text)
    for label, items in facts.items():
        low = label.lower()
        if "scope" in low:
            lv.scope = "; ".join(items)
        elif "reach" in low or "influence" in low:
            lv.influence = "; ".join(items)
        else:
            lv.responsibilities[:0] = [f"{label}: {t}" for t in items]
    return lv, stated


def _tracks(draft: Draft, pages: list[_Page], root: Path) -> None:
    by_code: dict[str, list[_Page]] = {}
    for p in pages:
        by_code.setdefault(p.code, []).append(p)
    for code, group in by_code.items():
        split = _split_disciplines(group)
        by_track: dict[str, list[_Page]] = {}
        for p in group:
            by_track.setdefault(p.discipline if split else code, []).append(p)
        for disc, members in by_track.items():
            members.sort(key=lambda p: p.number)
            tid = f"{slug(code)}-{slug(disc)}" if split else slug(code)
            name = f"{disc} ({code})" if split else f"{members[0].title} ({code})"
            kind, why = guess_kind(name, code)
            families = None
            if split:
                draft.families.setdefault(slug(disc), {"name": disc})
                families = [slug(disc)]
            track = DraftTrack(tid, name, kind, why, families)
            stated: dict[int, set[str]] = {}
            for p in members:
                rel = str(p.path.relative_to(root))
                if p.number in stated:
                    draft.skipped.append(Skipped(rel, f"a second {code}{p.number} page for {disc}"))
                    continue
                lv, comps = _level(draft, p, rel)
                if not comps:
                    draft.skipped.append(
                        Skipped(rel, "no behaviours found (sections with **Label** and bullets)")
                    )
                    continue
                stated[p.number] = comps
                track.levels.append(lv)
            carry_forward(track.levels, stated)
            if track.levels:
                draft.tracks.append(track)


def read(source: Path) -> Draft:
    """Read a folder of Dropbox-format level pages into a draft."""
    root = source if source.is_dir() else source.parent
    draft = Draft(source=source, format="dropbox", name=f"{source_name(source)} career framework")
    draft.description = f"Converted from {source.name} (Dropbox format) by multitrack convert."
    _tracks(draft, _pages(draft, source), root)
    numbers = {lv.number for t in draft.tracks for lv in t.levels}
    draft.scales[STATED_SCALE] = stated_scale(numbers)
    if draft.ignored:
        draft.notes.append(f"{len(draft.ignored)} pages are not level pages and were left out")
    return draft
