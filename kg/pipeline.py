"""The build pipeline: read → extract (map, per article) → resolve (reduce) → graph → export.

The map runs on an engine (:mod:`kg.engines`) and skips articles the extraction cache
(:mod:`kg.cache`) already holds; everything after it runs in this process.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .cache import ExtractionCache, content_digest
from .engines import extract_all
from .extract import ExtractedArticle, extract_article
from .model import ArticleExtraction, ResolvedCorpus
from .reader import CorpusError, SkippedFile, article_paths, document_from_bytes, read_document
from .resolve import resolve_corpus

__all__ = ["BuildSummary", "build", "extract_article", "extract_corpus", "extract_paths"]

Progress = Callable[[int, int, str], None]


def extract_corpus(corpus: str | Path, progress: Progress | None = None) -> list[ArticleExtraction]:
    """Every article of ``corpus`` extracted in this process, in file-name order (documents keep their text)."""
    paths = article_paths(corpus)
    extractions = []
    for number, path in enumerate(paths, start=1):
        extractions.append(extract_article(read_document(path)))
        if progress:
            progress(number, len(paths), path.name)
    return extractions


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: cannot read ({error.strerror})") from error


def extract_paths(paths: list[Path], *, cache: ExtractionCache | None = None, engine: str = "local",
                  workers: int = 1, scheduler: str | None = None, progress: Progress | None = None,
                  strict: bool = False, warn: Callable[[str], None] | None = None) -> list[ExtractedArticle]:
    """The extraction of each path, in order: from the cache where it holds the file's bytes, else
    from the engine (which then fills the cache). File bytes are read as the engine asks for them.
    A file that is not an article is left out and passed to ``warn``, or raised when ``strict``."""
    results: list[ExtractedArticle | None] = [None] * len(paths)
    pending: deque[int] = deque()
    done = 0

    def report(index: int) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(paths), paths[index].name)

    read_seconds: dict[int, float] = {}

    def sources():
        for index, path in enumerate(paths):
            started = time.perf_counter()
            data = _read_bytes(path)
            digest = content_digest(data)
            hit = cache.get(digest, path.name) if cache else None
            if hit is not None:
                results[index] = ExtractedArticle(hit, digest, len(data), {"read": time.perf_counter() - started},
                                                  cached=True)
                report(index)
                continue
            try:
                document = document_from_bytes(path.name, data, path)
            except SkippedFile as problem:
                if strict or warn is None:
                    raise
                warn(str(problem))
                report(index)
                continue
            read_seconds[index] = time.perf_counter() - started
            pending.append(index)
            yield document, digest, len(data)

    for extracted in extract_all(sources(), engine=engine, workers=workers, scheduler=scheduler):
        index = pending.popleft()
        extracted.seconds["read"] = read_seconds.pop(index)
        results[index] = extracted
        if cache:
            cache.put(extracted.digest, extracted.extraction)
        report(index)
    kept = [result for result in results if result is not None]
    if not kept:
        raise CorpusError(f"{paths[0].parent}: none of the {len(paths)} file(s) is a readable article")
    return kept


@dataclass
class BuildSummary:
    documents: int
    entities: Counter
    relations: Counter
    triples: int
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    text_bytes: int = 0  # bytes of the article files read
    cached: int = 0  # articles whose extraction came from the cache
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds (map stages summed over workers)


def build(corpus: str | Path, out: str | Path, base: str, progress: Progress | None = None,
          formats: tuple[str, ...] = ("ttl",), validate: bool = True, *, engine: str = "local",
          workers: int = 1, scheduler: str | None = None, cache_folder: str | Path | None = None,
          strict: bool = False, warn: Callable[[str], None] | None = None,
          html_options: dict | None = None) -> BuildSummary:
    """Extract, resolve, build the graph, check it against the SHACL shapes (raising
    :class:`kg.validate.ValidationError` before anything is written), then write the files of
    ``formats`` (see :mod:`kg.export.formats`) and graph.html, each atomically.
    ``cache_folder`` (None: no cache) keeps each article's extraction for the next build.
    ``html_options`` are passed to :func:`kg.export.html.render_html`."""
    from .export.formats import render_formats
    from .export.html import render_html
    from .files import write_atomic
    from .graph import build_graph
    from .validate import check_graph

    started = time.perf_counter()
    timings: Counter = Counter()
    paths = article_paths(corpus)
    cache = ExtractionCache(cache_folder) if cache_folder is not None else None
    extracted = extract_paths(paths, cache=cache, engine=engine, workers=workers, scheduler=scheduler,
                              progress=progress, strict=strict, warn=warn)
    for item in extracted:
        timings.update(item.seconds)
    timings["extract (wall)"] = time.perf_counter() - started

    def timed(stage: str, function, *args):
        began = time.perf_counter()
        value = function(*args)
        timings[stage] += time.perf_counter() - began
        return value

    resolved: ResolvedCorpus = timed("resolve", resolve_corpus, [item.extraction for item in extracted])
    graph = timed("graph", build_graph, resolved, base)
    if validate:
        timed("validate", check_graph, graph)
    files = timed("export", render_formats, graph, formats)
    files["graph.html"] = timed("html", lambda: render_html(resolved, **(html_options or {}))).encode("utf-8")
    out = Path(out)
    outputs = timed("write", lambda: [write_atomic(out / name, data) for name, data in files.items()])
    if cache:
        cache.prune()
    return BuildSummary(
        documents=len(resolved.documents),
        entities=Counter(e.type for e in resolved.entities),
        relations=Counter(r.type for r in resolved.relations),
        triples=len(graph),
        outputs=outputs,
        seconds=time.perf_counter() - started,
        text_bytes=sum(item.size for item in extracted),
        cached=sum(item.cached for item in extracted),
        timings=dict(timings),
    )
