"""Centrality in the workgroup co-membership graph, with scipy.sparse instead of Python graphs.

People are nodes; two people are linked when they share a workgroup (a simple, unweighted
graph, as networkx builds it from the same edges). networkx is the reference for every figure
here (tests compare them exactly on small graphs); it walks Python dicts, so at scale:

- degree: row counts of the sparse adjacency ``B B'`` (incidence times its transpose);
- eigenvector: the principal eigenvector of the adjacency of the largest connected component
  (ARPACK ``eigsh``), unit Euclidean norm, non-negative — networkx's
  ``eigenvector_centrality_numpy`` (others get 0);
- betweenness: Brandes (2001) with breadth-first search run for a block of sources at once as
  sparse-matrix by dense-block products (forward: path counts level by level; backward:
  dependencies). Exact when every node is a source; otherwise ``k`` pivots drawn at random
  (a stated seed) and scaled as networkx does, an unbiased estimate (Brandes & Pich 2007).

python-igraph would do betweenness in C, but it is one more compiled dependency for one
figure; the block BFS keeps the work in scipy's C loops and runs sampled betweenness for a
graph of 200,000 people in seconds (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

__all__ = [
    "Centrality",
    "Graph",
    "adjacency",
    "betweenness",
    "centrality",
    "co_membership",
    "eigenvector",
]

CELLS = 20_000_000  # nodes x sources held at once by the block BFS (about 1 GB of arrays)


@dataclass(frozen=True)
class Graph:
    """The co-membership graph: simple adjacency ``A`` and a cheap way to multiply by it.

    ``A x`` for a block of vectors is the costly step of every BFS. A co-membership graph is a
    union of cliques, so ``A = B B' - D - E`` with ``B`` the person x workgroup incidence,
    ``D`` each person's number of groups and ``E`` the excess of pairs who share two or more
    groups: far fewer non-zeros than ``A`` when groups overlap little.
    """

    A: sp.csr_matrix
    B: sp.csr_matrix
    Bt: sp.csr_matrix
    groups_of: np.ndarray
    excess: sp.csr_matrix
    factored: bool

    @property
    def n(self) -> int:
        return self.A.shape[0]

    def spread(self, X: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """``A @ X`` for a block ``X`` whose only non-zeros sit at flat indices ``idx``."""
        if not self.factored:
            return self.A @ X
        out = self.B @ (self.Bt @ X)
        out.flat[idx] -= self.groups_of[idx // X.shape[1]] * X.flat[idx]
        if self.excess.nnz:
            out -= self.excess @ X
        return out


def co_membership(person: np.ndarray, group: np.ndarray, n: int) -> Graph:
    """The graph of people who share a workgroup, from (person code, group code) pairs."""
    groups = int(group.max()) + 1 if len(group) else 0
    B = sp.csr_matrix((np.ones(len(person)), (person, group)), shape=(n, groups))
    B.data[:] = 1.0  # a person listed twice in a group is one member
    M = (B @ B.T).tocsr()
    groups_of = M.diagonal().copy()
    M.setdiag(0)
    M.eliminate_zeros()
    A = M.copy()
    A.data[:] = 1.0
    excess = M.copy()
    excess.data -= 1.0
    excess.eliminate_zeros()
    factored = 2 * B.nnz + excess.nnz < A.nnz
    return Graph(A, B, B.T.tocsr(), groups_of, excess, factored)


def adjacency(person: np.ndarray, group: np.ndarray, n: int) -> sp.csr_matrix:
    """Simple undirected co-membership adjacency from (person code, group code) pairs."""
    return co_membership(person, group, n).A


def _operator(graph: Graph, rows: np.ndarray):
    """The adjacency of the ``rows`` subgraph, as a matrix or (factored) as ``B B' - D - E``."""
    if not graph.factored:
        return graph.A[rows][:, rows]
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
    if n == 0 or graph.A.nnz == 0:
        return out
    _, labels = connected_components(graph.A, directed=False)
    giant = np.flatnonzero(labels == np.bincount(labels).argmax())
    A = _operator(graph, giant)
    if len(giant) < 3:
        v = np.linalg.eigh(graph.A[giant][:, giant].toarray())[1][:, -1]
    else:
        try:
            v = eigsh(A, k=1, which="LA", tol=1e-12, maxiter=max(5000, 20 * len(giant)))[1][:, 0]
        except ArpackNoConvergence as exc:  # pragma: no cover - pathological spectra
            v = exc.eigenvectors[:, 0]
    v = v / (np.sign(v.sum()) * np.linalg.norm(v))
    out[giant] = np.where(np.abs(v) < 1e-15, 0.0, v)
    return out


def _block_dependencies(graph: Graph, sources: np.ndarray) -> np.ndarray:
    """Sum over the block's sources of Brandes' dependencies delta_s(v).

    Blocks are nodes x sources; each BFS level is kept as flat indices into them, so a level
    costs one sparse product and a pass to find the newly reached, not a dozen full passes.
    """
    n, b = graph.n, len(sources)
    dist = np.full((n, b), -1, dtype=np.int32)
    sigma = np.zeros((n, b))
    front = sources * b + np.arange(b)
    dist.flat[front] = 0
    sigma.flat[front] = 1.0
    levels = [front]
    X = np.zeros((n, b))
    while front.size:
        X.flat[front] = sigma.flat[front]
        reach = graph.spread(X, front)
        X.flat[front] = 0.0
        hit = np.flatnonzero(reach > 0)
        front = hit[dist.flat[hit] < 0]
        sigma.flat[front] = reach.flat[front]
        dist.flat[front] = len(levels)
        levels.append(front)
    delta = np.zeros((n, b))
    for d in range(len(levels) - 2, 0, -1):
        idx = levels[d]
        X.flat[idx] = (1.0 + delta.flat[idx]) / sigma.flat[idx]
        back = graph.spread(X, idx)
        X.flat[idx] = 0.0
        prev = levels[d - 1]
        delta.flat[prev] += sigma.flat[prev] * back.flat[prev]
    delta.flat[levels[0]] = 0.0
    return delta.sum(axis=1)


def betweenness(
    graph: Graph, k: int | None = None, seed: int = 0, sources: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Normalised betweenness (networkx's scale, endpoints excluded) and the sources used.

    Exact when ``k`` is None or at least the number of nodes; otherwise ``k`` random pivots.
    """
    n = graph.n
    if sources is None:
        if k is None or k >= n:
            sources = np.arange(n)
        else:
            sources = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
    raw = np.zeros(n)
    block = int(np.clip(CELLS // max(n, 1), 1, 64))
    for lo in range(0, len(sources), block):
        raw += _block_dependencies(graph, sources[lo : lo + block])
    if n <= 2:
        return raw, sources
    ks = len(sources)
    if ks == n:
        return raw / ((n - 1) * (n - 2)), sources
    scale = np.full(n, 1.0 / (ks * (n - 2)))
    scale[sources] = 1.0 / ((ks - 1) * (n - 2)) if ks > 1 else np.nan
    return raw * scale, sources


@dataclass(frozen=True)
class Centrality:
    degree: np.ndarray  # number of distinct co-members
    degree_centrality: np.ndarray  # degree / (n - 1), as networkx
    eigenvector: np.ndarray
    betweenness: np.ndarray | None
    pivots: int  # sources used for betweenness (n = exact)
    nodes: int
    edges: int


def centrality(graph: Graph, k: int, seed: int, with_betweenness: bool = True) -> Centrality:
    """Degree, eigenvector and (sampled) betweenness of every node."""
    A = graph.A
    n = graph.n
    degree = np.diff(A.indptr).astype(float)
    bet, used = betweenness(graph, k=k, seed=seed) if with_betweenness else (None, np.arange(0))
    return Centrality(
        degree,
        degree / (n - 1) if n > 1 else degree,
        eigenvector(graph),
        bet,
        len(used),
        n,
        A.nnz // 2,
    )
