"""SPARQL evaluation for `kg serve` in worker processes that are killed when a query runs too long.

Why processes: pyoxigraph cannot interrupt a query once it runs, and a Python thread cannot
be killed. Checking a deadline between streamed rows would not help either: ORDER BY, GROUP
BY, DISTINCT and aggregates compute everything before the first row comes out. So each
worker is a process that opens the store read-only and evaluates one query at a time; the
server waits for its answer at most ``timeout`` seconds, then kills it (SIGKILL: the CPU
and memory are freed at once) and starts a replacement in the background. A worker's
address space is capped (``memory_mb``), so a query that would exhaust memory dies alone.

Results are capped at ``max_rows`` rows (or triples): the worker reads one more than that
and refuses the query (413) rather than send a silently truncated answer.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
CONTENT_TYPES = {
    "json": "application/sparql-results+json; charset=utf-8",
    "xml": "application/sparql-results+xml; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples; charset=utf-8",
    "rdfxml": "application/rdf+xml; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
}


@dataclass
class Reply:
    """An HTTP answer: status, content type, body."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, message: str) -> "Reply":
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the time limit."""


class PoolClosed(Exception):
    """The pool was closed (the graph was reloaded): ask the new one."""


def admit(query: str) -> Reply | None:
    """The refusal for a query that must not be parsed or run here, else None (run in the worker:
    the scans are linear but cost up to a second on a 1 MB query, so they stay off the server)."""
    from kg.sparql.limits import complexity_problem
    from kg.sparql.protocol import inspect

    problem = complexity_problem(query)
    if problem:
        return Reply.text(400, problem)
    shape = inspect(query)
    if shape.is_update:
        return Reply.text(403, f"this endpoint is read-only: {shape.form} (a SPARQL update) is refused")
    if shape.uses_service:
        return Reply.text(400, "SERVICE is not allowed: this endpoint makes no outbound requests")
    return None


def evaluate(store: ox.Store, prefixes: dict[str, str], query: str, result_format: str, graph_format: str,
             max_rows: int, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> Reply:
    """Run ``query`` and serialize the answer; a bad query gives a 400 with the parser's message."""
    from kg.sparql.query import _one_line

    refused = admit(query)
    if refused:
        return refused

    try:
        graphs = {"default_graph": [ox.NamedNode(iri) for iri in default_graphs]} if default_graphs else {}
        if named_graphs:
            graphs["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    except ValueError as error:
        return Reply.text(400, f"bad graph IRI: {_one_line(str(error))}")
    try:
        answer = store.query(query, prefixes=prefixes, **graphs)
        if isinstance(answer, ox.QueryBoolean):
            body = answer.serialize(format=RESULT_FORMATS[result_format])
            return Reply(200, CONTENT_TYPES[result_format], body)
        rows = list(islice(answer, max_rows + 1))
    except SyntaxError as error:
        return Reply.text(400, f"malformed query: {_one_line(str(error))}")
    except (OSError, ValueError, RuntimeError) as error:
        return Reply.text(500, f"query evaluation failed: {_one_line(str(error))}")
    if len(rows) > max_rows:
        unit = "triples" if isinstance(answer, ox.QueryTriples) else "rows"
        return Reply.text(413, f"result refused: more than {max_rows} {unit} (the server's --max-rows); "
                               "add LIMIT/OFFSET to page through it")
    if isinstance(answer, ox.QueryTriples):
        return Reply(200, CONTENT_TYPES[graph_format], _serialize_triples(rows, graph_format, prefixes))
    variables = [variable.value for variable in answer.variables]
    return Reply(200, CONTENT_TYPES[result_format], _serialize_solutions(variables, rows, result_format))


def _serialize_solutions(variables: list[str], rows: list[ox.QuerySolution], name: str) -> bytes:
    document = {"head": {"vars": variables}, "results": {"bindings": [
        {var: _term_json(row[var]) for var in variables if row[var] is not None} for row in rows]}}
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if name == "json":
        return body
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_FORMATS[name])


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                        "predicate": _term_json(term.predicate),
                                        "object": _term_json(term.object)}}


def _serialize_triples(triples: list[ox.Triple], name: str, prefixes: dict[str, str]) -> bytes:
    used = {}
    if name in ("turtle", "rdfxml"):
        iris = {term.value for triple in triples for term in triple if isinstance(term, ox.NamedNode)}
        used = {prefix: namespace for prefix, namespace in sorted(prefixes.items())
                if any(iri.startswith(namespace) for iri in iris)}
    return ox.serialize(triples, format=GRAPH_FORMATS[name], prefixes=used)


def _worker_main(db_path: str, memory_mb: int) -> None:
    """A worker: read jobs from stdin, write replies to stdout (pickled, framed)."""
    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # nothing else may write into the reply pipe
    if memory_mb:
        try:
            import resource

            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass
    store = ox.Store.read_only(db_path)
    replies.send("ready")
    while True:
        try:
            job = requests.recv()
        except (EOFError, OSError):
            return
        try:
            reply = evaluate(store, **job)
        except MemoryError:
            reply = Reply.text(503, "query stopped: it needed more memory than a worker may use")
        replies.send((reply.status, reply.content_type, reply.body))


class _Worker:
    """A ``python -m kg.sparql.workers`` child (a fresh interpreter: no fork of a threaded server).
    Its stderr goes to a temporary file, so a crash (a Rust panic, an abort) costs the server's log
    one line (``last_words``), not a backtrace."""

    def __init__(self, db_path: str, memory_mb: int):
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen([sys.executable, "-m", "kg.sparql.workers", db_path, str(memory_mb)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                        env={**os.environ, "PYTHONPATH": path, "RUST_BACKTRACE": "0"})
        self.requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.replies = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()

    def ready(self, timeout: float) -> bool:
        try:
            return self.replies.poll(timeout) and self.replies.recv() == "ready"
        except (EOFError, OSError):
            return False

    def last_words(self) -> str:
        """The last line the worker wrote to stderr (at most 200 characters), or ""."""
        try:
            size = self.stderr.seek(0, os.SEEK_END)
            self.stderr.seek(max(0, size - 4096))
            lines = [line for line in self.stderr.read().decode("utf-8", "replace").splitlines()
                     if line.strip() and not line.startswith("note: run with")]
        except (OSError, ValueError):
            return ""
        return " ".join(lines[-1].split())[:200] if lines else ""

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.requests.close()
        self.replies.close()
        self.stderr.close()


class WorkerPool:
    """``size`` worker processes over one database folder; ``run`` gives each query at most ``timeout`` s."""

    def __init__(self, db_path: str, prefixes: dict[str, str], size: int = 2,
                 memory_mb: int = 2048, log=None):
        self._args = (str(db_path), memory_mb)
        self._prefixes = dict(prefixes)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._log = log or (lambda message: None)
        self._lock = threading.Lock()
        self._closed, self._busy, self._drained = False, 0, None
        self._size = size
        self._by_client: dict[str | None, int] = {}
        self._waiting: dict[str | None, int] = {}
        self._all: set[_Worker] = set()
        starting = [self._spawn() for _ in range(size)]
        for worker in starting:
            if not worker.ready(60):
                self.close(now=True)
                raise RuntimeError(f"a SPARQL worker could not open the store {db_path}")
            self._idle.put(worker)

    def run(self, job: dict, timeout: float, client: str | None = None) -> Reply:
        """Evaluate ``job`` (keyword arguments of ``evaluate``) in a free worker (see ``_take`` for how
        clients share them)."""
        worker = self._take(timeout, client)
        try:
            worker.requests.send({**job, "prefixes": self._prefixes})
            if not worker.replies.poll(timeout):
                self._replace(worker, client)
                raise QueryTimeout()
            reply = Reply(*worker.replies.recv())
        except (EOFError, OSError):
            return self._died(worker, client, job["query"])
        self._release(worker, client=client)
        return reply

    def _died(self, worker: _Worker, client: str | None, query: str) -> Reply:
        """The reply for a query whose worker exited while evaluating it; one line in the log."""
        try:
            code = worker.process.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        words = worker.last_words()
        self._replace(worker, client)
        how = f"signal {signal.Signals(-code).name}" if code and code < 0 and -code in _SIGNALS else f"exit code {code}"
        self._log(f"a SPARQL worker exited ({how}{': ' + words if words else ''}) on: {' '.join(query.split())[:120]}")
        if "memory" in words.lower():
            return Reply.text(503, "query stopped: it needed more memory than a worker may use (the server's "
                                   "--memory); narrow it down")
        if code == -signal.SIGSEGV or "overflow" in words:
            return Reply.text(400, "query refused: the parser ran out of stack on it (it is nested or chained "
                                   "too deeply); simplify it")
        return Reply.text(503, f"query stopped: the worker evaluating it exited ({how}); try again")

    def close(self, drained=None, now: bool = False) -> None:
        """Stop taking queries: idle workers stop at once, busy ones when their query is answered
        (or at once, ``now``); then ``drained()`` is called."""
        with self._lock:
            self._closed, self._drained = True, drained
            workers = list(self._all) if now else []
            while True:
                try:
                    workers.append(self._idle.get_nowait())
                except queue.Empty:
                    break
        for worker in set(workers):
            worker.kill()
        self._finish_if_drained()

    def _take(self, timeout: float, client: str | None = None) -> _Worker:
        """A free worker. A client that holds its share (half the workers) steps back while another
        client waits, so a flood from one address cannot starve the others."""
        deadline = time.monotonic() + timeout
        share = max(1, self._size // 2)
        with self._lock:
            self._waiting[client] = self._waiting.get(client, 0) + 1
        try:
            while not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PoolBusy()
                with self._lock:
                    yields = self._by_client.get(client, 0) >= share and len(self._waiting) > 1
                if yields:
                    time.sleep(min(0.05, remaining))
                    continue
                try:
                    worker = self._idle.get(timeout=min(0.05, remaining))
                except queue.Empty:
                    continue
                with self._lock:
                    self._busy += 1
                    self._by_client[client] = self._by_client.get(client, 0) + 1
                return worker
            raise PoolClosed()
        finally:
            with self._lock:
                left = self._waiting.pop(client, 1) - 1
                if left > 0:
                    self._waiting[client] = left

    def _forget(self, client: str | None) -> None:
        """Under the lock: ``client`` gave a worker back."""
        left = self._by_client.get(client, 1) - 1
        if left > 0:
            self._by_client[client] = left
        else:
            self._by_client.pop(client, None)

    def _spawn(self) -> _Worker:
        worker = _Worker(*self._args)
        with self._lock:
            self._all.add(worker)
        return worker

    def _release(self, worker: _Worker, busy: bool = True, client: str | None = None) -> None:
        with self._lock:
            self._busy -= busy
            self._forget(client)
            if not self._closed:
                self._idle.put(worker)
                return
            self._all.discard(worker)
        worker.kill()
        self._finish_if_drained()

    def _replace(self, worker: _Worker, client: str | None = None) -> None:
        """Kill ``worker`` now; start its replacement in the background."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self._busy -= 1
            self._forget(client)
        self._finish_if_drained()
        threading.Thread(target=self._start_replacement, daemon=True).start()

    def _start_replacement(self) -> None:
        for attempt in range(5):
            if self._closed:
                return
            worker = self._spawn()
            if worker.ready(60):
                self._release(worker, busy=False)
                return
            words = worker.last_words()
            worker.kill()
            with self._lock:
                self._all.discard(worker)
            if self._closed:  # killed by close(): not a failure
                return
            self._log(f"a SPARQL worker failed to start (attempt {attempt + 1}){': ' + words if words else ''}")
            time.sleep(1)

    def _finish_if_drained(self) -> None:
        with self._lock:
            drained = self._drained if self._closed and self._busy == 0 else None
            if drained:
                self._drained = None
        if drained:
            drained()


_SIGNALS = {int(number) for number in signal.Signals}


if __name__ == "__main__":
    from kg.sparql.workers import (
        _worker_main as main,  # the module's own name, not __main__
    )

    main(sys.argv[1], int(sys.argv[2]))
