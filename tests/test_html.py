"""Interactive HTML export: page content, escaping, selection (types, top N, node budget),
determinism, the kg build flags, layout, and a person's use of the page in a real browser
(search, the details panel, the legend filter, the isolated switch, labels by zoom)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main as kg_main
from kg.export.html import DEFAULT_MAX_NODES, render_html, search_terms, write_html
from kg.model import ENTITY_TYPES, Document, Entity, Relation, ResolvedCorpus

REPO_ROOT = Path(__file__).resolve().parent.parent
A, B = "000_a.txt", "001_b.txt"
SCRIPT_BREAKER = '他说："别怕" </script><script>alert(1)</script> 张伟担任杭州市总工会主席。'
MARKUP_ALIAS = "<b>老张</b>"
# Quotes, backslashes, control and line-separator characters, CDATA end, script and comment
# openers, and markup that would set window.kgInjected if it ever ran.
HOSTILE_LABEL = ('"引号"\\反斜杠\x01控制\x0b\u2028行\u2029段]]>'
                 '</script><script>window.kgInjected=1</script><!--<img src=x onerror="window.kgInjected=2">工会')
HOSTILE_EVIDENCE = ("他说：\"别怕\\\"\x01\x0b\u2028\u2029]]></script><!-- <script>window.kgInjected=3</script>"
                    "<svg onload=window.kgInjected=4>")
HOSTILE_ROLE = 'a"b\\c\x0b主席'
MERGED_EDGE_COUNT = 9
REMOTE_REFERENCE = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:@import[^;]*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)


def sample_corpus() -> ResolvedCorpus:
    def entity(entity_id, entity_type, label, aliases=(), documents=(A,)):
        return Entity(entity_id, entity_type, label, tuple(sorted(aliases)), tuple(sorted(documents)))

    entities = [
        entity("union/u1", "Union", "杭州市总工会", ["市总工会"], [A, B]),
        entity("union/u2", "Union", "浙江省总工会", documents=[B]),
        entity("person/p1", "Person", "张伟", [MARKUP_ALIAS, "张主席"], [A, B]),
        entity("person/p2", "Person", "李娜"),
        entity("company/c1", "Company", "杭州钢铁集团有限公司", ["杭钢"]),
        entity("organization/o1", "Organization", "杭州市人力资源和社会保障局", documents=[B]),
        entity("award/a1", "Award", "全国五一劳动奖章"),
        entity("programme/g1", "Programme", "职工技能提升计划", documents=[B]),
        entity("place/l1", "Place", "杭州市", documents=[A, B]),
        entity("place/l2", "Place", "浙江省", documents=[B]),
        entity("place/l3", "Place", "西湖区"),  # mentioned but in no relation: an isolated node
    ]
    relations = [
        Relation("holdsPosition", "person/p1", "union/u1", A, SCRIPT_BREAKER, role="主席"),
        Relation("holdsPosition", "person/p1", "union/u1", B, "张伟是杭州市总工会主席。", role="主席"),
        Relation("holdsPosition", "person/p1", "union/u1", B, "张伟兼任党组书记。", role="党组书记"),
        Relation("worksFor", "person/p2", "company/c1", A, "李娜在杭钢工作。"),
        Relation("holdsPosition", "person/p2", "company/c1", A, "李娜任杭钢工会副主席。", role="工会副主席"),
        Relation("receivedAward", "person/p2", "award/a1", A, "李娜荣获全国五一劳动奖章。", year=2023),
        Relation("organizes", "union/u1", "programme/g1", B, "市总工会开展职工技能提升计划。"),
        Relation("locatedIn", "union/u1", "place/l1", A, "杭州市总工会位于杭州市。"),
        Relation("locatedIn", "company/c1", "place/l1", A, "杭钢位于杭州市。"),
        Relation("assisted", "union/u2", "company/c1", B, "省总工会帮扶杭钢职工。"),
        Relation("locatedIn", "union/u2", "place/l2", B, "浙江省总工会在浙江省。"),
    ]
    documents = [Document(A, "文章甲", "……"), Document(B, "文章乙", "……")]
    return ResolvedCorpus(documents, sorted(entities, key=lambda e: e.id), relations)


def page_data(page: str) -> dict:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.DOTALL)
    assert match, "the page has no kg-data block"
    return json.loads(match.group(1))


def test_page_references_nothing_remote():
    page = render_html(sample_corpus())
    assert REMOTE_REFERENCE.findall(page) == []
    assert "<link" not in page
    assert "vis.Network" in page and "DataSet" in page  # vis-network is inlined


def test_every_entity_is_a_node_with_its_label():
    corpus = sample_corpus()
    nodes = page_data(render_html(corpus))["nodes"]
    assert sorted(n["id"] for n in nodes) == sorted(e.id for e in corpus.entities)
    assert {n["id"]: n["label"] for n in nodes} == {e.id: e.label for e in corpus.entities}
    styles = {(n["shape"], n["color"]) for n in nodes}
    assert len(styles) == len(ENTITY_TYPES)  # each type has its own shape and colour
    person = next(n for n in nodes if n["id"] == "person/p1")
    assert "Person" in person["title"] and MARKUP_ALIAS in person["title"] and B in person["title"]
    assert person["size"] > next(n for n in nodes if n["id"] == "place/l3")["size"]  # sized by degree


def test_relations_merge_into_one_labelled_edge_per_type_subject_object():
    edges = page_data(render_html(sample_corpus()))["edges"]
    assert len(edges) == MERGED_EDGE_COUNT
    assert len({(e["from"], e["to"], e["label"].split(":")[0]) for e in edges}) == MERGED_EDGE_COUNT
    chair = next(e for e in edges if e["from"] == "person/p1")
    assert chair["label"] == "holdsPosition: 主席 / 党组书记"
    assert chair["arrows"] == "to"
    assert A in chair["title"] and B in chair["title"] and SCRIPT_BREAKER in chair["title"]


def test_script_end_tags_in_the_data_are_escaped():
    page = render_html(sample_corpus())
    assert SCRIPT_BREAKER not in page
    assert "\\u003c/script\\u003e" in page
    assert MARKUP_ALIAS not in page  # the alias markup is escaped in the data too
    assert any(SCRIPT_BREAKER in e["title"] for e in page_data(page)["edges"])  # and survives intact


def test_legend_lists_every_type_with_its_count():
    page = render_html(sample_corpus())
    for entity_type, count in {"Union": 2, "Person": 2, "Company": 1, "Organization": 1,
                               "Award": 1, "Programme": 1, "Place": 3}.items():
        item = re.search(rf'<li data-type="{entity_type}">(.*?)</li>', page)
        assert item, entity_type
        assert "<svg" in item.group(1)
        assert f'<span class="kg-type-count">{count}</span>' in item.group(1)


def test_title_is_html_escaped():
    page = render_html(sample_corpus(), title="<工会> & 图谱")
    assert "<h1>&lt;工会&gt; &amp; 图谱</h1>" in page


def test_output_is_byte_identical_across_runs_and_hash_seeds(tmp_path):
    selected = {"types": ("Union", "Person", "Company", "Place"), "top": 4}
    script = (
        "import sys; sys.path.insert(0, 'tests');"
        "from test_html import sample_corpus; from kg.export.html import write_html;"
        f"write_html(sample_corpus(), sys.argv[1]); write_html(sample_corpus(), sys.argv[2], **{selected!r})"
    )
    outputs = []
    for seed in ("0", "1", "4242"):
        targets = [tmp_path / f"graph-{seed}.html", tmp_path / f"selected-{seed}.html"]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, *map(str, targets)], cwd=REPO_ROOT, env=env, check=True)
        outputs.append([target.read_bytes() for target in targets])
    in_process = [write_html(sample_corpus(), tmp_path / "graph.html").read_bytes(),
                  write_html(sample_corpus(), tmp_path / "selected.html", **selected).read_bytes()]
    assert outputs[0] == outputs[1] == outputs[2] == in_process
    assert b'id="kg-omitted"' in in_process[1]


def node_ids(page: str) -> set[str]:
    return {node["id"] for node in page_data(page)["nodes"]}


def omitted_note(page: str) -> str | None:
    """The visible text of the left-out note, tags removed; None when the page has none."""
    match = re.search(r'<p class="kg-note kg-omitted" id="kg-omitted"[^>]*>(.*?)</p>', page, re.DOTALL)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else None


def test_a_page_with_everything_drawn_has_no_note():
    assert omitted_note(render_html(sample_corpus())) is None
    assert omitted_note(render_html(sample_corpus(), top=11, types=ENTITY_TYPES)) is None


def test_type_filter_keeps_those_types_and_the_edges_between_them():
    page = render_html(sample_corpus(), types=("Union", "Place"))
    assert node_ids(page) == {"union/u1", "union/u2", "place/l1", "place/l2", "place/l3"}
    edges = {(e["from"], e["to"], e["label"]) for e in page_data(page)["edges"]}
    assert edges == {("union/u1", "place/l1", "locatedIn"), ("union/u2", "place/l2", "locatedIn")}
    note = omitted_note(page)
    assert "已绘制 5 个实体，另有 6 个未显示（共 11 个；只含类型 Union, Place）" in note
    assert "Drew 5 of 11 entities, 6 left out (only types Union, Place)" in note
    assert "kg build --html-filter type=Union,Award" in note and "kg build --html-top N" in note
    person = re.search(r'<li data-type="Person">(.*?)</li>', page).group(1)
    assert '<span class="kg-type-count">0</span> <span class="kg-type-total">/ 2</span>' in person
    union = re.search(r'<li data-type="Union">(.*?)</li>', page).group(1)
    assert union.endswith('<span class="kg-type-count">2</span></button>')  # all drawn: no total


def test_top_keeps_the_most_connected_counting_merged_edges_and_breaking_ties_by_label():
    # Distinct edges: 杭钢 4; 李娜 3 and 杭州市总工会 3 (李 sorts before 杭); 张伟 has three
    # holdsPosition mentions but one merged edge, so mentions do not count.
    page = render_html(sample_corpus(), top=2)
    assert node_ids(page) == {"company/c1", "person/p2"}
    assert {(e["from"], e["to"]) for e in page_data(page)["edges"]} == {("person/p2", "company/c1")}
    assert "Drew 2 of 11 entities, 9 left out (the 2 most connected)" in omitted_note(page)
    assert node_ids(render_html(sample_corpus(), top=3)) == {"company/c1", "person/p2", "union/u1"}


def test_top_counts_only_edges_between_entities_of_the_chosen_types():
    # Among unions and places every edge is locatedIn, so the four connected ones all have
    # degree 1 and labels decide: 杭州市, then 杭州市总工会 (ids would pick the two places).
    # Counted over all relations, 杭州市总工会 (degree 3) would come first.
    page = render_html(sample_corpus(), types=("Union", "Place"), top=1)
    assert node_ids(page) == {"place/l1"}
    assert "(only types Union, Place; the 1 most connected)" in omitted_note(page)
    assert node_ids(render_html(sample_corpus(), types=("Union", "Place"), top=2)) == {"place/l1", "union/u1"}


def test_top_and_max_nodes_must_be_positive():
    for options in ({"top": 0}, {"max_nodes": 0}):
        with pytest.raises(ValueError, match="must be at least 1"):
            render_html(sample_corpus(), **options)


def hub_corpus(spokes: int, isolated: int) -> ResolvedCorpus:
    """A hub with ``spokes`` entities around it (one edge each) and ``isolated`` entities with no
    relation, whose labels sort first, so only degree can leave them out."""
    hub = Entity("union/hub", "Union", "中华全国总工会", (), (A,))
    around = [Entity(f"person/s{i:05d}", "Person", f"职工{i:05d}", (), (A,)) for i in range(spokes)]
    alone = [Entity(f"place/i{i:05d}", "Place", f"0地点{i:05d}", (), (A,)) for i in range(isolated)]
    relations = [Relation("worksFor", spoke.id, hub.id, A, f"{spoke.label}在全总工作。") for spoke in around]
    return ResolvedCorpus([Document(A, "文章甲", "……")], sorted([hub, *around, *alone], key=lambda e: e.id),
                          relations)


def test_node_budget_draws_the_most_connected_and_says_so_in_the_browser(tmp_path):
    corpus = hub_corpus(spokes=DEFAULT_MAX_NODES - 1, isolated=150)
    total = len(corpus.entities)
    page_path = write_html(corpus, tmp_path / "graph.html")
    page_text = page_path.read_text(encoding="utf-8")
    drawn = node_ids(page_text)
    assert len(drawn) == DEFAULT_MAX_NODES == total - 150
    assert not any(node_id.startswith("place/") for node_id in drawn)
    assert len(page_data(page_text)["edges"]) == DEFAULT_MAX_NODES - 1
    assert f"(a page budget of {DEFAULT_MAX_NODES}, most connected first)" in omitted_note(page_text)
    assert len(node_ids(render_html(corpus, max_nodes=10))) == 10

    with open_in_chromium(page_path) as (page, problems):
        note = page.locator("#kg-omitted")
        assert note.is_visible()
        assert note.bounding_box()["height"] > 0
        text = note.inner_text()
        assert f"已绘制 {DEFAULT_MAX_NODES} 个实体，另有 150 个未显示（共 {total} 个" in text
        assert f"Drew {DEFAULT_MAX_NODES} of {total} entities, 150 left out" in text
        assert "kg build --html-filter type=Union,Award" in text and "kg build --html-top N" in text
        assert page.evaluate("window.kgNetwork.body.data.nodes.length") == DEFAULT_MAX_NODES
        legend_places = " ".join(page.inner_text('#kg-legend li[data-type="Place"]').split())
        assert legend_places.endswith("0 / 150")
    assert problems == []


@pytest.fixture(scope="module")
def cli_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "exports"
    code = kg_main(["build", "--corpus", str(REPO_ROOT / "corpus"), "--out", str(out), "--no-cache",
                    "--html-top", "5", "--html-filter", "type=Union,Person"])
    return code, out


def test_cli_flags_choose_what_graph_html_draws(cli_build):
    code, out = cli_build
    assert code == 0
    import rdflib

    graph = rdflib.Graph().parse(out / "graph.ttl")
    base = "https://union-kg.org/id/"
    ukg, org = "https://union-kg.org/ontology#", "http://www.w3.org/ns/org#"
    chosen = {str(s)[len(base):] for s, o in graph.subject_objects(rdflib.RDF.type)
              if str(o) in (ukg + "Union", ukg + "Person")}
    degree = dict.fromkeys(chosen, 0)
    for s, p, o in graph:
        s_id, o_id = str(s)[len(base):], str(o)[len(base):]
        if (str(p).startswith(ukg) or str(p) == org + "subOrganizationOf") and s_id in chosen and o_id in chosen:
            degree[s_id] += 1
            degree[o_id] += 1

    page = (out / "graph.html").read_text(encoding="utf-8")
    drawn = node_ids(page)
    assert len(drawn) == 5 and drawn <= chosen
    assert min(degree[i] for i in drawn) >= max(degree[i] for i in chosen - drawn)
    entities = {s for t in ENTITY_TYPES for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef(ukg + t))}
    note = omitted_note(page)
    assert f"Drew 5 of {len(entities)} entities, {len(entities) - 5} left out" in note
    assert "(only types Union, Person; the 5 most connected)" in note


@pytest.mark.parametrize("flags, problem", [
    (["--html-filter", "type=Union,Trade"], "unknown entity type Trade"),
    (["--html-filter", "kind=Union"], "expected type=T1,T2"),
    (["--html-top", "0"], "--html-top must be at least 1"),
])
def test_cli_rejects_bad_html_flags_in_one_line_and_writes_nothing(tmp_path, capsys, flags, problem):
    out = tmp_path / "exports"
    assert kg_main(["build", "--corpus", str(REPO_ROOT / "corpus"), "--out", str(out), *flags]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("kg build: error:") and problem in error
    assert not out.exists()


def hostile_corpus() -> ResolvedCorpus:
    entities = [
        Entity("union/h1", "Union", HOSTILE_LABEL, (HOSTILE_EVIDENCE,), (A,)),
        Entity("person/h2", "Person", "张三", (HOSTILE_ROLE,), (A,)),
    ]
    relations = [Relation("holdsPosition", "person/h2", "union/h1", A, HOSTILE_EVIDENCE, role=HOSTILE_ROLE)]
    return ResolvedCorpus([Document(A, "文章甲", "……")], entities, relations)


def test_hostile_text_is_escaped_in_the_data_and_parses_back_unchanged():
    page = render_html(hostile_corpus())
    block = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.DOTALL).group(1)
    for raw in ("<", ">", "&", "]]>", "\u2028", "\u2029", "\x01", "\x0b"):
        assert raw not in block, repr(raw)
    data = page_data(page)
    assert {n["id"]: n["label"] for n in data["nodes"]} == {"union/h1": HOSTILE_LABEL, "person/h2": "张三"}
    (edge,) = data["edges"]
    assert edge["label"] == f"holdsPosition: {HOSTILE_ROLE}"
    assert HOSTILE_EVIDENCE in edge["title"] and HOSTILE_LABEL in edge["title"]
    assert page.count("</script>") == render_html(sample_corpus()).count("</script>")


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@contextlib.contextmanager
def open_in_chromium(page_path: Path):
    """Open a page offline in headless Chromium; yield (page, problems), problems being every
    blocked request, console error and page error seen."""
    chromium = chromium_path()
    if chromium is None:
        if os.environ.get("KG_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail("KG_REQUIRE_BROWSER is set but chromium is not installed")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    problems: list[str] = []

    def allow_only_local(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            problems.append(f"blocked request: {url}")
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 860})
            context.route("**/*", allow_only_local)
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
            page.goto(page_path.as_uri())
            yield page, problems
        finally:
            browser.close()


def test_browser_draws_every_node_offline(tmp_path):
    corpus = sample_corpus()
    page_path = write_html(corpus, tmp_path / "graph.html")
    with open_in_chromium(page_path) as (page, problems):
        page.wait_for_function("window.kgStats && window.kgStats.stabilized", timeout=30_000)
        stats = page.evaluate("window.kgStats")
        assert int(page.inner_text("#kg-node-count")) == len(corpus.entities)
        assert stats["drawnNodes"] == stats["nodes"] == len(corpus.entities)
        assert stats["drawnEdges"] == stats["edges"] == MERGED_EDGE_COUNT
        assert page.inner_text("h1") == "工会新闻知识图谱"
        assert page.locator("#kg-omitted").count() == 0  # nothing left out, no note

        tooltip_text, tooltip_elements = hover_node(page, "person/p1")
        assert MARKUP_ALIAS in tooltip_text and "张伟" in tooltip_text
        assert tooltip_elements == 0  # the alias markup was shown as text, not injected

        screenshot = tmp_path / "graph.png"
        page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 0
    assert problems == []


def hover_node(page, node_id: str) -> tuple[str, int]:
    """Move the mouse onto a node; return the tooltip's text and how many elements it contains."""
    point = page.evaluate(
        """(id) => {
            const dom = window.kgNetwork.canvasToDOM(window.kgNetwork.getPosition(id));
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node_id,
    )
    return _hover_at(page, point)


def _hover_at(page, point: dict) -> tuple[str, int]:
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility === 'visible' && t.innerText.length > 0; }",
        timeout=5_000,
    )
    return page.evaluate(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return [t.innerText, t.querySelectorAll('*:not(br)').length]; }"
    )

def test_hostile_text_shows_as_text_in_the_browser(tmp_path):
    page_path = write_html(hostile_corpus(), tmp_path / "graph.html")
    with open_in_chromium(page_path) as (page, problems):
        assert problems == []  # the page loaded without a script error
        assert page.evaluate("window.kgInjected") is None  # no hostile script or handler ran
        assert page.evaluate("typeof window.kgNetwork") == "object"  # the drawing script ran
        assert page.evaluate("JSON.parse(document.getElementById('kg-data').textContent).nodes.length") == 2
        assert page.evaluate("document.scripts.length") == 3  # vis-network, data, drawing
        assert page.evaluate("document.querySelectorAll('img, svg:not(#kg-legend svg)').length") == 0
        page.wait_for_function("window.kgStats && window.kgStats.stabilized", timeout=30_000)
        assert page.evaluate("window.kgInjected") is None
        drawn = page.evaluate("""() => {
            const data = window.kgNetwork.body.data;
            return {label: data.nodes.get("union/h1").label, edge: data.edges.get()[0]};
        }""")
        assert drawn["label"] == HOSTILE_LABEL
        assert drawn["edge"]["label"] == f"holdsPosition: {HOSTILE_ROLE}"
        assert HOSTILE_EVIDENCE in drawn["edge"]["title"]

        node_tooltip, elements = hover_node(page, "union/h1")
        assert elements == 0
        assert page.evaluate("document.querySelector('div.vis-tooltip').textContent").count(HOSTILE_LABEL) == 1
        page.mouse.move(1, 1)
        edge_tooltip, elements = hover_edge(page, drawn["edge"]["id"])
        assert elements == 0
        assert HOSTILE_EVIDENCE in page.evaluate("document.querySelector('div.vis-tooltip').textContent")
    assert problems == []


def hover_edge(page, edge_id: str) -> tuple[str, int]:
    """Move the mouse onto the middle of an edge; return the tooltip's text and element count."""
    point = page.evaluate(
        """(id) => {
            const network = window.kgNetwork;
            const middle = network.body.edges[id].edgeType.getPoint(0.5);
            const dom = network.canvasToDOM(middle);
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        edge_id,
    )
    return _hover_at(page, point)


# ---- positions, labels, search terms and switches, as the page data carries them ----

def test_positions_come_with_the_page_and_physics_is_off():
    data = page_data(render_html(sample_corpus()))
    assert data["options"]["physics"] == {"enabled": False}
    positions = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in positions.values())
    assert len(set(positions.values())) == len(positions)  # no two entities on one spot
    # entities with no relation sit in a grid below the connected ones, not in a ring around them
    isolated = {"organization/o1", "place/l3"}
    connected_bottom = max(y for node, (x, y) in positions.items() if node not in isolated)
    assert min(positions[node][1] for node in isolated) > connected_bottom
    for edge in data["edges"]:  # related entities are near each other, not strewn over the page
        (x1, y1), (x2, y2) = positions[edge["from"]], positions[edge["to"]]
        assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 < 600


def test_layout_of_a_large_component_is_deterministic_and_spread_out():
    corpus = hub_corpus(spokes=400, isolated=30)
    first, second = render_html(corpus), render_html(corpus)
    assert first == second
    nodes = page_data(first)["nodes"]
    spots = {(n["x"] // 20, n["y"] // 20) for n in nodes if n["id"].startswith("person/")}
    assert len(spots) > 300  # the spokes spread out rather than pile up
    hub = next(n for n in nodes if n["id"] == "union/hub")
    assert hub["hub"] and hub["rank"] == 0


def test_most_connected_entities_keep_their_label_and_edge_labels_wait_for_hover():
    data = page_data(render_html(sample_corpus()))
    hubs = {n["id"] for n in data["nodes"] if n["hub"]}
    # degrees: 杭钢 4, 李娜 3, 杭州市总工会 3, 杭州市 2, 浙江省总工会 2; the rest 1 or 0
    assert hubs == {"company/c1", "person/p2", "union/u1", "place/l1", "union/u2"}
    assert data["options"]["nodes"]["font"]["size"] == 0 and data["options"]["edges"]["font"]["size"] == 0
    assert "Noto Sans CJK SC" in data["options"]["nodes"]["font"]["face"]
    assert "Microsoft YaHei" in data["options"]["nodes"]["font"]["face"]
    assert "PingFang SC" in data["options"]["nodes"]["font"]["face"]


def test_search_terms_hold_label_and_aliases_in_both_scripts():
    terms = search_terms(Entity("union/t", "Union", "臺北市總工會", ("北市總工會", "Taipei FTU"), (A,)))
    assert {"臺北市總工會", "台北市总工会", "北市總工會", "北市总工会", "taipei ftu"} <= set(terms)
    company = next(n for n in page_data(render_html(sample_corpus()))["nodes"] if n["id"] == "company/c1")
    assert {"杭钢", "杭鋼", "杭州钢铁集团有限公司", "杭州鋼鐵集團有限公司"} <= set(company["terms"])


def test_isolated_switch_is_on_when_more_than_a_fifth_have_no_relation():
    few = render_html(sample_corpus())  # 2 of 11 have no relation
    assert '<input type="checkbox" id="kg-hide-isolated">' in few
    assert page_data(few)["isolated"] == 2 and page_data(few)["hideIsolated"] is False
    many = render_html(hub_corpus(spokes=4, isolated=2))  # 2 of 7
    assert '<input type="checkbox" id="kg-hide-isolated" checked>' in many
    assert page_data(many)["hideIsolated"] is True


def test_header_counts_relations_as_the_build_does_and_says_lines_are_merged():
    page = render_html(sample_corpus())
    counts = re.sub(r"<[^>]+>", "", re.search(r'<p class="kg-note" id="kg-counts">(.*?)</p>', page).group(1))
    assert "11 / 11 个实体 entities" in counts
    assert "11 条关系 relations（9 条连线 lines" in counts and "parallel relations merged into one line" in counts
    assert page_data(page)["relationCount"] == len(sample_corpus().relations)


# ---- a person using the page in Chromium ----

def canvas_point(page, node_id: str) -> dict:
    return page.evaluate(
        """(id) => {
            const dom = window.kgNetwork.canvasToDOM(window.kgNetwork.getPosition(id));
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node_id,
    )


def edge_point(page, edge_id: str) -> dict:
    return page.evaluate(
        """(id) => {
            const network = window.kgNetwork;
            const dom = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        edge_id,
    )


def shown_labels(page) -> set[str]:
    """Labels the page draws now (vis-network draws a label whose font size is above 0)."""
    return set(page.evaluate("""() => window.kgNetwork.body.data.nodes.get()
        .filter(n => !n.hidden && n.font && n.font.size > 0).map(n => n.label)"""))


def shown_edge_labels(page) -> set[str]:
    return set(page.evaluate("""() => window.kgNetwork.body.data.edges.get()
        .filter(e => e.font && e.font.size > 0).map(e => e.label)"""))


def wait_for_labels(page) -> None:
    page.wait_for_timeout(300)  # labels wait 120 ms for the view to rest, then run in an animation frame
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def save_screenshot(page, tmp_path: Path, name: str) -> Path:
    """A screenshot in the test's folder, and in $KG_SCREENSHOTS too when that is set (to look at)."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    if os.environ.get("KG_SCREENSHOTS"):
        Path(os.environ["KG_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(os.environ["KG_SCREENSHOTS"]) / path.name)
    return path


def test_a_person_searches_in_traditional_picks_a_match_and_reads_the_panel(tmp_path):
    page_path = write_html(sample_corpus(), tmp_path / "graph.html")
    with open_in_chromium(page_path) as (page, problems):
        page.wait_for_function("window.kgStats && window.kgStats.drawn")
        wait_for_labels(page)
        assert shown_edge_labels(page) == set()  # no edge label before a hover or a click
        assert {"杭州钢铁集团有限公司", "李娜", "杭州市总工会"} <= shown_labels(page)
        save_screenshot(page, tmp_path, "sample-open")

        page.click("#kg-search")
        page.keyboard.type("杭鋼")  # the alias 杭钢, typed in Traditional characters
        matches = page.locator("#kg-matches li")
        matches.first.wait_for()
        assert matches.count() == 1
        assert " ".join(matches.first.inner_text().split()) == "杭州钢铁集团有限公司 企业 Company ≈ 杭鋼"
        save_screenshot(page, tmp_path, "sample-search")
        matches.first.click()
        page.wait_for_function("!document.getElementById('kg-panel').hidden")
        page.wait_for_timeout(600)  # the view's move to the entity takes 400 ms
        wait_for_labels(page)

        panel = page.inner_text("#kg-panel")
        assert panel.splitlines()[1] == "杭州钢铁集团有限公司"
        assert "企业 Company · 4 条连线 lines" in panel
        assert "杭钢" in panel and "000_a.txt — 文章甲" in panel
        assert "关系 Relations (4)" in panel
        assert "← 就职于 worksFor 李娜 (人物 Person)" in panel and "李娜在杭钢工作。" in panel
        assert "← 任职 holdsPosition 李娜 (人物 Person)\n职务 role: 工会副主席" in panel
        assert "→ 位于 locatedIn 杭州市 (地点 Place)" in panel
        assert "← 帮扶 assisted 浙江省总工会 (工会 Union)" in panel and "省总工会帮扶杭钢职工。" in panel
        # the view centres on it (in the part the panel leaves free); it and its neighbours stand out, the rest fades
        point = canvas_point(page, "company/c1")
        box = page.locator("#kg-network").bounding_box()
        panel_box = page.locator("#kg-panel").bounding_box()
        assert abs(point["x"] - (box["x"] + panel_box["x"]) / 2) < 10
        assert abs(point["y"] - (box["y"] + box["height"] / 2)) < 5
        assert page.evaluate("window.kgNetwork.getSelectedNodes()") == ["company/c1"]
        opacity = page.evaluate("() => Object.fromEntries(window.kgNetwork.body.data.nodes.get()"
                                ".map(n => [n.id, n.opacity]))")
        assert {k for k, v in opacity.items() if v == 1} == {"company/c1", "person/p2", "place/l1", "union/u2"}
        assert {"杭州钢铁集团有限公司", "李娜", "杭州市", "浙江省总工会"} <= shown_labels(page)
        save_screenshot(page, tmp_path, "sample-focus")

        # the other end of a relation is a link to that entity
        page.locator("#kg-panel button.kg-goto", has_text="李娜").first.click()
        page.wait_for_function("document.querySelector('#kg-panel h2').textContent === '李娜'")
        panel = page.inner_text("#kg-panel")
        assert "→ 获奖 receivedAward 全国五一劳动奖章 (奖项 Award)\n年份 year: 2023" in panel
        assert "李娜荣获全国五一劳动奖章。" in panel

        page.keyboard.press("Escape")
        assert page.locator("#kg-panel").is_hidden()
        assert page.evaluate("window.kgNetwork.body.data.nodes.get().every(n => n.opacity === 1)")
    assert problems == []


def test_a_person_clicks_an_edge_and_reads_its_evidence(tmp_path):
    page_path = write_html(sample_corpus(), tmp_path / "graph.html")
    with open_in_chromium(page_path) as (page, problems):
        page.wait_for_function("window.kgStats && window.kgStats.drawn")
        edge_id = page.evaluate("window.kgNetwork.body.data.edges.get().find(e => e.from === 'person/p1').id")
        page.evaluate("window.kgNetwork.moveTo({scale: 1.5, position: window.kgNetwork.getPosition('person/p1')})")
        wait_for_labels(page)
        point = edge_point(page, edge_id)
        page.mouse.move(point["x"], point["y"])
        page.wait_for_function("window.kgNetwork.body.data.edges.get().some(e => e.font && e.font.size > 0)")
        assert shown_edge_labels(page) == {"holdsPosition: 主席 / 党组书记"}  # the hovered one only
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function("!document.getElementById('kg-panel').hidden")
        panel = page.inner_text("#kg-panel")
        assert panel.splitlines()[1] == "任职 holdsPosition"
        assert "张伟 → 杭州市总工会" in panel and "证据 Evidence (3)" in panel
        assert SCRIPT_BREAKER in panel and "张伟兼任党组书记。" in panel and "职务 role: 党组书记" in panel
        assert "来源 Source: 001_b.txt — 文章乙" in panel
        page.mouse.move(5, 5)
        wait_for_labels(page)
        assert shown_edge_labels(page) == {"holdsPosition: 主席 / 党组书记"}  # selected: its label stays
        save_screenshot(page, tmp_path, "sample-edge")
        assert page.evaluate("document.querySelectorAll('#kg-panel script, #kg-panel img').length") == 0
    assert problems == []


def test_a_person_hides_a_type_and_the_entities_with_no_relation(tmp_path):
    page_path = write_html(sample_corpus(), tmp_path / "graph.html")
    with open_in_chromium(page_path) as (page, problems):
        page.wait_for_function("window.kgStats && window.kgStats.drawn")

        def visible() -> set[str]:
            return set(page.evaluate("window.kgNetwork.body.nodeIndices"))

        def counts() -> tuple[str, str, str]:
            return tuple(page.inner_text(f"#kg-{name}-count") for name in ("node", "relation", "edge"))

        assert len(visible()) == 11 and counts() == ("11", "11", "9")
        places = page.locator('#kg-legend li[data-type="Place"] button')
        places.click()
        assert places.get_attribute("aria-pressed") == "false"
        assert visible() == {"union/u1", "union/u2", "person/p1", "person/p2", "company/c1", "organization/o1",
                             "award/a1", "programme/g1"}
        assert counts() == ("8", "8", "6")  # the three locatedIn lines went with the places
        assert len(page.evaluate("window.kgNetwork.body.edgeIndices")) == 6
        save_screenshot(page, tmp_path, "sample-no-places")
        places.click()
        assert len(visible()) == 11 and places.get_attribute("aria-pressed") == "true"

        switch = page.locator("#kg-hide-isolated")
        assert not switch.is_checked()  # 2 of 11 have no relation: shown by default
        switch.check()
        assert visible().isdisjoint({"place/l3", "organization/o1"}) and counts() == ("9", "11", "9")
        # searching for a hidden entity brings it back
        page.fill("#kg-search", "西湖")
        page.keyboard.press("Enter")
        page.wait_for_function("!document.getElementById('kg-panel').hidden")
        assert "place/l3" in visible() and not switch.is_checked()
        assert "关系 Relations (0)" in page.inner_text("#kg-panel")
    assert problems == []


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus-page") / "exports"
    assert kg_main(["build", "--corpus", str(REPO_ROOT / "corpus"), "--out", str(out), "--no-cache"]) == 0
    return out / "graph.html"


def test_the_corpus_page_opens_readable(corpus_page, tmp_path):
    data = page_data(corpus_page.read_text(encoding="utf-8"))
    isolated = {n["id"] for n in data["nodes"] if n["degree"] == 0}
    assert len(isolated) * 5 > len(data["nodes"]) and data["hideIsolated"]
    with open_in_chromium(corpus_page) as (page, problems):
        page.wait_for_function("window.kgStats && window.kgStats.drawn")
        wait_for_labels(page)
        assert page.inner_text("#kg-node-count") == str(len(data["nodes"]) - len(isolated))
        assert page.is_checked("#kg-hide-isolated")
        assert isolated.isdisjoint(page.evaluate("window.kgNetwork.body.nodeIndices"))
        labels = shown_labels(page)
        top = [n["label"] for n in sorted(data["nodes"], key=lambda n: n["rank"])[:3]]
        assert set(top) <= labels  # the most connected are named at the opening zoom
        assert 5 <= len(labels) <= 40  # and not every entity: the rest wait for a zoom
        assert shown_edge_labels(page) == set()
        # no shown label covers another
        boxes = page.evaluate("""() => Object.values(window.kgNetwork.body.nodes)
            .filter(n => !n.options.hidden && n.options.font.size > 0)
            .map(n => { const s = n.labelModule.size; return [s.left, s.top, s.left + s.width, s.top + s.height]; })""")
        assert len(boxes) == len(labels)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] - 2 and b[0] < a[2] - 2 and a[1] < b[3] - 2 and b[1] < a[3] - 2), (a, b)
        save_screenshot(page, tmp_path, "corpus-open")
        # hovering names an entity that the opening zoom leaves unnamed
        quiet = next(n for n in sorted(data["nodes"], key=lambda n: n["rank"])
                     if n["degree"] == 1 and n["label"] not in labels)
        point = canvas_point(page, quiet["id"])
        page.mouse.move(point["x"], point["y"])
        wait_for_labels(page)
        assert quiet["label"] in shown_labels(page)
        page.mouse.move(point["x"] + 400, 5)

        box = page.locator("#kg-network").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        scale = page.evaluate("window.kgNetwork.getScale()")
        for _ in range(14):
            page.mouse.wheel(0, -200)
            page.wait_for_timeout(50)
        wait_for_labels(page)
        assert page.evaluate("window.kgNetwork.getScale()") > 2 * scale
        hub_labels = {n["label"] for n in data["nodes"] if n["hub"]}
        assert shown_labels(page) - labels - hub_labels  # zoomed in, names of less connected entities show
        save_screenshot(page, tmp_path, "corpus-zoomed")

        page.fill("#kg-search", "肇慶市總工會")  # Traditional for 肇庆市总工会
        page.locator("#kg-matches li").first.wait_for()
        assert page.locator("#kg-matches li").first.inner_text().startswith("肇庆市总工会")
        page.keyboard.press("Enter")
        page.wait_for_function("!document.getElementById('kg-panel').hidden")
        page.wait_for_timeout(600)
        panel = page.inner_text("#kg-panel")
        assert "工会 Union" in panel and "关系 Relations" in panel and "来源 Source: 004_" in panel
        save_screenshot(page, tmp_path, "corpus-focus")
    assert problems == []


def test_an_entity_knows_how_many_of_its_relations_lead_off_the_page():
    nodes = {n["id"]: n for n in page_data(render_html(sample_corpus(), top=2))["nodes"]}
    # 杭钢: worksFor and holdsPosition from 李娜 (drawn); locatedIn 杭州市, assisted by 浙江省总工会 (left out)
    assert nodes["company/c1"]["outside"] == 2 and nodes["person/p2"]["outside"] == 1
    assert all(n["outside"] == 0 for n in page_data(render_html(sample_corpus()))["nodes"])

