"""The column mapping: which of a file's headers holds each of our fields, and how to read it.

A mapping is a small YAML file (``docs/import.md`` has a complete example)::

    columns:   {person_id: Worker ID, hire_date: {header: Start, format: "%m/%d/%Y"}}
    values:    {track: {Individual Contributor: specialist, "*": management}}
    defaults:  {currency: USD, period: month}

Fields it does not name are still found under the common export headers of
:mod:`.fields` unless ``recognise: false``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from multitrack.analytics.ingest.fields import FIELDS, IMPLIES, header_key
from multitrack.analytics.ingest.table import MAX_FIELD_BYTES

__all__ = ["ColumnMapping", "MappingError", "Resolved", "resolve_columns"]

DEFAULT_NULLS = ("", "na", "n/a", "#n/a", "null", "none", "nil", "-", "--", "nan")
_KEYS = {
    "kind", "sheet", "delimiter", "encoding", "header_row", "decimal", "date_format",
    "full_time_hours", "pay_basis", "recognise", "nulls", "max_field_bytes", "columns",
    "values", "defaults",
}  # fmt: skip


class MappingError(ValueError):
    """A mapping file that cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class ColumnMapping:
    """How to read one kind of export. Build with :meth:`load`, :meth:`from_dict` or directly."""

    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field -> headers
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field -> raw -> ours
    defaults: Mapping[str, str] = field(default_factory=dict)  # field -> constant
    date_formats: Mapping[str, str] = field(default_factory=dict)  # field (or "*") -> strptime
    kind: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    header_row: int | None = None
    decimal: str = "."
    full_time_hours: float = 40.0
    pay_basis: str = "actual"  # actual: pay as paid (divided by FTE); full_time: already FTE
    recognise: bool = True
    nulls: tuple[str, ...] = DEFAULT_NULLS
    max_field_bytes: int = MAX_FIELD_BYTES
    source: str | None = None

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        """Read a mapping file. Raises MappingError naming the file and each problem."""
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise MappingError(f"{path}: cannot read the mapping file ({exc.strerror})") from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise MappingError(f"{path}: not a YAML file ({exc})") from None
        return cls.from_dict(data if data is not None else {}, source=str(path))

    @classmethod
    def from_dict(cls, data: Any, source: str | None = None) -> ColumnMapping:
        """A mapping from parsed YAML. Raises MappingError listing every problem."""
        where = source or "mapping"
        if not isinstance(data, Mapping):
            raise MappingError(
                f"{where}: expected a mapping of settings, got {type(data).__name__}"
            )
        errors: list[str] = []
        unknown = sorted(set(map(str, data)) - _KEYS)
        for key in unknown:
            errors.append(f"unknown setting {key!r}{_suggest(key, _KEYS)}")
        columns, formats = _columns(data.get("columns") or {}, errors)
        values = _values(data.get("values") or {}, errors)
        defaults = _flat("defaults", data.get("defaults") or {}, errors)
        if data.get("date_format"):
            formats.setdefault("*", str(data["date_format"]))
        settings = _settings(data, errors)
        if errors:
            raise MappingError(f"{where}: " + "; ".join(errors))
        return cls(
            columns=columns,
            values=values,
            defaults=defaults,
            date_formats=formats,
            source=source,
            **settings,
        )

    def check_fields(self, kind: str) -> list[str]:
        """Problems with the field names this mapping uses, for an import of ``kind``."""
        known = FIELDS[kind]
        out = []
        if self.kind and self.kind != kind:
            out.append(f"the mapping is for {self.kind!r} but this is a {kind!r} import")
        for section in ("columns", "values", "defaults"):
            for name in getattr(self, section):
                if name not in known and not name.startswith("demo_"):
                    out.append(
                        f"{section}: unknown field {name!r} for {kind}{_suggest(name, known)}; "
                        f"fields: {', '.join(known)}"
                    )
        return out


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _columns(raw: Any, errors: list[str]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    columns: dict[str, tuple[str, ...]] = {}
    formats: dict[str, str] = {}
    if not isinstance(raw, Mapping):
        errors.append("columns: expected field: header pairs")
        return columns, formats
    for name, spec in raw.items():
        name = str(name)
        if isinstance(spec, Mapping):
            if spec.get("format"):
                formats[name] = str(spec["format"])
            spec = spec.get("header")
        if isinstance(spec, str | int | float):
            columns[name] = (str(spec),)
        elif isinstance(spec, list) and spec and all(isinstance(h, str | int) for h in spec):
            columns[name] = tuple(map(str, spec))
        else:
            errors.append(
                f"columns.{name}: expected a header, a list of headers or {{header, format}}"
            )
    return columns, formats


def _values(raw: Any, errors: list[str]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, Mapping):
        errors.append("values: expected field: {file value: our value} pairs")
        return {}
    return {str(k): _flat(f"values.{k}", v, errors) for k, v in raw.items()}


def _flat(where: str, raw: Any, errors: list[str]) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        errors.append(f"{where}: expected key: value pairs")
        return {}
    out = {}
    for k, v in raw.items():
        if isinstance(v, Mapping | list):
            errors.append(f"{where}.{k}: expected a single value")
        else:
            out[_text(k)] = _text(v)
    return out


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(v)
    return "" if v is None else str(v)


def _settings(data: Mapping, errors: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("kind", "sheet", "delimiter", "encoding"):
        if data.get(key) is not None:
            out[key] = str(data[key])
    if "delimiter" in out and len(out["delimiter"].encode()) != 1:
        errors.append(f"delimiter: expected one character, got {out['delimiter']!r}")
    for key, kind, ok in (
        ("header_row", int, lambda v: v >= 1),
        ("full_time_hours", float, lambda v: 0 < v <= 168),
        ("max_field_bytes", int, lambda v: v > 0),
    ):
        if data.get(key) is None:
            continue
        try:
            value = kind(data[key])
        except (TypeError, ValueError):
            value = None
        if value is None or not ok(value):
            errors.append(f"{key}: {data[key]!r} is not a valid value")
        else:
            out[key] = value
    for key, choices in (("decimal", (".", ",")), ("pay_basis", ("actual", "full_time"))):
        if data.get(key) is not None:
            if str(data[key]) not in choices:
                errors.append(f"{key}: expected one of {', '.join(choices)}")
            else:
                out[key] = str(data[key])
    if data.get("recognise") is not None:
        out["recognise"] = bool(data["recognise"])
    if data.get("nulls") is not None:
        nulls = data["nulls"]
        if not isinstance(nulls, list):
            errors.append("nulls: expected a list of texts that mean 'no value'")
        else:
            out["nulls"] = tuple(_text(v).strip().lower() for v in nulls) + ("",)
    return out


@dataclass(frozen=True)
class Resolved:
    """Which column holds each field: field -> column position, and its header."""

    index: Mapping[str, int]
    header: Mapping[str, str]
    implied: Mapping[str, str]  # defaults implied by a header ("Monthly Salary": month)
    problems: tuple[str, ...] = ()


def resolve_columns(headers: list[str], kind: str, mapping: ColumnMapping) -> Resolved:
    """Match fields to headers: the mapping's choices first, then the default aliases."""
    keys = [header_key(h) for h in headers]
    taken: set[int] = set()
    index: dict[str, int] = {}
    problems = []
    for name, wanted in mapping.columns.items():
        hit = next((keys.index(header_key(w)) for w in wanted if header_key(w) in keys), None)
        if hit is None:
            problems.append(
                f"the mapping puts {name} in column {' or '.join(map(repr, wanted))} but the "
                f"file has no such header{_suggest(wanted[0], headers)}; headers found: "
                f"{', '.join(headers)}"
            )
        else:
            index[name] = hit
            taken.add(hit)
    if mapping.recognise:
        _recognise(keys, kind, index, taken)
    for i, h in enumerate(headers):  # demographic columns pass through under their own name
        if i not in taken and h.startswith("demo_") and h not in index:
            index[h] = i
    implied = {}
    for name, i in index.items():
        for target, value in IMPLIES.get(keys[i], {}).items() if name == "base" else ():
            implied[target] = value
    return Resolved(
        index=index,
        header={name: headers[i] for name, i in index.items()},
        implied=implied,
        problems=tuple(problems),
    )


def _recognise(keys: list[str], kind: str, index: dict[str, int], taken: set[int]) -> None:
    """Claim headers by alias priority: a field takes the first alias the file has."""
    for name, aliases in FIELDS[kind].items():
        if name in index:
            continue
        for alias in aliases:
            key = header_key(alias)
            hits = [i for i, k in enumerate(keys) if k == key and i not in taken]
            if hits:
                index[name] = hits[0]
                taken.add(hits[0])
                break
