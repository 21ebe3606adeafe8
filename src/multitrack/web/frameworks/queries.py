"""Read helpers of the frameworks room."""

from __future__ import annotations

from functools import lru_cache

from multitrack.core import Framework, FrameworkError, loads
from multitrack.web.common.errors import NotFound, StorageError
from multitrack.web.frameworks.models import FrameworkVersion


def find_version(name: str, version: str | None = None) -> FrameworkVersion:
    """A stored version by name (latest stored when ``version`` is None).

    Raises NotFound naming what was asked for.
    """
    rows = FrameworkVersion.objects.filter(name=name)
    found = rows.filter(version=version).first() if version else rows.order_by("-id").first()
    if found is None:
        raise NotFound(f"no stored framework {name}{'@' + version if version else ''}")
    return found


def framework_of(version: FrameworkVersion) -> Framework:
    """The stored version as a model: the same model that was saved.

    Raises StorageError if the stored text no longer loads (it was validated on save).
    """
    try:
        return _parsed(version.pk, version.source, version.label)
    except FrameworkError as exc:
        raise StorageError(f"stored framework {version.label} no longer loads: {exc}") from None


@lru_cache(maxsize=8)
def _parsed(pk: int, source: str, label: str) -> Framework:
    """Parsing is the slow part; a stored text never changes once published."""
    return loads(source, name=label)
