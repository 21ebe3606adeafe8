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

Each level of the search handles a block of sources at once, on nodes x sources arrays, in
one of two ways, whichever the level's size makes cheaper: *sparse*, on the (node, source)
cells reached at that level only, expanded through the memberships (a level costs in
proportion to the memberships it touches: the first and last levels, and graphs of many
levels); or *dense*, as products of the incidence with the whole nodes x sources block (a
few C loops, best for the wide middle levels of a well-connected graph). Both give the same
numbers. networkx is the reference (tests compare exactly on small graphs, sampled pivots
included).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = ["Searchable", "dependencies", "searchable"]

CELLS = 4_000_000  # (core person, source) cells held per block of sources
# cost model of a level, in nanoseconds on this machine: a sparse level costs about
# SPARSE_NS per membership it expands; a dense one DENSE_NS per cell of the block plus
# PRODUCT_NS per membership and source for its two products
SPARSE_NS, DENSE_NS, PRODUCT_NS = 70.0, 10.0, 8.0


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


@dataclass(frozen=True)
class _Products:
    """The incidence as scipy matrices for the dense levels, built once per search."""

    Bc: sp.csr_matrix  # core x workgroups
    BcT: sp.csr_matrix  # workgroups x core
    e_rows: np.ndarray  # core people with an excess pair
    E: sp.csr_matrix  # those rows of the excess


def _products(s: Searchable) -> _Products:
    Bc = sp.csr_matrix((np.ones(len(s.cg_idx)), s.cg_idx, s.cg_ptr), shape=(s.n_core, s.n_groups))
    E = sp.csr_matrix((s.e_val, s.e_idx, s.e_ptr), shape=(s.n_core, s.n_core))
    rows = np.flatnonzero(np.diff(s.e_ptr))
    return _Products(Bc, Bc.T.tocsr(), rows, E[rows])


class _Block:
    """Search state of a block of b sources: (node, source) arrays of distance, path count
    and dependency; flat index v * b + s, the same cells for sparse and dense levels."""

    def __init__(self, s: Searchable, ops: _Products, sources: np.ndarray) -> None:
        self.s, self.ops, self.b = s, ops, len(sources)
        N, G, b = s.n_core, s.n_groups, self.b
        self.dist = np.full((N, b), -1, dtype=np.int32)
        self.sigma = np.zeros((N, b))
        self.delta = np.zeros((N, b))
        self.gdist = np.full((G, b), -1, dtype=np.int32)
        self.gsigma = np.zeros((G, b))
        self.stamp = np.empty(max(N, G) * b, dtype=np.int64)
        self.d, self.sg, self.dl = self.dist.ravel(), self.sigma.ravel(), self.delta.ravel()
        self.gd, self.gs = self.gdist.ravel(), self.gsigma.ravel()
        at = np.arange(b)
        core = s.code[sources]
        own = np.where(core < 0, s.home[sources], -1)
        self.front = core[core >= 0] * b + at[core >= 0]
        self.d[self.front] = 0
        self.sg[self.front] = 1.0
        # a leaf source enters its workgroup at once
        self.first = own[own >= 0] * b + at[own >= 0]
        self.gd[self.first] = 0
        self.gs[self.first] = 1.0
        self.dense_cost = (N + G) * b * DENSE_NS + 2 * len(s.cg_idx) * b * PRODUCT_NS
        self.per_person = SPARSE_NS * 2 * len(s.cg_idx) / max(N, 1)

    def sparse(self, people: float) -> bool:
        """Is a level touching about ``people`` (node, source) cells cheaper done sparse?"""
        return people * self.per_person < self.dense_cost

    def keys(self, level: int, groups: bool = False) -> np.ndarray:
        return np.flatnonzero((self.gd if groups else self.d) == level)


def _reach(st: _Block, ptr, idx, keys, dist, counts, counts_from, level: int) -> np.ndarray:
    """The unvisited (node, source) keys one hop from ``keys`` over ``ptr``/``idx``: their
    path counts gain those of the keys they are reached from; they are marked at ``level``."""
    node, src = np.divmod(keys, st.b)
    owner, slots = _expand(ptr, node)
    out = idx[slots] * st.b + src[owner]
    new = dist[out] < 0
    out, owner = out[new], owner[new]
    np.add.at(counts, out, counts_from[keys[owner]])
    out = _distinct(out, st.stamp)
    dist[out] = level
    return out


def _sparse_forward(st: _Block, front: np.ndarray, level: int) -> tuple[np.ndarray, np.ndarray]:
    """From the people at ``level`` (keys): the workgroups they enter, and the people first
    reached through those (at ``level`` + 1), path counts corrected for excess pairs."""
    s, b = st.s, st.b
    gk = _reach(st, s.cg_ptr, s.cg_idx, front, st.gd, st.gs, st.sg, level)
    if len(st.first):
        gk, st.first = np.concatenate([st.first, gk]), st.first[:0]
    pk = _reach(st, s.gc_ptr, s.gc_idx, gk, st.d, st.sg, st.gs, level + 1)
    if len(s.e_idx) and len(front):
        owner, slots = _expand(s.e_ptr, front // b)
        uk = s.e_idx[slots] * b + (front % b)[owner]
        hit = st.d[uk] == level + 1
        np.subtract.at(st.sg, uk[hit], s.e_val[slots[hit]] * st.sg[front[owner[hit]]])
    return pk, gk


def _dense_forward(st: _Block, level: int) -> int:
    """The same step on the whole block; returns how many cells are reached next."""
    ops = st.ops
    X = np.where(st.dist == level, st.sigma, 0.0)
    Y = ops.BcT @ X
    new = (Y > 0) & (st.gdist < 0)
    np.copyto(st.gdist, level, where=new)
    Y *= new
    st.gsigma += Y
    P = ops.Bc @ Y
    if len(ops.e_rows):
        P[ops.e_rows] -= ops.E @ X
    reached = (P > 0) & (st.dist < 0)
    np.copyto(st.dist, level + 1, where=reached)
    np.copyto(st.sigma, P, where=reached)
    return int(np.count_nonzero(reached))


def _sparse_back(st: _Block, front: np.ndarray, groups: np.ndarray, level: int) -> None:
    """Dependencies of the people at ``level`` (keys ``front``) from those at ``level`` + 1
    through the workgroups entered at ``level`` (keys ``groups``) and their leaves (a leaf
    source's own workgroup is entered at level 0, which has no dependencies to share)."""
    s, b = st.s, st.b
    g, src = np.divmod(groups, b)
    owner, slots = _expand(s.gc_ptr, g)
    pk = s.gc_idx[slots] * b + src[owner]
    d = st.d[pk]
    nxt = d == level + 1
    x = (1.0 + st.dl[pk[nxt]]) / st.sg[pk[nxt]]
    y = s.leaves[g] / st.gs[groups]
    y += np.bincount(owner[nxt], weights=x, minlength=len(groups))
    here = d == level
    np.add.at(st.dl, pk[here], st.sg[pk[here]] * y[owner[here]])
    if len(s.e_idx) and len(front):
        v, src = np.divmod(front, b)
        owner, slots = _expand(s.e_ptr, v)
        uk = s.e_idx[slots] * b + src[owner]
        hit = st.d[uk] == level + 1
        uk, owner, slots = uk[hit], owner[hit], slots[hit]
        x = s.e_val[slots] * (1.0 + st.dl[uk]) / st.sg[uk]
        back = np.bincount(owner, weights=x, minlength=len(front)).astype(float)
        st.dl[front] -= st.sg[front] * back


def _dense_back(st: _Block, level: int, leaf_term: np.ndarray) -> None:
    ops = st.ops
    with np.errstate(divide="ignore", invalid="ignore"):
        X = np.where(st.dist == level + 1, (1.0 + st.delta) / st.sigma, 0.0)
    Y = ops.BcT @ X
    Y += leaf_term
    Y *= st.gdist == level
    Z = ops.Bc @ Y
    if len(ops.e_rows):
        Z[ops.e_rows] -= ops.E @ X
    Z *= st.sigma
    Z *= st.dist == level
    st.delta += Z


def _leaf_term(st: _Block) -> np.ndarray:
    """Per (workgroup, source): its leaves over its path count (0 where not entered)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(st.gsigma > 0, st.s.leaves[:, None] / st.gsigma, 0.0)


def _block(s: Searchable, ops: _Products, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sums over ``sources`` (person indices) of their dependencies and of their squares,
    per core person."""
    st = _Block(s, ops, sources)
    front, count = st.front, len(st.front)
    levels: list[tuple[np.ndarray | None, np.ndarray | None]] = []
    counts = []
    level = 0
    while count or len(st.first):
        counts.append(count)
        if len(st.first) or st.sparse(count):
            if front is None:
                front = st.keys(level)
            nxt, groups = _sparse_forward(st, front, level)
            levels.append((front, groups))
            front, count = nxt, len(nxt)
        else:
            levels.append((None, None))
            front, count = None, _dense_forward(st, level)
        level += 1
    counts.append(0)
    leaf_term = None
    for level in range(len(levels) - 1, 0, -1):
        front, groups = levels[level]
        if st.sparse(counts[level] + counts[level + 1]):
            front = st.keys(level) if front is None else front
            groups = st.keys(level, groups=True) if groups is None else groups
            _sparse_back(st, front, groups, level)
        else:
            leaf_term = _leaf_term(st) if leaf_term is None else leaf_term
            _dense_back(st, level, leaf_term)
    return st.delta.sum(axis=1), np.einsum("ij,ij->i", st.delta, st.delta)


def dependencies(s: Searchable, sources: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Brandes' sum over ``sources`` of the dependencies delta_s(v), per person (length n),
    and the sum of their squares (for the sampling error of sampled pivots).

    People in no workgroup or in one only get 0 (they are never between two others).
    """
    raw, squares = np.zeros(n), np.zeros(n)
    sources = sources[(s.code[sources] >= 0) | (s.home[sources] >= 0)]  # isolated add nothing
    if not len(sources) or not s.n_core:
        return raw, squares
    ops = _products(s)
    block = int(np.clip(CELLS // max(s.n_core, s.n_groups, 1), 1, 64))
    total, total_sq = np.zeros(s.n_core), np.zeros(s.n_core)
    for lo in range(0, len(sources), block):
        part, part_sq = _block(s, ops, sources[lo : lo + block])
        total += part
        total_sq += part_sq
    raw[s.core], squares[s.core] = total, total_sq
    return raw, squares
