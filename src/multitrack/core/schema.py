"""The JSON Schema of the framework file format, for editors and CI validation."""

from __future__ import annotations

import copy
from typing import Any

from multitrack.core.model import Framework

__all__ = ["json_schema"]

# objects whose key comes from the mapping they sit in, never from their body
_KEYED = (
    "Family",
    "Zone",
    "Scale",
    "Area",
    "Competency",
    "Track",
    "Level",
    "EVP",
    "ExternalMapping",
)
# objects that may also be written as a plain string (or list, for scales)
_SHORTHAND = {
    "Band": {"type": ["string", "number"]},
    "Step": {"type": "string"},
    "MappingEntry": {"type": ["string", "number"]},
}


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one framework file, shorthands included."""
    schema = copy.deepcopy(Framework.model_json_schema(by_alias=True, mode="validation"))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://multitrack.dev/schema/framework-1.json"
    schema["title"] = "Multitrack career framework"
    defs = schema.get("$defs", {})
    for name in _KEYED:
        if name in defs:
            defs[name]["properties"].pop("key", None)
    for name, alt in _SHORTHAND.items():
        if name in defs:
            defs[name] = {"anyOf": [defs[name], alt]}
    if "Scale" in defs:
        defs["Scale"] = {
            "anyOf": [defs["Scale"], {"type": "array", "items": {"$ref": "#/$defs/Step"}}]
        }
    props = schema["properties"]
    props["bands"] = {
        "anyOf": [
            props["bands"],
            {"type": "object", "additionalProperties": {"type": ["object", "null"]}},
        ]
    }
    for section in ("families", "zones"):
        props[section] = {"anyOf": [props[section], {"type": "array", "items": {"type": "string"}}]}
    return schema
