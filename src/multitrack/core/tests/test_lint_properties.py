"""Property tests: loading never fails with anything but FrameworkError, and lint never fails.

Three generators: YAML-ish text built from the format's own fragments and YAML punctuation,
the starter template with lines dropped, repeated or swapped, and structurally valid but odd
frameworks (sub-levels, partial ladders, off-spine tracks, level-to-level transitions,
inverted pay, partial EVP, lint settings with typos).
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multitrack.core import Framework, FrameworkError, loads
from multitrack.core.lint import RULES, lint
from multitrack.core.templates import path

STARTER = path("starter").read_text(encoding="utf-8").splitlines(keepends=True)

FRAGMENTS = [
    "name: X\n",
    "bands: [B1, B2, B3]\n",
    "bands:\n  - B1\n  - {key: B2, sub: [B2a, B2b]}\n",
    "tracks:\n",
    "  ic: {kind: specialist, from: B1, ceiling: B3}\n",
    "  m: {kind: management, from: B2, ceiling: B2b}\n",
    "levels:\n",
    "  ic/B1: {title: A}\n",
    "  ic/B2a: {expects: {c: 2}}\n",
    "  m/B2b: {decides: [x]}\n",
    "competencies: {c: {parent: d}, d: {}}\n",
    "transitions: [{from: ic, to: m, at: up, both_ways: true}]\n",
    "pay: {ranges: [{band: B1, min: 1, max: 2}, {band: B3, min: 1, max: 1}]}\n",
    "lint: {disable: {MT001: why}, options: {overlap_tolerance: 2}}\n",
    "evp: {ic: {inducements: {affiliation: 9}}}\n",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!int ",
    "!!binary ",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\t",
    "[[[[",
    "}}",
    '"\\u00e9',
    "2026-13-45",
    "~",
    "0x1F",
    "1e999",
]

yamlish = st.lists(
    st.sampled_from(FRAGMENTS) | st.text(alphabet=" :-[]{},#&*!|>'\"\nabB1/.", max_size=8),
    max_size=25,
).map("".join)


def _load_or_error(text: str | bytes) -> Framework | None:
    try:
        return loads(text, "gen.yaml")
    except FrameworkError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return None


def _lint_cleanly(fw: Framework) -> None:
    report = lint(fw)
    broken = [f for f in report.findings + report.suppressed if "internal error" in f.message]
    assert not broken, broken
    assert report.counts["suppressed"] == len(report.suppressed)


@settings(max_examples=300, deadline=None)
@given(yamlish)
def test_load_and_lint_never_crash_on_yamlish_text(text: str) -> None:
    fw = _load_or_error(text)
    if fw is not None:
        _lint_cleanly(fw)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_load_never_crashes_on_bytes(raw: bytes) -> None:
    _load_or_error(raw)


@st.composite
def mutated_starter(draw: st.DrawFn) -> str:
    lines = list(STARTER)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "repeat", "swap", "cut"]))
        if op == "drop":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))] + "\n"
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_starter())
def test_load_and_lint_never_crash_on_a_damaged_starter(text: str) -> None:
    fw = _load_or_error(text)
    if fw is not None:
        _lint_cleanly(fw)


# --------------------------------------------------------------- odd but valid frameworks

KINDS = ["management", "specialist", "leader_contributor", "dynamic", "custom"]
STEPS = ["aware", "practising", "fluent", "expert", "authority", "1", "5"]


@st.composite
def spine(draw: st.DrawFn) -> tuple[list, list[str]]:
    bands, positions = [], []
    for i in range(draw(st.integers(1, 5))):
        subs = draw(st.integers(0, 2)) if draw(st.booleans()) else 0
        if subs:
            keys = [f"B{i}{c}" for c in "abc"[: subs + 1]]
            bands.append({"key": f"B{i}", "sub": keys})
            positions += keys
        else:
            bands.append(f"B{i}")
            positions.append(f"B{i}")
    return bands, positions


@st.composite
def odd_framework(draw: st.DrawFn) -> dict:
    bands, pos = draw(spine())
    fams = draw(st.lists(st.sampled_from(["eng", "ops", "law"]), unique=True, max_size=3))
    comps = {
        c: ({"parent": "c0"} if c != "c0" and draw(st.booleans()) else {})
        for c in ["c0", "c1", "c2"]
    }
    tracks, levels = {}, {}
    for t in range(draw(st.integers(1, 4))):
        lo = draw(st.integers(0, len(pos) - 1))
        hi = draw(st.integers(lo, len(pos) - 1))
        key = f"t{t}"
        tracks[key] = {
            "kind": draw(st.sampled_from(KINDS)),
            "from": pos[lo],
            "ceiling": pos[hi],
            "spine": draw(st.booleans()),
            "families": draw(st.sampled_from(["all", fams[:1], fams])),
        }
        for p in pos[lo : hi + 1]:
            if draw(st.integers(0, 4)):
                levels[f"{key}/{p}"] = {
                    "title": draw(st.sampled_from(["", "Lead", "Senior", p])),
                    "expects": draw(
                        st.dictionaries(
                            st.sampled_from(list(comps)), st.sampled_from(STEPS), max_size=3
                        )
                    ),
                    "decides": draw(st.lists(st.just("x"), max_size=1)),
                }
    ends = list(tracks) + list(levels)
    transitions = [
        {
            "from": a,
            "to": b,
            "at": draw(st.sampled_from(["same", "up", "down", {pos[0]: pos[-1]}])),
            "both_ways": draw(st.booleans()),
            "bands": draw(st.lists(st.sampled_from(pos), unique=True, max_size=2)),
        }
        for a, b in draw(
            st.lists(st.tuples(st.sampled_from(ends), st.sampled_from(ends)), max_size=4)
        )
        if a != b
    ]
    ranges = []
    for p in draw(st.lists(st.sampled_from(pos), max_size=6)):
        lo_pay = draw(st.floats(1, 1e6))
        rng = {"band": p, "min": lo_pay, "max": lo_pay * draw(st.floats(1, 3))}
        if draw(st.booleans()):
            rng["track"] = draw(st.sampled_from(list(tracks)))
        if draw(st.booleans()):
            rng["zone"] = "z"
        if rng not in ranges and not any(
            (r["band"], r.get("track"), r.get("zone")) == (p, rng.get("track"), rng.get("zone"))
            for r in ranges
        ):
            ranges.append(rng)
    evp = {
        t: {
            "inducements": draw(
                st.dictionaries(
                    st.sampled_from(["affiliation", "personal_growth"]), st.floats(0, 5)
                )
            )
        }
        for t in draw(st.lists(st.sampled_from(list(tracks)), unique=True))
    }
    codes = st.sampled_from([*RULES, "MT999", "XX"])
    lint_section = {
        "disable": draw(st.dictionaries(codes, st.sampled_from(["", "because"]), max_size=2)),
        "severity": draw(
            st.dictionaries(codes, st.sampled_from(["error", "info", "loud"]), max_size=2)
        ),
        "options": draw(
            st.dictionaries(
                st.sampled_from(["overlap_tolerance", "complexity_budget", "nope"]),
                st.one_of(st.floats(-1, 400), st.text(max_size=3), st.booleans()),
                max_size=2,
            )
        ),
    }
    return {
        "name": "Odd",
        "bands": bands,
        "families": fams,
        "zones": ["z"],
        "competencies": comps,
        "tracks": tracks,
        "levels": levels,
        "transitions": transitions,
        "pay": {"ranges": ranges},
        "evp": evp,
        "lint": lint_section,
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_framework())
def test_lint_never_crashes_on_odd_frameworks(data: dict) -> None:
    fw = _load_or_error(yaml.safe_dump(data, sort_keys=False))
    if fw is not None:
        _lint_cleanly(fw)
