"""Framework-change scenarios, run beside the baseline; the output is the difference.

A scenario is a small declarative object (YAML-loadable) with a list of changes:

    name: Specialists to B8, programme track
    changes:
      - {kind: raise_ceiling, track: specialist, to: B8, rates_from: management}
      - {kind: add_track, track: programme, from: B5, ceiling: B7, rates_from: specialist,
         crossover_in: {specialist: 0.04}, crossover_out: {specialist: 0.05}}
      - {kind: crossover, from: specialist, to: management, bands: [B4], rate: 0.06}
      - {kind: hiring_freeze, years: [1], states: [management]}

Rate rules for new states (stated, and the same for every change):
- a new state (T, b) copies the exit rate of its *equivalent* state (S, b) on the
  ``rates_from`` track S, and S's rate of promotion from b to S's next band becomes its rate
  of promotion to T's next band (if T has one); the rest stays. ``rates_from`` may instead
  be a number: the yearly promotion rate, with exits copied from T's old top state
  (``raise_ceiling``) or the organisation's mean exit rate (``add_track``).
- ``raise_ceiling`` also opens promotion from T's old top state at that same rate, taken
  from its stayers.
- crossover rates in and out of a new track, and ``crossover`` rate changes, are taken
  from (or given back to) the stayers of the source state; a change that would make a stay
  rate negative is an error.
- a hiring freeze stops recruitment into the named states in the named years (in fixed-size
  mode their leavers are not replaced).
New states start empty; the first year they fill only through the moves above.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from multitrack.analytics.forecast.errors import ScenarioError
from multitrack.analytics.forecast.project import Chain
from multitrack.core.errors import FrameworkError, Problem, format_path
from multitrack.core.io import parse

__all__ = [
    "AddTrack",
    "Crossover",
    "HiringFreeze",
    "RaiseCeiling",
    "Scenario",
    "ScenarioError",
    "apply",
    "load_scenarios",
]


class _Change(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class RaiseCeiling(_Change):
    """Extend a track up to a higher band."""

    kind: Literal["raise_ceiling"]
    track: str
    to: str
    rates_from: str | float = "management"


class AddTrack(_Change):
    """A new track (e.g. leader-contributor) from one band to its ceiling."""

    kind: Literal["add_track"]
    track: str
    entry: str = Field(alias="from")
    ceiling: str
    rates_from: str | float = "specialist"
    crossover_in: Mapping[str, float] = Field(default_factory=dict)
    crossover_out: Mapping[str, float] = Field(default_factory=dict)


class Crossover(_Change):
    """Set (``rate``) or scale (``scale``) the yearly rate of a move between tracks.

    Within one track with ``at: up`` or ``down`` it changes a promotion or demotion rate.
    """

    kind: Literal["crossover"]
    source: str = Field(alias="from")
    to: str
    at: Literal["same", "up", "down"] = "same"
    bands: tuple[str, ...] = ()
    rate: float | None = Field(default=None, ge=0, le=1)
    scale: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_of(self) -> Crossover:
        if (self.rate is None) == (self.scale is None):
            raise ValueError("give exactly one of rate or scale")
        if self.source == self.to and self.at == "same":
            raise ValueError("a move from a level to itself is a stay, not a rate to change")
        return self


class HiringFreeze(_Change):
    """No recruitment into some states (default all) in some years (1, 2… or calendar)."""

    kind: Literal["hiring_freeze"]
    years: tuple[int, ...] = Field(min_length=1)
    states: str | tuple[str, ...] = "all"


Change = Annotated[RaiseCeiling | AddTrack | Crossover | HiringFreeze, Field(discriminator="kind")]


class Scenario(BaseModel):
    """A named set of framework changes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str = ""
    changes: tuple[Change, ...] = Field(min_length=1)


# ------------------------------------------------------------------------------ loading


def _problem(located, err: Mapping[str, Any], prefix: tuple) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _UNION_TAGS))
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = f"unknown field '{loc[-1]}'"
    return located.problem(msg, prefix + loc)


_UNION_TAGS = ("raise_ceiling", "add_track", "crossover", "hiring_freeze")


def load_scenarios(path: str | Path) -> list[Scenario]:
    """One scenario per file, or several under ``scenarios:``; errors name file and line."""
    path = Path(path)
    try:
        located = parse(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror}") from None
    except FrameworkError as exc:
        raise ScenarioError(str(exc)) from None
    data = located.data
    many = isinstance(data, dict) and "scenarios" in data
    items = data["scenarios"] if many else [data]
    if not isinstance(items, list):
        raise ScenarioError(f"{path}: 'scenarios' must be a list of scenarios")
    out, problems = [], []
    for n, item in enumerate(items):
        prefix = ("scenarios", n) if many else ()
        try:
            out.append(Scenario.model_validate(item))
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            # a list whose items failed is also reported as too short: keep the item errors
            inner = [e["loc"] for e in errors if e["type"] != "too_short"]
            errors = [
                e
                for e in errors
                if e["type"] != "too_short"
                or not any(loc[: len(e["loc"])] == e["loc"] for loc in inner)
            ]
            problems += [_problem(located, e, prefix) for e in errors]
    if problems:
        raise ScenarioError("\n".join(str(p) for p in problems))
    return out


# ----------------------------------------------------------------------------- applying


class _Work:
    """A chain being edited: arrays over a growing state space."""

    def __init__(self, chain: Chain):
        self.chain = chain
        self.P = chain.P.copy()

    @property
    def states(self):
        return self.chain.states

    def grow(self, keys: list[str], permitted: list[tuple[str, str]]) -> None:
        old = self.states
        new = old.with_states(keys, permitted)
        P = np.zeros((len(new), len(new)))
        idx = [new.index[k] for k in old.keys]
        P[np.ix_(idx, idx)] = self.P
        self.P = P
        self.chain = replace(
            self.chain,
            states=new,
            P=P,
            r=old.align(self.chain.r, new),
            n0=old.align(self.chain.n0, new),
            freezes=tuple((y, old.align(m, new) > 0) for y, m in self.chain.freezes),
        )

    def w(self, i: int) -> float:
        return float(1.0 - self.P[i].sum())

    def shift(self, i: int, j: int, rate: float, what: str) -> None:
        """Set the rate i -> j, balancing with i's stayers."""
        delta = rate - self.P[i, j]
        if self.P[i, i] - delta < -1e-12:
            raise ScenarioError(
                f"{what}: a rate of {rate:g} from {self.states.keys[i]} exceeds its stayers "
                f"({self.P[i, i] + self.P[i, j]:.3f})"
            )
        self.P[i, i] -= delta
        self.P[i, j] = rate

    def next_level(self, track: str, band: str) -> str | None:
        """The key of ``track``'s next level above ``band``, if there is one."""
        rank = self.states.rank_of(band)
        above = [i for i in self.states.of_track(track) if self.states.ranks[i] > rank]
        if not above:
            return None
        return self.states.keys[min(above, key=lambda i: self.states.ranks[i])]

    def done(self) -> Chain:
        return replace(self.chain, P=self.P)


def _copy_rates(work: _Work, new: list[str], rates_from, fallback_exit: float, what: str) -> None:
    """Give each new state the exit and promotion rates of its equivalent state."""
    for key in new:
        track, _, band = key.partition("/")
        i = work.states.index[key]
        up_to = work.next_level(track, band)
        if isinstance(rates_from, str):
            src = f"{rates_from}/{band}"
            if src not in work.states.index:
                raise ScenarioError(f"{what}: no equivalent level {src} to copy rates from")
            s = work.states.index[src]
            exit_rate = work.w(s)
            nxt = work.next_level(rates_from, band)
            up = work.P[s, work.states.index[nxt]] if nxt else 0.0
        else:
            exit_rate, up = fallback_exit, float(rates_from)
        up = up if up_to else 0.0
        work.P[i, i] = 1.0 - exit_rate - up
        if up_to:
            work.P[i, work.states.index[up_to]] = up
        if work.P[i, i] < 0:
            raise ScenarioError(f"{what}: rates for {key} add up to more than 1")


def _spine_between(work: _Work, low: str, high: str, what: str) -> list[str]:
    spine = work.states.spine
    for b in (low, high):
        if b not in spine:
            raise ScenarioError(f"{what}: unknown band {b!r}; the spine is {', '.join(spine)}")
    return list(spine[spine.index(low) : spine.index(high) + 1])


def _raise_ceiling(work: _Work, ch: RaiseCeiling, what: str) -> None:
    own = work.states.of_track(ch.track)
    if not own:
        raise ScenarioError(f"{what}: unknown track {ch.track!r}")
    top = max(own, key=lambda i: work.states.ranks[i])
    top_band = work.states.bands[top]
    bands = _spine_between(work, top_band, ch.to, what)[1:]
    if not bands:
        raise ScenarioError(f"{what}: {ch.track} already reaches {ch.to}")
    keys = [f"{ch.track}/{b}" for b in bands]
    chain_keys = [work.states.keys[top], *keys]
    work.grow(keys, list(zip(chain_keys, chain_keys[1:], strict=False)))
    top = work.states.index[chain_keys[0]]
    _copy_rates(work, keys, ch.rates_from, work.w(top), what)
    if isinstance(ch.rates_from, str):
        src = f"{ch.rates_from}/{top_band}"
        nxt = work.next_level(ch.rates_from, top_band)
        if src not in work.states.index or nxt is None:
            raise ScenarioError(f"{what}: {ch.rates_from} has no promotion from {top_band}")
        rate = work.P[work.states.index[src], work.states.index[nxt]]
    else:
        rate = float(ch.rates_from)
    work.shift(top, work.states.index[keys[0]], rate, what)


def _add_track(work: _Work, ch: AddTrack, what: str) -> None:
    if ch.track in work.states.tracks:
        raise ScenarioError(f"{what}: track {ch.track!r} exists already")
    bands = _spine_between(work, ch.entry, ch.ceiling, what)
    keys = [f"{ch.track}/{b}" for b in bands]
    cross = [(f"{t}/{b}", f"{ch.track}/{b}", r) for t, r in ch.crossover_in.items() for b in bands]
    cross += [
        (f"{ch.track}/{b}", f"{t}/{b}", r) for t, r in ch.crossover_out.items() for b in bands
    ]
    work.grow(keys, list(zip(keys, keys[1:], strict=False)) + [(a, b) for a, b, _ in cross])
    fallback = float(np.mean([work.w(i) for i in range(len(work.states))]))
    _copy_rates(work, keys, ch.rates_from, fallback, what)
    for a, b, rate in cross:
        if a in work.states.index and b in work.states.index:
            work.shift(work.states.index[a], work.states.index[b], float(rate), what)


def _crossover(work: _Work, ch: Crossover, what: str) -> None:
    states = work.states
    shift = {"same": 0, "up": 1, "down": -1}[ch.at]
    hits = 0
    for i in states.of_track(ch.source):
        band = states.bands[i]
        if ch.bands and band not in ch.bands:
            continue
        rank = states.rank_of(band) + shift
        if not 0 <= rank < len(states.spine):
            continue
        target = f"{ch.to}/{states.spine[rank]}"
        if target not in states.index:
            continue
        j = states.index[target]
        rate = ch.rate if ch.rate is not None else work.P[i, j] * (ch.scale or 0.0)
        work.shift(i, j, float(rate), what)
        hits += 1
    if not hits:
        raise ScenarioError(f"{what}: no level of {ch.source} has a matching {ch.to} level")


def _freeze(work: _Work, ch: HiringFreeze, what: str) -> None:
    try:
        mask = work.states.select(ch.states)
    except KeyError as exc:
        raise ScenarioError(f"{what}: unknown track or level {exc.args[0]!r}") from None
    base = work.chain.base_year
    years = [y - base if y > 1000 else y for y in ch.years]
    if any(y < 1 for y in years):
        raise ScenarioError(f"{what}: freeze years must come after the base year {base}")
    work.chain = replace(work.chain, freezes=work.chain.freezes + tuple((y, mask) for y in years))


_APPLY = {
    "raise_ceiling": _raise_ceiling,
    "add_track": _add_track,
    "crossover": _crossover,
    "hiring_freeze": _freeze,
}


def apply(chain: Chain, scenario: Scenario) -> Chain:
    """The chain after the scenario's changes, in order; raises ScenarioError."""
    work = _Work(chain)
    for n, ch in enumerate(scenario.changes):
        what = f"scenario {scenario.name!r}, {format_path(('changes', n))} ({ch.kind})"
        _APPLY[ch.kind](work, ch, what)
        work.chain = work.done()
    return work.done()
