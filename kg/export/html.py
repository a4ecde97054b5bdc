"""Interactive HTML export: the resolved corpus as a self-contained, offline vis-network page.

networkx holds the graph, pyvis turns it into vis-network node and edge records, and the page
inlines the vis-network JS and CSS that pyvis ships, so it opens without any network access.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter, defaultdict
from pathlib import Path
from string import Template

import networkx as nx
import pyvis
from pyvis.network import Network

from kg.files import write_atomic
from kg.model import ENTITY_TYPES, Entity, Relation, ResolvedCorpus

DEFAULT_TITLE = "工会新闻知识图谱"
FONT_FACE = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

# entity type -> (Chinese name, colour, vis-network shape)
TYPE_STYLES = {
    "Union": ("工会", "#e15759", "star"),
    "Person": ("人物", "#4e79a7", "dot"),
    "Company": ("企业", "#f28e2b", "square"),
    "Organization": ("组织机构", "#76b7b2", "diamond"),
    "Award": ("奖项", "#edc948", "triangle"),
    "Programme": ("项目活动", "#59a14f", "triangleDown"),
    "Place": ("地点", "#b07aa1", "hexagon"),
}
FALLBACK_STYLE = ("其他", "#9c9c9c", "dot")

# vis-network shape -> the same shape as SVG on a 16x16 canvas, for the legend
LEGEND_SHAPES = {
    "dot": '<circle cx="8" cy="8" r="6.5"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "triangle": '<polygon points="8,1.5 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,14.5"/>',
    "star": '<polygon points="8,0.8 9.9,6 15.3,6 11,9.4 12.6,14.8 8,11.6 3.4,14.8 5,9.4 0.7,6 6.1,6"/>',
    "hexagon": '<polygon points="8,1 14.1,4.5 14.1,11.5 8,15 1.9,11.5 1.9,4.5"/>',
}

IMPROVED_LAYOUT_MAX_NODES = 100  # above this vis-network's initial layout only costs time


def vis_options(node_count: int) -> dict:
    """vis-network options: fixed layout seed, physics only until the layout has stabilised."""
    return {
        "layout": {"randomSeed": 42, "improvedLayout": node_count <= IMPROVED_LAYOUT_MAX_NODES},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 500, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120},
        "nodes": {"font": {"face": FONT_FACE, "size": 15}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": "#9aa4b1", "highlight": "#34495e", "hover": "#34495e"},
            "font": {"face": FONT_FACE, "size": 11, "color": "#4a4a4a"},
            "smooth": {"type": "continuous"},
        },
    }


def write_html(corpus: ResolvedCorpus, path: str | os.PathLike, *, title: str = DEFAULT_TITLE) -> Path:
    """Write the interactive network page of ``corpus`` to ``path``; same input, same bytes."""
    return write_atomic(path, render_html(corpus, title=title))


def render_html(corpus: ResolvedCorpus, *, title: str = DEFAULT_TITLE) -> str:
    """The complete, self-contained HTML page for ``corpus``."""
    graph = build_graph(corpus)
    network = Network(directed=True)
    network.from_nx(graph)
    nodes, edges, *_ = network.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": vis_options(len(nodes))}
    return PAGE.substitute(
        title=html.escape(title),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        page_css=PAGE_CSS,
        legend=_legend_html(Counter(e.type for e in corpus.entities)),
        data=script_json(data),
        draw_js=DRAW_JS,
    )


def build_graph(corpus: ResolvedCorpus) -> nx.MultiDiGraph:
    """One node per entity; one edge per (relation type, subject, object), merging its mentions."""
    graph = nx.MultiDiGraph()
    for entity in sorted(corpus.entities, key=lambda e: e.id):
        _name, colour, shape = TYPE_STYLES.get(entity.type, FALLBACK_STYLE)
        graph.add_node(entity.id, label=entity.label, color=colour, shape=shape, title=_entity_tooltip(entity))

    grouped: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for relation in corpus.relations:
        for end in (relation.subject, relation.object):
            if end not in graph:
                raise ValueError(f"relation {relation.type} refers to unknown entity {end!r}")
        grouped[(relation.subject, relation.object, relation.type)].append(relation)
    for (subject, obj, relation_type), relations in sorted(grouped.items()):
        relations.sort(key=lambda r: (r.document, r.role or "", r.year or 0, r.evidence))
        tooltip = _relation_tooltip(corpus, relations)
        graph.add_edge(subject, obj, key=relation_type, label=_relation_label(relations), title=tooltip,
                       weight=min(len(relations), 5))

    _curve_parallel_edges(graph)
    for node, degree in graph.degree():
        graph.nodes[node]["size"] = 12 + 3 * min(degree, 12)
    return graph


def _curve_parallel_edges(graph: nx.MultiDiGraph) -> None:
    """Bend edges that share their two end nodes (either direction) so that they do not overlap."""
    by_pair: dict[frozenset, list[tuple]] = defaultdict(list)
    for subject, obj, key in graph.edges(keys=True):
        by_pair[frozenset((subject, obj))].append((subject, obj, key))
    for edges in by_pair.values():
        if len(edges) > 1:
            for rank, (subject, obj, key) in enumerate(edges):
                roundness = round(0.2 * (rank + 1), 2)
                graph.edges[subject, obj, key]["smooth"] = {"type": "curvedCW", "roundness": roundness}


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no ``</script>``, ``<!--`` or ``&`` survive."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


# Tooltips are plain text with line breaks: vis-network 9 puts a string title in via innerText,
# so it is never parsed as markup (and HTML entities would show up literally).
def _entity_tooltip(entity: Entity) -> str:
    name = TYPE_STYLES.get(entity.type, FALLBACK_STYLE)[0]
    lines = [f"{entity.type}（{name}）", f"名称 Label: {entity.label}"]
    if entity.aliases:
        lines.append("别名 Aliases: " + "、".join(entity.aliases))
    lines.append("来源 Documents: " + ", ".join(entity.documents))
    return "\n".join(lines)


def _relation_label(relations: list[Relation]) -> str:
    qualifiers = sorted({r.role for r in relations if r.role} | {str(r.year) for r in relations if r.year})
    relation_type = relations[0].type
    return f"{relation_type}: {' / '.join(qualifiers)}" if qualifiers else relation_type


def _relation_tooltip(corpus: ResolvedCorpus, relations: list[Relation]) -> str:
    first = relations[0]
    lines = [f"{first.type}: {corpus.entity(first.subject).label} → {corpus.entity(first.object).label}"]
    for relation in relations:
        details = [f"角色 role: {relation.role}"] if relation.role else []
        details += [f"年份 year: {relation.year}"] if relation.year else []
        details += [f"日期 date: {relation.date}"] if relation.date else []
        lines.append("")
        if relation.inferred_by:
            lines.append(f"推断 Inferred: {relation.inferred_by}")
            continue
        lines.append(f"[{relation.document}] " + "; ".join(details))
        lines.append(f"证据 Evidence: {relation.evidence}")
    return "\n".join(lines)


def _legend_html(counts: Counter) -> str:
    types = list(ENTITY_TYPES) + sorted(set(counts) - set(ENTITY_TYPES))
    items = []
    for entity_type in types:
        name, colour, shape = TYPE_STYLES.get(entity_type, FALLBACK_STYLE)
        items.append(
            f'<li data-type="{html.escape(entity_type)}">'
            f'<svg width="16" height="16" viewBox="0 0 16 16" fill="{colour}" aria-hidden="true">'
            f"{LEGEND_SHAPES[shape]}</svg> {html.escape(name)} {html.escape(entity_type)}"
            f' <span class="kg-shape">({shape})</span>'
            f' <span class="kg-type-count">{counts.get(entity_type, 0)}</span></li>'
        )
    return '<ul id="kg-legend">\n' + "\n".join(items) + "\n</ul>"


PAGE_CSS = """
body { margin: 0; font-family: %s; color: #222; background: #fafafa; }
header { padding: 10px 16px 6px; }
h1 { margin: 0 0 4px; font-size: 22px; }
.kg-note { margin: 0 0 6px; font-size: 13px; color: #555; }
#kg-legend { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; }
#kg-legend li { display: flex; align-items: center; gap: 4px; }
#kg-legend svg { stroke: #555; stroke-width: 0.6; }
.kg-shape { color: #888; }
.kg-type-count { font-weight: bold; }
#kg-network { height: calc(100vh - 110px); min-height: 400px; margin: 0 16px 16px; background: #fff; border: 1px solid #ddd; }
div.vis-tooltip { white-space: pre-wrap; max-width: 460px; font-family: %s; font-size: 13px; line-height: 1.45; }
""" % (FONT_FACE, FONT_FACE)

DRAW_JS = """
(function () {
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var stabilized = false;
  window.kgNetwork = network;

  network.once("stabilizationIterationsDone", function () {
    stabilized = true;
    network.setOptions({physics: {enabled: false}});
    network.redraw();
  });

  // Counts come from the drawn network: nodes that vis placed at finite coordinates.
  network.on("afterDrawing", function () {
    var positions = network.getPositions(network.body.nodeIndices);
    var drawnNodes = Object.keys(positions).filter(function (id) {
      return isFinite(positions[id].x) && isFinite(positions[id].y);
    }).length;
    window.kgStats = {
      nodes: nodes.length, edges: edges.length, drawnNodes: drawnNodes,
      drawnEdges: network.body.edgeIndices.length, stabilized: stabilized, drawn: true
    };
    document.getElementById("kg-node-count").textContent = String(drawnNodes);
    document.getElementById("kg-edge-count").textContent = String(network.body.edgeIndices.length);
  });
})();
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
$vis_css
</style>
<style>$page_css</style>
<script>
$vis_js
</script>
</head>
<body>
<header>
<h1>$title</h1>
<p class="kg-note"><span id="kg-node-count">…</span> 个实体 entities ·
<span id="kg-edge-count">…</span> 条关系 relations ·
将鼠标悬停在节点或连线上可查看详情（类型、别名、来源文档、证据句）。Hover over a node or edge for details.</p>
$legend
</header>
<div id="kg-network"></div>
<script id="kg-data" type="application/json">$data</script>
<script>$draw_js</script>
</body>
</html>
""")


def parse_html_filter(text: str) -> tuple[str, ...]:
    """``"type=Union,Award"`` → ``("Union", "Award")``; raises ValueError on anything else."""
    key, _, value = text.partition("=")
    types = tuple(dict.fromkeys(t.strip() for t in value.split(",") if t.strip()))
    if key.strip() != "type" or not types:
        raise ValueError(f"--html-filter {text!r}: expected type=T1,T2 (entity types: {', '.join(ENTITY_TYPES)})")
    unknown = [t for t in types if t not in ENTITY_TYPES]
    if unknown:
        raise ValueError(f"--html-filter: unknown entity type {', '.join(unknown)}; choose from {', '.join(ENTITY_TYPES)}")
    return types
