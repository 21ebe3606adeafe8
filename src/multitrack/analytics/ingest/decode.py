"""Bytes to text: detect UTF-8 (with or without BOM), UTF-16/32 with BOM and cp1252/latin-1.

HRIS exports come from spreadsheets and old systems; a file that is partly UTF-8 and partly
cp1252 (two exports pasted together) is refused, naming the first line that breaks the
encoding, because guessing would silently corrupt names.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "DecodeError", "decode"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (BOM)"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (BOM)"),
)
# a valid multi-byte UTF-8 sequence: its presence next to an invalid byte means "mixed"
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


class DecodeError(ValueError):
    """The bytes are not text in one encoding; ``line`` is the first bad line (1-based)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    """The file's text; a UTF-8 file keeps only its (validated) bytes, decoded on demand."""

    decoded: str | None
    encoding: str  # a human name: "UTF-8", "UTF-8 with BOM", "cp1252"…
    utf8: bytes | None = None  # the same text as UTF-8 bytes when it was already (fast path)

    @property
    def text(self) -> str:
        if self.decoded is not None:
            return self.decoded
        assert self.utf8 is not None
        return self.utf8.decode("utf-8")

    def as_utf8(self) -> bytes:
        """The text as UTF-8 bytes (the file's own bytes when it was UTF-8)."""
        return self.utf8 if self.utf8 is not None else self.text.encode("utf-8")


def _valid_utf8(data: bytes) -> None:
    """Raise UnicodeDecodeError unless ``data`` is UTF-8; the text is not kept (a 100 MB
    export would cost its size again; ASCII, the common case, needs no decoding at all)."""
    if not data.isascii():
        data.decode("utf-8")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``; ``declared`` (from the mapping) forces one encoding.

    Raises DecodeError naming the first bad line.
    """
    if declared and declared.lower() not in ("auto", ""):
        return _declared(data, declared)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, name, utf8=codec == "utf-8")
    if b"\x00" in data:
        return _nul_bytes(data)
    try:
        _valid_utf8(data)
        return Decoded(None, "UTF-8", utf8=data)
    except UnicodeDecodeError as exc:
        bad = exc.start
    multi = _UTF8_MULTI.search(data)
    if multi is not None:
        raise DecodeError(
            _line_of(data, bad),
            f"the file mixes encodings: byte 0x{data[bad]:02X} on line {_line_of(data, bad)} "
            f"is not UTF-8, but line {_line_of(data, multi.start())} is UTF-8; re-export the "
            "whole file as UTF-8",
        )
    if not any(byte in data for byte in _CP1252_UNDEFINED):
        return Decoded(data.decode("cp1252"), "cp1252")
    return Decoded(data.decode("latin-1"), "latin-1")


def _strict(data: bytes, codec: str, name: str, utf8: bool = False) -> Decoded:
    try:
        if utf8:
            _valid_utf8(data)
        text = None if utf8 else data.decode(codec)
    except UnicodeDecodeError as exc:
        unit = 4 if "32" in codec else 2 if "16" in codec else 1
        good = data[: exc.start - exc.start % unit]
        line = good.decode(codec, errors="replace").count("\n") + 1
        raise DecodeError(
            line,
            f"the file is {name} but line {line} is not (byte offset {exc.start}): the file "
            "mixes encodings or is damaged; re-export the whole file in one encoding",
        ) from None
    return Decoded(text, name, utf8=data if utf8 else None)


def _nul_bytes(data: bytes) -> Decoded:
    """NUL bytes without a BOM: UTF-16 if they sit on every other byte, else binary."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if half and odd > 0.4 * half and even == 0:
        return _strict(data, "utf-16-le", "UTF-16 (no BOM)")
    if half and even > 0.4 * half and odd == 0:
        return _strict(data, "utf-16-be", "UTF-16 (no BOM)")
    line = _line_of(data, data.index(b"\x00"))
    raise DecodeError(
        line,
        f"binary data (a NUL byte) on line {line}: this is not a CSV text file (an XLSX or "
        "other spreadsheet saved under another name?)",
    )


def _declared(data: bytes, declared: str) -> Decoded:
    try:
        codecs.lookup(declared)
    except LookupError:
        raise DecodeError(0, f"unknown encoding {declared!r} in the mapping") from None
    for bom, _codec, _name in _BOMS:
        if data.startswith(bom) and declared.lower().replace("_", "-").startswith("utf"):
            data = data[len(bom) :]
            break
    try:
        text = data.decode(declared)
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise DecodeError(
            line, f"line {line} is not valid {declared} (the encoding the mapping declares)"
        ) from None
    return Decoded(text, declared)
