"""Load test for `kg serve`: thousands of concurrent requests over loopback, every answer checked.

    python -m kg.sparql.loadtest [--requests 3000] [--concurrency 16] [--url URL] [--out exports/]

Without ``--url`` it starts ``kg serve`` over ``<out>/`` on a free port (``--timeout 1``,
``--client-timeout 2``) and stops it afterwards. The requests are mostly the example queries of
``ontology/queries/`` (GET, POST and form POST; SPARQL JSON or CSV), whose rows must equal
those pyoxigraph gives over ``<out>/graph.ttl`` loaded in memory; among them malformed queries
(must get 400), slow queries (a cross join that must hit the time limit: 503; one at a time, so
they never hold every worker), clients that send their request slowly but within the limit (must
get the right answer) and clients that stall half-way (the server must close them). It prints
requests per second, p50/p99 latency, the count per status and the wrong answers and errors;
the exit code is 1 if there was any.

``--attacks`` adds, during the load, the requests an attacker sends (see ``run_attacks``): a
query nested 2,000 deep, one chaining 20,000 operators, a rebound Host header, 100 parameters,
64 connections that send half a request and wait, and 20 bodies of nearly 1 MB, these last two
from other loopback addresses (127.0.0.2, 127.0.0.3); a probe query must still be answered.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

QUERIES = Path(__file__).resolve().parents[2] / "ontology" / "queries"
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MALFORMED = ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x ?p ", "SELECT ?x WHERE { ?x nope:p ?o }",
             "SELECT * WHERE { ?s ?p ?o } LIMIT many", "ASK { FILTER( }"]
NESTED = "ASK { FILTER(" + "(" * 2000 + "1" + ")" * 2000 + ") }"
CHAINED = "ASK { FILTER(1" + "+1" * 20000 + ") }"
PROBE = "ASK { ?s ?p ?o }"
EXPECTED_STATUS = {"example": 200, "malformed": 400, "slow": 503, "slow sender": 200, "stalled sender": "closed"}


@dataclass
class Summary:
    requests: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    sent: Counter = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    wrong: int = 0
    errors: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float, kind: str | None = None) -> float:
        values = sorted(self.latencies.get(kind, []) if kind else
                        [value for values in self.latencies.values() for value in values])
        return values[min(len(values) - 1, int(share * len(values)))] * 1000 if values else 0.0

    def report(self) -> str:
        statuses = ", ".join(f"{status}: {self.statuses[status]}" for status in sorted(self.statuses, key=str))
        lines = [
            "sent:     " + ", ".join(f"{kind} {self.sent[kind]}" for kind in EXPECTED_STATUS if self.sent[kind]),
            f"took:     {self.seconds:.1f} s, {self.per_second:.0f} requests/s",
            f"latency:  example queries p50 {self.percentile(0.5, 'example'):.1f} ms, "
            f"p99 {self.percentile(0.99, 'example'):.1f} ms; all requests p50 {self.percentile(0.5):.1f} ms, "
            f"p99 {self.percentile(0.99):.1f} ms",
            f"statuses: {statuses}",
            f"wrong answers: {self.wrong}, errors: {self.errors}",
        ]
        return "\n".join(lines + [f"  {problem}" for problem in self.problems[:10]])


def expected_answers(out: str | Path) -> dict[str, tuple[str, list]]:
    """Each example query and its rows (N-Triples terms, sorted), from the graph in memory."""
    from kg.sparql.query import WELL_KNOWN_PREFIXES
    from kg.sparql.store import graph_source

    source = graph_source(out)
    store = ox.Store()
    parser = ox.parse(path=source, format=ox.RdfFormat.TURTLE)
    store.extend(parser)
    prefixes = {**parser.prefixes, **WELL_KNOWN_PREFIXES}
    answers = {}
    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        solutions = store.query(text, prefixes=prefixes)
        names = [variable.value for variable in solutions.variables]
        rows = [tuple(None if s[name] is None else str(s[name]) for name in names) for s in solutions]
        answers[path.stem] = (text, names, sorted(rows, key=_key))
    return answers


def run_load(url: str, out: str | Path = "exports", requests: int = 3000, concurrency: int = 16,
             slow_every: int = 100, malformed_every: int = 25, slow_sender_every: int = 50,
             timeout: float = 2.0, busy_allowed: bool = False) -> Summary:
    """Send ``requests`` requests with ``concurrency`` clients; ``timeout`` is the server's query limit.
    ``busy_allowed``: a 503 is a right answer too (under attack, or with more clients than workers)."""
    answers = expected_answers(out)
    names = list(answers)
    summary = Summary(requests=requests)
    lock, slow_lane, local = threading.Lock(), threading.Semaphore(1), threading.local()
    parts = urllib.parse.urlsplit(url)
    address = (parts.hostname, parts.port or 80)

    def plan(number: int) -> str:
        if slow_every and number % slow_every == slow_every // 2:
            return "slow"
        if slow_sender_every and number % slow_sender_every == 7:
            return "stalled sender" if (number // slow_sender_every) % 2 else "slow sender"
        if malformed_every and number % malformed_every == 3:
            return "malformed"
        return "example"

    def one(number: int) -> None:
        kind = plan(number)
        name = names[number % len(names)]
        started = time.perf_counter()
        try:
            if kind == "slow":
                with slow_lane:
                    started = time.perf_counter()
                    status, body = _request(local, address, parts.path, SLOW_QUERY, number, timeout)
            elif kind == "malformed":
                status, body = _request(local, address, parts.path, MALFORMED[number % len(MALFORMED)], number, timeout)
            elif kind == "example":
                status, body = _request(local, address, parts.path, answers[name][0], number, timeout)
            else:
                status, body = _slow_client(address, parts.path, answers[name][0], stall=kind == "stalled sender")
            problem = None if busy_allowed and status == 503 else _check(kind, status, body, answers[name])
        except (OSError, http.client.HTTPException) as error:
            status, problem = "error", f"{kind}: {type(error).__name__}: {error}"
            local.connection = None
        elapsed = time.perf_counter() - started
        with lock:
            summary.sent[kind] += 1
            summary.statuses[status] += 1
            summary.latencies.setdefault(kind, []).append(elapsed)
            if problem:
                summary.problems.append(problem)
                if status == "error":
                    summary.errors += 1
                else:
                    summary.wrong += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(requests)))
    summary.seconds = time.perf_counter() - started
    return summary


def _request(local, address, path: str, query: str, number: int, timeout: float) -> tuple[int, str]:
    """One request on this thread's keep-alive connection: GET, POST or form POST; JSON or CSV."""
    accept = "text/csv" if number % 4 == 1 else "application/sparql-results+json"
    way = number % 3
    headers = {"Accept": accept}
    if way == 0:
        target, body = path + "?" + urllib.parse.urlencode({"query": query}), None
    elif way == 1:
        target, body = path, query.encode("utf-8")
        headers["Content-Type"] = "application/sparql-query"
    else:
        target, body = path, urllib.parse.urlencode({"query": query}).encode("ascii")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    for attempt in (1, 2):  # a keep-alive connection the server closed meanwhile is reopened once
        if getattr(local, "connection", None) is None:
            local.connection = http.client.HTTPConnection(*address, timeout=timeout * 3 + 10)
        try:
            local.connection.request("POST" if body is not None else "GET", target, body=body, headers=headers)
            response = local.connection.getresponse()
            text = response.read().decode("utf-8")
            if response.getheader("Connection", "").lower() == "close":
                local.connection.close()
                local.connection = None
            return response.status, (response.getheader("Content-Type", ""), text)
        except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
            local.connection.close()
            local.connection = None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _slow_client(address, path: str, query: str, stall: bool) -> tuple[int | str, tuple[str, str]]:
    """Send the request in pieces over ~0.6 s; or stall half-way and wait for the server to hang up."""
    body = query.encode("utf-8")
    head = (f"POST {path} HTTP/1.1\r\nHost: {address[0]}\r\nAccept: application/sparql-results+json\r\n"
            f"Content-Type: application/sparql-query\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    pieces = [head[:20].encode(), head[20:].encode(), body[: len(body) // 2], body[len(body) // 2:]]
    with socket.create_connection(address, timeout=60) as connection:
        for number, piece in enumerate(pieces):
            if stall and number == 2:
                break
            connection.sendall(piece)
            time.sleep(0.2)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    if not chunks:
        return "closed", ("", "")
    response = http.client.HTTPResponse(_FakeSocket(b"".join(chunks)))
    response.begin()
    return response.status, (response.getheader("Content-Type", ""), response.read().decode("utf-8"))


class _FakeSocket:
    def __init__(self, data: bytes):
        self.data = data

    def makefile(self, *args, **kwargs):
        return io.BytesIO(self.data)


def _check(kind: str, status, reply, answer) -> str | None:
    """None when the answer is right; else what is wrong with it."""
    if status != EXPECTED_STATUS[kind]:
        return f"{kind}: status {status}, expected {EXPECTED_STATUS[kind]}: {reply[1][:200]!r}"
    content_type, body = reply
    if kind == "malformed" and "error at " not in body:
        return f"malformed: no parser message and position in {body[:200]!r}"
    if status != 200:
        return None
    _, names, rows = answer
    if content_type.startswith("text/csv"):
        table = list(csv.reader(io.StringIO(body)))
        expected = sorted(tuple("" if cell is None else _lexical(cell) for cell in row) for row in rows)
        got = sorted(tuple(row) for row in table[1:])
        return None if table[0] == names and got == expected else f"{kind}: CSV rows differ"
    document = json.loads(body)
    got = sorted((tuple(_nt(binding.get(name)) for name in names) for binding in document["results"]["bindings"]),
                 key=_key)
    return None if document["head"]["vars"] == names and got == rows else f"{kind}: JSON rows differ"


def _nt(term: dict | None) -> str | None:
    """A SPARQL JSON term as pyoxigraph writes it in N-Triples."""
    if term is None:
        return None
    if term["type"] == "uri":
        return str(ox.NamedNode(term["value"]))
    if term["type"] == "bnode":
        return str(ox.BlankNode(term["value"]))
    datatype = term.get("datatype")
    return str(ox.Literal(term["value"], language=term.get("xml:lang"),
                          datatype=ox.NamedNode(datatype) if datatype else None))


def _lexical(nt: str) -> str:
    """The CSV form of an N-Triples term: the IRI, the lexical value, or _:label."""
    for term in ox.parse(f"<urn:s> <urn:p> {nt} .", format=ox.RdfFormat.N_TRIPLES):
        return term.object.value if not isinstance(term.object, ox.BlankNode) else f"_:{term.object.value}"
    return nt


def _key(row: tuple) -> tuple:
    return tuple("" if cell is None else cell for cell in row)


def send_raw(address, head: str, body: bytes = b"", source: str | None = None) -> tuple[int | str, str]:
    """(status, body) of one request written by hand; "closed" when the server hung up without a reply."""
    with socket.create_connection(address, timeout=60, source_address=(source, 0) if source else None) as raw:
        raw.sendall(head.encode("latin-1") + body)
        chunks = []
        try:
            while chunk := raw.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    if not chunks:
        return "closed", ""
    response = http.client.HTTPResponse(_FakeSocket(b"".join(chunks)))
    response.begin()
    return response.status, response.read().decode("utf-8", "replace")


def attack_requests(address, path: str = "/sparql") -> list[str]:
    """Hostile single requests and the answer each must get; the problems found ([] when all good)."""
    host = f"Host: {address[0]}:{address[1]}\r\n"
    get = "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
    post = ("POST " + path + " HTTP/1.1\r\n{host}Content-Type: application/sparql-query\r\n"
            "Content-Length: {length}\r\nConnection: close\r\n\r\n")
    many = "&".join(f"p{number}=x" for number in range(99))
    cases = [
        ("nested 2,000 deep", 400, "nested more than",
         get.format(target=path + "?" + urllib.parse.urlencode({"query": NESTED}), host=host), b""),
        ("20,000 chained operators", 400, "operators",
         post.format(host=host, length=len(CHAINED)), CHAINED.encode()),
        ("rebound Host header", 403, "not a name this server answers to",
         get.format(target=path + "?" + urllib.parse.urlencode({"query": PROBE}), host="Host: evil.example:80\r\n"), b""),
        ("100 parameters", 400, "too many parameters",
         get.format(target=path + "?" + urllib.parse.urlencode({"query": PROBE}) + "&" + many, host=host), b""),
    ]
    problems = []
    for name, expected, words, head, body in cases:
        status, text = send_raw(address, head, body)
        if status != expected or words not in text:
            problems.append(f"attack {name}: status {status}, expected {expected} saying {words!r}: {text[:200]!r}")
    return problems


def hold_half_sent(address, count: int, source: str | None = "127.0.0.2") -> list[socket.socket]:
    """``count`` connections that send half a request head and then nothing (close them after)."""
    held = []
    for _ in range(count):
        try:
            raw = socket.create_connection(address, timeout=10, source_address=(source, 0) if source else None)
            raw.sendall(b"POST /sparql HTTP/1.1\r\nHost: " + address[0].encode() + b"\r\nContent-Le")
        except OSError:
            break
        held.append(raw)
    return held


def send_big_bodies(address, count: int, size: int, source: str | None = "127.0.0.3",
                    path: str = "/sparql") -> list[threading.Thread]:
    """Start ``count`` threads, each POSTing a valid query of nearly ``size`` bytes (a VALUES block)."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { " + "1 " * ((size - 60) // 2) + "} }"
    head = (f"POST {path} HTTP/1.1\r\nHost: {address[0]}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {len(query)}\r\nConnection: close\r\n\r\n")
    threads = [threading.Thread(target=_quietly, args=(send_raw, address, head, query.encode(), source), daemon=True)
               for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def _quietly(function, *args) -> None:
    try:
        function(*args)
    except OSError:
        pass


def probe(address, path: str = "/sparql", source: str | None = None) -> int | str:
    """The status of a small query from ``source`` (default: the usual loopback address)."""
    head = (f"GET {path}?{urllib.parse.urlencode({'query': PROBE})} HTTP/1.1\r\nHost: {address[0]}\r\n"
            "Connection: close\r\n\r\n")
    return send_raw(address, head, source=source)[0]


def run_attacks(url: str) -> list[str]:
    """The attacks of ``--attacks`` against ``url``; the problems found ([] when the server held)."""
    parts = urllib.parse.urlsplit(url)
    address = (parts.hostname, parts.port or 80)
    problems = attack_requests(address, parts.path)
    held = hold_half_sent(address, 64)
    try:
        bodies = send_big_bodies(address, 20, 990_000)
        for attempt in range(5):  # a 503 says "Retry-After: 1"
            status = probe(address, parts.path, source="127.0.0.4")
            if status != 503:
                break
            time.sleep(1)
        if status != 200:
            problems.append(f"attack: a probe sent while 64 half-sent connections and 20 big bodies were held "
                            f"got {status}, not 200, in {attempt + 1} tries")
        for thread in bodies:
            thread.join(120)
    finally:
        for raw in held:
            raw.close()
    return problems


def _rss_mb(process: subprocess.Popen | None) -> float:
    """The resident memory of the server process started here, in MB (0 when unknown)."""
    try:
        status = Path(f"/proc/{process.pid}/status").read_text(encoding="ascii")
    except (AttributeError, OSError):
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _start_server(out: str, timeout: float, workers: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--out", out, "--port", "0", "--quiet",
                                "--timeout", str(timeout), "--client-timeout", "2", "--workers", str(workers)],
                               stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line.startswith("SPARQL endpoint "):
        process.kill()
        raise SystemExit(f"kg.sparql.loadtest: kg serve did not start (exit code {process.wait()})")
    return process, line.split()[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.sparql.loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests to send (default: 3000)")
    parser.add_argument("--concurrency", type=int, default=16, help="clients sending at once (default: 16)")
    parser.add_argument("--url", help="endpoint to test (default: start kg serve over --out on a free port)")
    parser.add_argument("--out", default="exports", help="folder of the built graph (default: exports/)")
    parser.add_argument("--timeout", type=float, default=1.0, help="the query time limit of the server started "
                                                                   "here, or of --url's (default: 1)")
    parser.add_argument("--workers", type=int, default=4, help="workers of the server started here (default: 4)")
    parser.add_argument("--slow-every", type=int, default=100, help="every Nth request is a slow query (default: "
                                                                    "100; 0: none)")
    parser.add_argument("--malformed-every", type=int, default=25, help="every Nth is malformed (default: 25)")
    parser.add_argument("--slow-sender-every", type=int, default=50,
                        help="every Nth is a slow sender, alternately finishing and stalling (default: 50)")
    parser.add_argument("--attacks", action="store_true",
                        help="also send hostile requests during the load (see the module's docstring); a 503 "
                             "then counts as a right answer to the load's requests")
    parser.add_argument("--busy-allowed", action="store_true",
                        help="a 503 counts as a right answer (for more clients than the server admits)")
    args = parser.parse_args(argv)
    process, url = (None, args.url) if args.url else _start_server(args.out, args.timeout, args.workers)
    try:
        where = url if args.url else f"{url} (started here: --timeout {args.timeout:g}, {args.workers} workers)"
        print(f"kg.sparql.loadtest: {args.requests} requests, concurrency {args.concurrency}, against {where}", flush=True)
        memory_before = _rss_mb(process)
        attacks = []
        attacker = threading.Thread(target=lambda: attacks.extend(run_attacks(url)), daemon=True)
        if args.attacks:
            attacker.start()
        summary = run_load(url, args.out, args.requests, args.concurrency, args.slow_every, args.malformed_every,
                           args.slow_sender_every, timeout=args.timeout, busy_allowed=args.attacks or args.busy_allowed)
        if args.attacks:
            attacker.join(300)
            summary.problems[:0] = attacks or ["attacks: all answered as they must be"]
            summary.wrong += len(attacks)
        print(summary.report())
        if process:
            print(f"server memory (RSS): {memory_before:.0f} MB before, {_rss_mb(process):.0f} MB after")
    finally:
        if process:
            process.terminate()
            process.wait(10)
    return 1 if summary.wrong or summary.errors else 0


if __name__ == "__main__":
    sys.exit(main())
