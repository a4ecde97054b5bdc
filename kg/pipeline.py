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
from .relations import extract_relations
from .resolve import resolve_article, resolve_corpus


def extract_article(document: Document) -> ArticleExtraction:
    """Entities and relations of one article, resolved within the article."""
    context = analyse(document)
    mentions = detect_mentions(context)
    relations = extract_relations(context, mentions)
    return resolve_article(document, mentions, relations)


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
          progress: Callable[[int, int, str], None] | None = None) -> BuildSummary:
    from .export.html import write_html
    from .export.turtle import write_turtle
    from .graph import build_graph

    started = time.perf_counter()
    extractions = extract_corpus(corpus, progress)
    resolved: ResolvedCorpus = resolve_corpus(extractions)
    graph = build_graph(resolved, base)
    out = Path(out)
    outputs = [write_turtle(graph, out / "graph.ttl"), write_html(resolved, out / "graph.html")]
    return BuildSummary(
        documents=len(resolved.documents),
        entities=Counter(e.type for e in resolved.entities),
        relations=Counter(r.type for r in resolved.relations),
        triples=len(graph),
        outputs=outputs,
        seconds=time.perf_counter() - started,
    )
