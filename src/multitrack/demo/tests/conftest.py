"""Demo organisations shared by the tests (each generated once per session)."""

from __future__ import annotations

from functools import cache

import pytest

from multitrack.analytics.frames import Frames
from multitrack.core.templates import names
from multitrack.demo import generate
from multitrack.demo.tests.frameworks import ODD, odd

SIZES = (50, 1_000, 20_000)


@cache
def org(people: int, seed: int = 7, template: str = "starter") -> Frames:
    fw = odd(template) if template in ODD else template
    return generate(people, seed=seed, template=fw)


# every size on the starter; every other shipped template and the odd frameworks at 600
CASES = (
    [(n, "starter") for n in SIZES]
    + [(600, name) for name in names() if name != "starter"]
    + [(600, name) for name in ODD]
)


@pytest.fixture(params=CASES, ids=[f"{t}-{n}" for n, t in CASES])
def any_org(request) -> Frames:
    n, template = request.param
    return org(n, template=template)


@pytest.fixture
def big_org() -> Frames:
    return org(20_000)
