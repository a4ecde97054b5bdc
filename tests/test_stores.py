"""The exports in the real tools the README names, with the README's own commands: Oxigraph's
server (PyPI `oxigraph`) and Virtuoso, started here on 127.0.0.1, load graph.nt / graph.nq and
answer every query of ontology/queries/ with the rows `kg query` gives; GraphML read by networkx
and python-igraph; the Neo4j CSVs read by the rules of `neo4j-admin database import`.

A program that is not installed skips its test, or fails it when KG_REQUIRE_STORES=1 (.ci/run).
"""

from __future__ import annotations

import json
import math
import os
import re
import shlex
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from test_formats import TRICKY, corpus_build, synthetic_graph

from kg.export.formats import render_formats
from kg.sparql.query import WELL_KNOWN_PREFIXES, read_query_argument, render_term, run_query

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
QUERIES = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
STARTUP_SECONDS = 60


def require(available: bool, what: str) -> None:
    """Skip when ``what`` is missing, unless KG_REQUIRE_STORES=1 asks for a failure."""
    if available:
        return
    if os.environ.get("KG_REQUIRE_STORES") == "1":
        pytest.fail(f"{what} is not installed (KG_REQUIRE_STORES=1)")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return corpus_build(tmp_path_factory)


@pytest.fixture(scope="module")
def expected(built) -> dict[str, tuple[list[str], list[tuple]]]:
    """What `kg query` gives for each shipped query: its variables and rows, as printed."""
    answers = {}
    for path in QUERIES:
        result = run_query(read_query_argument(str(path)), built / "graph.ttl")
        assert result.kind == "select" and result.rows, path.name
        answers[path.name] = (result.variables, result.rows)
    return answers


# --- the README's code, and small helpers ------------------------------------------------------

def readme_lines(start: str) -> list[str]:
    """Lines of the README's code blocks that begin with ``start``."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", README, flags=re.S | re.M)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip().startswith(start)]


def readme_command(start: str, replacements: dict[str, str]) -> list[str]:
    """The one README command line that begins with ``start``, split as a shell would, with
    ``replacements`` applied to each word (the README's folders and ports → the test's)."""
    lines = readme_lines(start)
    assert len(lines) == 1, f"the README should show one `{start}` line, found {lines}"
    words = shlex.split(lines[0], comments=True)
    for old, new in replacements.items():
        words = [word.replace(old, new) for word in words]
    return words


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free on 127.0.0.1 now (held open together, so never the same)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def post(url: str, fields: dict[str, str], accept: str = "application/sparql-results+json") -> bytes:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(),
                                     headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def wait_for(url: str, fields: dict[str, str], process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            post(url, fields)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                pytest.fail(f"{url} did not answer within {STARTUP_SECONDS} s: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.25)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def rows_of(answer: bytes) -> tuple[list[str], list[tuple]]:
    """SPARQL JSON results as `kg query` prints them: literals by value, IRIs abbreviated."""
    data = json.loads(answer)
    variables = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for name in variables:
            term = binding.get(name)
            if term is None:
                row.append(None)
            elif term["type"] == "uri":
                row.append(render_term(ox.NamedNode(term["value"]), WELL_KNOWN_PREFIXES))
            else:
                row.append(term["value"])
        rows.append(tuple(row))
    return variables, rows


def assert_same_rows(store: str, answers: dict[str, tuple], expected: dict[str, tuple]) -> None:
    assert answers.keys() == expected.keys()
    for name, (variables, rows) in answers.items():
        assert variables == expected[name][0], f"{store}, {name}: columns"
        assert len(rows) == len(expected[name][1]), f"{store}, {name}: {len(rows)} rows, kg query gives " \
                                                   f"{len(expected[name][1])}"
        assert rows == expected[name][1], f"{store}, {name}: rows differ from kg query's"


# --- every shipped query is portable -------------------------------------------------------------

@pytest.mark.parametrize("path", QUERIES, ids=lambda path: path.name)
def test_shipped_query_declares_every_prefix_it_uses(path):
    text = path.read_text(encoding="utf-8")
    ox.Store().query(text)  # no implicit prefixes: raises "Prefix not found" on an undeclared one
    declared = dict(re.findall(r"^PREFIX\s+(\w*):\s*<([^>]*)>", text, flags=re.M | re.I))
    assert declared and all(WELL_KNOWN_PREFIXES[prefix] == iri for prefix, iri in declared.items())


# --- Oxigraph server ------------------------------------------------------------------------------

def oxigraph_rows(built: Path, tmp_path: Path, load_start: str, serve_start: str) -> dict[str, tuple]:
    require(shutil.which("oxigraph") is not None, "the oxigraph server (pip install oxigraph)")
    [port] = free_ports(1)
    location = readme_command(load_start, {})[readme_command(load_start, {}).index("--location") + 1]
    replacements = {"exports/": f"{built}/", "127.0.0.1:7878": f"127.0.0.1:{port}"}
    load = readme_command(load_start, replacements)
    serve = readme_command(serve_start, replacements)
    for command in (load, serve):
        command[command.index("--location") + 1] = str(tmp_path / location)
    loaded = subprocess.run(load, capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    log = tmp_path / "oxigraph.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(serve, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_for(url, {"query": "ASK {}"}, process, log)
        return {path.name: rows_of(post(url, {"query": path.read_text(encoding="utf-8")})) for path in QUERIES}
    finally:
        stop(process)


def test_readme_oxigraph_recipe_builds_what_it_loads():
    build = readme_command("kg build --format", {})
    formats = build[build.index("--format") + 1].split(",")
    assert {"nt", "nq"} <= set(formats)
    assert readme_lines("oxigraph load")[0].endswith("exports/graph.nt")
    assert readme_lines("oxigraph load")[1].endswith("exports/graph.nq")


def test_oxigraph_server_answers_every_query_like_kg_query_from_ntriples(built, expected, tmp_path):
    answers = oxigraph_rows(built, tmp_path, "oxigraph load --location store ", "oxigraph serve --location store ")
    assert_same_rows("oxigraph, graph.nt", answers, expected)


def test_oxigraph_server_answers_every_query_like_kg_query_from_nquads(built, expected, tmp_path):
    answers = oxigraph_rows(built, tmp_path, "oxigraph load --location store-nq", "oxigraph serve --location store-nq")
    assert_same_rows("oxigraph, graph.nq", answers, expected)


# --- Virtuoso -------------------------------------------------------------------------------------

VIRTUOSO_INI = """[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
{dirs_allowed}

[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = {db}
ServerThreads = 4
Charset       = UTF-8

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
"""


def test_virtuoso_bulk_loads_graph_nt_and_answers_every_query_like_kg_query(built, expected, tmp_path):
    require(shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None,
            "Virtuoso (apt-get install virtuoso-opensource)")
    sql_port, http_port = free_ports(2)
    folder = {"/data/exports": str(built)}
    dirs_allowed = readme_command("DirsAllowed", folder)
    assert dirs_allowed[:2] == ["DirsAllowed", "="] and str(built) in " ".join(dirs_allowed)
    db = tmp_path / "virtuoso"
    db.mkdir()
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port,
                                       dirs_allowed=" ".join(dirs_allowed)), encoding="utf-8")
    log = db / "console.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=db,
                                   stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        wait_for(url, {"query": "ASK {}"}, process, log)
        load = readme_command("isql-vt", {**folder, "1111": f"127.0.0.1:{sql_port}"})
        loaded = subprocess.run(load, capture_output=True, text=True, timeout=300)
        assert loaded.returncode == 0 and "Error" not in loaded.stdout + loaded.stderr, loaded.stdout + loaded.stderr
        states = subprocess.run(
            [*load[:4], "exec=SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list;"],
            capture_output=True, text=True, timeout=60)
        assert re.search(rf"{re.escape(str(built))}/graph\.nt\s+2\s+NULL", states.stdout), states.stdout
        curl = readme_command("curl ", {})
        fields = dict(curl[i + 1].split("=", 1) for i, word in enumerate(curl) if word == "--data-urlencode"
                      and not curl[i + 1].startswith("query@"))
        assert fields == {"default-graph-uri": "https://union-kg.org/id/"}
        assert urllib.parse.urlsplit(curl[-1]).path == "/sparql"
        count = json.loads(post(url, {**fields, "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}))
        triples = sum(1 for line in (built / "graph.nt").read_bytes().splitlines() if line.strip())
        assert int(count["results"]["bindings"][0]["n"]["value"]) == triples
        answers = {path.name: rows_of(post(url, {**fields, "query": path.read_text(encoding="utf-8")}))
                   for path in QUERIES}
    finally:
        stop(process)
    assert_same_rows("virtuoso", answers, expected)


# --- GraphML in networkx and python-igraph ---------------------------------------------------------

def graphml_keys(path: Path) -> dict[str, set[str]]:
    import xml.etree.ElementTree as ET

    keys: dict[str, set[str]] = {"node": set(), "edge": set()}
    for key in ET.parse(path).getroot().iter("{http://graphml.graphdrawing.org/xmlns}key"):
        keys[key.get("for")].add(key.get("attr.name"))
    return keys


def test_graphml_reads_the_same_in_networkx_and_igraph_with_every_attribute(built):
    try:
        import igraph
    except ImportError:
        require(False, "python-igraph (pip install igraph)")
    path = built / "graph.graphml"
    keys = graphml_keys(path)
    assert {"label", "type", "aliases"} <= keys["node"]
    assert {"type", "role", "year", "date", "document", "evidence"} <= keys["edge"]
    network = nx.read_graphml(path, force_multigraph=True)
    graph = igraph.Graph.Read_GraphML(str(path))
    assert graph.is_directed() and network.is_directed()
    assert set(graph.vs.attributes()) == keys["node"] | {"id"}
    assert set(graph.es.attributes()) == keys["edge"] | {"id"}
    assert graph.vcount() == network.number_of_nodes() > 150
    assert graph.ecount() == network.number_of_edges() > 150

    def present(value) -> bool:  # igraph fills an attribute an element lacks with "" or NaN
        return value != "" and not (isinstance(value, float) and math.isnan(value))

    nodes_igraph = {v["id"]: {k: v[k] for k in keys["node"] if present(v[k])} for v in graph.vs}
    assert nodes_igraph == {n: dict(data) for n, data in network.nodes(data=True)}
    ids = graph.vs["id"]
    edges_igraph = sorted((ids[e.source], ids[e.target], sorted((k, e[k]) for k in keys["edge"] if present(e[k])))
                          for e in graph.es)
    edges_networkx = sorted((s, o, sorted(data.items())) for s, o, data in network.edges(data=True))
    assert edges_igraph == edges_networkx
    for name in keys["edge"]:
        assert any(name in data for _, _, data in network.edges(data=True)), f"no edge has {name}"
    for name in keys["node"]:
        assert any(name in data for _, data in network.nodes(data=True)), f"no node has {name}"


# --- Neo4j CSV, read by neo4j-admin's import rules -------------------------------------------------

NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "point",
               "date", "localtime", "time", "localdatetime", "datetime", "duration"}
NEO4J_KEYWORDS = {"ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"}
LONG_RANGE = (-2**63, 2**63 - 1)


class Neo4jImportError(Exception):
    """What neo4j-admin would refuse."""


def neo4j_options() -> dict[str, str]:
    """The options of the README's `neo4j-admin database import` command, with neo4j-admin's defaults."""
    lines = [line for line in re.findall(r"^neo4j-admin database import.*?(?<!\\)$", README, flags=re.M | re.S)]
    assert len(lines) == 1, lines
    words = shlex.split(lines[0].replace("\\\n", " "))
    options = {"delimiter": ",", "array-delimiter": ";", "quote": '"', "multiline-fields": "false"}
    for word in words:
        if word.startswith("--"):
            name, _, value = word[2:].partition("=")
            options[name] = value or "true"
    return options


def split_records(text: str, options: dict[str, str]) -> list[list[str | None]]:
    """Fields of each record, as neo4j-admin's CSV reader reads them: fields split on the
    delimiter; a field that starts with the quote runs to the next lone quote, with a doubled
    quote standing for one; a line break inside quotes only with --multiline-fields=true; an
    empty unquoted field is None."""
    records, position, line = [], 0, 1
    while position < len(text):
        fields = []
        while True:
            field, position, line = read_field(text, position, line, options)
            fields.append(field)
            if position < len(text) and text[position] == options["delimiter"]:
                position += 1
                continue
            break
        position += 2 if text.startswith("\r\n", position) else 1
        line += 1
        records.append(fields)
    return records


def read_field(text: str, position: int, line: int, options: dict[str, str]) -> tuple[str, int, int]:
    """One field from ``position``: its value (None for an empty unquoted field, which neo4j-admin
    reads as no value), where it ends (at a delimiter, a line end or the end of the text) and the
    line number there."""
    delimiter, quote = options["delimiter"], options["quote"]
    ends = delimiter + "\r\n"
    if not text.startswith(quote, position):
        end = position
        while end < len(text) and text[end] not in ends:
            if text[end] == quote:
                raise Neo4jImportError(f"line {line}: a quote inside an unquoted field")
            end += 1
        return text[position:end] or None, end, line
    start_line, value, position = line, [], position + 1
    while True:
        if position >= len(text):
            raise Neo4jImportError(f"line {start_line}: quoted field never closed")
        char = text[position]
        if char == quote:
            if text.startswith(quote * 2, position):
                value.append(quote)
                position += 2
                continue
            position += 1
            break
        if char in "\r\n":
            if options["multiline-fields"] != "true":
                raise Neo4jImportError(f"line {start_line}: line break inside a quoted field "
                                       "(needs --multiline-fields=true)")
            line += char == "\n"
        value.append(char)
        position += 1
    if position < len(text) and text[position] not in ends:
        raise Neo4jImportError(f"line {line}: text after the closing quote")
    return "".join(value), position, line


def parse_header(fields: list[str]) -> list[tuple[str, str, str | None]]:
    """Each column as (property name or "", keyword or type, ID space): ``name:type``,
    ``name:type[]``, ``:KEYWORD`` or ``name:ID(space)``; a bare name is a string property."""
    columns = []
    for field in fields:
        match = re.fullmatch(r"([^:]*)(?::(\w+)(\[\])?(?:\((\w+)\))?)?", field)
        if not match:
            raise Neo4jImportError(f"header field {field!r} is not name:type or :KEYWORD")
        name, kind, array, space = match.groups()
        kind = kind or "string"
        if kind in NEO4J_KEYWORDS:
            if array or (space and kind not in ("ID", "START_ID", "END_ID")):
                raise Neo4jImportError(f"header field {field!r}: {kind} takes no [] or ID space")
        elif kind.lower() not in NEO4J_TYPES:
            raise Neo4jImportError(f"header field {field!r}: unknown type {kind}")
        else:
            kind = kind.lower() + (array or "")
        columns.append((name, kind, space))
    names = [name for name, kind, _ in columns if name and kind not in NEO4J_KEYWORDS]
    if len(names) != len(set(names)):
        raise Neo4jImportError(f"a property named twice in the header {fields}")
    return columns


def typed(value: str, kind: str, options: dict[str, str]):
    if kind.endswith("[]"):
        return [typed(item, kind[:-2], options) for item in value.split(options["array-delimiter"])]
    if kind in ("int", "long", "short", "byte"):
        if not re.fullmatch(r"-?\d+", value) or not LONG_RANGE[0] <= int(value) <= LONG_RANGE[1]:
            raise Neo4jImportError(f"{value!r} is not a {kind}")
        return int(value)
    return value


def read_neo4j(text: str, options: dict[str, str], kind: str) -> tuple[list, list[dict]]:
    """The header and the records of a node or relationship file, values typed; an empty field
    is no value, except a quoted "" in a string column (neo4j-admin without --ignore-empty-strings)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    header, *records = split_records(text, options)
    columns = parse_header([field or "" for field in header])
    kinds = [k for _, k, _ in columns]
    required = ["ID"] if kind == "nodes" else ["START_ID", "END_ID", "TYPE"]
    for keyword in required:
        if kinds.count(keyword) != 1:
            raise Neo4jImportError(f"{kind}: needs exactly one :{keyword} column, header {header}")
    if kind == "relationships" and ("ID" in kinds or "LABEL" in kinds):
        raise Neo4jImportError("a relationship file has no :ID or :LABEL column")
    rows = []
    for number, record in enumerate(records, start=2):
        if len(record) != len(columns):
            raise Neo4jImportError(f"{kind} record {number}: {len(record)} fields, the header has {len(columns)}")
        row: dict = {"properties": {}}
        for (name, column_kind, space), value in zip(columns, record):
            if column_kind in ("ID", "START_ID", "END_ID"):
                if not value:
                    raise Neo4jImportError(f"{kind} record {number}: empty :{column_kind}")
                row[column_kind] = (space, value)
                if column_kind == "ID" and name:
                    row["properties"][name] = value
            elif column_kind == "LABEL":
                row["labels"] = [label for label in (value or "").split(options["array-delimiter"]) if label]
            elif column_kind == "TYPE":
                if not value:
                    raise Neo4jImportError(f"{kind} record {number}: empty :TYPE")
                row["type"] = value
            elif value is not None and (value or column_kind == "string"):
                row["properties"][name] = typed(value, column_kind, options)
        rows.append(row)
    return columns, rows


def test_neo4j_csvs_follow_the_neo4j_admin_import_rules(built, expected):
    options = neo4j_options()
    assert options["array-delimiter"] == ";" and options["delimiter"] == ","
    node_columns, nodes = read_neo4j((built / "nodes.csv").read_text(encoding="utf-8"), options, "nodes")
    edge_columns, edges = read_neo4j((built / "edges.csv").read_text(encoding="utf-8"), options, "relationships")
    ids = [node["ID"] for node in nodes]
    assert len(ids) == len(set(ids)) > 150, "node ids are unique in their ID space"
    assert {space for space, _ in ids} == {space for _, _, space in edge_columns if space is not None} | {None} \
        == {None}, "one global ID space, the same on both sides"
    known = set(ids)
    assert all(edge["START_ID"] in known and edge["END_ID"] in known for edge in edges), "no dangling relationship"
    assert all(node["labels"] for node in nodes)
    assert {label for node in nodes for label in node["labels"]} == {
        "Union", "Person", "Company", "Organization", "Award", "Programme", "Place"}
    assert {edge["type"] for edge in edges} >= {"holdsPosition", "worksFor", "receivedAward", "organizes",
                                                 "locatedIn", "assisted"}
    by_id = {node["ID"][1]: node for node in nodes}
    officers = {(by_id[e["START_ID"][1]]["properties"]["name"], e["properties"].get("role"),
                 by_id[e["END_ID"][1]]["properties"]["name"])
                for e in edges if e["type"] == "holdsPosition" and "Union" in by_id[e["END_ID"][1]]["labels"]}
    assert officers == set(expected["union-officers.rq"][1])
    years = [edge["properties"]["year"] for edge in edges if "year" in edge["properties"]]
    assert years and all(isinstance(year, int) and 1900 < year < 2100 for year in years)
    aliases = [node["properties"]["aliases"] for node in nodes if "aliases" in node["properties"]]
    assert aliases and all(all(alias for alias in array) for array in aliases)
    assert not any("" in node["properties"].values() for node in nodes + edges), "an empty field is no value"


def test_neo4j_reader_reads_awkward_text_as_neo4j_admin_would():
    files = render_formats(synthetic_graph(), ("csv",))
    options = neo4j_options()
    _, edges = read_neo4j(files["edges.csv"].decode("utf-8"), options, "relationships")
    assert TRICKY in {edge["properties"].get("evidence") for edge in edges}
    _, nodes = read_neo4j(files["nodes.csv"].decode("utf-8"), options, "nodes")
    assert ["张主席", "老张；老李"] in [node["properties"].get("aliases") for node in nodes]
    with pytest.raises(Neo4jImportError, match="multiline"):
        read_neo4j(files["edges.csv"].decode("utf-8"), {**options, "multiline-fields": "false"}, "relationships")
    for header, problem in ((":START_ID,:END_ID,role", "TYPE"), (":START_ID,:END_ID,:TYPE,year:integer", "unknown type"),
                            (":START_ID,:END_ID,:TYPE,role,role", "twice")):
        with pytest.raises(Neo4jImportError, match=problem):
            read_neo4j(header + "\n", options, "relationships")
    with pytest.raises(Neo4jImportError, match="quote"):
        read_neo4j('id:ID,name\na,say "hi"\n', options, "nodes")
