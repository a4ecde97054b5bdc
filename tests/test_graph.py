"""The graph stage and the Turtle export: the RDF contract, provenance, determinism; the ontology."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import rdflib.collection
import rdflib.compare
from rdflib import RDF, RDFS, XSD, Literal, URIRef

from kg.export.turtle import write_turtle
from kg.graph.rdf import DEFAULT_BASE, ONTOLOGY, build_graph
from kg.model import (
    ENTITY_TYPES,
    RELATION_TYPES,
    Document,
    Entity,
    Relation,
    ResolvedCorpus,
)

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "union-kg.ttl"
BASE = DEFAULT_BASE
DOC_A = "000_7140136955a3941c.txt"
DOC_B = "001_ef017d69908f7d1b.txt"
TRICKY_EVIDENCE = '齐鲁制药(海南)有限公司获得"全国五一劳动奖状"称号，它的\'口号\'是 C:\\工会\\奖状。'

PREFIXES = """
PREFIX ukg: <https://union-kg.org/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def sample_corpus() -> ResolvedCorpus:
    documents = [
        Document(DOC_A, "海口市总工会召开表彰大会", "海口市总工会召开表彰大会\n正文"),
        Document(DOC_B, "金秋助学活动启动", "金秋助学活动启动\n正文"),
    ]
    entities = [
        Entity("award/aaaa00000001", "Award", "全国五一劳动奖状", (), (DOC_A,)),
        Entity("award/aaaa00000002", "Award", "全国五一劳动奖章", (), (DOC_B,)),
        Entity("company/cccc00000001", "Company", "齐鲁制药(海南)有限公司", ("齐鲁制药",), (DOC_A,)),
        Entity("company/cccc00000002", "Company", "海口成立雅水务有限公司", (), (DOC_B,)),
        Entity("organization/oooo00000001", "Organization", "海口市人大常委会", ("市人大常委会",), (DOC_A,)),
        Entity("person/pppp00000001", "Person", "盛林", (), (DOC_A, DOC_B)),
        Entity("person/pppp00000002", "Person", "韩海珍", (), (DOC_B,)),
        Entity("place/llll00000001", "Place", "海口市", (), (DOC_A,)),
        Entity("programme/gggg00000001", "Programme", "金秋助学", (), (DOC_B,)),
        Entity("union/uuuu00000001", "Union", "海口市总工会", ("市总", "市总工会"), (DOC_A, DOC_B)),
    ]
    union, sheng, han = "union/uuuu00000001", "person/pppp00000001", "person/pppp00000002"
    relations = [
        Relation("holdsPosition", sheng, union, DOC_A, "市总工会主席、党组书记盛林致辞。", role="主席"),
        Relation("holdsPosition", sheng, union, DOC_A, "市总工会主席、党组书记盛林致辞。", role="党组书记"),
        Relation("holdsPosition", sheng, union, DOC_B, "市总工会主席盛林出席。", role="主席"),
        Relation("holdsPosition", sheng, "organization/oooo00000001", DOC_A, "市人大常委会副主任盛林。", role="副主任"),
        Relation("receivedAward", "company/cccc00000001", "award/aaaa00000001", DOC_A, TRICKY_EVIDENCE, year=2017),
        Relation("receivedAward", sheng, "award/aaaa00000002", DOC_B, "盛林曾获全国五一劳动奖章。"),
        Relation("organizes", union, "programme/gggg00000001", DOC_B, "海口市总工会开展金秋助学活动。"),
        Relation("locatedIn", union, "place/llll00000001", DOC_A, "海口市总工会位于海口市。"),
        Relation("assisted", union, han, DOC_B, "海口市总工会慰问韩海珍。"),
        Relation("worksFor", han, "company/cccc00000002", DOC_B, "韩海珍是海口成立雅水务有限公司的一名普通职工。"),
    ]
    return ResolvedCorpus(documents, entities, relations)


def write_sample(path: str | os.PathLike) -> Path:
    return write_turtle(build_graph(sample_corpus()), path)


@pytest.fixture(scope="module")
def turtle_file(tmp_path_factory) -> Path:
    return write_sample(tmp_path_factory.mktemp("graph") / "graph.ttl")


@pytest.fixture(scope="module")
def graph(turtle_file) -> rdflib.Graph:
    return rdflib.Graph().parse(turtle_file, format="turtle")


def select(graph: rdflib.Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(PREFIXES + query)]


def test_turtle_parses_with_rdflib_and_pyoxigraph(turtle_file, graph):
    quads = list(ox.parse(path=turtle_file, format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(graph) > 0
    assert rdflib.compare.isomorphic(graph, build_graph(sample_corpus()))


def test_no_blank_nodes_and_no_ontology_triples(graph):
    assert not any(isinstance(term, rdflib.BNode) for triple in graph for term in triple)
    assert (None, RDF.type, rdflib.OWL.Class) not in graph
    assert (None, RDF.type, rdflib.OWL.ObjectProperty) not in graph


def test_documents(graph):
    rows = select(graph, """
        SELECT ?doc ?id ?title WHERE { ?doc a ukg:Document ; dcterms:identifier ?id ; dcterms:title ?title }
        ORDER BY ?id""")
    assert [(str(doc), str(identifier)) for doc, identifier, _ in rows] == [
        (BASE + "doc/000_7140136955a3941c", DOC_A),
        (BASE + "doc/001_ef017d69908f7d1b", DOC_B),
    ]
    for _, identifier, title in rows:
        assert identifier.language is None
        assert identifier.datatype in (None, XSD.string)
    assert rows[0][2] == Literal("海口市总工会召开表彰大会", lang="zh")


def test_every_entity_has_one_type_one_label_aliases_and_mentions(graph):
    corpus = sample_corpus()
    classes = {ONTOLOGY[name] for name in ENTITY_TYPES}
    for entity in corpus.entities:
        node = URIRef(BASE + entity.id)
        assert set(graph.objects(node, RDF.type)) == {ONTOLOGY[entity.type]}
        assert set(graph.objects(node, RDF.type)) <= classes
        assert list(graph.objects(node, RDFS.label)) == [Literal(entity.label, lang="zh")]
        assert set(graph.objects(node, rdflib.SKOS.altLabel)) == {Literal(a, lang="zh") for a in entity.aliases}
        mentioned_in = {str(doc) for doc in graph.subjects(URIRef("https://schema.org/mentions"), node)}
        assert mentioned_in == {BASE + "doc/" + Path(d).stem for d in entity.documents}


def test_one_label_per_entity_query(graph):
    rows = select(graph, """
        SELECT ?e (COUNT(?label) AS ?n) WHERE { ?e rdfs:label ?label } GROUP BY ?e HAVING (COUNT(?label) != 1)""")
    assert rows == []


def test_direct_triples_once_and_statements_per_record(graph):
    corpus = sample_corpus()
    direct = {(r.type, r.subject, r.object) for r in corpus.relations}
    for relation_type, subject, obj in direct:
        assert (URIRef(BASE + subject), ONTOLOGY[relation_type], URIRef(BASE + obj)) in graph
    predicates = {ONTOLOGY[name] for name in RELATION_TYPES}
    assert len([t for t in graph if t[1] in predicates]) == len(direct)

    statements = list(graph.subjects(RDF.type, RDF.Statement))
    assert len(statements) == len(corpus.relations) == len(set(statements))
    for node in statements:
        assert isinstance(node, URIRef)
        assert re.fullmatch(re.escape(BASE) + r"statement/[0-9a-f]{16}", str(node))

    sheng_union = select(graph, """
        SELECT ?doc ?role WHERE {
          ?st rdf:subject <%sperson/pppp00000001> ; rdf:predicate ukg:holdsPosition ;
              rdf:object <%sunion/uuuu00000001> ; prov:wasDerivedFrom/dcterms:identifier ?doc ; ukg:role ?role }
        ORDER BY ?doc ?role""" % (BASE, BASE))
    assert [(str(d), str(r)) for d, r in sheng_union] == [(DOC_A, "主席"), (DOC_A, "党组书记"), (DOC_B, "主席")]


def test_statements_carry_provenance_evidence_role_and_year(graph):
    corpus = sample_corpus()
    rows = select(graph, """
        SELECT ?type ?s ?o ?doc ?evidence ?role ?year WHERE {
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?type ; rdf:object ?o ;
              prov:wasDerivedFrom ?docNode ; ukg:evidence ?evidence .
          ?docNode dcterms:identifier ?doc .
          OPTIONAL { ?st ukg:role ?role } OPTIONAL { ?st ukg:year ?year } }""")
    found = {
        (str(t)[len(str(ONTOLOGY)):], str(s)[len(BASE):], str(o)[len(BASE):], str(doc), str(ev),
         None if role is None else str(role), None if year is None else int(str(year)))
        for t, s, o, doc, ev, role, year in rows
    }
    expected = {(r.type, r.subject, r.object, r.document, r.evidence, r.role, r.year) for r in corpus.relations}
    assert found == expected
    for *_, evidence, role, year in rows:
        assert evidence.language == "zh"
        assert role is None or role.language == "zh"
        assert year is None or year.datatype == XSD.gYear
    assert any(str(row[4]) == TRICKY_EVIDENCE for row in rows)


def test_year_is_gyear_in_the_file(turtle_file):
    text = turtle_file.read_text(encoding="utf-8")
    assert '"2017"^^xsd:gYear' in text


def test_output_is_byte_identical_across_builds_and_input_order(tmp_path):
    first = write_sample(tmp_path / "a.ttl").read_bytes()
    second = write_sample(tmp_path / "b.ttl").read_bytes()
    corpus = sample_corpus()
    reversed_corpus = ResolvedCorpus(
        corpus.documents[::-1], corpus.entities[::-1], corpus.relations[::-1]
    )
    third = write_turtle(build_graph(reversed_corpus), tmp_path / "c.ttl").read_bytes()
    assert first == second == third


def test_output_is_byte_identical_across_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "2", "12345"):
        target = tmp_path / f"seed-{seed}.ttl"
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); import test_graph; "
            "test_graph.write_sample(sys.argv[2])"
        )
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", code, str(Path(__file__).parent), str(target)],
            check=True, env=environment, cwd=ROOT,
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_custom_base(tmp_path):
    graph = build_graph(sample_corpus(), base="http://example.org/kg/")
    assert (URIRef("http://example.org/kg/union/uuuu00000001"), RDF.type, ONTOLOGY.Union) in graph
    assert (URIRef("http://example.org/kg/doc/000_7140136955a3941c"), RDF.type, ONTOLOGY.Document) in graph


def test_unknown_types_are_rejected():
    corpus = sample_corpus()
    corpus.entities.append(Entity("x/1", "Thing", "某物", (), ()))
    with pytest.raises(ValueError):
        build_graph(corpus)
    corpus = sample_corpus()
    corpus.relations.append(Relation("likes", "person/pppp00000001", "person/pppp00000002", DOC_A, "x"))
    with pytest.raises(ValueError):
        build_graph(corpus)


def test_ontology_parses_with_both_parsers():
    assert len(list(ox.parse(path=ONTOLOGY_FILE, format=ox.RdfFormat.TURTLE))) > 0
    assert len(rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")) > 0


@pytest.mark.parametrize(
    "name, kind",
    [(name, rdflib.OWL.Class) for name in ENTITY_TYPES + ("Document",)]
    + [(name, rdflib.OWL.ObjectProperty) for name in RELATION_TYPES]
    + [(name, rdflib.OWL.DatatypeProperty) for name in ("role", "year", "evidence")],
)
def test_ontology_declares_term_with_labels_comment_domain_range(name, kind):
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    term = ONTOLOGY[name]
    assert (term, RDF.type, kind) in ontology
    languages = {label.language for label in ontology.objects(term, RDFS.label)}
    assert {"zh", "en"} <= languages
    assert ontology.value(term, RDFS.comment) is not None
    if kind == rdflib.OWL.Class:
        assert ontology.value(term, RDFS.subClassOf) is not None
    else:
        assert ontology.value(term, RDFS.domain) is not None
        assert ontology.value(term, RDFS.range) is not None


def test_ontology_header_and_alignments():
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    header = URIRef("https://union-kg.org/ontology")
    assert (header, RDF.type, rdflib.OWL.Ontology) in ontology
    assert str(ontology.value(header, rdflib.OWL.versionInfo)) == "0.1.0"
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    assert (ONTOLOGY.holdsPosition, RDFS.subPropertyOf, org.memberOf) in ontology
    assert (ONTOLOGY.Union, RDFS.subClassOf, org.Organization) in ontology
    assert (ONTOLOGY.year, RDFS.range, XSD.gYear) in ontology
    holds_range = ontology.value(ONTOLOGY.holdsPosition, RDFS.range)
    members = rdflib.collection.Collection(ontology, ontology.value(holds_range, rdflib.OWL.unionOf))
    assert set(members) == {ONTOLOGY.Union, ONTOLOGY.Organization, ONTOLOGY.Company}
