"""Neo4j CSV export: ``nodes.csv`` and ``edges.csv`` in the layout of ``neo4j-admin database import full``.

    nodes.csv  id:ID,name,type,aliases:string[],:LABEL
    edges.csv  :START_ID,:END_ID,:TYPE,role,year:int,document,evidence

Node ids are the entity IRIs; the label is the entity's class (Union, Person…); aliases use
Neo4j's default array delimiter ``;`` (a ``;`` inside an alias is written as ``；``). Empty
fields mean "no value". Quoting is the ``csv`` module's (RFC 4180, as Neo4j reads it); rows are
sorted and lines end in ``\\n``, so equal graphs give equal bytes.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from rdflib import Graph

from kg.export.property_graph import edges, nodes
from kg.files import write_atomic

NODE_HEADER = ["id:ID", "name", "type", "aliases:string[]", ":LABEL"]
EDGE_HEADER = [":START_ID", ":END_ID", ":TYPE", "role", "year:int", "document", "evidence"]


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    return buffer.getvalue().encode("utf-8")


def render_neo4j_csv(graph: Graph) -> dict[str, bytes]:
    """``{"nodes.csv": …, "edges.csv": …}``."""
    entity_nodes = nodes(graph)
    node_rows = [[n.id, n.label, n.type, ";".join(a.replace(";", "；") for a in n.aliases), n.type]
                 for n in entity_nodes]
    edge_rows = [[e.source, e.target, e.type, e.role or "", "" if e.year is None else str(e.year),
                  e.document or "", e.evidence or ""]
                 for e in edges(graph, {n.id for n in entity_nodes})]
    return {"nodes.csv": _csv(NODE_HEADER, node_rows), "edges.csv": _csv(EDGE_HEADER, edge_rows)}


def write_neo4j_csv(graph: Graph, folder: str | os.PathLike) -> list[Path]:
    return [write_atomic(Path(folder) / name, data) for name, data in render_neo4j_csv(graph).items()]
