"""CSV text to a :class:`Table`, with the file's structure checked line by line, vectorised.

The text is split into lines once; quote parity per line (a polars expression) groups lines
into records, so a quoted field may span lines and a file that ends inside a quote is found
and named. Each record is then checked against RFC 4180 quoting with one regular expression,
its fields counted against the header, and its size bounded. Only records that pass are
handed to polars' CSV reader, which gives the values; when every record passes, the original
bytes go to the reader untouched.
"""

from __future__ import annotations

import re

import polars as pl

from multitrack.analytics.ingest.result import problem_frame
from multitrack.analytics.ingest.table import MAX_FIELD_BYTES, Table, column_names, split_record
from multitrack.analytics.ingest.values import constant

__all__ = ["header_names", "parse_values", "read_csv_text", "sniff_delimiter"]

DELIMITERS = (",", ";", "\t", "|")
_QUOTED = r'"(?:[^"]|"")*"'


def sniff_delimiter(header: str) -> str:
    """The candidate that splits the header line most often outside quotes (comma on ties)."""
    bare = re.sub(_QUOTED, "", header)
    counts = [(bare.count(d), -i, d) for i, d in enumerate(DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else ","


def read_csv_text(
    text: str,
    utf8: bytes | None = None,
    *,
    delimiter: str | None = None,
    header_row: int | None = None,
    max_field_bytes: int = MAX_FIELD_BYTES,
) -> Table:
    """Read CSV ``text`` (``utf8``: the same text as bytes, when at hand).

    Structural problems (unterminated quote, broken quoting, wrong field count, oversized
    fields) are reported per record and those records left out of ``data``.
    """
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # bare CRs end lines too
        text, utf8 = text.replace("\r\n", "\n").replace("\r", "\n"), None
    ends_with_newline = text.endswith("\n")
    records = _records(_lines(text, utf8, ends_with_newline), '"' in text)
    space = records["text"].str.contains(r"^\s*$")
    candidates = ~space & (records["row"] >= (header_row or 1))
    if not candidates.any():
        return _empty_table("the file is empty (no header line)")
    at = candidates.arg_max()
    header = records.row(at, named=True)
    sep = delimiter or sniff_delimiter(header["text"])
    _, refused = _check(records.slice(at, 1), sep, None, max_field_bytes, True)
    why = refused["reason"][0] if refused.height else None
    if why is not None:
        return _empty_table(f"the header line {header['row']} is unusable: {why}", header["row"])
    headers = header_names(header["text"], sep)
    body, space = records.slice(at + 1), space.slice(at + 1)
    blank = body["text"] == "" if len(headers) == 1 else space
    kept = body.filter(~blank) if blank.any() else body
    ok, bad = _check(kept, sep, len(headers), max_field_bytes, ends_with_newline)
    good = kept if bad.height == 0 else kept.filter(ok)
    untouched = bad.height == 0 and kept.height + 1 == records.height
    data, trouble = _values(good, header["text"], sep, headers, utf8, untouched)
    table = Table(headers=headers, data=data)
    table.problems.append(problem_frame(bad["row"], None, None, bad["reason"]))
    if trouble:
        table.problems.append(problem_frame([header["row"]], None, None, trouble))
    table.broken = _broken(bad, sep, len(headers))
    return table


def header_names(header: str, sep: str) -> list[str]:
    """The header line's names, spaces and a BOM dropped; an empty one named by position."""
    names = [h.strip().lstrip("\ufeff") for h in split_record(header, sep)]
    return [h or f"(column {i + 1})" for i, h in enumerate(names)]


def parse_values(data: bytes, sep: str, rows: int, n: int) -> pl.DataFrame | str:
    """polars' reader over CSV bytes whose structure is sound (``rows`` records of ``n``
    fields): ``c0…`` as strings, or why it failed. The careful scan and the quick path
    (:mod:`.csvfast`) both read values here."""
    try:
        df = pl.read_csv(
            data,
            has_header=True,
            separator=sep,
            quote_char='"',
            infer_schema=False,
            truncate_ragged_lines=False,
            raise_if_empty=False,
            comment_prefix=None,
        )
    except pl.exceptions.PolarsError as exc:
        return f"the CSV reader could not read the file ({exc})"
    if df.height != rows or df.width != n:
        return (
            f"the CSV reader found {df.height} rows of {df.width} fields where the structure "
            f"check found {rows} rows of {n}"
        )
    # the columns stay in the reader's blocks (a chunk each): copying them into one would
    # touch the file's size of fresh memory again; the few random gathers rechunk first
    return df.rename(dict(zip(df.columns, column_names(n), strict=True)))


def _lines(text: str, utf8: bytes | None, ends_with_newline: bool) -> pl.Series:
    """The file's lines, without their line ends (polars' reader splits them fastest)."""
    if "\x1f" not in text:
        lines = pl.read_csv(
            utf8 if utf8 is not None else text.encode("utf-8"),
            has_header=False,
            separator="\x1f",
            quote_char=None,
            infer_schema=False,
            new_columns=["text"],
            raise_if_empty=False,
            comment_prefix=None,
        )
        if lines.width == 1:
            return lines["text"].fill_null("")
    pieces = text.split("\n")
    if ends_with_newline:
        pieces.pop()
    return pl.Series("text", pieces, dtype=pl.String).str.strip_suffix("\r")


def _records(lines: pl.Series, quotes: bool = True) -> pl.DataFrame:
    """Group lines into records by quote parity; ``closed`` is false for an open quote."""
    df = pl.DataFrame({"text": lines}).with_row_index("row", offset=1).cast({"row": pl.Int64})
    if not quotes:
        return df.with_columns(closed=pl.lit(True))
    odd = (df["text"].str.count_matches('"', literal=True) % 2).cast(pl.Int64)
    inside = (odd.cum_sum() - odd) % 2 == 1  # a quote is open when this line starts
    if not inside.any():
        closed = odd.sum() % 2 == 0 or df.height == 0
        return df.with_columns(closed=pl.lit(True) if closed else _last_open(df))
    rid = (~inside).cast(pl.Int64).cum_sum()
    grouped = (
        df.with_columns(rid=rid)
        .group_by("rid", maintain_order=True)
        .agg(pl.col("row").first(), pl.col("text").str.join("\n"))
        .drop("rid")
    )
    if odd.sum() % 2 == 0:
        return grouped.with_columns(closed=pl.lit(True))
    return grouped.with_columns(closed=_last_open(grouped))


def _last_open(df: pl.DataFrame) -> pl.Series:
    return pl.int_range(df.height, eager=True) < df.height - 1


def _structure(text: pl.Series, sep: str) -> tuple[pl.Series, pl.Series]:
    """(field count, quoting sound) per record; the regular expressions run only on the
    records that contain a quote, which in most exports are few."""
    fields = text.str.count_matches(sep, literal=True) + 1
    sound = constant(True, len(text), pl.Boolean())
    quoted = text.str.contains('"', literal=True).arg_true()
    if len(quoted):
        s = re.escape(sep)
        field = f'(?:[^"{s}]*|{_QUOTED})'
        subset = text.gather(quoted)
        bare = subset.str.replace_all(_QUOTED, "").str.count_matches(sep, literal=True) + 1
        fields = fields.scatter(quoted, bare)
        sound = sound.scatter(quoted, subset.str.contains(f"^{field}(?:{s}{field})*$"))
    return fields, sound


def _check(
    body: pl.DataFrame, sep: str, n_fields: int | None, limit: int, newline: bool
) -> tuple[pl.Series, pl.DataFrame]:
    """(sound-record mask, refused records with ``row``, ``text`` and one ``reason`` each)."""
    size = body["text"].str.len_bytes()
    big = size > limit
    text = pl.select(pl.when(~big).then(body["text"])).to_series() if big.any() else body["text"]
    fields, sound = _structure(text, sep)
    wrong = (
        (fields != n_fields) if n_fields is not None else constant(False, len(size), pl.Boolean())
    )
    ok = body["closed"] & ~big & sound.fill_null(True) & ~wrong.fill_null(False)
    if ok.all():
        return ok, body.head(0).select("row", "text", reason=pl.lit(None, pl.String))
    bad = body.with_columns(_size=size, _fields=fields, _sound=sound).filter(~ok)
    last = body["row"].max()
    truncated = " (the file ends here without a line end: is it truncated?)" if not newline else ""
    reason = (
        pl.when(~pl.col("closed"))
        .then(
            pl.format(
                "a quoted field opened on line {} is never closed: the file ends inside it "
                "(truncated file, or a stray quote inside an unquoted field)",
                pl.col("row"),
            )
        )
        .when(pl.col("_size") > limit)
        .then(
            pl.format(
                "record of {} bytes: fields over {} bytes are refused", "_size", pl.lit(limit)
            )
        )
        .when(~pl.col("_sound"))
        .then(
            pl.lit(
                "broken quoting: a quote inside an unquoted field, or text after a closing "
                'quote (quote the whole field and double inner quotes: "5\'11""")'
            )
        )
        .otherwise(
            pl.format(
                "this row has {} fields but the header has {}{}",
                "_fields",
                pl.lit(n_fields),
                pl.when(pl.col("row") == last).then(pl.lit(truncated)).otherwise(pl.lit("")),
            )
        )
    )
    out = bad.select("row", "text", reason.alias("reason"))
    return ok, _name_big_fields(out, sep, limit)


def _name_big_fields(checked: pl.DataFrame, sep: str, limit: int) -> pl.DataFrame:
    """Say which field of an oversized record is too large (few records: a loop is fine)."""
    big = checked.filter(pl.col("reason").str.starts_with("record of"))
    if big.height == 0:
        return checked
    reasons = {}
    for row, text in big.select("row", "text").iter_rows():
        sizes = [len(f.encode("utf-8")) for f in split_record(text, sep)]
        i = max(range(len(sizes)), key=sizes.__getitem__)
        reasons[row] = (
            f"field {i + 1} holds {sizes[i] / 1e6:.1f} MB; fields over {limit / 1e6:.1f} MB are "
            "refused (a corrupt export, or a document pasted into a cell?)"
        )
    patch = pl.DataFrame({"row": list(reasons), "big": list(reasons.values())})
    return (
        checked.join(patch, on="row", how="left")
        .with_columns(reason=pl.coalesce("big", "reason"))
        .drop("big")
    )


def _values(
    good: pl.DataFrame,
    header: str,
    sep: str,
    headers: list[str],
    utf8: bytes | None,
    untouched: bool,
) -> tuple[pl.DataFrame, str | None]:
    """The sound records' values as strings (polars' reader), or why they could not be had."""
    cols = column_names(len(headers))
    empty = pl.DataFrame(schema={"row": pl.Int64, **dict.fromkeys(cols, pl.String)})
    if good.height == 0:
        return empty, None
    if untouched and utf8 is not None:
        data = utf8
    else:
        data = "\n".join([header, *good["text"].to_list()]).encode("utf-8")
    df = parse_values(data, sep, good.height, len(cols))
    if isinstance(df, str):
        return empty, df
    return df.with_columns(row=good["row"]).select("row", *cols), None


def _broken(bad: pl.DataFrame, sep: str, n: int) -> pl.DataFrame:
    """Refused records split as well as they go, for the file of rejected rows."""
    rows = []
    for row, text, reason in bad.select("row", "text", "reason").iter_rows():
        fields = split_record(text, sep) if len(text) <= MAX_FIELD_BYTES else [text[:200] + "…"]
        fields = (fields[: n - 1] + [sep.join(fields[n - 1 :])]) if len(fields) > n else fields
        fields = [f[:10_000] for f in fields] + [None] * (n - len(fields))
        rows.append([row, reason, *fields])
    schema = {"row": pl.Int64, "reason": pl.String, **dict.fromkeys(column_names(n), pl.String)}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _empty_table(reason: str, row: int = 0) -> Table:
    table = Table(headers=[], data=pl.DataFrame(schema={"row": pl.Int64}))
    table.problems.append(problem_frame([row], None, None, reason))
    return table
