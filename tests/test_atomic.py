"""A build killed (SIGKILL) at any moment leaves the previous exports intact byte for byte, and
the temporaries it leaves behind are cleared by the next build into that folder."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
# the two shortest articles, ten copies each: 20 articles, so that `kg build` reports its progress
COPIED = ["002_14808505821c751d.txt", "004_18dcb4811d5bd772.txt"]
COPIES = 10
OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
              ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD}


def build_args(corpus: Path, out: Path) -> list[str]:
    return ["build", "--corpus", str(corpus), "--out", str(out), "--format", "all", "--no-cache", "--force"]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path]:
    """(a one-article corpus for the earlier build, a 20-article corpus for the killed ones)."""
    small, big = tmp_path_factory.mktemp("small"), tmp_path_factory.mktemp("big")
    shutil.copy(ROOT / "corpus" / COPIED[0], small / COPIED[0])
    for copy in range(COPIES):
        for name in COPIED:
            shutil.copy(ROOT / "corpus" / name, big / f"{copy:02d}_{name}")
    return small, big


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a final name (not a temporary) in ``folder``, with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.endswith(".tmp")}


def temporaries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob(".*.tmp"))


def start_build(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", *build_args(corpus, out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for_output(process: subprocess.Popen, marker: bytes) -> None:
    """Read the build's stderr (its progress lines) until ``marker`` shows."""
    seen = b""
    while marker not in seen:
        chunk = os.read(process.stderr.fileno(), 4096)
        assert chunk, f"the build ended before printing {marker!r}: {seen[-500:]!r}"
        seen += chunk


def wait_for_temporary(process: subprocess.Popen, out: Path, prefix: str) -> None:
    """Poll ``out`` until the build stages a temporary whose name starts with ``prefix``."""
    while not list(out.glob(f"{prefix}*.tmp")):
        assert process.poll() is None, f"the build ended before staging {prefix}*.tmp"
        time.sleep(0.002)


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("moment", ["at start", "during extraction", "while staging graph.ttl",
                                    "while staging the in-memory formats"])
def test_a_killed_build_leaves_the_earlier_exports_intact(corpora, tmp_path, moment):
    small, big = corpora
    out = tmp_path / "out"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(build_args(small, out)) == 0
    before = snapshot(out)
    assert {"graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "graph.html", ".kg-build.json"} <= set(before)

    process = start_build(big, out)
    try:
        if moment == "during extraction":
            wait_for_output(process, f"extracting 3/{2 * COPIES}".encode())
        elif moment == "while staging graph.ttl":
            wait_for_temporary(process, out, ".graph.ttl.")
        elif moment == "while staging the in-memory formats":
            wait_for_temporary(process, out, ".graph.graphml.")
    finally:
        kill(process)

    assert snapshot(out) == before  # no file under a final name was replaced, added or cut short
    for name in before:
        if Path(name).suffix in OX_FORMATS:
            assert list(ox.parse(path=str(out / name), format=OX_FORMATS[Path(name).suffix])), name
    if moment.startswith("while staging"):
        assert temporaries(out)  # what the killed build left behind …

    with contextlib.redirect_stdout(io.StringIO()):
        assert main(build_args(small, out)) == 0
    assert temporaries(out) == []  # … the next build clears
    assert snapshot(out) == before  # and it writes the same files as the first build


def test_only_the_temporaries_of_processes_no_longer_running_are_cleared(tmp_path):
    """A build into a folder that another running build is writing into leaves that build's temporaries alone."""
    from kg.files import StagedFiles

    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    running = tmp_path / f".graph.ttl.{os.getpid()}.abcdefgh.tmp"
    dead = tmp_path / f".graph.ttl.{finished.pid}.abcdefgh.tmp"
    unrelated = tmp_path / ".notes.tmp"
    for path in (running, dead, unrelated):
        path.write_text("partial")
    with StagedFiles(tmp_path) as files:
        files.add("graph.ttl", "complete")
        files.commit()
    assert running.exists() and unrelated.exists() and not dead.exists()
    assert (tmp_path / "graph.ttl").read_text() == "complete" and temporaries(tmp_path) == sorted(
        [running.name, unrelated.name])
