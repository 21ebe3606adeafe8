"""Engineering-ladders format on small sources written here and on engineeringladders.com."""

from __future__ import annotations

import pytest

from multitrack.core import ConversionError, dumps, loads
from multitrack.core.convert import convert

INDEX = """# Our ladders

| Level | [Engineer](eng.md) | [Manager](mgr.md) | [Architect](arch.md) | Grade |
| --- | --- | --- | --- | --- |
| 1 | [E1](eng.md#e1) | | | G5 |
| 2 | [E2](eng.md#e2) | | | G6 |
| 3 | [E3](eng.md#e3) | [M3](mgr.md#m3) | A3 | G7 |

## Axes
* **Craft**: how well the work is done
* **Care**: how people are looked after

## Craft
1. **Basic**: follows the team's practices
2. **Solid**: improves them
3. **Leads**: sets them

## Care
1. **Helps**: helps teammates
2. **Coaches**: coaches others
3. **Leads**: leads people
"""

ENG = """# Engineer
Builds things.

### E1: Engineer One
- **Basic** - follows the team's practices
- **Helps** - helps teammates

### E2: Engineer Two
- **Solid** - improves them
- **Helps** - helps teammates

### E3: Engineer Three
- **Leads** - sets them
- **Coaches** - coaches others
"""

MGR = """# Manager

## M3 - Manager Three
* **Solid**: improves them
* **Leads**: leads people
* **Dances**: not an axis step
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "index.md").write_text(INDEX)
    (tmp_path / "eng.md").write_text(ENG)
    (tmp_path / "mgr.md").write_text(MGR)
    (tmp_path / "notes.md").write_text("# Notes\nNothing to see.\n")
    return tmp_path


def test_table_axes_and_positions(folder) -> None:
    result = convert(folder, "ladders")
    fw = result.framework
    assert set(fw.tracks) == {"engineer", "manager"}
    assert [b.key for b in fw.band_order] == ["L1", "L2", "L3"]
    assert fw.band_order[2].name == "Level 3 (Grade: G7)"
    assert fw.levels["engineer/L1"].title == "Engineer One"
    assert dict(fw.levels["engineer/L3"].expects) == {"craft": "leads", "care": "coaches"}
    # 'Leads' is a step of both axes: the bullet's position decides
    assert dict(fw.levels["manager/L3"].expects) == {"craft": "solid", "care": "leads"}
    assert [s.key for s in fw.scales["craft"].steps] == ["basic", "solid", "leads"]
    assert fw.competencies["care"].description == "how people are looked after"
    assert fw.tracks["manager"].kind.value == "management"
    assert "one position of each ladder in each level row" in fw.description
    assert any("'Dances' is not a step" in n for n in result.notes)
    assert [s.file for s in result.skipped] == ["arch.md"]  # linked, but not there
    assert "notes.md" in result.ignored
    assert loads(dumps(fw)) == fw


def test_without_an_index_levels_align_by_their_code(tmp_path) -> None:
    (tmp_path / "eng.md").write_text(ENG)
    (tmp_path / "mgr.md").write_text(MGR)
    result = convert(tmp_path, "ladders")
    fw = result.framework
    assert set(fw.levels) == {"engineer/L1", "engineer/L2", "engineer/L3", "manager/L3"}
    assert "aligned by their number" in fw.description
    assert any("no axes found" in n for n in result.notes)
    assert fw.levels["manager/L3"].responsibilities[0] == "Solid: improves them"


def test_a_file_is_not_a_ladders_folder(tmp_path) -> None:
    (tmp_path / "eng.md").write_text(ENG)
    with pytest.raises(ConversionError, match="expected a folder"):
        convert(tmp_path / "eng.md", "ladders")


@pytest.mark.shared_data
def test_engineering_ladders(shared_data) -> None:
    result = convert(shared_data / "jorgef-engineering-ladders", "ladders")
    fw = result.framework
    assert not result.skipped
    assert set(fw.tracks) == {
        "developer",
        "tech-lead",
        "technical-program-manager",
        "engineering-manager",
    }
    kinds = {k: t.kind.value for k, t in fw.tracks.items()}
    assert kinds["developer"] == "specialist" and kinds["engineering-manager"] == "management"
    # one row of the level table = one band on every ladder
    for n in (5, 6, 7):
        row = {lv.title for lv in fw.levels.values() if lv.band == f"L{n}"}
        assert row == {
            f"Developer {n}",
            f"Tech Lead {n}",
            f"Technical Program Manager {n}",
            f"Engineering Manager {n}",
        }
    assert fw.tracks["tech-lead"].entry == "L4" and fw.tracks["engineering-manager"].entry == "L5"
    assert len(fw.competencies) == 5 and all(len(s.steps) == 5 for s in fw.scales.values())
    # the axis deltas between adjacent positions: D4 -> D5 raises technology, system, process
    # and influence by one step each and keeps people (mentors)
    d4, d5 = fw.levels["developer/L4"], fw.levels["developer/L5"]
    delta = {
        c: fw.scale_of(c).index(d5.expects[c]) - fw.scale_of(c).index(d4.expects[c])
        for c in d4.expects
    }
    assert delta == {"technology": 1, "system": 1, "people": 0, "process": 1, "influence": 1}
    assert loads(dumps(fw)) == fw
