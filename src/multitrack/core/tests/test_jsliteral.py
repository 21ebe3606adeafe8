"""The tolerant JavaScript literal reader: syntax variations, code skipped, never evaluated."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multitrack.core import ConversionError
from multitrack.core.convert.jsliteral import parse_module, tokenize


def test_flow_module_literals_and_code() -> None:
    src = """// @flow
import * as d3 from 'd3'
export type Milestone = 0 | 1 | 2
type Exact = {| 'A': number, |}
export const a: Array<{x: number}> = [{x: 1}, {x: -2.5e1,},]  // trailing commas
const b = { 'q': "double", s: 'single', t: `back
tick`, "n": null, u: undefined, yes: true }
let c = 'con' + "cat" + 3
export const d = (a: Milestone): number => { switch (a) { case 0: return 0
  case 1: return 10 } }
export const e = Object.keys(b)
var f = /a'b/g
export const g = { a, ref: c } /* references to earlier literals */
module.exports.h = [0x10, 1_000, .5]
export default { last: 1 }
"""
    mod = parse_module(src, "m.js")
    assert mod.values["a"] == [{"x": 1}, {"x": -25.0}]
    assert mod.values["b"] == {
        "q": "double", "s": "single", "t": "back\ntick", "n": None, "u": None, "yes": True
    }  # fmt: skip
    assert mod.values["c"] == "concat3"
    assert mod.values["g"] == {"a": [{"x": 1}, {"x": -25.0}], "ref": "concat3"}
    assert mod.values["h"] == [16, 1000, 0.5]
    assert mod.values["default"] == {"last": 1}
    assert {"d", "e", "f"} <= set(mod.code)  # code, not data
    assert "Milestone" not in mod.values and "Exact" not in mod.values
    assert mod.switch_map("d") == {0: 0, 1: 10}


def test_typescript_casts_and_flow_casts() -> None:
    mod = parse_module("export const x = ({a: 1}: Foo)\nexport const y = [1, 2] as const\n")
    assert mod.values == {"x": {"a": 1}, "y": [1, 2]}


def test_escapes() -> None:
    mod = parse_module(r"const s = 'it\'s \u00e9\x41\n' + `tab\t`")
    assert mod.values["s"] == "it's éA\ntab\t"


def test_template_substitution_is_code() -> None:
    mod = parse_module("const n = 1\nconst s = `a ${n}`\n")
    assert "s" in mod.code and mod.values == {"n": 1}


@pytest.mark.parametrize(
    ("src", "where"),
    [("const a = 'open\n", "x.js:1:11"), ("const a = 1 /* never", "x.js:1:13"), ("a = #", None)],
)
def test_bad_text_names_the_place(src: str, where: str | None) -> None:
    if where is None:  # '#' is a punctuator (private fields): not an error, just code
        assert "a" in parse_module(src, "x.js").code
        return
    with pytest.raises(ConversionError, match=where):
        tokenize(src, "x.js")


# ------------------------------------------------------------------ property: JSON as JS

_keys = st.text(string.ascii_letters + "_", min_size=1, max_size=8)
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda f: round(f, 3))
    | st.text(max_size=20)
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


def _render(value, style: dict) -> str:
    """Write ``value`` as a JS literal in one of many forms a person might use."""
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            key = k if style["bare"] else (f"'{k}'" if style["single"] else json.dumps(k))
            parts.append(f"{key}: {_render(v, style)}")
        tail = "," if style["trailing"] and parts else ""
        sep = ", /* c */ " if style["comments"] else ", "
        return "{" + sep.join(parts) + tail + "}"
    if isinstance(value, list):
        tail = "," if style["trailing"] and value else ""
        return "[\n" + ",\n".join(_render(v, style) for v in value) + tail + "\n]"
    if isinstance(value, str):
        if style["single"]:
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"
        return json.dumps(value)
    if value is None:
        return "undefined" if style["bare"] else "null"
    return json.dumps(value)


@settings(max_examples=150, deadline=None)
@given(
    _values,
    st.fixed_dictionaries(
        {k: st.booleans() for k in ("bare", "single", "trailing", "comments", "typed")}
    ),
)
def test_any_json_written_as_js_reads_back(value, style) -> None:
    annotation = ": {[string]: mixed}" if style["typed"] else ""
    src = (
        f"// data\nexport const DATA{annotation} = {_render(value, style)}\nexport const X = f()\n"
    )
    mod = parse_module(src, "p.js")
    assert mod.values["DATA"] == value
    assert "X" in mod.code
