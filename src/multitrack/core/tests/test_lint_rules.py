"""Each lint rule on a hand-made case: it fires where it should, at the right line, and the
fixed variant is clean."""

from __future__ import annotations

import pytest

from multitrack.core.lint import RULES
from multitrack.core.tests.lintcases import base, line_text, of, run


def test_base_case_is_clean(tmp_path) -> None:
    report = run(tmp_path, base())
    assert report.findings == ()
    assert report.ok


def test_at_least_fifteen_rules_with_meaning_and_hint() -> None:
    assert len(RULES) >= 15
    for code, r in RULES.items():
        assert code == r.code and code.startswith("MT") and len(code) == 5
        assert r.meaning and r.hint and r.name


def test_mt001_gap_below_ceiling(tmp_path) -> None:
    data = base()
    del data["levels"]["ic/B3"]
    (f,) = of(run(tmp_path, data), "MT001")
    assert f.path == "tracks.ic" and "B3" in f.message and f.severity == "error"
    assert line_text(f).strip() == "ic:"
    data["tracks"]["lab"] = {"kind": "custom", "from": "B1", "ceiling": "B2"}
    found = of(run(tmp_path, data), "MT001")
    assert any("no levels at all" in f.message and f.path == "tracks.lab" for f in found)


def test_mt002_dead_end_and_mt003_unreachable(tmp_path) -> None:
    data = base()
    data["tracks"]["lab"] = {"kind": "custom", "from": "B1", "ceiling": "B2", "spine": False}
    data["levels"]["lab/B1"] = {"title": "Lab I", "expects": {"craft": "low"}}
    data["levels"]["lab/B2"] = {"title": "Lab II", "expects": {"craft": "mid"}}
    report = run(tmp_path, data)
    assert [f.path for f in of(report, "MT002")] == ["levels.lab/B1"]
    assert [f.path for f in of(report, "MT003")] == ["levels.lab/B2"]
    assert line_text(of(report, "MT003")[0]).strip().startswith("lab/B2:")
    data["transitions"].append(
        {"from": "lab/B1", "to": "lab/B2", "requires": {"years_in_level": 2}}
    )
    report = run(tmp_path, data)
    assert not of(report, "MT002") and not of(report, "MT003")


def test_mt002_a_crossover_is_a_way_on(tmp_path) -> None:
    data = base()
    data["tracks"]["ic"]["spine"] = False
    report = run(tmp_path, data)
    # ic/B2 and ic/B3 can still cross to management; ic/B1 cannot (no mgr/B1)
    assert [f.path for f in of(report, "MT002")] == ["levels.ic/B1"]


def test_mt004_single_track_family(tmp_path) -> None:
    data = base()
    data["families"]["ops"] = {}
    data["tracks"]["ic"]["families"] = ["eng"]
    data["tracks"]["mgr"]["families"] = ["eng"]
    (f,) = of(run(tmp_path, data), "MT004")
    assert f.path == "families.ops" and "no track" in f.message
    data["tracks"]["mgr"]["families"] = ["eng", "ops"]
    (f,) = of(run(tmp_path, data), "MT004")
    assert "one track only ('mgr')" in f.message
    data["tracks"]["ic"]["families"] = "all"
    assert not of(run(tmp_path, data), "MT004")


def test_mt005_ceiling_without_route(tmp_path) -> None:
    data = base()
    data["tracks"]["ic"]["ceiling"] = "B3"
    del data["levels"]["ic/B4"]
    data["transitions"][0]["bands"] = ["B2"]
    (f,) = of(run(tmp_path, data), "MT005")
    assert f.path == "tracks.ic.ceiling" and "B3" in f.message and "'mgr' (B4)" in f.message
    assert line_text(f).strip() == "ceiling: B3"
    data["transitions"][0]["bands"] = ["B2", "B3"]  # a crossover from the top level
    assert not of(run(tmp_path, data), "MT005")
    data["transitions"][0]["bands"] = ["B2"]
    data["tracks"]["ic"]["beyond_ceiling"] = "Apply for the executive programme."
    assert not of(run(tmp_path, data), "MT005")


def test_mt006_title_reused_across_bands(tmp_path) -> None:
    data = base()
    data["levels"]["mgr/B3"]["title"] = "Engineer II"
    (f,) = of(run(tmp_path, data), "MT006")
    assert f.path == "levels.mgr/B3.title" and "B2 (ic/B2)" in f.message
    data["levels"]["mgr/B3"]["title"] = "Staff"  # same band: an equivalent title is fine
    assert not of(run(tmp_path, data), "MT006")


def test_mt007_untitled_level(tmp_path) -> None:
    data = base()
    del data["levels"]["ic/B1"]["title"]
    (f,) = of(run(tmp_path, data), "MT007")
    assert f.path == "levels.ic/B1" and f.severity == "info"


def test_mt008_influence_not_stated(tmp_path) -> None:
    data = base()
    del data["levels"]["ic/B3"]["decides"]
    del data["levels"]["ic/B1"]["decides"]  # no manager at B1: nothing to compare with
    (f,) = of(run(tmp_path, data), "MT008")
    assert f.path == "levels.ic/B3" and "mgr/B3" in f.message
    data["levels"]["ic/B3"]["consulted"] = ["hiring"]
    assert not of(run(tmp_path, data), "MT008")


def test_mt009_pay_inversion(tmp_path) -> None:
    data = base()
    data["pay"]["ranges"][2] = {"band": "B3", "min": 140, "max": 180}  # mid 160 < B2's 170
    report = run(tmp_path, data)
    (f,) = of(report, "MT009")
    assert f.path == "pay.ranges[2]" and "midpoint 160 < 170" in f.message
    assert "max 180 < 190" in f.message
    assert line_text(f).strip().startswith("- band: B3")
    assert not report.ok
    assert not of(report, "MT010")  # an inversion is not also an overlap


def test_mt010_pay_overlap_and_its_tolerance(tmp_path) -> None:
    data = base()
    data["pay"]["ranges"][1]["min"] = 110  # (140 - 110) / (140 - 100) = 75% of B1 inside B2
    (f,) = of(run(tmp_path, data), "MT010")
    assert "75% of B1's range lies inside B2's" in f.message and f.path == "pay.ranges[1]"
    data["pay"]["overlap_tolerance"] = 0.8
    assert not of(run(tmp_path, data), "MT010")
    data["pay"]["overlap_tolerance"] = None
    data["lint"] = {"options": {"overlap_tolerance": 0.75}}
    assert not of(run(tmp_path, data), "MT010")


def test_mt011_equivalence_break(tmp_path) -> None:
    data = base()
    data["pay"]["ranges"].append({"band": "B3", "track": "ic", "min": 170, "max": 210})
    (f,) = of(run(tmp_path, data), "MT011")
    # midpoints 190 (ic) and 220 (general, mgr): 1 - 190/220 = 13.6%
    assert f.path == "pay.ranges[4]" and "'ic' is paid 14% below 'mgr'" in f.message
    assert f.severity == "error"
    data["lint"] = {"options": {"equivalence_tolerance": 0.14}}
    assert not of(run(tmp_path, data), "MT011")


def test_mt011_compares_within_a_zone(tmp_path) -> None:
    data = base()
    data["zones"] = {"remote": {}}
    data["pay"]["ranges"].append(
        {"band": "B2", "track": "mgr", "zone": "remote", "min": 200, "max": 240}
    )
    (f,) = of(run(tmp_path, data), "MT011")
    assert "zone 'remote'" in f.message and f.path == "pay.ranges[4]"


def test_mt012_pay_range_missing(tmp_path) -> None:
    data = base()
    del data["pay"]["ranges"][3]
    assert sorted(f.path for f in of(run(tmp_path, data), "MT012")) == [
        "levels.ic/B4",
        "levels.mgr/B4",
    ]
    data["pay"]["ranges"].append({"band": "B4", "track": "ic", "min": 250, "max": 290})
    assert [f.path for f in of(run(tmp_path, data), "MT012")] == ["levels.mgr/B4"]
    data["pay"]["ranges"] = []
    (f,) = of(run(tmp_path, data), "MT012")
    assert "no pay ranges" in f.message


def test_mt013_off_market(tmp_path) -> None:
    data = base()
    data["pay"]["ranges"][0]["market"] = {"p50": 150}  # mid 120 is 20% below
    (f,) = of(run(tmp_path, data), "MT013")
    assert "20% below the market p50 150" in f.message and f.path == "pay.ranges[0].market"
    data["pay"]["ranges"][0]["market"] = {"p50": 130}  # 7.7% below: within 15%
    assert not of(run(tmp_path, data), "MT013")


def test_mt014_falling_expectation(tmp_path) -> None:
    data = base()
    data["levels"]["ic/B4"]["expects"]["craft"] = "mid"
    (f,) = of(run(tmp_path, data), "MT014")
    assert f.path == "levels.ic/B4.expects.craft" and "below 'high' at ic/B3" in f.message
    data["levels"]["ic/B4"]["expects"]["craft"] = "3"  # the third step, written as a rank
    assert not of(run(tmp_path, data), "MT014")


def test_mt015_dropped_expectation(tmp_path) -> None:
    data = base()
    data["levels"]["ic/B3"]["expects"]["lead"] = "low"
    (f,) = of(run(tmp_path, data), "MT015")
    assert f.path == "levels.ic/B4.expects" and "lead" in f.message


def test_mt016_unused_competency(tmp_path) -> None:
    data = base()
    data["competencies"]["spare"] = {}
    data["competencies"]["coaching"] = {"parent": "lead"}  # a sub-skill of a used one
    data["competencies"]["sub-spare"] = {"parent": "spare"}
    assert sorted(f.path for f in of(run(tmp_path, data), "MT016")) == [
        "competencies.spare",
        "competencies.sub-spare",
    ]
    data["levels"]["ic/B4"]["advancement"] = {"minimums": {"sub-spare": "mid"}}
    assert not of(run(tmp_path, data), "MT016")  # the parent of a used one is used


def test_mt017_undescribed_step(tmp_path) -> None:
    data = base()
    data["scales"]["p"]["steps"][1] = {"key": "mid"}
    (f,) = of(run(tmp_path, data), "MT017")
    assert f.path == "scales.p" and "does not describe mid" in f.message


def test_mt017_points_at_competencies_for_the_default_scale(tmp_path) -> None:
    data = base()
    del data["scales"]  # the default scale: aware, practising, fluent, expert, authority
    default = {"low": "aware", "mid": "practising", "high": "fluent"}
    for lv in data["levels"].values():
        lv["expects"] = {c: default[s] for c, s in lv["expects"].items()}
    data["transitions"][0]["requires"]["proficiencies"] = {"lead": "aware"}
    (f,) = of(run(tmp_path, data), "MT017")
    assert "scale 'default'" in f.message and f.path == "competencies"
    assert line_text(f).strip() == "competencies:"


def test_mt018_no_expectations(tmp_path) -> None:
    data = base()
    data["levels"]["ic/B1"]["expects"] = {}
    (f,) = of(run(tmp_path, data), "MT018")
    assert f.path == "levels.ic/B1"


def test_mt019_unguarded_crossover(tmp_path) -> None:
    data = base()
    del data["transitions"][0]["requires"]
    assert not of(run(tmp_path, data), "MT019")  # the trial still guards it
    del data["transitions"][0]["trial"]
    (f,) = of(run(tmp_path, data), "MT019")
    assert f.path == "transitions[0]" and line_text(f).strip() == "- key: cross"


def test_mt020_one_way_crossover(tmp_path) -> None:
    data = base()
    data["transitions"][0]["both_ways"] = False
    (f,) = of(run(tmp_path, data), "MT020")
    assert "from 'ic' to 'mgr'" in f.message
    data["transitions"].append({"from": "mgr", "to": "ic", "at": "same", "trial": {"months": 3}})
    assert not of(run(tmp_path, data), "MT020")


def test_mt021_idle_transition(tmp_path) -> None:
    data = base()
    data["transitions"][0]["bands"] = ["B1"]  # there is no mgr/B1 to cross to
    data["transitions"][0]["both_ways"] = False
    (f,) = of(run(tmp_path, data), "MT021")
    assert f.path == "transitions[0]" and "permits no move" in f.message


def test_mt022_evp_imbalance(tmp_path) -> None:
    data = base()
    data["evp"]["ic"]["inducements"] = dict.fromkeys(data["evp"]["ic"]["inducements"], 5)
    data["evp"]["ic"]["contributions"] = dict.fromkeys(data["evp"]["ic"]["contributions"], 3.5)
    report = run(tmp_path, data)
    (f,) = of(report, "MT022")
    assert "offers more than it asks: inducements 5.0 against contributions 3.5" in f.message
    assert not of(report, "MT023")  # 5 against 4 across tracks is within 1 point


def test_mt023_evp_unequal_tracks(tmp_path) -> None:
    data = base()
    data["evp"]["mgr"]["inducements"] = dict.fromkeys(data["evp"]["mgr"]["inducements"], 2.5)
    data["evp"]["mgr"]["contributions"] = dict.fromkeys(data["evp"]["mgr"]["contributions"], 3)
    report = run(tmp_path, data)
    (f,) = of(report, "MT023")
    assert f.path == "evp.mgr.inducements" and "2.5 on average against 4.0" in f.message
    assert not of(report, "MT022")


def test_mt024_evp_incomplete(tmp_path) -> None:
    data = base()
    del data["evp"]["mgr"]["contributions"]["affordability"]
    data["tracks"]["lab"] = {"kind": "custom", "from": "B4", "ceiling": "B4"}
    data["levels"]["lab/B4"] = {"title": "Lab head", "decides": ["x"], "expects": {"craft": "high"}}
    found = {f.path: f.message for f in of(run(tmp_path, data), "MT024")}
    assert "affordability" in found["evp.mgr"]
    assert "no EVP" in found["tracks.lab"]


def test_mt025_complexity_parts_by_hand(tmp_path) -> None:
    report = run(tmp_path, base())
    c = report.complexity
    # 7 levels with 7 titles; ic expects 4, mgr 3 x 2; one crossover stated both ways = 2 rules
    assert c.parts == {"titles": 7, "levels": 7, "expectations": 10, "rules": 2}
    assert c.score == 26 and c.family == "eng"
    data = base()
    data["lint"] = {"options": {"complexity_budget": 25}}
    (f,) = of(run(tmp_path, data), "MT025")
    assert "must read 26 items" in f.message


def test_mt025_counts_criteria_as_rules(tmp_path) -> None:
    data = base()
    data["levels"]["ic/B2"]["advancement"] = {
        "minimums": {"craft": "mid"},
        "criteria": ["ships a design", "mentors one person"],
    }
    assert run(tmp_path, data).complexity.parts["rules"] == 2 + 3


@pytest.mark.parametrize(
    ("lint_section", "fragment"),
    [
        ({"disable": {"MT999": "typo"}}, "'MT999' is not a rule code"),
        ({"disable": {"MT019": ""}}, "needs a reason"),
        ({"severity": {"MT019": "fatal"}}, "'fatal' is not error, warning or info"),
        ({"options": {"overlap_tolerence": 0.3}}, "'overlap_tolerence' is not a lint option"),
        ({"options": {"overlap_tolerance": "high"}}, "must be a number 0–1"),
        ({"options": {"equivalence_tolerance": -0.1}}, "must be a number 0–1"),
        ({"options": {"complexity_budget": True}}, "must be a number at least 1"),
    ],
)
def test_mt026_lint_settings(tmp_path, lint_section: dict, fragment: str) -> None:
    data = base()
    data["lint"] = lint_section
    (f,) = of(run(tmp_path, data), "MT026")
    assert fragment in f.message
    assert f.path.startswith("lint.")
