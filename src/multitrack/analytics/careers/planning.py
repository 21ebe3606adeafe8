"""One person's career: gaps on every reachable track, track fit, routes, development plan.

Everything here supports a conversation between a person and their manager; nothing here
decides. Demographic columns are never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from multitrack.analytics.careers.profiles import (
    PersonState,
    assessed_profiles,
    person_state,
    reporting_line,
)
from multitrack.analytics.frames import Frames
from multitrack.core import Framework
from multitrack.core.gaps import GapReport, gap_report, required_steps
from multitrack.core.graph import Move, moves
from multitrack.core.paths import DEFAULT_YEARS, find_paths

__all__ = [
    "FIT_ASPIRATION_WEIGHT",
    "DEFAULT_YEARS",
    "MAX_MENTEES",
    "PlanAction",
    "DevelopmentPlan",
    "Route",
    "TrackFit",
    "development_plan",
    "gap_analysis",
    "routes",
    "target_report",
    "track_fit",
]

FIT_ASPIRATION_WEIGHT = 0.2  # share of track fit that comes from the stated aspiration
MAX_MENTEES = 3  # a mentor with this many active or planned mentees gets no more


def _profile(frames: Frames, person_id: str) -> dict[str, float]:
    own = frames.assessments.filter(pl.col("person_id") == person_id)
    prof = assessed_profiles(own)
    return dict(zip(prof["competency"].to_list(), prof["assessed"].to_list(), strict=True))


def _subject(frames: Frames, person_id: str, target: str) -> tuple[PersonState, dict[str, float]]:
    """The person's state and profile, after checking that ``target`` is a level."""
    if target not in frames.framework.levels:
        raise KeyError(target)
    return person_state(frames, person_id), _profile(frames, person_id)


def _report(
    fw: Framework,
    state: PersonState,
    profile: dict[str, float],
    move: Move,
    years_in_level: float | None = None,
):
    return gap_report(
        fw,
        move.target,
        profile,
        requires=move.requires,
        years_in_level=state.years_in_level if years_in_level is None else years_in_level,
        trainings_done=state.trainings_done,
        kind=move.kind,
        rule=move.rule,
    )


def gap_analysis(frames: Frames, person_id: str) -> list[GapReport]:
    """Gaps against the next level on the person's track and every one-crossover level.

    Raises KeyError for an unknown person.
    """
    fw = frames.framework
    state = person_state(frames, person_id)
    profile = _profile(frames, person_id)
    out = [
        _report(fw, state, profile, m)
        for m in moves(fw)
        if m.source == state.level and m.kind in ("promotion", "crossover")
    ]
    return sorted(out, key=lambda r: (r.kind != "promotion", -r.readiness, r.target))


@dataclass(frozen=True)
class TrackFit:
    track: str
    level: str
    match: float  # competency coverage against the level's expectations, 0..1
    aspiration: bool
    fit: float
    strengths: tuple[str, ...]
    gaps: tuple[str, ...]

    @property
    def reasons(self) -> str:
        parts = []
        if self.strengths:
            parts.append("strong in " + ", ".join(self.strengths))
        if self.gaps:
            parts.append("; ".join(self.gaps))
        if self.aspiration:
            parts.append("states this track as their aspiration")
        return "; ".join(parts) or "no assessments to compare"


def _nearest_level(fw: Framework, track: str, band: str) -> str | None:
    levels = fw.track_levels(track)
    if not levels:
        return None
    rank = fw.band_rank[band]
    return min(levels, key=lambda lv: (abs(fw.band_rank[lv.band] - rank), fw.band_rank[lv.band]))
    # (nearest by band, lower first on ties)


def track_fit(frames: Frames, person_id: str) -> list[TrackFit]:
    """How well a profile matches each track at the person's band, with reasons in words."""
    fw = frames.framework
    state = person_state(frames, person_id)
    profile = _profile(frames, person_id)
    out = []
    for track in fw.tracks:
        if state.family and state.family not in fw.families_of(track) and fw.families:
            continue
        lv = _nearest_level(fw, track, state.band)
        if lv is None:
            continue
        report = gap_report(fw, lv.key, profile)
        names = {c: fw.competencies[c].name or c for c in fw.competencies}
        strengths = tuple(
            names[g.competency]
            for g in report.competencies
            if g.assessed is not None and g.assessed >= g.expected
        )[:3]
        gaps = tuple(
            f"{names[g.competency]} below the {track} expectation "
            f"({g.assessed or 0:.1f} of {g.expected})"
            for g in report.gaps[:3]
        )
        wants = state.aspiration == track
        fit = (1 - FIT_ASPIRATION_WEIGHT) * report.competency_coverage + (
            FIT_ASPIRATION_WEIGHT if wants else 0.0
        )
        out.append(TrackFit(track, lv.key, report.competency_coverage, wants, fit, strengths, gaps))
    return sorted(out, key=lambda f: (-f.fit, f.track))


@dataclass(frozen=True)
class Route:
    """A route from one level to another, with what is still to meet at each step."""

    steps: tuple[GapReport, ...]
    years: float

    @property
    def levels(self) -> list[str]:
        return [s.target for s in self.steps]


def routes(
    frames: Frames, person_id: str, target: str, *, k: int = 3, weight: str = "years"
) -> list[Route]:
    """Up to ``k`` routes from the person's level to ``target`` (shortest first).

    The path search is :func:`multitrack.core.paths.find_paths`; each step here adds what is
    still to meet. Raises KeyError for an unknown person or level.
    """
    fw = frames.framework
    state, profile = _subject(frames, person_id, target)
    if state.level not in fw.levels:
        return []
    by = "years" if weight == "years" else "steps"
    out = []
    for path in find_paths(fw, state.level, target, by=by, k=k, default_years=DEFAULT_YEARS):
        # after the first step, time in level starts again
        steps = tuple(
            _report(fw, state, profile, step.move, state.years_in_level if i == 0 else 0.0)
            for i, step in enumerate(path.steps)
        )
        out.append(Route(steps, path.years))
    return out


@dataclass(frozen=True)
class PlanAction:
    kind: str  # course | coaching | mentoring | requirement
    what: str
    competencies: tuple[str, ...]
    owner: str
    reason: str
    ref: str | None = None  # the course id (course), mentor id (mentoring) or check kind


@dataclass
class DevelopmentPlan:
    person_id: str
    target: str
    readiness: float
    actions: list[PlanAction] = field(default_factory=list)
    mentors: list[dict[str, object]] = field(default_factory=list)
    note: str = (
        "Suggestions to discuss with the person; a manager and the person decide what to do."
    )


def _mentor_candidates(
    frames: Frames, state: PersonState, target: str, weak: list[str], limit: int
) -> list[dict[str, object]]:
    fw = frames.framework
    people = frames.people.filter(pl.col("exit_date").is_null())
    rank = fw.band_rank[state.band]
    ranks = pl.DataFrame({"band": list(fw.band_rank), "rank": list(fw.band_rank.values())})
    higher = people.join(ranks, on="band").filter(pl.col("rank") > rank)
    excluded = reporting_line(frames.people, state.person_id) | {state.person_id}
    higher = higher.filter(~pl.col("person_id").is_in(list(excluded)))
    load = (
        frames.development.filter(
            (pl.col("kind") == "mentoring") & pl.col("status").is_in(["planned", "active"])
        )
        .group_by("partner_id")
        .len()
        .rename({"partner_id": "person_id", "len": "load"})
    )
    higher = (
        higher.join(load, on="person_id", how="left")
        .with_columns(pl.col("load").fill_null(0))
        .filter(pl.col("load") < MAX_MENTEES)
    )
    if higher.height == 0 or not weak:
        return []
    ids = higher["person_id"].to_list()
    prof = assessed_profiles(
        frames.assessments.filter(pl.col("person_id").is_in(ids) & pl.col("competency").is_in(weak))
    )
    steps = required_steps(fw, target)
    need = pl.DataFrame(
        {"competency": weak, "need": [float(steps.get(c, (1, ""))[0]) for c in weak]}
    )
    strong = (
        prof.join(need, on="competency")
        .filter(pl.col("assessed") >= pl.col("need"))
        .group_by("person_id")
        .agg(pl.col("competency").sort().alias("covers"), pl.len().alias("n"))
    )
    target_track = fw.levels[target].track
    ranked = (
        strong.join(higher.select("person_id", "name", "track", "band", "load"), on="person_id")
        .with_columns((pl.col("track") == target_track).alias("on_target_track"))
        .sort(["n", "on_target_track", "load", "person_id"], descending=[True, True, False, False])
    )
    return ranked.head(limit).to_dicts()


def target_report(frames: Frames, person_id: str, target: str) -> GapReport:
    """The person against ``target`` from where they stand now (with the move's rule, if any).

    Raises KeyError for an unknown person or level.
    """
    fw = frames.framework
    state, profile = _subject(frames, person_id, target)
    move = next((m for m in moves(fw) if m.source == state.level and m.target == target), None)
    return gap_report(
        fw,
        target,
        profile,
        requires=move.requires if move else None,
        years_in_level=state.years_in_level,
        trainings_done=state.trainings_done,
    )


def development_plan(
    frames: Frames, person_id: str, target: str, *, mentors: int = 3
) -> DevelopmentPlan:
    """Courses, coaching and mentors for the gaps to ``target`` (a level key).

    Raises KeyError for an unknown person or level.
    """
    fw = frames.framework
    report = target_report(frames, person_id, target)
    state = person_state(frames, person_id)
    plan = DevelopmentPlan(person_id, target, report.readiness)
    weak = [g.competency for g in report.gaps]
    for course in frames.courses.iter_rows(named=True):
        covers = tuple(c for c in (course["competencies"] or []) if c in weak)
        if covers and course["course_id"] not in state.trainings_done:
            plan.actions.append(
                PlanAction(
                    "course",
                    course["name"] or course["course_id"],
                    covers,
                    state.person_id,
                    f"develops {', '.join(covers)}",
                    course["course_id"],
                )
            )
    leadership = [
        c
        for c in weak
        if fw.competencies[c].area in fw.areas
        and fw.areas[fw.competencies[c].area].kind == "leadership"
    ]
    if leadership:
        plan.actions.append(
            PlanAction(
                "coaching",
                "leadership coaching",
                tuple(leadership),
                state.manager_id or "HR",
                "leadership gaps respond best to coaching",
            )
        )
    for check in report.requirements:
        if not check.met:
            plan.actions.append(
                PlanAction(
                    "requirement",
                    check.requirement,
                    (),
                    state.person_id,
                    f"required by the move ({check.kind})",
                    check.kind,
                )
            )
    plan.mentors = _mentor_candidates(frames, state, target, weak, mentors)
    for m in plan.mentors:
        plan.actions.append(
            PlanAction(
                "mentoring",
                f"mentoring with {m['name']}",
                tuple(m["covers"]),
                str(m["person_id"]),
                "strong where the person is weak, outside the reporting line",
                str(m["person_id"]),
            )
        )
    return plan
