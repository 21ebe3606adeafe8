"""Vectorised readers for cell values: texts, value maps, numbers, dates, booleans, choices.

Each reader takes a string Series and returns the parsed Series (null where unreadable); the
caller compares it with the raw column to find the rows to report. Nothing here loops over
rows in Python.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping

import polars as pl

__all__ = [
    "DATE_FORMATS",
    "choose_date_format",
    "clean",
    "collect_small",
    "constant",
    "per_distinct",
    "format_label",
    "map_values",
    "parse_bool",
    "parse_date",
    "parse_number",
    "text_key",
    "value_key",
]

TRUE = ("true", "yes", "y", "1", "x", "t", "ja", "oui", "si", "regretted", "regrettable")
FALSE = ("false", "no", "n", "0", "f", "nein", "non", "not regretted", "non regretted",
         "non regrettable", "unregretted")  # fmt: skip

# Candidate formats when the mapping gives none; one is chosen per column from its values.
DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d-%b-%Y", "%d %b %Y", "%b %d, %Y", "%d %B %Y",
    "%B %d, %Y", "%m/%d/%Y", "%d/%m/%Y", "%Y%m%d",
)  # fmt: skip
_AMBIGUOUS = ("%m/%d/%Y", "%d/%m/%Y")
_SEPARATORS = re.compile(r"[\s_\-]+")
_LABELS = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%b": "Mon", "%B": "Month", "%y": "YY"}


def format_label(fmt: str) -> str:
    """``%d/%m/%Y`` → ``DD/MM/YYYY`` for messages."""
    for code, label in _LABELS.items():
        fmt = fmt.replace(code, label)
    return fmt


def constant(value: object, n: int, dtype: pl.DataType) -> pl.Series:
    """``n`` copies of ``value`` (without building a Python list)."""
    return pl.repeat(value, n, dtype=dtype, eager=True)


def per_distinct(
    values: pl.Series, fn: Callable[[pl.Series], pl.Series], dtype: pl.DataType
) -> pl.Series:
    """``fn(values)``, computed once per distinct value: HR columns repeat a few tracks,
    bands, currencies and dates a million times, so parsing the distinct values and mapping
    back is far cheaper than parsing every cell."""
    if values.null_count() == len(values):  # an absent or empty column: nothing to parse
        return constant(None, len(values), dtype).alias(values.name)
    sample = values.head(20_000)
    if len(values) < 1_000 or sample.n_unique() > len(sample) * 0.9:  # ids, amounts: directly
        return fn(values).cast(dtype).alias(values.name)
    seen = sample.drop_nulls().unique()
    if len(seen) == 1 and (values.is_null() | (values == seen[0])).all():  # one value (a default)
        out = fn(seen).cast(dtype)[0]
        given = pl.when(values.is_not_null()).then(pl.lit(out, dtype))
        return pl.select(given).to_series().alias(values.name)
    distinct = values.drop_nulls().unique()
    if len(distinct) > len(values) // 4:
        return fn(values).cast(dtype).alias(values.name)
    out = fn(distinct).cast(dtype)
    return values.replace_strict(distinct, out, default=None, return_dtype=dtype).alias(values.name)


def null_tokens(nulls: Collection[str]) -> list[str]:
    """The tokens in the spellings exports use (na, NA, Na…), so matching needs no lowering."""
    out = set()
    for token in nulls:
        out.update({token, token.lower(), token.upper(), token.title(), token.capitalize()})
    return sorted(out)


def collect_small(query: pl.LazyFrame) -> pl.DataFrame:
    """Collect a query whose result is small (a reduction) with the streaming engine, which
    works through the columns in pieces instead of materialising each intermediate column
    (a strip of every cell, say) in full; older polars collect it the usual way."""
    try:
        return query.collect(engine="streaming")
    except TypeError:  # pragma: no cover - polars without the engine argument
        return query.collect()


def clean(df: pl.DataFrame, names: list[str], nulls: Collection[str]) -> pl.DataFrame:
    """Strip spaces; empty cells and null tokens (NA, n/a, …) become null.

    One parallel pass first finds which columns need either (most exports need neither for
    most columns); those columns are rebuilt, the others are kept as they are, uncopied."""
    tokens = null_tokens(nulls)
    df = df.with_columns(pl.col(names).cast(pl.String))
    text = [pl.col(n) for n in names]
    needs = df.lazy().select(
        *(
            (c.str.strip_chars().str.len_bytes().sum() != c.str.len_bytes().sum()).alias(f"s{i}")
            for i, c in enumerate(text)
        ),
        *(c.is_in(tokens).any().alias(f"t{i}") for i, c in enumerate(text)),
    )
    flags = collect_small(needs).row(0) if names else ()
    strip, nulled = flags[: len(names)], flags[len(names) :]
    fixes = []
    for name, s, t in zip(names, strip, nulled, strict=True):
        c = pl.col(name).str.strip_chars() if s else pl.col(name)
        if s or t:
            fixes.append(pl.when(c.is_in(tokens)).then(None).otherwise(c).alias(name))
    return df.lazy().with_columns(fixes).collect() if fixes else df


def value_key(values: pl.Series) -> pl.Series:
    """Values as compared with a value map: lower case, runs of space, ``_`` and ``-`` as one."""
    return values.str.to_lowercase().str.replace_all(r"[\s_\-]+", " ").str.strip_chars()


def text_key(text: str) -> str:
    """:func:`value_key` for one Python string."""
    return _SEPARATORS.sub(" ", text.lower()).strip()


def map_values(values: pl.Series, mapping: Mapping[str, str]) -> pl.Series:
    """Replace values found in ``mapping`` (matched by :func:`value_key`); ``"*"`` is the
    replacement for every other non-null value; unmatched values stay as they are."""
    if not mapping:
        return values
    table = {text_key(k): v for k, v in mapping.items() if k != "*"}
    other = mapping.get("*")

    def replace(v: pl.Series) -> pl.Series:
        fallback = v if other is None else constant(other, len(v), pl.String())
        return value_key(v).replace_strict(list(table), list(table.values()), default=fallback)

    return per_distinct(values, replace, pl.String())


def parse_number(values: pl.Series, decimal: str = ".") -> pl.Series:
    """Numbers as exports write them: ``85,000.00``, ``$ 85 000``, ``1.234,5`` (decimal ``,``),
    ``(1,200)`` for negative, ``80%`` (→ 80). Anything else is null."""
    return per_distinct(values, lambda v: _number(v, decimal), pl.Float64())


def _number(values: pl.Series, decimal: str) -> pl.Series:
    if decimal == ".":  # plain numbers need no clean-up: parse those directly
        plain = values.cast(pl.Float64, strict=False)
        plain = pl.select(pl.when(plain.is_finite()).then(plain)).to_series()
        rest = (plain.is_null() & values.is_not_null()).arg_true()
        if len(rest) == 0:
            return plain
        return plain.scatter(rest, _formatted(values.gather(rest), decimal))
    return _formatted(values, decimal)


def _formatted(values: pl.Series, decimal: str) -> pl.Series:
    s = values.str.replace_all(r"[\s\u00a0\u202f'’$€£¥₹]", "")
    s = s.str.replace(r"^[A-Za-z]{3}|[A-Za-z]{3}$", "")  # a currency code before or after
    negative = s.str.contains(r"^\(.*\)$")
    s = s.str.strip_prefix("(").str.strip_suffix(")").str.strip_suffix("%")
    thousands, point = (",", r"\.") if decimal == "." else (r"\.", ",")
    digits = rf"(\d{{1,3}}({thousands}\d{{3}})+|\d+)({point}\d+)?([eE][+-]?\d+)?"
    shape = rf"^[+-]?{digits}$|^[+-]?{point}\d+$"
    ok = s.str.contains(shape)
    s = s.str.replace_all(thousands if decimal == "." else r"\.", "")
    if decimal == ",":
        s = s.str.replace(",", ".", literal=True)
    number = s.cast(pl.Float64, strict=False)
    return (
        pl.select(
            pl.when(ok & number.is_finite())
            .then(pl.when(negative).then(-number).otherwise(number))
            .otherwise(None)
        )
        .to_series()
        .alias(values.name)
    )


def parse_bool(values: pl.Series) -> pl.Series:
    keys = value_key(values)
    return (
        pl.select(
            pl.when(keys.is_in(TRUE)).then(True).when(keys.is_in(FALSE)).then(False).otherwise(None)
        )
        .to_series()
        .alias(values.name)
    )


def _date_text(values: pl.Series) -> pl.Series:
    """Drop a time part (``2020-01-05T00:00:00``, ``2020-01-05 00:00``) before parsing."""
    return values.str.replace(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?.*$", "$1")


def choose_date_format(values: pl.Series) -> tuple[str, bool]:
    """The candidate format that reads most of a sample of the column.

    Returns (format, ambiguous): ambiguous when day/month and month/day read equally well
    (every day 12 or below), so the mapping must say which.
    """
    sample = _date_text(values.drop_nulls().head(2000))
    if sample.len() == 0:
        return DATE_FORMATS[0], False
    hits = {f: sample.str.strptime(pl.Date, f, strict=False).count() for f in DATE_FORMATS}
    best = max(DATE_FORMATS, key=lambda f: (hits[f], -DATE_FORMATS.index(f)))
    ambiguous = best in _AMBIGUOUS and hits[_AMBIGUOUS[0]] == hits[_AMBIGUOUS[1]] > 0
    return best, ambiguous


def parse_date(values: pl.Series, fmt: str) -> pl.Series:
    """Dates in ``fmt``; also null outside 1900–2100 (a typo, not a date)."""
    return per_distinct(values, lambda v: _parse_date(v, fmt), pl.Date())


def _parse_date(values: pl.Series, fmt: str) -> pl.Series:
    parsed = _date_text(values).str.strptime(pl.Date, fmt, strict=False)
    lo, hi = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
    return (
        pl.select(pl.when(parsed.is_between(lo, hi)).then(parsed).otherwise(None))
        .to_series()
        .alias(values.name)
    )
