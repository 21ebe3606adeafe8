"""The public API of multitrack.core is exactly its sorted __all__."""

import multitrack.core as core


def test_all_is_sorted_and_exported() -> None:
    assert core.__all__ == sorted(core.__all__)
    for name in core.__all__:
        assert hasattr(core, name), name
