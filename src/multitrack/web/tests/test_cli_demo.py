"""``multitrack demo`` stores the generated organisation and summarises it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import multitrack.demo
from multitrack.cli.app import build
from multitrack.web.bootstrap import frames_from_db
from multitrack.web.testing import sample

runner = CliRunner()


@pytest.fixture
def generator(monkeypatch):
    """The sample organisation in place of the generator, recording how it was called."""
    calls = []

    def generate(people, *, seed, template):
        calls.append((people, seed, template))
        return sample.frames()

    if not hasattr(multitrack.demo, "generate"):
        monkeypatch.setattr(multitrack.demo, "generate", generate, raising=False)
        return calls
    return None


def test_demo_stores_and_summarises(db_url, generator):
    result = runner.invoke(
        build(), ["demo", "--people", "4", "--seed", "3", "--db", db_url, "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    rows = {r["frame"]: r["rows"] for r in report["tables"]["frames"]["rows"]}
    stored = frames_from_db(db_url)
    assert rows["people"] == stored.people.height
    headcount = report["tables"]["headcount"]["rows"]
    employed = stored.people.filter(stored.people["exit_date"].is_null()).height
    assert sum(r["total"] for r in headcount) == employed
    if generator is not None:
        assert generator == [(4, 3, "starter")]
        top = headcount[0]
        assert top["band"] == "B8" and top["management"] == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--people", "0"], "--people must be between"),
        (["--template", "nope"], "unknown template"),
        (["--db", "mysql://x/y"], "unsupported database"),
    ],
)
def test_demo_refuses_unusable_input(args, message, sqlite_url):
    result = runner.invoke(build(), ["demo", *args])
    assert result.exit_code == 2
    assert message in result.stderr
