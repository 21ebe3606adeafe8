"""Write a Snowflake ``constants.js`` in the layout of Medium's file from its JSON extract.

The shared data holds only the JSON extract of Medium's constants.js; the converter must
read the JavaScript too. This renders the same data the way the original file is written:
Flow types, a ``milestoneToPoints`` switch, double-quoted track literals, single-quoted
titles, computed bindings (d3, Object.keys) that are code, not data.
"""

from __future__ import annotations

import json
from typing import Any


def _js(value: Any, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        inner = ",\n".join(f'{pad}  "{k}": {_js(v, indent + 1)}' for k, v in value.items())
        return "{\n" + inner + f",\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = ",\n".join(f"{pad}  {_js(v, indent + 1)}" for v in value)
        return "[\n" + inner + f",\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def constants_js(data: dict[str, Any]) -> str:
    track_ids = list(data["tracks"])
    union = " | ".join(f"'{t}'" for t in track_ids)
    mmap = ",\n".join(f"  '{t}': Milestone" for t in track_ids)
    cases = "\n".join(
        f"    case {k}: return {v}" for k, v in sorted(data["milestoneToPoints"].items())
    )
    levels = ",\n".join(f"  '{k}': '{v}'" for k, v in data["pointsToLevels"].items())
    titles = ",\n".join(
        "  {label: '" + t["label"] + "', minPoints: " + str(t["minPoints"])
        + (f", maxPoints: {t['maxPoints']}" if "maxPoints" in t else "") + "}"
        for t in data["titles"]
    )  # fmt: skip
    return f"""// @flow
import * as d3 from 'd3'

export type TrackId = {union}
export type Milestone = 0 | 1 | 2 | 3 | 4 | 5

export type MilestoneMap = {{
{mmap}
}}
export const milestones = [0, 1, 2, 3, 4, 5]

export const milestoneToPoints = (milestone: Milestone): number => {{
  switch (milestone) {{
{cases}
    default: return 0
  }}
}}

export const pointsToLevels = {{
{levels},
}}

export const maxLevel = {data.get("maxPoints", 135)}

export type Track = {{
  displayName: string,
  category: string, // TK categoryId type?
  description: string,
  milestones: {{
    summary: string,
    signals: string[],
    examples: string[]
  }}[]
}}

type Tracks = {{|
{mmap.replace("Milestone", "Track")}
|}}

export const tracks: Tracks = {_js(data["tracks"])}

export const trackIds: TrackId[] = Object.keys(tracks)

export const categoryIds: Set<string> = trackIds.reduce((set, trackId) => {{
  set.add(tracks[trackId].category)
  return set
}}, new Set())

export const categoryColorScale = d3.scaleOrdinal()
  .domain(categoryIds)
  .range(['#00abc2', '#428af6', '#e1439f', '#e54552'])

export const titles = [
{titles}
]

export const eligibleTitles = (milestoneMap: MilestoneMap): string[] => {{
  const totalPoints = totalPointsFromMilestoneMap(milestoneMap)

  return titles.filter(title => (title.minPoints === undefined || totalPoints >= title.minPoints)
                             && (title.maxPoints === undefined || totalPoints <= title.maxPoints))
    .map(title => title.label)
}}
"""
