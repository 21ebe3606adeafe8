"""Loading, dumping and the errors a person sees for bad framework files."""

from __future__ import annotations

import pytest

from multitrack.core import (
    FrameworkSyntaxError,
    FrameworkValidationError,
    dumps,
    load,
    loads,
)
from multitrack.core.templates import path as template_path

MINIMAL = """\
name: Tiny
bands: [B1, B2, B3]
tracks:
  ic: {kind: specialist, from: B1, ceiling: B3}
levels:
  ic/B1: {title: Junior}
  ic/B2: {title: Mid}
  ic/B3: {title: Senior}
"""


def test_starter_round_trips() -> None:
    fw = load(template_path("starter"))
    again = loads(dumps(fw))
    assert again == fw
    assert loads(dumps(fw, "json")) == fw


def test_model_is_immutable() -> None:
    fw = loads(MINIMAL)
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its own frozen error
        fw.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        fw.levels["ic/B9"] = fw.levels["ic/B1"]  # type: ignore[index]


def test_unknown_band_names_line_and_choices() -> None:
    text = MINIMAL.replace("ic/B3: {title: Senior}", "ic/B9: {title: Senior}")
    with pytest.raises(FrameworkValidationError) as info:
        loads(text, "f.yaml")
    (problem,) = info.value.problems
    assert problem.file == "f.yaml"
    assert problem.line == 8
    assert "'B9' is not a band" in problem.message
    assert "B1, B2, B3" in problem.message


def test_duplicate_keys_are_errors() -> None:
    with pytest.raises(FrameworkSyntaxError, match="duplicate key 'ic/B1'"):
        loads(MINIMAL + "  ic/B1: {title: Again}\n")


def test_band_cycle_is_an_error() -> None:
    text = MINIMAL.replace(
        "bands: [B1, B2, B3]", "bands: {B1: {above: B3}, B2: {above: B1}, B3: {above: B2}}"
    )
    with pytest.raises(FrameworkValidationError, match="cycle"):
        loads(text)


def test_competency_cycle_is_an_error() -> None:
    text = MINIMAL + ("competencies:\n  a: {parent: b}\n  b: {parent: a}\n")
    with pytest.raises(FrameworkValidationError, match="hierarchy has a cycle"):
        loads(text)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"name: \xff\xfe\n", "not UTF-8"),
        (b"- just\n- a list\n", "top level must be a mapping"),
        (b"name: [unclosed\n", "not valid YAML"),
    ],
)
def test_unusable_bytes(raw: bytes, message: str) -> None:
    with pytest.raises(FrameworkSyntaxError, match=message):
        loads(raw, "bad.yaml")


def test_size_limit(tmp_path) -> None:
    f = tmp_path / "big.yaml"
    f.write_text(MINIMAL + "#" * 2000, encoding="utf-8")
    with pytest.raises(FrameworkSyntaxError, match="limit"):
        load(f, max_bytes=1000)


def test_folder_of_files_merges(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text("name: Split\nbands: [B1, B2]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "tracks:\n  ic: {kind: specialist, from: B1, ceiling: B2}\nlevels:\n  ic/B1: {}\n",
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text("levels:\n  ic/B2: {title: Senior}\n", encoding="utf-8")
    fw = load(tmp_path)
    assert sorted(fw.levels) == ["ic/B1", "ic/B2"]
    (tmp_path / "d.yaml").write_text("levels:\n  ic/B2: {title: Again}\n", encoding="utf-8")
    with pytest.raises(FrameworkSyntaxError, match="defined again"):
        load(tmp_path)


def test_sub_levels_on_the_spine() -> None:
    text = MINIMAL.replace("bands: [B1, B2, B3]", "bands: [B1, {key: B2, sub: [B2a, B2b]}, B3]")
    text = text.replace("ic/B2: {title: Mid}", "ic/B2a: {title: Mid}\n  ic/B2b: {title: Mid+}")
    fw = loads(text)
    assert fw.spine == ("B1", "B2a", "B2b", "B3")
    assert fw.band_of["B2b"] == "B2"
    assert fw.band_rank["B2a"] == fw.band_rank["B2b"] == 1
