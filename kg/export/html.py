"""Interactive HTML export: the resolved corpus as a self-contained, offline page a person explores.

Entities to draw are chosen first, in plain Python over the relations (types, top N by degree,
a node budget); networkx holds the drawn graph and :mod:`kg.export.html_layout` places its
nodes, so the page paints once with physics off. The page inlines the vis-network JS and CSS
that pyvis ships, the data as escaped JSON, and its own script (``kg/data/graph_page.js``):
search by name or alias (Simplified or Traditional), a legend that filters by type, a switch
for entities with no relation, and a side panel with an entity's or a line's relations and evidence.
"""

from __future__ import annotations

import heapq
import html
import importlib.util
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

import networkx as nx

from kg.export.html_layout import layout
from kg.files import write_atomic
from kg.model import ENTITY_TYPES, Entity, Relation, ResolvedCorpus

DEFAULT_TITLE = "工会新闻知识图谱"
DEFAULT_MAX_NODES = 2000  # above this a browser lays the network out too slowly to be usable
# CJK faces that ship with Linux (Noto, Source Han, WenQuanYi), macOS (PingFang, Hiragino) and
# Windows (Microsoft YaHei), then the generic family.
FONT_FACE = ("'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', "
             "'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif")
# vis-network as pyvis ships it; found without importing pyvis, which imports IPython (a quarter second)
VIS_DIR = Path(importlib.util.find_spec("pyvis").submodule_search_locations[0]) / "templates" / "lib" / "vis-9.1.2"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
HUB_FONT_SIZE = 15  # label size (screen pixels) of the entities whose label is always shown
MIN_HUBS, MAX_HUBS = 5, 12
LABEL_ZOOM = 0.45  # from this zoom on (related nodes about 60 px apart), other labels show where they fit
ISOLATED_SHARE = 5  # hide entities with no relation by default when more than 1 in 5 of the page

RELATION_NAMES = {
    "holdsPosition": "任职", "worksFor": "就职于", "receivedAward": "获奖", "organizes": "组织开展",
    "locatedIn": "位于", "assisted": "帮扶", "subOrganizationOf": "隶属于",
}

# The page draws with physics off: positions come from kg.export.html_layout.
VIS_OPTIONS = {
    "layout": {"improvedLayout": False, "randomSeed": 42},
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": False, "multiselect": False},
    "nodes": {"font": {"face": FONT_FACE, "size": 0, "color": "#1f2933", "strokeWidth": 3,
                       "strokeColor": "#ffffff"},
              "borderWidth": 1, "labelHighlightBold": False},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#aab3bf", "highlight": "#2c3e50", "hover": "#2c3e50", "inherit": False},
        "font": {"face": FONT_FACE, "size": 0, "color": "#2c3e50", "strokeWidth": 0,
                 "background": "rgba(255,255,255,0.92)", "align": "middle"},
        "smooth": {"enabled": False},
        "selectionWidth": 1.5,
    },
}

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
    data = page_data(corpus, graph)
    return PAGE.substitute(
        title=html.escape(title),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        page_css=_asset("graph_page.css").replace("FONT_FACE", FONT_FACE),
        header_counts=_counts_html(data),
        omitted_note=_omitted_note_html(selection),
        legend=_legend_html(selection.drawn_per_type, selection.total_per_type),
        isolated_switch=_isolated_switch_html(data),
        data=script_json(data),
        draw_js=_asset("graph_page.js"),
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
    object) between them, holding its relations (mentions) sorted."""
    drawn = set(entity_ids) if entity_ids is not None else {e.id for e in corpus.entities}
    graph = nx.MultiDiGraph()
    for entity in sorted((e for e in corpus.entities if e.id in drawn), key=lambda e: e.id):
        graph.add_node(entity.id, entity=entity)
    grouped: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for relation in corpus.relations:
        if relation.subject in drawn and relation.object in drawn:
            grouped[(relation.subject, relation.object, relation.type)].append(relation)
    for (subject, obj, relation_type), relations in sorted(grouped.items()):
        relations.sort(key=lambda r: (r.document, r.role or "", r.year or 0, r.date or "", r.evidence))
        graph.add_edge(subject, obj, key=relation_type, relations=relations)
    return graph


def page_data(corpus: ResolvedCorpus, graph: nx.MultiDiGraph) -> dict:
    """What the page script reads: vis-network nodes (positioned) and edges, with each entity's
    search terms and each edge's relations, the documents they cite, and the display settings."""
    simple = nx.Graph(graph)
    degree = dict(graph.degree())  # lines, as --html-top counts them
    entities = {node: graph.nodes[node]["entity"] for node in graph}
    rank = sorted(entities, key=lambda node: (-degree[node], entities[node].label, node))
    place = {node: number for number, node in enumerate(rank)}
    hubs = set(rank[:hub_count(len(rank))]) - {node for node in rank if degree[node] < 2}
    type_rank = {t: i for i, t in enumerate(ENTITY_TYPES)}
    positions = layout(simple, order=lambda node: (entities[node].label, node),
                       group=lambda node: type_rank.get(entities[node].type, len(type_rank)))
    outside = _relations_outside(corpus.relations, set(entities))

    nodes = []
    for node in sorted(entities):
        entity = entities[node]
        _name, colour, shape = TYPE_STYLES.get(entity.type, FALLBACK_STYLE)
        x, y = positions[node]
        nodes.append({
            "id": node, "label": entity.label, "title": _entity_tooltip(entity), "shape": shape, "color": colour,
            "size": 12 + 3 * min(degree[node], 12), "x": x, "y": y,
            "kgType": entity.type, "degree": degree[node], "hub": node in hubs, "rank": place[node],
            "aliases": list(entity.aliases), "documents": list(entity.documents),
            "terms": search_terms(entity), "outside": outside[node],
        })
    edges = []
    curves = _parallel_curves(graph)
    for number, (subject, obj, relation_type, relations) in enumerate(
            sorted((s, o, k, d["relations"]) for s, o, k, d in graph.edges(keys=True, data=True))):
        edge = {"id": f"e{number}", "from": subject, "to": obj, "arrows": "to", "relation": relation_type,
                "label": _relation_label(relations), "title": _relation_tooltip(corpus, relations),
                "width": 1 + min(len(relations), 5) * 0.5,
                "mentions": [[r.document, r.role or "", r.year or 0, r.date or "", r.evidence, r.inferred_by or ""]
                             for r in relations]}
        if (subject, obj, relation_type) in curves:
            edge["smooth"] = curves[(subject, obj, relation_type)]
        edges.append(edge)

    cited = {d for e in entities.values() for d in e.documents}
    cited.update(m[0] for edge in edges for m in edge["mentions"] if m[0])
    isolated = sum(1 for node in entities if degree[node] == 0)
    return {
        "nodes": nodes, "edges": edges, "options": VIS_OPTIONS,
        "documents": {d.id: d.title for d in corpus.documents if d.id in cited},
        "types": {t: list(style) for t, style in TYPE_STYLES.items()},
        "relationNames": RELATION_NAMES,
        "relationCount": sum(len(edge["mentions"]) for edge in edges),
        "isolated": isolated, "hideIsolated": isolated * ISOLATED_SHARE > len(nodes),
        "labelZoom": LABEL_ZOOM, "hubFontSize": HUB_FONT_SIZE,
    }


def hub_count(nodes: int) -> int:
    """How many of the most connected entities keep their label at every zoom."""
    return min(MAX_HUBS, max(MIN_HUBS, nodes // 20))


def search_terms(entity: Entity) -> list[str]:
    """Label and aliases, each also in Simplified and in Traditional characters, lower-cased, unique."""
    terms = []
    for name in (entity.label, *entity.aliases):
        terms += [name, _to_simplified(name), _to_traditional(name)]
    return sorted({term.casefold() for term in terms if term})


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def _to_simplified(text: str) -> str:
    return _opencc("t2s.json").convert(text)


def _to_traditional(text: str) -> str:
    return _opencc("s2t.json").convert(text)


def _relations_outside(relations: list[Relation], drawn: set[str]) -> Counter:
    """For each drawn entity, how many of its relations lead to an entity the page leaves out."""
    count: Counter = Counter()
    for relation in relations:
        if (relation.subject in drawn) != (relation.object in drawn):
            count[relation.subject if relation.subject in drawn else relation.object] += 1
    return count


def _parallel_curves(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict]:
    """Bends for edges that share their two end nodes (either direction), so that they do not overlap."""
    by_pair: dict[frozenset, list[tuple]] = defaultdict(list)
    for subject, obj, key in sorted(graph.edges(keys=True)):
        by_pair[frozenset((subject, obj))].append((subject, obj, key))
    curves = {}
    for edges in by_pair.values():
        if len(edges) > 1:
            for rank, edge in enumerate(edges):
                curves[edge] = {"enabled": True, "type": "curvedCW", "roundness": round(0.2 * (rank + 1), 2)}
    return curves


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
    """The hover text of a line: each of its relations with its evidence."""
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
    """One item per type: its symbol, name and how many are drawn (``of`` the total when some are not);
    a click on an item hides or shows that type."""
    types = list(ENTITY_TYPES) + sorted(set(total) - set(ENTITY_TYPES))
    items = []
    for entity_type in types:
        name, colour, shape = TYPE_STYLES.get(entity_type, FALLBACK_STYLE)
        of_total = (f' <span class="kg-type-total">/ {total[entity_type]}</span>'
                    if drawn[entity_type] != total[entity_type] else "")
        items.append(
            f'<li data-type="{html.escape(entity_type)}"><button type="button" aria-pressed="true"'
            f' title="点击隐藏或显示 Click to hide or show">'
            f'<svg width="16" height="16" viewBox="0 0 16 16" fill="{colour}" aria-hidden="true">'
            f"{LEGEND_SHAPES[shape]}</svg> {html.escape(name)} {html.escape(entity_type)}"
            f' <span class="kg-type-count">{drawn[entity_type]}</span>{of_total}</button></li>'
        )
    return '<ul id="kg-legend" aria-label="类型 Types">\n' + "\n".join(items) + "\n</ul>"


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
        f'已绘制 <strong id="kg-drawn">{selection.drawn}</strong> 个实体，'
        f'另有 <strong id="kg-left-out">{selection.left_out}</strong> 个未显示（共 {selection.total} 个；'
        f'{html.escape("；".join(reasons_zh))}）。'
        f"Drew {selection.drawn} of {selection.total} entities, {selection.left_out} left out "
        f"({html.escape('; '.join(reasons_en))}). "
        "选择要显示的实体 Choose what to draw: <code>kg build --html-filter type=Union,Award</code> "
        "或 or <code>kg build --html-top N</code></p>\n"
    )


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
$header_counts
$omitted_note<div class="kg-tools">
<div class="kg-search"><input id="kg-search" type="search" autocomplete="off" spellcheck="false"
 placeholder="搜索名称或别名（简/繁）Search a name or alias" aria-label="搜索实体 Search entities"
 role="combobox" aria-expanded="false" aria-controls="kg-matches">
<ul id="kg-matches" role="listbox" hidden></ul></div>
$isolated_switch
</div>
$legend
</header>
<main>
<div id="kg-network"></div>
<aside id="kg-panel" hidden aria-live="polite"><button type="button" id="kg-panel-close" aria-label="关闭 Close">×</button>
<div id="kg-panel-body"></div></aside>
</main>
<script id="kg-data" type="application/json">$data</script>
<script>$draw_js</script>
</body>
</html>
""")


def _asset(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def _counts_html(data: dict) -> str:
    """The header line counting what is drawn; the page script keeps it current as filters change."""
    nodes, edges, relations = len(data["nodes"]), len(data["edges"]), data["relationCount"]
    merged = ("，同一对实体之间的同类关系合并为一条 parallel relations merged into one line"
              if relations != edges else "")
    return (
        '<p class="kg-note" id="kg-counts">显示 Showing <span id="kg-node-count">' f"{nodes}</span> / {nodes}"
        ' 个实体 entities · <span id="kg-relation-count">' f"{relations}</span> 条关系 relations"
        f'（<span id="kg-edge-count">{edges}</span> 条连线 lines{merged}）。'
        "点击实体或连线查看详情，滚轮缩放。Click an entity or a line for details; scroll to zoom.</p>\n"
    )


def _isolated_switch_html(data: dict) -> str:
    checked = " checked" if data["hideIsolated"] else ""
    return (f'<label class="kg-switch"><input type="checkbox" id="kg-hide-isolated"{checked}> '
            f'隐藏无关系的实体 Hide entities with no relation (<span id="kg-isolated-count">{data["isolated"]}</span>)'
            "</label>")


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
