"""Every test here starts from the careers organisation stored in an empty database."""

from __future__ import annotations

import pytest

from multitrack.web.careers.tests.fixtures import clear_plans, store


@pytest.fixture
def org(db_url):
    store()
    yield db_url
    clear_plans()
