"""Accidental managers: people on the management track who would rather be, or are stronger
as, specialists — each flag with the reasons behind it, for a conversation, not a verdict.

Four signals, each optional and stated:
- *aspiration*: their stated track aspiration is a non-management track;
- *leadership*: their assessed people-leadership proficiencies sit below what their level
  expects (people-leadership competencies are those in ``leadership`` areas that the
  management level expects above the specialist level of the same band, unless configured);
- *crossed*: they crossed over from a specialist track at a band where that track went
  higher, so the move was not needed to progress;
- *small team*: they manage very few people (at most ``small_team`` direct reports).
"""

from __future__ import annotations

import polars as pl

from multitrack.analytics.careers.profiles import assessed_profiles
from multitrack.analytics.frames import Frames
from multitrack.core import Framework

__all__ = ["accidental_managers", "leadership_competencies"]


def _kind(fw: Framework, track: str | None) -> str | None:
    t = fw.tracks.get(track) if track else None
    return t.kind.value if t else None


def leadership_competencies(fw: Framework, band: str) -> list[str]:
    """People-leadership competencies at ``band``: leadership areas, expected more of managers."""
    mgmt = [k for k, t in fw.tracks.items() if t.kind.value == "management"]
    others = [k for k, t in fw.tracks.items() if t.kind.value != "management"]
    out: set[str] = set()
    for m in mgmt:
        lv = fw.level(m, band)
        if lv is None:
            continue
        for comp, step in lv.expects.items():
            c = fw.competencies.get(comp)
            area = fw.areas.get(c.area) if c and c.area else None
            if area is None or area.kind != "leadership":
                continue
            need = fw.scale_of(comp).index(step)
            peers = [fw.level(o, band) for o in others]
            peer_need = max(
                (
                    fw.scale_of(comp).index(p.expects[comp])
                    for p in peers
                    if p and comp in p.expects
                ),
                default=0,
            )
            if need > peer_need:
                out.add(comp)
    return sorted(out)


def _leadership_shortfalls(frames: Frames, managers: pl.DataFrame, chosen) -> pl.DataFrame:
    fw = frames.framework
    rows = []
    for band in managers["band"].unique().to_list():
        comps = list(chosen) if chosen is not None else leadership_competencies(fw, band)
        for track in managers.filter(pl.col("band") == band)["track"].unique().to_list():
            lv = fw.level(track, band)
            if lv is None:
                continue
            for comp in comps:
                if comp in lv.expects:
                    rows.append((track, band, comp, fw.scale_of(comp).index(lv.expects[comp])))
    if not rows:
        return pl.DataFrame(schema={"person_id": pl.String, "leadership": pl.String})
    need = pl.DataFrame(rows, schema=["track", "band", "competency", "expected"], orient="row")
    profiles = assessed_profiles(frames.assessments)
    gaps = (
        managers.select("person_id", "track", "band")
        .join(need, on=["track", "band"])
        .join(profiles, on=["person_id", "competency"], how="inner")
        .filter(pl.col("assessed") < pl.col("expected"))
    )
    return gaps.group_by("person_id").agg(
        pl.format(
            "{} assessed {} of {} expected",
            "competency",
            pl.col("assessed").round(1),
            "expected",
        )
        .sort()
        .str.join("; ")
        .alias("leadership")
    )


def _crossings(frames: Frames, managers: pl.DataFrame) -> pl.DataFrame:
    fw = frames.framework
    rank = dict(fw.band_rank)
    ceilings = {k: rank[t.ceiling] for k, t in fw.tracks.items()}
    ev = frames.events.filter(
        (pl.col("kind") == "crossover") & pl.col("person_id").is_in(managers["person_id"].implode())
    )
    rows = []
    for r in ev.sort("date").iter_rows(named=True):  # crossovers are few
        src, band = r["from_track"], r["from_band"]
        if _kind(fw, src) == "management" or _kind(fw, r["to_track"]) != "management":
            continue
        if src in ceilings and band in rank and ceilings[src] > rank[band]:
            rows.append(
                (
                    r["person_id"],
                    f"crossed from {src} at {band} on {r['date']}; {src} goes up to "
                    f"{fw.tracks[src].ceiling}",
                )
            )
    if not rows:
        return pl.DataFrame(schema={"person_id": pl.String, "crossed": pl.String})
    out = pl.DataFrame(rows, schema=["person_id", "crossed"], orient="row")
    return out.group_by("person_id").agg(pl.col("crossed").last())


def accidental_managers(
    frames: Frames,
    org: pl.DataFrame,
    *,
    small_team: int = 2,
    competencies: list[str] | None = None,
) -> pl.DataFrame:
    """Management-track people with at least one signal, and every reason in words.

    ``org`` is the structure's people frame with ``span`` (see ``spans.org_frame``).
    """
    fw = frames.framework
    mgmt_tracks = [k for k, t in fw.tracks.items() if t.kind.value == "management"]
    managers = org.filter(pl.col("track").is_in(mgmt_tracks))
    non_mgmt = [k for k in fw.tracks if k not in mgmt_tracks]
    flags = (
        managers.select("person_id", "name", "family", "band", "track", "span", "aspiration")
        .join(_leadership_shortfalls(frames, managers, competencies), on="person_id", how="left")
        .join(_crossings(frames, managers), on="person_id", how="left")
        .with_columns(
            pl.when(pl.col("aspiration").is_in(non_mgmt))
            .then(pl.format("states an aspiration for the {} track", "aspiration"))
            .alias("aspires"),
            pl.when(pl.col("span") <= small_team)
            .then(pl.format("manages {} direct report(s)", "span"))
            .alias("small"),
        )
    )
    reasons = pl.concat_list(
        [pl.col(c).fill_null("") for c in ("aspires", "leadership", "crossed", "small")]
    ).list.eval(pl.element().filter(pl.element() != ""))
    return (
        flags.with_columns(reasons.alias("reasons"))
        .with_columns(pl.col("reasons").list.len().alias("signals"))
        .filter(pl.col("signals") > 0)
        .select("person_id", "name", "family", "band", "track", "span", "signals", "reasons")
        .sort(["signals", "span", "person_id"], descending=[True, False, False])
    )
