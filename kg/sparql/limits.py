"""Bounds a query must keep before it reaches the SPARQL parser, checked by one linear scan.

pyoxigraph's parser and query planner recurse once per nesting level and once per operator of
a chain (``1+1+…``, ``!!…``, ``{…} UNION {…} UNION …``, ``?s ?p ?o . ?s ?p ?o . …``); with a
default 8 MB stack, about 2,000 open brackets or 12,000 chained operators end the process with
SIGSEGV, which no ``try`` can catch. So a query may nest brackets (``(``, ``[``, ``{``) at most
``MAX_NESTING`` deep and hold at most ``MAX_OPERATORS`` operators, far above any real query and
far below the crash. Brackets and operators inside strings, IRIs and comments do not count.
"""

from __future__ import annotations

import re

MAX_NESTING = 64
MAX_OPERATORS = 4096

_SCAN = re.compile(r"""
    (?P<skip>\#[^\n\r]*
      | '''(?:(?:'|'')?(?:[^'\\]|\\.))*+''' | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*+\"\"\"
      | '(?:[^'\\\n\r]|\\.)*+'? | "(?:[^"\\\n\r]|\\.)*+"?
      | <[^<>"{}|^`\\\x00-\x20]*>
      | \d+\.\d*(?:[eE][+-]?\d+)? | [?$@][\w\-]+)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<operator>[!|&=<>+\-*/^.;] | (?<!\w)(?:UNION|OPTIONAL|MINUS)(?!\w))
""", re.VERBOSE | re.DOTALL | re.IGNORECASE)


class QueryTooComplex(ValueError):
    """The query nests deeper or chains more operators than the parser can take safely."""


def complexity_problem(query: str) -> str | None:
    """Why ``query`` must not be parsed (one line), or None. Linear in the query's length."""
    if _within_bounds_at_a_glance(query):
        return None
    depth = operators = 0
    for match in _SCAN.finditer(query):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                line, column = _position(query, match.start())
                return (f"query refused: brackets nested more than {MAX_NESTING} deep (at {line}:{column}); "
                        "flatten the query")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "operator":
            operators += 1
            if operators > MAX_OPERATORS:
                return (f"query refused: more than {MAX_OPERATORS} operators (+, !, ||, UNION, '.' …); "
                        "split the query")
    return None


def _within_bounds_at_a_glance(query: str) -> bool:
    """True when even counting every bracket as open and every operator character, inside strings
    or not, the query stays within the bounds (most queries: a few string counts, no scan)."""
    brackets = sum(query.count(char) for char in "([{")
    if brackets > MAX_NESTING:
        return False
    upper = query.upper()
    operators = sum(query.count(char) for char in "!|&=<>+-*/^.;")
    return operators + sum(upper.count(word) for word in ("UNION", "OPTIONAL", "MINUS")) <= MAX_OPERATORS


def check_query(query: str) -> None:
    """Raise QueryError (kg query's error) when ``query`` is over a bound."""
    problem = complexity_problem(query)
    if problem:
        from kg.sparql.query import QueryError

        raise QueryError(problem)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
