"""Read helpers of the people room, returning plain data (not for user-facing lists)."""

from __future__ import annotations

import polars as pl

from multitrack.core import Framework
from multitrack.web.common.errors import StorageError
from multitrack.web.people.models import FxRate, Organisation
from multitrack.web.people.pay import FX_SCHEMA


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


def stored_framework() -> Framework:
    """The framework version in force, as a model (parsed once per stored version).

    Raises StorageError when none is stored.
    """
    from multitrack.web.frameworks.queries import framework_of

    org, _ = organisation_framework()
    return framework_of(org.framework)


def fx_rates() -> pl.DataFrame:
    """The organisation's exchange rates: currency, date, rate (org units per unit)."""
    rows = list(FxRate.objects.values_list("currency", "date", "rate"))
    return pl.DataFrame([(c, d, float(r)) for c, d, r in rows], schema=FX_SCHEMA, orient="row")
