"""The build end to end: CLI, committed exports, the Turtle contract, errors."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph
import pytest
import rdflib

from kg.cli import main

SEVEN = {"Union", "Person", "Company", "Organization", "Award", "Programme", "Place"}


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("exports")
    assert main(["build", "--corpus", str(root / "corpus"), "--out", str(out)]) == 0
    return out


def test_committed_exports_equal_a_fresh_build(fresh_build, root):
    for name in ("graph.ttl", "graph.html"):
        assert (fresh_build / name).read_bytes() == (root / "exports" / name).read_bytes(), \
            f"exports/{name} is stale: run `kg build` and commit it"


def test_turtle_parses_with_rdflib_and_pyoxigraph(fresh_build):
    path = fresh_build / "graph.ttl"
    graph = rdflib.Graph().parse(path, format="turtle")
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(graph) == len(quads) > 1000


def test_turtle_contract(fresh_build):
    store = pyoxigraph.Store()
    store.load(path=str(fresh_build / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    prefixes = """PREFIX ukg: <https://union-kg.org/ontology#> PREFIX schema: <https://schema.org/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> """
    docs = list(store.query(prefixes + "SELECT ?id ?title WHERE { ?d a ukg:Document ; dcterms:identifier ?id ; dcterms:title ?title }"))
    assert {row["id"].value for row in docs} >= {"000_7140136955a3941c.txt", "004_18dcb4811d5bd772.txt"}
    assert any(row["title"].value == "肇庆市总工会" for row in docs)
    entities = list(store.query(prefixes + """SELECT ?e (COUNT(DISTINCT ?t) AS ?types) (COUNT(DISTINCT ?l) AS ?labels)
        WHERE { ?doc schema:mentions ?e . ?e a ?t ; rdfs:label ?l } GROUP BY ?e"""))
    assert len(entities) > 150
    assert all(int(row["types"].value) == 1 and int(row["labels"].value) == 1 for row in entities)
    unproven = list(store.query(prefixes + """SELECT ?st WHERE { ?st a rdf:Statement .
        FILTER NOT EXISTS { ?st prov:wasDerivedFrom ?doc ; ukg:evidence ?e ; rdf:subject ?s ; rdf:object ?o }
        FILTER NOT EXISTS { ?st prov:wasGeneratedBy ukg:hierarchyInference ; rdf:subject ?s2 ; rdf:object ?o2 } }"""))
    assert unproven == []
    inferred = list(store.query(prefixes + """SELECT ?st WHERE { ?st prov:wasGeneratedBy ukg:hierarchyInference ;
        rdf:predicate <http://www.w3.org/ns/org#subOrganizationOf> ; rdf:subject ?s ; rdf:object ?o . ?s ?p ?o }"""))
    assert len(inferred) >= 5
    direct = store.query(prefixes + """ASK { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
        FILTER NOT EXISTS { ?s ?p ?o } }""")
    assert bool(direct) is False


def test_query_from_a_file_prints_a_table(fresh_build, root, capsys):
    assert main(["query", str(root / "ontology" / "queries" / "union-officers.rq"),
                 "--graph", str(fresh_build / "graph.ttl")]) == 0
    output = capsys.readouterr().out
    assert "盛林" in output and "主席" in output and "海口市总工会" in output


def test_eval_command_prints_the_micro_totals(root, capsys):
    assert main(["eval", "--gold", str(root / "tests" / "data" / "gold"), "--corpus", str(root / "corpus")]) == 0
    output = capsys.readouterr().out
    assert "all entities" in output and "all relations" in output


def test_every_command_documents_itself():
    for command in ([], ["build"], ["query"], ["eval"]):
        result = subprocess.run([sys.executable, "-m", "kg", *command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and "usage: kg" in result.stdout
    build_help = subprocess.run([sys.executable, "-m", "kg", "build", "--help"], capture_output=True, text=True).stdout
    assert "--corpus" in build_help and "--out" in build_help and "--base" in build_help


def test_missing_corpus_is_a_one_line_error_and_keeps_earlier_outputs(tmp_path, capsys):
    (tmp_path / "graph.ttl").write_text("old", encoding="utf-8")
    assert main(["build", "--corpus", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 1
    error = capsys.readouterr().err.strip()
    assert "nowhere" in error and len(error.splitlines()) == 1
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "old"


def test_undecodable_article_names_the_file(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)  # no encoding reads it as text
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out")]) == 1
    assert "bad.txt" in capsys.readouterr().err


def test_malformed_query_is_one_line(fresh_build, capsys):
    assert main(["query", "SELECT WHERE {", "--graph", str(fresh_build / "graph.ttl")]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_custom_base_namespace(tmp_path, root):
    assert main(["build", "--corpus", str(root / "corpus"), "--out", str(tmp_path), "--base", "http://example.org/kg/"]) == 0
    text = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    assert "http://example.org/kg/" in text and "https://union-kg.org/id/" not in text


@pytest.mark.parametrize("base", ["http://x y/", "foo", "https://example.org/id"])
def test_bad_base_is_one_line_and_writes_nothing(tmp_path, root, capsys, base):
    assert main(["build", "--corpus", str(root / "corpus"), "--out", str(tmp_path / "out"), "--base", base]) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "--base" in error[0] and not (tmp_path / "out").exists()
