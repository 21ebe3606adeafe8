"""People, their pay and history, the organisation, exchange rates and demographics.

Column names follow the analytics frames (``analytics/frames.py``) so that frames read and
write with one query per table; ``docs/data-model.md`` documents each column.
"""

from __future__ import annotations

import secrets

from django.db import models

MONEY = {"max_digits": 16, "decimal_places": 2}


def _salt() -> str:
    return secrets.token_hex(32)


class Organisation(models.Model):
    """The one organisation this database holds: currency, framework in force, secrets."""

    name = models.CharField(max_length=200, default="")
    currency = models.CharField(max_length=3, default="EUR")
    full_time_hours = models.FloatField(default=40.0, help_text="hours per week at FTE 1")
    framework = models.ForeignKey(
        "frameworks.FrameworkVersion", null=True, blank=True, on_delete=models.PROTECT
    )
    as_of = models.DateField(null=True, blank=True, help_text="date of the data snapshot")
    pseudonym_salt = models.CharField(max_length=64, default=_salt, editable=False)

    def __str__(self) -> str:
        return self.name or "organisation"


class Person(models.Model):
    """Someone ever employed, with their current state (derivable from their events)."""

    class ExitReason(models.TextChoices):
        VOLUNTARY = "voluntary"
        INVOLUNTARY = "involuntary"

    person_id = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=200, blank=True, default="")
    email = models.CharField(max_length=254, blank=True, null=True)
    family = models.CharField(max_length=100, null=True, blank=True)
    zone = models.CharField(max_length=100, null=True, blank=True)
    track = models.CharField(max_length=100, null=True, blank=True)
    band = models.CharField(max_length=100, null=True, blank=True)
    level = models.CharField(max_length=200, null=True, blank=True)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    hire_date = models.DateField(null=True, blank=True)
    level_since = models.DateField(null=True, blank=True)
    exit_date = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(max_length=20, choices=ExitReason.choices, null=True, blank=True)
    regretted = models.BooleanField(null=True, blank=True)
    aspiration = models.CharField(max_length=100, null=True, blank=True)
    rating = models.FloatField(null=True, blank=True)
    fte = models.FloatField(null=True, blank=True)
    pay_annual_fte = models.FloatField(null=True, blank=True)
    variable_annual = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return self.person_id


class PayRecord(models.Model):
    """Pay as given by the HRIS, one row per change: base and variable, currency, period."""

    class Period(models.TextChoices):
        YEAR = "year"
        MONTH = "month"
        HOUR = "hour"

    # no index of its own: pay_person_date (person, effective_date) serves person lookups
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pay", db_index=False)
    effective_date = models.DateField()
    base = models.DecimalField(**MONEY)
    variable = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3)
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.YEAR)
    fte = models.FloatField(null=True, blank=True)
    hours_per_week = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(base__gte=0), name="pay_base_not_negative")
        ]
        indexes = [models.Index(fields=("person", "effective_date"), name="pay_person_date")]


class HistoryEvent(models.Model):
    """An effective-dated event: hire, promotion, crossover, pay, manager, rating, exit…"""

    # no index of its own: event_person_date (person, date) serves person lookups
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    date = models.DateField()
    kind = models.CharField(max_length=20)
    from_track = models.CharField(max_length=100, null=True, blank=True)
    from_band = models.CharField(max_length=100, null=True, blank=True)
    to_track = models.CharField(max_length=100, null=True, blank=True)
    to_band = models.CharField(max_length=100, null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    detail = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=("person", "date"), name="event_person_date")]


class FxRate(models.Model):
    """An exchange rate the organisation supplies: org-currency units per one ``currency``."""

    currency = models.CharField(max_length=3)
    date = models.DateField()
    rate = models.DecimalField(max_digits=20, decimal_places=10)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("currency", "date"), name="fx_currency_date"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="fx_rate_positive"),
        ]


class DemographicField(models.Model):
    """An optional demographic field, with the basis on which it was collected.

    Used only for equity analysis; scores about individuals never read it.
    """

    key = models.CharField(max_length=100, primary_key=True, help_text="frame column demo_<key>")
    basis = models.CharField(max_length=300, help_text="e.g. voluntary self-declaration")
    dtype = models.CharField(max_length=20, default="String", help_text="polars dtype name")
    description = models.TextField(blank=True, default="")
    position = models.SmallIntegerField(default=0, help_text="column order in the frame")


class Demographic(models.Model):
    """One person's value for one demographic field."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="demographics")
    field = models.ForeignKey(DemographicField, on_delete=models.CASCADE)
    value = models.CharField(max_length=200)
    collected_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("person", "field"), name="demographic_person_field")
        ]


class ErasedTally(models.Model):
    """Anonymised aggregate kept when a person is erased: a count, never an identity."""

    family = models.CharField(max_length=100, null=True, blank=True)
    track = models.CharField(max_length=100, null=True, blank=True)
    band = models.CharField(max_length=100, null=True, blank=True)
    hire_year = models.IntegerField(null=True, blank=True)
    exit_year = models.IntegerField(null=True, blank=True)
    exit_reason = models.CharField(max_length=20, null=True, blank=True)
    count = models.IntegerField(default=0)
