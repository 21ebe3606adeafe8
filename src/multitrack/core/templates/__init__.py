"""Frameworks shipped with the package, to start from or to learn the format."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["TemplateInfo", "catalogue", "names", "path", "resolve"]


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


@dataclass(frozen=True)
class TemplateInfo:
    """What a person choosing a template needs to see."""

    name: str
    title: str
    description: str
    tracks: int
    bands: int
    levels: int
    families: int

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def catalogue() -> list[TemplateInfo]:
    """Every shipped template, loaded (so a broken one fails here, not in a user's hands)."""
    from multitrack.core.io import load

    out = []
    for name in names():
        fw = load(path(name))
        out.append(
            TemplateInfo(
                name=name,
                title=fw.name,
                description=" ".join(fw.description.split()),
                tracks=len(fw.tracks),
                bands=len(fw.bands),
                levels=len(fw.levels),
                families=len(fw.families),
            )
        )
    return out
