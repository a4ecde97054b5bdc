"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` (standard-library HTTP).

GET ``?query=``, POST ``application/sparql-query`` or a form with ``query=``; the result format
follows ``format=`` or ``Accept`` (kg.sparql.protocol). Queries run in killable worker processes over
the persistent store (kg.sparql.workers, kg.sparql.store). What is refused, and how:

- updates (an update form, ``update=``, ``application/sparql-update``, ``/update``): 403;
- ``SERVICE``: 400 (no outbound requests); a malformed query: 400 with the parser's message;
- a query running past ``--timeout``: 503 (its worker is killed); no free worker in that time: 503;
- more than ``--max-rows`` rows or triples: 413 (refused, never silently truncated);
- a body over ``max_body`` bytes: 413; an unknown path: 404; a wrong method: 405.

Every check of the query text (kg.sparql.limits: nesting and operators; the form; SERVICE) and
its parsing happen in a worker, never in this process: a query that crashes the parser costs a
worker (400, one log line) and the server goes on. kg.sparql.request reads and bounds each
request (Host header against DNS rebinding, parameters, body); the Handler routes it and writes
the reply; the Endpoint answers queries and bounds connections.

Each connection has its own thread, at most ``max_connections`` at once and ``max_per_client``
from one address (more get 503); when full, the connection that has waited longest for its
request is closed to admit a newcomer. A client must send its whole request within
``client_timeout`` seconds (a watchdog closes slow senders), so a slow client never holds up others.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.sparql.protocol import UnknownFormat, negotiate
from kg.sparql.request import (
    READ_ONLY,
    HostCheck,
    Refused,
    Request,
    content_length,
    read_request,
    refuse,
)
from kg.sparql.store import Snapshot, open_snapshot, source_signature
from kg.sparql.workers import PoolBusy, PoolClosed, QueryTimeout, Reply, WorkerPool

QUERIES = Path(__file__).resolve().parents[2] / "ontology" / "queries"
PAGE = Path(__file__).resolve().parents[1] / "data" / "endpoint.html"
PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
ROUTES = {"/": ("GET", "HEAD"), "/sparql": ("GET", "HEAD", "POST")}


@dataclass
class Settings:
    timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    client_timeout: float = 10.0
    max_connections: int = 64
    max_per_client: int = 32
    allowed_hosts: tuple[str, ...] = ()
    quiet: bool = False


@dataclass
class Backend:
    """The store snapshot being served and the workers evaluating queries over it."""

    snapshot: Snapshot
    pool: WorkerPool

    @classmethod
    def open(cls, out, workers: int, memory_mb: int, log=None) -> "Backend":
        snapshot = open_snapshot(out, log=log)
        try:
            return cls(snapshot, WorkerPool(snapshot.path, snapshot.prefixes, workers, memory_mb, log=log))
        except BaseException:
            snapshot.close()
            raise

    def close(self, now: bool = False) -> None:
        self.pool.close(drained=self.snapshot.close, now=now)


class Endpoint(ThreadingHTTPServer):
    """The HTTP server: one thread per connection, bounded; the backend answers queries and is
    replaced (in the background, at most once a second) when the graph file changes."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], out, settings: Settings, workers: int = 2, memory_mb: int = 2048):
        self.out, self.settings, self.page = Path(out), settings, render_page()
        self._backend_options = (workers, memory_mb)
        self.backend = Backend.open(out, workers, memory_mb, log=self.log)
        self.hosts = HostCheck(address[0], settings.allowed_hosts)
        self._slots = threading.BoundedSemaphore(settings.max_connections)
        self._clients: dict[str, int] = {}
        self._clients_lock = threading.Lock()
        self._lingering = threading.BoundedSemaphore(64)
        self._reloading = threading.Lock()
        self._next_check, self._failed = 0.0, None
        self.deadlines = _Deadlines()
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        try:
            super().__init__(address, Handler)
        except BaseException:
            self.backend.close(now=True)
            self.deadlines.stop()
            raise

    def current(self) -> Backend:
        """The backend to use; starts a reload first if the graph was rebuilt."""
        now = time.monotonic()
        if now >= self._next_check:
            self._next_check = now + 1.0
            try:
                signature = source_signature(self.out)
            except OSError:
                signature = None  # the graph is gone: go on serving what was loaded
            if signature and signature not in (self.backend.snapshot.signature, self._failed) \
                    and self._reloading.acquire(blocking=False):
                threading.Thread(target=self._reload, args=(signature,), daemon=True).start()
        return self.backend

    def _reload(self, signature: tuple) -> None:
        try:
            try:
                backend = Backend.open(self.out, *self._backend_options, log=self.log)
            except Exception as error:
                self._failed = signature
                self.log(f"reloading {self.out} failed; still serving the graph loaded before: {error}")
                return
            previous, self.backend = self.backend, backend
            previous.close()  # its workers stop once they have answered
            self.log(f"reloaded: now serving {backend.snapshot.source} ({backend.snapshot.triples} triples)")
        finally:
            self._reloading.release()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    @property
    def url(self) -> str:
        return self.base_url + "sparql"

    def server_close(self) -> None:
        super().server_close()
        self.deadlines.stop()

    def process_request(self, request, client_address):
        """Start a thread for the connection, within the bounds: at most ``max_per_client`` connections
        from one address; at most ``max_connections`` in all, where a connection still waiting for its
        request (idle or sending slowly) is closed to make room before a newcomer is refused."""
        client = client_address[0]
        with self._clients_lock:
            held = self._clients.get(client, 0)
            if held < self.settings.max_per_client:
                self._clients[client] = held + 1
        if held >= self.settings.max_per_client:
            return self._refuse(request, f"too many open connections from {client} (the limit is "
                                         f"{self.settings.max_per_client}); close some or try again")
        if not self._slots.acquire(blocking=False):
            if not (self.deadlines.evict_oldest() and self._slots.acquire(timeout=2)):
                self._forget(client)
                return self._refuse(request, "server busy: too many open connections; try again")
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            self._forget(client)
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()
            self._forget(client_address[0])

    def _forget(self, client: str) -> None:
        with self._clients_lock:
            left = self._clients.get(client, 1) - 1
            if left > 0:
                self._clients[client] = left
            else:
                self._clients.pop(client, None)

    def _refuse(self, request, message: str) -> None:
        """Answer 503 and close. The close lingers (in a thread, at most 64 at once, 1 s each) so the
        client reads the answer rather than a reset caused by the request it is still sending."""
        body = message.encode("utf-8") + b"\n"
        head = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        try:
            request.settimeout(1)
            request.sendall(head + body)
            request.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        if self._lingering.acquire(blocking=False):
            threading.Thread(target=self._linger, args=(request,), daemon=True).start()
        else:
            request.close()

    def _linger(self, request) -> None:
        try:
            deadline = time.monotonic() + 1
            while time.monotonic() < deadline and request.recv(65536):
                pass
        except OSError:
            pass
        finally:
            request.close()
            self._lingering.release()

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if isinstance(error, OSError):  # a client hanging up is normal
            return
        self.log(f"error while serving {client_address[0]}: {type(error).__name__}: {error}")

    def answer(self, query: str, params: dict[str, list[str]], accept: str | None,
               client: str) -> tuple[Reply, bool, dict]:
        """The reply to a query: the worker checks it (kg.sparql.limits, updates, SERVICE), parses and
        evaluates it, so no query text is ever parsed in the server process."""
        try:
            results, graph = negotiate(accept, (params.get("format") or [None])[0])
        except UnknownFormat as error:
            raise refuse(400, str(error)) from None
        settings = self.settings
        job = {"query": query, "result_format": results, "graph_format": graph, "max_rows": settings.max_rows,
               "default_graphs": params.get("default-graph-uri"), "named_graphs": params.get("named-graph-uri")}
        started = time.monotonic()
        try:
            try:
                reply = self.current().pool.run(job, settings.timeout, client)
            except PoolClosed:  # the graph was reloaded meanwhile: the new workers answer
                reply = self.current().pool.run(job, settings.timeout, client)
        except QueryTimeout:
            if not settings.quiet:
                self.log(f"query stopped after {settings.timeout:g} s: {' '.join(query.split())[:200]}")
            reply = Reply.text(503, f"query stopped: it ran longer than {settings.timeout:g} s (the server's "
                                    "--timeout); narrow it down or add a LIMIT")
        except (PoolBusy, PoolClosed):
            reply = Reply.text(503, "server busy: every worker is evaluating a query; try again")
        headers = {"Retry-After": "1"} if reply.status == 503 else {}
        headers["X-Query-Time"] = f"{time.monotonic() - started:.3f}"
        return reply, False, headers

    def log(self, message: str) -> None:
        """Loads, reloads and errors; requests and stopped queries only without ``quiet``."""
        print(message, file=sys.stderr, flush=True)


class Handler(BaseHTTPRequestHandler):
    """One connection: kg.sparql.request reads and bounds each request, ``_route`` answers it,
    ``_send`` writes the reply."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
    server_version = "union-kg-sparql/0.1"
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s\n"

    def setup(self):
        self.timeout = self.server.settings.client_timeout
        super().setup()

    def handle_one_request(self):
        self.server.deadlines.arm(self.connection, self.server.settings.client_timeout)
        try:
            super().handle_one_request()
        except OSError:  # the client hung up, or the watchdog closed a slow sender: nothing to answer
            self.close_connection = True
        finally:
            self.server.deadlines.disarm(self.connection)

    def handle_expect_100(self):
        """Refuse an oversized body before the client sends it."""
        try:
            length = content_length(self)
        except Refused as refused:
            self._send(refused.reply, close=True)
            return False
        if length > self.server.settings.max_body:
            self._send(Reply.text(413, f"request body of {length} bytes refused: the limit is "
                                       f"{self.server.settings.max_body} bytes"), close=True)
            return False
        return super().handle_expect_100()

    def __getattr__(self, name: str):
        if name.startswith("do_"):  # every method reaches _dispatch, which answers 405 where it must
            return lambda: self._dispatch()
        raise AttributeError(name)

    def log_message(self, format, *args):
        if not self.server.settings.quiet:
            super().log_message(format, *args)

    def _dispatch(self) -> None:
        try:
            if self.path.split("?")[0].rstrip("/") in ("/update", "/sparql/update"):
                raise refuse(403, READ_ONLY, close=True)
            request = read_request(self, self.server.settings, self.server.hosts)
            self.server.deadlines.disarm(self.connection)  # read: from here on the query's time limit applies
            self._route(request)
        except Refused as refused:
            self._send(refused.reply, close=refused.close)
        except OSError:
            self.close_connection = True
        except Exception:  # the server answers 500 and goes on; it never dies on a request
            self.server.log(f"internal error on {self.command} {self.path[:200]!r}:\n{traceback.format_exc()}")
            try:
                self._send(Reply.text(500, "internal error; see the server log"), close=True)
            except OSError:
                self.close_connection = True

    def _route(self, request: Request) -> None:
        path, method, params = request.path, request.method, request.params
        if path not in ROUTES:
            raise refuse(404, f"no such path: {path}; the endpoint is /sparql", close=True)
        if method not in ROUTES[path]:
            return self._send(Reply.text(405, f"{method} is not allowed on {path}"), close=True,
                              headers={"Allow": ", ".join(ROUTES[path])})
        if path == "/":
            return self._send_page()
        if "update" in params:
            raise refuse(403, READ_ONLY)
        if "query" not in params:
            if "text/html" in (self.headers.get("Accept") or ""):
                return self._send_page()
            raise refuse(400, "missing query: pass ?query=… (GET) or a query body (POST)")
        if len(params["query"]) != 1:
            raise refuse(400, "pass exactly one query")
        self._send(*self.server.answer(params["query"][0], params, self.headers.get("Accept"), request.client))

    def _send_page(self) -> None:
        self._send(Reply(200, "text/html; charset=utf-8", self.server.page),
                   headers={"Content-Security-Policy": PAGE_POLICY, "X-Frame-Options": "DENY"})

    def _send(self, reply: Reply, close: bool = False, headers: dict[str, str] | None = None) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)


class _Deadlines:
    """Closes connections whose request is not fully read by its deadline (slow senders)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._deadlines: dict[socket.socket, float] = {}
        self._stopped = threading.Event()
        threading.Thread(target=self._watch, daemon=True, name="kg-serve-deadlines").start()

    def arm(self, connection: socket.socket, seconds: float) -> None:
        with self._lock:
            self._deadlines[connection] = time.monotonic() + seconds

    def disarm(self, connection: socket.socket) -> None:
        with self._lock:
            self._deadlines.pop(connection, None)

    def evict_oldest(self) -> bool:
        """Close the connection that has waited longest for its request; False if none is waiting."""
        with self._lock:
            if not self._deadlines:
                return False
            connection = min(self._deadlines, key=self._deadlines.__getitem__)
            del self._deadlines[connection]
        _close(connection)
        return True

    def stop(self) -> None:
        self._stopped.set()

    def _watch(self) -> None:
        while not self._stopped.wait(0.2):
            now = time.monotonic()
            with self._lock:
                late = [connection for connection, deadline in self._deadlines.items() if deadline < now]
                for connection in late:
                    del self._deadlines[connection]
            for connection in late:
                _close(connection)


def _close(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def render_page() -> bytes:
    """The query page, with the example queries of ontology/queries/ embedded as JSON."""
    examples = {path.stem: path.read_text(encoding="utf-8") for path in sorted(QUERIES.glob("*.rq"))}
    data = json.dumps(examples, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    data = data.replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return PAGE.read_text(encoding="utf-8").replace("/*EXAMPLES*/{}", data).encode("utf-8")


def start(out: str | Path = "exports", host: str = "127.0.0.1", port: int = 7878, workers: int = 2,
          memory_mb: int = 2048, settings: Settings | None = None) -> "Running":
    """Load (if needed) and open the store, start the workers and serve in a background thread."""
    server = Endpoint((host, port), out, settings or Settings(), workers, memory_mb)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                              name="kg-serve")
    thread.start()
    return Running(server, thread)


@dataclass
class Running:
    """A started endpoint: ``url``, and ``close()`` to stop it."""

    server: Endpoint
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.server.url

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.backend.close(now=True)

    def __enter__(self) -> "Running":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serve_until_stopped(out: str | Path, host: str, port: int, workers: int, memory_mb: int,
                        settings: Settings) -> int:
    """`kg serve`: start, print the URL, serve until Ctrl-C or SIGTERM."""
    import signal

    running = start(out, host, port, workers=workers, memory_mb=memory_mb, settings=settings)
    snapshot = running.server.backend.snapshot
    print(f"SPARQL endpoint {running.url} over {snapshot.source} ({snapshot.triples} triples), "
          f"read-only; query page {running.server.base_url}", flush=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while running.thread.is_alive():
            running.thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        running.close()
    return 0
