"""Writes of the frameworks room: drafts change, published versions never do."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from multitrack.core import Framework, dumps, loads
from multitrack.web.common import audit
from multitrack.web.common.errors import NotFound, Refused
from multitrack.web.frameworks.models import FrameworkVersion


def _source(framework: Framework | str) -> tuple[Framework, str]:
    """The model and its canonical YAML; YAML text is parsed (and so validated) first.

    Raises FrameworkError for text that is not a valid framework.
    """
    fw = loads(framework, name="framework") if isinstance(framework, str) else framework
    return fw, dumps(fw)


@transaction.atomic
def do_save_framework_draft(framework: Framework | str, actor: str = "cli") -> FrameworkVersion:
    """Create the draft ``name@version`` or replace its content.

    Raises Refused when that version is already published, FrameworkError for invalid YAML.
    """
    fw, source = _source(framework)
    version = (
        FrameworkVersion.objects.select_for_update()
        .filter(name=fw.name, version=fw.version)
        .first()
    )
    if version is None:
        version = FrameworkVersion(name=fw.name, version=fw.version)
    elif version.is_published:
        raise Refused(
            f"framework {version.label} is published and cannot change; save it as a new version"
        )
    version.source, version.effective = source, fw.effective
    version.full_clean()
    version.save()
    audit.record("save_framework_draft", version.label, actor=actor)
    return version


@transaction.atomic
def do_publish_framework_version(name: str, version: str, actor: str = "cli") -> FrameworkVersion:
    """Publish a draft; from now on it never changes.

    Raises NotFound for an unknown version, Refused when it is already published.
    """
    found = FrameworkVersion.objects.select_for_update().filter(name=name, version=version).first()
    if found is None:
        raise NotFound(f"no stored framework {name}@{version}")
    if found.is_published:
        raise Refused(f"framework {found.label} is already published")
    found.status, found.published_at = FrameworkVersion.Status.PUBLISHED, timezone.now()
    found.save(update_fields=("status", "published_at"))
    audit.record("publish_framework_version", found.label, actor=actor)
    return found


@transaction.atomic
def do_store_published_framework(framework: Framework, actor: str = "cli") -> FrameworkVersion:
    """The published version holding exactly ``framework``, stored and published if new.

    Raises Refused when ``name@version`` is published with different content.
    """
    fw, source = _source(framework)
    found = FrameworkVersion.objects.filter(name=fw.name, version=fw.version).first()
    if found is not None and found.is_published:
        if found.source != source:
            raise Refused(
                f"framework {found.label} is published with different content; "
                "give the new content a new version"
            )
        return found
    do_save_framework_draft(fw, actor=actor)
    return do_publish_framework_version(fw.name, fw.version, actor=actor)
