"""Reading and bounding one HTTP request for `kg serve`, before any routing: the Host header
(DNS rebinding), the query-string and form parameters (their number and encoding), the body
(its length, its framing, its Content-Type). A request that breaks a bound raises ``Refused``
carrying the one-line reply to send.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from kg.sparql.workers import Reply

FORM = "application/x-www-form-urlencoded"
MAX_PARAMETERS = 64
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
ANY_ADDRESS = ("", "0.0.0.0", "::")
READ_ONLY = "this endpoint is read-only: SPARQL updates are refused"


class Refused(Exception):
    """The request breaks a bound; ``reply`` says which (``close``: drop the connection after it)."""

    def __init__(self, reply: Reply, close: bool = False):
        super().__init__(reply.body.decode("utf-8", "replace").strip())
        self.reply, self.close = reply, close


def refuse(status: int, message: str, close: bool = False) -> Refused:
    return Refused(Reply.text(status, message), close)


@dataclass
class Request:
    """What the server routes on: method, path (no trailing slash), parameters, the client's address."""

    method: str
    path: str
    params: dict[str, list[str]]
    client: str


class HostCheck:
    """The names a Host header may carry: the bound address, localhost, 127.0.0.1, [::1] and the
    ``--allow-host`` names, each with any port or none. Bound to every address (0.0.0.0, ::), any
    IP address is accepted too. A browser always sends Host, so a page on a rebound name
    (evil.example resolving to 127.0.0.1) is refused; a request without Host (HTTP/1.0) is accepted."""

    def __init__(self, bound: str, extra: tuple[str, ...] | list[str] = ()):
        self.any_address = bound in ANY_ADDRESS
        self.names = frozenset(_normal(name) for name in (*LOOPBACK_NAMES, bound, *extra) if name)

    def problem(self, values: list[str]) -> str | None:
        """Why these Host header values are refused (one line), or None."""
        if not values:
            return None
        if len(values) > 1:
            return "more than one Host header"
        name = _host_name(values[0])
        if name is None:
            return f"malformed Host header {_shown(values[0])}"
        if name in self.names or (self.any_address and _is_address(name)):
            return None
        return (f"Host {_shown(name)} is not a name this server answers to (DNS rebinding protection); "
                f"start kg serve with --allow-host {_shown(name, quote=False)} if it is yours")


def read_request(handler, settings, hosts: HostCheck) -> Request:
    """The request ``handler`` (a BaseHTTPRequestHandler whose head was read) carries, its body read
    and bounded; raises Refused."""
    problem = hosts.problem(handler.headers.get_all("Host") or [])
    if problem:
        raise refuse(403, problem, close=True)
    url = urlsplit(handler.path)
    path = url.path.rstrip("/") or "/"
    params = parse_params(url.query, "query string") if handler.command in ("GET", "HEAD", "POST") else {}
    if handler.command == "POST" and path == "/sparql":
        params = {**params, **read_body(handler, settings.max_body)}
    return Request(handler.command, path, params, handler.client_address[0])


def read_body(handler, max_body: int) -> dict[str, list[str]]:
    """The parameters a POST body carries (a query, or a form)."""
    if "chunked" in (handler.headers.get("Transfer-Encoding") or "").lower():
        raise refuse(411, "send a Content-Length (chunked bodies are not accepted)", close=True)
    length = content_length(handler)
    if length > max_body:
        raise refuse(413, f"request body of {length} bytes refused: the limit is {max_body} bytes", close=True)
    body = handler.rfile.read(length) if length else b""
    if len(body) < length:  # the client went away, or the watchdog closed a slow sender
        raise ConnectionAbortedError("the client sent less than its Content-Length")
    content_type = (handler.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type == "application/sparql-update":
        raise refuse(403, READ_ONLY)
    if content_type == "application/sparql-query":
        try:
            return {"query": [body.decode("utf-8")]}
        except UnicodeDecodeError:
            raise refuse(400, "the query is not valid UTF-8") from None
    if content_type == FORM:
        return parse_params(body.decode("latin-1"), "form body")
    raise refuse(415, f"unsupported Content-Type {content_type or '(none)'}: use application/sparql-query "
                      f"or {FORM}")


def content_length(handler) -> int:
    """The request's Content-Length (0 when absent); a malformed one is refused."""
    text = (handler.headers.get("Content-Length") or "0").strip()
    if not text.isdigit() or len(text) > 18:
        raise refuse(400, "bad Content-Length", close=True)
    return int(text)


def parse_params(text: str, where: str) -> dict[str, list[str]]:
    """``name=value&…`` as parse_qs reads it, at most MAX_PARAMETERS of them, UTF-8."""
    count = text.count("&") + 1 if text else 0
    if count > MAX_PARAMETERS:
        raise refuse(400, f"too many parameters in the {where}: {count} (the limit is {MAX_PARAMETERS})")
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=MAX_PARAMETERS)
    except UnicodeDecodeError:
        raise refuse(400, f"the {where} is not valid UTF-8 form encoding") from None
    except ValueError as error:
        raise refuse(400, f"the {where} cannot be read: {error}") from None


def _host_name(value: str) -> str | None:
    """The name of a Host header value (``name``, ``name:port``, ``[v6]``, ``[v6]:port``), or None."""
    value = value.strip()
    if value.startswith("["):
        name, bracket, port = value[1:].partition("]")
        if not bracket or (port and not (port.startswith(":") and port[1:].isdigit())):
            return None
        return _normal(name)
    name, colon, port = value.partition(":")
    if not name or (colon and not port.isdigit()) or ":" in port:
        return None
    return _normal(name)


def _normal(name: str) -> str:
    return name.strip().strip("[]").rstrip(".").lower()


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _shown(text: str, quote: bool = True) -> str:
    """``text`` safe for a one-line message: printable ASCII only, at most 100 characters."""
    safe = "".join(char if char.isascii() and char.isprintable() else "?" for char in text[:100])
    return repr(safe) if quote else safe
