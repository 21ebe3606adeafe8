"""Saved development plans and their progress (issue 8): the careers room."""
