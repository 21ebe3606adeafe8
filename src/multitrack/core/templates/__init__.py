"""Frameworks shipped with the package, to start from or to learn the format."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["names", "path", "resolve"]


def _folder() -> Path:
    return Path(str(resources.files(__name__)))


def names() -> list[str]:
    return sorted(p.stem for p in _folder().glob("*.yaml"))


def path(name: str) -> Path:
    """The file of template ``name``; raises KeyError if there is none."""
    candidate = _folder() / f"{name}.yaml"
    if not candidate.exists():
        raise KeyError(name)
    return candidate


def resolve(spec: str | Path) -> Path:
    """A path as given when it exists, else the shipped template of that name."""
    given = Path(spec)
    if given.exists() or str(spec) not in names():
        return given
    return path(str(spec))
