"""The build pipeline: read → extract (map, per article) → resolve (reduce) → graph → export.

The map runs on an engine (:mod:`kg.build.engines`) and skips articles the extraction cache
(:mod:`kg.build.cache`) already holds; everything after it runs in this process.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kg.build import manifest
from kg.build.cache import ExtractionCache, content_digest
from kg.files import quoted
from kg.extract.profiles import DEFAULT_PROFILE
from kg.model import ArticleExtraction, Document, ResolvedCorpus
from kg.read.reader import CorpusError, SkippedFile, article_paths, document_from_bytes, read_bytes, read_document

if TYPE_CHECKING:
    from kg.build.article import ExtractedArticle

__all__ = ["BuildSummary", "build", "extract_article", "extract_corpus", "extract_paths"]

Progress = Callable[[int, int, str], None]


def extract_article(document: Document, profile: str = DEFAULT_PROFILE) -> ArticleExtraction:
    """:func:`kg.build.article.extract_article`, imported on first use (a build that is up to date never loads
    the extractors)."""
    from kg.build.article import extract_article as extract

    return extract(document, profile)


def extract_corpus(corpus: str | Path, progress: Progress | None = None,
                   profile: str = DEFAULT_PROFILE) -> list[ArticleExtraction]:
    """Every article of ``corpus`` extracted in this process, in file-name order (documents keep their text)."""
    paths = article_paths(corpus)
    extractions = []
    for number, path in enumerate(paths, start=1):
        extractions.append(extract_article(read_document(path), profile))
        if progress:
            progress(number, len(paths), path.name)
    return extractions


def extract_paths(paths: list[Path], *, cache: ExtractionCache | None = None, engine: str = "local",
                  workers: int = 1, scheduler: str | None = None, progress: Progress | None = None,
                  strict: bool = False, warn: Callable[[str], None] | None = None,
                  profile: str = DEFAULT_PROFILE) -> list[ExtractedArticle]:
    """The extraction of each path, in order: from the cache where it holds the file's bytes, else
    from the engine (which then fills the cache). File bytes are read as the engine asks for them.
    A file that is not an article is left out and passed to ``warn``, or raised when ``strict``."""
    from kg.build.engines import extract_all
    from kg.build.article import ExtractedArticle

    results: list[ExtractedArticle | None] = [None] * len(paths)
    pending: deque[int] = deque()
    done = 0

    def report(index: int) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(paths), quoted(paths[index].name))

    def report_part(document: Document, part: int, parts: int) -> None:
        if progress:  # a long article: its parts, before the article counts as done
            progress(done, len(paths), f"{quoted(document.id)} (part {part}/{parts})")

    read_seconds: dict[int, float] = {}

    def sources():
        for index, path in enumerate(paths):
            started = time.perf_counter()
            try:
                data = read_bytes(path)
                # the suffix is part of the key: the same bytes read as HTML and as text differ
                digest = content_digest(path.suffix.lower().encode() + b"\0" + data)
                hit = cache.get(digest, path.name) if cache else None
                document = document_from_bytes(path.name, data, path) if hit is None else None
            except SkippedFile as problem:
                if strict or warn is None:
                    raise CorpusError(str(problem).removesuffix(", skipped")) from None
                warn(str(problem))
                report(index)
                continue
            if hit is not None:
                results[index] = ExtractedArticle(hit, digest, len(data), {"read": time.perf_counter() - started},
                                                  cached=True)
                report(index)
                continue
            read_seconds[index] = time.perf_counter() - started
            pending.append(index)
            yield document, digest, len(data)

    for extracted in extract_all(sources(), engine=engine, workers=workers, scheduler=scheduler, profile=profile,
                                 on_part=report_part if progress else None):
        index = pending.popleft()
        extracted.seconds["read"] = read_seconds.pop(index)
        results[index] = extracted
        if cache:
            cache.put(extracted.digest, extracted.extraction)
        report(index)
    kept = [result for result in results if result is not None]
    if not kept:
        raise CorpusError(f"{quoted(paths[0].parent)}: none of the {len(paths)} file(s) is a readable article")
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
    validated: bool = False  # whether the SHACL check ran (it is skipped above VALIDATION_LIMIT triples)
    up_to_date: bool = False  # nothing was done: the outputs are those of an identical earlier build


# Above this many triples the build skips the SHACL check (pyshacl takes about 0.2 ms a triple
# and holds the graph in memory); `kg validate` still runs it on demand.
VALIDATION_LIMIT = 50_000
GC_OLDEST_THRESHOLD = 1000  # collections of the middle generation between two full collections (Python's default: 10)
STREAMED_FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "nq": "graph.nq"}


def build(corpus: str | Path, out: str | Path, base: str, progress: Progress | None = None,
          formats: tuple[str, ...] = ("ttl",), validate: bool = True, *, engine: str = "local",
          workers: int = 1, scheduler: str | None = None, cache_folder: str | Path | None = None,
          strict: bool = False, warn: Callable[[str], None] | None = None,
          html_options: dict | None = None, force: bool = False, follow_links: bool = False,
          profile: str = DEFAULT_PROFILE) -> BuildSummary:
    """Extract, resolve, then stream the graph into the Turtle and N-Triples files of ``formats``,
    check it against the SHACL shapes (raising :class:`kg.graph.validate.ValidationError`, with nothing
    written), render the in-memory formats (see :mod:`kg.export.formats`) and graph.html, and
    rename every file into place together. ``cache_folder`` (None: no cache) keeps each article's
    extraction for the next build. ``html_options`` are passed to :func:`kg.export.html.render_html`.
    Unless ``force``, a build whose inputs, code and options equal those of the last build into
    ``out`` (its manifest, :mod:`kg.build.manifest`), with that build's outputs unaltered, does nothing.
    A link in the corpus that leaves it is read only with ``follow_links`` (else passed to ``warn``).
    ``profile`` is the extraction profile (:mod:`kg.extract.profiles`): part of the manifest's options and
    of the cache's key."""
    started = time.perf_counter()
    timings: Counter = Counter()
    paths = article_paths(corpus, follow_links=follow_links, warn=warn)
    options = {"base": base, "formats": sorted(formats), "validate": validate, "strict": strict,
               "follow_links": follow_links, "profile": profile,
               "html": {name: list(value) if isinstance(value, tuple) else value
                        for name, value in sorted((html_options or {}).items())}}
    key = _build_key(paths, options)
    if key and not force:
        earlier = manifest.up_to_date(out, key)
        if earlier:
            return _unchanged(earlier, out, started)
    cache = ExtractionCache(cache_folder, warn=warn, profile=profile) if cache_folder is not None else None
    try:
        with _collecting_rarely():
            return _build(paths, out, base, progress, formats, validate, engine=engine, workers=workers,
                          scheduler=scheduler, cache=cache, strict=strict, warn=warn, html_options=html_options,
                          key=key, started=started, timings=timings, profile=profile)
    finally:
        if cache:
            cache.close()


@contextlib.contextmanager
def _collecting_rarely():
    """Full collections of the cyclic garbage collector made rare while a build holds its
    extractions: each walks every object alive, and a build keeps millions (with Python's default
    thresholds they took about 15% of a build's time). Almost nothing a build makes is cyclic:
    reference counting frees it as before, and young objects are still collected as often."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], GC_OLDEST_THRESHOLD))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _build(paths, out, base, progress, formats, validate, *, engine, workers, scheduler, cache, strict, warn,
           html_options, key, started, timings, profile=DEFAULT_PROFILE) -> BuildSummary:
    from kg.graph import rdf as graph_stage
    from kg.export.formats import FORMATS
    from kg.export.html import render_html
    from kg.files import StagedFiles
    from kg.resolve.resolution import resolve_corpus
    from kg.graph.validate import check_graph

    extracted = extract_paths(paths, cache=cache, engine=engine, workers=workers, scheduler=scheduler,
                              progress=progress, strict=strict, warn=warn, profile=profile)
    for item in extracted:
        timings.update(item.seconds)
    timings["extract (wall)"] = time.perf_counter() - started
    summary = BuildSummary(documents=0, entities=Counter(), relations=Counter(), triples=0,
                           text_bytes=sum(item.size for item in extracted),
                           cached=sum(item.cached for item in extracted))
    clock = time.perf_counter()
    resolved: ResolvedCorpus = resolve_corpus([item.extraction for item in extracted])
    del extracted
    timings["resolve"] = time.perf_counter() - clock

    with StagedFiles(out) as files:
        summary.triples = _stream_graph(resolved, base, formats, files, timings)
        in_memory = [name for name in formats if name not in STREAMED_FORMATS]
        summary.validated = validate and summary.triples <= VALIDATION_LIMIT
        if summary.validated or in_memory:
            clock = time.perf_counter()
            graph = graph_stage.build_graph(resolved, base)
            timings["graph (in memory)"] = time.perf_counter() - clock
            if summary.validated:
                clock = time.perf_counter()
                check_graph(graph)
                timings["validate"] = time.perf_counter() - clock
            for name in in_memory:
                clock = time.perf_counter()
                for file_name, data in FORMATS[name][1](graph).items():
                    files.add(file_name, data)
                timings[f"export {name}"] = time.perf_counter() - clock
            del graph
        clock = time.perf_counter()
        files.add("graph.html", render_html(resolved, **(html_options or {})))
        timings["html"] = time.perf_counter() - clock
        clock = time.perf_counter()
        if key:
            files.add(manifest.MANIFEST_NAME, manifest.render(key, files.digests(), {
                "documents": len(resolved.documents), "triples": summary.triples, "text_bytes": summary.text_bytes}))
        summary.outputs = [path for path in files.commit() if path.name != manifest.MANIFEST_NAME]
        timings["write"] = time.perf_counter() - clock
    if cache:
        cache.prune()
    summary.documents = len(resolved.documents)
    summary.entities = Counter(e.type for e in resolved.entities)
    summary.relations = Counter(r.type for r in resolved.relations)
    summary.seconds = time.perf_counter() - started
    summary.timings = dict(timings)
    return summary


def _stream_graph(resolved: ResolvedCorpus, base: str, formats: tuple[str, ...], files, timings: Counter) -> int:
    """Write the streamed formats (Turtle, N-Triples, N-Quads) of ``formats`` into ``files`` block by
    block as the graph is generated; returns the number of triples."""
    from kg.export.stream import TurtleWriter, nquads
    from kg.graph.triples import ntriples
    from kg.graph.triples import graph_blocks, stating_documents

    handles = {name: files.open(file) for name, file in STREAMED_FORMATS.items() if name in formats}
    writers = []  # (stage, write one block)
    if "ttl" in handles:
        writers.append(("export ttl", TurtleWriter(handles["ttl"], base).write))
    if "nt" in handles:
        writers.append(("export nt", lambda block: handles["nt"].write(ntriples(block))))
    if "nq" in handles:
        stating = stating_documents(resolved, base)
        writers.append(("export nq", lambda block: handles["nq"].write(nquads(block, stating))))
    triples = 0
    clock = time.perf_counter()
    for block in graph_blocks(resolved, base):
        now = time.perf_counter()
        timings["graph"] += now - clock
        triples += len(block.pairs)
        for stage, write in writers:
            write(block)
            clock, now = now, time.perf_counter()
            timings[stage] += now - clock
        clock = now
    if "nq" in handles:
        from kg.export.dataset import ontology_nquads

        handles["nq"].write(ontology_nquads())
    for handle in handles.values():
        handle.close()
    return triples


def _build_key(paths: list[Path], options: dict) -> str | None:
    """The manifest key of building ``paths`` with ``options``; None when a file cannot be read."""
    try:
        return manifest.build_key([(path.name, content_digest(read_bytes(path))) for path in paths], options)
    except CorpusError:
        return None


def _unchanged(earlier: dict, out: str | Path, started: float) -> BuildSummary:
    recorded = earlier.get("summary", {})
    return BuildSummary(documents=recorded.get("documents", 0), entities=Counter(), relations=Counter(),
                        triples=recorded.get("triples", 0), text_bytes=recorded.get("text_bytes", 0),
                        outputs=[Path(out) / name for name in earlier["outputs"]],
                        seconds=time.perf_counter() - started, up_to_date=True)
