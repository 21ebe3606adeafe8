"""``generate``: a demo organisation as validated frames, stage by stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

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
from multitrack.demo.world import EPOCH, Window, World

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
    frames = _frames(world, rngs[2:], report)
    report("done")
    return frames


def _frames(world: World, rngs: list[np.random.Generator], report) -> Frames:
    """Every frame from the simulated world, validated against its documented schema."""
    labels = Labels(world.ladder, world.people.n)
    out: dict[str, pl.DataFrame] = {}
    report("people")
    out["people"] = people_frame(world, labels, rngs[0])
    report("events")
    log = sorted_log(world)
    out["events"] = events_frame(log, labels)
    report("pay")
    out["pay"] = pay_frame(world, log, labels)
    report("skills")
    out["assessments"] = assessments(world, labels, rngs[1])
    report("groups")
    out["workgroups"], out["memberships"] = workgroups(world, labels, rngs[2])
    out["projects"], out["assignments"] = projects(world, labels, rngs[2])
    report("development")
    out["courses"] = courses(world.ladder.framework)
    out["development"] = development(world, labels, out["courses"], rngs[3])
    report("frames")
    as_of = (EPOCH + dt.timedelta(days=int(world.window.end))).isoformat()
    return Frames(framework=world.ladder.framework, as_of=as_of, **out).validated()


def _reporter(progress: Progress | None) -> Callable[..., None]:
    names = list(_STAGES)

    def report(stage: str, within: float = 0.0) -> None:
        if progress is None:
            return
        start = _STAGES[stage]
        end = _STAGES[names[min(names.index(stage) + 1, len(names) - 1)]]
        progress(stage, start + (end - start) * within)

    return report
