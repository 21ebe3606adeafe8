"""Load and dump frameworks as YAML or JSON, one file or a folder of files.

Every error names the file, line and column: the YAML is composed into nodes (with the C
parser when available), turned into plain data while recording where each value came from,
and validation errors are mapped back to those places.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from multitrack.core.errors import (
    FrameworkError,
    FrameworkSyntaxError,
    FrameworkValidationError,
    Problem,
    format_path,
)
from multitrack.core.model import Framework

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Located",
    "dump",
    "dumps",
    "load",
    "load_located",
    "loads",
    "parse",
    "to_data",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_SUFFIXES = (".yaml", ".yml", ".json")

try:  # the C parser is ~10x faster on big frameworks
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader with plain-scalar tag resolution memoised.

    Resolving a plain scalar's tag (str, int, bool…) runs regular expressions in Python for
    every value; frameworks repeat the same few values (step names, bands) thousands of
    times, so the answer is cached by value. No path resolvers are registered, so the
    descend/ascend bookkeeping is skipped too.
    """

    _tags: dict[str, str] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode or not implicit[0]:
            return super().resolve(kind, value, implicit)
        tag = self._tags.get(value)
        if tag is None:
            if len(self._tags) > 50_000:
                self._tags.clear()
            tag = self._tags[value] = super().resolve(kind, value, implicit)
        return tag


@dataclass
class Located:
    """Plain data plus where each path came from: ``loc -> (file, line, column)``."""

    data: Any
    where: dict[tuple[str | int, ...], tuple[str, int, int]] = field(default_factory=dict)

    def problem(self, message: str, loc: tuple[str | int, ...]) -> Problem:
        probe = tuple(loc)
        while probe and probe not in self.where:
            probe = probe[:-1]
        file, line, col = self.where.get(probe, (None, None, None))
        return Problem(
            message, path=format_path(tuple(loc)), loc=tuple(loc), file=file, line=line, column=col
        )


# ---------------------------------------------------------------------------- parsing


def _read(path: Path, max_bytes: int) -> str:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FrameworkSyntaxError([Problem(f"cannot read: {exc.strerror}", file=name)]) from None
    if size > max_bytes:
        raise FrameworkSyntaxError(
            [
                Problem(
                    f"file is {size:,} bytes; the limit is {max_bytes:,} (raise it with "
                    "--max-bytes)",
                    file=name,
                )
            ]
        )
    return _decode(path.read_bytes(), name)


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FrameworkSyntaxError(
            [
                Problem(
                    f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the "
                    "file as UTF-8",
                    file=name,
                    line=line,
                    column=col,
                )
            ]
        ) from None
    if not text.strip():
        raise FrameworkSyntaxError(
            [Problem("file is empty; expected a framework mapping", file=name)]
        )
    return text


def parse(text: str, name: str = "<input>") -> Located:
    """Parse YAML/JSON text into plain data with locations; duplicate keys are errors."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        msg = getattr(exc, "problem", None) or str(exc)
        ctx = getattr(exc, "context", None)
        detail = f"{ctx}, {msg}" if ctx else msg
        raise FrameworkSyntaxError(
            [
                Problem(
                    f"not valid YAML: {detail}",
                    file=name,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None
    if node is None:
        raise FrameworkSyntaxError(
            [Problem("file is empty; expected a framework mapping", file=name)]
        )
    out = Located(None)
    problems: list[Problem] = []
    out.data = _Converter(name, out.where, problems, 2 * len(text) + 10_000).value(node, ())
    if problems:
        raise FrameworkSyntaxError(problems)
    if not isinstance(out.data, dict):
        raise FrameworkSyntaxError(
            [
                Problem(
                    "the top level must be a mapping (bands:, tracks:, levels: …)",
                    file=name,
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                )
            ]
        )
    return out


_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
MAX_DEPTH = 64  # a framework nests about 7 deep; far deeper input is not a framework


class _Converter:
    """Plain data from composed nodes, recording where each value came from.

    Refuses what YAML allows but a framework never needs: merge keys, non-data tags, nesting
    beyond ``MAX_DEPTH``, aliases that refer to themselves, and aliases that expand past a
    budget proportional to the text (an "alias bomb").
    """

    def __init__(self, name: str, where: dict, problems: list, budget: int) -> None:
        self.name, self.where, self.problems, self.budget = name, where, problems, budget
        self.active: set[int] = set()

    def problem(self, message: str, node: yaml.Node, loc: tuple = ()) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(
                message,
                path=format_path(loc),
                file=self.name,
                line=mark.line + 1,
                column=mark.column + 1,
            )
        )

    def value(self, node: yaml.Node, loc: tuple) -> Any:
        self.where[loc] = (self.name, node.start_mark.line + 1, node.start_mark.column + 1)
        self.budget -= 1
        if self.budget < 0:
            self.problem("YAML aliases expand to far more values than the file holds", node, loc)
            raise FrameworkSyntaxError(self.problems)
        if isinstance(node, yaml.ScalarNode):
            return _construct_scalar(node, self.name, self.problems)
        if node.tag not in _COLLECTION_TAGS:
            _unsupported(node, self.name, self.problems)
            return None
        if len(loc) > MAX_DEPTH:
            self.problem(f"nested deeper than {MAX_DEPTH} levels", node)
            return None
        if id(node) in self.active:
            self.problem("a YAML alias refers to the value that contains it", node, loc)
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.value(v, loc + (i,)) for i, v in enumerate(node.value)]
            return self.mapping(node, loc)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: yaml.MappingNode, loc: tuple) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                self.problem("a mapping key must be a plain value", knode, loc)
                continue
            if knode.tag == "tag:yaml.org,2002:merge":
                self.problem("YAML merge keys (<<) are not supported", knode)
                continue
            key = knode.value
            if key in out:
                first = self.where.get(loc + (key,), (self.name, "?", "?"))
                self.problem(f"duplicate key '{key}' (first at line {first[1]})", knode, loc)
                continue
            out[key] = self.value(vnode, loc + (key,))
            if not isinstance(vnode, yaml.ScalarNode):
                # a block mapping or list starts on the line below its key: point at the key
                mark = knode.start_mark
                self.where[loc + (key,)] = (self.name, mark.line + 1, mark.column + 1)
        return out


def _construct_scalar(node: yaml.ScalarNode, name: str, problems: list) -> Any:
    tag = node.tag
    value = node.value
    try:
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:int":
            return (
                int(value.replace("_", ""), 0)
                if value[:2] in ("0x", "0o")
                else int(value.replace("_", ""))
            )
        if tag == "tag:yaml.org,2002:float":
            return float(value.replace("_", ""))
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("true", "yes", "on")
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:timestamp":
            loader = yaml.SafeLoader("")
            return loader.construct_yaml_timestamp(node)
    except (ValueError, yaml.YAMLError):
        return value  # e.g. 2026-13-45: validation then says what was expected
    _unsupported(node, name, problems)
    return None


def _unsupported(node: yaml.Node, name: str, problems: list) -> None:
    """Tags beyond plain YAML data (!!python/…, !!binary, local !tags) are refused, not ignored."""
    problems.append(
        Problem(
            f"unsupported YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')}",
            file=name,
            line=node.start_mark.line + 1,
            column=node.start_mark.column + 1,
        )
    )


def _merge_folder(folder: Path, max_bytes: int) -> Located:
    files = sorted(p for p in folder.rglob("*") if p.suffix in _SUFFIXES and p.is_file())
    if not files:
        raise FrameworkSyntaxError(
            [Problem("folder holds no .yaml, .yml or .json files", file=str(folder))]
        )
    merged = Located({})
    problems: list[Problem] = []
    for path in files:
        part = parse(_read(path, max_bytes), str(path))
        for top, value in part.data.items():
            loc = (top,)
            if top not in merged.data:
                merged.data[top] = value
                merged.where.update({k: v for k, v in part.where.items() if k[:1] == loc})
                continue
            have = merged.data[top]
            if isinstance(have, dict) and isinstance(value, dict):
                for k, v in value.items():
                    if k in have:
                        problems.append(
                            part.problem(
                                f"'{k}' is defined again (first in {merged.where[loc + (k,)][0]})",
                                loc + (k,),
                            )
                        )
                        continue
                    have[k] = v
                    merged.where.update(
                        {w: x for w, x in part.where.items() if w[:2] == loc + (k,)}
                    )
            elif isinstance(have, list) and isinstance(value, list):
                offset = len(have)
                have.extend(value)
                for w, x in part.where.items():
                    if w[:1] == loc and len(w) > 1 and isinstance(w[1], int):
                        merged.where[(top, w[1] + offset, *w[2:])] = x
            else:
                problems.append(
                    part.problem(
                        f"'{top}' is set in more than one file (first in {merged.where[loc][0]})",
                        loc,
                    )
                )
    if problems:
        raise FrameworkSyntaxError(problems)
    return merged


# ------------------------------------------------------------------------ validation


def _build(located: Located) -> Framework:
    try:
        return Framework.model_validate(located.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            problems.append(located.problem(_message(err), _clean_loc(loc)))
        raise FrameworkValidationError(problems) from None
    except FrameworkValidationError as exc:
        raise FrameworkValidationError(
            [located.problem(p.message, p.loc) for p in exc.problems]
        ) from None


def _clean_loc(loc: tuple) -> tuple:
    # pydantic inserts union-branch and validator names into locations
    return tuple(
        p
        for p in loc
        if not (
            isinstance(p, str)
            and (
                p.startswith(("function-", "tuple[", "Mapping[", "literal[", "json-or-python"))
                or p in ("str", "int", "float", "bool", "none")
            )
        )
    )


def _message(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    msg = err["msg"]
    if kind == "extra_forbidden":
        return f"unknown field '{err['loc'][-1]}'"
    if kind == "missing":
        return f"required field '{err['loc'][-1]}' is missing"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    got = err.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{msg} (got {shown})"


# ---------------------------------------------------------------------------- public


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Framework:
    """Load a framework from a YAML/JSON file or a folder of them.

    Raises FrameworkSyntaxError (unreadable, not UTF-8, not YAML, duplicates, too large,
    empty) or FrameworkValidationError (wrong types, unknown references).
    """
    return load_located(path, max_bytes=max_bytes)[0]


def load_located(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Framework, Located]:
    """Like :func:`load`, also returning where each value came from (for lint findings)."""
    path = Path(path)
    if path.is_dir():
        located = _merge_folder(path, max_bytes)
    elif not path.exists():
        raise FrameworkSyntaxError([Problem("no such file or folder", file=str(path))])
    else:
        located = parse(_read(path, max_bytes), str(path))
    return _build(located), located


def loads(text: str | bytes, name: str = "<input>") -> Framework:
    """Load a framework from YAML/JSON text (same errors as :func:`load`)."""
    if isinstance(text, bytes):
        text = _decode(text, name)
    elif not text.strip():
        raise FrameworkSyntaxError(
            [Problem("input is empty; expected a framework mapping", file=name)]
        )
    return _build(parse(text, name))


def to_data(fw: Framework) -> dict[str, Any]:
    """The framework as plain data in the file format's shape, defaults left out."""
    data = fw.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data = {"multitrack": fw.multitrack, **data}
    data["bands"] = [_band(b) for b in data["bands"]]
    return data


def _band(b: dict[str, Any]) -> Any:
    return b["key"] if set(b) == {"key"} else b


def dumps(fw: Framework, fmt: str = "yaml") -> str:
    """Serialise a framework; loading the result gives an equal framework."""
    data = to_data(fw)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def dump(fw: Framework, path: str | Path) -> None:
    path = Path(path)
    fmt = "json" if path.suffix == ".json" else "yaml"
    path.write_text(dumps(fw, fmt), encoding="utf-8")


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def describe(exc: FrameworkError) -> list[str]:
    """Lines for a person, one per problem."""
    return [str(p) for p in exc.problems]
