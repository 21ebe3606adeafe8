"""Errors raised by actions: each carries a message fit to show a person."""

from __future__ import annotations


class StorageError(Exception):
    """A write was refused or a read found no usable data; nothing was changed."""


class NotFound(StorageError):
    """The named object is not stored (or, later, not visible to the user)."""


class Refused(StorageError):
    """The action is not allowed on this object (e.g. changing a published version)."""


class Invalid(StorageError):
    """The values given do not pass validation (the message names the field and why)."""
