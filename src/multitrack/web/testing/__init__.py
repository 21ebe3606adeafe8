"""Test support for the web layer: database fixtures on SQLite and PostgreSQL, sample data."""
