"""Every shipped template loads, round-trips and is complete enough to start from."""

from __future__ import annotations

import pytest

from multitrack.core import dumps, load, loads
from multitrack.core.graph import moves
from multitrack.core.templates import catalogue, names, path

TEMPLATES = names()
SEEDED = {
    "tech-dual-ladder",
    "investment-bank",
    "military",
    "consulting-partnership",
    "pharma-rnd",
    "creative-agency",
    "starter",
}


def test_every_seeded_career_system_ships() -> None:
    assert set(TEMPLATES) >= SEEDED


@pytest.fixture(params=TEMPLATES)
def fw(request):
    return load(path(request.param))


def test_round_trip(fw) -> None:
    assert loads(dumps(fw)) == fw
    assert loads(dumps(fw, "json")) == fw


def test_every_level_is_described(fw) -> None:
    for key, lv in fw.levels.items():
        assert lv.title, key
        assert lv.summary, key
        assert lv.scope, key
        assert lv.decides, f"{key}: decision rights are stated on every level"
        assert lv.expects, key
        track = fw.tracks[lv.track]
        if lv.band != track.ceiling:
            assert lv.typical_years, f"{key}: typical years below the ceiling"


def test_no_gaps_below_each_ceiling(fw) -> None:
    for key, t in fw.tracks.items():
        lo, hi = fw.position[t.entry], fw.position[t.ceiling]
        missing = [p for p in fw.spine[lo : hi + 1] if f"{key}/{p}" not in fw.levels]
        assert not missing, f"{key} has no level at {missing}"


def test_expectations_never_fall_up_a_track(fw) -> None:
    for key in fw.tracks:
        seen: dict[str, int] = {}
        for lv in fw.track_levels(key):
            for comp, step in lv.expects.items():
                rank = fw.scale_of(comp).index(step) if not step.isdigit() else int(step)
                assert rank >= seen.get(comp, 0), f"{lv.key}: {comp} falls to {step}"
                seen[comp] = rank
            for comp in seen:
                assert comp in lv.expects, f"{lv.key}: {comp} expected below, not here"


def test_pay_for_every_band_with_market_percentiles(fw) -> None:
    for band in fw.band_order:
        rng = fw.pay_range(band.key)
        assert rng is not None, band.key
        assert rng.market, f"{band.key}: market percentiles"
    mids = [fw.pay_range(b.key).midpoint for b in fw.band_order]
    assert mids == sorted(mids)


def test_evp_for_every_track(fw) -> None:
    assert set(fw.evp) == set(fw.tracks)
    for key, evp in fw.evp.items():
        assert all(v is not None for v in evp.inducements.model_dump().values()), key
        assert all(v is not None for v in evp.contributions.model_dump().values()), key


def test_crossovers_go_both_ways(fw) -> None:
    pairs = {(m.source.split("/")[0], m.target.split("/")[0]) for m in moves(fw)}
    cross = {p for p in pairs if p[0] != p[1]}
    assert cross, "at least one crossover"
    for a, b in cross:
        assert (b, a) in cross, f"{a} -> {b} has no way back"


def test_competencies_have_described_scales(fw) -> None:
    for scale in fw.scales.values():
        assert all(step.description for step in scale.steps), scale.key
    for key, comp in fw.competencies.items():
        assert comp.area, key


def test_catalogue_describes_each() -> None:
    infos = {i.name: i for i in catalogue()}
    assert set(infos) == set(TEMPLATES)
    assert all(i.description and i.tracks >= 2 for i in infos.values())


@pytest.mark.parametrize("name", TEMPLATES)
def test_lint_passes_or_states_its_exceptions(name: str) -> None:
    from multitrack.core.io import load_located
    from multitrack.core.lint import lint

    fw, located = load_located(path(name))
    report = lint(fw, located)
    assert not report.findings, [str(f) for f in report.findings]
    for finding in report.suppressed:
        assert fw.lint.disable[finding.code].strip(), "every exception gives its reason"
