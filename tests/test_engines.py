"""The map on local worker processes and on a Dask cluster: the same files as an in-process build,
results in source order with a bounded read-ahead, worker errors and cluster errors reported."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from kg.build import engines
from kg.build.article import extract_document
from kg.cli import main
from kg.model import Document
from kg.read.reader import article_paths, read_document


@pytest.fixture(scope="module")
def scheduler():
    """The address of a cluster of two worker processes, shared by the tests of this module."""
    with engines.local_cluster(2) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def paragraphs(root) -> list[Document]:
    """Each non-empty line of the corpus articles as a small document of its own."""
    lines = [line.strip() for path in article_paths(root / "corpus")
             for line in read_document(path).text.splitlines() if line.strip()]
    return [Document(f"{number:04}.txt", line, line) for number, line in enumerate(lines[:60])]


def engine_options(engine: str, request) -> dict:
    if engine == "dask":
        return {"engine": "dask", "scheduler": request.getfixturevalue("scheduler")}
    return {"engine": "local", "workers": 2}


def build_files(out, corpus, *options) -> dict[str, bytes]:
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--format", "all", "--no-cache", *options]) == 0
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())
            if path.is_file() and not path.name.startswith(".")}  # the exports, not the build's manifest


def test_process_and_dask_builds_write_the_same_bytes_as_an_in_process_build(tmp_path, root, scheduler, monkeypatch):
    plain = build_files(tmp_path / "plain", root / "corpus")
    assert {"graph.ttl", "graph.nt", "graph.nq", "graph.jsonld", "graph.graphml", "nodes.csv", "graph.html"} <= set(plain)
    monkeypatch.setattr(engines, "BATCH_CHARACTERS", 1)  # one article per batch: five tasks over two workers
    for name, options in {"processes": ["--workers", "2"],
                          "dask": ["--engine", "dask", "--scheduler", scheduler],
                          "dask-local-cluster": ["--engine", "dask", "--workers", "2"]}.items():
        files = build_files(tmp_path / name, root / "corpus", *options)
        assert files.keys() == plain.keys()
        for file_name, data in plain.items():
            assert files[file_name] == data, f"{name}: {file_name} differs from the in-process build"


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_many_small_documents_come_back_in_order_with_a_bounded_read_ahead(engine, paragraphs, request, monkeypatch):
    monkeypatch.setattr(engines, "BATCH_DOCUMENTS", 3)
    documents = paragraphs + paragraphs[:30]  # identical documents are each extracted, too
    read = 0
    read_at_first_result = None

    def sources():
        nonlocal read
        for number, document in enumerate(documents):
            read += 1
            yield document, f"digest-{number}", len(document.text.encode())

    results = []
    for extracted in engines.extract_all(sources(), **engine_options(engine, request)):
        if read_at_first_result is None:
            read_at_first_result = read
        results.append(extracted)

    # two workers (or two worker threads) × BATCHES_PER_WORKER batches of 3 documents in flight
    assert read_at_first_result <= 2 * engines.BATCHES_PER_WORKER * 3 < len(documents)
    assert [r.digest for r in results] == [f"digest-{number}" for number in range(len(documents))]
    expected = [extract_document(document).extraction for document in documents]
    assert [r.extraction for r in results] == expected
    assert any(r.extraction.entities for r in results)


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_an_exception_in_a_worker_is_raised_as_it_was(engine, paragraphs, request):
    broken = Document("broken.txt", "标题", "市总工会主席".encode())  # bytes where the text should be
    with pytest.raises(Exception) as in_process:
        extract_document(broken)
    sources = [(document, "", 0) for document in [*paragraphs[:10], broken, *paragraphs[10:20]]]
    with pytest.raises(in_process.type) as in_worker:
        list(engines.extract_all(sources, **engine_options(engine, request)))
    assert str(in_worker.value) == str(in_process.value)
    if sys.version_info >= (3, 11):
        assert in_worker.value.__notes__ == ["while extracting broken.txt"]


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("address, problem", [
    (f"tcp://127.0.0.1:{unused_port()}", "Timed out trying to connect"),
    ("localhost", "missing port number"),
])
def test_a_scheduler_that_cannot_be_reached_is_a_one_line_error(address, problem, root, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "kg", "build", "--corpus", str(root / "corpus"), "--out", str(out),
                             "--no-cache", "--engine", "dask", "--scheduler", address],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith(f"kg build: error: cannot reach the Dask scheduler at {address}: {problem}")
    assert result.stderr.count("\n") == 1, result.stderr  # nothing else, no traceback at exit
    assert not out.exists()


def test_without_dask_the_error_says_what_to_install(root, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what `import distributed` meets when it is missing
    assert main(["build", "--corpus", str(root / "corpus"), "--out", str(tmp_path), "--no-cache",
                 "--engine", "dask"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("kg build: error: the dask engine needs dask.distributed")
    assert error.rstrip().endswith("pip install 'union-kg[dask]'") and error.count("\n") == 1
