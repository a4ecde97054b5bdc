"""What `kg serve` decides before a query reaches a worker: its form, SERVICE, the result format.

``inspect`` tokenizes the query the way a SPARQL parser does (strings, IRIs, comments,
variables, language tags, prefixed names, numbers, keywords), so the word SERVICE inside a
string, an IRI, a comment or a variable name is not a SERVICE clause. It errs on the side of
refusing: pyoxigraph reads keywords without a word boundary (``SERVICE:x {…}`` and
``SERVICEex:x {…}`` call the service ``:x`` / ``ex:x``), so every keyword-like word and every
prefix that contains "service" counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = {"SELECT": "results", "ASK": "results", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

_PN_LOCAL_CHAR = r"(?:[\w\-\u00B7:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*+'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*+\"\"\"
              |'(?:[^'\\\n\r]|\\.)*+'?|"(?:[^"\\\n\r]|\\.)*+"?)
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_](?:\.*[\w\-\u00B7])*+|_)?:(?:""" + _PN_LOCAL_CHAR + r"""(?:\.*""" +
                   _PN_LOCAL_CHAR + r""")*+)?)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d_][\w\-\u00B7.]*+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


@dataclass
class QueryShape:
    """``form``: SELECT/ASK/CONSTRUCT/DESCRIBE, an update keyword, or "" if neither comes first."""

    form: str
    uses_service: bool

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_WORDS

    @property
    def family(self) -> str:
        """"results" (SELECT, ASK) or "graph" (CONSTRUCT, DESCRIBE)."""
        return QUERY_FORMS.get(self.form, "results")


def inspect(query: str) -> QueryShape:
    """The query's form and whether it contains a SERVICE clause (see the module docstring). The
    tokens are read only as far as needed: to the form, or to the end when "service" occurs."""
    form, uses_service, skip = "", False, 0
    look_for_service = "SERVICE" in query.upper()
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind in ("space", "comment"):
            continue
        if kind == "word" and "SERVICE" in text.upper():
            uses_service = True
        if kind == "pname" and "SERVICE" in text.split(":", 1)[0].upper():
            uses_service = True
        if form:
            if uses_service or not look_for_service:
                break
            continue
        if skip:  # PREFIX name: <iri> and BASE <iri> come before the form
            skip -= 1
        elif kind == "word" and text.upper() in ("PREFIX", "BASE"):
            skip = 2 if text.upper() == "PREFIX" else 1
        elif kind == "word":
            upper = text.upper()
            form = next((word for word in (*QUERY_FORMS, *UPDATE_WORDS) if upper.startswith(word)), "?")
        else:
            form = "?"
    return QueryShape("" if form == "?" else form, uses_service)


# format= values and media types, per family: name used by kg.sparql.workers
_RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "text/n3": "turtle", "text/rdf+n3": "turtle",
    "application/n-triples": "ntriples", "application/rdf+xml": "rdfxml", "application/xml": "rdfxml",
    "text/xml": "rdfxml", "application/ld+json": "jsonld", "application/json": "jsonld",
}
_RESULT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_NAMES = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "ntriples", "ntriples": "ntriples",
                "n-triples": "ntriples", "xml": "rdfxml", "rdf": "rdfxml", "rdfxml": "rdfxml",
                "rdf+xml": "rdfxml", "json": "jsonld", "jsonld": "jsonld", "json-ld": "jsonld"}
DEFAULTS = {"results": "json", "graph": "turtle"}


class UnknownFormat(ValueError):
    """A ``format=`` value no result format answers to."""


def negotiate(accept: str | None, format_parameter: str | None) -> tuple[str, str]:
    """The (results, graph) format names for a request: ``format=`` wins, then ``Accept``, then
    the defaults (SPARQL JSON, Turtle). An Accept header naming nothing we write gets the default."""
    results, graph = _from_parameter(format_parameter) if format_parameter else (None, None)
    ranked = _ranked_media_types(accept or "")
    return results or _pick(ranked, _RESULT_TYPES, "results"), graph or _pick(ranked, _GRAPH_TYPES, "graph")


def _from_parameter(value: str) -> tuple[str | None, str | None]:
    key = value.strip().lower()
    results = _RESULT_NAMES.get(key) or _RESULT_TYPES.get(key.split(";")[0].strip())
    graph = _GRAPH_NAMES.get(key) or _GRAPH_TYPES.get(key.split(";")[0].strip())
    if not results and not graph:
        known = sorted(set(_RESULT_NAMES) | set(_GRAPH_NAMES))
        raise UnknownFormat(f"unknown format={value!r}; use one of {', '.join(known)} or a media type")
    return results, graph


def _ranked_media_types(accept: str) -> list[str]:
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media_type, *parameters = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type and quality > 0:
            ranked.append((-quality, position, media_type.lower()))
    return [media_type for _, _, media_type in sorted(ranked)]


def _pick(ranked: list[str], table: dict[str, str], family: str) -> str:
    default = DEFAULTS[family]
    for media_type in ranked:
        if media_type in table:
            return table[media_type]
        if media_type in ("*/*", "application/*") or (media_type == "text/*" and family == "graph"):
            return default
    return default
