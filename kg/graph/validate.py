"""SHACL validation of the data graph: ``ontology/shapes.ttl`` with the ontology, by pyshacl.

:func:`validate_graph` returns one plain-words line per violation (empty when the graph
conforms): the focus node and its label, what is wrong, and the shape's ``sh:message``.
``kg validate`` prints them; ``kg build`` refuses to write a graph that has any.
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef

from kg.graph.rdf import ONTOLOGY_IRI, PREFIXES

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_FILE = ONTOLOGY_DIR / "union-kg.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")

# file suffix -> rdflib parser; datasets (nq, trig) are merged into one graph, ontology graph left out
RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
               ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".n3": "n3"}
DATASET_FORMATS = {"nquads", "trig"}


class ValidationError(Exception):
    """The graph does not conform to the shapes; ``problems`` holds one line per violation."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} SHACL violation(s): {problems[0] if problems else ''}")
        self.problems = problems


class GraphLoadError(Exception):
    """A file to validate is missing, of an unknown kind, or not parseable."""


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str | None
    problem: str
    message: str

    def __str__(self) -> str:
        name = f"{self.focus} ({self.label})" if self.label else self.focus
        return f"{name}: {self.problem} — {self.message}" if self.message else f"{name}: {self.problem}"


@contextmanager
def _quiet_literals():
    """rdflib logs a traceback for every ill-typed literal (such as "20x7"^^xsd:gYear); the
    shapes report those as violations, so the log is only noise."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def load_graph(path: str | os.PathLike) -> Graph:
    """Any RDF file by its extension; for N-Quads and TriG every graph but the ontology's, merged."""
    path = Path(path)
    if not path.is_file():
        raise GraphLoadError(f"{path}: no such file; run `kg build` first")
    kind = RDF_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise GraphLoadError(f"{path}: unknown RDF file extension; use one of {', '.join(RDF_FORMATS)}")
    try:
        with _quiet_literals():
            return _parse(path, kind)
    except Exception as error:  # every rdflib parser raises its own kind
        raise GraphLoadError(f"{path}: not valid {kind}: {_parse_problem(error, path, kind)}") from error


MAX_PROBLEM_LENGTH = 300
PYOXIGRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG"}


def _parse_problem(error: Exception, path: Path, kind: str) -> str:
    """Where and why a file does not parse, in one line: rdflib's Turtle reason with its line and
    the text there; for other syntax errors pyoxigraph's message, which names line and column."""
    why = getattr(error, "_why", None)
    if why is not None and isinstance(getattr(error, "lines", None), int):  # rdflib's BadSyntax
        text = getattr(error, "_str", b"")
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        where = text[:getattr(error, "_i", 0)].rsplit("\n", 1)[-1][-30:].strip()
        problem = f"line {error.lines + 1}: {why}" + (f", after \"{where}\"" if where else "")
    else:
        problem = _pyoxigraph_problem(path, kind) or " ".join(str(error).split()) or type(error).__name__
    return problem if len(problem) <= MAX_PROBLEM_LENGTH else problem[:MAX_PROBLEM_LENGTH - 1] + "…"


def _pyoxigraph_problem(path: Path, kind: str) -> str | None:
    if kind not in PYOXIGRAPH_FORMATS:
        return None
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(path=str(path), format=getattr(pyoxigraph.RdfFormat, PYOXIGRAPH_FORMATS[kind])):
            pass
    except SyntaxError as error:
        message = " ".join(str(error).split()).removeprefix("Parser error ")
        return re.sub(r"\s*\([^()]*line \d+\)$", "", message)
    except (OSError, ValueError):
        return None
    return None


def _parse(path: Path, kind: str) -> Graph:
    if kind not in DATASET_FORMATS:
        return Graph().parse(path, format=kind)
    dataset = Dataset()
    dataset.parse(path, format=kind)
    merged = Graph()
    for prefix, namespace in dataset.namespaces():
        merged.bind(prefix, namespace)
    for s, p, o, g in dataset.quads():
        if g != ONTOLOGY_IRI:
            merged.add((s, p, o))
    return merged


def validate_graph(graph: Graph) -> list[str]:
    """One line per SHACL violation of ``graph`` (sorted); an empty list when it conforms."""
    import pyshacl

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    with _quiet_literals():
        conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, ont_graph=ontology,
                                               inference="none", abort_on_first=False)
    if conforms:
        return []
    return sorted({str(v) for v in _violations(report, graph, shapes)})


def check_graph(graph: Graph) -> None:
    """Raise :class:`ValidationError` when ``graph`` has any violation."""
    problems = validate_graph(graph)
    if problems:
        raise ValidationError(problems)


def _violations(report: Graph, data: Graph, shapes: Graph) -> list[Violation]:
    names = _Names(data)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        component = str(report.value(result, SH.sourceConstraintComponent) or "")
        component = component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        shape = report.value(result, SH.sourceShape)
        parameters = shapes if shape is not None and (shape, None, None) in shapes else report
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        problem = _problem(component, report.value(result, SH.resultPath), report.value(result, SH.value),
                           focus, shape, parameters, data, names)
        found.append(Violation(names.node(focus), names.label(focus), problem, "; ".join(messages)))
    return found


def _problem(component: str, path, value, focus, shape, parameters: Graph, data: Graph, names: "_Names") -> str:
    """What is wrong, in words, from the constraint component and the data."""
    where = names.term(path) if path is not None else None
    shown = names.described(value) if value is not None else None
    if component == "MinCount":
        return f"has no {where}" if where else "is missing a required value"
    if component == "MaxCount":
        values = sorted(names.term(v) for v in data.objects(focus, path)) if path is not None else []
        return f"has {len(values)} {where} values ({', '.join(values)})"
    if component == "Class":
        subject = f"its {where} {shown}" if where else "it"
        return f"{subject} is {names.types(value)}, not {names.term(parameters.value(shape, SH['class']))}"
    if component in ("Or", "And", "Xone", "Not", "Node"):
        node = value if where else focus
        kind = f" (it is {names.types(node)})" if isinstance(node, URIRef) else ""
        return f"{f'its {where} {shown}' if where else 'it'} fits none of the allowed alternatives{kind}"
    if component == "Datatype":
        return f"its {where} {shown} is not of datatype {names.term(parameters.value(shape, SH.datatype))}"
    if component == "Pattern":
        return f"its {where} {shown} is not well-formed"
    if component == "LanguageIn":
        return f"its {where} {shown} has the wrong language tag"
    if component == "NodeKind":
        return f"its {where} {shown} is the wrong kind of node" if where else "it is the wrong kind of node"
    if component in ("MinLength", "MaxLength"):
        return f"its {where} {shown} has the wrong length"
    if component == "SPARQL":
        return "fails a consistency check"
    detail = f" on {where}" if where else ""
    return f"violates sh:{component[:1].lower() + component[1:]}{detail}" + (f" with {shown}" if shown else "")


class _Names:
    """Short, readable forms of the terms of a data graph."""

    def __init__(self, data: Graph):
        self.data = data
        self.namespaces = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            self.namespaces.bind(prefix, namespace)

    def term(self, term) -> str:
        if term is None:
            return "?"
        if isinstance(term, Literal):
            return term.n3(self.namespaces.namespace_manager)
        if isinstance(term, BNode):
            return "a blank node"
        try:
            prefix, _, local = self.namespaces.namespace_manager.compute_qname(str(term), generate=False)
            if local and "/" not in local:
                return f"{prefix}:{local}"
        except (KeyError, ValueError):
            pass
        return f"<{term}>"

    def node(self, term) -> str:
        return self.term(term)

    def label(self, term) -> str | None:
        labels = sorted(str(v) for v in self.data.objects(term, RDFS.label)) if isinstance(term, URIRef) else []
        return " / ".join(labels) or None

    def described(self, term) -> str:
        label = self.label(term)
        return f"{self.term(term)} ({label})" if label else self.term(term)

    def types(self, term) -> str:
        classes = sorted(self.term(c) for c in self.data.objects(term, RDF.type))
        return "a " + " and a ".join(classes) if classes else "without rdf:type"
