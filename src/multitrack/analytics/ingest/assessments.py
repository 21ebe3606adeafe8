"""Competency assessments: person × competency × proficiency × source × date (× assessor).

A proficiency is a step of the competency's scale, by name ("fluent") or by its 1-based
number; anything else is reported with the scale's steps. The person and the assessor must
be stored people.
"""

from __future__ import annotations

import polars as pl

from multitrack.analytics.ingest.checks import Rows
from multitrack.analytics.ingest.refs import Context, FrameworkRefs
from multitrack.analytics.ingest.values import parse_number, value_key

__all__ = ["read_assessments"]

SOURCES = ("self", "manager", "peer", "upward")
SOURCE_SYNONYMS = {
    "self assessment": "self", "self review": "self", "employee": "self", "own": "self",
    "line manager": "manager", "supervisor": "manager", "manager review": "manager",
    "colleague": "peer", "coworker": "peer", "co worker": "peer", "peer review": "peer",
    "direct report": "upward", "report": "upward", "subordinate": "upward",
    "team member": "upward", "upward feedback": "upward",
}  # fmt: skip


def _proficiency(rows: Rows, competency: pl.Series, refs: FrameworkRefs) -> pl.Series:
    """The 1-based step on the competency's scale, from a step name or number."""
    raw = rows.mapped("proficiency")
    steps = refs.steps
    sizes = steps.group_by("competency").agg(pl.len().cast(pl.Int16).alias("n"))
    df = pl.DataFrame({"competency": competency, "step": value_key(raw)})
    named = df.join(steps, on=["competency", "step"], how="left", maintain_order="left")["index"]
    size = df.join(sizes, on="competency", how="left", maintain_order="left")["n"]
    number = parse_number(raw)
    numbered = (number >= 1) & (number <= size) & (number == number.round(0))
    step = pl.select(
        pl.coalesce(named, pl.when(numbered).then(number.cast(pl.Int16, strict=False)))
    ).to_series()
    bad = raw.is_not_null() & competency.is_not_null() & step.is_null()
    texts = {
        c: f"not a step of {c}'s scale: expected {refs.scale_text(c)}"
        for c in refs.framework.competencies
    }
    why = competency.replace_strict(
        list(texts), list(texts.values()), default=None, return_dtype=pl.String
    )
    rows.flag(bad, "proficiency", why, value=rows.raw("proficiency"))
    return step.alias("proficiency")


def read_assessments(rows: Rows, ctx: Context) -> dict[str, pl.DataFrame]:
    """The ``assessments`` frame of the valid rows."""
    refs = ctx.refs
    for name, what in (
        ("person_id", "person id"),
        ("competency", "competency"),
        ("proficiency", "proficiency"),
        ("source", "source"),
        ("date", "date"),
    ):
        rows.required(name, what)  # fmt: skip
    rows.known("person_id", ctx.known_people)
    rows.known("assessor_id", ctx.known_people, "assessor")
    competencies = list(refs.framework.competencies)
    competency = rows.lookup(
        rows.mapped("competency"), refs.competencies, "competency", "competency", competencies
    )
    step = _proficiency(rows, competency, refs)
    source = rows.choice("source", SOURCES, "source", SOURCE_SYNONYMS)
    date = rows.dates("date", "assessment date")
    person, assessor = rows.raw("person_id"), rows.raw("assessor_id")
    rows.flag(
        (source == "self") & assessor.is_not_null() & (assessor != person),
        "assessor_id",
        "a self-assessment by someone else",
    )
    rows.flag(
        (source != "self") & (assessor == person),
        "assessor_id",
        "the person assesses themself under a source other than self",
    )
    rows.df = rows.df.with_columns(_competency=competency, _source=source, _date=date)
    rows.duplicates(
        ["person_id", "_competency", "_source", "_date", "assessor_id"],
        "assessment (person, competency, source, date, assessor)",
    )
    valid = rows.valid()
    frame = pl.DataFrame(
        {
            "person_id": person,
            "competency": competency,
            "proficiency": step,
            "source": source,
            "date": date,
            "assessor_id": assessor,
        }
    )
    return {"assessments": frame.filter(valid)}
