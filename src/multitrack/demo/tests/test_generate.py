"""The contract: validated frames, the framework and snapshot date, determinism."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from multitrack.analytics.frames import SCHEMAS, validate, write_frames
from multitrack.core import load
from multitrack.core.templates import names, path
from multitrack.demo import Knobs, generate
from multitrack.demo.tests.conftest import org
from multitrack.demo.tests.frameworks import ODD, odd


def test_every_frame_validates_with_its_documented_dtypes(any_org) -> None:
    for name, frame in any_org.items():
        checked = validate(name, frame)
        assert dict(checked.schema).items() >= dict(SCHEMAS[name]).items()
        assert frame.schema == checked.schema


def test_snapshot_and_framework(any_org) -> None:
    assert any_org.as_of == "2026-06-30"
    given = [load(path(name)) for name in names()] + [odd(name) for name in ODD]
    assert any_org.framework in given


@pytest.mark.parametrize("n", [50, 1_000])
def test_the_requested_headcount_is_employed_at_the_snapshot(n) -> None:
    people = org(n).people
    assert people.filter(pl.col("exit_date").is_null()).height == n
    assert people.filter(pl.col("exit_date").is_not_null()).height > 0


def test_same_seed_same_bytes(tmp_path) -> None:
    a = write_frames(generate(300, seed=3), tmp_path / "a")
    b = write_frames(generate(300, seed=3), tmp_path / "b")
    for name in SCHEMAS:
        assert (a / f"{name}.parquet").read_bytes() == (b / f"{name}.parquet").read_bytes(), name


def test_another_seed_another_organisation() -> None:
    a, b = generate(300, seed=3).people, generate(300, seed=4).people
    assert not a.equals(b)


def test_options_are_honoured() -> None:
    frames = generate(120, seed=1, years=2, as_of=dt.date(2025, 12, 31), knobs=Knobs(growth=0.0))
    assert frames.as_of == "2025-12-31"
    assert frames.events["date"].max() <= dt.date(2025, 12, 31)
    hires = frames.events.filter(
        (pl.col("kind") == "hire") & (pl.col("date") >= dt.date(2024, 1, 1))
    )
    exits = frames.events.filter(pl.col("kind") == "exit")
    assert hires.height == exits.height  # no growth: every hire in the window replaces a leaver


def test_progress_reports_stages_in_order_up_to_done() -> None:
    seen: list[tuple[str, float]] = []
    generate(60, seed=1, progress=lambda stage, f: seen.append((stage, f)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and seen[-1] == ("done", 1.0)
    assert {"seats", "history", "people", "events", "pay", "skills", "groups", "development"} <= {
        s for s, _ in seen
    }


def test_template_by_name_path_or_framework(tmp_path) -> None:
    fw = load(path("starter"))
    by_path = generate(40, seed=2, template=path("starter"))
    by_object = generate(40, seed=2, template=fw)
    assert by_path.people.equals(by_object.people)


@pytest.mark.parametrize("bad", [{"people": 0}, {"people": 10, "years": 0}])
def test_bad_sizes_are_refused(bad) -> None:
    with pytest.raises(ValueError, match="need people >= 1"):
        generate(**bad)


def test_knobs_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="base_attrition"):
        Knobs(base_attrition=0)
