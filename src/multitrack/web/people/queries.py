"""Read helpers of the people room, returning plain data (not for user-facing lists)."""

from __future__ import annotations

from multitrack.web.common.errors import StorageError
from multitrack.web.people.models import Organisation


def organisation() -> Organisation:
    """The organisation row, created on first use."""
    org = Organisation.objects.order_by("id").first()
    return org or Organisation.objects.create()


def organisation_framework() -> tuple[Organisation, str]:
    """The organisation and the YAML of the framework version in force.

    Raises StorageError when no framework has been stored yet.
    """
    org = Organisation.objects.select_related("framework").order_by("id").first()
    if org is None or org.framework is None:
        from django.db import connection

        where = connection.settings_dict.get("NAME")
        raise StorageError(
            f"no organisation stored in {where}; run 'multitrack demo' or import one first"
        )
    return org, org.framework.source
