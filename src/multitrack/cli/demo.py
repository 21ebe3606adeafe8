"""Commands of this group (not yet written)."""

from __future__ import annotations

import typer


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to ``app`` or to one of ``groups``."""
