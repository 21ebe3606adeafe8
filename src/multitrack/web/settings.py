"""Django settings, all from the environment (see ``.env.example`` and ``docs/storage.md``)."""

from __future__ import annotations

import os

from multitrack.web.config import database_settings, database_url

SECRET_KEY = os.environ.get("MULTITRACK_SECRET_KEY", "dev-only-not-secret")
DEBUG = os.environ.get("MULTITRACK_DEBUG", "").lower() in ("1", "true", "yes")
ALLOWED_HOSTS = [h for h in os.environ.get("MULTITRACK_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "multitrack.web.common",
    "multitrack.web.frameworks",
    "multitrack.web.people",
    "multitrack.web.assessments",
    "multitrack.web.workgroups",
    "multitrack.web.projects",
    "multitrack.web.development",
    "multitrack.web.careers",
]

DATABASES = {"default": database_settings(database_url())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "multitrack.web.urls"
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
MIGRATION_MODULES: dict[str, str] = {}
LOGGING = {"version": 1, "disable_existing_loggers": False}
