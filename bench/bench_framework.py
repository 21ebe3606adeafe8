"""Load and lint of a big generated framework, beside plain YAML parsing of the same file.

Full mode: 40 tracks x 15 bands x 200 competencies, about 30 expectations per level (600
levels, 18,000 expectations), crossovers between neighbouring tracks, pay ranges per band
and per track. Quick mode: 8 tracks x 8 bands x 40 competencies, 10 expectations per level.
Baselines in the same run: ``yaml.load`` with the C loader (no locations, no validation) and
pydantic validation of the already-parsed data alone.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from multitrack.core.io import load_located
from multitrack.core.lint import lint
from multitrack.core.model import Framework

KINDS = ("specialist", "management", "leader_contributor", "dynamic", "custom")
STEPS = ("aware", "practising", "fluent", "expert", "authority")


def generate(
    tracks: int, bands: int, competencies: int, per_level: int, seed: int = 1
) -> dict[str, Any]:
    """A framework as plain data: every track spans the spine, expectations rise with band."""
    rng = random.Random(seed)
    band_keys = [f"B{i}" for i in range(1, bands + 1)]
    comps = [f"c{i:03d}" for i in range(competencies)]
    track_keys = [f"t{i:02d}" for i in range(tracks)]
    levels: dict[str, Any] = {}
    for t in track_keys:
        chosen = rng.sample(comps, per_level)
        for b, band in enumerate(band_keys):
            step = STEPS[min(len(STEPS) - 1, b * len(STEPS) // bands)]
            levels[f"{t}/{band}"] = {
                "title": f"{t} level {band}",
                "decides": [f"decisions of {t} at {band}"],
                "expects": dict.fromkeys(chosen, step),
                "typical_years": 2,
            }
    ranges = [
        {"band": band, "min": 30000 + 9000 * b, "max": 42000 + 9000 * b}
        for b, band in enumerate(band_keys)
    ]
    ranges += [
        {"band": band, "track": t, "min": 30500 + 9000 * b, "max": 42500 + 9000 * b}
        for t in track_keys[::4]
        for b, band in enumerate(band_keys)
    ]
    return {
        "multitrack": 1,
        "name": f"Generated {tracks}x{bands}x{competencies}",
        "bands": band_keys,
        "families": {"engineering": {}, "design": {}},
        "competencies": {c: {"name": f"Competency {c}"} for c in comps},
        "tracks": {
            t: {"kind": KINDS[i % len(KINDS)], "from": band_keys[0], "ceiling": band_keys[-1]}
            for i, t in enumerate(track_keys)
        },
        "levels": levels,
        "transitions": [
            {"from": a, "to": b, "at": "same", "both_ways": True, "trial": {"months": 6}}
            for a, b in zip(track_keys, track_keys[1:], strict=False)
        ],
        "pay": {"currency": "EUR", "ranges": ranges},
        "evp": {
            t: {
                "inducements": {"personal_growth": 4, "extrinsic_rewards": 4},
                "contributions": {"generating_value": 4, "affordability": 4},
            }
            for t in track_keys
        },
    }


def _best(fn, repeat: int) -> tuple[Any, float]:
    times = []
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, min(times)


def run(quick: bool = False) -> list[dict]:
    size = (8, 8, 40, 10) if quick else (40, 15, 200, 30)
    repeat = 3
    data = generate(*size)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "framework.yaml"
        path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False), "utf-8")
        kib = path.stat().st_size / 1024
        text = path.read_text("utf-8")
        plain, parse_s = _best(lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat)
        _, validate_s = _best(lambda: Framework.model_validate(plain), repeat)
        (fw, located), load_s = _best(lambda: load_located(path), repeat)
        report, lint_s = _best(lambda: lint(fw, located), repeat)
    levels = len(fw.levels)
    expectations = sum(len(lv.expects) for lv in fw.levels.values())
    label = f"{size[0]} tracks x {size[1]} bands x {size[2]} competencies"
    return [
        {
            "name": f"load {label}",
            "seconds": load_s,
            "baseline": "yaml.load, C loader (no locations, no validation)",
            "baseline_seconds": parse_s,
            "note": f"{levels} levels, {expectations:,} expectations, {kib:,.0f} KiB",
        },
        {
            "name": "  pydantic validation alone",
            "seconds": validate_s,
            "baseline": "load",
            "baseline_seconds": load_s,
            "note": f"{validate_s / load_s:.0%} of load",
        },
        {
            "name": "lint",
            "seconds": lint_s,
            "baseline": "load",
            "baseline_seconds": load_s,
            "note": f"adds {lint_s / load_s:.0%} to load; {len(report.findings)} findings",
        },
        {
            "name": "load + lint",
            "seconds": load_s + lint_s,
            "baseline": "target",
            "baseline_seconds": 2.0,
            "note": f"best of {repeat}",
        },
    ]
