"""Which table holds which frame: the mapping between stored rows and analytics frames.

Stored columns carry the frame's column names, so the mapping is a table name plus the
frame's columns; the exceptions (course competencies, demographics) are handled by the
readers and writers that name them.
"""

from __future__ import annotations

from dataclasses import dataclass

from multitrack.analytics.frames import SCHEMAS


@dataclass(frozen=True)
class TableSpec:
    """A frame's table, its stored columns and the natural key its rows are sorted by."""

    frame: str
    table: str
    key: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    tiebreak: str | None = "id"  # the surrogate key keeping stored order within a key

    @property
    def columns(self) -> list[str]:
        return [c for c in SCHEMAS[self.frame] if c not in self.exclude]


# In write order: a table comes after the tables its foreign keys name.
TABLES: tuple[TableSpec, ...] = (
    TableSpec("people", "people_person", ("person_id",), tiebreak=None),
    TableSpec("events", "people_historyevent", ("person_id", "date", "kind")),
    TableSpec("pay", "people_payrecord", ("person_id", "effective_date")),
    TableSpec("assessments", "assessments_assessment", ("person_id", "competency", "date")),
    TableSpec("workgroups", "workgroups_workgroup", ("workgroup_id",), tiebreak=None),
    TableSpec("memberships", "workgroups_membership", ("workgroup_id", "person_id", "start")),
    TableSpec("projects", "projects_project", ("project_id",), tiebreak=None),
    TableSpec("assignments", "projects_assignment", ("project_id", "person_id", "start")),
    TableSpec(
        "courses", "development_course", ("course_id",), exclude=("competencies",), tiebreak=None
    ),
    TableSpec("development", "development_developmentaction", ("person_id", "kind", "start")),
)
BY_FRAME = {t.frame: t for t in TABLES}

COURSE_COMPETENCIES = "development_coursecompetency"
DEMOGRAPHIC_FIELDS = "people_demographicfield"
DEMOGRAPHICS = "people_demographic"

# Every table a stored organisation fills, children first (the order to empty them in).
ORG_TABLES: tuple[str, ...] = (
    "development_developmentaction",
    COURSE_COMPETENCIES,
    "development_course",
    "projects_assignment",
    "projects_project",
    "workgroups_membership",
    "workgroups_workgroup",
    "assessments_assessment",
    DEMOGRAPHICS,
    DEMOGRAPHIC_FIELDS,
    "people_payrecord",
    "people_historyevent",
    "people_person",
)

# Saved work that refers to the organisation's people (development plans): emptied with it,
# first, since a new organisation's people are not the old one's.
CLEARED_TABLES: tuple[str, ...] = ("careers_planaction", "careers_developmentplan", *ORG_TABLES)
