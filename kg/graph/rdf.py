"""Graph stage, in memory: the blocks of :mod:`kg.graph.triples` as an rdflib Graph.

The streaming writers (:mod:`kg.export.stream`) put the same triples to disk without holding
them; this Graph is for what needs the whole graph at once: SHACL validation, the in-memory
export formats (N-Quads, TriG, JSON-LD, GraphML, CSV) and tests.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef

from kg.graph import triples
from kg.graph.triples import DEFAULT_BASE, graph_blocks, ntriples
from kg.model import ResolvedCorpus

ONTOLOGY = Namespace(triples.ONTOLOGY_NS)
ONTOLOGY_IRI = URIRef(triples.ONTOLOGY_IRI)
ORG = Namespace(triples.ORG)
PREFIXES = {prefix: Namespace(namespace) for prefix, namespace in triples.PREFIXES.items()}

__all__ = ["DEFAULT_BASE", "ONTOLOGY", "ONTOLOGY_IRI", "ORG", "PREFIXES", "build_graph", "serialize_turtle"]


def build_graph(corpus: ResolvedCorpus, base: str = DEFAULT_BASE) -> Graph:
    """The data graph of ``corpus``, with IRIs minted under ``base``: the N-Triples of its blocks, parsed."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("id", Namespace(base))
    graph.parse(data="".join(ntriples(block) for block in graph_blocks(corpus, base)), format="nt")
    return graph


def serialize_turtle(graph: Graph) -> bytes:
    """Turtle of an rdflib Graph, UTF-8 (rdflib sorts subjects, predicates and objects)."""
    return graph.serialize(format="turtle", encoding="utf-8")
