"""URL routes: none yet; the web rooms mount their pages and API here when they come."""

from __future__ import annotations

urlpatterns: list = []
