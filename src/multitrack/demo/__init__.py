"""The seeded demo-organisation generator (frames out, 50 to 1,000,000 people).

``generate(1000, seed=1)`` returns a :class:`~multitrack.analytics.frames.Frames` with a
realistic organisation on a shipped template: a reporting tree, five years of effective-dated
history, pay, assessments, workgroups, projects and development, all deterministic for a seed.
:class:`Knobs` holds the ground truth the analyses should find again (``docs/demo.md``).
"""

from multitrack.demo.generate import generate
from multitrack.demo.knobs import Knobs

__all__ = ["Knobs", "generate"]
