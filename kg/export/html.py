"""Interactive HTML export: the resolved corpus as a self-contained, offline vis-network page.

networkx holds the graph, pyvis turns it into vis-network node and edge records, and the page
inlines the vis-network JS and CSS that pyvis ships, so it opens without any network access.
Entities to draw are chosen first, in plain Python over the relations (types, top N by degree,
a node budget), so that networkx and pyvis only ever see what the page draws.
"""

from __future__ import annotations

import heapq
import html
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Template

import networkx as nx
import pyvis
from pyvis.network import Network

from kg.files import write_atomic
from kg.model import ENTITY_TYPES, Entity, Relation, ResolvedCorpus

DEFAULT_TITLE = "工会新闻知识图谱"
DEFAULT_MAX_NODES = 2000  # above this a browser lays the network out too slowly to be usable
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
# Layout work (nodes x iterations) a page may spend before it first draws: 500 iterations up to
# 500 nodes, fewer above (2,000 nodes lay out as well in 125, and four times sooner).
STABILIZATION_WORK, MAX_ITERATIONS, MIN_ITERATIONS = 250_000, 500, 100


def vis_options(node_count: int) -> dict:
    """vis-network options: fixed layout seed, physics only until the layout has stabilised."""
    return {
        "layout": {"randomSeed": 42, "improvedLayout": node_count <= IMPROVED_LAYOUT_MAX_NODES},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": stabilization_iterations(node_count), "fit": True},
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


def stabilization_iterations(node_count: int) -> int:
    return max(MIN_ITERATIONS, min(MAX_ITERATIONS, STABILIZATION_WORK // max(node_count, 1)))


def write_html(corpus: ResolvedCorpus, path: str | os.PathLike, *, title: str = DEFAULT_TITLE,
               max_nodes: int | None = DEFAULT_MAX_NODES, top: int | None = None,
               types: Iterable[str] | None = None) -> Path:
    """Write the interactive network page of ``corpus`` to ``path``; same input, same bytes."""
    return write_atomic(path, render_html(corpus, title=title, max_nodes=max_nodes, top=top, types=types))


def render_html(corpus: ResolvedCorpus, *, title: str = DEFAULT_TITLE, max_nodes: int | None = DEFAULT_MAX_NODES,
                top: int | None = None, types: Iterable[str] | None = None) -> str:
    """The complete, self-contained HTML page for ``corpus``.

    ``types`` keeps only entities of those types, ``top`` the N most connected of them, and at
    most ``max_nodes`` (None: no limit) are drawn; the page says how many were left out."""
    selection = select_entities(corpus, max_nodes=max_nodes, top=top, types=types)
    graph = build_graph(corpus, selection.entity_ids)
    network = Network(directed=True)
    network.from_nx(graph)
    nodes, edges, *_ = network.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": vis_options(len(nodes))}
    return PAGE.substitute(
        title=html.escape(title),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        page_css=PAGE_CSS + (OMITTED_CSS if selection.left_out else ""),
        omitted_note=_omitted_note_html(selection),
        legend=_legend_html(selection.drawn_per_type, selection.total_per_type),
        data=script_json(data),
        draw_js=DRAW_JS,
    )


@dataclass(frozen=True)
class Selection:
    """The entities a page draws, and what was asked for."""

    entity_ids: frozenset[str]
    drawn_per_type: Counter
    total_per_type: Counter
    matching: int  # entities of the requested types, before top N and the budget
    types: tuple[str, ...] | None
    top: int | None
    max_nodes: int | None

    @property
    def drawn(self) -> int:
        return len(self.entity_ids)

    @property
    def total(self) -> int:
        return sum(self.total_per_type.values())

    @property
    def left_out(self) -> int:
        return self.total - self.drawn


def select_entities(corpus: ResolvedCorpus, *, max_nodes: int | None = DEFAULT_MAX_NODES, top: int | None = None,
                    types: Iterable[str] | None = None) -> Selection:
    """Entities of ``types`` (all when None), then the ``min(top, max_nodes)`` most connected of them.

    Connectedness is the degree in the drawn graph's terms: distinct (subject, object, relation
    type) edges between entities of ``types``. Ties go to the smaller label, then id."""
    for name, limit in (("top", top), ("max_nodes", max_nodes)):
        if limit is not None and limit < 1:
            raise ValueError(f"{name} must be at least 1, not {limit}")
    if isinstance(types, str):
        raise TypeError("types must be a collection of entity types, e.g. ('Union', 'Award'), not a string")
    wanted = tuple(dict.fromkeys(types)) if types is not None else None

    known = {entity.id for entity in corpus.entities}
    _check_relation_ends(corpus.relations, known)
    kept = [e for e in corpus.entities if e.type in wanted] if wanted is not None else list(corpus.entities)
    matching = len(kept)
    limits = [limit for limit in (top, max_nodes) if limit is not None]
    if limits and len(kept) > min(limits):
        degree = _degrees(corpus.relations, {e.id for e in kept} if len(kept) < len(known) else None)
        kept = heapq.nsmallest(min(limits), kept, key=lambda e: (-degree[e.id], e.label, e.id))
    return Selection(
        entity_ids=frozenset(e.id for e in kept),
        drawn_per_type=Counter(e.type for e in kept),
        total_per_type=Counter(e.type for e in corpus.entities),
        matching=matching,
        types=wanted, top=top, max_nodes=max_nodes,
    )


def _check_relation_ends(relations: list[Relation], known: set[str]) -> None:
    ends = {r.subject for r in relations}
    ends.update(r.object for r in relations)
    if not ends <= known:
        relation = next(r for r in relations if r.subject not in known or r.object not in known)
        end = relation.subject if relation.subject not in known else relation.object
        raise ValueError(f"relation {relation.type} refers to unknown entity {end!r}")


def _degrees(relations: list[Relation], entity_ids: set[str] | None) -> Counter:
    """Degree of each entity over the distinct edges between ``entity_ids`` (None: all entities);
    a self-loop counts twice, as in networkx."""
    if entity_ids is None:
        edges = {(r.subject, r.object, r.type) for r in relations}
    else:
        edges = {(r.subject, r.object, r.type) for r in relations
                 if r.subject in entity_ids and r.object in entity_ids}
    degree = Counter(subject for subject, _obj, _type in edges)
    degree.update(obj for _subject, obj, _type in edges)
    return degree


def build_graph(corpus: ResolvedCorpus, entity_ids: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """One node per entity (of ``entity_ids``, default all); one edge per (relation type, subject,
    object) between them, merging its mentions."""
    drawn = set(entity_ids) if entity_ids is not None else {e.id for e in corpus.entities}
    graph = nx.MultiDiGraph()
    for entity in sorted((e for e in corpus.entities if e.id in drawn), key=lambda e: e.id):
        _name, colour, shape = TYPE_STYLES.get(entity.type, FALLBACK_STYLE)
        graph.add_node(entity.id, label=entity.label, color=colour, shape=shape, title=_entity_tooltip(entity))

    grouped: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for relation in corpus.relations:
        if relation.subject in drawn and relation.object in drawn:
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


def _legend_html(drawn: Counter, total: Counter) -> str:
    """One item per type: its symbol, name and how many are drawn (``of`` the total when some are not)."""
    types = list(ENTITY_TYPES) + sorted(set(total) - set(ENTITY_TYPES))
    items = []
    for entity_type in types:
        name, colour, shape = TYPE_STYLES.get(entity_type, FALLBACK_STYLE)
        of_total = (f' <span class="kg-type-total">/ {total[entity_type]}</span>'
                    if drawn[entity_type] != total[entity_type] else "")
        items.append(
            f'<li data-type="{html.escape(entity_type)}">'
            f'<svg width="16" height="16" viewBox="0 0 16 16" fill="{colour}" aria-hidden="true">'
            f"{LEGEND_SHAPES[shape]}</svg> {html.escape(name)} {html.escape(entity_type)}"
            f' <span class="kg-shape">({shape})</span>'
            f' <span class="kg-type-count">{drawn[entity_type]}</span>{of_total}</li>'
        )
    return '<ul id="kg-legend">\n' + "\n".join(items) + "\n</ul>"


def _omitted_note_html(selection: Selection) -> str:
    """A visible note when entities are left out: how many, why, and the options that choose them."""
    if selection.left_out == 0:
        return ""
    reasons_zh, reasons_en = [], []
    if selection.matching < selection.total:
        shown = ", ".join(selection.types or ())
        reasons_zh.append(f"只含类型 {shown}")
        reasons_en.append(f"only types {shown}")
    if selection.drawn < selection.matching:
        if selection.top is not None and (selection.max_nodes is None or selection.top <= selection.max_nodes):
            reasons_zh.append(f"连接最多的前 {selection.top} 个")
            reasons_en.append(f"the {selection.top} most connected")
        else:
            reasons_zh.append(f"页面上限 {selection.max_nodes} 个，取连接最多的")
            reasons_en.append(f"a page budget of {selection.max_nodes}, most connected first")
    return (
        '<p class="kg-note kg-omitted" id="kg-omitted" role="status">'
        f'已绘制 <b id="kg-drawn">{selection.drawn}</b> 个实体，'
        f'另有 <b id="kg-left-out">{selection.left_out}</b> 个未显示（共 {selection.total} 个；'
        f'{html.escape("；".join(reasons_zh))}）。'
        f"Drew {selection.drawn} of {selection.total} entities, {selection.left_out} left out "
        f"({html.escape('; '.join(reasons_en))}). "
        "选择要显示的实体 Choose what to draw: <code>kg build --html-filter type=Union,Award</code> "
        "或 or <code>kg build --html-top N</code></p>\n"
    )


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
OMITTED_CSS = """.kg-omitted { padding: 4px 8px; color: #6b4b00; background: #fff4d6; border: 1px solid #f0d48a; border-radius: 3px; }
.kg-omitted code { font-size: 12px; }
.kg-type-total { color: #888; }
"""

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
$omitted_note$legend
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
