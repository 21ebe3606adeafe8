"""Snowflake: constants.js (Medium's layout and a fork) and the JSON extract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from multitrack.core import ConversionError, dumps, loads
from multitrack.core.convert import convert
from multitrack.core.tests.snowflake_js import constants_js

FIXTURES = Path(__file__).parent / "fixtures"
ACME = FIXTURES / "acme_constants.js"


def test_fork_with_three_ladders_and_a_switch() -> None:
    fw = convert(ACME, "snowflake").framework
    assert [b.key for b in fw.band_order] == ["B1", "B2", "B3"]
    titles = {k: lv.title for k, lv in fw.levels.items()}
    assert titles == {
        "ic/B1": "Engineer",
        "ic/B2": "Senior Engineer",
        "ic/B3": "Staff Engineer",
        "management/B2": "Team Lead",
        "management/B3": "Engineering Manager",
        "ladder-3/B3": "Architect",
    }
    # the switch gives each milestone its points; the next title's minimum is the criterion
    assert [s.points for s in fw.scales["backend"].steps] == [2, 5, 10]
    assert fw.levels["ic/B1"].advancement.points.min == 10
    assert fw.levels["management/B2"].advancement.points.min == 20
    assert fw.levels["ic/B3"].advancement.points is None  # the top of its ladder
    assert fw.tracks["management"].kind.value == "management"
    assert fw.competencies["mentoring"].area == "category-y"
    assert "Designs a service end to end" in fw.scales["backend"].steps[1].description
    assert "Staff Engineer ≡ Engineering Manager ≡ Architect" in fw.description
    assert loads(dumps(fw)) == fw


def test_json_variant_without_optional_parts(tmp_path) -> None:
    data = {
        "tracks": {
            "CRAFT": {"displayName": "Craft", "milestones": [{"summary": "a"}, {"summary": "b"}]},
            "IMPACT": {"displayName": "Impact", "milestones": [{"summary": "c"}]},
        },
        "titles": [
            {"label": "Junior", "minPoints": 0, "maxPoints": 2},
            {"label": "Middle", "minPoints": 3, "maxPoints": 5},
            {"label": "Senior", "minPoints": 6},
        ],
    }
    src = tmp_path / "fork.json"
    src.write_text(json.dumps(data))
    result = convert(src, "snowflake")
    fw = result.framework
    assert list(fw.tracks) == ["ic"] and len(fw.levels) == 3
    assert fw.levels["ic/B2"].advancement.points.min == 6
    assert any("milestoneToPoints" in n for n in result.notes)
    assert fw.competencies["craft"].area == "category-uncategorised"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("export const tracks = {}", "expected 'tracks'"),
        (
            "export const tracks = {A: {milestones: [{summary: 'x'}]}}\n",
            "expected 'titles'",
        ),
        (
            "export const tracks = {A: {milestones: [{summary: 'x'}]}}\n"
            "export const titles = [{minPoints: 1}]\n",
            r"titles\[0\] has no 'label'",
        ),
        ("export const tracks = {A: {}}\nexport const titles = [{label: 'x'}]", "no 'milestones'"),
        ("const broken = 'no end\n", "constants.js:1:16: string opened"),
    ],
)
def test_unusable_sources_say_what_was_expected(tmp_path, text: str, message: str) -> None:
    src = tmp_path / "constants.js"
    src.write_text(text)
    with pytest.raises(ConversionError, match=message):
        convert(src, "snowflake")


def test_folder_holding_constants_js(tmp_path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "constants.js").write_text(ACME.read_text())
    assert len(convert(tmp_path, "snowflake").framework.levels) == 6
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConversionError, match="no constants.js"):
        convert(empty, "snowflake")


@pytest.mark.shared_data
def test_medium_json_and_its_constants_js_agree(shared_data, tmp_path) -> None:
    extract = shared_data / "medium-snowflake" / "snowflake_framework.json"
    js = tmp_path / "constants.js"
    js.write_text(constants_js(json.loads(extract.read_text())))
    from_json = convert(extract, "snowflake").framework
    from_js = convert(js, "snowflake").framework
    assert from_js.model_dump(exclude={"description"}) == from_json.model_dump(
        exclude={"description"}
    )
    fw = from_json
    assert len(fw.competencies) == 16 and len(fw.levels) == 8
    band = {lv.title: lv.band for lv in fw.levels.values()}
    assert band["Senior Engineer"] == band["Group Lead"]
    assert band["Staff Engineer"] == band["Senior Group Lead"]
    assert band["Principal Engineer"] == band["Director of Engineering"]
    assert len({band["Engineer I"], band["Engineer II"], band["Senior Engineer"]}) == 3
    pts = {lv.title: lv.advancement.points for lv in fw.levels.values()}
    assert pts["Engineer I"].min == 17 and pts["Engineer II"].min == 36
    assert pts["Senior Engineer"].min == pts["Group Lead"].min == 58
    assert pts["Staff Engineer"].min == 90 and pts["Principal Engineer"] is None
    assert [s.points for s in fw.scales["mobile"].steps] == [1, 3, 6, 12, 20]
    assert "3.1 (36)" in next(b for b in fw.bands if b.key == band["Senior Engineer"]).description
    assert loads(dumps(fw)) == fw
