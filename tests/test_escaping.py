"""Awkward characters in article text (quotes, backslashes, control characters, ]]>, </script>,
markup, entities, line and paragraph separators) survive `kg build --format all`: every export
parses with strict parsers, reads back the evidence sentences, labels and titles the extraction
produced, and graph.html shows them as text in headless Chromium."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from kg.build.pipeline import extract_corpus
from kg.cli import main
from kg.extract.text import SENTENCE_END
from kg.resolve.resolution import resolve_corpus

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own dataset parsers

HOSTILE = {"quote": '"', "backslash": "\\", "x01": "\x01", "x0b": "\x0b", "x1f": "\x1f", "x7f": "\x7f",
           "cdata": "]]>", "script": "</script>", "bold": "<b>", "entity": "&amp;", "u2028": "\u2028",
           "u2029": "\u2029", "escaped": '\\"', "comment": "<!--"}
PADDING = "职工们认真听讲，现场气氛热烈。" * 20  # keeps a control character under the reader's binary threshold
HOSTILE_FILE = '"<b>&amp;\\\'.txt'  # an article whose file name (dcterms:identifier) is awkward too
# file → (pyoxigraph format, rdflib format, rapper syntax)
RDF_FILES = {"graph.ttl": (ox.RdfFormat.TURTLE, "turtle", "turtle"),
             "graph.nt": (ox.RdfFormat.N_TRIPLES, "nt", "ntriples"),
             "graph.nq": (ox.RdfFormat.N_QUADS, "nquads", "nquads"),
             "graph.trig": (ox.RdfFormat.TRIG, "trig", "trig"),
             "graph.jsonld": (ox.RdfFormat.JSON_LD, "json-ld", None)}
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
EVIDENCE = "https://union-kg.org/ontology#evidence"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
IDENTIFIER = "http://purl.org/dc/terms/identifier"
TITLE = "http://purl.org/dc/terms/title"
BASE = "https://union-kg.org/id/"


def sentences(hostile: str) -> tuple[str, str]:
    """An office sentence (in ASCII quotes) and a programme sentence (in Chinese quotes) carrying ``hostile``."""
    return (f'海口市总工会主席王大力为职工讲授"安全{hostile}生产"课。', f"海口市总工会开展“金秋{hostile}助学”活动。")


def as_written(sentence: str) -> str:
    """The evidence of ``sentence``: kg.extract.text also ends a sentence at an ASCII ";" or "!" ("&amp;", "<!--")."""
    end = next((index for index, char in enumerate(sentence) if char in SENTENCE_END), len(sentence) - 1)
    return sentence[:end + 1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(out folder, the resolved corpus the pipeline made of the hostile articles)."""
    corpus, out = tmp_path_factory.mktemp("hostile-corpus"), tmp_path_factory.mktemp("hostile-out")
    for number, (name, hostile) in enumerate(HOSTILE.items()):
        office, programme = sentences(hostile)
        (corpus / f"{number:02d}_{name}.txt").write_text(f"职工新闻{hostile}第{number}期\n{office}\n{programme}\n"
                                                        f"{PADDING}\n", encoding="utf-8")
    (corpus / HOSTILE_FILE).write_text(f"标题\n{sentences('')[0]}\n", encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", "--corpus", str(corpus), "--out", str(out), "--format", "all", "--no-cache",
                     "--force"]) == 0
    return out, resolve_corpus(extract_corpus(corpus))


def expected_facts(resolved) -> dict[str, set]:
    """What every RDF export must read back: evidence per document, labels, document titles."""
    evidence = {(r.document, r.evidence) for r in resolved.relations if not r.inferred_by}
    evidence |= {(o.document, o.evidence) for o in resolved.observations}
    return {"evidence": evidence, "labels": {e.label for e in resolved.entities},
            "titles": {(d.id, d.title) for d in resolved.documents}}


def read_facts(triples) -> dict[str, set]:
    """The same facts from (subject, predicate, object) strings (the ontology's own triples left out)."""
    by_subject: dict[str, dict[str, list[str]]] = {}
    for s, p, o in triples:
        if s.startswith(BASE):
            by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    identifier = {s: values[IDENTIFIER][0] for s, values in by_subject.items() if IDENTIFIER in values}
    evidence = {(identifier[values[DERIVED_FROM][0]], text) for values in by_subject.values()
                for text in values.get(EVIDENCE, [])}
    labels = {text for s, values in by_subject.items() if s not in identifier for text in values.get(RDFS_LABEL, [])}
    titles = {(identifier[s], text) for s, values in by_subject.items() if s in identifier for text in values[TITLE]}
    return {"evidence": evidence, "labels": labels, "titles": titles}


def test_the_articles_give_entities_and_relations_whose_text_carries_the_characters(built):
    _, resolved = built
    facts = expected_facts(resolved)
    for number, (name, hostile) in enumerate(HOSTILE.items()):
        document = f"{number:02d}_{name}.txt"
        office, _ = sentences(hostile)
        assert (document, as_written(office)) in facts["evidence"], name
        assert (document, f"职工新闻{hostile}第{number}期") in facts["titles"], name
        assert f"金秋{hostile.replace(chr(34), '')}助学" in facts["labels"], name  # names drop ASCII quotes


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_every_rdf_export_parses_and_reads_back_the_text_pyoxigraph(built, name):
    out, resolved = built
    quads = ox.parse(path=str(out / name), format=RDF_FILES[name][0])
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    assert read_facts(triples) == expected_facts(resolved)


@pytest.mark.parametrize("name", sorted(RDF_FILES))
def test_every_rdf_export_parses_and_reads_back_the_text_rdflib(built, name):
    out, resolved = built
    dataset = rdflib.Dataset()
    dataset.parse(out / name, format=RDF_FILES[name][1])
    triples = {(str(s), str(p), str(o)) for s, p, o, _ in dataset.quads()}
    assert read_facts(triples) == expected_facts(resolved)


def rapper() -> str:
    found = shutil.which("rapper")
    if not found:
        if os.environ.get("KG_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail("KG_REQUIRE_BROWSER is set but rapper (Debian raptor2-utils) is not installed")
        pytest.skip("rapper is not installed (apt-get install raptor2-utils)")
    return found


@pytest.mark.parametrize("name", sorted(n for n, (_, _, syntax) in RDF_FILES.items() if syntax))
def test_rapper_reads_every_triple(built, name):
    out, _ = built
    result = subprocess.run([rapper(), "-i", RDF_FILES[name][2], "-c", str(out / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    count = int(re.search(r"returned (\d+) (?:triples|statements)", result.stderr).group(1))
    assert count == len(list(ox.parse(path=str(out / name), format=RDF_FILES[name][0])))


def test_jsonld_is_plain_json_with_the_text(built):
    out, resolved = built
    nodes = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))["@graph"]
    assert {n["evidence"] for n in nodes if "evidence" in n} == {e for _, e in expected_facts(resolved)["evidence"]}
    assert {n["identifier"] for n in nodes if "identifier" in n} == {d.id for d in resolved.documents}


def as_graphml(text: str) -> str:
    """XML 1.0 cannot hold C0 control characters but tab and line breaks: GraphML shows their Control Pictures."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: chr(0x2400 + ord(m.group())), text)


def test_graphml_is_well_formed_xml_with_the_text(built):
    out, resolved = built
    ET.parse(out / "graph.graphml")
    network = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert {data["label"] for _, data in network.nodes(data=True)} == {as_graphml(e.label) for e in resolved.entities}
    assert {(data["document"], data["evidence"]) for _, _, data in network.edges(data=True)} == {
        (as_graphml(r.document), as_graphml(r.evidence)) for r in resolved.relations}
    assert as_graphml('讲授"安全\x01生产"课') != '讲授"安全\x01生产"课'  # the stand-ins are in use


def test_neo4j_csv_reads_back_the_text(built):
    out, resolved = built
    with open(out / "nodes.csv", newline="", encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with open(out / "edges.csv", newline="", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert {row["name"] for row in nodes} == {e.label for e in resolved.entities}
    assert {(row["document"], row["evidence"]) for row in edges} == {
        (r.document, r.evidence) for r in resolved.relations}


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def test_graph_html_shows_the_text_as_text_in_chromium(built):
    out, resolved = built
    chromium = chromium_path()
    if chromium is None:
        if os.environ.get("KG_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail("KG_REQUIRE_BROWSER is set but chromium is not installed")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    marked_up = next(e for e in resolved.entities if e.label == "金秋<b>助学")
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_context(offline=True, viewport={"width": 1280, "height": 860}).new_page()
            page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.goto((out / "graph.html").as_uri())
            page.wait_for_function("window.kgStats && window.kgStats.stabilized", timeout=30_000)
            drawn = page.evaluate("""() => {
                const data = window.kgNetwork.body.data;
                return {labels: data.nodes.get().map(n => n.label), titles: data.edges.get().map(e => e.title),
                        tooltips: data.nodes.get().map(n => n.title), scripts: document.scripts.length,
                        markup: document.querySelectorAll("b, img, iframe, svg:not(#kg-legend svg)").length};
            }""")
            point = page.evaluate("""(id) => {
                const dom = window.kgNetwork.canvasToDOM(window.kgNetwork.getPosition(id));
                const box = document.getElementById("kg-network").getBoundingClientRect();
                return {x: box.left + dom.x, y: box.top + dom.y};
            }""", marked_up.id)
            page.mouse.move(point["x"], point["y"])
            page.wait_for_function("() => { const t = document.querySelector('div.vis-tooltip');"
                                   " return t && t.style.visibility === 'visible'; }", timeout=5_000)
            tooltip = page.evaluate("() => { const t = document.querySelector('div.vis-tooltip');"
                                    " return [t.textContent, t.querySelectorAll('*:not(br)').length]; }")
        finally:
            browser.close()
    assert problems == []
    assert drawn["scripts"] == 3  # vis-network, the data, the drawing: none came from the text
    assert drawn["markup"] == 0  # no <b> (or anything else) was made of the text
    assert sorted(drawn["labels"]) == sorted(e.label for e in resolved.entities)
    titles = "\n".join(drawn["titles"])
    for relation in resolved.relations:
        assert f"证据 Evidence: {relation.evidence}" in titles
    assert any(HOSTILE_FILE in tooltip for tooltip in drawn["tooltips"])
    assert "名称 Label: 金秋<b>助学" in tooltip[0] and tooltip[1] == 0  # the hovered label shows as text
