"""Bulk storage of whole frames and reading them back: one query per table, no ORM objects.

PostgreSQL writes with ``COPY``, SQLite with ``executemany`` in one transaction; reads go
straight into polars. Row-by-row writes (one person, one pay change) stay in the rooms'
``actions.py``.
"""
