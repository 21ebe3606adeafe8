"""export frames (plain, pseudonymised, without demographics), framework and person commands."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from multitrack.analytics.frames import read_frames
from multitrack.cli.app import build
from multitrack.core import loads
from multitrack.web.bootstrap import frames_from_db
from multitrack.web.storage.store import do_store_frames
from multitrack.web.testing import sample

runner = CliRunner()


def run(*args: str):
    return runner.invoke(build(), list(args))


@pytest.fixture
def stored(db_url):
    do_store_frames(sample.frames())
    return db_url


def test_export_frames_is_a_self_contained_folder(stored, tmp_path):
    result = run("export", "frames", "--db", stored, "--out", str(tmp_path / "f"))
    assert result.exit_code == 0, result.output
    folder = read_frames(tmp_path / "f")
    want = frames_from_db(stored)
    assert folder.framework == want.framework and folder.as_of == want.as_of
    for name, frame in want.items():
        assert getattr(folder, name).equals(frame), name


def test_pseudonymised_exports_are_stable_and_name_nobody(stored, tmp_path):
    for out in ("a", "b"):
        args = ("export", "frames", "--db", stored, "--out", str(tmp_path / out))
        assert run(*args, "--pseudonymise", "--no-demographics").exit_code == 0
    a, b = read_frames(tmp_path / "a"), read_frames(tmp_path / "b")
    assert a.people["person_id"].to_list() == b.people["person_id"].to_list()
    assert all(i.startswith("p-") for i in a.people["person_id"])
    assert not a.demographic_columns()
    assert a.people["email"].null_count() == a.people.height
    ids = set(a.people["person_id"])
    assert set(a.people["manager_id"].drop_nulls()) <= ids
    assert set(a.events["person_id"]) <= ids and set(a.pay["person_id"]) <= ids


def test_framework_round_trip_through_the_cli(stored, tmp_path):
    out = tmp_path / "fw.yaml"
    assert run("export", "framework", "--db", stored, "--out", str(out)).exit_code == 0
    assert loads(out.read_text()) == sample.frames().framework
    again = run("import", "framework", str(out), "--db", stored)
    assert again.exit_code == 0 and "(published)" in again.stdout
    text = out.read_text()
    edited = text.replace("description: ", "description: Changed. ", 1)
    assert edited != text
    out.write_text(edited)
    clash = run("import", "framework", str(out), "--db", stored)
    assert clash.exit_code == 2 and "published with different content" in clash.stderr


def test_access_request_and_erasure(stored, tmp_path):
    result = run("people", "export", "p1", "--db", stored)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["person"]["person_id"] == "p1"
    assert run("people", "erase", "p1", "--db", stored, "--yes").exit_code == 0
    assert "p1" not in frames_from_db(stored).people["person_id"].to_list()
    missing = run("people", "export", "p1", "--db", stored)
    assert missing.exit_code == 2 and "no stored person 'p1'" in missing.stderr


def test_commands_on_an_empty_database_say_so(sqlite_url, tmp_path):
    result = run("export", "frames", "--db", sqlite_url, "--out", str(tmp_path / "x"))
    assert result.exit_code == 2 and "no organisation stored" in result.stderr
    assert not (tmp_path / "x").exists()


def test_erase_without_confirmation_changes_nothing(stored):
    result = runner.invoke(build(), ["people", "erase", "em", "--db", stored], input="n\n")
    assert result.exit_code == 1
    assert "em" in frames_from_db(stored).people["person_id"].to_list()
    assert pl.Series(["em"]).is_in(frames_from_db(stored).people["person_id"].implode()).all()
