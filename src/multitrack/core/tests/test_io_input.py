"""Loader behaviour added with the health check: hostile YAML is refused with a location,
block collections are located at their key, and a band with sub-levels can carry pay."""

from __future__ import annotations

import pytest

from multitrack.core import FrameworkSyntaxError, loads
from multitrack.core.io import parse

SUBS = """\
name: T
bands: [B1, {key: B2, sub: [B2a, B2b]}]
tracks:
  ic: {kind: specialist, from: B1, ceiling: B2b}
levels: {ic/B1: {}, ic/B2a: {}, ic/B2b: {}}
pay:
  ranges:
    - {band: B2, min: 100, max: 200}
    - {band: B2b, min: 150, max: 300}
mappings: {survey: {levels: {B2: P2}}}
"""


def test_a_band_with_sub_levels_carries_pay_for_them() -> None:
    fw = loads(SUBS)
    assert fw.pay_range("B2a").band == "B2"  # falls back to its band
    assert fw.pay_range("B2b").band == "B2b"  # its own range wins
    assert fw.mappings["survey"].levels["B2"].level == "P2"


def test_block_collections_are_located_at_their_key() -> None:
    located = parse("name: T\ntracks:\n  ic:\n    kind: specialist\n", "f.yaml")
    assert located.where[("tracks",)][1:] == (2, 1)
    assert located.where[("tracks", "ic")][1:] == (3, 3)
    assert located.where[("tracks", "ic", "kind")][1:] == (4, 11)  # scalars: the value


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: &x [*x]\n", (1, 4), "refers to the value that contains it"),
        ("a: &x {b: *x}\n", (1, 4), "refers to the value that contains it"),
        ("a: " + "[" * 80 + "]" * 80 + "\n", (1, 68), "nested deeper than 64"),
        ("a: !!binary aGk=\n", (1, 4), "unsupported YAML tag !!binary"),
        ("a: !local {b: 1}\n", (1, 4), "unsupported YAML tag !local"),
        ("a: {<<: {b: 1}}\n", (1, 5), "merge keys"),
        ("? [a, b]\n: 1\n", (1, 3), "a mapping key must be a plain value"),
    ],
)
def test_hostile_yaml_is_refused_with_a_location(text: str, where: tuple, message: str) -> None:
    with pytest.raises(FrameworkSyntaxError) as info:
        parse(text, "h.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == where and message in problem.message


def test_an_alias_bomb_stops_early() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=False)
    )  # 10**9 values if expanded
    with pytest.raises(FrameworkSyntaxError, match="expand to far more values"):
        parse(text, "bomb.yaml")


def test_plain_aliases_still_work() -> None:
    data = parse("base: &e {craft: fluent}\nmore: *e\nagain: *e\n").data
    assert data["more"] == data["again"] == {"craft": "fluent"}
