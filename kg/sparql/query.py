"""SPARQL over an exported Turtle file, with pyoxigraph, and a text rendering of the results.

Queries may use the standard prefixes (ukg:, schema:, skos:, prov:, dcterms:, rdf:, rdfs:,
xsd:, org:, foaf:, and those the file declares) without declaring them. A query that cannot run
is a :class:`QueryError` of one line in words: an empty query, an update (the graph is
read-only), a file that does not exist, or a syntax error with its line, column and the text
found there.
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
MAX_QUERY_FILE_BYTES = 10_000_000
_LOCAL_NAME = re.compile(r"[\w\-/]*[\w\-]")

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
# what may precede the query form: blanks, comments, PREFIX and BASE declarations
_PROLOGUE_ITEM = re.compile(r"\s+|#[^\n]*|PREFIX\s*[^\s:]*:\s*<[^<>\s]*>|BASE\s*<[^<>\s]*>", re.I)
_PARSER_POSITION = re.compile(r"error at (\d+):(\d+): expected (.*)", re.S)
_PREFIXED_NAME = re.compile(r"(?<![\w?$:<\"'-])([A-Za-z][\w.-]*|):(?=[\w\-:%]|\s|$)")
_SKIPPED_FOR_PREFIXES = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


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
    check_query_form(query)
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
    except SyntaxError as error:
        raise QueryError(describe_syntax_error(str(error), query, prefixes)) from error
    except (OSError, ValueError) as error:
        raise QueryError(_one_line(str(error))) from error
    return QueryResult(variables=variables, rows=rows)


def _query_form(query: str) -> tuple[str, int]:
    """The first word after the prologue (comments, PREFIX, BASE), upper-cased, and its offset."""
    position = 0
    while (match := _PROLOGUE_ITEM.match(query, position)) and match.end() > position:
        position = match.end()
    word = re.match(r"[A-Za-z]*", query[position:position + 20]).group(0)
    return word.upper(), position


def check_query_form(query: str) -> None:
    """Refuse an empty query and an update, in words, before the parser sees them."""
    word, position = _query_form(query)
    if position >= len(query):
        if query.strip() and "PREFIX" in query.upper():
            raise QueryError("the query is empty: it has PREFIX declarations but no SELECT, ASK, CONSTRUCT or DESCRIBE")
        raise QueryError("the query is empty")
    if word in UPDATE_KEYWORDS:
        raise QueryError(f"the graph is read-only: {word} is a SPARQL update, and kg query runs only queries "
                         "(SELECT, ASK, CONSTRUCT, DESCRIBE)")


def describe_syntax_error(message: str, query: str, prefixes: dict[str, str]) -> str:
    """pyoxigraph's "error at 1:25: expected one of FILTER, …" as one line in words: the line, the
    column and the text found there (or that the query ends too soon)."""
    match = _PARSER_POSITION.match(message)
    if not match:
        return _one_line(f"syntax error: {message}")
    line, column, expected = int(match.group(1)), int(match.group(2)), match.group(3)
    if "Prefix not found" in expected:
        undeclared = _undeclared_prefix(query, prefixes)
        if undeclared:
            name, line, column = undeclared
            return (f"syntax error at line {line}, column {column}: unknown prefix \"{name}:\"; declare it "
                    f"with PREFIX {name}: <…>")
    word, position = _query_form(query)
    if word not in QUERY_FORMS:
        line, column = _line_and_column(query, position)
        found = (query[position:].split() or [""])[0][:20]
        return (f"syntax error at line {line}, column {column}: a query starts with SELECT, ASK, CONSTRUCT "
                f"or DESCRIBE (after any PREFIX lines), not \"{found}\"")
    offset = _offset(query, line, column)
    if not query[offset:].strip():  # pyoxigraph reports the furthest point it read: often the end
        earlier = _error_offset_by_rdflib(query)
        if earlier is not None and query[earlier:].strip():
            offset = earlier
            line, column = _line_and_column(query, offset)
    before = _text_before(query, offset)
    after = f" after \"{before}\"" if before else ""
    if "IRI parsing failed" in expected:
        reason = "an IRI that is not valid (no spaces, <, >, \", {, }, |, ^, ` or \\ inside <…>)"
    elif "unbound" in expected:
        reason = "a variable in SELECT that the query never binds or groups"
    else:
        found = _token_at(query, offset)
        reason = f"unexpected \"{found}\"{after}" if found else f"the query ends too soon{after}"
        if expected.strip() in ("BY", "AS", "WHERE"):
            reason += f" (expected {expected.strip()})"
    return _one_line(f"syntax error at line {line}, column {column}: {reason}")


def _error_offset_by_rdflib(query: str) -> int | None:
    """Where rdflib's SPARQL parser (pyparsing) stops on ``query``: the start of the construct it
    could not read, a better place to point at than the end of the text."""
    if len(query) > 100_000:
        return None
    try:
        from pyparsing import ParseException
        from rdflib.plugins.sparql.parser import parseQuery
    except ImportError:
        return None
    try:
        parseQuery(query)
    except ParseException as error:
        return error.loc
    except Exception:  # any other failure of the second parser: keep pyoxigraph's position
        return None
    return None


def _offset(query: str, line: int, column: int) -> int:
    lines = query.split("\n")
    if line > len(lines):
        return len(query)
    return min(sum(len(text) + 1 for text in lines[:line - 1]) + column - 1, len(query))


def _line_and_column(query: str, offset: int) -> tuple[int, int]:
    before = query[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _token_at(query: str, offset: int) -> str:
    """The text from ``offset`` (blanks skipped) to the end of its line, at most 20 characters."""
    rest = query[offset:].lstrip().split("\n", 1)[0].rstrip()
    return rest if len(rest) <= 20 else rest[:19] + "…"


def _text_before(query: str, offset: int) -> str:
    """Up to 30 characters of the line before ``offset``, from a word start."""
    line = query[:offset].rsplit("\n", 1)[-1]
    if len(line) > 30:
        line = line[-30:]
        line = line[line.find(" ") + 1:] if " " in line else line
    return " ".join(line.split())


def _undeclared_prefix(query: str, prefixes: dict[str, str]) -> tuple[str, int, int] | None:
    """The first prefixed name whose prefix neither the query nor ``prefixes`` declares."""
    declared = set(prefixes) | {name for name in re.findall(r"PREFIX\s*([^\s:]*):", query, flags=re.I)}
    blanked = _SKIPPED_FOR_PREFIXES.sub(lambda m: " " * len(m.group(0)), query)
    blanked = re.sub(r"PREFIX\s*[^\s:]*:", lambda m: " " * len(m.group(0)), blanked, flags=re.I)
    for match in _PREFIXED_NAME.finditer(blanked):
        if match.group(1) not in declared and match.group(1) != "_":
            return (match.group(1), *_line_and_column(query, match.start()))
    return None


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
    """The text of the file ``arg`` names, if it names one; else ``arg`` itself. An argument that
    looks like a path (one word with a / or ending in .rq or .sparql) but names no file is a
    :class:`QueryError`, not query text."""
    if not arg.strip():
        return arg
    path = Path(arg)
    try:
        is_file, is_dir = path.is_file(), path.is_dir()
    except (OSError, ValueError):  # a name too long or holding NUL: query text
        return arg
    if is_file:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_QUERY_FILE_BYTES + 1)
        except OSError as error:
            raise QueryError(f"{arg}: cannot read ({error.strerror or error})") from None
        if len(data) > MAX_QUERY_FILE_BYTES:
            raise QueryError(f"{arg}: more than {MAX_QUERY_FILE_BYTES // 1_000_000} MB; not a query file")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise QueryError(f"{arg}: not UTF-8 text") from None
    if is_dir:
        raise QueryError(f"{arg}: a folder, not a query file")
    if _looks_like_a_path(arg):
        raise QueryError(f"{arg}: no such file")
    return arg


def _looks_like_a_path(arg: str) -> bool:
    if any(char.isspace() for char in arg) or any(char in arg for char in "{}()"):
        return False
    return "/" in arg or "\\" in arg or arg.lower().endswith((".rq", ".sparql", ".ru"))


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
