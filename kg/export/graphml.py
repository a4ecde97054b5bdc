"""GraphML export (networkx) for Gephi and Cytoscape: entities as nodes, relations as edges.

Nodes carry ``label`` (what Gephi shows), ``type`` and ``aliases`` ("; "-joined); edges carry
``label`` and ``type`` (the relation), and where known ``role``, ``year`` (an int),
``date``, ``document``, ``generatedBy`` and ``evidence``. Absent attributes are left out rather
than written empty. Nodes and edges are added in sorted order, so the file is deterministic.
XML 1.0 cannot hold most control characters, not even as references: text shows them as their
Control Pictures (U+0001 → ␁), and U+FFFE/U+FFFF as U+FFFD.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.export.property_graph import edges, nodes
from kg.files import write_atomic

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """``value`` with the characters XML 1.0 forbids replaced by visible stand-ins (non-strings as they are)."""
    if not isinstance(value, str):
        return value
    return _NOT_XML.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() < " " else "\ufffd", value)


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    network = nx.MultiDiGraph()
    entity_nodes = nodes(graph)
    for node in entity_nodes:
        attributes = {"label": xml_text(node.label), "type": node.type}
        if node.aliases:
            attributes["aliases"] = xml_text("; ".join(node.aliases))
        network.add_node(node.id, **attributes)
    for edge in edges(graph, {node.id for node in entity_nodes}):
        attributes = {"label": f"{edge.type} {edge.role}" if edge.role else edge.type, "type": edge.type,
                      "role": edge.role, "year": edge.year, "date": edge.date, "document": edge.document,
                      "generatedBy": edge.generated_by, "evidence": edge.evidence}
        network.add_edge(edge.source, edge.target, key=edge.id,
                         **{name: xml_text(value) for name, value in attributes.items() if value is not None})
    return network


def render_graphml(graph: Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def write_graphml(graph: Graph, path: str | os.PathLike) -> Path:
    return write_atomic(path, render_graphml(graph))
