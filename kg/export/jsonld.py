"""JSON-LD export: the graph as plain-looking JSON under the published context ``ontology/context.jsonld``.

The context is embedded, so the file expands offline to exactly the triples of the Turtle.
Each node is one object (``id``, ``type``, then properties in key order), nodes sorted by
``id``. A value uses a context term when the term's coercion fits it (``"label": "盛林"`` means
``"盛林"@zh``); any other value is written in full under a compact IRI key
(``"dcterms:title": {"@value": "union-kg", "@language": "en"}``), so new predicates need no
change here. Multi-valued terms (``"@container": "@set"``) are always arrays; values are sorted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from kg.export.ntriples import stable_blank_nodes
from kg.files import write_atomic

CONTEXT_FILE = Path(__file__).resolve().parents[2] / "ontology" / "context.jsonld"


@dataclass(frozen=True)
class Term:
    name: str
    iri: str
    type: str | None  # "@id", "@vocab", a datatype IRI, or None
    language: str | None
    is_set: bool


@dataclass(frozen=True)
class Context:
    document: dict  # the "@context" object as published
    vocab: str | None
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace), longest namespace first
    terms: dict[str, Term]
    terms_by_iri: dict[str, list[Term]]  # for each IRI, the terms that map to it, by name

    def expand(self, value: str) -> str:
        """A compact IRI or absolute IRI, expanded."""
        prefix, colon, rest = value.partition(":")
        if colon and not rest.startswith("//"):
            for name, namespace in self.prefixes:
                if name == prefix:
                    return namespace + rest
        return value

    def compact_iri(self, iri: str) -> str:
        """``prefix:local`` when a prefix fits, else the IRI itself."""
        for name, namespace in self.prefixes:
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{name}:{local}"
        return iri

    def compact_vocab(self, iri: str) -> str:
        """A type or ``@vocab``-coerced value: the bare local name when it expands back to ``iri``."""
        if self.vocab and iri.startswith(self.vocab):
            local = iri[len(self.vocab):]
            term = self.terms.get(local)
            if local and ":" not in local and not local.startswith("@") and local not in ("id", "type") \
                    and (term is None or term.iri == iri):
                return local
        return self.compact_iri(iri)


@lru_cache(maxsize=1)
def load_context(path: str = str(CONTEXT_FILE)) -> Context:
    """Read the published context and index its terms."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))["@context"]
    prefixes = sorted(((k, v) for k, v in document.items()
                       if isinstance(v, str) and not k.startswith("@") and v[-1:] in ("#", "/")),
                      key=lambda item: (-len(item[1]), item[0]))
    context = Context(document, document.get("@vocab"), tuple(prefixes), {}, {})
    for name, definition in sorted(document.items()):
        if isinstance(definition, dict):
            coercion = definition.get("@type")
            if coercion not in (None, "@id", "@vocab"):
                coercion = context.expand(coercion)
            context.terms[name] = Term(name, context.expand(definition["@id"]), coercion,
                                       definition.get("@language"), definition.get("@container") == "@set")
            context.terms_by_iri.setdefault(context.terms[name].iri, []).append(context.terms[name])
    return context


def _term_value(term: Term, value, context: Context):
    """The plain JSON value of ``value`` under ``term``, or None when the term does not fit it."""
    if isinstance(value, (URIRef, BNode)):
        if term.type == "@id":
            return _node_id(value)
        if term.type == "@vocab" and isinstance(value, URIRef):
            return context.compact_vocab(str(value))
        return None
    if value.language:
        return str(value) if term.type is None and term.language == value.language else None
    if value.datatype and value.datatype != XSD.string:
        return str(value) if term.type == str(value.datatype) else None
    # a plain string; "x"^^xsd:string is the same RDF 1.1 literal
    return str(value) if term.type is None and term.language is None else None


def _full_value(value, context: Context):
    if isinstance(value, (URIRef, BNode)):
        return {"@id": _node_id(value)}
    if value.language:
        return {"@value": str(value), "@language": value.language}
    if value.datatype and value.datatype != XSD.string:
        return {"@value": str(value), "@type": context.compact_iri(str(value.datatype))}
    return str(value)


def _node_id(node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _sort_key(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def node_object(graph: Graph, node, context: Context) -> dict:
    """One node of ``graph`` as a compacted JSON-LD node object."""
    values: dict[str, list] = {}
    set_keys = set()
    for predicate, value in graph.predicate_objects(node):
        if predicate == RDF.type and isinstance(value, URIRef):
            values.setdefault("type", []).append(context.compact_vocab(str(value)))
            continue
        for term in context.terms_by_iri.get(str(predicate), ()):
            plain = _term_value(term, value, context)
            if plain is not None:
                values.setdefault(term.name, []).append(plain)
                if term.is_set:
                    set_keys.add(term.name)
                break
        else:
            values.setdefault(context.compact_iri(str(predicate)), []).append(_full_value(value, context))
    result = {"id": _node_id(node)}
    for key in sorted(values, key=lambda k: (k != "type", k)):
        items = sorted(values[key], key=_sort_key)
        result[key] = items if key in set_keys or len(items) > 1 else items[0]
    return result


def jsonld_document(graph: Graph) -> dict:
    """The JSON-LD document: embedded context, then every subject as a node object."""
    graph = stable_blank_nodes(graph)
    context = load_context()
    subjects = sorted(set(graph.subjects()), key=lambda n: (isinstance(n, BNode), str(n)))
    return {"@context": context.document, "@graph": [node_object(graph, s, context) for s in subjects]}


def render_jsonld(graph: Graph) -> bytes:
    return (json.dumps(jsonld_document(graph), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_jsonld(graph: Graph, path: str | os.PathLike) -> Path:
    return write_atomic(path, render_jsonld(graph))
