"""GraphML export (networkx) for Gephi and Cytoscape: entities as nodes, relations as edges.

Nodes carry ``label`` (what Gephi shows), ``type`` and ``aliases`` ("; "-joined); edges carry
``label`` and ``type`` (the relation), and where known ``role``, ``year`` (an int),
``date``, ``document``, ``generatedBy`` and ``evidence``. Absent attributes are left out rather
than written empty. Nodes and edges are added in sorted order, so the file is deterministic.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.export.property_graph import edges, nodes
from kg.files import write_atomic


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    network = nx.MultiDiGraph()
    entity_nodes = nodes(graph)
    for node in entity_nodes:
        attributes = {"label": node.label, "type": node.type}
        if node.aliases:
            attributes["aliases"] = "; ".join(node.aliases)
        network.add_node(node.id, **attributes)
    for edge in edges(graph, {node.id for node in entity_nodes}):
        attributes = {"label": f"{edge.type} {edge.role}" if edge.role else edge.type, "type": edge.type,
                      "role": edge.role, "year": edge.year, "date": edge.date, "document": edge.document,
                      "generatedBy": edge.generated_by, "evidence": edge.evidence}
        network.add_edge(edge.source, edge.target, key=edge.id,
                         **{name: value for name, value in attributes.items() if value is not None})
    return network


def render_graphml(graph: Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def write_graphml(graph: Graph, path: str | os.PathLike) -> Path:
    return write_atomic(path, render_graphml(graph))
