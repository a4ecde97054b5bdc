"""SPARQL over an exported Turtle file, with pyoxigraph, and a text rendering of the results.

Queries may use the standard prefixes (ukg:, schema:, skos:, prov:, dcterms:, rdf:, rdfs:,
xsd:, org:, foaf:, and those the file declares) without declaring them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.sparql.limits import check_query

WELL_KNOWN_PREFIXES = {
    "ukg": "https://union-kg.org/ontology#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "void": "http://rdfs.org/ns/void#",
}

MAX_MESSAGE_LENGTH = 300
_LOCAL_NAME = re.compile(r"[\w\-/]*[\w\-]")


class QueryError(Exception):
    """A query (or the graph it runs on) could not be parsed or evaluated."""


@dataclass
class QueryResult:
    """SELECT: ``variables`` and ``rows``; ASK: ``boolean``; CONSTRUCT/DESCRIBE: ``turtle``."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple[str | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    turtle: str | None = None

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "ask"
        if self.turtle is not None:
            return "graph"
        return "select"


def run_query(query: str, graph_path: str | os.PathLike) -> QueryResult:
    """Run a SPARQL query over the Turtle file at ``graph_path``."""
    store, prefixes = _load(Path(graph_path))
    return query_store(query, store, prefixes)


def query_store(query: str, store: ox.Store, prefixes: dict[str, str]) -> QueryResult:
    """Run a SPARQL query over an open store (in memory, or the persistent one of kg.sparql.store)."""
    check_query(query)  # too deep a query would crash the parser (SIGSEGV): kg.sparql.limits
    try:
        answer = store.query(query, prefixes=prefixes)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return QueryResult(turtle=_to_turtle(list(answer), prefixes))
        variables = [variable.value for variable in answer.variables]
        rows = [
            tuple(render_term(solution[name], prefixes) for name in variables)
            for solution in answer
        ]
    except (SyntaxError, OSError, ValueError) as error:
        raise QueryError(_one_line(str(error))) from error
    return QueryResult(variables=variables, rows=rows)


def render_term(term: object, prefixes: dict[str, str] = WELL_KNOWN_PREFIXES) -> str | None:
    """A literal by its lexical value, an IRI as a prefixed name where one fits, else in full."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return _abbreviate(term.value, prefixes)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def format_table(result: QueryResult) -> str:
    """A plain text table with columns aligned by display width (CJK characters count 2)."""
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    if result.turtle is not None:
        return result.turtle
    header = list(result.variables)
    body = [[_cell(value) for value in row] for row in result.rows]
    widths = [
        max([display_width(header[i])] + [display_width(row[i]) for row in body])
        for i in range(len(header))
    ]
    lines = [_table_line(header, widths), "  ".join("-" * width for width in widths)]
    lines += [_table_line(row, widths) for row in body]
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters take two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def read_query_argument(arg: str) -> str:
    """The text of the file ``arg`` names, if it names one; else ``arg`` itself."""
    try:
        path = Path(arg)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        pass
    return arg


def _load(path: Path) -> tuple[ox.Store, dict[str, str]]:
    store = ox.Store()
    try:
        parser = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
        store.extend(parser)
    except SyntaxError as error:
        raise QueryError(_one_line(f"cannot parse {path}: {error}")) from error
    prefixes = {**getattr(parser, "prefixes", {}), **WELL_KNOWN_PREFIXES}
    return store, prefixes


def _to_turtle(triples: list[ox.Triple], prefixes: dict[str, str]) -> str:
    triples.sort(key=lambda triple: (str(triple.subject), str(triple.predicate), str(triple.object)))
    iris = {term.value for triple in triples for term in triple if isinstance(term, ox.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    used = {
        prefix: namespace
        for prefix, namespace in sorted(prefixes.items())
        if any(iri.startswith(namespace) for iri in iris)
    }
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")


def _abbreviate(iri: str, prefixes: dict[str, str]) -> str:
    best = None
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
            if best is None or len(namespace) > len(prefixes[best]):
                best = prefix
    return iri if best is None else f"{best}:{iri[len(prefixes[best]):]}"


def _one_line(message: str) -> str:
    line = " ".join(message.split())
    if len(line) > MAX_MESSAGE_LENGTH:
        line = line[: MAX_MESSAGE_LENGTH - 1] + "…"
    return line


def _cell(value: str | None) -> str:
    return "" if value is None else " ".join(value.splitlines())


def _table_line(cells: list[str], widths: list[int]) -> str:
    padded = [cell + " " * (width - display_width(cell)) for cell, width in zip(cells, widths)]
    return "  ".join(padded).rstrip()
