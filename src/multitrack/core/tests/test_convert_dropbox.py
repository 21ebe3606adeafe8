"""Dropbox format on small sources written here and on Dropbox's own pages."""

from __future__ import annotations

import pytest

from multitrack.core import dumps, loads
from multitrack.core.convert import convert


def _page(code: str, title: str, extra: str = "") -> str:
    return f"""# {code} {title}
***I do the {title} work at {code}***
**Scope** *what I own*
- I own {code} things
**Reach**
- I work with my {code} team
**Levers**
- Coding - I write {code} code

### ⭐ Delivery
**Quality**
- I ship {code} work that holds up
**Pace**
- I ship {code} work on time
### 🤝 Team
- I help {code} teammates
{extra}"""


PAGES = {
    "p1_backend_developer.md": _page("P1", "Backend Developer"),
    "p2_backend_developer.md": _page("P2", "Backend Developer"),
    "p3_senior_backend_developer.md": _page("P3", "Senior Backend Developer"),
    "p2_data_analyst.md": _page("P2", "Data Analyst"),
    "p3_lead_data_analyst.md": _page("P3", "Lead Data Analyst"),
    "l2_team_lead.md": _page("L2", "Team Lead"),
    "l3_group_lead.md": _page("L3", "Group Lead", "**Hiring**\n- I hire leads\n"),
    "p4_staff_backend_developer.md": "# Overview of P4\nSoon.\n",
    "glossary.md": "# Glossary\n**Term** - meaning\n",
}


@pytest.fixture
def folder(tmp_path):
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_codes_disciplines_and_level_facts(folder) -> None:
    result = convert(folder, "dropbox")
    fw = result.framework
    assert set(fw.tracks) == {"p-backend-developer", "p-data-analyst", "l"}
    assert fw.tracks["p-backend-developer"].families == ("backend-developer",)
    assert fw.tracks["l"].families == "all"
    assert [lv.title for lv in fw.track_levels("p-backend-developer")] == [
        "Backend Developer",
        "Backend Developer",
        "Senior Backend Developer",
    ]
    assert fw.tracks["p-data-analyst"].entry == "L2"
    lv = fw.levels["p-backend-developer/L3"]
    assert lv.summary == "I do the Senior Backend Developer work at P3"
    assert lv.scope == "I own P3 things"
    assert lv.influence == "I work with my P3 team"
    assert lv.responsibilities[0] == "Levers: Coding - I write P3 code"
    assert "Quality: I ship P3 work that holds up" in lv.responsibilities
    assert "Team: I help P3 teammates" in lv.responsibilities  # bullets with no label
    assert fw.competencies["quality"].area == "delivery"
    assert fw.areas["team"].kind == "leadership"
    assert dict(fw.levels["l/L3"].expects)["hiring"] == "level-3"
    assert "hiring" not in fw.levels["l/L2"].expects
    assert [s.file for s in result.skipped] == ["p4_staff_backend_developer.md"]
    assert "glossary.md" in result.ignored
    assert "aligned by their number" in fw.description
    assert loads(dumps(fw)) == fw


def test_mapping_declares_the_equivalence(folder, tmp_path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "tracks:\n  l: {key: leads, kind: management, bands: {2: L3, 3: L4}}\n"
        "crossovers: same-band\n"
    )
    fw = convert(folder, "dropbox", mapping=mapping).framework
    assert [lv.key for lv in fw.track_levels("leads")] == ["leads/L3", "leads/L4"]
    assert fw.tracks["leads"].kind.value == "management"
    assert [b.key for b in fw.band_order] == ["L1", "L2", "L3", "L4"]
    cross = {frozenset((t.from_, t.to)) for t in fw.transitions}
    assert frozenset(("p-backend-developer", "leads")) in cross
    assert all(t.both_ways and t.at == "same" for t in fw.transitions)
    assert "placed on bands by the mapping file" in fw.description


@pytest.mark.shared_data
def test_dropbox_pages(shared_data) -> None:
    result = convert(shared_data / "dropbox-career-framework" / "pages", "dropbox")
    fw = result.framework
    assert not result.skipped
    assert len(fw.levels) == 48  # every IC and M page
    tops = {k: t.ceiling for k, t in fw.tracks.items()}
    assert tops["ic-software-engineer"] == "L7" and tops["ic-data-engineer"] == "L5"
    assert tops["ic-security-engineer"] == "L6" and fw.tracks["ic-security-engineer"].entry == "L2"
    m = fw.tracks["m"]
    assert m.kind.value == "management" and (m.entry, m.ceiling) == ("L3", "L7")
    assert fw.levels["m/L6"].title == "Engineering Director"
    assert fw.levels["ic-reliability-engineer/L7"].title == "Sr. Principal Reliability Engineer"
    assert {"results", "direction", "talent", "culture", "craft"} <= set(fw.areas)
    assert "impact" in fw.levels["ic-software-engineer/L3"].expects
    # Dropbox states no IC <-> M equivalence: the output says how it was aligned
    assert "no equivalence" in fw.description and "aligned by their number" in result.notes[0]
    assert loads(dumps(fw)) == fw
