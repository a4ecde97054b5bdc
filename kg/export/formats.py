"""The export formats ``kg build --format`` knows: name → files it writes and how to render them."""

from __future__ import annotations

from typing import Callable

from rdflib import Graph

from kg.export.dataset import render_nquads, render_trig
from kg.export.graphml import render_graphml
from kg.export.jsonld import render_jsonld
from kg.export.neo4j_csv import render_neo4j_csv
from kg.export.ntriples import render_ntriples
from kg.graph import serialize_turtle

DEFAULT_FORMATS = ("ttl",)

# name -> (description, render: graph -> {file name: bytes})
FORMATS: dict[str, tuple[str, Callable[[Graph], dict[str, bytes]]]] = {
    "ttl": ("Turtle, graph.ttl", lambda g: {"graph.ttl": serialize_turtle(g)}),
    "nt": ("N-Triples, graph.nt", lambda g: {"graph.nt": render_ntriples(g)}),
    "nq": ("N-Quads, one named graph per document, graph.nq", lambda g: {"graph.nq": render_nquads(g)}),
    "trig": ("TriG, one named graph per document, graph.trig", lambda g: {"graph.trig": render_trig(g)}),
    "jsonld": ("JSON-LD with ontology/context.jsonld, graph.jsonld", lambda g: {"graph.jsonld": render_jsonld(g)}),
    "graphml": ("GraphML for Gephi/Cytoscape, graph.graphml", lambda g: {"graph.graphml": render_graphml(g)}),
    "csv": ("Neo4j import CSV, nodes.csv and edges.csv", render_neo4j_csv),
}


def parse_formats(text: str) -> tuple[str, ...]:
    """``"ttl,nt"`` → ``("ttl", "nt")``; ``"all"`` → every format. Raises ValueError on an unknown name."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if "all" in names:
        return tuple(FORMATS)
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise ValueError(f"unknown format {', '.join(unknown) or repr(text)}; "
                         f"choose from {','.join(FORMATS)} or all")
    return tuple(dict.fromkeys(names))


def render_formats(graph: Graph, formats: tuple[str, ...] = DEFAULT_FORMATS) -> dict[str, bytes]:
    """Every file of the requested formats, rendered in memory (nothing written yet).

    The Turtle is the reference: the other formats are rendered from the triples read back from
    it, so that every file holds exactly the same RDF terms even where rdflib's Turtle writer
    rewrites a lexical form (it writes ``"195"^^xsd:decimal`` as ``195.0``)."""
    turtle = serialize_turtle(graph)
    if set(formats) - {"ttl"}:
        reread = Graph(bind_namespaces="none")
        for prefix, namespace in graph.namespaces():
            reread.bind(prefix, namespace)
        graph = reread.parse(data=turtle, format="turtle")
    files: dict[str, bytes] = {}
    for name in formats:
        files.update({"graph.ttl": turtle} if name == "ttl" else FORMATS[name][1](graph))
    return files
