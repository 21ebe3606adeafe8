"""Organisation structure: spans and layers, accidental managers, reporting parity, what-if.

``structure(frames)`` reads the people employed on the snapshot date, codes the reporting
tree once (:mod:`.tree`), and reports spans against the archetypes, layers, the manager ratio
over the history, narrow spans, single-report chains, managers out-levelled by a report,
accidental managers with their reasons, reporting parity, and every problem found in the
tree. ``what_if(frames, …)`` compares the structure before and after moving people from
management to the specialist track.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from multitrack.analytics import charts
from multitrack.analytics.careers.profiles import as_of_date
from multitrack.analytics.frames import Frames
from multitrack.analytics.history import active, state_at, year_ends
from multitrack.analytics.report import Report, Table
from multitrack.analytics.structure.accidental import accidental_managers
from multitrack.analytics.structure.parity import reporting_parity
from multitrack.analytics.structure.spans import (
    ARCHETYPES,
    layer_table,
    org_frame,
    out_levelled,
    single_report_chains,
    span_distribution,
    span_summary,
)
from multitrack.analytics.structure.tree import Tree, code_tree, tree_from_codes
from multitrack.analytics.structure.whatif import compare, move_to_specialist

__all__ = ["StructureConfig", "build_tree", "structure", "what_if"]


@dataclass(frozen=True)
class StructureConfig:
    """Stated thresholds of the structure report."""

    narrow_span: int = 2  # a manager with this many reports or fewer has a narrow span
    small_team: int = 2  # accidental-manager signal: manages this many or fewer
    min_size: int = 5  # parity cells smaller than this are suppressed
    history_years: int = 5  # manager ratio over this many past year ends
    leadership_competencies: tuple[str, ...] | None = None  # None: derived from the framework


def build_tree(people: pl.DataFrame) -> tuple[pl.DataFrame, Tree, list[str]]:
    """Code the reporting tree of ``people``; duplicate ids keep their first row (reported)."""
    notes: list[str] = []
    dupes = people.filter(pl.col("person_id").is_duplicated())["person_id"].unique()
    if dupes.len():
        shown = ", ".join(sorted(dupes.to_list())[:10])
        notes.append(f"{dupes.len()} duplicated person id(s), first row kept: {shown}")
        people = people.unique("person_id", keep="first", maintain_order=True)
    ids, parent, orphan = code_tree(people)
    return people, tree_from_codes(parent, ids, orphan), notes


def _problems(tree: Tree, people: pl.DataFrame, extra: list[str]) -> pl.DataFrame:
    rows: list[tuple[str, int, str]] = []
    if tree.self_managed.size:
        rows.append(
            ("self-managed", tree.self_managed.size, ", ".join(tree.label(tree.self_managed[:10])))
        )
    if tree.orphans.size:
        managers = people["manager_id"].to_numpy()[tree.orphans[:10]]
        shown = ", ".join(
            f"{p} → {m}" for p, m in zip(tree.label(tree.orphans[:10]), managers, strict=True)
        )
        rows.append(("manager not in the organisation", tree.orphans.size, shown))
    for cyc in tree.cycles:
        rows.append(
            (
                "reporting cycle (cut at its first member)",
                cyc.size,
                " → ".join(tree.label(cyc)) + f" → {tree.label(cyc[:1])[0]}",
            )
        )
    rows.extend(("duplicate ids", 0, text) for text in extra)
    return pl.DataFrame(
        rows, schema={"problem": pl.String, "people": pl.Int64, "detail": pl.String}, orient="row"
    )


def _ratio_over_time(frames: Frames, as_of: dt.date, years: int) -> pl.DataFrame:
    mgmt = [k for k, t in frames.framework.tracks.items() if t.kind.value == "management"]
    rows = []
    for day in year_ends(frames, as_of, years):
        snap = state_at(frames, day)
        if not snap.height:
            continue
        _, tree, _ = build_tree(snap)
        managers = int((tree.span > 0).sum())
        rows.append(
            {
                "date": day,
                "people": snap.height,
                "managers": managers,
                "management_track": int(snap["track"].is_in(mgmt).sum()),
                "people_per_manager": snap.height / managers if managers else None,
                "max_layers": tree.layers,
            }
        )
    return pl.DataFrame(rows) if rows else pl.DataFrame()


def _summary(org: pl.DataFrame, tree: Tree, chains: list, outl: pl.DataFrame, cfg) -> pl.DataFrame:
    spans = tree.span[tree.span > 0]
    n = tree.size
    items = [
        ("people", n, "int"),
        ("managers (people with reports)", spans.size, "int"),
        ("people per manager", n / spans.size if spans.size else None, "float"),
        ("mean span", float(spans.mean()) if spans.size else None, "float"),
        ("median span", float(np.median(spans)) if spans.size else None, "float"),
        (
            f"managers with {cfg.narrow_span} or fewer reports",
            int((spans <= cfg.narrow_span).sum()),
            "int",
        ),
        ("layers (maximum)", tree.layers, "int"),
        ("mean layer", float(tree.depth.mean()) if n else None, "float"),
        ("layers per 1,000 people", 1000 * tree.layers / n if n else None, "float"),
        ("single-report chains", len(chains), "int"),
        ("managers out-levelled by a report", outl["manager_id"].n_unique(), "int"),
    ]
    return pl.DataFrame(
        {
            "metric": [i[0] for i in items],
            "value": [None if i[1] is None else float(i[1]) for i in items],
        }
    )


def structure(frames: Frames, config: StructureConfig | None = None) -> Report:
    """The structure report for the people employed on the snapshot date."""
    cfg = config or StructureConfig()
    fw = frames.framework
    as_of = as_of_date(frames)
    people, tree, extra = build_tree(active(frames.people, as_of))
    org = org_frame(people, tree, dict(fw.band_rank))
    chains = single_report_chains(tree)
    outl = out_levelled(org)
    by = pl.concat([span_summary(org, b) for b in ("track", "family", "band")])
    accidental = accidental_managers(
        frames,
        org,
        small_team=cfg.small_team,
        competencies=list(cfg.leadership_competencies) if cfg.leadership_competencies else None,
    )
    parity = reporting_parity(fw, org, min_size=cfg.min_size)
    narrow = (
        org.filter((pl.col("span") > 0) & (pl.col("span") <= cfg.narrow_span))
        .select("person_id", "name", "family", "band", "track", "span")
        .sort("span", "person_id")
    )
    chain_rows = pl.DataFrame(
        {
            "managers": [len(c) - 1 for c in chains],
            "chain": [" → ".join(tree.label(c)) for c in chains],
        },
        schema={"managers": pl.Int64, "chain": pl.String},
    )
    dist = span_distribution(org)
    layers = layer_table(org)
    ratio = _ratio_over_time(frames, as_of, cfg.history_years)
    problems = _problems(tree, people, extra)
    parts = {
        "summary": _summary(org, tree, chains, outl, cfg),
        "span_archetypes": dist,
        "spans": by,
        "layers": layers,
        "manager_ratio": ratio,
        "narrow_spans": narrow,
        "single_report_chains": chain_rows,
        "out_levelled": outl,
        "accidental_managers": accidental,
        "reporting_parity": parity,
        "problems": problems,
    }
    tables = _tables(parts, cfg)
    report_charts = _charts(dist, layers, ratio)
    warnings = [f"{r['problem']}: {r['detail']}" for r in problems.iter_rows(named=True)]
    return Report(
        kind="structure",
        title=f"Organisation structure on {as_of.isoformat()}",
        tables=tables,
        charts=report_charts,
        warnings=warnings,
        notes=[
            "Counts people employed on the snapshot date; a person recorded as their own "
            "manager, or in a reporting cycle, is treated as a root so every figure is defined.",
        ],
        meta={
            "as_of": as_of,
            "framework": fw.name,
            "version": fw.version,
            "narrow_span": cfg.narrow_span,
            "min_size": cfg.min_size,
        },
    )


def _tables(parts: dict[str, pl.DataFrame], cfg: StructureConfig) -> list[Table]:
    return [
        Table(
            "summary",
            "Structure at a glance",
            parts["summary"],
            {"value": "float"},
        ),
        Table(
            "span_archetypes",
            "Managers by span archetype",
            parts["span_archetypes"],
            {"managers": "int", "share": "pct"},
            note="Archetypes after McKinsey (2017): context for reading spans, not norms.",
        ),
        Table(
            "spans",
            "Spans by track, family and band",
            parts["spans"],
            {
                "managers": "int",
                "direct_reports": "int",
                "mean_span": "float",
                "median_span": "float",
                "p90_span": "int",
                "narrow_share": "pct",
            },
        ),
        Table(
            "layers",
            "People per layer (1 = top)",
            parts["layers"],
            {"people": "int", "managers": "int", "share": "pct"},
        ),
        Table(
            "manager_ratio",
            "Manager ratio over time",
            parts["manager_ratio"],
            {
                "people": "int",
                "managers": "int",
                "management_track": "int",
                "people_per_manager": "float",
                "max_layers": "int",
            },
        ),
        Table(
            "narrow_spans",
            f"Managers with {cfg.narrow_span} or fewer reports",
            parts["narrow_spans"],
            {"span": "int"},
        ),
        Table(
            "single_report_chains",
            "Single-report chains",
            parts["single_report_chains"],
            {"managers": "int"},
        ),
        Table("out_levelled", "Managers out-levelled by a report", parts["out_levelled"]),
        Table(
            "accidental_managers",
            "Possible accidental managers",
            parts["accidental_managers"],
            {"span": "int", "signals": "int"},
            note="Signals for a conversation with the person; they decide nothing.",
        ),
        Table(
            "reporting_parity",
            "Reporting parity: supervisor band of specialists vs managers of the same band",
            parts["reporting_parity"],
            {"managers": "int", "specialists": "int", "gap_bands": "float"},
        ),
        Table("problems", "Problems in the reporting tree", parts["problems"], {"people": "int"}),
    ]


def _charts(dist: pl.DataFrame, layers: pl.DataFrame, ratio: pl.DataFrame) -> list[dict[str, Any]]:
    report_charts = [
        charts.bar(
            "span_archetypes",
            "Managers by span archetype",
            dist.filter(pl.col("track") != "all"),
            "archetype",
            "managers",
            color="track",
            sort=[a[0] for a in ARCHETYPES],
        ),
        charts.bar("layers", "People per layer", layers, "layer", "people"),
    ]
    if ratio.height:
        report_charts.append(
            charts.line(
                "manager_ratio", "People per manager over time", ratio, "date", "people_per_manager"
            )
        )
    return report_charts


def what_if(
    frames: Frames,
    *,
    move: Sequence[str] = (),
    accidental: int = 0,
    config: StructureConfig | None = None,
) -> Report:
    """Spans, layers and manager count after moving named people and/or the first
    ``accidental`` flagged accidental managers to the specialist track at their band."""
    cfg = config or StructureConfig()
    fw = frames.framework
    as_of = as_of_date(frames)
    people, tree, _ = build_tree(active(frames.people, as_of))
    org = org_frame(people, tree, dict(fw.band_rank))
    chosen = list(dict.fromkeys(move))
    unknown = sorted(set(chosen) - set(org["person_id"].to_list()))
    if unknown:
        raise KeyError(", ".join(unknown))
    if accidental:
        flagged = accidental_managers(frames, org, small_team=cfg.small_team)
        extra = [p for p in flagged["person_id"].to_list() if p not in chosen]
        chosen += extra[:accidental]
    codes = org.filter(pl.col("person_id").is_in(chosen))["code"].to_numpy()
    after = move_to_specialist(tree, codes)
    movers = org.filter(pl.col("person_id").is_in(chosen)).select(
        "person_id", "name", "band", "track", "span"
    )
    return Report(
        kind="structure-what-if",
        title=f"What if {len(chosen)} people move to the specialist track",
        tables=[
            Table(
                "comparison",
                "Before and after",
                compare(tree, after),
                {"before": "float", "after": "float", "change": "float"},
            ),
            Table(
                "movers",
                "Who moves (reports go to the mover's own manager)",
                movers,
                {"span": "int"},
            ),
        ],
        notes=[
            "Rule: a mover keeps their band and stops managing; their direct reports move "
            "to the mover's manager."
        ],
        meta={"as_of": as_of, "moved": chosen},
    )
