"""`kg serve`: the SPARQL endpoint over HTTP (SPARQLWrapper and urllib), its limits and refusals,
the same rows as `kg query` and rdflib, the query page, and a bounded load test."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.cli import main
from kg.sparql.protocol import inspect, negotiate
from kg.sparql.query import (
    WELL_KNOWN_PREFIXES,
    format_table,
    query_store,
    read_query_argument,
    render_term,
)
from kg.sparql.serve import Settings, start
from kg.sparql.store import open_snapshot

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
TIMEOUT = 1.5
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in ("integer", "decimal", "double", "float")}


@pytest.fixture(scope="module")
def built(tmp_path_factory, root):
    out = tmp_path_factory.mktemp("serve")
    assert main(["build", "--corpus", str(root / "corpus"), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def endpoint(built):
    settings = Settings(timeout=TIMEOUT, max_rows=1000, max_body=100_000, client_timeout=2.0, quiet=True)
    with start(built, port=0, workers=2, settings=settings) as running:
        yield running


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body text) of one request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8")


def get(endpoint, query: str, accept: str = "application/sparql-results+json", **params):
    return http(endpoint.url + "?" + urllib.parse.urlencode({"query": query, **params}), headers={"Accept": accept})


def address(endpoint) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(endpoint.url)
    return parts.hostname, parts.port


def value(kind: str, text: str, datatype: str | None = None) -> str:
    """A cell as `kg query` prints it: IRIs as prefixed names, numbers by value."""
    if kind == "uri":
        return render_term(ox.NamedNode(text), WELL_KNOWN_PREFIXES)
    if datatype in NUMERIC:
        try:
            return str(Decimal(text).normalize())
        except InvalidOperation:
            return text
    return text


def json_rows(document: dict) -> list[tuple]:
    names = document["head"]["vars"]
    return [tuple(value(b[n]["type"], b[n]["value"], b[n].get("datatype")) if n in b else None for n in names)
            for b in document["results"]["bindings"]]


def store_rows(built, query: str) -> list[tuple]:
    with open_snapshot(built) as snapshot:
        result = query_store(query, snapshot.open(), snapshot.prefixes)
        answer = snapshot.open().query(query, prefixes=snapshot.prefixes)
        typed = [[solution[name] for name in result.variables] for solution in answer]
    return [tuple(None if term is None else value("uri" if isinstance(term, ox.NamedNode) else "literal",
                                                  term.value, getattr(getattr(term, "datatype", None), "value", None))
                  for term in row) for row in typed], result


def rdflib_rows(graph: rdflib.Graph, query: str) -> list[tuple]:
    rows = []
    for row in graph.query(query, initNs=WELL_KNOWN_PREFIXES):
        rows.append(tuple(None if term is None else value(
            "uri" if isinstance(term, rdflib.URIRef) else "literal", str(term),
            str(term.datatype) if isinstance(term, rdflib.Literal) and term.datatype else None) for term in row))
    return rows


def sort_key(row: tuple) -> tuple:
    return tuple("" if cell is None else cell for cell in row)


@pytest.fixture(scope="module")
def rdflib_graph(built):
    return rdflib.Graph().parse(built / "graph.ttl", format="turtle")


@pytest.mark.parametrize("query_file", QUERIES, ids=[path.name for path in QUERIES])
def test_example_queries_give_the_same_rows_over_http_in_kg_query_and_in_rdflib(
        query_file, built, endpoint, rdflib_graph, capsys):
    query = read_query_argument(str(query_file))
    status, content_type, body = get(endpoint, query)
    assert status == 200 and content_type.startswith("application/sparql-results+json")
    over_http = json_rows(json.loads(body))
    in_store, result = store_rows(built, query)
    assert over_http and over_http == in_store  # same engine: same order too
    assert sorted(over_http, key=sort_key) == sorted(rdflib_rows(rdflib_graph, query), key=sort_key)
    assert main(["query", str(query_file), "--out", str(built)]) == 0
    assert capsys.readouterr().out == format_table(result) + "\n"


def test_sparqlwrapper_select_in_every_result_format(endpoint):
    query = read_query_argument(str(ROOT / "ontology" / "queries" / "union-officers.rq"))
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    expected = json_rows(client.query().convert())
    assert ("盛林", "主席", "海口市总工会") in expected

    client.setReturnFormat(XML)
    response = client.query()
    assert response.info()["content-type"].startswith("application/sparql-results+xml")
    xml_rows = [tuple(s[n].value if s[n] else None for n in ("person", "role", "union"))
                for s in ox.parse_query_results(response.response.read(), format=ox.QueryResultsFormat.XML)]
    assert xml_rows == expected

    client.setReturnFormat(CSV)
    response = client.query()
    assert response.info()["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.convert().decode("utf-8"))))
    assert table[0] == ["person", "role", "union"] and [tuple(r) for r in table[1:]] == expected

    client.setReturnFormat(TSV)
    response = client.query()
    assert response.info()["content-type"].startswith("text/tab-separated-values")
    tsv_rows = [tuple(s[n].value for n in ("person", "role", "union"))
                for s in ox.parse_query_results(response.convert(), format=ox.QueryResultsFormat.TSV)]
    assert tsv_rows == expected


def test_sparqlwrapper_ask_and_post(endpoint):
    client = SPARQLWrapper(endpoint.url)
    client.setMethod("POST")
    client.setReturnFormat(JSON)
    client.setQuery("ASK { ?union a ukg:Union ; rdfs:label \"海口市总工会\"@zh }")
    assert client.query().convert() == {"head": {}, "boolean": True}
    client.setReturnFormat(XML)
    client.setQuery("ASK { ?s a ukg:NoSuchClass }")
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize("return_format, parse_as", [(TURTLE, "turtle"), (N3, "turtle"), (RDFXML, "xml"),
                                                     (XML, "xml"), (JSONLD, "json-ld")])
def test_sparqlwrapper_construct_in_every_graph_format(endpoint, return_format, parse_as):
    query = "CONSTRUCT { ?u rdfs:label ?l ; a ukg:Union } WHERE { ?u a ukg:Union ; rdfs:label ?l }"
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    response = client.query()
    body = response.response.read()
    graph = rdflib.Graph().parse(data=body, format=parse_as)
    labels = {str(o) for o in graph.objects(None, rdflib.RDFS.label)}
    assert "海口市总工会" in labels and len(graph) == 2 * len(labels)


def test_ntriples_and_content_types_over_plain_http(endpoint):
    query = "CONSTRUCT WHERE { ?u a ukg:Union }"
    status, content_type, body = get(endpoint, query, accept="application/n-triples")
    assert status == 200 and content_type.startswith("application/n-triples")
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) >= 10 and all(t.object.value.endswith("#Union") for t in triples)
    assert get(endpoint, query)[1].startswith("text/turtle")  # the default for graphs
    assert get(endpoint, query, accept="*/*")[1].startswith("text/turtle")
    assert get(endpoint, "SELECT * { ?s ?p ?o } LIMIT 1", accept="*/*")[1].startswith("application/sparql-results+json")
    assert get(endpoint, "SELECT * { ?s ?p ?o } LIMIT 1", accept="text/csv", format="tsv")[1].startswith(
        "text/tab-separated-values")
    status, _, body = get(endpoint, "SELECT * { ?s ?p ?o } LIMIT 1", format="yaml")
    assert status == 400 and "format" in body


def test_get_post_and_form_give_the_same_answer(endpoint):
    query = "SELECT ?l WHERE { ?u a ukg:Union ; rdfs:label ?l } ORDER BY ?l"
    accept = {"Accept": "application/sparql-results+json"}
    by_get = get(endpoint, query)
    by_post = http(endpoint.url, query.encode("utf-8"), {**accept, "Content-Type": "application/sparql-query"})
    by_form = http(endpoint.url, urllib.parse.urlencode({"query": query}).encode("ascii"),
                   {**accept, "Content-Type": "application/x-www-form-urlencoded"})
    assert by_get == by_post == by_form and by_get[0] == 200
    assert len(json.loads(by_get[2])["results"]["bindings"]) >= 10


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # SPARQLWrapper cannot tell the form of a broken query
@pytest.mark.parametrize("query", ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {\n  ?x ?p \n",
                                   "SELECT ?x WHERE { ?x nope:thing ?o }", ""])
def test_malformed_query_is_a_400_with_the_parsers_message_and_position(endpoint, query):
    status, content_type, body = get(endpoint, query)
    assert status == 400 and content_type.startswith("text/plain")
    assert "error at " in body and "Traceback" not in body  # "error at LINE:COLUMN: expected …"
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(query or "SELECT")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_updates_are_refused_with_403_and_change_nothing(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = get(endpoint, count)[2]
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    attempts = [
        get(endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
        get(endpoint, "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }"),
        get(endpoint, "# comment\nCLEAR ALL"),
        get(endpoint, "LOAD <http://example.org/data.ttl>"),
        get(endpoint, "DROP DEFAULT"),
        http(endpoint.url + "?" + urllib.parse.urlencode({"update": "CLEAR ALL"})),
        http(endpoint.url, b"update=CLEAR+ALL", form),
        http(endpoint.url, b"CLEAR ALL", {"Content-Type": "application/sparql-update"}),
        http(endpoint.url.replace("/sparql", "/update"), b"update=CLEAR+ALL", form),
    ]
    for status, _, body in attempts:
        assert status == 403 and "read-only" in body
    assert get(endpoint, count)[2] == before


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:9/> SELECT * WHERE { SERVICEex:x { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o.SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 1SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE?e{ ?s ?p ?o } }",
    "ASK { ?s ?p ?o FILTER EXISTS { SERVICE#comment\n<http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
])
def test_service_is_refused_with_400(endpoint, query):
    assert inspect(query).uses_service
    status, _, body = get(endpoint, query)
    assert status == 400 and "SERVICE" in body


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s rdfs:label "SERVICE <http://x/> { }" }',
    "SELECT ?s WHERE { ?s rdfs:label '''multi\nline SERVICE''' }",
    "SELECT ?service WHERE { ?service a <http://example.org/SERVICE> } # SERVICE <http://x/> {}",
    'SELECT ?s WHERE { ?s rdfs:label "x"@service }',
    "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:serviceType ?o }",
])
def test_the_word_service_elsewhere_is_not_refused(endpoint, query):
    assert not inspect(query).uses_service
    assert get(endpoint, query)[0] == 200


def test_query_shape_and_negotiation():
    assert inspect("PREFIX a: <x:> BASE <y:> # c\n construct where {}").form == "CONSTRUCT"
    assert inspect("prefix select: <x:> INSERT DATA {}").is_update
    assert inspect("DESCRIBE <x:>").family == "graph" and inspect("ASK {}").family == "results"
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", None) == ("xml", "turtle")
    assert negotiate("text/html, application/xml;q=0.9, */*;q=0.8", None) == ("xml", "rdfxml")
    assert negotiate("text/turtle, application/json;q=0.1", None) == ("json", "turtle")
    assert negotiate(None, "csv") == ("csv", "turtle")


def test_oversized_body_is_a_413(endpoint):
    body = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000).encode("utf-8")
    status, _, text = http(endpoint.url, body, {"Content-Type": "application/sparql-query"})
    assert status == 413 and "100000" in text
    with socket.create_connection(address(endpoint), timeout=10) as raw:
        raw.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                    b"Content-Length: 5000000\r\nExpect: 100-continue\r\n\r\n")
        assert raw.recv(200).startswith(b"HTTP/1.1 413")


def test_too_many_rows_are_refused_not_truncated(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and "1000" in body and "LIMIT" in body
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1000")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 1000


def test_slow_query_is_stopped_with_503_and_the_server_goes_on(endpoint):
    started = time.monotonic()
    status, _, body = get(endpoint, SLOW)
    elapsed = time.monotonic() - started
    assert status == 503 and "ran longer than" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 2
    for _ in range(3):  # the killed worker is replaced; the other answers meanwhile
        assert get(endpoint, "ASK { ?s a ukg:Union }")[:1] == (200,)
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(SLOW)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 503


def test_a_slow_sender_does_not_hold_up_others_and_is_cut_off(endpoint):
    with socket.create_connection(address(endpoint), timeout=10) as slow:
        slow.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n")  # and then nothing
        started = time.monotonic()
        assert get(endpoint, "ASK { ?s ?p ?o }")[0] == 200
        assert time.monotonic() - started < 1
        slow.settimeout(10)
        assert slow.recv(100) == b""  # closed by the server after client_timeout (2 s)
        assert time.monotonic() - started < 5


def test_unknown_path_wrong_method_and_the_query_page(endpoint):
    base = endpoint.url.removesuffix("sparql")
    assert http(base + "nope")[0] == 404
    assert http(endpoint.url, b"x", method="PUT")[0] == 405
    assert http(endpoint.url, method="DELETE")[0] == 405
    assert http(base, b"query=x", {"Content-Type": "application/x-www-form-urlencoded"})[0] == 405
    assert http(endpoint.url, b"query", {"Content-Type": "text/plain"})[0] == 415
    assert http(endpoint.url)[0] == 400  # no query, not a browser
    status, content_type, page = http(base)
    assert status == 200 and content_type.startswith("text/html")
    assert "<textarea" in page and "union-officers" in page and "fetch(" in page
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)  # nothing loaded from elsewhere
    script = page.split("<script>")[1].split("</script>")[0]
    assert "<http" not in script and "\\u003chttps://union-kg.org/ontology#\\u003e" in script  # examples escaped
    assert http(endpoint.url, headers={"Accept": "text/html"})[2] == page


def test_kg_query_uses_the_store_and_reloads_it_when_the_graph_changes(built, tmp_path, monkeypatch, capsys):
    import kg.sparql.query
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_bytes((built / "graph.ttl").read_bytes())
    with open_snapshot(out) as first:
        pass
    monkeypatch.setattr(kg.sparql.query, "_load", lambda path: pytest.fail("kg query read the Turtle, not the store"))
    assert main(["query", "ASK { ?s a ukg:Union }", "--out", str(out)]) == 0
    assert capsys.readouterr().out == "true\n"
    (out / "graph.ttl").write_text("@prefix ukg: <https://union-kg.org/ontology#> .\n<urn:x> a ukg:Thing .\n",
                                   encoding="utf-8")
    assert main(["query", "SELECT ?s { ?s a ukg:Thing }", "--out", str(out)]) == 0
    assert "urn:x" in capsys.readouterr().out
    assert not first.path.exists()  # the old database folder was removed: nobody held it
    monkeypatch.undo()
    assert main(["query", "ASK { ?s a ukg:Thing }", "--graph", str(out / "graph.ttl")]) == 0


def test_a_failed_load_keeps_the_previous_store(built, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_bytes((built / "graph.ttl").read_bytes())
    with open_snapshot(out) as snapshot:
        triples, first = snapshot.triples, snapshot.path
    (out / "store" / ".tmp-deadbeef").mkdir()  # what a load killed mid-way leaves
    (out / "graph.ttl").write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(Exception, match="cannot load"):
        open_snapshot(out)
    (out / "graph.ttl").write_bytes((built / "graph.ttl").read_bytes())  # the same bytes: no reload
    with open_snapshot(out) as snapshot:
        assert snapshot.path == first and len(snapshot.open()) == triples
    (out / "graph.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    with open_snapshot(out) as snapshot:
        assert snapshot.triples == 1
    assert not (out / "store" / ".tmp-deadbeef").exists() and not first.exists()  # collected by the load


def test_newer_ntriples_is_the_source(built, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_bytes((built / "graph.ttl").read_bytes())
    time.sleep(0.01)
    (out / "graph.nt").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    with open_snapshot(out) as snapshot:
        assert snapshot.source.name == "graph.nt" and snapshot.triples == 1
        assert snapshot.prefixes["id"] == "https://union-kg.org/id/"  # taken from graph.ttl


def test_the_endpoint_follows_a_rebuild_and_survives_a_broken_one(built, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_bytes((built / "graph.ttl").read_bytes())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def triples(endpoint) -> int:
        status, _, body = get(endpoint, count)
        assert status == 200
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    def wait_for(endpoint, expected: int) -> int:
        deadline = time.monotonic() + 10
        while (found := triples(endpoint)) != expected and time.monotonic() < deadline:
            time.sleep(0.2)
        return found

    with start(out, port=0, workers=1, settings=Settings(quiet=True)) as endpoint:
        before = triples(endpoint)
        assert before > 1000
        (out / "graph.ttl").write_text("<urn:a> <urn:b> <urn:c> , <urn:d> .\n", encoding="utf-8")
        assert wait_for(endpoint, 2) == 2
        (out / "graph.ttl").write_text("<urn:a> <urn:b> .\n", encoding="utf-8")  # broken
        time.sleep(1.5)
        assert triples(endpoint) == 2
        (out / "graph.ttl").write_bytes((built / "graph.ttl").read_bytes())
        assert wait_for(endpoint, before) == before


def test_kg_serve_command_binds_loopback_and_stops_on_sigterm(built, capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    usage = capsys.readouterr().out
    assert all(option in usage for option in ("--port", "--host", "--out", "--timeout", "--max-rows"))
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--out", str(built), "--port", "0",
                                "--quiet", "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=ROOT)
    try:
        line = process.stdout.readline()
        url = line.split()[2]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/sparql")
        status, _, body = http(url + "?" + urllib.parse.urlencode({"query": "ASK { ?s a ukg:Person }"}))
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        process.terminate()
        assert process.wait(10) == 0


def test_load_test_has_no_wrong_answers(endpoint, built):
    from kg.sparql.loadtest import run_load

    summary = run_load(endpoint.url, built, requests=200, concurrency=8, slow_every=100, slow_sender_every=50,
                       timeout=TIMEOUT)
    assert summary.requests == sum(summary.sent.values()) == 200
    assert summary.wrong == 0 and summary.errors == 0, summary.report()
    assert set(summary.statuses) <= {200, 400, 503, "closed"}
    assert summary.statuses["closed"] == summary.sent["stalled sender"] > 0
    assert summary.statuses[503] == summary.sent["slow"] and summary.sent["slow"] >= 2
    assert summary.statuses[400] == summary.sent["malformed"] > 0


def loopback_source(address: str) -> str | None:
    """``address`` if this machine can send from it (every 127.x address is loopback on Linux)."""
    try:
        with socket.socket() as probe_socket:
            probe_socket.bind((address, 0))
    except OSError:
        return None
    return address


def test_a_query_nested_2000_deep_is_a_400_and_the_server_stays_up(endpoint):
    from kg.sparql.loadtest import CHAINED, NESTED

    assert len(NESTED.encode()) < 5000  # the 4 KB request that ended the server with SIGSEGV
    status, _, body = get(endpoint, NESTED)
    assert status == 400 and "nested more than 64 deep" in body
    status, _, body = http(endpoint.url, CHAINED.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and "more than 4096 operators" in body
    deep_in_a_string = 'ASK { FILTER("' + "(" * 2000 + '" != "") }'  # brackets in a string do not count
    assert get(endpoint, deep_in_a_string)[:1] == (200,)
    assert get(endpoint, "ASK { ?s a ukg:Union }")[:1] == (200,)


def test_kg_query_refuses_a_nested_query_in_one_line(built):
    from kg.sparql.loadtest import CHAINED, NESTED

    for query in (NESTED, CHAINED):
        done = subprocess.run([sys.executable, "-m", "kg", "query", query, "--out", str(built)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 1, done.stderr[-300:]  # not -11 (SIGSEGV)
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("kg query: error: query refused: ")


def test_a_worker_that_dies_answers_in_one_line_and_is_replaced(built):
    import os
    import signal

    from kg.sparql.workers import WorkerPool

    lines: list[str] = []
    with open_snapshot(built) as snapshot:
        pool = WorkerPool(snapshot.path, snapshot.prefixes, 1, memory_mb=700, log=lines.append)
        try:
            job = {"result_format": "json", "graph_format": "turtle", "max_rows": 10}
            hungry = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
            reply = pool.run({**job, "query": hungry}, 60)
            assert reply.status == 503 and b"more memory than a worker may use" in reply.body
            exits = [line for line in lines if "worker exited" in line]
            assert len(exits) == 1 and "memory" in exits[0] and "\n" not in exits[0]
            assert "panicked" not in exits[0] and "backtrace" not in exits[0]

            worker = pool._idle.get(timeout=60)  # the replacement
            pool._idle.put(worker)
            threading.Timer(0.5, os.kill, (worker.process.pid, signal.SIGSEGV)).start()
            reply = pool.run({**job, "query": SLOW}, 30)
            assert reply.status == 400 and b"ran out of stack" in reply.body
            exits = [line for line in lines if "worker exited" in line]
            assert len(exits) == 2 and "SIGSEGV" in exits[1]
            # a replacement that could not start at once (a loaded machine) is retried, each try one line
            assert all("worker exited" in line or "worker failed to start (attempt" in line for line in lines)
            assert all("\n" not in line for line in lines)
            assert pool.run({**job, "query": "ASK { ?s ?p ?o }"}, 60).status == 200
        finally:
            pool.close(now=True)


def test_the_host_header_is_checked_against_dns_rebinding(endpoint):
    from kg.sparql.request import HostCheck

    host, port = address(endpoint)
    query = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    for name in (f"{host}:{port}", "localhost", f"localhost:{port}", f"[::1]:{port}", "127.0.0.1"):
        assert send_head(endpoint, f"GET {query} HTTP/1.1\r\nHost: {name}\r\n")[0] == 200, name
    for name in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "localhost:x", "[::1"):
        status, text = send_head(endpoint, f"GET {query} HTTP/1.1\r\nHost: {name}\r\n")
        assert status == 403 and text.count("\n") == 1, (name, text)
    assert "--allow-host evil.example" in send_head(endpoint, f"GET {query} HTTP/1.1\r\nHost: evil.example\r\n")[1]
    assert send_head(endpoint, f"GET {query} HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n")[0] == 403
    allowed = HostCheck("127.0.0.1", ["kg.lab.example"])
    assert allowed.problem(["kg.lab.example"]) is None and allowed.problem(["KG.lab.example.:8080"]) is None
    assert allowed.problem(["other.example"]) and allowed.problem(["10.0.0.5"])
    anywhere = HostCheck("0.0.0.0")
    assert anywhere.problem(["10.0.0.5:7878"]) is None and anywhere.problem(["[fe80::1]"]) is None
    assert anywhere.problem(["intranet.example"])


def send_head(endpoint, head: str) -> tuple[int | str, str]:
    from kg.sparql.loadtest import send_raw

    return send_raw(address(endpoint), head + "Connection: close\r\n\r\n")


def test_too_many_parameters_is_refused_for_that_reason(endpoint):
    many = "&".join(f"p{number}=x" for number in range(99))
    status, _, body = http(endpoint.url + "?" + urllib.parse.urlencode({"query": "ASK {}"}) + "&" + many)
    assert status == 400 and body == "too many parameters in the query string: 100 (the limit is 64)\n"
    form = urllib.parse.urlencode({"query": "ASK {}"}) + "&" + many
    status, _, body = http(endpoint.url, form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and "too many parameters in the form body" in body
    assert http(endpoint.url + "?query=%ff")[2] == "the query string is not valid UTF-8 form encoding\n"


def test_hostile_requests_of_the_load_test_attacks(endpoint):
    from kg.sparql.loadtest import attack_requests

    assert attack_requests(address(endpoint)) == []


def test_64_half_sent_connections_do_not_keep_others_waiting(endpoint):
    from kg.sparql.loadtest import hold_half_sent, probe

    source = loopback_source("127.0.0.2")
    if source is None:
        pytest.skip("this machine cannot send from 127.0.0.2")
    held = hold_half_sent(address(endpoint), 64, source)
    try:
        assert len(held) == 64
        assert probe(address(endpoint)) == 200  # while the 32 the server admitted from 127.0.0.2 wait
        refused = 0
        for raw in held:  # the first 32 are held, the rest were refused at once
            raw.settimeout(0.2)
            try:
                refused += raw.recv(200).startswith(b"HTTP/1.1 503")
            except (TimeoutError, OSError):
                pass
        assert refused == 32
    finally:
        for raw in held:
            raw.close()


def test_a_full_server_closes_a_waiting_connection_to_answer_a_newcomer(built):
    from kg.sparql.loadtest import hold_half_sent, probe

    settings = Settings(max_connections=8, max_per_client=16, client_timeout=30, quiet=True)
    with start(built, port=0, workers=1, settings=settings) as running:
        held = hold_half_sent(address(running), 8, None)
        try:
            time.sleep(0.3)  # all 8 are being read
            assert probe(address(running)) == 200  # not a 503 until one of them times out (30 s)
            assert sum(closed_by_server(raw) for raw in held) >= 1
        finally:
            for raw in held:
                raw.close()


def closed_by_server(raw: socket.socket) -> bool:
    raw.settimeout(0.5)
    try:
        return raw.recv(200) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def test_big_bodies_from_one_client_do_not_hold_up_a_small_query_from_another(built):
    from kg.sparql.loadtest import probe, send_big_bodies

    source = loopback_source("127.0.0.3")
    if source is None:
        pytest.skip("this machine cannot send from 127.0.0.3")
    with start(built, port=0, workers=2, settings=Settings(quiet=True)) as running:
        senders = send_big_bodies(address(running), 20, 990_000, source)
        time.sleep(0.5)
        assert probe(address(running)) == 200
        still_sending = sum(sender.is_alive() for sender in senders)
        assert still_sending > 0  # the probe was answered before the big queries were
        for sender in senders:
            sender.join(300)


def test_a_client_hanging_up_logs_no_traceback(built, capfd):
    settings = Settings(quiet=False, client_timeout=5)
    with start(built, port=0, workers=1, settings=settings) as running:
        capfd.readouterr()
        for head in (b"GET /sparql?query=ASK HTTP/1.1\r\nHo", b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nSELECT"):
            raw = socket.create_connection(address(running), timeout=10)
            raw.sendall(head)
            time.sleep(0.2)
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            raw.close()  # a reset, not a polite close
        big = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10000"})
        raw = socket.create_connection(address(running), timeout=10)
        raw.sendall(f"GET /sparql?{big} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        raw.close()  # gone before the answer is written
        time.sleep(1.5)
        assert probe_ok(running)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err[-2000:]


def probe_ok(running) -> bool:
    from kg.sparql.loadtest import probe

    return probe(address(running)) == 200


def test_query_page_runs_a_query_in_a_browser_and_shows_text_not_markup(endpoint, tmp_path):
    import os
    import shutil

    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if chromium is None:
        if os.environ.get("KG_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail("KG_REQUIRE_BROWSER is set but chromium is not installed")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    base = endpoint.url.removesuffix("sparql")
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("request", lambda r: r.url.startswith(base) or problems.append(f"request to {r.url}"))
            page.on("console", lambda m: m.type == "error" and "status of 400" not in m.text  # the malformed one
                    and problems.append(f"console: {m.text}"))
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.goto(base)
            page.select_option("#examples", "union-officers")
            page.click("#run")
            page.wait_for_selector("table tbody tr")
            headers = page.eval_on_selector_all("th", "cells => cells.map(c => c.textContent)")
            assert headers == ["person", "role", "union"]
            assert "海口市总工会" in page.inner_text("table")
            page.fill("#query", 'SELECT ?v WHERE { BIND("<img src=x onerror=alert(1)><b>粗</b>" AS ?v) }')
            page.click("#run")
            page.wait_for_selector("#status:has-text('1 rows')")
            assert page.inner_text("td") == "<img src=x onerror=alert(1)><b>粗</b>"
            assert page.eval_on_selector("td", "cell => cell.children.length") == 0
            page.fill("#query", "SELEC nothing")
            page.click("#run")
            page.wait_for_selector("#status.error")
            assert page.inner_text("#status").startswith("400 malformed query: error at 1:")
        finally:
            browser.close()
    assert problems == []
