"""The RDF graph read as a property graph (nodes and edges with attributes), for GraphML and Neo4j.

Nodes are the entities: IRIs with an ``rdfs:label`` and a class in the ontology's namespace
other than ``ukg:Document``. Edges are the relations between two entities: one per
``rdf:Statement`` (with role, year, date, source document or generating activity, evidence),
plus one per direct entity-to-entity triple that no statement describes (``skos:closeMatch``…).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.graph.rdf import ONTOLOGY

UKG = str(ONTOLOGY)


@dataclass(frozen=True)
class Node:
    id: str  # the entity IRI
    label: str
    type: str  # the class's local name, e.g. "Union"
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Edge:
    id: str  # the statement IRI, or a hash of the triple
    source: str
    target: str
    type: str  # the predicate's local name, e.g. "holdsPosition"
    role: str | None = None
    year: int | None = None
    date: str | None = None
    document: str | None = None  # dcterms:identifier of the source document (or its IRI)
    generated_by: str | None = None  # the activity that inferred it, when not from a document
    evidence: str | None = None


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def _first(graph: Graph, node, predicate) -> str | None:
    values = sorted(str(v) for v in graph.objects(node, predicate))
    return values[0] if values else None


def _year(lexical: str | None) -> int | None:
    digits = (lexical or "").lstrip("-")[:4]
    return int(digits) if len(digits) == 4 and digits.isdigit() else None


def nodes(graph: Graph) -> list[Node]:
    found = []
    for subject in sorted({s for s in graph.subjects(RDFS.label) if isinstance(s, URIRef)}):
        classes = sorted(str(c) for c in graph.objects(subject, RDF.type)
                         if str(c).startswith(UKG) and c != ONTOLOGY.Document)
        if not classes:
            continue
        aliases = tuple(sorted({str(a) for a in graph.objects(subject, SKOS.altLabel)}))
        found.append(Node(str(subject), _first(graph, subject, RDFS.label), local_name(classes[0]), aliases))
    return found


def _source(graph: Graph, statement) -> tuple[str | None, str | None]:
    documents = sorted(graph.objects(statement, PROV.wasDerivedFrom))
    document = None
    if documents:
        document = _first(graph, documents[0], DCTERMS.identifier) or str(documents[0])
    activity = _first(graph, statement, PROV.wasGeneratedBy)
    return document, activity


def edges(graph: Graph, entity_ids: set[str] | None = None) -> list[Edge]:
    if entity_ids is None:
        entity_ids = {node.id for node in nodes(graph)}
    found, described = [], set()
    for statement in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(statement, term) for term in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        described.add((s, p, o))
        if str(s) not in entity_ids or str(o) not in entity_ids:
            continue
        document, activity = _source(graph, statement)
        found.append(Edge(
            str(statement), str(s), str(o), local_name(str(p)),
            role=_first(graph, statement, ONTOLOGY.role),
            year=_year(_first(graph, statement, ONTOLOGY.year)),
            date=_first(graph, statement, ONTOLOGY.date),
            document=document, generated_by=activity,
            evidence=_first(graph, statement, ONTOLOGY.evidence),
        ))
    for s, p, o in graph:
        if str(s) in entity_ids and str(o) in entity_ids and isinstance(o, URIRef) \
                and p != RDF.type and (s, p, o) not in described:
            digest = hashlib.sha1(f"{s} {p} {o}".encode("utf-8")).hexdigest()[:16]
            found.append(Edge(f"triple/{digest}", str(s), str(o), local_name(str(p))))
    return sorted(found, key=lambda e: (e.source, e.target, e.type, e.id))
