"""Monzo format on small sources written here (other shapes than Monzo's) and on Monzo's own."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from multitrack.cli.app import build
from multitrack.core import ConversionError, dumps, load, loads
from multitrack.core.convert import convert

WRITER = """---
title: "✍️ Technical Writing Framework"
sidebarGroup: "content"
levels: 3
topics:
  - name: "clarity: plain words; structure"
    title: "🔎 Clarity"
    content:
      - level: 1
        criteria:
          - "Writes short sentences"
      - level: 3
        criteria:
          - "Sets the style guide"
        exampleCriteria:
          - criteria: "Edits others' work"
            examples: ["Reviewed the API guide"]
  - name: "reach"
    title:
    content:
      - level: 2
        criteria: ["Writes for two audiences"]
---
Body text is not read when the front matter has topics.
"""

EDITORS = """---
title: "Editorial Leadership"
sidebarGroup: "content"
topics:
  - name: "clarity"
    content:
      - level: 2
        criteria: ["Coaches writers on clarity"]
      - level: 4
        criteria: ["Owns the editorial standard"]
  - name: "people"
    content:
      - level: 3
        criteria: ["Manages a team of writers"]
---
"""

BODY = """---
title: "Illustration"
yaml: false
levels:
---
Intro paragraph that belongs to no level.

### Level 1
#### Craft
Draws to a brief.
#### Ownership
- Owns small pieces

### Level 2
#### Craft
Sets the visual language.
"""

TAB = '---\ntitle: Broken\ntopics:\n  -\t"name": x\n---\n'
EMPTY = "---\ntitle: Nothing here\nlevels: 4\n---\nJust prose.\n"
NO_FRONT = "# A page without front matter\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "writer.md").write_text(WRITER)
    (tmp_path / "content" / "editors.md").write_text(EDITORS)
    (tmp_path / "illustration.md").write_text(BODY)
    (tmp_path / "broken.md").write_text(TAB)
    (tmp_path / "empty.md").write_text(EMPTY)
    (tmp_path / "readme.md").write_text(NO_FRONT)
    (tmp_path / "latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    return tmp_path


def test_converts_what_parses_and_names_what_does_not(folder) -> None:
    result = convert(folder, "monzo")
    fw = result.framework
    assert set(fw.tracks) == {"writer", "editors", "illustration"}
    skipped = {s.file: s.reason for s in result.skipped}
    assert set(skipped) == {"broken.md", "empty.md", "readme.md", "latin1.md"}
    assert "TAB" in skipped["broken.md"] and "line 4" in skipped["broken.md"]
    assert "carries no levels" in skipped["empty.md"]
    assert "front matter" in skipped["readme.md"]
    assert "not UTF-8" in skipped["latin1.md"]
    assert loads(dumps(fw)) == fw


def test_levels_titles_and_cumulative_expectations(folder) -> None:
    fw = convert(folder, "monzo").framework
    writer = fw.track_levels("writer")
    assert [lv.key for lv in writer] == ["writer/L1", "writer/L2", "writer/L3"]
    assert fw.tracks["writer"].families == ("content",)
    assert fw.levels["writer/L1"].title == "Technical Writing 1"
    # a competency stated at level 1 stays expected (at its level-1 statements) at level 2
    assert dict(fw.levels["writer/L2"].expects) == {"clarity": "level-1", "reach": "level-2"}
    assert dict(fw.levels["writer/L3"].expects) == {"clarity": "level-3", "reach": "level-2"}
    l3 = fw.levels["writer/L3"].responsibilities
    assert "Clarity: Edits others' work (examples: Reviewed the API guide)" in l3
    assert fw.competencies["clarity"].name == "Clarity"
    assert fw.competencies["clarity"].description == "plain words; structure"
    # a track that starts at level 2; its kind is guessed from the name, and said so
    assert fw.tracks["editors"].entry == "L2" and fw.tracks["editors"].ceiling == "L4"
    assert fw.tracks["editors"].kind.value == "management"
    assert fw.competencies["people"].area == "leadership"


def test_framework_written_in_the_body(folder) -> None:
    fw = convert(folder, "monzo").framework
    lv = fw.levels["illustration/L1"]
    assert lv.responsibilities == ("Craft: Draws to a brief.", "Ownership: Owns small pieces")
    assert dict(fw.levels["illustration/L2"].expects) == {
        "craft": "level-2",
        "ownership": "level-1",
    }


def test_alignment_is_stated(folder) -> None:
    result = convert(folder, "monzo")
    assert "aligned by their number" in result.framework.description
    assert "aligned by their number" in result.notes[0]


def test_mapping_places_and_renames(folder, tmp_path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "name: Content careers\n"
        "tracks:\n"
        "  editors: {key: editorial, kind: leader_contributor, offset: -1}\n"
        "  illustration: {skip: true}\n"
        "bands: {L1: Junior, L2: Mid, L3: {name: Senior, description: Leads work}}\n"
    )
    result = convert(folder, "monzo", mapping=mapping)
    fw = result.framework
    assert fw.name == "Content careers"
    assert set(fw.tracks) == {"writer", "editorial"}
    assert fw.tracks["editorial"].kind.value == "leader_contributor"
    assert [lv.band for lv in fw.track_levels("editorial")] == ["L1", "L2", "L3"]
    assert [b.name for b in fw.band_order] == ["Junior", "Mid", "Senior"]
    assert "placed on bands by the mapping file" in fw.description
    assert any("illustration" in n and "left out" in n for n in result.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tracks: {nope: {kind: management}}\n", "tracks nope are not in the source"),
        ("tracks:\n  writer:\n    kind: boss\n", r"map.yaml:3:\d+"),
        ("align: sideways\n", "map.yaml:1"),
        ("tracks: [a, b]\n", "map.yaml"),
    ],
)
def test_bad_mapping_files(folder, tmp_path, text: str, message: str) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text)
    with pytest.raises(ConversionError, match=message):
        convert(folder, "monzo", mapping=mapping)


def test_align_none_needs_the_mapping(folder) -> None:
    with pytest.raises(ConversionError, match="writer levels 1, 2, 3"):
        convert(folder, "monzo", align="none")


def test_cli_exit_1_when_something_was_skipped(folder, tmp_path) -> None:
    out = tmp_path / "out.yaml"
    res = CliRunner().invoke(
        build(), ["convert", str(folder), "--from", "monzo", "--out", str(out)]
    )
    assert res.exit_code == 1, res.output
    assert "skipped broken.md" in res.output and "aligned by their number" in res.output
    assert load(out).tracks.keys() == {"writer", "editors", "illustration"}


def test_cli_exit_2_when_nothing_is_usable(tmp_path) -> None:
    (tmp_path / "broken.md").write_text(TAB)
    out = tmp_path / "out.yaml"
    res = CliRunner().invoke(build(), ["convert", str(tmp_path), "--from", "monzo", "-o", str(out)])
    text = " ".join(res.output.split())
    assert res.exit_code == 2 and "no levels found" in text and "broken.md" in text
    assert not out.exists()


@pytest.mark.shared_data
def test_monzo_frameworks(shared_data) -> None:
    result = convert(shared_data / "monzo-progression-framework" / "frameworks", "monzo")
    fw = result.framework
    assert [s.file for s in result.skipped] == ["people.md"]
    assert "TAB" in result.skipped[0].reason and "line 205" in result.skipped[0].reason
    counts = {k: len(fw.track_levels(k)) for k in fw.tracks}
    assert counts["customer-operations"] == 2 and counts["marketing"] == 7
    assert counts["backend"] == 6 and counts["qualityanalyst"] == 3
    assert counts["product-design"] == 6  # its framework is in the markdown body
    assert fw.tracks["ops-leadership"].kind.value == "management"
    assert fw.tracks["ops-individual-contributor"].kind.value == "specialist"
    assert fw.tracks["ops-leadership"].entry == "L2"
    assert fw.tracks["backend"].families == ("engineering",)
    assert loads(dumps(fw)) == fw


def test_single_values_where_lists_are_usual(tmp_path) -> None:
    (tmp_path / "one.md").write_text(
        "---\ntitle: One\ntopics:\n  - name: craft\n    content:\n      level: 1\n"
        "      criteria: Writes clearly\n---\n"
    )
    fw = convert(tmp_path, "monzo").framework
    assert fw.levels["one/L1"].responsibilities == ("Craft: Writes clearly",)
