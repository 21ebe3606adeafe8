"""Scenario rules by hand, and scenario files with located errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.analytics.forecast.errors import ScenarioError
from multitrack.analytics.forecast.project import Chain, Policy, project
from multitrack.analytics.forecast.scenarios import Scenario, apply, load_scenarios
from multitrack.analytics.forecast.states import StateSpace

SPACE = StateSpace(
    ("s/B1", "s/B2", "s/B3", "m/B3", "m/B4"), ("B1", "B2", "B3", "B4", "B5"), ("s", "m")
)
#                   s/B1  s/B2  s/B3  m/B3  m/B4      exits
P = np.array(
    [
        [0.70, 0.20, 0.00, 0.00, 0.00],  # 0.10
        [0.00, 0.75, 0.10, 0.00, 0.00],  # 0.15
        [0.00, 0.00, 0.80, 0.05, 0.00],  # 0.15
        [0.00, 0.00, 0.00, 0.70, 0.15],  # 0.15
        [0.00, 0.00, 0.00, 0.00, 0.90],  # 0.10
    ]
)
BASE = Chain(
    SPACE, P, np.array([1.0, 0, 0, 0, 0]), np.array([100.0, 80, 40, 30, 10]), 25, base_year=2026
)


def _run(*changes: dict) -> Chain:
    return apply(BASE, Scenario(name="test", changes=list(changes)))


def _rate(chain: Chain, a: str, b: str) -> float:
    ix = chain.states.index
    return float(chain.P[ix[a], ix[b]])


def test_raise_ceiling_copies_the_management_rates():
    # s/B4 is new: exits as m/B4 (0.10); s has no band above B4, so it stays 0.90.
    # s/B3 now goes up to s/B4 at m/B3's promotion rate 0.15, taken from its stayers: 0.80 -> 0.65
    out = _run({"kind": "raise_ceiling", "track": "s", "to": "B4", "rates_from": "m"})
    assert out.states.keys == ("s/B1", "s/B2", "s/B3", "s/B4", "m/B3", "m/B4")
    assert _rate(out, "s/B3", "s/B4") == pytest.approx(0.15)
    assert _rate(out, "s/B3", "s/B3") == pytest.approx(0.65)
    assert _rate(out, "s/B4", "s/B4") == pytest.approx(0.90)
    assert out.w[out.states.index["s/B4"]] == pytest.approx(0.10)
    assert out.n0[out.states.index["s/B4"]] == 0
    # everything else unchanged
    assert _rate(out, "m/B3", "m/B4") == pytest.approx(0.15)
    assert out.P.sum() == pytest.approx(P.sum() + 0.90)


def test_raise_ceiling_with_a_given_rate():
    # two new states; exits copied from the old top s/B3 (0.15), promotion 0.07:
    #   s/B4: up 0.07 to s/B5, stay 1 − 0.15 − 0.07 = 0.78;  s/B5: stay 0.85;  s/B3: 0.80 − 0.07
    out = _run({"kind": "raise_ceiling", "track": "s", "to": "B5", "rates_from": 0.07})
    assert _rate(out, "s/B4", "s/B5") == pytest.approx(0.07)
    assert _rate(out, "s/B4", "s/B4") == pytest.approx(0.78)
    assert _rate(out, "s/B5", "s/B5") == pytest.approx(0.85)
    assert _rate(out, "s/B3", "s/B3") == pytest.approx(0.73)
    with pytest.raises(ScenarioError, match="no equivalent level m/B5"):
        _run({"kind": "raise_ceiling", "track": "s", "to": "B5", "rates_from": "m"})


def test_add_track_with_crossovers():
    # lead/B3 copies m/B3 (exit 0.15, up 0.15 to lead/B4), then gives 0.05 to s/B3: stay 0.65.
    # lead/B4 copies m/B4: exit 0.10, stay 0.90 (no s/B4 to cross to). s/B3 sends 0.04 to lead.
    out = _run(
        {
            "kind": "add_track",
            "track": "lead",
            "from": "B3",
            "ceiling": "B4",
            "rates_from": "m",
            "crossover_in": {"s": 0.04},
            "crossover_out": {"s": 0.05},
        }
    )
    assert _rate(out, "lead/B3", "lead/B4") == pytest.approx(0.15)
    assert _rate(out, "lead/B3", "s/B3") == pytest.approx(0.05)
    assert _rate(out, "lead/B3", "lead/B3") == pytest.approx(0.65)
    assert _rate(out, "lead/B4", "lead/B4") == pytest.approx(0.90)
    assert _rate(out, "s/B3", "lead/B3") == pytest.approx(0.04)
    assert _rate(out, "s/B3", "s/B3") == pytest.approx(0.76)
    # in the first year the new track fills only from s/B3: 40 · 0.04 = 1.6 people
    proj = project(out, Policy("push"), 1)
    assert proj.mean[1, out.states.index["lead/B3"]] == pytest.approx(1.6)


def test_crossover_rate_changes():
    out = _run({"kind": "crossover", "from": "s", "to": "m", "bands": ["B3"], "scale": 2})
    assert _rate(out, "s/B3", "m/B3") == pytest.approx(0.10)
    assert _rate(out, "s/B3", "s/B3") == pytest.approx(0.75)
    back = _run({"kind": "crossover", "from": "m", "to": "s", "rate": 0.02})
    assert _rate(back, "m/B3", "s/B3") == pytest.approx(0.02)
    assert _rate(back, "m/B3", "m/B3") == pytest.approx(0.68)
    with pytest.raises(ScenarioError, match="exceeds its stayers"):
        _run({"kind": "crossover", "from": "s", "to": "m", "rate": 0.9})
    with pytest.raises(ScenarioError, match="no level of s has a matching x level"):
        _run({"kind": "crossover", "from": "s", "to": "x", "rate": 0.1})


def test_hiring_freeze():
    out = _run({"kind": "hiring_freeze", "years": [2027]})
    proj = project(out, Policy("push"), 3)
    assert proj.hires[:, 0] == pytest.approx([0, 25, 25])
    fixed = project(out, Policy("fixed"), 2)
    # fixed size with a freeze in year 1: leavers are not replaced, so the total falls
    assert fixed.total()[0][1] < BASE.n0.sum()
    with pytest.raises(ScenarioError, match="unknown track or level 'x'"):
        _run({"kind": "hiring_freeze", "years": [1], "states": ["x"]})


def test_scenario_files(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(
        "scenarios:\n"
        "  - name: taller\n"
        "    changes:\n"
        "      - {kind: raise_ceiling, track: s, to: B4, rates_from: m}\n"
        "  - name: freeze\n"
        "    changes:\n"
        "      - {kind: hiring_freeze, years: [1]}\n",
        encoding="utf-8",
    )
    names = [s.name for s in load_scenarios(good)]
    assert names == ["taller", "freeze"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: oops\nchanges:\n  - kind: crossover\n    from: s\n    to: m\n    ratez: 0.1\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as err:
        load_scenarios(bad)
    text = str(err.value)
    assert text == f"{bad}:6:12: changes[0].ratez: unknown field 'ratez'"
    both = tmp_path / "both.yaml"
    both.write_text(
        "name: b\nchanges:\n  - {kind: crossover, from: s, to: m, rate: 0.1, scale: 2}\n"
    )
    with pytest.raises(ScenarioError, match="both.yaml:3:5: changes.0.: give exactly one of"):
        load_scenarios(both)
    kind = tmp_path / "kind.yaml"
    kind.write_text("name: k\nchanges:\n  - {kind: teleport}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"kind.yaml:3:\d+: changes\[0\]"):
        load_scenarios(kind)
    with pytest.raises(ScenarioError, match="not valid YAML"):
        (tmp_path / "x.yaml").write_text("name: [\n", encoding="utf-8")
        load_scenarios(tmp_path / "x.yaml")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["s", "m"]),
    st.sampled_from(["s", "m"]),
    st.sampled_from(["same", "up", "down"]),
    st.one_of(
        st.builds(lambda r: {"rate": r}, st.floats(0, 1)),
        st.builds(lambda x: {"scale": x}, st.floats(0, 20)),
    ),
    st.floats(0, 0.5),
)
def test_changes_keep_rows_probabilities(source, to, at, rate, up):
    # whatever the change, the result is a valid sub-stochastic matrix or a clear error
    changes = [
        {"kind": "raise_ceiling", "track": "s", "to": "B5", "rates_from": up},
        {"kind": "crossover", "from": source, "to": to, "at": at, **rate},
    ]
    if source == to and at == "same":
        with pytest.raises(ValueError, match="is a stay"):
            Scenario(name="random", changes=changes)
        return
    try:
        out = apply(BASE, Scenario(name="random", changes=changes))
    except ScenarioError as exc:
        assert "scenario 'random', changes[" in str(exc)
        return
    assert (out.P >= -1e-12).all()
    assert (out.P.sum(axis=1) <= 1 + 1e-9).all()
    assert out.n0.sum() == BASE.n0.sum()
