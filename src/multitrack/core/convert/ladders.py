"""Engineering-ladders format (engineeringladders.com and frameworks written like it).

The shape: an index page (``README.md``) with a level table — one row per level number,
one column per ladder, each cell a position code such as ``D4`` linking to the ladder's
page — and one section per *axis* (Technology, System…) holding a numbered list of its
named steps (``1. **Adopts**: …``). Each ladder page has one section per position
(``## D4 - Developer 4``) listing the named step expected on each axis.

Kept: ladders as tracks, positions as levels (title, expected step per axis), axes as
competencies with their described steps, and the index table's rows as the declared
cross-ladder equivalence. Without an index table, levels are aligned by the number in
their code and the output says so.
"""

from __future__ import annotations

import re
from pathlib import Path

from multitrack.core.convert.draft import (
    Draft,
    DraftLevel,
    DraftTrack,
    Skipped,
    guess_kind,
    source_name,
)
from multitrack.core.convert.markdown import (
    Block,
    clean,
    name_of,
    outline,
    read_text,
    slug,
    table_rows,
)
from multitrack.core.errors import ConversionError

__all__ = ["read"]

_POSITION = re.compile(r"^(?P<code>[A-Za-z]+)\s*(?P<n>\d+)\s*(?:[-–—:]\s*)?(?P<title>.*)$")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)#]*)(#[^)]*)?\)")
_STEP = re.compile(r"^\*\*(?P<name>[^*]+)\*\*\s*[:–-]?\s*(?P<desc>.*)$")


def _index(files: list[Path]) -> tuple[Path | None, list[Block]]:
    """The page holding the level table (README/index first), with its outline."""
    ordered = sorted(files, key=lambda p: (p.stem.lower() not in ("readme", "index"), p.name))
    for path in ordered:
        try:
            blocks = outline(read_text(path))
        except ConversionError:
            continue  # reported when the page itself is read
        rows = table_rows([b for b in blocks if b.kind == "row"])
        if rows and clean(rows[0][0]).lower() == "level":
            return path, blocks
    return None, []


def _axes(draft: Draft, blocks: list[Block]) -> dict[str, list[str]]:
    """Axis key -> ordered step keys, from sections holding a numbered list of **Step**."""
    axes: dict[str, list[str]] = {}
    heading = None
    blurbs = {}
    for b in blocks:
        if b.kind == "heading":
            heading = name_of(b.text)
        elif b.kind == "bullet" and (m := _STEP.match(b.text)):
            blurbs[slug(m.group("name"))] = clean(m.group("desc"))
        elif b.kind == "numbered" and heading and (m := _STEP.match(b.text)):
            key = slug(heading)
            axes.setdefault(key, [])
            step = slug(m.group("name"))
            axes[key].append(step)
            scale = draft.scales.setdefault(key, {"name": f"{heading} steps", "steps": []})
            scale["steps"].append({"key": step, "description": clean(m.group("desc"))})
            area = draft.area("axes", "Axes")
            draft.competency(key, heading, area)
            draft.competencies[key]["scale"] = key
    for key in axes:
        if blurbs.get(key):
            draft.competencies[key]["description"] = blurbs[key]
    return axes


def _table(rows: list[list[str]]) -> tuple[dict[str, tuple[str, str]], dict[str, int], dict]:
    """Ladders (column name -> (name, file)), code -> level number, level -> band notes."""
    header = rows[0]
    ladders: dict[int, tuple[str, str]] = {}
    for i, cell in enumerate(header[1:], start=1):
        m = _LINK.search(cell)
        files = {_LINK.search(r[i]).group(2) for r in rows[1:] if i < len(r) and _LINK.search(r[i])}
        target = m.group(2) if m else (files.pop() if len(files) == 1 else "")
        if target:
            ladders[i] = (clean(cell), target)
    numbers: dict[str, int] = {}
    band_notes: dict[int, str] = {}
    for r in rows[1:]:
        level = clean(r[0])
        if not level.isdigit():
            continue
        extra = [f"{clean(header[i])}: {clean(c)}" for i, c in enumerate(r[1:], 1)
                 if i not in ladders and i < len(header) and clean(c)]  # fmt: skip
        band_notes[int(level)] = "; ".join(extra)
        for i in ladders:
            if i < len(r) and clean(r[i]):
                numbers[clean(r[i]).upper()] = int(level)
    return {str(i): v for i, v in ladders.items()}, numbers, band_notes


def _step_of(name: str, pos: int, axes: dict[str, list[str]]) -> tuple[str, str] | None:
    key = slug(name)
    owners = [a for a, steps in axes.items() if key in steps]
    if len(owners) == 1:
        return owners[0], key
    order = list(axes)
    if owners and pos < len(order) and order[pos] in owners:
        return order[pos], key
    return None


def _positions(
    draft: Draft, path: Path, axes: dict[str, list[str]], numbers: dict[str, int]
) -> tuple[str, str, list[DraftLevel]]:
    blocks = outline(read_text(path))
    title = next((name_of(b.text) for b in blocks if b.kind == "heading"), path.stem)
    intro = next((b.text for b in blocks if b.kind == "para"), "")
    levels: list[DraftLevel] = []
    current: DraftLevel | None = None
    code = ""
    pos = 0
    for b in blocks:
        if b.kind == "heading":
            m = _POSITION.match(name_of(b.text))
            current = None
            if m and b.level > 1:
                code = m.group("code")
                ref = f"{code}{m.group('n')}".upper()
                number = numbers.get(ref, int(m.group("n")))
                current = DraftLevel(
                    number, m.group("title").strip() or ref, source=f"{path.name} {ref}"
                )
                levels.append(current)
                pos = 0
        elif b.kind == "bullet" and current is not None and (m := _STEP.match(b.text)):
            current.responsibilities.append(f"{m.group('name').strip()}: {clean(m.group('desc'))}")
            found = _step_of(m.group("name"), pos, axes)
            if found:
                current.expects[found[0]] = found[1]
            elif axes:
                draft.notes.append(
                    f"{current.source}: '{m.group('name')}' is not a step of any axis"
                )
            pos += 1
    return title, (intro + " " if intro else "") + f"(from {path.name})", levels


def _add_ladder(
    draft: Draft, name: str | None, path: Path, axes: dict[str, list[str]], numbers: dict
) -> None:
    """One ladder page as a track; a page linked from the table but unusable is skipped."""
    if not path.is_file():
        draft.skipped.append(Skipped(path.name, "linked from the level table but not found"))
        return
    try:
        title, intro, levels = _positions(draft, path, axes, numbers)
    except ConversionError as exc:
        draft.skipped.append(Skipped(path.name, str(exc)))
        return
    if not levels:
        if name:
            draft.skipped.append(Skipped(path.name, "no position sections ('## CODE4 - Title')"))
        else:
            draft.ignored.append(path.name)
        return
    track_name = name or title
    code = re.match(r"[A-Za-z]+", levels[0].source.split()[-1]).group(0)
    kind, why = guess_kind(track_name, code)
    draft.tracks.append(DraftTrack(slug(track_name), track_name, kind, why, None, intro, levels))


def _read_index(draft: Draft, files: list[Path]):
    """The index page, the axes, and what its level table states (empty without one)."""
    index, blocks = _index(files)
    axes = _axes(draft, blocks) if index else {}
    if index is None:  # no index page: axes may still be described on any page
        for path in files:
            try:
                axes = axes or _axes(draft, outline(read_text(path)))
            except ConversionError:
                continue  # reported when the page itself is read
    ladders, numbers, band_notes = {}, {}, {}
    if index is not None:
        ladders, numbers, band_notes = _table(table_rows([b for b in blocks if b.kind == "row"]))
        draft.equivalence = (
            f"the level table of {index.name} puts one position of each ladder in each level row"
        )
    if not axes:
        draft.notes.append(
            "no axes found (sections with a numbered list of **Step**: …); "
            "levels keep their text only"
        )
    return index, axes, ladders, numbers, band_notes


def read(source: Path) -> Draft:
    """Read an engineering-ladders folder into a draft."""
    if not source.is_dir():
        raise ConversionError(f"{source}: expected a folder of markdown pages (README and ladders)")
    files = sorted(source.glob("*.md"))
    if not files:
        raise ConversionError(f"{source}: no markdown (.md) files in this folder")
    draft = Draft(
        source=source, format="ladders", name=f"{source_name(source)} engineering ladders"
    )
    draft.description = (
        f"Converted from {source.name} (engineering-ladders format) by multitrack convert."
    )
    index, axes, ladders, numbers, band_notes = _read_index(draft, files)
    pages = (
        [(name, source / target) for name, target in ladders.values()]
        if ladders
        else [(None, p) for p in files if p != index]
    )
    seen = set()
    for name, path in pages:
        seen.add(path.resolve())
        _add_ladder(draft, name, path, axes, numbers)
    draft.ignored += [p.name for p in files if p.resolve() not in seen and p != index]
    draft.band_names = {
        n: f"Level {n}" + (f" ({note})" if note else "") for n, note in band_notes.items()
    }
    return draft
