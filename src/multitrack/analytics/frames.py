"""The documented analytics frames: the one contract between stored people data and analysis.

Every analysis in :mod:`multitrack.analytics` takes a :class:`Frames` (or single frames from
it), never ORM objects, so the same code runs from a Parquet folder, a CSV export, the CLI and
the web application. ``docs/data-model.md`` documents every column; :data:`SCHEMAS` is the
machine-readable form and :func:`validate` checks a frame against it.

Conventions
- ids are strings (``person_id``, ``manager_id``…); dates are ``pl.Date``.
- ``level`` is the framework's level key ``track/band``; ``band`` is the spine position.
- pay is stored as given (``currency``, ``period``, ``fte``); ``pay_annual_fte`` in ``people``
  is the current base pay converted to the organisation's currency, per year, full time.
- demographic columns start with ``demo_`` and are optional; analyses that score individuals
  never read them (a test pins this).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

import polars as pl

from multitrack.core import Framework, dump, load

__all__ = [
    "DEMOGRAPHIC_PREFIX",
    "EVENT_KINDS",
    "FRAME_NAMES",
    "SCHEMAS",
    "Frames",
    "FramesError",
    "empty",
    "read_frames",
    "validate",
    "write_frames",
]

DEMOGRAPHIC_PREFIX = "demo_"

EVENT_KINDS = (
    "hire",
    "promotion",
    "demotion",
    "crossover",
    "pay_change",
    "manager_change",
    "rating",
    "version_move",
    "exit",
)

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    # one row per person ever employed; current state (exited people keep their last state)
    "people": {
        "person_id": pl.String(),
        "name": pl.String(),
        "email": pl.String(),
        "family": pl.String(),
        "zone": pl.String(),
        "track": pl.String(),
        "band": pl.String(),
        "level": pl.String(),
        "manager_id": pl.String(),
        "hire_date": pl.Date(),
        "level_since": pl.Date(),
        "exit_date": pl.Date(),
        "exit_reason": pl.String(),  # voluntary | involuntary | null
        "regretted": pl.Boolean(),
        "aspiration": pl.String(),  # stated track key, or null
        "rating": pl.Float64(),  # latest performance rating (1-5)
        "fte": pl.Float64(),
        "pay_annual_fte": pl.Float64(),  # base, org currency, per year, full time
        "variable_annual": pl.Float64(),  # variable pay, org currency, per year (actual)
    },
    # effective-dated history; current state is derivable from it
    "events": {
        "person_id": pl.String(),
        "date": pl.Date(),
        "kind": pl.String(),  # one of EVENT_KINDS
        "from_track": pl.String(),
        "from_band": pl.String(),
        "to_track": pl.String(),
        "to_band": pl.String(),
        "value": pl.Float64(),  # pay (pay_change, hire), rating (rating)
        "detail": pl.String(),  # manager id (manager_change), reason (exit), version (version_move)
    },
    # pay records as given, one per change
    "pay": {
        "person_id": pl.String(),
        "effective_date": pl.Date(),
        "base": pl.Float64(),
        "variable": pl.Float64(),
        "currency": pl.String(),
        "period": pl.String(),  # year | month | hour
        "fte": pl.Float64(),
        "hours_per_week": pl.Float64(),
    },
    "assessments": {
        "person_id": pl.String(),
        "competency": pl.String(),
        "proficiency": pl.Int16(),  # 1-based step on the competency's scale
        "source": pl.String(),  # self | manager | peer | upward
        "date": pl.Date(),
        "assessor_id": pl.String(),
    },
    "workgroups": {
        "workgroup_id": pl.String(),
        "name": pl.String(),
        "cross_functional": pl.Boolean(),
    },
    "memberships": {
        "workgroup_id": pl.String(),
        "person_id": pl.String(),
        "start": pl.Date(),
        "end": pl.Date(),
    },
    "projects": {
        "project_id": pl.String(),
        "name": pl.String(),
        "visibility": pl.Int8(),  # 1 low, 2 medium, 3 high
    },
    "assignments": {
        "project_id": pl.String(),
        "person_id": pl.String(),
        "role": pl.String(),  # lead | member
        "start": pl.Date(),
        "end": pl.Date(),
    },
    "development": {
        "person_id": pl.String(),
        "kind": pl.String(),  # mentoring | coaching | training
        "partner_id": pl.String(),  # the mentor or coach
        "course_id": pl.String(),
        "start": pl.Date(),
        "end": pl.Date(),
        "status": pl.String(),  # planned | active | done | dropped
    },
    "courses": {
        "course_id": pl.String(),
        "name": pl.String(),
        "competencies": pl.List(pl.String()),
        "hours": pl.Float64(),
    },
}

FRAME_NAMES = tuple(SCHEMAS)


class FramesError(ValueError):
    """A frame does not match its documented schema."""


def empty(name: str) -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMAS[name])


def validate(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Check required columns and cast to the documented dtypes; extra ``demo_*`` kept.

    Raises FramesError naming the frame and the missing or uncastable columns.
    """
    schema = SCHEMAS[name]
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise FramesError(f"frame '{name}' lacks columns: {', '.join(missing)}")
    extra = [c for c in frame.columns if c not in schema]
    unknown = [c for c in extra if not c.startswith(DEMOGRAPHIC_PREFIX)]
    if unknown:
        raise FramesError(f"frame '{name}' has undocumented columns: {', '.join(unknown)}")
    try:
        cast = frame.select(
            [pl.col(c).cast(t) for c, t in schema.items()] + [pl.col(c) for c in extra]
        )
    except pl.exceptions.PolarsError as exc:
        raise FramesError(f"frame '{name}': {exc}") from None
    return cast


@dataclass(frozen=True)
class Frames:
    """A self-contained organisation: the frames plus the framework version they refer to."""

    framework: Framework
    people: pl.DataFrame = field(default_factory=lambda: empty("people"))
    events: pl.DataFrame = field(default_factory=lambda: empty("events"))
    pay: pl.DataFrame = field(default_factory=lambda: empty("pay"))
    assessments: pl.DataFrame = field(default_factory=lambda: empty("assessments"))
    workgroups: pl.DataFrame = field(default_factory=lambda: empty("workgroups"))
    memberships: pl.DataFrame = field(default_factory=lambda: empty("memberships"))
    projects: pl.DataFrame = field(default_factory=lambda: empty("projects"))
    assignments: pl.DataFrame = field(default_factory=lambda: empty("assignments"))
    development: pl.DataFrame = field(default_factory=lambda: empty("development"))
    courses: pl.DataFrame = field(default_factory=lambda: empty("courses"))
    as_of: str | None = None  # ISO date of the data snapshot

    def items(self) -> Iterator[tuple[str, pl.DataFrame]]:
        for f in fields(self):
            if f.name in SCHEMAS:
                yield f.name, getattr(self, f.name)

    def validated(self) -> Frames:
        """A copy with every frame checked and cast to its documented dtypes."""
        return Frames(
            framework=self.framework,
            as_of=self.as_of,
            **{name: validate(name, df) for name, df in self.items()},
        )

    def demographic_columns(self) -> list[str]:
        return [c for c in self.people.columns if c.startswith(DEMOGRAPHIC_PREFIX)]

    def without_demographics(self) -> Frames:
        return self.replace(people=self.people.drop(self.demographic_columns()))

    def replace(self, **changes: pl.DataFrame) -> Frames:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Frames(**values)


def write_frames(frames: Frames, out: str | Path) -> Path:
    """Write one Parquet file per frame plus ``framework.yaml`` and ``meta.yaml``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in frames.items():
        df.write_parquet(out / f"{name}.parquet")
    dump(frames.framework, out / "framework.yaml")
    (out / "meta.yaml").write_text(f"as_of: {frames.as_of or ''}\n", encoding="utf-8")
    return out


def read_frames(folder: str | Path, names: Mapping[str, bool] | None = None) -> Frames:
    """Read a frames folder written by :func:`write_frames` (missing frames are empty).

    Raises FramesError when the folder or its framework is missing.
    """
    folder = Path(folder)
    if not (folder / "framework.yaml").exists():
        raise FramesError(f"{folder}: not a frames folder (no framework.yaml)")
    framework = load(folder / "framework.yaml")
    loaded: dict[str, pl.DataFrame] = {}
    for name in SCHEMAS:
        path = folder / f"{name}.parquet"
        loaded[name] = validate(name, pl.read_parquet(path)) if path.exists() else empty(name)
    as_of = None
    meta = folder / "meta.yaml"
    if meta.exists():
        import yaml

        as_of = (yaml.safe_load(meta.read_text(encoding="utf-8")) or {}).get("as_of") or None
        as_of = str(as_of) if as_of else None
    return Frames(framework=framework, as_of=as_of, **loaded)
