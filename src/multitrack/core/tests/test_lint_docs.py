"""docs/lint-rules.md describes every rule with the code's own severity and name."""

from __future__ import annotations

import re
from pathlib import Path

from multitrack.core.lint import RULES

DOC = Path(__file__).resolve().parents[4] / "docs" / "lint-rules.md"


def test_every_rule_is_documented_as_registered() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = {
        m[1]: (m[2], m[3])
        for m in re.finditer(r"^\| (MT\d{3}) \| (\w+) \| ([\w-]+) \|$", text, re.M)
    }
    assert table == {c: (r.severity.value, r.name) for c, r in RULES.items()}
    for code, r in RULES.items():
        assert f"#### {code}\n\n**{r.name}** ({r.severity.value})" in text, code
        for option in r.options:
            assert f"| `{option.name}` | {option.default:g}" in text.replace("0.10", "0.1"), (
                option.name
            )
