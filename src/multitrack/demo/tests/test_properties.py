"""Properties over random sizes, seeds, windows and frameworks (hypothesis)."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multitrack.core.templates import names
from multitrack.demo import generate
from multitrack.demo.tests.frameworks import ODD, odd
from multitrack.demo.tests.replay import broken_chains, replay

TEMPLATES = [*names(), *ODD]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.integers(1, 150),
    seed=st.integers(0, 2**31 - 1),
    years=st.integers(1, 6),
    template=st.sampled_from(TEMPLATES),
)
def test_any_small_organisation_is_consistent(people, seed, years, template) -> None:
    fw = odd(template) if template in ODD else template
    frames = generate(people, seed=seed, years=years, template=fw)
    current = frames.people.filter(pl.col("exit_date").is_null())
    assert current.height == people
    assert current["manager_id"].null_count() == 1  # one top, everyone else has a manager
    assert current["manager_id"].drop_nulls().is_in(current["person_id"].implode()).all()
    got = replay(frames.events).join(frames.people, on="person_id", suffix="_now")
    assert (got["track"] == got["track_now"]).all() and (got["band"] == got["band_now"]).all()
    assert got.filter(pl.col("manager_id").ne_missing(pl.col("manager_id_now"))).height == 0
    assert broken_chains(frames.events).height == 0
