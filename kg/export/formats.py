"""The export formats ``kg build --format`` knows: name → files it writes and how to render them."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from rdflib import Graph


def _renderer(module: str, function: str, file_name: str | None = None) -> Callable[["Graph"], dict[str, bytes]]:
    """``module.function`` imported on first use (so that naming formats loads no RDF library); with
    ``file_name``, its bytes become that file."""
    def render(graph: "Graph") -> dict[str, bytes]:
        rendered = getattr(import_module(module), function)(graph)
        return {file_name: rendered} if file_name else rendered
    return render

DEFAULT_FORMATS = ("ttl",)

# name -> (description, render: graph -> {file name: bytes})
FORMATS: dict[str, tuple[str, Callable[[Graph], dict[str, bytes]]]] = {
    "ttl": ("Turtle, graph.ttl", _renderer("kg.graph.rdf", "serialize_turtle", "graph.ttl")),
    "nt": ("N-Triples, graph.nt", _renderer("kg.export.ntriples", "render_ntriples", "graph.nt")),
    "nq": ("N-Quads, one named graph per document, graph.nq",
           _renderer("kg.export.dataset", "render_nquads", "graph.nq")),
    "trig": ("TriG, one named graph per document, graph.trig",
             _renderer("kg.export.dataset", "render_trig", "graph.trig")),
    "jsonld": ("JSON-LD with ontology/context.jsonld, graph.jsonld",
               _renderer("kg.export.jsonld", "render_jsonld", "graph.jsonld")),
    "graphml": ("GraphML for Gephi/Cytoscape, graph.graphml",
                _renderer("kg.export.graphml", "render_graphml", "graph.graphml")),
    "csv": ("Neo4j import CSV, nodes.csv and edges.csv", _renderer("kg.export.neo4j_csv", "render_neo4j_csv")),
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


def render_formats(graph: "Graph", formats: tuple[str, ...] = DEFAULT_FORMATS) -> dict[str, bytes]:
    """Every file of the requested formats rendered in memory from an rdflib Graph (``kg build``
    streams Turtle and N-Triples instead, see :mod:`kg.export.stream`).

    The Turtle is the reference: the other formats are rendered from the triples read back from
    it, so that every file holds exactly the same RDF terms even where rdflib's Turtle writer
    rewrites a lexical form (it writes ``"195"^^xsd:decimal`` as ``195.0``)."""
    from rdflib import Graph

    from kg.graph.rdf import serialize_turtle

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
