"""Graph stage: turn a :class:`ResolvedCorpus` into an RDF graph.

Documents become ``<base>doc/<file stem>``, entities ``<base><Entity.id>``. Each
relation is written twice: as a direct triple ``?s ukg:<type> ?o`` and as an
``rdf:Statement`` node ``<base>statement/<hash>`` that carries its provenance
(source document, evidence sentence) and qualifiers (role, year, date). The inferred union
hierarchy uses ``org:subOrganizationOf``; its statements are ``prov:wasGeneratedBy`` the
inference activity instead of derived from a document. Statistics become
``ukg:Observation`` nodes (a ``schema:Observation``) about the organisation.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, SKOS, VOID

from kg.model import (ENTITY_TYPES, INFERRED_RELATION_TYPES, RELATION_TYPES, Document, Entity,
                      Observation, Relation, ResolvedCorpus)

DEFAULT_BASE = "https://union-kg.org/id/"
ONTOLOGY = Namespace("https://union-kg.org/ontology#")
ONTOLOGY_IRI = URIRef("https://union-kg.org/ontology")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")

PREFIXES = {
    "rdf": RDF,
    "rdfs": RDFS,
    "ukg": ONTOLOGY,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "org": ORG,
    "foaf": FOAF,
    "owl": OWL,
    "xsd": XSD,
    "void": VOID,
}


def build_graph(corpus: ResolvedCorpus, base: str = DEFAULT_BASE) -> Graph:
    """Return the data graph of ``corpus``, with IRIs minted under ``base``."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("id", Namespace(base))
    _add_dataset_header(graph, base)
    for document in corpus.documents:
        _add_document(graph, document, base)
    for entity in corpus.entities:
        _add_entity(graph, entity, base)
    for relation in corpus.relations:
        _add_relation(graph, relation, base)
    for observation in corpus.observations:
        _add_observation(graph, observation, base)
    return graph


def serialize_turtle(graph: Graph) -> bytes:
    """Turtle, UTF-8. rdflib sorts subjects, predicates and objects, so with every namespace in
    use bound (as :func:`build_graph` does) equal graphs without blank nodes serialise to equal bytes."""
    return graph.serialize(format="turtle", encoding="utf-8")


def document_iri(document_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """``<base>doc/<file stem>`` for a document id such as ``000_7140136955a3941c.txt``."""
    return URIRef(f"{base}doc/{quote(PurePath(document_id).stem, safe='')}")


def entity_iri(entity_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return URIRef(base + entity_id)


def statement_iri(relation: Relation, base: str = DEFAULT_BASE) -> URIRef:
    """A content-addressed IRI: equal relation records share one statement node."""
    fields = [
        relation.type,
        relation.subject,
        relation.object,
        relation.document,
        relation.role,
        relation.year,
        relation.evidence,
    ]
    if relation.date or relation.inferred_by:
        fields += [relation.date, relation.inferred_by]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{base}statement/{digest}")


def _add_dataset_header(graph: Graph, base: str) -> None:
    dataset = URIRef(base)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("union-kg", lang="en")))
    graph.add((dataset, VOID.vocabulary, ONTOLOGY_IRI))
    graph.add((dataset, VOID.uriSpace, Literal(base)))


def _add_document(graph: Graph, document: Document, base: str) -> None:
    node = document_iri(document.id, base)
    graph.add((node, RDF.type, ONTOLOGY.Document))
    graph.add((node, DCTERMS.identifier, Literal(document.id)))
    graph.add((node, DCTERMS.title, Literal(document.title, lang="zh")))


def _add_entity(graph: Graph, entity: Entity, base: str) -> None:
    if entity.type not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {entity.type!r} for {entity.id}")
    node = entity_iri(entity.id, base)
    graph.add((node, RDF.type, ONTOLOGY[entity.type]))
    graph.add((node, RDFS.label, Literal(entity.label, lang="zh")))
    for alias in entity.aliases:
        if alias != entity.label:
            graph.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
    for document_id in entity.documents:
        graph.add((document_iri(document_id, base), SCHEMA.mentions, node))
    for other in entity.close_matches:
        graph.add((node, SKOS.closeMatch, entity_iri(other, base)))


def relation_predicate(relation_type: str) -> URIRef:
    if relation_type in RELATION_TYPES:
        return ONTOLOGY[relation_type]
    if relation_type in INFERRED_RELATION_TYPES:
        return ORG[relation_type]
    raise ValueError(f"unknown relation type {relation_type!r}")


def _date_literal(date: str) -> Literal:
    return Literal(date, datatype=XSD.date if len(date) == 10 else XSD.gYear)


def _add_relation(graph: Graph, relation: Relation, base: str) -> None:
    subject = entity_iri(relation.subject, base)
    predicate = relation_predicate(relation.type)
    obj = entity_iri(relation.object, base)
    graph.add((subject, predicate, obj))

    statement = statement_iri(relation, base)
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, subject))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, obj))
    if relation.inferred_by:
        activity = ONTOLOGY[relation.inferred_by]
        graph.add((statement, PROV.wasGeneratedBy, activity))
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, RDFS.label, Literal("union hierarchy inferred from the administrative divisions",
                                                 lang="en")))
        return
    graph.add((statement, PROV.wasDerivedFrom, document_iri(relation.document, base)))
    graph.add((statement, ONTOLOGY.evidence, Literal(relation.evidence, lang="zh")))
    if relation.role:
        graph.add((statement, ONTOLOGY.role, Literal(relation.role, lang="zh")))
    year = relation.year
    if relation.date and len(relation.date) == 10:
        graph.add((statement, ONTOLOGY.date, _date_literal(relation.date)))
    if year is None and relation.date:
        year = int(relation.date[:4])
    if year is not None:
        graph.add((statement, ONTOLOGY.year, Literal(f"{year:04d}", datatype=XSD.gYear)))


def observation_iri(observation: Observation, base: str = DEFAULT_BASE) -> URIRef:
    fields = [observation.subject, observation.measure, observation.value, observation.unit,
              observation.document, observation.evidence, observation.date]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return URIRef(f"{base}observation/{hashlib.sha1(canonical.encode('utf-8')).hexdigest()[:16]}")


def _add_observation(graph: Graph, observation: Observation, base: str) -> None:
    node = observation_iri(observation, base)
    graph.add((node, RDF.type, ONTOLOGY.Observation))
    graph.add((node, SCHEMA.observationAbout, entity_iri(observation.subject, base)))
    graph.add((node, SCHEMA.variableMeasured, Literal(observation.measure, lang="zh")))
    graph.add((node, SCHEMA.value, Literal(observation.value, datatype=XSD.decimal)))
    graph.add((node, SCHEMA.unitText, Literal(observation.unit, lang="zh")))
    if observation.date:
        graph.add((node, SCHEMA.observationDate, _date_literal(observation.date)))
    graph.add((node, ONTOLOGY.evidence, Literal(observation.evidence, lang="zh")))
    graph.add((node, PROV.wasDerivedFrom, document_iri(observation.document, base)))
