"""The rows of one import under our field names, and the checks every kind shares.

:class:`Rows` holds the cleaned strings (``row`` plus one column per field) and collects
problems as frames. Its readers (:meth:`Rows.dates`, :meth:`Rows.numbers`,
:meth:`Rows.choice`, :meth:`Rows.lookup`…) parse a field for all rows at once and report the
rows that do not parse, with the file's header as the column and a reason that says what
was expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from multitrack.analytics.ingest.hashindex import repeated_rows
from multitrack.analytics.ingest.mapping import ColumnMapping
from multitrack.analytics.ingest.result import problem_frame
from multitrack.analytics.ingest.values import (
    choose_date_format,
    constant,
    format_label,
    map_values,
    parse_bool,
    parse_date,
    parse_number,
    per_distinct,
    value_key,
)

__all__ = ["Rows", "among", "formatted", "listing", "member", "suggest"]

_SUGGEST_LIMIT = 500  # distinct unknown values that get "did you mean"; others a plain reason


def listing(items: Collection[str], limit: int = 12) -> str:
    items = list(items)
    more = f" … ({len(items)} in all)" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def suggest(value: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=3, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        close = [lowered[c] for c in difflib.get_close_matches(value.lower(), list(lowered), n=3)]
    return f"; did you mean {' or '.join(map(repr, close))}?" if close else ""


@dataclass
class Rows:
    df: pl.DataFrame
    header: dict[str, str]  # field -> the header shown in problems
    mapping: ColumnMapping
    problems: list[pl.DataFrame] = field(default_factory=list)

    def fork(self) -> Rows:
        """The same rows with a problem list of their own (for checks run in parallel)."""
        return Rows(self.df, self.header, self.mapping)

    def join(self, *forks: Rows) -> None:
        """Take the problems of ``forks``, in the order given."""
        for fork in forks:
            self.problems.extend(fork.problems)

    def has(self, name: str) -> bool:
        return name in self.df.columns

    def raw(self, name: str) -> pl.Series:
        """The field's strings (all null when the file has no such column)."""
        if name in self.df.columns:
            return self.df[name]
        return constant(None, self.df.height, pl.String()).alias(name)

    def flag(
        self,
        mask: pl.Series,
        name: str | None,
        reason: str | pl.Series | Callable[[pl.Series], pl.Series],
        value: pl.Series | None = None,
    ) -> None:
        """Report every row where ``mask`` holds. ``reason`` is a text, a Series, or a
        function of the flagged positions giving their reasons, so that a message built
        from row values is built for the failing rows only."""
        mask = mask.fill_null(False)
        if not mask.any():
            return
        rows = self.df["row"].filter(mask)
        if value is None and name is not None and name in self.df.columns:
            value = self.df[name]
        values = value.filter(mask).cast(pl.String) if value is not None else None
        if callable(reason):
            reasons: str | pl.Series = reason(mask.arg_true())
        else:
            reasons = reason if isinstance(reason, str) else reason.filter(mask)
        column = self.header.get(name, name) if name else None
        self.problems.append(problem_frame(rows, column, values, reasons))

    def bad_rows(self) -> pl.Series:
        frames = [p["row"] for p in self.problems if p.height]
        return pl.concat(frames).unique() if frames else pl.Series("row", [], dtype=pl.Int64)

    def valid(self) -> pl.Series:
        """True for the rows without any problem so far."""
        return ~among(self.df["row"], self.bad_rows())

    # ------------------------------------------------------------------ readers

    def mapped(self, name: str, synonyms: Mapping[str, str] | None = None) -> pl.Series:
        """The field after the mapping's value map (and built-in ``synonyms``)."""
        table = {**(synonyms or {}), **self.mapping.values.get(name, {})}
        return map_values(self.raw(name), table)

    def required(self, name: str, what: str) -> None:
        self.flag(self.raw(name).is_null(), name, f"missing {what}")

    def numbers(
        self,
        name: str,
        what: str,
        *,
        low: float | None = 0,
        high: float | None = None,
        values: pl.Series | None = None,
    ) -> pl.Series:
        """A numeric field (``values``: the field already mapped, when the caller has it);
        non-numbers and values outside [low, high] are reported."""
        raw = self.mapped(name) if values is None else values
        if raw.null_count() == len(raw):
            return constant(None, len(raw), pl.Float64()).alias(name)
        parsed = parse_number(raw, self.mapping.decimal)
        self.flag(raw.is_not_null() & parsed.is_null(), name, self._not_a_number(raw, what))
        if low is not None:
            self.flag(
                parsed < low,
                name,
                f"{what} must not be below {low:g}" if low else f"negative {what}",
            )
        if high is not None:
            self.flag(parsed > high, name, f"{what} must not exceed {high:g}")
        ok = parsed.is_not_null()
        if low is not None:
            ok &= parsed >= low
        if high is not None:
            ok &= parsed <= high
        return pl.select(pl.when(ok).then(parsed)).to_series().alias(name)

    def _not_a_number(self, raw: pl.Series, what: str) -> Callable[[pl.Series], pl.Series]:
        """The reason for unreadable numbers, with a hint when they look like 1.234,56."""
        hint = " (for 1.234,56 set decimal: ',' in the mapping)"

        def why(at: pl.Series) -> pl.Series:
            comma = raw.gather(at).str.contains(r"\d,\d{1,2}$") & (self.mapping.decimal == ".")
            text = pl.when(comma).then(pl.lit(hint)).otherwise(pl.lit(""))
            return pl.select(pl.concat_str([pl.lit(f"{what} is not a number"), text])).to_series()

        return why

    def dates(self, name: str, what: str | None = None) -> pl.Series:
        """A date field, read in the mapping's format or the one this column is written in."""
        raw = self.raw(name)
        fmt = self.mapping.date_formats.get(name) or self.mapping.date_formats.get("*")
        if raw.is_null().all():
            return constant(None, len(raw), pl.Date()).alias(name)
        ambiguous = False
        if fmt is None:
            fmt, ambiguous = choose_date_format(raw)
        parsed = parse_date(raw, fmt)
        label = format_label(fmt)
        if ambiguous:
            first = raw.drop_nulls().head(1).item()
            self.flag(
                raw.is_not_null(),
                name,
                f"dates like {first!r} read as DD/MM/YYYY and as MM/DD/YYYY; set date_format "
                "(or columns: {field: {header, format}}) in the mapping",
            )
            return constant(None, len(raw), pl.Date()).alias(name)
        self.flag(
            raw.is_not_null() & parsed.is_null(),
            name,
            f"bad {what or 'date'}: expected {label} ({fmt}), a real date between 1900 and 2100",
        )
        return parsed

    def flags(self, name: str, what: str) -> pl.Series:
        raw = self.mapped(name)
        if raw.null_count() == len(raw):
            return constant(None, len(raw), pl.Boolean()).alias(name)
        parsed = per_distinct(raw, parse_bool, pl.Boolean())
        self.flag(raw.is_not_null() & parsed.is_null(), name, f"{what}: expected yes or no")
        return parsed

    def choice(
        self,
        name: str,
        allowed: Collection[str],
        what: str,
        synonyms: Mapping[str, str] | None = None,
        expected: str | None = None,
    ) -> pl.Series:
        """A field with a fixed set of values (after synonyms and the mapping's value map)."""
        values = self.mapped(name, synonyms)
        if values.null_count() == len(values):
            return values
        keys = per_distinct(values, value_key, pl.String())
        ok = keys.is_in(list(allowed))
        self.flag(
            values.is_not_null() & ~ok,
            name,
            f"unknown {what}: expected {expected or ', '.join(allowed)} (map other values under "
            f"values: {name}: in the mapping)",
            value=self.raw(name),
        )
        return pl.select(pl.when(ok).then(keys)).to_series().alias(name)

    def lookup(
        self,
        values: pl.Series,
        table: Mapping[str, str],
        name: str,
        what: str,
        choices: Collection[str],
        *,
        report: bool = True,
    ) -> pl.Series:
        """Resolve values through ``table`` (keyed by :func:`value_key`); unknown ones are
        reported with the valid ``choices`` and the closest of them."""

        def resolve(v: pl.Series) -> pl.Series:
            return value_key(v).replace_strict(
                list(table), list(table.values()), default=None, return_dtype=pl.String
            )

        if values.null_count() == len(values):
            return values.alias(name)
        out = per_distinct(values, resolve, pl.String())
        if report:
            self.unknown(values.is_not_null() & out.is_null(), values, name, what, choices)
        return out.alias(name)

    def unknown(
        self, mask: pl.Series, values: pl.Series, name: str, what: str, choices: Collection[str]
    ) -> None:
        """Report unknown values, one message per distinct value (with close matches)."""
        known = listing(sorted(choices))

        def why(value: str, i: int) -> str:
            close = suggest(value, choices) if i < _SUGGEST_LIMIT else ""
            return f"unknown {what} {value!r}; expected one of: {known}{close}"

        self.explain(mask, values, name, why)

    def explain(
        self, mask: pl.Series, values: pl.Series, name: str, why: Callable[[str, int], str]
    ) -> None:
        """Report rows where ``mask`` holds, the reason computed once per distinct value
        (``why(value, i)``, i counting distinct values) and joined back to the rows."""
        mask = mask.fill_null(False)
        if not mask.any():
            return
        distinct = values.filter(mask).unique(maintain_order=True).to_list()
        reasons = {v: why(v, i) for i, v in enumerate(distinct)}
        text = values.replace_strict(list(reasons), list(reasons.values()), default=None)
        self.flag(mask, name, text, value=values)

    def duplicates(self, keys: list[str], what: str, name: str | None = None) -> None:
        """Rows that repeat ``keys`` (the first one non-null; empty others count as equal):
        each names every row of its group."""
        df = pl.DataFrame({"row": self.df["row"], **{k: self.raw(k) for k in keys}})
        df = df.filter(pl.col(keys[0]).is_not_null())
        key = df[keys[0]] if len(keys) == 1 else df.select(pl.struct(keys)).to_series()
        candidates = repeated_rows(key)
        if candidates is None:
            return
        df = df.filter(candidates)  # rows whose key shares a hash: the few that may repeat
        dup = df.filter(
            pl.struct(keys).is_duplicated() if len(keys) > 1 else pl.col(keys[0]).is_duplicated()
        )
        if dup.height == 0:
            return
        rows = pl.col("row").over(keys, mapping_strategy="join")
        why = dup.select(
            "row",
            _why=pl.format(
                f"duplicate {what}: rows {{}}{{}}",
                rows.list.head(6).cast(pl.List(pl.String)).list.join(", "),
                pl.when(rows.list.len() > 6)
                .then(pl.format(" … ({} rows)", rows.list.len()))
                .otherwise(pl.lit("")),
            ),
        )
        reasons = self.df.select("row").join(why, on="row", how="left", maintain_order="left")
        self.flag(reasons["_why"].is_not_null(), name or keys[0], reasons["_why"])

    def known(self, name: str, pool: pl.Series, what: str = "person") -> None:
        """Report references to ids that are not stored (``pool``)."""
        values = self.raw(name)
        self.flag(
            values.is_not_null() & ~member(values, pool),
            name,
            f"unknown {what}: not among the stored people (import people first)",
        )

    def consistent(self, ids: pl.Series, name: str, values: pl.Series, what: str) -> None:
        """An entity's attribute (a workgroup's name, a course's hours…) repeated on several
        rows must agree: rows that differ from the first are reported, naming it."""
        df = pl.DataFrame({"id": ids, "v": values, "row": self.df["row"]})
        given = pl.col("v").is_not_null()
        first = df.select(
            pl.col("v").filter(given).first().over("id").alias("first"),
            pl.col("row").filter(given).first().over("id").alias("at"),
        )
        differs = (values.is_not_null() & ids.is_not_null() & (values != first["first"])).fill_null(
            False
        )
        template = f"{what} {{}} has {name} {{}} on row {{}}; rows must agree"
        why = formatted(template, ids, first["first"], first["at"])
        self.flag(differs, name, why, value=values)


def formatted(template: str, *parts: pl.Series) -> Callable[[pl.Series], pl.Series]:
    """A reason for :meth:`Rows.flag`: ``template`` (``{}`` per part) filled in from the
    parts' values, for the flagged rows only."""

    def why(at: pl.Series) -> pl.Series:
        frame = pl.DataFrame({f"p{i}": p.gather(at) for i, p in enumerate(parts)})
        return frame.select(pl.format(template, *frame.columns)).to_series()

    return why


def among(rows: pl.Series, wanted: pl.Series) -> pl.Series:
    """``rows.is_in(wanted)`` for file lines: lines only grow down a file, so the few wanted
    lines are found by binary search instead of hashing every row (any order still works)."""
    line = rows.to_numpy()
    if len(line) < 2 or not (line[1:] > line[:-1]).all():
        return member(rows, wanted).fill_null(False)
    want = wanted.drop_nulls().to_numpy()
    at = np.minimum(np.searchsorted(line, want), max(len(line) - 1, 0))
    found = np.zeros(len(line), dtype=bool)
    if len(line):
        found[at[line[at] == want]] = True
    return pl.Series(rows.name, found)


def member(values: pl.Series, pool: pl.Series | Collection[str]) -> pl.Series:
    """``values.is_in(pool)`` for a Series pool (polars wants it imploded)."""
    if isinstance(pool, pl.Series):
        return values.is_in(pool.implode())
    return values.is_in(list(pool))
