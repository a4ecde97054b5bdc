"""N-Quads and TriG export: the graph split into one named graph per source document.

Partition rule (computed from the triples, no predicate lists):

- every triple whose subject has ``prov:wasDerivedFrom <doc>`` goes in graph ``<doc>``
  (statement nodes, observations, anything derived from an article; in each such document);
- a direct relation triple ``?s ?p ?o`` goes in the graph of every document that has a
  statement node ``rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o`` derived from it;
- everything else (dataset header, documents, entities and labels, and whatever was
  inferred, i.e. ``prov:wasGeneratedBy`` instead of ``wasDerivedFrom``) stays in the default graph.

The ontology (``ontology/union-kg.ttl``) is added in its own graph ``<https://union-kg.org/ontology>``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV

from kg.export.ntriples import canonical_quads, serialize_lines, to_oxigraph
from kg.files import write_atomic
from kg.graph.rdf import ONTOLOGY_IRI, PREFIXES

ONTOLOGY_FILE = Path(__file__).resolve().parents[2] / "ontology" / "union-kg.ttl"


@lru_cache(maxsize=1)
def _ontology() -> tuple[tuple[ox.Quad, ...], tuple[tuple[str, str], ...]]:
    """The ontology's quads (in its named graph) and the prefixes its file declares."""
    parser = ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    graph_name = ox.NamedNode(str(ONTOLOGY_IRI))
    quads = tuple(ox.Quad(q.subject, q.predicate, q.object, graph_name) for q in parser)
    return quads, tuple(sorted(parser.prefixes.items()))


def ontology_quads() -> list[ox.Quad]:
    return list(_ontology()[0])


def ontology_nquads() -> str:
    """The ontology's quads as sorted N-Quads lines (the end of a streamed graph.nq)."""
    return serialize_lines(canonical_quads(ontology_quads()), ox.RdfFormat.N_QUADS).decode("utf-8")


def document_graphs(graph: Graph) -> dict[tuple, set[URIRef]]:
    """For each triple that belongs to a document's named graph, the documents it belongs to."""
    derived: dict = defaultdict(set)
    for node, document in graph.subject_objects(PROV.wasDerivedFrom):
        derived[node].add(document)
    placement: dict[tuple, set[URIRef]] = defaultdict(set)
    for triple in graph:
        if triple[0] in derived:
            placement[triple] |= derived[triple[0]]
    for statement in graph.subjects(RDF.type, RDF.Statement):
        documents = derived.get(statement)
        if not documents:
            continue
        for s in graph.objects(statement, RDF.subject):
            for p in graph.objects(statement, RDF.predicate):
                for o in graph.objects(statement, RDF.object):
                    if (s, p, o) in graph:
                        placement[(s, p, o)] |= documents
    return placement


def dataset_quads(graph: Graph, with_ontology: bool = True) -> list[ox.Quad]:
    """The quads of the dataset: data triples placed by the partition rule, plus the ontology."""
    placement = document_graphs(graph)
    quads = []
    for triple in graph:
        s, p, o = (to_oxigraph(term) for term in triple)
        for document in placement.get(triple) or (None,):
            name = ox.DefaultGraph() if document is None else to_oxigraph(document)
            quads.append(ox.Quad(s, p, o, name))
    if with_ontology:
        quads.extend(ontology_quads())
    return canonical_quads(quads)


def prefixes() -> dict[str, str]:
    """Prefixes for TriG: the ontology file's and the graph module's. Entity IRIs stay written
    in full, as in the Turtle (their local names contain ``/``, which a prefixed name must escape)."""
    found = dict(_ontology()[1])
    found.update({prefix: str(namespace) for prefix, namespace in PREFIXES.items()})
    return dict(sorted(found.items()))


def _sort_key(quad: ox.Quad) -> tuple:
    graph_name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return (graph_name, str(quad.subject), str(quad.predicate), str(quad.object))


def render_nquads(graph: Graph) -> bytes:
    """The dataset as sorted N-Quads, UTF-8."""
    return serialize_lines(dataset_quads(graph), ox.RdfFormat.N_QUADS)


def render_trig(graph: Graph) -> bytes:
    """The dataset as TriG: default graph first, then named graphs by IRI, quads sorted within."""
    quads = sorted(dataset_quads(graph), key=_sort_key)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes())


def write_nquads(graph: Graph, path: str | os.PathLike) -> Path:
    return write_atomic(path, render_nquads(graph))


def write_trig(graph: Graph, path: str | os.PathLike) -> Path:
    return write_atomic(path, render_trig(graph))
