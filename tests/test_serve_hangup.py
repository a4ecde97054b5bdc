"""A client that hangs up on `kg serve` is normal: no traceback in the server's log (and none
between the dots of a test run); any other error in a request is still logged with its traceback."""

from __future__ import annotations

import socket
import struct
import types
import urllib.request

import pytest

from kg.cli import main
from kg.sparql.serve import Endpoint, Settings, start


def report(error: BaseException) -> list[str]:
    logged: list[str] = []
    server = types.SimpleNamespace(log=logged.append)
    try:
        raise error
    except BaseException:
        Endpoint.handle_error(server, None, ("127.0.0.1", 40000))
    return logged


@pytest.mark.parametrize("error", [ConnectionResetError(104, "Connection reset by peer"),
                                   BrokenPipeError(32, "Broken pipe"), ConnectionAbortedError(103, "aborted")])
def test_a_client_hanging_up_is_not_logged(error):
    assert report(error) == []


def test_other_errors_are_logged_with_their_traceback():
    logged = report(ValueError("a bug"))
    assert len(logged) == 1 and "error while serving 127.0.0.1" in logged[0] and "ValueError: a bug" in logged[0]


def test_server_answers_after_a_client_resets_its_connection(tmp_path, root, capfd):
    out = tmp_path / "exports"
    assert main(["build", "--corpus", str(root / "corpus"), "--out", str(out)]) == 0
    settings = Settings(timeout=5, max_rows=100, max_body=10_000, client_timeout=2.0, quiet=True)
    with start(out, port=0, workers=1, settings=settings) as running:
        host, port = running.url.split("//")[1].split("/")[0].split(":")
        for _ in range(3):
            client = socket.create_connection((host, int(port)), timeout=5)
            client.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with RST
            client.close()
        with urllib.request.urlopen(running.url + "?query=ASK%7B%7D", timeout=30) as response:
            assert response.status == 200
    assert "Traceback" not in capfd.readouterr().err
