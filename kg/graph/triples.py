"""The graph stage as a stream: a :class:`ResolvedCorpus` → RDF triples, grouped by subject.

Each subject's triples come as one block (:class:`Block`), already encoded as N-Triples terms,
so that writers can put them to disk as they are made: N-Triples one line per triple, Turtle
one paragraph per subject (:mod:`kg.export.stream`). Nothing here holds the whole graph; the
order is fixed (header, documents, entities with their direct relations, statements,
observations, each sorted), so the same corpus gives the same bytes.

Documents become ``<base>doc/<file stem>``, entities ``<base><Entity.id>``. Each relation is
written twice: as a direct triple ``?s ukg:<type> ?o`` and as an ``rdf:Statement`` node
``<base>statement/<hash>`` that carries its provenance (source document, evidence sentence)
and qualifiers (role, year, date). The inferred union hierarchy uses ``org:subOrganizationOf``;
its statements are ``prov:wasGeneratedBy`` the inference activity instead of derived from a
document. Statistics become ``ukg:Observation`` nodes (a ``schema:Observation``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring as encode_json_string
from pathlib import PurePath
from typing import Iterator
from urllib.parse import quote

from kg.model import (
    ENTITY_TYPES,
    INFERRED_RELATION_TYPES,
    RELATION_TYPES,
    Observation,
    Relation,
    ResolvedCorpus,
)

DEFAULT_BASE = "https://union-kg.org/id/"
ONTOLOGY_NS = "https://union-kg.org/ontology#"
ONTOLOGY_IRI = "https://union-kg.org/ontology"

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "ukg": ONTOLOGY_NS,
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "void": "http://rdfs.org/ns/void#",
}
RDF, RDFS, UKG, SCHEMA, SKOS, PROV, DCTERMS, ORG, XSD, VOID = (
    PREFIXES[p] for p in ("rdf", "rdfs", "ukg", "schema", "skos", "prov", "dcterms", "org", "xsd", "void"))

HIERARCHY_LABEL = "union hierarchy inferred from the administrative divisions"


def iri(value: str) -> str:
    return f"<{value}>"


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f]')


def _escape_char(match: re.Match) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def literal(text: str, language: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples (and Turtle) literal: quotes, backslashes and control characters escaped."""
    body = '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'
    if language:
        return f"{body}@{language}"
    if datatype:
        return f"{body}^^<{datatype}>"
    return body


@lru_cache(maxsize=1 << 16)
def document_iri(document_id: str, base: str = DEFAULT_BASE) -> str:
    """``<base>doc/<file stem>`` for an article such as ``000_7140136955a3941c.txt``; the whole file
    name where the stem would be ambiguous (another suffix, ``a.md``, or a dot in the stem,
    ``a.md.txt``), so that two files never share an IRI and none ends in a ``.`` or ``..`` segment
    (``..txt``). Percent-encoded."""
    name = PurePath(document_id).name
    stem = name[:-len(".txt")] if name.endswith(".txt") else ""
    return f"{base}doc/{quote(stem if stem and '.' not in stem else name, safe='')}"


def entity_iri(entity_id: str, base: str = DEFAULT_BASE) -> str:
    return base + entity_id


def _json_value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_json_string(value)
    return json.dumps(value)


def _digest(fields: list) -> str:
    """The first 16 hex digits of the SHA-1 of ``fields`` as compact JSON (what
    ``json.dumps(fields, ensure_ascii=False, separators=(",", ":"))`` writes, built faster)."""
    canonical = "[" + ",".join(map(_json_value, fields)) + "]"
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]


def statement_iri(relation: Relation, base: str = DEFAULT_BASE) -> str:
    """A content-addressed IRI: equal relation records share one statement node."""
    fields = [relation.type, relation.subject, relation.object, relation.document, relation.role, relation.year,
              relation.evidence]
    if relation.date or relation.inferred_by:
        fields += [relation.date, relation.inferred_by]
    return f"{base}statement/{_digest(fields)}"


def observation_iri(observation: Observation, base: str = DEFAULT_BASE) -> str:
    fields = [observation.subject, observation.measure, observation.value, observation.unit,
              observation.document, observation.evidence, observation.date]
    return f"{base}observation/{_digest(fields)}"


def relation_predicate(relation_type: str) -> str:
    if relation_type in RELATION_TYPES:
        return UKG + relation_type
    if relation_type in INFERRED_RELATION_TYPES:
        return ORG + relation_type
    raise ValueError(f"unknown relation type {relation_type!r}")


def _date_literal(date: str) -> str:
    return literal(date, datatype=XSD + ("date" if len(date) == 10 else "gYear"))


def _decimal_literal(value: str) -> str:
    return literal(value, datatype=XSD + "decimal")


@dataclass(frozen=True)
class Block:
    """One subject and its (predicate, object) pairs, all encoded as N-Triples terms."""

    subject: str
    pairs: tuple[tuple[str, str], ...]


def graph_blocks(corpus: ResolvedCorpus, base: str = DEFAULT_BASE) -> Iterator[Block]:
    """Every triple of ``corpus``'s graph, one block per subject, in a fixed order."""
    a = iri(RDF + "type")
    yield Block(iri(base), ((a, iri(VOID + "Dataset")), (iri(DCTERMS + "title"), literal("union-kg", "en")),
                            (iri(VOID + "uriSpace"), literal(base)), (iri(VOID + "vocabulary"), iri(ONTOLOGY_IRI))))

    mentioned: dict[str, list[str]] = defaultdict(list)
    for entity in corpus.entities:
        for document_id in entity.documents:
            mentioned[document_id].append(entity.id)
    for document in corpus.documents:
        pairs = [(a, iri(UKG + "Document")), (iri(DCTERMS + "identifier"), literal(document.id)),
                 (iri(DCTERMS + "title"), literal(document.title, "zh"))]
        pairs += [(iri(SCHEMA + "mentions"), iri(entity_iri(e, base))) for e in sorted(mentioned.pop(document.id, ()))]
        yield Block(iri(document_iri(document.id, base)), tuple(pairs))

    outgoing: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for relation in corpus.relations:
        outgoing[relation.subject].add((iri(relation_predicate(relation.type)), iri(entity_iri(relation.object, base))))
    for entity in corpus.entities:
        if entity.type not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {entity.type!r} for {entity.id}")
        pairs = [(a, iri(UKG + entity.type)), (iri(RDFS + "label"), literal(entity.label, "zh"))]
        pairs += [(iri(SKOS + "altLabel"), literal(alias, "zh")) for alias in entity.aliases if alias != entity.label]
        pairs += [(iri(SKOS + "closeMatch"), iri(entity_iri(other, base))) for other in entity.close_matches]
        pairs += sorted(outgoing.pop(entity.id, ()))
        yield Block(iri(entity_iri(entity.id, base)), tuple(pairs))

    for activity in sorted({relation.inferred_by for relation in corpus.relations if relation.inferred_by}):
        yield Block(iri(UKG + activity), ((a, iri(PROV + "Activity")),
                                          (iri(RDFS + "label"), literal(HIERARCHY_LABEL, "en"))))
    for relation in corpus.relations:
        yield _statement_block(relation, base)
    for observation in corpus.observations:
        yield _observation_block(observation, base)


def _statement_block(relation: Relation, base: str) -> Block:
    a = iri(RDF + "type")
    pairs = [(a, iri(RDF + "Statement")), (iri(RDF + "subject"), iri(entity_iri(relation.subject, base))),
             (iri(RDF + "predicate"), iri(relation_predicate(relation.type))),
             (iri(RDF + "object"), iri(entity_iri(relation.object, base)))]
    if relation.inferred_by:
        pairs.append((iri(PROV + "wasGeneratedBy"), iri(UKG + relation.inferred_by)))
        return Block(iri(statement_iri(relation, base)), tuple(pairs))
    pairs.append((iri(PROV + "wasDerivedFrom"), iri(document_iri(relation.document, base))))
    pairs.append((iri(UKG + "evidence"), literal(relation.evidence, "zh")))
    if relation.role:
        pairs.append((iri(UKG + "role"), literal(relation.role, "zh")))
    year = relation.year
    if relation.date and len(relation.date) == 10:
        pairs.append((iri(UKG + "date"), _date_literal(relation.date)))
    if year is None and relation.date:
        year = int(relation.date[:4])
    if year is not None:
        pairs.append((iri(UKG + "year"), literal(f"{year:04d}", datatype=XSD + "gYear")))
    return Block(iri(statement_iri(relation, base)), tuple(pairs))


def _observation_block(observation: Observation, base: str) -> Block:
    pairs = [(iri(RDF + "type"), iri(UKG + "Observation")),
             (iri(SCHEMA + "observationAbout"), iri(entity_iri(observation.subject, base))),
             (iri(SCHEMA + "variableMeasured"), literal(observation.measure, "zh")),
             (iri(SCHEMA + "value"), _decimal_literal(observation.value)),
             (iri(SCHEMA + "unitText"), literal(observation.unit, "zh"))]
    if observation.date:
        pairs.append((iri(SCHEMA + "observationDate"), _date_literal(observation.date)))
    pairs.append((iri(UKG + "evidence"), literal(observation.evidence, "zh")))
    pairs.append((iri(PROV + "wasDerivedFrom"), iri(document_iri(observation.document, base))))
    return Block(iri(observation_iri(observation, base)), tuple(pairs))


def stating_documents(corpus: ResolvedCorpus, base: str = DEFAULT_BASE) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """Each direct relation triple (encoded terms) → the IRIs (encoded) of the documents that state it:
    the named graphs it belongs to in the N-Quads and TriG datasets."""
    stated: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for relation in corpus.relations:
        if relation.document:
            triple = (iri(entity_iri(relation.subject, base)), iri(relation_predicate(relation.type)),
                      iri(entity_iri(relation.object, base)))
            stated[triple].add(iri(document_iri(relation.document, base)))
    return {triple: tuple(sorted(documents)) for triple, documents in stated.items()}


def ntriples(block: Block) -> str:
    """The block's triples as N-Triples lines."""
    subject = block.subject
    return "".join(f"{subject} {predicate} {obj} .\n" for predicate, obj in block.pairs)
