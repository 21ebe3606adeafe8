"""Converters on generated sources: a framework or a ConversionError, never a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multitrack.core import ConversionError, dumps, loads
from multitrack.core.convert import convert

_words = st.text("abcdefghij XYZ:-*#|", min_size=0, max_size=12)
_line = st.one_of(
    st.builds(lambda d, w: "#" * d + " " + w, st.integers(1, 4), _words),
    st.builds(
        lambda c, n, w: f"## {c}{n} - {w}",
        st.sampled_from(["IC", "M", "D", "x"]),
        st.integers(0, 9),
        _words,
    ),  # fmt: skip
    st.builds(
        lambda c, n, w: f"# {c}{n} {w}", st.sampled_from(["IC", "M"]), st.integers(0, 9), _words
    ),  # fmt: skip
    st.builds(lambda w, v: f"**{w or 'L'}** {v}", _words, _words),
    st.builds(lambda w: f"- **{w or 'S'}**: thing", _words),
    st.builds(lambda n, w: f"{n}. **{w or 'S'}**: desc", st.integers(1, 5), _words),
    st.builds(lambda a, b: f"| {a} | [{b}](x.md) |", _words, _words),
    st.just("| Level | [A](a.md) |"),
    st.just("### Level 2"),
    _words,
)


def _topics(levels: list[int], crit: list[str]) -> str:
    pairs = zip(levels, crit, strict=False)
    body = "".join(f"      - level: {n}\n        criteria: [{c!r}]\n" for n, c in pairs)
    return "---\ntopics:\n  - name: t\n    content:\n" + body + "---\n"


_front = st.one_of(
    st.just(""),
    st.builds(
        _topics,
        st.lists(st.integers(1, 8), max_size=4),
        st.lists(_words, min_size=4, max_size=4),
    ),
    st.builds(lambda w: f"---\n{w}\n---\n", _words),
)
_page = st.builds(lambda f, lines: f + "\n".join(lines), _front, st.lists(_line, max_size=12))
_folder = st.dictionaries(
    st.sampled_from(["README.md", "a.md", "x.md", "ic3_x.md", "m4_y.md", "p.md"]), _page,
    min_size=1, max_size=4,
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_folder, st.sampled_from(["monzo", "ladders", "dropbox"]))
def test_markdown_sources_convert_or_say_why(files: dict[str, str], fmt: str) -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        for name, text in files.items():
            (tmp / name).write_text(text)
        try:
            result = convert(tmp, fmt, crossovers="same-band")
        except ConversionError as exc:
            assert str(exc)
            return
        assert loads(dumps(result.framework)) == result.framework
    finally:
        shutil.rmtree(tmp)


_js_value = st.recursive(
    st.one_of(st.integers(-5, 200), _words, st.none()),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["label", "minPoints", "maxPoints", "milestones",
                                       "summary", "category", "x"]), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from(["tracks", "titles", "milestoneToPoints", "pointsToLevels"]),
                       _js_value))  # fmt: skip
def test_snowflake_shapes_convert_or_say_why(data) -> None:
    import json

    tmp = Path(tempfile.mkdtemp())
    try:
        src = tmp / "constants.json"
        src.write_text(json.dumps(data))
        try:
            result = convert(src, "snowflake")
        except ConversionError as exc:
            assert str(exc)
            return
        assert loads(dumps(result.framework)) == result.framework
    finally:
        shutil.rmtree(tmp)
