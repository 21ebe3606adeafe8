"""Workgroups and memberships."""

from __future__ import annotations

from django.db import models


class Workgroup(models.Model):
    """A standing group (committee, guild, taskforce); cross-functional ones matter for access."""

    workgroup_id = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(max_length=200, blank=True, default="")
    cross_functional = models.BooleanField(default=False)


class Membership(models.Model):
    """A person's membership of a workgroup over a period."""

    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="memberships"
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
