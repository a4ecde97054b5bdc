"""Benchmark of `kg build` on synthetic corpora recombined from the paragraphs of corpus/.

    python -m kg.evaluate.bench [--sizes 1,10,100] [--formats ttl,nt] [--keep DIR] …     (or `kg bench`)

For each size (MB = 10^6 bytes of UTF-8 text) it writes a synthetic corpus, runs one build in a
fresh process with a fresh extraction cache, times a bare ``jieba.posseg`` pass over the same text in
another fresh process, and prints one table line per size; then it measures the targets (2 workers
against 1, linear cost, peak memory, incremental rebuilds) and prints one line per target with
``met`` or ``NOT met``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kg.extract.profiles import DEFAULT_PROFILE, PROFILES

MB = 1_000_000
SEED = 20240501
MANIFEST = "bench.json"
GENERATOR_VERSION = 1  # bump when synthetic articles change, so kept corpora are rewritten

# Targets: speed, scaling and memory that a build of a large corpus should reach.
TARGET_MB_PER_S = 3.0
TARGET_PARALLEL_SPEEDUP = 1.8
TARGET_LINEAR_SLACK = 1.1  # 100 MB may take 11× the time of 10 MB
TARGET_PEAK_MB = 4_000  # 4 GB
TARGET_REBUILD_SHARE = 0.10
# The speed each extraction profile must keep: the tagger's profile is slower by design.
PROFILE_MB_PER_S = {"accurate": 0.15, "fast": 0.4}

# Stages in pipeline order; stages the pipeline reports that are not listed here follow them.
STAGE_ORDER = ("read", "tokenise", "tag", "detect", "extract (wall)", "resolve", "graph", "export nt", "export ttl",
               "graph (in memory)", "validate", "html", "write")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class BenchError(Exception):
    """A benchmark that cannot run; printed as one line."""


# ---------------------------------------------------------------- synthetic corpus

@dataclass(frozen=True)
class SourceCorpus:
    titles: tuple[str, ...]  # first non-empty line of each article
    paragraphs: tuple[str, ...]  # every other non-empty line, in file order
    article_sizes: tuple[int, ...]  # UTF-8 bytes of each article
    digest: str  # of the source files, so a kept synthetic corpus is rewritten when they change


def load_source(corpus: Path) -> SourceCorpus:
    paths = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    if not paths:
        raise BenchError(f"{corpus}: no articles (*.txt) to recombine")
    titles, paragraphs, sizes = [], [], []
    digest = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        digest.update(data)
        lines = [line.strip() for line in data.decode("utf-8-sig").splitlines() if line.strip()]
        if len(lines) < 2:
            continue
        titles.append(lines[0])
        paragraphs.extend(lines[1:])
        sizes.append(len(data))
    if not paragraphs:
        raise BenchError(f"{corpus}: no article has a paragraph after its title")
    return SourceCorpus(tuple(titles), tuple(paragraphs), tuple(sizes), digest.hexdigest()[:16])


def synthetic_articles(source: SourceCorpus, seed: int = SEED, first_number: int = 1) -> Iterator[str]:
    """Endless articles: a source title numbered to make every article unique, then paragraphs drawn
    from successive shuffles of all source paragraphs until the article reaches a size drawn from the
    source's article sizes."""
    rng = random.Random(seed)
    pool: list[str] = []
    number = first_number
    while True:
        title = f"{rng.choice(source.titles)}（{number}）"
        target = rng.choice(source.article_sizes)
        body: list[str] = []
        size = len(title.encode("utf-8"))
        while size < target:
            if not pool:
                pool = list(source.paragraphs)
                rng.shuffle(pool)
            paragraph = pool.pop()
            body.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        yield title + "\n\n" + "\n\n".join(body) + "\n"
        number += 1


def article_name(number: int) -> str:
    return f"bench-{number:06d}.txt"


@dataclass(frozen=True)
class SyntheticCorpus:
    folder: Path
    documents: int
    text_bytes: int


def write_corpus(folder: Path, source: SourceCorpus, megabytes: float, seed: int = SEED) -> SyntheticCorpus:
    """Articles totalling ``megabytes`` (the last one cut short to fit, at paragraph granularity) in
    ``folder``, reused as they are when the folder's manifest says it already holds them."""
    manifest = {"megabytes": megabytes, "seed": seed, "source": source.digest, "generator": GENERATOR_VERSION}
    kept = _read_manifest(folder)
    if kept and {key: kept.get(key) for key in manifest} == manifest \
            and len(list(folder.glob("bench-*.txt"))) == kept.get("documents"):
        return SyntheticCorpus(folder, kept["documents"], kept["text_bytes"])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("bench-*.txt"):
        stale.unlink()
    (folder / MANIFEST).unlink(missing_ok=True)
    wanted = round(megabytes * MB)
    written = documents = 0
    articles = synthetic_articles(source, seed)
    while written < wanted:
        text = _cut_to(next(articles), wanted - written)
        data = text.encode("utf-8")
        documents += 1
        (folder / article_name(documents)).write_bytes(data)
        written += len(data)
    manifest.update(documents=documents, text_bytes=written)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return SyntheticCorpus(folder, documents, written)


def _cut_to(article: str, budget: int) -> str:
    """The article, or its title and as many paragraphs as reach ``budget`` bytes (at least one)."""
    if len(article.encode("utf-8")) <= budget:
        return article
    title, *paragraphs = article.rstrip("\n").split("\n\n")
    kept, size = [], len(title.encode("utf-8"))
    for paragraph in paragraphs:
        kept.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
        if size >= budget:
            break
    return title + "\n\n" + "\n\n".join(kept) + "\n"


def _read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- measurements in fresh processes

def _peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest finished child (ru_maxrss is KiB on Linux)."""
    scale = 1 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / MB
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / MB
    return {"rss_mb": own, "worker_rss_mb": children}


def _measure_build(request: dict) -> dict:
    from kg.build import cache
    from kg.build.pipeline import build
    from kg.graph.rdf import DEFAULT_BASE

    # The extractor version the benchmark started with: edits to a shared checkout during the run
    # must not void the cache between a first build and its rebuilds.
    cache.extractor_version = lambda profile=DEFAULT_PROFILE: request["extractor_version"]
    with contextlib.redirect_stdout(sys.stderr):
        summary = build(request["corpus"], request["out"], DEFAULT_BASE, formats=tuple(request["formats"]),
                        cache_folder=request["cache"], workers=request["workers"], profile=request["profile"],
                        follow_links=True)  # the corpus with one more article links to the others
    return {"seconds": summary.seconds, "text_bytes": summary.text_bytes, "documents": summary.documents,
            "triples": summary.triples, "cached": summary.cached, "timings": summary.timings,
            "up_to_date": summary.up_to_date, **_peak_rss_mb()}


def _measure_posseg(request: dict) -> dict:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    texts, size = [], 0
    for path in sorted(Path(request["corpus"]).glob("bench-*.txt")):
        data = path.read_bytes()
        texts.append(data.decode("utf-8"))
        size += len(data)
        if request["sample_bytes"] and size >= request["sample_bytes"]:
            break
    jieba.initialize()
    for _ in jieba.posseg.cut("工会"):  # loads the dictionaries outside the timing
        pass
    started = time.perf_counter()
    for text in texts:
        for _ in jieba.posseg.cut(text):
            pass
    return {"seconds": time.perf_counter() - started, "text_bytes": size, "documents": len(texts), **_peak_rss_mb()}


MEASUREMENTS = {"build": _measure_build, "posseg": _measure_posseg}


def child_main() -> None:
    """Entry point of a measuring process: a JSON request on stdin, the JSON result on stdout."""
    request = json.load(sys.stdin)
    print(json.dumps(MEASUREMENTS[request["kind"]](request)))


def measure(kind: str, **request) -> dict:
    """Run one measurement in a fresh Python process and return its result."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), environment.get("PYTHONPATH")]))
    completed = subprocess.run([sys.executable, "-c", "from kg.evaluate.bench import child_main; child_main()"],
                               input=json.dumps({"kind": kind, **request}), capture_output=True, text=True,
                               env=environment)
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchError(f"the {kind} measurement on {request.get('corpus')} failed: {last}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure_build(corpus: Path, work: Path, formats: tuple[str, ...], workers: int = 1,
                  profile: str = DEFAULT_PROFILE) -> dict:
    """A build of ``corpus`` into ``work``/out with the (new or existing) cache ``work``/cache."""
    from kg.build.cache import extractor_version

    return measure("build", corpus=str(corpus), out=str(work / "out"), cache=str(work / "cache"),
                   formats=list(formats), workers=workers, extractor_version=extractor_version(profile),
                   profile=profile)


# ---------------------------------------------------------------- the run

@dataclass
class SizeResult:
    megabytes: float
    corpus: SyntheticCorpus
    build: dict
    posseg: dict

    @property
    def mb_per_s(self) -> float:
        return _rate(self.build["text_bytes"] / MB, self.build["seconds"])

    @property
    def posseg_mb_per_s(self) -> float:
        return _rate(self.posseg["text_bytes"] / MB, self.posseg["seconds"])


def _rate(amount: float, seconds: float) -> float:
    return amount / seconds if seconds > 0 else float("inf")


def parse_sizes(text: str) -> list[float]:
    try:
        sizes = sorted({float(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise BenchError(f"--sizes: {text!r} is not a comma-separated list of MB, e.g. 1,10,100") from None
    if not sizes or sizes[0] <= 0:
        raise BenchError("--sizes: give one or more sizes in MB, each above 0")
    return sizes


def _label(megabytes: float) -> str:
    return f"{megabytes:g} MB"


def _progress(message: str) -> None:
    print(f"kg bench: {message}", file=sys.stderr, flush=True)


@dataclass
class Workspace:
    """Where one run keeps its corpora (``corpora``) and its builds' outputs and caches (``scratch``)."""

    source: SourceCorpus
    scratch: Path
    corpora: Path
    formats: tuple[str, ...]
    seed: int
    profile: str = DEFAULT_PROFILE

    def corpus(self, megabytes: float) -> SyntheticCorpus:
        folder = self.corpora / f"{megabytes:g}MB"
        _progress(f"{_label(megabytes)} corpus in {folder}")
        return write_corpus(folder, self.source, megabytes, self.seed)

    def work(self, megabytes: float, workers: int = 1) -> Path:
        return self.scratch / f"{megabytes:g}MB-{workers}w"

    def first_build(self, corpus: SyntheticCorpus, megabytes: float, workers: int = 1) -> dict:
        """A build with a fresh cache; its output and cache stay in :meth:`work` for rebuilds."""
        work = self.work(megabytes, workers)
        shutil.rmtree(work, ignore_errors=True)
        _progress(f"{_label(megabytes)}: building {corpus.documents} articles ({workers} worker{'s' if workers > 1 else ''})")
        return measure_build(corpus.folder, work, self.formats, workers, self.profile)


def measure_sizes(space: Workspace, sizes: list[float], posseg_sample: float, keep_work: float) -> list[SizeResult]:
    """The table's builds and posseg passes; only the build at ``keep_work`` keeps its work folder."""
    results = []
    for megabytes in sizes:
        corpus = space.corpus(megabytes)
        build = space.first_build(corpus, megabytes)
        _progress(f"{_label(megabytes)}: {build['seconds']:.1f} s; bare jieba.posseg pass")
        posseg = measure("posseg", corpus=str(corpus.folder), sample_bytes=round(posseg_sample * MB))
        results.append(SizeResult(megabytes, corpus, build, posseg))
        if megabytes != keep_work:
            shutil.rmtree(space.work(megabytes), ignore_errors=True)
    return results


def measure_parallel(space: Workspace, results: dict[float, SizeResult], megabytes: float) -> tuple[dict, dict]:
    """Builds of one corpus with 1 worker (the table's, where it has that size) and with 2."""
    measured = results.get(megabytes)
    corpus = measured.corpus if measured else space.corpus(megabytes)
    one_worker = measured.build if measured else space.first_build(corpus, megabytes)
    two_workers = space.first_build(corpus, megabytes, workers=2)
    shutil.rmtree(space.work(megabytes, workers=2), ignore_errors=True)
    return one_worker, two_workers


def measure_incremental(space: Workspace, results: dict[float, SizeResult], megabytes: float) -> tuple[dict, ...]:
    """A first build (the table's, where it has that size), a rebuild with the same cache and output
    folder, and a rebuild with one article added."""
    measured = results.get(megabytes)
    corpus = measured.corpus if measured else space.corpus(megabytes)
    first = measured.build if measured else space.first_build(corpus, megabytes)
    work = space.work(megabytes)
    _progress(f"{_label(megabytes)}: rebuild of the unchanged corpus")
    unchanged = measure_build(corpus.folder, work, space.formats, profile=space.profile)
    grown = corpus_with_one_more_article(corpus, space.source, space.scratch / "grown", space.seed)
    _progress(f"{_label(megabytes)}: rebuild with one article added")
    added = measure_build(grown, work, space.formats, profile=space.profile)
    return first, unchanged, added


def run_benchmark(args: argparse.Namespace) -> int:
    from kg.build.cache import extractor_version
    from kg.export.formats import parse_formats

    sizes = parse_sizes(args.sizes)
    try:
        formats = parse_formats(args.formats)
    except ValueError as error:
        raise BenchError(f"--formats: {error}") from None
    middle = sizes[(len(sizes) - 1) // 2]
    parallel_size = args.parallel_size or middle
    incremental_size = args.incremental_size or middle
    source = load_source(Path(args.corpus))
    extractor_version(args.profile)  # every build of this run uses the version of now (see _measure_build)
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    space = Workspace(source, scratch, Path(args.keep) if args.keep else scratch / "corpora", formats, args.seed,
                      args.profile)
    try:
        results = measure_sizes(space, sizes, args.posseg_sample, keep_work=incremental_size)
        print(header(source, formats, args.posseg_sample, args.seed, args.profile))
        print(format_table(results), flush=True)
        by_size = {result.megabytes: result for result in results}
        parallel = measure_parallel(space, by_size, parallel_size)
        incremental = measure_incremental(space, by_size, incremental_size)
        print("\ntargets")
        lines = target_lines(results, parallel_size, *parallel, incremental_size, *incremental, profile=args.profile)
        for line in lines:
            print("  " + line)
        unmet = sum(line.endswith("NOT met") for line in lines)
        if extraction_code_changed(args.profile):
            print("note: kg's extraction code changed while the benchmark ran; its builds did not all run the "
                  "same code")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.check and unmet:
        print(f"kg bench: {unmet} of {len(lines)} targets not met", file=sys.stderr)
        return 1
    return 0


def extraction_code_changed(profile: str = DEFAULT_PROFILE) -> bool:
    """Whether kg's extraction code differs from when this process first asked for its version."""
    from kg.build.cache import extractor_version

    return extractor_version.__wrapped__(profile) != extractor_version(profile)


def corpus_with_one_more_article(corpus: SyntheticCorpus, source: SourceCorpus, folder: Path, seed: int) -> Path:
    """A folder of links to the corpus's articles plus one new article (numbered after the last)."""
    folder.mkdir(parents=True)
    for path in sorted(corpus.folder.glob("bench-*.txt")):
        (folder / path.name).symlink_to(path.resolve())
    number = corpus.documents + 1
    article = next(synthetic_articles(source, seed + 1, first_number=number))
    (folder / article_name(number)).write_text(article, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- report

def header(source: SourceCorpus, formats: tuple[str, ...], posseg_sample: float, seed: int,
           profile: str = DEFAULT_PROFILE) -> str:
    sample = f"over the first {posseg_sample:g} MB of articles where the corpus is larger" if posseg_sample \
        else "over the whole corpus"
    return "\n".join([
        f"kg bench: synthetic corpora of {len(source.paragraphs)} paragraphs and {len(source.titles)} titles "
        f"recombined (seed {seed}); MB = 10^6 bytes of UTF-8 text; {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}",
        f"each build: profile {profile}, a fresh process, a fresh extraction cache, 1 worker, formats "
        f"{','.join(formats)} and "
        "graph.html; s is the build's own time (read to write)",
        "stage columns: MB/s of text per second spent in that stage (map stages summed over workers); "
        "RSS: peak resident memory of the build process",
        f"posseg: a bare jieba.posseg.cut pass in its own process, dictionary load excluded, {sample}; "
        "x posseg: end-to-end MB/s / posseg MB/s",
        "",
    ])


def stage_names(results: list[SizeResult]) -> list[str]:
    reported: dict[str, None] = {}
    for result in results:
        reported.update(dict.fromkeys(result.build["timings"]))
    return [stage for stage in STAGE_ORDER if stage in reported] + \
        [stage for stage in reported if stage not in STAGE_ORDER]


def format_rate(value: float) -> str:
    if value == float("inf"):
        return "-"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def format_seconds(seconds: float) -> str:
    return f"{seconds:.1f}" if seconds >= 10 else f"{seconds:.2f}"


def format_table(results: list[SizeResult]) -> str:
    stages = stage_names(results)
    columns = ["MB", "docs", "s", "MB/s", "docs/s", *stages, "RSS MB", "triples", "posseg MB/s", "x posseg"]
    rows = []
    for result in results:
        build = result.build
        timings = build["timings"]
        rows.append([
            f"{build['text_bytes'] / MB:.2f}", str(build["documents"]), format_seconds(build["seconds"]),
            format_rate(result.mb_per_s), format_rate(_rate(build["documents"], build["seconds"])),
            *[format_rate(_rate(build["text_bytes"] / MB, timings[stage])) if stage in timings else "-"
              for stage in stages],
            f"{build['rss_mb']:.0f}", str(build["triples"]), format_rate(result.posseg_mb_per_s),
            f"{result.mb_per_s / result.posseg_mb_per_s:.2f}",
        ])
    widths = [max(len(column), *(len(row[index]) for row in rows)) for index, column in enumerate(columns)]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(line, widths)) for line in [columns, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def target_lines(results: list[SizeResult], parallel_size: float, one_worker: dict, two_workers: dict,
                 incremental_size: float, first: dict, unchanged: dict, added: dict,
                 profile: str = DEFAULT_PROFILE) -> list[str]:
    largest = results[-1]
    floor = PROFILE_MB_PER_S[profile]
    lines = [
        f"end to end on one core >= {TARGET_MB_PER_S:g} MB/s: {format_rate(largest.mb_per_s)} MB/s at "
        f"{_label(largest.megabytes)} ({largest.mb_per_s / largest.posseg_mb_per_s:.2f}x bare posseg): "
        f"{_verdict(largest.mb_per_s >= TARGET_MB_PER_S)}",
    ]
    speedup = one_worker["seconds"] / two_workers["seconds"]
    lines.append(f"2 workers >= {TARGET_PARALLEL_SPEEDUP:g}x one worker: {speedup:.2f}x at {_label(parallel_size)} "
                 f"({format_seconds(one_worker['seconds'])} s -> {format_seconds(two_workers['seconds'])} s; peak RSS "
                 f"{two_workers['rss_mb']:.0f} MB, largest worker {two_workers['worker_rss_mb']:.0f} MB): "
                 f"{_verdict(speedup >= TARGET_PARALLEL_SPEEDUP)}")
    if len(results) >= 2:
        smaller = results[-2]
        time_ratio = largest.build["seconds"] / smaller.build["seconds"]
        size_ratio = largest.build["text_bytes"] / smaller.build["text_bytes"]
        allowed = TARGET_LINEAR_SLACK * size_ratio
        lines.append(f"linear cost, {_label(largest.megabytes)} vs {_label(smaller.megabytes)}: {time_ratio:.2f}x "
                     f"the time for {size_ratio:.2f}x the text (at most {allowed:.2f}x): "
                     f"{_verdict(time_ratio <= allowed)}")
    else:
        lines.append("linear cost: not measured (give two sizes or more): NOT met")
    peak = largest.build["rss_mb"]
    lines.append(f"peak memory < {TARGET_PEAK_MB / 1000:g} GB at {_label(largest.megabytes)}: {peak:.0f} MB: "
                 f"{_verdict(peak < TARGET_PEAK_MB)}")
    share = unchanged["seconds"] / first["seconds"]
    lines.append(f"unchanged rebuild < {TARGET_REBUILD_SHARE:.0%} of the first build at {_label(incremental_size)}: "
                 f"{share:.1%} ({format_seconds(unchanged['seconds'])} s of {format_seconds(first['seconds'])} s, "
                 + ("up to date: nothing extracted or written): " if unchanged.get("up_to_date") else
                    f"{unchanged['cached']} of {unchanged['documents']} from the cache): ")
                 + _verdict(share < TARGET_REBUILD_SHARE
                            and (unchanged.get("up_to_date") or unchanged['cached'] == unchanged['documents'])))
    extracted = added["documents"] - added["cached"]
    lines.append(f"one added article re-extracts only it: {extracted} of {added['documents']} extracted, "
                 f"{added['seconds'] / first['seconds']:.1%} of the first build's time: "
                 f"{_verdict(extracted == 1 and added['documents'] == first['documents'] + 1)}")
    lines.append(f"profile {profile}, end to end on one core >= {floor:g} MB/s: "
                 f"{format_rate(largest.mb_per_s)} MB/s at {_label(largest.megabytes)}: "
                 f"{_verdict(largest.mb_per_s >= floor)}")
    return lines


# ---------------------------------------------------------------- command line

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default="1,10,100",
                        help="comma-separated corpus sizes in MB (10^6 bytes of text), one table line each "
                             "(default: 1,10,100)")
    parser.add_argument("--corpus", default="corpus",
                        help="folder whose articles' paragraphs are recombined (default: corpus/)")
    parser.add_argument("--formats", default="ttl,nt",
                        help="output formats of each build, as kg build --format (default: ttl,nt)")
    parser.add_argument("--keep", metavar="DIR",
                        help="write the synthetic corpora to DIR/<size>MB/ and keep them; a folder that already "
                             "holds that size is reused (default: a temporary folder, removed at the end)")
    parser.add_argument("--posseg-sample", type=float, default=2.0, metavar="MB",
                        help="time the bare jieba.posseg pass over the first MB of each corpus, 0 for all of it "
                             "(default: 2)")
    parser.add_argument("--parallel-size", type=float, metavar="MB",
                        help="size at which 2 workers are compared with 1 (default: the middle size)")
    parser.add_argument("--incremental-size", type=float, metavar="MB",
                        help="size at which rebuilds (unchanged, one article added) are timed (default: the "
                             "middle size)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed of the recombination (default: {SEED})")
    parser.add_argument("--check", action="store_true",
                        help="exit with status 1 when a target is not met (for CI)")
    parser.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                        help="extraction profile of the builds, as kg build --profile (default: accurate)")
    parser.add_argument("--fast", dest="profile", action="store_const", const="fast",
                        help="the same as --profile fast (rules only)")


DESCRIPTION = """Benchmark kg build on synthetic corpora recombined from the paragraphs of --corpus.

For each size it prints one line: MB of text, documents, seconds, MB/s end to end, documents/s,
MB/s per stage, peak RSS, triples written, and the same text through a bare jieba.posseg pass
as the reference. Then one line per target, with the figure and met / NOT met:
end to end >= 3 MB/s on one core; 2 workers >= 1.8x one worker; the largest size at most 1.1x
the time per MB of the next; peak memory < 4 GB; an unchanged rebuild < 10% of the first build;
one added article re-extracted alone; and the floor of the extraction profile
(--profile accurate, the default, >= 0.15 MB/s; --fast >= 0.4 MB/s). Workers and rebuilds are measured at the middle size
(10 of 1,10,100) unless --parallel-size / --incremental-size say otherwise. Each build runs in
a fresh process; sizes may be fractions of a MB for a quick run (--sizes 0.1,0.3). With
--check, the exit status is 1 when a target is not met."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.evaluate.bench", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run_benchmark(args)
    except BenchError as error:
        print(f"kg bench: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
