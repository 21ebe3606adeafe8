"""Converters from public career frameworks into Multitrack's model.

One module per source format (``snowflake``, ``monzo``, ``ladders``, ``dropbox``) reads
what the source states into a :class:`~multitrack.core.convert.draft.Draft`; the shared
assembler places levels on a band spine and applies the mapping file and flags for what
the source does not state. Every failure is a ConversionError naming the file and what was
expected; files that cannot be used are skipped and listed, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from multitrack.core.convert.assemble import Conversion, assemble
from multitrack.core.convert.draft import Draft, Skipped
from multitrack.core.convert.mapping import Align, Crossovers, MappingFile, load_mapping
from multitrack.core.errors import ConversionError

__all__ = [
    "FORMATS",
    "Conversion",
    "MappingFile",
    "Skipped",
    "convert",
    "load_mapping",
    "read_draft",
]


def _reader(name: str) -> Callable[[Path], Draft]:
    def read(source: Path) -> Draft:
        from importlib import import_module

        return import_module(f"multitrack.core.convert.{name}").read(source)

    return read


FORMATS: dict[str, Callable[[Path], Draft]] = {
    name: _reader(name) for name in ("snowflake", "monzo", "ladders", "dropbox")
}


def read_draft(source: str | Path, fmt: str) -> Draft:
    """What the source states, before alignment (for tools that want to inspect it)."""
    if fmt not in FORMATS:
        raise ConversionError(f"unknown source format '{fmt}'; formats are {', '.join(FORMATS)}")
    path = Path(source)
    if not path.exists():
        raise ConversionError(f"{path}: no such file or folder")
    return FORMATS[fmt](path)


def convert(
    source: str | Path,
    fmt: str,
    *,
    mapping: MappingFile | str | Path | None = None,
    align: Align | None = None,
    crossovers: Crossovers | None = None,
    name: str | None = None,
) -> Conversion:
    """Convert a framework in ``fmt`` at ``source`` (a file or folder).

    ``mapping`` is a MappingFile or the path of one; ``align`` and ``crossovers`` override
    it. Raises ConversionError when the input cannot be used.
    """
    if mapping is not None and not isinstance(mapping, MappingFile):
        mapping = load_mapping(mapping)
    draft = read_draft(source, fmt)
    return assemble(draft, mapping, align=align, crossovers=crossovers, name=name)
