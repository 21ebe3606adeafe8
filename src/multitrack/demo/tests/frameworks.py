"""Small frameworks unlike the starter, to test that nothing assumes its shape."""

from __future__ import annotations

from multitrack.core import Framework, loads

# No management track (the track reaching highest leads people), a single-band track, no
# zones, no pay ranges (the fallback curve pays), no competencies (no assessments).
NO_MANAGEMENT = """
multitrack: 1
name: Studio without managers
bands: [L1, L2, L3, L4, L5, L6]
families: [art, code]
tracks:
  maker: {kind: specialist, from: L1, ceiling: L4}
  lead: {kind: leader_contributor, from: L3, ceiling: L6}
  fellow: {kind: specialist, from: L5, ceiling: L5, families: [code]}
transitions:
  - {from: maker, to: lead, at: same, bands: [L3, L4], both_ways: true}
"""

# Sub-levels on the spine, two management tracks with family restrictions, tracks with and
# without levels, monthly pay ranges (one zone's in another currency), a three-step scale.
SUB_LEVELS = """
multitrack: 1
name: Sub-levels and two management tracks
bands:
  - {key: "1"}
  - {key: "2"}
  - {key: "3", sub: [3a, 3b]}
  - {key: "4", sub: [4a, 4b]}
  - {key: "5"}
families: [sales, ops]
zones: [north, south]
scales:
  three: [low, mid, high]
competencies:
  selling: {scale: three}
  leading: {scale: three}
areas:
  job: {kind: job}
tracks:
  seller: {kind: specialist, from: "1", ceiling: "5", families: [sales]}
  operator: {kind: custom, from: "1", ceiling: 4b, families: [ops]}
  sales-mgmt: {kind: management, from: 3a, ceiling: "5", families: [sales]}
  ops-mgmt: {kind: management, from: 3b, ceiling: "5", families: [ops]}
levels:
  seller/1: {expects: {selling: low}}
  seller/2: {}
  seller/3a: {expects: {selling: mid}}
  seller/3b: {expects: {selling: high}}
  seller/4a: {}
  seller/4b: {}
  seller/5: {}
  sales-mgmt/3a: {expects: {leading: mid}}
  sales-mgmt/3b: {}
  sales-mgmt/4a: {}
  sales-mgmt/4b: {expects: {leading: high}}
  sales-mgmt/5: {}
transitions:
  - {from: seller, to: sales-mgmt, at: same, both_ways: true}
  - {from: operator, to: ops-mgmt, at: same, both_ways: true}
pay:
  currency: GBP
  period: month
  ranges:
    - {band: "1", min: 2000, max: 2600}
    - {band: "2", min: 2400, max: 3200}
    - {band: 3a, min: 3000, max: 4000}
    - {band: 3b, min: 3200, max: 4400}
    - {band: 4a, min: 3900, max: 5200}
    - {band: 4b, min: 4200, max: 5600}
    - {band: "5", min: 5000, max: 7500}
    - {band: 3a, zone: south, currency: EUR, min: 3300, max: 4600}
"""

ODD = {"no-management": NO_MANAGEMENT, "sub-levels": SUB_LEVELS}


def odd(name: str) -> Framework:
    return loads(ODD[name], name=f"<{name}>")


def leading_tracks(fw: Framework) -> set[str]:
    """Management-kind tracks; without any, the track whose ceiling is highest."""
    lead = {k for k, t in fw.tracks.items() if t.kind == "management"}
    if lead:
        return lead
    return {max(fw.tracks, key=lambda k: fw.position[fw.tracks[k].ceiling])}
