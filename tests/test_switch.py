"""A build's files switch as one set: a build killed between two renames of its final commit leaves
a journal, and the next command that reads the folder (or the next build) finishes the switch
before reading, so no reader sees a new graph.ttl beside an old graph.html and an old manifest."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.manifest import MANIFEST_NAME
from kg.cli import main
from kg.files import JOURNAL_NAME, StagedFiles, file_digest, finish_interrupted_commit

ROOT = Path(__file__).resolve().parent.parent
FILES = ("graph.ttl", "graph.html", MANIFEST_NAME)
# A build whose rename of graph.ttl into place is followed by a long pause: the window between
# the first and the last rename of the commit, held open so that the test can kill the build there.
PAUSED_BUILD = """
import os, sys, time
real_replace = os.replace
def replace(source, target):
    real_replace(source, target)
    if os.path.basename(target) == "graph.ttl":
        sys.stderr.write("renamed graph.ttl\\n")
        sys.stderr.flush()
        time.sleep(120)
os.replace = replace
from kg.cli import main
sys.exit(main(sys.argv[1:]))
"""


def build_args(corpus: Path, out: Path) -> list[str]:
    return ["build", "--corpus", str(corpus), "--out", str(out), "--no-cache"]


def quietly(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main(list(args))


def contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path]:
    """(a one-article corpus, a two-article corpus): their builds differ in every file."""
    small, big = tmp_path_factory.mktemp("small"), tmp_path_factory.mktemp("big")
    shutil.copy(ROOT / "corpus" / "002_14808505821c751d.txt", small)
    for name in ("002_14808505821c751d.txt", "004_18dcb4811d5bd772.txt"):
        shutil.copy(ROOT / "corpus" / name, big)
    return small, big


@pytest.mark.parametrize("reader", ["query", "build"])
def test_a_build_killed_between_renames_is_finished_before_anything_reads(corpora, tmp_path, reader):
    small, big = corpora
    out, expected = tmp_path / "out", tmp_path / "expected"
    assert quietly(*build_args(small, out)) == 0
    before = contents(out)
    assert quietly(*build_args(big, expected)) == 0
    after = contents(expected)
    assert all(before[name] != after[name] for name in FILES)

    process = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, *build_args(big, out)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        seen = b""
        while b"renamed graph.ttl" not in seen:
            chunk = os.read(process.stderr.fileno(), 4096)
            assert chunk, seen.decode(errors="replace")[-800:]
            seen += chunk
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stderr.close()
    # the window the kill hit: a new graph.ttl beside the old graph.html and manifest
    assert (out / "graph.ttl").read_bytes() == after["graph.ttl"]
    assert (out / "graph.html").read_bytes() == before["graph.html"] and (out / JOURNAL_NAME).exists()

    if reader == "query":
        assert quietly("query", "ASK { ?s ?p ?o }", "--out", str(out)) == 0
    else:
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            assert main(build_args(big, out)) == 0
        assert "up to date" in output.getvalue()  # the finished switch is that build's, manifest included
    assert contents(out) == after and not (out / JOURNAL_NAME).exists()
    assert not list(out.glob(".*.tmp"))
    recorded = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]
    assert recorded == {name: file_digest(out / name) for name in ("graph.ttl", "graph.html")}


def test_a_journal_naming_other_files_is_not_acted_on(tmp_path):
    (tmp_path / "graph.ttl").write_text("kept", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / JOURNAL_NAME).write_text(json.dumps({"pid": 999999999, "renames": [
        ["notes.txt", "graph.ttl"], [".graph.html.999999999.abcdefgh.tmp", "../outside.html"]]}), encoding="utf-8")
    assert finish_interrupted_commit(tmp_path) == []
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "kept" and (tmp_path / "notes.txt").exists()
    assert not (tmp_path / JOURNAL_NAME).exists()


def test_a_commit_leaves_no_journal_and_a_running_commit_is_left_alone(tmp_path):
    with StagedFiles(tmp_path) as files:
        files.add("graph.ttl", "new")
        files.add("graph.html", "new")
        assert set(files.digests()) == {"graph.ttl", "graph.html"}
        files.commit()
    assert sorted(os.listdir(tmp_path)) == ["graph.html", "graph.ttl"]
    staged = tmp_path / f".graph.ttl.{os.getppid()}.abcdefgh.tmp"  # a process that is running
    staged.write_text("newer", encoding="utf-8")
    (tmp_path / JOURNAL_NAME).write_text(json.dumps({"pid": os.getppid(), "renames": [[staged.name, "graph.ttl"]]}),
                                         encoding="utf-8")
    assert finish_interrupted_commit(tmp_path) == []
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "new" and staged.exists()
