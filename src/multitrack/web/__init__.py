"""The Django project: storage on SQLite or PostgreSQL, imports, and (to come) the web UI.

Only this package imports Django. Start it with :func:`multitrack.web.bootstrap.setup`.
"""
