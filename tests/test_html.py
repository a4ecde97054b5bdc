"""Interactive HTML export: page content, escaping, determinism, and drawing in a real browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.export.html import render_html, write_html
from kg.model import ENTITY_TYPES, Document, Entity, Relation, ResolvedCorpus

REPO_ROOT = Path(__file__).resolve().parent.parent
A, B = "000_a.txt", "001_b.txt"
SCRIPT_BREAKER = '他说："别怕" </script><script>alert(1)</script> 张伟担任杭州市总工会主席。'
MARKUP_ALIAS = "<b>老张</b>"
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
    script = (
        "import sys; sys.path.insert(0, 'tests');"
        "from test_html import sample_corpus; from kg.export.html import write_html;"
        "write_html(sample_corpus(), sys.argv[1])"
    )
    outputs = []
    for seed in ("0", "1", "4242"):
        target = tmp_path / f"graph-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(target)], cwd=REPO_ROOT, env=env, check=True)
        outputs.append(target.read_bytes())
    in_process = write_html(sample_corpus(), tmp_path / "graph.html").read_bytes()
    assert outputs[0] == outputs[1] == outputs[2] == in_process


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def test_browser_draws_every_node_offline(tmp_path):
    chromium = chromium_path()
    if chromium is None:
        if os.environ.get("KG_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail("KG_REQUIRE_BROWSER is set but chromium is not installed")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    corpus = sample_corpus()
    page_path = write_html(corpus, tmp_path / "graph.html")
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
            page.wait_for_function("window.kgStats && window.kgStats.stabilized", timeout=30_000)

            stats = page.evaluate("window.kgStats")
            assert int(page.inner_text("#kg-node-count")) == len(corpus.entities)
            assert stats["drawnNodes"] == stats["nodes"] == len(corpus.entities)
            assert stats["drawnEdges"] == stats["edges"] == MERGED_EDGE_COUNT
            assert page.inner_text("h1") == "工会新闻知识图谱"

            tooltip_text, tooltip_elements = hover_node(page, "person/p1")
            assert MARKUP_ALIAS in tooltip_text and "张伟" in tooltip_text
            assert tooltip_elements == 0  # the alias markup was shown as text, not injected

            screenshot = tmp_path / "graph.png"
            page.screenshot(path=str(screenshot), full_page=True)
            assert screenshot.stat().st_size > 0
        finally:
            browser.close()
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
