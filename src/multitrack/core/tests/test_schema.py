"""The JSON Schema that editors use accepts the shipped frameworks and rejects broken ones."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from multitrack.cli.app import build
from multitrack.core.schema import json_schema
from multitrack.core.templates import names, path


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    # the schema as `multitrack schema` prints it, not as the library builds it
    result = CliRunner().invoke(build(), ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _data(name: str) -> dict:
    # JSON's view of the file: dates as text, as an editor's YAML plugin sees them
    return json.loads(json.dumps(yaml.safe_load(path(name).read_text("utf-8")), default=str))


@pytest.mark.parametrize("name", names())
def test_schema_accepts_shipped_templates(validator, name: str) -> None:
    errors = [e.message for e in validator.iter_errors(_data(name))]
    assert errors == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["tracks"]["specialist"].update(kind="wizard"), "kind"),
        (lambda d: d["levels"]["specialist/B1"].update(typical_years=-1), "typical_years"),
        (lambda d: d.update(colour="blue"), "colour"),
        (lambda d: d["pay"]["ranges"].append({"band": "B1", "max": 3}), "min"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(validator, change, where: str) -> None:
    data = _data("starter")
    change(data)
    errors = list(validator.iter_errors(data))
    assert errors and any(where in (e.message + str(list(e.absolute_path))) for e in errors)
