"""Writing the audit trail: called by every action inside its transaction."""

from __future__ import annotations

from multitrack.web.common.models import AuditEntry


def record(action: str, subject: str = "", detail: str = "", actor: str = "cli") -> AuditEntry:
    """Add one audit entry (inside the caller's transaction, so it rolls back with it)."""
    return AuditEntry.objects.create(
        action=action, subject=subject[:200], detail=detail, actor=actor[:200]
    )
