"""``generate``: a demo organisation as validated frames, stage by stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np

from multitrack.analytics.frames import Frames
from multitrack.core import Framework, load
from multitrack.core.templates import resolve
from multitrack.demo.assemble import Labels, events_frame, pay_frame, people_frame, sorted_log
from multitrack.demo.development import courses, development
from multitrack.demo.groups import projects, workgroups
from multitrack.demo.hierarchy import build_positions
from multitrack.demo.history import simulate
from multitrack.demo.knobs import Knobs
from multitrack.demo.ladder import build_ladder
from multitrack.demo.skills import assessments
from multitrack.demo.world import Window

__all__ = ["AS_OF", "generate"]

AS_OF = dt.date(2026, 6, 30)
Progress = Callable[[str, float], None]

# Share of the total work done when each stage starts (history dominates).
_STAGES = {
    "seats": 0.0,
    "history": 0.05,
    "people": 0.55,
    "events": 0.6,
    "pay": 0.7,
    "skills": 0.75,
    "groups": 0.82,
    "development": 0.88,
    "frames": 0.94,
    "done": 1.0,
}


def generate(
    people: int,
    *,
    seed: int = 0,
    template: str | Path | Framework = "starter",
    years: int = 5,
    as_of: dt.date | None = None,
    knobs: Knobs | None = None,
    progress: Progress | None = None,
) -> Frames:
    """A demo organisation of ``people`` current employees on ``template``.

    ``years`` of history end on ``as_of`` (default 2026-06-30); people who left during them
    stay in ``people`` with their exit. The same arguments give the same frames, byte for
    byte. ``progress(stage, fraction)`` is called as each stage starts, with the overall
    fraction done (it ends with ``("done", 1.0)``).

    Raises ValueError for a size below 1 or fewer than one year.
    """
    if people < 1 or years < 1:
        raise ValueError(f"need people >= 1 and years >= 1; got people={people}, years={years}")
    report = _reporter(progress)
    framework = template if isinstance(template, Framework) else load(resolve(template))
    knobs = knobs or Knobs()
    as_of = as_of or AS_OF
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)]
    ladder = build_ladder(framework, knobs)
    window = Window.of(as_of, years)
    report("seats")
    seats = build_positions(people, ladder, knobs, rngs[0], window.steps)
    report("history")
    world = simulate(ladder, knobs, seats, window, rngs[1], lambda f: report("history", f))
    labels = Labels(ladder, world.people.n)
    report("people")
    people_df = people_frame(world, labels, rngs[2])
    report("events")
    log = sorted_log(world)
    events_df = events_frame(log, labels)
    report("pay")
    pay_df = pay_frame(world, log, labels)
    report("skills")
    assessments_df = assessments(world, labels, rngs[3])
    report("groups")
    groups_df, members_df = workgroups(world, labels, rngs[4])
    projects_df, assignments_df = projects(world, labels, rngs[4])
    report("development")
    catalogue = courses(framework)
    development_df = development(world, labels, catalogue, rngs[5])
    report("frames")
    frames = Frames(
        framework=framework,
        as_of=as_of.isoformat(),
        people=people_df,
        events=events_df,
        pay=pay_df,
        assessments=assessments_df,
        workgroups=groups_df,
        memberships=members_df,
        projects=projects_df,
        assignments=assignments_df,
        development=development_df,
        courses=catalogue,
    ).validated()
    report("done")
    return frames


def _reporter(progress: Progress | None) -> Callable[..., None]:
    names = list(_STAGES)

    def report(stage: str, within: float = 0.0) -> None:
        if progress is None:
            return
        start = _STAGES[stage]
        end = _STAGES[names[min(names.index(stage) + 1, len(names) - 1)]]
        progress(stage, start + (end - start) * within)

    return report
