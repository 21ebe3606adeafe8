"""The audit trail every action writes to."""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    """One action taken on stored data: who, what, on which subject, with a short summary.

    Bulk actions (an import, a demo build) write one entry with counts, not one per row.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.CharField(max_length=200, default="cli")
    action = models.CharField(max_length=100)
    subject = models.CharField(max_length=200, blank=True, default="", db_index=True)
    detail = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("id",)
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject}"
