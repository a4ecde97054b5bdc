"""Streaming writers for the graph's blocks (:mod:`kg.graph.triples`): N-Triples and Turtle, written as
they come, so the graph never has to be held in memory as a whole.

Turtle uses the project's prefixes where a local name is plain (``ukg:Union``, ``xsd:gYear``) and
full IRIs elsewhere; each subject is one paragraph with ``rdf:type`` written as ``a``.
"""

from __future__ import annotations

import re
from typing import IO

from kg.graph.triples import PREFIXES, PROV, RDF, Block

_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


_DERIVED_FROM = f"<{PROV}wasDerivedFrom>"


def nquads(block: Block, stating: dict[tuple[str, str, str], tuple[str, ...]]) -> str:
    """The block as N-Quads under the dataset's partition rule (:mod:`kg.export.dataset`): what is
    derived from a document goes in that document's graph, a direct relation triple in the graph
    of each document stating it (``stating``, from :func:`kg.graph.triples.stating_documents`), the
    rest in the default graph."""
    subject = block.subject
    derived = [obj for predicate, obj in block.pairs if predicate == _DERIVED_FROM]
    lines = []
    for predicate, obj in block.pairs:
        for graph in derived or stating.get((subject, predicate, obj), ("",)):
            lines.append(f"{subject} {predicate} {obj} {graph} .\n" if graph else f"{subject} {predicate} {obj} .\n")
    return "".join(lines)


class TurtleWriter:
    """Writes a Turtle document to ``handle``: the prefixes first, then one paragraph per block."""

    def __init__(self, handle: IO[str], base: str):
        self.handle = handle
        self.prefixes = sorted({**PREFIXES, "id": base}.items())
        # longest namespace first, so that a namespace inside another one (id: inside a base) is tried first
        self._by_length = sorted(self.prefixes, key=lambda item: -len(item[1]))
        self._entity_start = f"<{base}"
        self._vocabulary: dict[str, str] = {}  # IRI → its written form, for IRIs outside the base (a few hundred)
        self._verbs: dict[str, str] = {}  # predicate → its written form (``a`` for rdf:type)
        handle.write("".join(f"@prefix {name}: <{namespace}> .\n" for name, namespace in self.prefixes) + "\n")

    def term(self, encoded: str) -> str:
        if encoded[0] == '"':
            if encoded[-1] != ">":
                return encoded  # a plain or language-tagged literal
            typed = encoded.rfind('"^^<') + 1  # the datatype IRI starts after the closing quote
            return encoded[:typed] + "^^" + self.term(encoded[typed + 2:])
        written = self._vocabulary.get(encoded)
        if written is not None:
            return written
        if encoded.startswith(self._entity_start) and encoded.find("/", len(self._entity_start)) > 0:
            return encoded  # an entity, document or statement IRI: its local part has a slash
        written = self._vocabulary[encoded] = self._abbreviate(encoded)
        return written

    def _abbreviate(self, encoded: str) -> str:
        """``prefix:local`` for an IRI in a prefix's namespace with a plain local name, else ``<IRI>``."""
        value = encoded[1:-1]
        for name, namespace in self._by_length:
            if value.startswith(namespace):
                local = value[len(namespace):]
                if not local or _PLAIN_LOCAL.match(local):
                    return f"{name}:{local}"
        return encoded

    def write(self, block: Block) -> None:
        verbs, term = self._verbs, self.term
        lines = []
        for predicate, obj in block.pairs:
            verb = verbs.get(predicate)
            if verb is None:
                verb = verbs[predicate] = "a" if predicate == f"<{RDF}type>" else term(predicate)
            lines.append(f"{verb} {term(obj)}")
        self.handle.write(f"{self.term(block.subject)} " + " ;\n    ".join(lines) + " .\n\n")
