"""Just enough markdown for career-framework pages: front matter, an outline, tables, text.

The converters read structure, not presentation, so the outline is flat: headings (with
their level), *labels* (a line that is wholly bold, such as ``**Scope** *Area of
ownership*``), bullet and numbered items, table rows and paragraphs, each with its line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from multitrack.core.errors import ConversionError

__all__ = [
    "Block",
    "clean",
    "name_of",
    "outline",
    "read_text",
    "slug",
    "split_front_matter",
    "table_rows",
]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
_LABEL = re.compile(r"^\*\*(?P<label>[^*]+?)\*\*\s*(?P<rest>.*)$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Block:
    kind: str  # heading | label | bullet | numbered | row | para
    text: str
    line: int
    level: int = 0  # heading depth, or the number of a numbered item
    rest: str = ""  # for labels: what follows the bold part


def read_text(path: Path) -> str:
    """A file's text as UTF-8; ConversionError naming the file otherwise."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConversionError(
            f"{path}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
        ) from None
    except OSError as exc:
        raise ConversionError(f"{path}: cannot read ({exc.strerror})") from None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, line number where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


def clean(text: str) -> str:
    """Plain text: links and images to their words, HTML and emphasis removed."""
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = re.sub(r"(\*\*|__|\*|_(?=\S)|(?<=\S)_|`)", "", text)
    return " ".join(text.split())


def _strip_symbols(text: str) -> str:
    """Drop leading and trailing emoji and other symbols (``🏆 Results`` -> ``Results``)."""
    chars = list(text)
    while chars and not (chars[0].isalnum() or chars[0] in "("):
        chars.pop(0)
    while chars and not (chars[-1].isalnum() or chars[-1] in ")."):
        chars.pop()
    return "".join(chars).strip()


def name_of(text: str) -> str:
    """A display name from a heading or label: plain text without decorative symbols."""
    return _strip_symbols(clean(text))


def slug(text: str) -> str:
    """A stable key: lower case ASCII words joined by hyphens."""
    norm = unicodedata.normalize("NFKD", clean(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")


def outline(text: str, first_line: int = 1) -> list[Block]:
    """The blocks of a markdown body, in order (see the module docstring)."""
    out: list[Block] = []
    para: list[str] = []
    para_line = 0

    def flush() -> None:
        if para:
            out.append(Block("para", clean(" ".join(para)), para_line))
            para.clear()

    for n, raw in enumerate(text.splitlines(), start=first_line):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if m := _HEADING.match(line):
            flush()
            out.append(Block("heading", m.group(2), n, len(m.group(1))))
        elif line.lstrip().startswith("|"):
            flush()
            out.append(Block("row", line.strip(), n))
        elif m := _NUMBERED.match(line):
            flush()
            out.append(Block("numbered", m.group(2).strip(), n, int(m.group(1))))
        elif m := _BULLET.match(line):
            flush()
            out.append(Block("bullet", m.group(1).strip(), n))
        elif m := _LABEL.match(line.strip()):
            flush()
            out.append(Block("label", m.group("label").strip(), n, rest=m.group("rest").strip()))
        else:
            if not para:
                para_line = n
            para.append(line.strip())
    flush()
    return out


def table_rows(blocks: list[Block]) -> list[list[str]]:
    """Cells of consecutive table rows (raw markdown, links kept); separator rows dropped."""
    rows = []
    for b in blocks:
        cells = [c.strip() for c in b.text.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue
        rows.append(cells)
    return rows
