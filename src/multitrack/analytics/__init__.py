"""Analyses on documented frames; never the ORM."""
