"""Brandes betweenness of the co-membership graph, searched on its person x workgroup form.

The co-membership graph links two people who share a workgroup; a workgroup of m people is
a clique of m(m - 1)/2 ties, so the projection can have millions of ties where the
memberships number thousands. The breadth-first searches here never build it. They walk
the bipartite graph (people -> their workgroups -> the workgroups' members) and stay exact
for the projection:

- a person in one workgroup only (a *leaf*) is never between two others: their neighbours
  form a clique. Leaves are not searched; a workgroup carries its count of them, and a leaf
  reached through workgroup g has g's path count and no dependants;
- a workgroup is entered once per source, from the members nearest the source (its members
  all lie within one step of each other, so at that distance or the next);
- two people who share c >= 2 workgroups are one tie, not c: the path counts and the
  dependencies subtract the c - 1 extra routes (the "excess" of the pairs sharing several
  workgroups, few by construction).

Each level of the search handles a block of sources at once, as flat (source, node) keys
held only for the nodes reached at that level — not a nodes x sources block per level — so
a level costs in proportion to the memberships it touches. networkx is the reference
(tests compare exactly on small graphs, sampled pivots included).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = ["Searchable", "dependencies", "searchable"]

CELLS = 8_000_000  # (source, core person) cells held per block of sources


@dataclass(frozen=True)
class Searchable:
    """The bipartite structure the search walks: core people (two or more workgroups) and
    workgroups, with each workgroup's number of leaves, in compact numbering."""

    core: np.ndarray  # person index of each core person
    code: np.ndarray  # per person: core index, or -1
    home: np.ndarray  # per person: their only workgroup (leaves), or -1
    cg_ptr: np.ndarray  # core person -> workgroups (CSR)
    cg_idx: np.ndarray
    gc_ptr: np.ndarray  # workgroup -> core members (CSR)
    gc_idx: np.ndarray
    leaves: np.ndarray  # per workgroup: number of leaf members
    e_ptr: np.ndarray  # core -> core pairs sharing c >= 2 workgroups, value c - 1 (CSR)
    e_idx: np.ndarray
    e_val: np.ndarray

    @property
    def n_core(self) -> int:
        return len(self.core)

    @property
    def n_groups(self) -> int:
        return len(self.leaves)


def searchable(B: sp.csr_matrix, excess: sp.csr_matrix) -> Searchable:
    """From the person x workgroup incidence (0/1) and the excess of shared workgroups."""
    n, groups = B.shape
    k = np.diff(B.indptr)
    core = np.flatnonzero(k >= 2)
    code = np.full(n, -1, dtype=np.int64)
    code[core] = np.arange(len(core))
    home = np.full(n, -1, dtype=np.int64)
    single = np.flatnonzero(k == 1)
    home[single] = B.indices[B.indptr[single]]
    Bc = B[core]
    Gc = Bc.T.tocsr()
    E = excess[core][:, core].tocsr()
    return Searchable(
        core,
        code,
        home,
        Bc.indptr.astype(np.int64),
        Bc.indices.astype(np.int64),
        Gc.indptr.astype(np.int64),
        Gc.indices.astype(np.int64),
        np.bincount(home[single], minlength=groups).astype(float),
        E.indptr.astype(np.int64),
        E.indices.astype(np.int64),
        E.data.astype(float),
    )


def _expand(ptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``rows`` its CSR slots: (position in ``rows`` of each slot, slot index)."""
    lo = ptr[rows]
    cnt = ptr[rows + 1] - lo
    owner = np.repeat(np.arange(len(rows)), cnt)
    slots = np.arange(len(owner)) + np.repeat(lo - (np.cumsum(cnt) - cnt), cnt)
    return owner, slots


def _distinct(keys: np.ndarray, stamp: np.ndarray) -> np.ndarray:
    """The distinct values of ``keys`` (flat cell numbers), with no sort: each cell keeps
    one writer, and the writers found again are the distinct keys."""
    pos = np.arange(len(keys))
    stamp[keys] = pos
    return keys[stamp[keys] == pos]


@dataclass
class _Block:
    """Per-block state, flat by (source, node): distance, path count, dependency."""

    s: Searchable
    b: int

    def __post_init__(self) -> None:
        n, g = self.s.n_core * self.b, self.s.n_groups * self.b
        self.dist = np.full(n, -1, dtype=np.int32)
        self.sigma = np.zeros(n)
        self.delta = np.zeros(n)
        self.gdist = np.full(g, -1, dtype=np.int32)
        self.gsigma = np.zeros(g)
        self.stamp = np.empty(max(n, g), dtype=np.int64)


def _to_groups(st: _Block, front: np.ndarray, level: int) -> np.ndarray:
    """Workgroups first entered from the people of ``front`` (keys): their keys."""
    s = st.s
    N, G = s.n_core, s.n_groups
    src, v = np.divmod(front, N)
    owner, slots = _expand(s.cg_ptr, v)
    gk = src[owner] * G + s.cg_idx[slots]
    new = st.gdist[gk] < 0
    gk, owner = gk[new], owner[new]
    np.add.at(st.gsigma, gk, st.sigma[front[owner]])
    gk = _distinct(gk, st.stamp)
    st.gdist[gk] = level
    return gk


def _to_people(st: _Block, front: np.ndarray, groups: np.ndarray, level: int) -> np.ndarray:
    """People first reached (at ``level`` + 1) through the workgroups ``groups``: their keys,
    path counts corrected for pairs sharing several workgroups."""
    s = st.s
    N, G = s.n_core, s.n_groups
    src, g = np.divmod(groups, G)
    owner, slots = _expand(s.gc_ptr, g)
    pk = src[owner] * N + s.gc_idx[slots]
    new = st.dist[pk] < 0
    pk, owner = pk[new], owner[new]
    np.add.at(st.sigma, pk, st.gsigma[groups[owner]])
    pk = _distinct(pk, st.stamp)
    st.dist[pk] = level + 1
    if len(s.e_idx) and len(front):
        src, v = np.divmod(front, N)
        owner, slots = _expand(s.e_ptr, v)
        uk = src[owner] * N + s.e_idx[slots]
        hit = st.dist[uk] == level + 1
        np.subtract.at(st.sigma, uk[hit], s.e_val[slots[hit]] * st.sigma[front[owner[hit]]])
    return pk


def _back(st: _Block, front: np.ndarray, groups: np.ndarray, level: int, own: np.ndarray):
    """Dependencies of the people at ``level`` (keys ``front``) from those at ``level`` + 1
    through the workgroups entered at ``level``; ``own`` is each source's own workgroup
    (leaf sources) or -1, whose leaf count leaves the source out."""
    s = st.s
    N, G = s.n_core, s.n_groups
    src, g = np.divmod(groups, G)
    owner, slots = _expand(s.gc_ptr, g)
    pk = src[owner] * N + s.gc_idx[slots]
    d = st.dist[pk]
    nxt = d == level + 1
    x = (1.0 + st.delta[pk[nxt]]) / st.sigma[pk[nxt]]
    y = (s.leaves[g] - (own[src] == g)) / st.gsigma[groups]
    y += np.bincount(owner[nxt], weights=x, minlength=len(groups))
    here = d == level
    np.add.at(st.delta, pk[here], st.sigma[pk[here]] * y[owner[here]])
    if len(s.e_idx) and len(front):
        src, v = np.divmod(front, N)
        owner, slots = _expand(s.e_ptr, v)
        uk = src[owner] * N + s.e_idx[slots]
        hit = st.dist[uk] == level + 1
        uk, owner, slots = uk[hit], owner[hit], slots[hit]
        x = s.e_val[slots] * (1.0 + st.delta[uk]) / st.sigma[uk]
        back = np.bincount(owner, weights=x, minlength=len(front)).astype(float)
        st.delta[front] -= st.sigma[front] * back


def _block(s: Searchable, sources: np.ndarray) -> np.ndarray:
    """Sum over ``sources`` (person indices) of their dependencies, per core person."""
    b = len(sources)
    st = _Block(s, b)
    N, G = s.n_core, s.n_groups
    at = np.arange(b)
    core = s.code[sources]
    own = np.where(core < 0, s.home[sources], -1)
    front = at[core >= 0] * N + core[core >= 0]
    st.dist[front] = 0
    st.sigma[front] = 1.0
    first = at[own >= 0] * G + own[own >= 0]  # a leaf source enters its workgroup at once
    st.gdist[first] = 0
    st.gsigma[first] = 1.0
    levels = []
    level = 0
    while len(front) or len(first):
        groups = np.concatenate([first, _to_groups(st, front, level)])
        first = first[:0]
        levels.append((front, groups))
        front = _to_people(st, front, groups, level)
        level += 1
    for level in range(len(levels) - 1, 0, -1):
        _back(st, *levels[level], level, own)
    return st.delta.reshape(b, N).sum(axis=0)


def dependencies(s: Searchable, sources: np.ndarray, n: int) -> np.ndarray:
    """Brandes' sum over ``sources`` of the dependencies delta_s(v), per person (length n).

    People in no workgroup or in one only get 0 (they are never between two others).
    """
    raw = np.zeros(n)
    sources = sources[(s.code[sources] >= 0) | (s.home[sources] >= 0)]  # isolated add nothing
    if not len(sources) or not s.n_core:
        return raw
    block = int(np.clip(CELLS // max(s.n_core, s.n_groups, 1), 1, 256))
    total = np.zeros(s.n_core)
    for lo in range(0, len(sources), block):
        total += _block(s, sources[lo : lo + block])
    raw[s.core] = total
    return raw
