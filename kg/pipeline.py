"""The build pipeline: read → analyse (tokenise) → detect → relate → resolve → graph → export."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .detect import analyse, detect_mentions
from .model import ArticleExtraction, Document, ResolvedCorpus
from .reader import article_paths, read_document
from .calendar import ArticleCalendar
from .observations import extract_observations
from .relations import extract_relations, national_offices
from .resolve import resolve_article, resolve_corpus


def extract_article(document: Document) -> ArticleExtraction:
    """Entities and relations of one article, resolved within the article."""
    context = analyse(document)
    mentions = detect_mentions(context)
    calendar = ArticleCalendar(context)  # one per article: its sentences' dates are parsed once
    relations = extract_relations(context, mentions, calendar)
    observations = extract_observations(context, mentions, calendar)
    return resolve_article(document, mentions, relations, observations, offices=national_offices(context, mentions))


def extract_corpus(corpus: str | Path, progress: Callable[[int, int, str], None] | None = None
                   ) -> list[ArticleExtraction]:
    paths = article_paths(corpus)
    extractions = []
    for number, path in enumerate(paths, start=1):
        extractions.append(extract_article(read_document(path)))
        if progress:
            progress(number, len(paths), path.name)
    return extractions


@dataclass
class BuildSummary:
    documents: int
    entities: Counter
    relations: Counter
    triples: int
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0


def build(corpus: str | Path, out: str | Path, base: str,
          progress: Callable[[int, int, str], None] | None = None,
          formats: tuple[str, ...] = ("ttl",), validate: bool = True) -> BuildSummary:
    """Extract, resolve, build the graph, check it against the SHACL shapes (raising
    :class:`kg.validate.ValidationError` before anything is written), then write the files of
    ``formats`` (see :mod:`kg.export.formats`) and graph.html, each atomically."""
    from .export.formats import render_formats
    from .export.html import render_html
    from .files import write_atomic
    from .graph import build_graph
    from .validate import check_graph

    started = time.perf_counter()
    extractions = extract_corpus(corpus, progress)
    resolved: ResolvedCorpus = resolve_corpus(extractions)
    graph = build_graph(resolved, base)
    if validate:
        check_graph(graph)
    files = render_formats(graph, formats)
    files["graph.html"] = render_html(resolved).encode("utf-8")
    out = Path(out)
    outputs = [write_atomic(out / name, data) for name, data in files.items()]
    return BuildSummary(
        documents=len(resolved.documents),
        entities=Counter(e.type for e in resolved.entities),
        relations=Counter(r.type for r in resolved.relations),
        triples=len(graph),
        outputs=outputs,
        seconds=time.perf_counter() - started,
    )
