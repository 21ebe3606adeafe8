"""Every converted framework lints without crashing and round-trips through our YAML."""

from __future__ import annotations

import pytest

from multitrack.core import dump, load, loads
from multitrack.core.convert import convert
from multitrack.core.io import load_located
from multitrack.core.lint import lint
from multitrack.core.tests.test_convert_dropbox import PAGES
from multitrack.core.tests.test_convert_ladders import ENG, INDEX, MGR
from multitrack.core.tests.test_convert_monzo import BODY, EDITORS, WRITER
from multitrack.core.tests.test_convert_snowflake import ACME


def _check(result, tmp_path) -> None:
    out = tmp_path / "converted.yaml"
    dump(result.framework, out)
    fw, located = load_located(out)
    assert fw == result.framework
    assert loads(out.read_text()) == fw
    report = lint(fw, located)  # findings are fine; a crash is not
    assert report.complexity is not None


def _write(folder, files: dict[str, str]):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_written_sources(tmp_path) -> None:
    sources = {
        "monzo": _write(tmp_path / "m", {"w.md": WRITER, "e.md": EDITORS, "b.md": BODY}),
        "ladders": _write(tmp_path / "l", {"index.md": INDEX, "eng.md": ENG, "mgr.md": MGR}),
        "dropbox": _write(tmp_path / "d", PAGES),
        "snowflake": ACME,
    }
    for fmt, src in sources.items():
        for crossovers in ("none", "same-band"):
            _check(convert(src, fmt, crossovers=crossovers), tmp_path)


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("fmt", "where"),
    [
        ("snowflake", "medium-snowflake"),
        ("monzo", "monzo-progression-framework/frameworks"),
        ("ladders", "jorgef-engineering-ladders"),
        ("dropbox", "dropbox-career-framework/pages"),
    ],
)
def test_shared_frameworks(shared_data, tmp_path, fmt: str, where: str) -> None:
    result = convert(shared_data / where, fmt)
    _check(result, tmp_path)
    assert load(tmp_path / "converted.yaml").levels
