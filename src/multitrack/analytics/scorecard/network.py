"""Centrality in the workgroup co-membership graph, held as memberships, never as its cliques.

People are nodes; two people are linked when they share a workgroup (a simple, unweighted
graph, as networkx builds it from the same edges). A workgroup of m people is a clique of
m(m - 1)/2 ties, so the graph is kept as the person x workgroup incidence ``B`` plus the
few pairs that share two or more workgroups (``excess``: c - 1 for a pair sharing c), and
every figure is computed from those, exactly as on the projection ``A = B B' - D - E``:

- degree: sum over a person's workgroups of (size - 1), minus their excess;
- eigenvector: the principal eigenvector of ``A`` on the largest connected component
  (ARPACK ``eigsh`` on the product ``B(B'x) - Dx - Ex``), unit Euclidean norm,
  non-negative — networkx's ``eigenvector_centrality_numpy`` (others get 0);
- betweenness: Brandes (2001) on the bipartite form (:mod:`.brandes`). Exact when every
  node is a source; otherwise ``k`` pivots drawn at random (a stated seed) and scaled as
  networkx does, an unbiased estimate (Brandes & Pich 2007).

networkx is the reference for every figure (tests compare them on the projection).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

from multitrack.analytics.scorecard.brandes import Searchable, dependencies, searchable

__all__ = [
    "Centrality",
    "Graph",
    "adjacency",
    "betweenness",
    "centrality",
    "co_membership",
    "eigenvector",
]


@dataclass(frozen=True)
class Graph:
    """The co-membership graph as memberships: ``B`` (person x workgroup, 0/1) and
    ``excess`` (person x person, c - 1 for the pairs sharing c >= 2 workgroups)."""

    B: sp.csr_matrix
    excess: sp.csr_matrix

    @property
    def n(self) -> int:
        return self.B.shape[0]

    @cached_property
    def groups_of(self) -> np.ndarray:
        """Each person's number of workgroups."""
        return np.diff(self.B.indptr).astype(float)

    @cached_property
    def degree(self) -> np.ndarray:
        """Number of distinct co-members of each person."""
        sizes = np.bincount(self.B.indices, minlength=self.B.shape[1]).astype(float)
        return self.B @ (sizes - 1.0) - np.asarray(self.excess.sum(axis=1)).ravel()

    @property
    def edges(self) -> int:
        return int(round(self.degree.sum())) // 2

    @cached_property
    def A(self) -> sp.csr_matrix:
        """The projection itself (small graphs, tests and networkx): simple, 0/1."""
        M = (self.B @ self.B.T).tocsr()
        M.setdiag(0)
        M.eliminate_zeros()
        M.data[:] = 1.0
        return M

    @cached_property
    def search(self) -> Searchable:
        return searchable(self.B, self.excess)

    def components(self) -> np.ndarray:
        """Connected-component label of each person (through shared workgroups)."""
        n, g = self.B.shape
        B = self.B.tocoo()
        both = sp.csr_matrix((B.data, (B.row, B.col + n)), shape=(n + g, n + g))
        return connected_components(both, directed=False)[1][:n]


def _segment_pairs(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every index pair i < j inside each segment [start, start + size), as two arrays."""
    offs = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    elem = np.repeat(starts, sizes) + offs
    cnt = np.repeat(sizes, sizes) - offs - 1
    i = np.repeat(elem, cnt)
    return i, i + 1 + np.arange(len(i)) - np.repeat(np.cumsum(cnt) - cnt, cnt)


def _excess(B: sp.csr_matrix) -> sp.csr_matrix:
    """c - 1 for each pair of people sharing c >= 2 workgroups, without forming ``B B'``.

    Such a pair shares c(c - 1)/2 pairs of workgroups: list each person's workgroup pairs,
    bucket people by pair, and count how often two people meet in a bucket.
    """
    n, groups = B.shape
    k = np.diff(B.indptr)
    i, j = _segment_pairs(B.indptr[:-1], k)
    if not len(i):
        return sp.csr_matrix((n, n))
    person = np.repeat(np.arange(n), k)[i]
    key = B.indices[i].astype(np.int64) * groups + B.indices[j]
    order = np.argsort(key, kind="stable")
    key, person = key[order], person[order]
    starts = np.flatnonzero(np.diff(key, prepend=-1))
    sizes = np.diff(np.append(starts, len(key)))
    a, b = _segment_pairs(starts[sizes > 1], sizes[sizes > 1])
    pair, meets = np.unique(person[a] * n + person[b], return_counts=True)
    shared = np.rint((1 + np.sqrt(1 + 8 * meets)) / 2)
    u, v = np.divmod(pair, n)
    E = sp.coo_matrix((shared - 1, (u, v)), shape=(n, n))
    return (E + E.T).tocsr()


def co_membership(person: np.ndarray, group: np.ndarray, n: int) -> Graph:
    """The graph of people who share a workgroup, from (person code, group code) pairs."""
    groups = int(group.max()) + 1 if len(group) else 0
    B = sp.csr_matrix((np.ones(len(person)), (person, group)), shape=(n, groups))
    B.sum_duplicates()
    B.data[:] = 1.0  # a person listed twice in a group is one member
    return Graph(B, _excess(B))


def adjacency(person: np.ndarray, group: np.ndarray, n: int) -> sp.csr_matrix:
    """Simple undirected co-membership adjacency from (person code, group code) pairs."""
    return co_membership(person, group, n).A


def _operator(graph: Graph, rows: np.ndarray) -> LinearOperator:
    """The adjacency of the ``rows`` subgraph as the product ``B B' - D - E``."""
    B, E, d = graph.B[rows], graph.excess[rows][:, rows], graph.groups_of[rows]
    Bt = B.T.tocsr()

    def matvec(x: np.ndarray) -> np.ndarray:
        x = np.ravel(x)
        return B @ (Bt @ x) - d * x - E @ x

    return LinearOperator((len(rows), len(rows)), matvec=matvec, dtype=float)


def eigenvector(graph: Graph) -> np.ndarray:
    """Principal eigenvector of the largest connected component, unit norm, non-negative.

    On a connected graph this is networkx's ``eigenvector_centrality_numpy``; on a
    disconnected one (where networkx refuses, the answer being ambiguous) people outside the
    largest component get 0: they have no tie to the main network.
    """
    n = graph.n
    out = np.zeros(n)
    if n == 0 or not graph.degree.any():
        return out
    labels = graph.components()
    giant = np.flatnonzero(labels == np.bincount(labels).argmax())
    if len(giant) < 3:
        v = np.linalg.eigh(graph.A[giant][:, giant].toarray())[1][:, -1]
    else:
        try:
            # degree is a positive start near the principal vector; 8 Lanczos vectors per
            # restart cost fewer products than ARPACK's default 20 on these spectra
            v = eigsh(
                _operator(graph, giant),
                k=1,
                which="LA",
                v0=graph.degree[giant],
                ncv=min(8, len(giant)),
                tol=1e-12,
                maxiter=max(5000, 20 * n),
            )[1][:, 0]
        except ArpackNoConvergence as exc:  # pragma: no cover - pathological spectra
            v = exc.eigenvectors[:, 0]
    v = v / (np.sign(v.sum()) * np.linalg.norm(v))
    out[giant] = np.where(np.abs(v) < 1e-15, 0.0, v)
    return out


def _pivots(n: int, k: int | None, seed: int) -> np.ndarray:
    if k is None or k >= n:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))


def _estimate(graph: Graph, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised betweenness from ``sources`` and its standard error as a sample of pivots.

    Each pivot s contributes delta_s(v) / (n - 2) (the pivot itself: its k - 1 others); the
    estimate is their mean, so its standard error is their standard deviation over the
    square root of their number, with the finite-population factor of drawing pivots without
    replacement (0 when every node is a source).
    """
    n = graph.n
    raw, squares = dependencies(graph.search, sources, n)
    if n <= 2:
        return raw, np.zeros(n)
    ks = len(sources)
    if ks == n:
        return raw / ((n - 1) * (n - 2)), np.zeros(n)
    m = np.full(n, float(ks))
    m[sources] = ks - 1  # a pivot's own dependency is 0 and not a draw
    with np.errstate(divide="ignore", invalid="ignore"):
        var = (squares - raw**2 / m) / (m - 1) / m * (1 - m / (n - 1))
        se = np.sqrt(np.maximum(var, 0.0)) / (n - 2)
        return raw / (m * (n - 2)), np.where(m > 1, se, np.nan)


def betweenness(
    graph: Graph, k: int | None = None, seed: int = 0, sources: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Normalised betweenness (networkx's scale, endpoints excluded) and the sources used.

    Exact when ``k`` is None or at least the number of nodes; otherwise ``k`` random pivots.
    """
    sources = _pivots(graph.n, k, seed) if sources is None else sources
    sources = np.asarray(sources, dtype=np.int64)
    return _estimate(graph, sources)[0], sources


@dataclass(frozen=True)
class Centrality:
    degree: np.ndarray  # number of distinct co-members
    degree_centrality: np.ndarray  # degree / (n - 1), as networkx
    eigenvector: np.ndarray
    betweenness: np.ndarray | None
    betweenness_se: np.ndarray | None  # sampling standard error (0 when exact)
    pivots: int  # sources used for betweenness (n = exact)
    nodes: int
    edges: int


def centrality(graph: Graph, k: int, seed: int, with_betweenness: bool = True) -> Centrality:
    """Degree, eigenvector and (sampled) betweenness of every node."""
    n = graph.n
    degree = graph.degree
    used = _pivots(n, k, seed) if with_betweenness else np.arange(0)
    bet, se = _estimate(graph, used) if with_betweenness else (None, None)
    return Centrality(
        degree,
        degree / (n - 1) if n > 1 else degree,
        eigenvector(graph),
        bet,
        se,
        len(used),
        n,
        graph.edges,
    )
