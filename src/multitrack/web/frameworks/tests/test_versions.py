"""Drafts change, published versions never do; YAML out and back gives the same model."""

from __future__ import annotations

import pytest

from multitrack.core import dumps, load, loads
from multitrack.core.templates import path
from multitrack.web.common.errors import NotFound, Refused
from multitrack.web.frameworks.actions import (
    do_publish_framework_version,
    do_save_framework_draft,
    do_store_published_framework,
)
from multitrack.web.frameworks.models import FrameworkVersion
from multitrack.web.frameworks.queries import find_version, framework_of


@pytest.fixture
def starter():
    return load(path("starter"))


def test_a_draft_changes_until_published_then_never(db_url, starter):
    draft = do_save_framework_draft(starter)
    changed = starter.model_copy(update={"description": "edited while a draft"})
    do_save_framework_draft(changed)
    assert framework_of(find_version(starter.name, starter.version)).description == (
        "edited while a draft"
    )
    do_publish_framework_version(starter.name, starter.version)
    with pytest.raises(Refused, match="is published and cannot change"):
        do_save_framework_draft(starter)
    with pytest.raises(Refused, match="already published"):
        do_publish_framework_version(starter.name, starter.version)
    stored = FrameworkVersion.objects.get(pk=draft.pk)
    assert stored.is_published and "edited while a draft" in stored.source


def test_yaml_export_reloads_to_the_same_model(db_url, starter):
    version = do_store_published_framework(starter)
    assert framework_of(version) == starter
    assert loads(version.source) == starter
    assert loads(dumps(framework_of(version))) == starter


def test_storing_the_same_published_version_reuses_it_and_a_clash_is_refused(db_url, starter):
    first = do_store_published_framework(starter)
    assert do_store_published_framework(starter).pk == first.pk
    other = starter.model_copy(update={"description": "different"})
    with pytest.raises(Refused, match="published with different content"):
        do_store_published_framework(other)


def test_unknown_versions_are_named(db_url):
    with pytest.raises(NotFound, match="no stored framework nope@9"):
        find_version("nope", "9")
