"""Export formats: every file written, the same triples in each RDF format (two parsers, plus
Redland's rapper), the named-graph partition, JSON-LD under the published context, GraphML and
Neo4j CSV contents, determinism, and the --format option."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
import rdflib.compare
from rdflib import RDF, RDFS, SKOS, XSD, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.cli import main, make_parser
from kg.export.formats import FORMATS, parse_formats, render_formats
from kg.export.jsonld import CONTEXT_FILE
from kg.graph.rdf import ONTOLOGY, ONTOLOGY_IRI

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own dataset parsers

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "union-kg.ttl"
ALL_FILES = {"graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld", "graph.graphml",
             "nodes.csv", "edges.csv", "graph.html"}
OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
              ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD}
RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}
PREFIXES = """PREFIX ukg: <https://union-kg.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> """
ENTITY_FILTER = "FILTER(STRSTARTS(STR(?class), STR(ukg:)) && ?class != ukg:Document)"

_BUILD: dict[str, Path] = {}


def corpus_build(tmp_path_factory) -> Path:
    """The real corpus built with every format, once per test session (shared with test_validate)."""
    if "out" not in _BUILD:
        out = tmp_path_factory.mktemp("all-formats")
        assert main(["build", "--corpus", str(ROOT / "corpus"), "--out", str(out), "--format", "all"]) == 0
        _BUILD["out"] = out
    return _BUILD["out"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return corpus_build(tmp_path_factory)


@pytest.fixture(scope="module")
def store(built) -> ox.Store:
    store = ox.Store()
    store.load(path=str(built / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def select(store: ox.Store, query: str) -> list[tuple]:
    return [tuple(None if term is None else term.value for term in row) for row in store.query(PREFIXES + query)]


def ox_data_triples(path: Path) -> set[ox.Triple]:
    """The triples of an RDF file by pyoxigraph; datasets merged, the ontology graph left out."""
    quads = ox.parse(path=str(path), format=OX_FORMATS[path.suffix])
    return {q.triple for q in quads if q.graph_name != ox.NamedNode(str(ONTOLOGY_IRI))}


def rdflib_data_graph(path: Path) -> rdflib.Graph:
    kind = RDFLIB_FORMATS[path.suffix]
    if kind not in ("nquads", "trig"):
        return rdflib.Graph().parse(path, format=kind)
    dataset = rdflib.Dataset()
    dataset.parse(path, format=kind)
    merged = rdflib.Graph()
    for s, p, o, g in dataset.quads():
        if g != ONTOLOGY_IRI:
            merged.add((s, p, o))
    return merged


def rdf11(graph: rdflib.Graph) -> rdflib.Graph:
    """``graph`` with ``"x"^^xsd:string`` written as ``"x"`` (the same literal in RDF 1.1; rdflib
    tells them apart, pyoxigraph does not)."""
    normal = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        normal.add((s, p, o))
    return normal


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


# --- files and options ------------------------------------------------------------------------

def test_format_all_writes_every_file_and_nothing_else(built):
    assert {p.name for p in built.iterdir()} == ALL_FILES | {".kg-build.json"}  # the manifest of kg.build.manifest
    assert all((built / name).stat().st_size > 1000 for name in ALL_FILES)


def test_format_option_parsing_and_default():
    assert make_parser().parse_args(["build"]).format == "ttl"
    assert parse_formats("ttl") == ("ttl",)
    assert parse_formats(" nt, ttl ,nt") == ("nt", "ttl")
    assert parse_formats("all") == tuple(FORMATS) == ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "csv")
    with pytest.raises(ValueError, match="xml"):
        parse_formats("ttl,xml")
    help_text = subprocess.run([sys.executable, "-m", "kg", "build", "--help"], capture_output=True, text=True,
                               cwd=ROOT).stdout
    assert "--format" in help_text and "graphml" in help_text and "neo4j" in help_text


def test_unknown_format_is_a_one_line_error_and_writes_nothing(tmp_path, capsys):
    assert main(["build", "--corpus", str(ROOT / "corpus"), "--out", str(tmp_path), "--format", "ttl,rdfxml"]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "rdfxml" in error and "graphml" in error
    assert list(tmp_path.iterdir()) == []


def test_a_failing_exporter_leaves_earlier_exports_untouched(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("海口市总工会召开大会\n海口市总工会主席盛林出席会议。\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name in ("graph.ttl", "graph.nt", "graph.html"):
        (out / name).write_text("old", encoding="utf-8")

    def broken(graph):
        raise RuntimeError("exporter failed")

    monkeypatch.setitem(FORMATS, "graphml", ("broken", broken))
    with pytest.raises(RuntimeError):
        main(["build", "--corpus", str(corpus), "--out", str(out), "--format", "ttl,nt,graphml"])
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.nt", "graph.ttl"]
    assert all((out / name).read_text(encoding="utf-8") == "old" for name in ("graph.ttl", "graph.nt", "graph.html"))


# --- the same triples everywhere ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["graph.nt", "graph.nq", "graph.trig", "graph.jsonld"])
def test_every_rdf_export_has_exactly_the_turtle_triples_pyoxigraph(built, name):
    expected = ox_data_triples(built / "graph.ttl")
    assert len(expected) > 1500
    assert ox_data_triples(built / name) == expected


@pytest.mark.parametrize("name", ["graph.nt", "graph.nq", "graph.trig", "graph.jsonld"])
def test_every_rdf_export_is_isomorphic_to_the_turtle_rdflib(built, name):
    turtle = rdflib_data_graph(built / "graph.ttl")
    other = rdflib_data_graph(built / name)
    assert len(other) == len(turtle)
    assert rdflib.compare.isomorphic(other, turtle)


def test_ntriples_lines_are_unique_and_grouped_by_subject(built):
    """The streamed N-Triples: no duplicate line, and each subject's triples on consecutive lines."""
    lines = (built / "graph.nt").read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines[:-1]) == len(set(lines[:-1]))
    subjects = [line.split(b" ", 1)[0] for line in lines[:-1]]
    runs = [subject for index, subject in enumerate(subjects) if index == 0 or subjects[index - 1] != subject]
    assert len(runs) == len(set(runs))
    nquads = (built / "graph.nq").read_bytes().split(b"\n")[:-1]
    assert len(nquads) == len(set(nquads))


# --- named graphs ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def quads(built) -> list[ox.Quad]:
    return list(ox.parse(path=str(built / "graph.nq"), format=ox.RdfFormat.N_QUADS))


def test_named_graphs_are_the_documents_and_the_ontology(quads, store):
    documents = {row[0] for row in select(store, "SELECT ?d WHERE { ?d a ukg:Document }")}
    assert len(documents) == 5
    names = {q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert names == documents | {str(ONTOLOGY_IRI)}


def test_trig_and_nquads_hold_the_same_quads(built, quads):
    trig = list(ox.parse(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG))
    ontology = ox.NamedNode(str(ONTOLOGY_IRI))
    # blank nodes (in the ontology's owl:unionOf lists) are compared by count only
    def key(quad):
        return quad if not any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object)) else quad.graph_name

    assert sorted(map(str, map(key, trig))) == sorted(map(str, map(key, quads)))
    assert sum(q.graph_name == ontology for q in trig) == sum(q.graph_name == ontology for q in quads)


def test_ontology_graph_is_the_ontology_file(quads):
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    in_dataset = rdflib.Graph()
    nquads = "".join(f"{q.triple} .\n" for q in quads if q.graph_name == ox.NamedNode(str(ONTOLOGY_IRI)))
    in_dataset.parse(data=nquads, format="nt")
    assert len(in_dataset) == len(ontology) > 100
    assert rdflib.compare.isomorphic(in_dataset, ontology)


def test_partition_rule(built, store):
    """Each document's graph holds what is derived from it and the direct triples its statements
    state; the default graph holds the rest. Expected sets computed independently, in SPARQL.
    (Both sides go through an Oxigraph store, which writes numbers in canonical form.)"""
    dataset = ox.Store()
    dataset.load(path=str(built / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    by_graph: dict[str, set[str]] = {}
    for quad in dataset.quads_for_pattern(None, None, None, None):
        if quad.graph_name == ox.NamedNode(str(ONTOLOGY_IRI)):
            continue
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        by_graph.setdefault(name, set()).add(str(quad.triple))
    documents = [row[0] for row in select(store, "SELECT ?d WHERE { ?d a ukg:Document }")]
    placed = set()
    for document in documents:
        derived = {str(t) for t in store.query(PREFIXES + f"""CONSTRUCT {{ ?x ?p ?o }} WHERE {{
            ?x prov:wasDerivedFrom <{document}> ; ?p ?o }}""")}
        direct = {str(t) for t in store.query(PREFIXES + f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
            ?st prov:wasDerivedFrom <{document}> ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }}""")}
        assert derived and direct
        assert by_graph[document] == derived | direct
        placed |= derived | direct
    everything = {str(t) for t in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")}
    assert by_graph[""] == everything - placed


def test_known_facts_land_in_their_graphs(quads, store):
    """盛林 is 主席 of 海口市总工会 according to article 000; entities, labels and inferred statements
    are in the default graph."""
    rows = select(store, """SELECT ?st ?person ?union ?doc WHERE {
        ?st rdf:predicate ukg:holdsPosition ; rdf:subject ?person ; rdf:object ?union ;
            ukg:role "主席"@zh ; prov:wasDerivedFrom ?doc .
        ?person rdfs:label "盛林"@zh . ?union rdfs:label "海口市总工会"@zh }""")
    assert rows
    graphs_of = {}
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs_of.setdefault((quad.subject.value, quad.predicate.value, str(quad.object)), set()).add(name)
    for statement, person, union, document in rows:
        assert document.endswith("/doc/000_7140136955a3941c")
        assert graphs_of[(person, str(ONTOLOGY.holdsPosition), f"<{union}>")] >= {document}
        assert graphs_of[(statement, str(PROV.wasDerivedFrom), f"<{document}>")] == {document}
        assert graphs_of[(person, str(RDFS.label), '"盛林"@zh')] == {""}
    inferred = select(store, "SELECT ?st WHERE { ?st a rdf:Statement ; prov:wasGeneratedBy ?activity }")
    for (statement,) in inferred:
        assert graphs_of[(statement, str(RDF.type), f"<{RDF.Statement}>")] == {""}


# --- strict parsers ------------------------------------------------------------------------------

def rapper() -> str:
    found = shutil.which("rapper")
    if found is None:
        if os.environ.get("KG_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail("KG_REQUIRE_BROWSER is set but rapper (Debian raptor2-utils) is not installed")
        pytest.skip("rapper is not installed (apt-get install raptor2-utils)")
    return found


@pytest.mark.parametrize("name, syntax", [("graph.ttl", "turtle"), ("graph.nt", "ntriples"),
                                          ("graph.trig", "trig"), ("graph.nq", "nquads")])
def test_rapper_accepts_the_file(built, name, syntax):
    result = subprocess.run([rapper(), "-i", syntax, "-c", str(built / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower() and "warning" not in result.stderr.lower(), result.stderr
    expected = len(list(ox.parse(path=str(built / name), format=OX_FORMATS[Path(name).suffix])))
    assert f"returned {expected} triples" in result.stderr


def test_rapper_rejects_broken_turtle(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('<http://a/s> <http://a/p> "unterminated .\n', encoding="utf-8")
    assert subprocess.run([rapper(), "-i", "turtle", "-c", str(bad)], capture_output=True).returncode != 0


# --- JSON-LD -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def jsonld(built) -> dict:
    return json.loads((built / "graph.jsonld").read_text(encoding="utf-8"))


def test_jsonld_embeds_the_published_context(jsonld):
    published = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    assert jsonld["@context"] == published["@context"]
    assert set(jsonld) == {"@context", "@graph"}


def test_jsonld_reads_as_plain_json(jsonld, store):
    nodes = jsonld["@graph"]
    assert [n["id"] for n in nodes] == sorted(n["id"] for n in nodes)
    assert all(list(n)[0] == "id" for n in nodes)
    by_label = {n.get("label"): n for n in nodes if isinstance(n.get("label"), str)}
    sheng = by_label["盛林"]
    assert sheng["type"] == "Person"
    assert isinstance(sheng["holdsPosition"], list) and isinstance(sheng["holdsPosition"][0], str)
    assert by_label["海口市总工会"]["type"] == "Union"
    assert by_label["海口市总工会"]["id"] in sheng["holdsPosition"]
    statements = [n for n in nodes if n.get("type") == "rdf:Statement"]
    chair = [s for s in statements if s.get("role") == "主席" and s["subject"] == sheng["id"]]
    assert chair and chair[0]["predicate"] == "holdsPosition" and isinstance(chair[0]["evidence"], str)
    assert chair[0]["derivedFrom"].startswith("https://union-kg.org/id/doc/")
    years = [s["year"] for s in statements if "year" in s]
    assert "2017" in years and all(isinstance(y, str) and len(y) == 4 for y in years)
    documents = [n for n in nodes if n.get("type") == "Document"]
    assert len(documents) == 5 and all(isinstance(d["identifier"], str) and d["title"] for d in documents)
    assert all(isinstance(d["mentions"], list) for d in documents)


# --- GraphML and Neo4j CSV -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def entities(store) -> dict[str, tuple[str, str]]:
    rows = select(store, f"SELECT ?e ?label ?class WHERE {{ ?e a ?class ; rdfs:label ?label . {ENTITY_FILTER} }}")
    return {e: (label, local(cls)) for e, label, cls in rows}


@pytest.fixture(scope="module")
def statement_edges(store, entities) -> set[tuple]:
    rows = select(store, """SELECT ?s ?o ?p ?role ?year ?doc ?evidence WHERE {
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        OPTIONAL { ?st ukg:role ?role } OPTIONAL { ?st ukg:year ?year } OPTIONAL { ?st ukg:evidence ?evidence }
        OPTIONAL { ?st prov:wasDerivedFrom/dcterms:identifier ?doc } }""")
    assert all(s in entities and o in entities for s, o, *_ in rows)
    return {(s, o, local(p), role or "", year or "", doc or "", evidence or "") for s, o, p, role, year, doc, evidence in rows}


@pytest.fixture(scope="module")
def plain_edges(store, entities) -> set[tuple]:
    """Direct entity-to-entity triples that no statement describes (skos:closeMatch…)."""
    rows = select(store, """SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(isIRI(?o) && ?p != rdf:type)
        FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }""")
    return {(s, o, local(p), "", "", "", "") for s, p, o in rows if s in entities and o in entities}


def test_graphml_nodes_and_edges(built, entities, statement_edges, plain_edges):
    ET.parse(built / "graph.graphml")  # well-formed XML
    network = nx.read_graphml(built / "graph.graphml", force_multigraph=True)
    assert network.is_directed() and len(entities) > 150
    assert {n: (d["label"], d["type"]) for n, d in network.nodes(data=True)} == entities
    found = {(s, o, d["type"], d.get("role", ""), str(d.get("year", "")), d.get("document", ""), d.get("evidence", ""))
             for s, o, d in network.edges(data=True)}
    assert network.number_of_edges() == len(statement_edges) + len(plain_edges)
    assert found == statement_edges | plain_edges
    years = [d["year"] for _, _, d in network.edges(data=True) if "year" in d]
    assert years and all(isinstance(y, int) for y in years)
    keys = {element.get("attr.name"): element.get("attr.type")
            for element in ET.parse(built / "graph.graphml").getroot().iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assert keys["label"] == "string" and keys["year"] in ("int", "long")


def test_graphml_edge_of_a_known_award(built):
    network = nx.read_graphml(built / "graph.graphml", force_multigraph=True)
    label = nx.get_node_attributes(network, "label")
    awards = [(d.get("year"), d["document"]) for s, o, d in network.edges(data=True)
              if label[s] == "齐鲁制药(海南)有限公司" and label[o] == "全国五一劳动奖状" and d["type"] == "receivedAward"]
    assert (2017, "000_7140136955a3941c.txt") in awards


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_neo4j_nodes_csv(built, entities, store):
    rows = read_csv(built / "nodes.csv")
    assert rows[0] == ["id:ID", "name", "type", "aliases:string[]", ":LABEL"]
    assert {r[0]: (r[1], r[2]) for r in rows[1:]} == entities
    assert len(rows) - 1 == len(entities)
    assert all(r[4] == r[2] for r in rows[1:])
    aliases = {e: set(a.split(";")) for e, _, _, a, _ in rows[1:] if a}
    expected = {}
    for e, alias in select(store, "SELECT ?e ?a WHERE { ?e skos:altLabel ?a }"):
        if e in entities:
            expected.setdefault(e, set()).add(alias)
    assert aliases == expected and aliases


def test_neo4j_edges_csv(built, entities, statement_edges, plain_edges):
    rows = read_csv(built / "edges.csv")
    assert rows[0] == [":START_ID", ":END_ID", ":TYPE", "role", "year:int", "document", "evidence"]
    assert len(rows) - 1 == len(statement_edges) + len(plain_edges)
    assert {tuple(r) for r in rows[1:]} == statement_edges | plain_edges
    assert all(r[0] in entities and r[1] in entities for r in rows[1:])
    assert all(r[4] == "" or (r[4].isdigit() and len(r[4]) == 4) for r in rows[1:])
    assert any("," in r[6] for r in rows[1:])  # quoting is exercised by the real evidence


def test_csv_quoting_of_awkward_text():
    graph = synthetic_graph()
    files = render_formats(graph, ("csv",))
    rows = list(csv.reader(files["edges.csv"].decode("utf-8").splitlines(keepends=True)))
    evidence = {r[6] for r in rows[1:]}
    assert TRICKY in evidence
    nodes = list(csv.reader(files["nodes.csv"].decode("utf-8").splitlines(keepends=True)))
    assert any(r[3] == "张主席;老张；老李" for r in nodes)  # Neo4j's array delimiter kept out of values


# --- robustness to new node kinds, and determinism -------------------------------------------------

BASE = "https://union-kg.org/id/"
SCHEMA = rdflib.Namespace("https://schema.org/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
TRICKY = '他说："别怕"，然后\n换行, 还有 \\ 反斜杠'


def synthetic_graph() -> rdflib.Graph:
    """A small graph with every node kind the builder makes or is about to make: observations,
    closeMatch links, an inferred statement, dates, a blank node, a plain and an xsd:string literal."""
    g = rdflib.Graph()
    doc, person, person2 = URIRef(BASE + "doc/a"), URIRef(BASE + "person/p1"), URIRef(BASE + "person/p2")
    union, parent = URIRef(BASE + "union/u1"), URIRef(BASE + "union/u2")
    g.add((doc, RDF.type, ONTOLOGY.Document))
    g.add((doc, DCTERMS.identifier, Literal("a.txt")))
    g.add((doc, DCTERMS.title, Literal("标题", lang="zh")))
    for node, cls, label in ((person, "Person", "张伟"), (person2, "Person", "张 伟"), (union, "Union", "某市某区总工会"),
                             (parent, "Union", "某市总工会")):
        g.add((node, RDF.type, ONTOLOGY[cls]))
        g.add((node, RDFS.label, Literal(label, lang="zh")))
        g.add((doc, SCHEMA.mentions, node))
    for alias in ("张主席", "老张;老李"):
        g.add((person, SKOS.altLabel, Literal(alias, lang="zh")))
    g.add((person, SKOS.closeMatch, person2))
    g.add((person, ONTOLOGY.holdsPosition, union))
    st = URIRef(BASE + "statement/s1")
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, person), (RDF.predicate, ONTOLOGY.holdsPosition),
                 (RDF.object, union), (PROV.wasDerivedFrom, doc), (ONTOLOGY.evidence, Literal(TRICKY, lang="zh")),
                 (ONTOLOGY.role, Literal("主席", lang="zh")), (ONTOLOGY.year, Literal("2019", datatype=XSD.gYear)),
                 (ONTOLOGY.date, Literal("2019-04-28", datatype=XSD.date))):
        g.add((st, p, o))
    g.add((union, ORG.subOrganizationOf, parent))
    inferred, activity = URIRef(BASE + "statement/s2"), ONTOLOGY.hierarchyInference
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, union), (RDF.predicate, ORG.subOrganizationOf),
                 (RDF.object, parent), (PROV.wasGeneratedBy, activity)):
        g.add((inferred, p, o))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal("hierarchy inference", lang="en")))
    observation = URIRef(BASE + "observation/o1")
    for p, o in ((RDF.type, ONTOLOGY.Observation), (SCHEMA.observationAbout, union),
                 (SCHEMA.variableMeasured, Literal("会员人数", lang="zh")), (SCHEMA.value, Literal("12.50", datatype=XSD.decimal)),
                 (SCHEMA.unitText, Literal("万人", lang="zh")), (SCHEMA.observationDate, Literal("2019", datatype=XSD.gYear)),
                 (ONTOLOGY.evidence, Literal("会员12.50万人。", lang="zh")), (PROV.wasDerivedFrom, doc),
                 (URIRef("http://example.org/note"), Literal("plain")),
                 (URIRef("http://example.org/typed"), Literal("typed", datatype=XSD.string)),
                 (URIRef("http://example.org/detail"), BNode("x1"))):
        g.add((observation, p, o))
    g.add((BNode("x1"), RDFS.comment, Literal("a blank node", lang="en")))
    return g


def test_new_node_kinds_round_trip_in_every_rdf_format(tmp_path):
    graph = synthetic_graph()
    files = render_formats(graph, tuple(FORMATS))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    for name in ("graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld"):
        parsed = rdf11(rdflib_data_graph(tmp_path / name))
        assert len(parsed) == len(graph) and rdflib.compare.isomorphic(parsed, rdf11(graph)), name
        assert len(ox_data_triples(tmp_path / name)) == len(graph), name
    quads = list(ox.parse(path=str(tmp_path / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    doc_graph = {str(q.triple) for q in quads if q.graph_name == ox.NamedNode(BASE + "doc/a")}
    default = {str(q.triple) for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    assert any(BASE + "observation/o1" in t and "variableMeasured" in t for t in doc_graph)
    assert any(t.startswith(f"<{BASE}person/p1> <{ONTOLOGY.holdsPosition}>") for t in doc_graph)
    assert any(t.startswith(f"<{BASE}statement/s2>") for t in default)
    assert any(t.startswith(f"<{BASE}union/u1> <{ORG.subOrganizationOf}>") for t in default)
    assert any("closeMatch" in t for t in default)
    observation = next(n for n in json.loads(files["graph.jsonld"])["@graph"] if n["id"] == BASE + "observation/o1")
    assert observation["type"] == "Observation" and observation["value"] == "12.50"
    assert observation["variableMeasured"] == "会员人数" and observation["unitText"] == "万人"
    network = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    assert set(network.nodes) == {BASE + "person/p1", BASE + "person/p2", BASE + "union/u1", BASE + "union/u2"}
    types = sorted(d["type"] for _, _, d in network.edges(data=True))
    assert types == ["closeMatch", "holdsPosition", "subOrganizationOf"]
    edge = next(d for _, _, d in network.edges(data=True) if d["type"] == "holdsPosition")
    assert edge["date"] == "2019-04-28" and edge["year"] == 2019 and edge["evidence"] == TRICKY
    inferred = next(d for _, _, d in network.edges(data=True) if d["type"] == "subOrganizationOf")
    assert inferred["generatedBy"] == str(ONTOLOGY.hierarchyInference) and "document" not in inferred


def test_bytes_are_identical_across_processes_and_hash_seeds(built, tmp_path):
    """`kg build` in fresh processes with different hash seeds (and no cache) writes every file
    byte for byte as this process's build did."""
    for seed in ("1", "977"):
        target = tmp_path / seed
        subprocess.run([sys.executable, "-m", "kg", "build", "--corpus", str(ROOT / "corpus"), "--out", str(target),
                        "--format", "all", "--no-cache"], check=True, cwd=ROOT, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        for name in ALL_FILES:
            assert (target / name).read_bytes() == (built / name).read_bytes(), f"{name} differs with seed {seed}"
