"""Node positions for graph.html, computed before the page opens so that it paints once and stays put.

Each connected component is laid out on its own by a force-directed (Fruchterman-Reingold)
simulation whose repulsion only acts between a node and its nearest others within a cut-off
(found with a k-d tree), so the cost grows linearly and 2,000 nodes lay out in about a second;
hubs repel more, as in ForceAtlas2, so that they stand apart; components are then packed in rows,
largest first, and entities with no relation go in a grid below, grouped by type. Same graph,
same positions: the start is seeded and the result is rounded to whole units.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence

import networkx as nx
import numpy as np

EDGE_LENGTH = 130.0  # ideal distance between two related nodes, in canvas units
ITERATIONS = 180
NEIGHBOURS = 16  # each node is pushed by at most this many nearest others: the cost stays linear
REFRESH = 4  # steps between two look-ups of the nearest others
SEED = 42
COMPONENT_GAP = 160.0
GRID_STEP_X, GRID_STEP_Y = 120.0, 70.0


def layout(graph: nx.Graph, order: Callable[[Hashable], tuple], group: Callable[[Hashable], int]) -> dict:
    """``{node: (x, y)}`` for every node of ``graph`` (undirected view of the drawn graph).

    ``order`` gives each node's sort key (for a deterministic order), ``group`` the rank of the
    group an isolated node is shown with (its type)."""
    isolated = sorted((node for node, degree in graph.degree() if degree == 0), key=lambda n: (group(n), order(n)))
    components = [sorted(c, key=order) for c in nx.connected_components(graph) if len(c) > 1]
    components.sort(key=lambda nodes: (-len(nodes), order(nodes[0])))

    placed = [_component_layout(graph, nodes) for nodes in components]
    positions: dict = {}
    bottom = _pack(placed, positions)
    _grid(isolated, group, positions, top=bottom + (COMPONENT_GAP if placed else 0.0),
          width=max((x for x, _y in positions.values()), default=0.0))
    return {node: (round(float(x)), round(float(y))) for node, (x, y) in positions.items()}


def _component_layout(graph: nx.Graph, nodes: Sequence) -> tuple[Sequence, np.ndarray]:
    """Positions of one connected component, centred on the origin."""
    from scipy.spatial import cKDTree  # imported when a component is laid out: scipy takes 0.2 s to load

    count = len(nodes)
    if count == 2:
        return nodes, np.array([[-EDGE_LENGTH / 2, 0.0], [EDGE_LENGTH / 2, 0.0]])
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array(sorted({tuple(sorted((index[a], index[b]))) for a, b in graph.subgraph(nodes).edges()
                             if a != b}), dtype=np.int64).reshape(-1, 2)
    degree = np.bincount(edges.ravel(), minlength=count).astype(float)
    mass = np.sqrt(degree + 1.0)  # hubs push harder, as in ForceAtlas2, so that they stand apart
    rng = np.random.default_rng(SEED)
    radius = EDGE_LENGTH * math.sqrt(count) / 2
    positions = rng.uniform(-radius, radius, size=(count, 2))
    k = EDGE_LENGTH
    cutoff = 5 * k
    neighbours = min(NEIGHBOURS, count - 1)
    temperature = radius / 2
    cooling = temperature / (ITERATIONS + 1)
    source = target = np.zeros(0, dtype=np.int64)
    for step in range(ITERATIONS):
        if step % REFRESH == 0:  # who is near whom changes slowly: look it up every few steps
            _distance, nearest = cKDTree(positions).query(positions, k=neighbours + 1, distance_upper_bound=cutoff)
            source = np.repeat(np.arange(count), neighbours + 1)
            target = nearest.ravel()
            near = (target < count) & (target != source)
            source, target = source[near], target[near]
        delta = positions[source] - positions[target]
        distance = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1.0)
        force = _sum_by(source, delta * (k * k * mass[source] * mass[target] / distance ** 2)[:, None], count)
        delta = positions[edges[:, 0]] - positions[edges[:, 1]]
        distance = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1.0)
        pull = delta * (distance / k)[:, None]
        force -= _sum_by(edges[:, 0], pull, count)
        force += _sum_by(edges[:, 1], pull, count)
        force -= 0.02 * (positions - positions.mean(axis=0))  # a little gravity keeps leaves close
        force /= mass[:, None]
        length = np.maximum(np.hypot(force[:, 0], force[:, 1]), 1e-9)
        positions += force * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return nodes, positions - (positions.min(axis=0) + positions.max(axis=0)) / 2


def _sum_by(index: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """Row sums of ``values`` grouped by ``index`` into ``count`` rows."""
    return np.stack([np.bincount(index, weights=values[:, 0], minlength=count),
                     np.bincount(index, weights=values[:, 1], minlength=count)], axis=1)


def _pack(placed: list[tuple[Sequence, np.ndarray]], positions: dict) -> float:
    """Put the components in rows, left to right, largest first; return the y of the lowest one's bottom."""
    if not placed:
        return 0.0
    sizes = [(pts.max(axis=0) - pts.min(axis=0)) + COMPONENT_GAP for _nodes, pts in placed]
    row_width = max(max(float(size[0]) for size in sizes), math.sqrt(sum(float(s[0] * s[1]) for s in sizes)) * 1.3)
    x = y = row_height = 0.0
    for (nodes, pts), size in zip(placed, sizes):
        width, height = float(size[0]), float(size[1])
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        corner = pts.min(axis=0)
        for node, (px, py) in zip(nodes, pts):
            positions[node] = (x + px - corner[0], y + py - corner[1])
        x += width
        row_height = max(row_height, height)
    return y + row_height - COMPONENT_GAP


def _grid(nodes: list, group: Callable[[Hashable], int], positions: dict, *, top: float, width: float) -> None:
    """Isolated nodes in rows below the components; each group (type) starts a new row."""
    columns = max(8, int(width // GRID_STEP_X) + 1)
    y = top
    previous = None
    column = 0
    for node in nodes:
        if previous is not None and (group(node) != previous or column == columns):
            y += GRID_STEP_Y * (1.6 if group(node) != previous else 1.0)
            column = 0
        positions[node] = (column * GRID_STEP_X, y)
        column += 1
        previous = group(node)
