"""Multitrack: design, run and audit multi-track career models."""

__version__ = "0.1.0"
