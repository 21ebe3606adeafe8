"""What an import returns: the problems found (row, column, value, reason) and the frames.

Checks build problems as polars frames (:data:`PROBLEM_SCHEMA`) so that a million rows are
checked with expressions, not Python loops; :class:`IngestResult` turns them into
:class:`RowProblem` objects once, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

__all__ = ["PROBLEM_SCHEMA", "IngestResult", "RowProblem", "file_problem", "problem_frame"]

# row 0 means "the file (or the mapping) as a whole"; the header is row 1.
PROBLEM_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "column": pl.String(),
    "value": pl.String(),
    "reason": pl.String(),
}

MAX_VALUE_CHARS = 200  # a 10 MB field is quoted by its start, not in full


@dataclass(frozen=True)
class RowProblem:
    """One problem: the 1-based file line (header = 1, 0 = whole file), column, value, why."""

    row: int
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        if self.column:
            where += f", column '{self.column}'"
        if self.value is not None:
            where += f" ({self.value!r})"
        return f"{where}: {self.reason}"


def problem_frame(
    rows: pl.Series | list[int],
    column: str | None,
    values: pl.Series | list[str | None] | None,
    reasons: pl.Series | list[str] | str,
) -> pl.DataFrame:
    """A problem frame for ``rows``; ``reasons`` may be one text for all of them."""
    frame = pl.DataFrame({"row": pl.Series("row", rows, dtype=pl.Int64)})
    return frame.with_columns(
        column=pl.lit(column, pl.String),
        value=pl.lit(None, pl.String) if values is None else pl.Series(values, dtype=pl.String),
        reason=pl.lit(reasons, pl.String)
        if isinstance(reasons, str)
        else pl.Series(reasons, dtype=pl.String),
    )


def file_problem(reason: str, row: int = 0, column: str | None = None) -> pl.DataFrame:
    return problem_frame([row], column, None, reason)


def empty_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def concat_problems(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """All problems in file order (file-level first), each once."""
    frames = [f.select(list(PROBLEM_SCHEMA)).cast(PROBLEM_SCHEMA) for f in frames if f.height]
    if not frames:
        return empty_problems()
    out = pl.concat(frames, how="vertical").unique(maintain_order=True)
    return out.with_columns(pl.col("value").str.slice(0, MAX_VALUE_CHARS)).sort(
        "row", maintain_order=True
    )


@dataclass
class IngestResult:
    """The outcome of :func:`multitrack.analytics.ingest.ingest`.

    ``frames`` hold the valid rows in :data:`multitrack.analytics.frames.SCHEMAS` shapes;
    ``valid_rows`` and ``rejected`` are the raw rows as read (original headers, plus ``row``;
    ``rejected`` also has ``reason``), so that a partial import can write the valid rows and
    hand back a file of the rejected ones. Nothing should be written unless ``ok`` (or the
    caller asked for a partial import).
    """

    kind: str
    problems_frame: pl.DataFrame = field(default_factory=empty_problems)
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    valid_rows: pl.DataFrame = field(default_factory=pl.DataFrame)
    rejected: pl.DataFrame = field(default_factory=pl.DataFrame)
    columns: dict[str, str] = field(default_factory=dict)  # our field -> the file's header
    encoding: str | None = None

    @property
    def ok(self) -> bool:
        return self.problems_frame.height == 0

    @property
    def problems(self) -> list[RowProblem]:
        return [RowProblem(*r) for r in self.problems_frame.iter_rows()]

    def summary(self) -> str:
        """One line for a terminal: rows read, valid, rejected, problems."""
        valid, bad = self.valid_rows.height, self.rejected.height
        return (
            f"{self.kind}: {valid + bad:,} rows read, {valid:,} valid, {bad:,} rejected, "
            f"{self.problems_frame.height:,} problems"
        )
