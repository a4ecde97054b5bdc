"""The `kg` command line: build, query, eval."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .graph import DEFAULT_BASE

DESCRIPTION = """Build a knowledge graph of Chinese trade-union news.

  kg build                      read corpus/, write exports/graph.ttl and exports/graph.html
  kg query QUERY_OR_FILE        run SPARQL over exports/graph.ttl and print a table
  kg eval --gold DIR            precision / recall / F1 against gold annotation files
"""


def _progress(number: int, total: int, name: str) -> None:
    if sys.stderr.isatty() or total >= 20:
        print(f"\r  extracting {number}/{total} {name}", end="" if number < total else "\n",
              file=sys.stderr, flush=True)


def command_build(args: argparse.Namespace) -> int:
    from .pipeline import build

    summary = build(args.corpus, args.out, args.base, progress=_progress)
    print(f"documents read: {summary.documents}")
    print("entities:  " + ", ".join(f"{t} {n}" for t, n in sorted(summary.entities.items())))
    print("relations: " + ", ".join(f"{t} {n}" for t, n in sorted(summary.relations.items())))
    print(f"triples written: {summary.triples}")
    for path in summary.outputs:
        print(f"wrote {path}")
    print(f"took {summary.seconds:.1f} s")
    return 0


def command_query(args: argparse.Namespace) -> int:
    from .query import format_table, read_query_argument, run_query

    graph = Path(args.graph)
    if not graph.exists():
        raise UserError(f"{graph}: no such file; run `kg build` first")
    result = run_query(read_query_argument(args.query), graph)
    if result.kind == "ask":
        print("true" if result.boolean else "false")
    elif result.kind == "graph":
        print(result.turtle, end="")
    else:
        print(format_table(result))
    return 0


def command_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report, load_gold, report_as_dict
    from .pipeline import extract_article
    from .reader import read_document

    gold = load_gold(args.gold)
    corpus = Path(args.corpus)
    predicted = {}
    for doc_id in sorted(gold):
        path = corpus / doc_id
        if path.exists():
            predicted[doc_id] = extract_article(read_document(path))
        else:
            print(f"warning: {path}: article for gold file not found; counted as all missed", file=sys.stderr)
    report = evaluate(predicted, gold)
    if args.json:
        print(json.dumps(report_as_dict(report), ensure_ascii=False, indent=2))
    else:
        print(format_report(report, details=args.details))
    return 0


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="extract entities and relations, write Turtle and HTML",
                                description="Read every *.txt article in the corpus folder, extract entities "
                                            "and relations, and write graph.ttl (RDF Turtle) and graph.html "
                                            "(interactive network) into the output folder.")
    build.add_argument("--corpus", default="corpus", help="folder of articles, UTF-8 .txt (default: corpus/)")
    build.add_argument("--out", default="exports", help="folder for the outputs (default: exports/)")
    build.add_argument("--base", default=DEFAULT_BASE, help=f"namespace for entity IRIs (default: {DEFAULT_BASE})")
    build.set_defaults(handler=command_build)

    query = commands.add_parser("query", help="run a SPARQL query over the built graph",
                                description="Run a SPARQL query (text, or a path to a .rq file) over the "
                                            "Turtle graph and print the result as a table. Standard prefixes "
                                            "(ukg, schema, skos, prov, dcterms, rdf, rdfs, xsd, org, foaf) "
                                            "may be used without declaring them.")
    query.add_argument("query", help="the query text, or a file such as ontology/queries/awards-by-year.rq")
    query.add_argument("--graph", default="exports/graph.ttl", help="Turtle file to query (default: exports/graph.ttl)")
    query.set_defaults(handler=command_query)

    evaluation = commands.add_parser("eval", help="score extraction against gold annotation files",
                                     description="Extract each article that has a gold file and print precision, "
                                                 "recall and F1 per entity type and relation type, role and "
                                                 "year accuracy, and micro-averaged totals.")
    evaluation.add_argument("--gold", default="tests/data/gold", help="folder of *.gold.json files (default: tests/data/gold)")
    evaluation.add_argument("--corpus", default="corpus", help="folder holding the articles the gold files name (default: corpus/)")
    evaluation.add_argument("--details", action="store_true", help="also list, per document, what was missed and what was wrong")
    evaluation.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluation.set_defaults(handler=command_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .evaluate import GoldFormatError
    from .query import QueryError
    from .reader import CorpusError

    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except (UserError, CorpusError, QueryError, GoldFormatError, FileNotFoundError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"kg {args.command}: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
