"""N-Triples export: one triple per line, lines sorted, for bulk loaders.

Terms are converted from rdflib to pyoxigraph, whose serialiser writes strict N-Triples
(UTF-8, canonical escapes); sorting the lines makes the bytes depend only on the triples.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef

from kg.files import write_atomic


def to_oxigraph(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term (lexical forms kept as they are)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an RDF term")


def from_oxigraph(term: ox.NamedNode | ox.BlankNode | ox.Literal):
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads``, with blank nodes (if any) relabelled by RDF canonicalisation (RDFC-1.0), so that
    their labels depend on the graph only, not on the parser or the process."""
    quads = list(quads)
    if any(isinstance(term, ox.BlankNode) for quad in quads for term in (quad.subject, quad.object)):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    return quads


def oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """The triples of ``graph`` as pyoxigraph triples, blank nodes canonically labelled."""
    quads = (ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)
    return [quad.triple for quad in canonical_quads(quads)]


def stable_blank_nodes(graph: Graph) -> Graph:
    """``graph`` itself when it has no blank nodes, else a copy with canonical blank-node labels."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in oxigraph_triples(graph):
        copy.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))
    return copy


def sorted_lines(data: bytes) -> bytes:
    """The lines of a line-based RDF serialisation, deduplicated and sorted bytewise."""
    lines = sorted({line for line in data.split(b"\n") if line.strip()})
    return b"".join(line + b"\n" for line in lines)


def serialize_lines(statements: Iterable[ox.Triple | ox.Quad], format: ox.RdfFormat) -> bytes:
    return sorted_lines(ox.serialize(list(statements), format=format))


def render_ntriples(graph: Graph) -> bytes:
    """``graph`` as sorted N-Triples, UTF-8."""
    return serialize_lines(oxigraph_triples(graph), ox.RdfFormat.N_TRIPLES)


def write_ntriples(graph: Graph, path: str | os.PathLike) -> Path:
    return write_atomic(path, render_ntriples(graph))
