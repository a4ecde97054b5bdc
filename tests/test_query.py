"""SPARQL over the exported Turtle: results, the example queries, errors, the text table."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export.turtle import write_turtle
from kg.graph.rdf import build_graph
from kg.model import Document, Entity, Observation, Relation, ResolvedCorpus
from kg.sparql.query import (
    QueryError,
    QueryResult,
    display_width,
    format_table,
    read_query_argument,
    run_query,
)

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
DOC_A = "000_7140136955a3941c.txt"
DOC_B = "001_ef017d69908f7d1b.txt"


def sample_corpus() -> ResolvedCorpus:
    union, sheng, han = "union/u1", "person/p1", "person/p2"
    company, award, medal = "company/c1", "award/a1", "award/a2"
    return ResolvedCorpus(
        documents=[Document(DOC_A, "表彰大会", "表彰大会"), Document(DOC_B, "金秋助学", "金秋助学")],
        entities=[
            Entity(award, "Award", "全国五一劳动奖状", (), (DOC_A,)),
            Entity(medal, "Award", "全国五一劳动奖章", (), (DOC_B,)),
            Entity(company, "Company", "齐鲁制药(海南)有限公司", (), (DOC_A,)),
            Entity(sheng, "Person", "盛林", (), (DOC_A, DOC_B)),
            Entity(han, "Person", "韩海珍", (), (DOC_B,)),
            Entity("place/l1", "Place", "海口市", (), (DOC_A,)),
            Entity("programme/g1", "Programme", "金秋助学", (), (DOC_B,)),
            Entity(union, "Union", "海口市总工会", ("市总工会",), (DOC_A, DOC_B)),
        ],
        relations=[
            Relation("holdsPosition", sheng, union, DOC_A, "市总工会主席、党组书记盛林。", role="主席"),
            Relation("holdsPosition", sheng, union, DOC_A, "市总工会主席、党组书记盛林。", role="党组书记"),
            Relation("receivedAward", company, award, DOC_A, '齐鲁制药获得"全国五一劳动奖状"\\称号。', year=2017),
            Relation("receivedAward", sheng, medal, DOC_B, "盛林曾获全国五一劳动奖章。"),
            Relation("organizes", union, "programme/g1", DOC_B, "海口市总工会开展金秋助学。"),
            Relation("locatedIn", union, "place/l1", DOC_A, "海口市总工会位于海口市。"),
            Relation("assisted", union, han, DOC_B, "海口市总工会慰问韩海珍。"),
        ],
        observations=[
            Observation(union, "资助困难职工子女", "4418", "名", DOC_B, "海口市总工会资助4418名困难职工子女。", "2017"),
        ],
    )


@pytest.fixture(scope="module")
def turtle_file(tmp_path_factory) -> Path:
    return write_turtle(build_graph(sample_corpus()), tmp_path_factory.mktemp("query") / "graph.ttl")


def run_example(name: str, turtle_file: Path) -> QueryResult:
    return run_query(read_query_argument(str(ROOT / "ontology" / "queries" / name)), turtle_file)


def test_select_renders_literals_plainly_and_iris_as_prefixed_names(turtle_file):
    result = run_query(
        "SELECT ?label ?class WHERE { ?e a ?class ; rdfs:label ?label } ORDER BY ?label", turtle_file
    )
    assert result.kind == "select"
    assert result.variables == ["label", "class"]
    assert ("海口市总工会", "ukg:Union") in result.rows
    assert ("盛林", "ukg:Person") in result.rows
    assert len(result.rows) == 8


def test_unbound_values_are_none_and_years_are_lexical(turtle_file):
    result = run_query(
        """SELECT ?award ?year WHERE {
             ?st rdf:predicate ukg:receivedAward ; rdf:object/rdfs:label ?award .
             OPTIONAL { ?st ukg:year ?year } } ORDER BY ?award""",
        turtle_file,
    )
    assert result.rows == [("全国五一劳动奖状", "2017"), ("全国五一劳动奖章", None)]


def test_query_may_declare_its_own_prefixes(turtle_file):
    result = run_query(
        "PREFIX u: <https://union-kg.org/ontology#> PREFIX ukg: <http://example.org/nothing#>\n"
        "SELECT ?e WHERE { ?e a u:Union . FILTER NOT EXISTS { ?e a ukg:Union } }",
        turtle_file,
    )
    assert result.rows == [("id:union/u1",)]


def test_ask_and_construct(turtle_file):
    assert run_query("ASK { ?s a ukg:Union }", turtle_file).boolean is True
    assert run_query("ASK { ?s a ukg:Company ; ukg:assisted ?p }", turtle_file).boolean is False
    assert format_table(run_query("ASK { ?s a ukg:Union }", turtle_file)) == "true"
    result = run_query("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a ukg:Union ; rdfs:label ?l }", turtle_file)
    assert result.kind == "graph"
    triples = list(ox.parse(result.turtle, format=ox.RdfFormat.TURTLE))
    assert [t.object.value for t in triples] == ["海口市总工会"]


def test_awards_by_year(turtle_file):
    result = run_example("awards-by-year.rq", turtle_file)
    assert result.variables == ["recipient", "recipientType", "award", "year"]
    assert result.rows == [
        ("齐鲁制药(海南)有限公司", "Company", "全国五一劳动奖状", "2017"),
        ("盛林", "Person", "全国五一劳动奖章", None),
    ]


def test_union_officers(turtle_file):
    result = run_example("union-officers.rq", turtle_file)
    assert sorted(result.rows) == sorted([("盛林", "主席", "海口市总工会"), ("盛林", "党组书记", "海口市总工会")])


def test_programmes_by_organiser(turtle_file):
    assert run_example("programmes-by-organiser.rq", turtle_file).rows == [("海口市总工会", "金秋助学")]


def test_entity_counts(turtle_file):
    counts = dict(run_example("entity-counts.rq", turtle_file).rows)
    assert counts == {"Award": "2", "Person": "2", "Company": "1", "Place": "1", "Programme": "1", "Union": "1"}


def test_evidence_for_relation(turtle_file):
    result = run_example("evidence-for-relation.rq", turtle_file)
    assert len(result.rows) == len(sample_corpus().relations)
    by_relation = {(row[1], row[3]): row for row in result.rows}
    award_row = by_relation[("receivedAward", "2017")]
    assert award_row[4] == DOC_A
    assert award_row[5] == '齐鲁制药获得"全国五一劳动奖状"\\称号。'


@pytest.mark.parametrize("query_file", QUERIES, ids=[path.name for path in QUERIES])
def test_example_queries_have_a_header_and_run(query_file, turtle_file):
    assert query_file.read_text(encoding="utf-8").startswith("# ")
    result = run_query(read_query_argument(str(query_file)), turtle_file)
    assert result.kind == "select" and result.rows


def test_example_query_files_exist():
    names = {path.name for path in QUERIES}
    assert {
        "awards-by-year.rq",
        "union-officers.rq",
        "programmes-by-organiser.rq",
        "entity-counts.rq",
        "evidence-for-relation.rq",
    } <= names


@pytest.mark.parametrize(
    "query",
    [
        "SELEC ?x WHERE { ?x ?p ?o }",
        "SELECT ?x WHERE { ?x nope:thing ?o }",
        "SELECT ?x WHERE {\n  ?x ?p \n",
    ],
)
def test_malformed_query_raises_one_line_query_error(query, turtle_file):
    with pytest.raises(QueryError) as caught:
        run_query(query, turtle_file)
    message = str(caught.value)
    assert message and "\n" not in message


def test_unparsable_graph_raises_query_error(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(QueryError):
        run_query("ASK { ?s ?p ?o }", broken)


def test_read_query_argument(tmp_path):
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert read_query_argument(str(query_file)) == "ASK { ?s ?p ?o }"
    assert read_query_argument("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"
    long_text = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
    assert read_query_argument(long_text) == long_text


def test_display_width_counts_cjk_as_two():
    assert display_width("abc") == 3
    assert display_width("盛林") == 4
    assert display_width("(海南)") == 6
    assert display_width("（）") == 4


def test_format_table_aligns_cjk_columns():
    result = QueryResult(
        variables=["name", "type", "n"],
        rows=[("海口市总工会", "Union", "1"), ("ab", "人物", None), ("齐鲁制药(海南)有限公司", "C", "12")],
    )
    lines = format_table(result).splitlines()
    assert len(lines) == 5
    assert set(lines[1]) == {"-", " "}

    def column_starts(line: str) -> list[int]:
        starts, width, previous = [], 0, " "
        for char in line:
            if previous == " " and char != " " and (not starts or width - starts[-1] > 1):
                starts.append(width)
            width += display_width(char)
            previous = char
        return starts

    expected = column_starts(lines[0])
    assert len(expected) == 3
    for line in (lines[2], lines[4]):
        assert column_starts(line) == expected
    assert column_starts(lines[3]) == expected[:2]
    assert lines[0].startswith("name" + " " * (display_width("齐鲁制药(海南)有限公司") - 4 + 2) + "type")
