"""EVP rules: each track's inducements balance its contributions, and tracks offer alike."""

from __future__ import annotations

from collections.abc import Iterator
from statistics import fmean

from multitrack.core.lint.base import Hit, Option, rule
from multitrack.core.lint.context import Context, listing
from multitrack.core.model import EVP, Contributions, Inducements


def _scores(part: Inducements | Contributions) -> dict[str, float]:
    return {k: v for k, v in part.model_dump().items() if v is not None}


def _means(evp: EVP) -> tuple[float | None, float | None]:
    ind, con = _scores(evp.inducements), _scores(evp.contributions)
    return (fmean(ind.values()) if ind else None, fmean(con.values()) if con else None)


@rule(
    "MT022",
    "evp-imbalance",
    "warning",
    "A track's inducements and contributions differ on average by more than the tolerance.",
    "rebalance what the track offers against what it asks (evp.<track>)",
    (Option("evp_tolerance", 1.0, "largest gap in mean score (0–5) within a track", maximum=5),),
)
def evp_imbalance(ctx: Context) -> Iterator[Hit]:
    tol = ctx.opt("evp_tolerance")
    for key, evp in ctx.fw.evp.items():
        offer, ask = _means(evp)
        if offer is None or ask is None or abs(offer - ask) <= tol:
            continue
        more = "asks more than it offers" if ask > offer else "offers more than it asks"
        yield Hit(
            ("evp", key),
            f"'{key}' {more}: inducements {offer:.1f} against contributions {ask:.1f} "
            f"(tolerance {tol:g})",
        )


@rule(
    "MT023",
    "evp-unequal-tracks",
    "warning",
    "Tracks' mean inducements differ by more than the tolerance: one track offers less.",
    "raise what the weaker track offers (evp.<track>.inducements), so that it is a real choice",
    (
        Option(
            "evp_track_tolerance", 1.0, "largest gap in mean inducements between tracks", maximum=5
        ),
    ),
)
def evp_unequal_tracks(ctx: Context) -> Iterator[Hit]:
    tol = ctx.opt("evp_track_tolerance")
    offers = {k: _means(e)[0] for k, e in ctx.fw.evp.items()}
    stated = {k: v for k, v in offers.items() if v is not None}
    if len(stated) < 2:
        return
    best = max(stated, key=stated.__getitem__)
    for key, offer in stated.items():
        if stated[best] - offer > tol:
            yield Hit(
                ("evp", key, "inducements"),
                f"'{key}' offers {offer:.1f} on average against {stated[best]:.1f} on '{best}' "
                f"(tolerance {tol:g})",
            )


@rule(
    "MT024",
    "evp-incomplete",
    "info",
    "A track has no EVP while others do, or its EVP leaves scores out.",
    "score all five inducements and six contributions under evp.<track>",
)
def evp_incomplete(ctx: Context) -> Iterator[Hit]:
    fw = ctx.fw
    if not fw.evp:
        return
    for key in fw.tracks:
        evp = fw.evp.get(key)
        if evp is None:
            yield Hit(("tracks", key), f"'{key}' has no EVP while other tracks do")
            continue
        missing = [
            name
            for part in (evp.inducements, evp.contributions)
            for name, v in part.model_dump().items()
            if v is None
        ]
        if missing:
            yield Hit(("evp", key), f"the EVP of '{key}' does not score {listing(missing)}")
