"""Demo organisations shared by the tests (each size generated once per session)."""

from __future__ import annotations

from functools import cache

import pytest

from multitrack.analytics.frames import Frames
from multitrack.demo import generate

SIZES = (50, 1_000, 20_000)


@cache
def org(people: int, seed: int = 7) -> Frames:
    return generate(people, seed=seed)


@pytest.fixture(params=SIZES, ids=[f"n{n}" for n in SIZES])
def any_org(request) -> Frames:
    return org(request.param)


@pytest.fixture
def big_org() -> Frames:
    return org(20_000)
