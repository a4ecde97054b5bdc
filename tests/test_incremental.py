"""Incremental builds: the extraction cache and the build manifest give the bytes of a clean build."""

from __future__ import annotations

import shutil

from kg.cli import main

FILES = ("graph.ttl", "graph.nt", "graph.nq", "graph.html")


def build(capsys, corpus, out, *options) -> str:
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--format", "ttl,nt,nq", *options]) == 0
    return capsys.readouterr().out


def same_files(first, second) -> bool:
    return all((first / name).read_bytes() == (second / name).read_bytes() for name in FILES)


def test_cached_and_grown_builds_equal_clean_builds(root, tmp_path, capsys):
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(root / "corpus", corpus)
    first = build(capsys, corpus, tmp_path / "first", "--cache", str(cache))
    assert "from the cache" not in first

    again = build(capsys, corpus, tmp_path / "again", "--cache", str(cache))
    assert "documents read: 5 (5 from the cache)" in again
    assert same_files(tmp_path / "first", tmp_path / "again")
    assert "up to date" in build(capsys, corpus, tmp_path / "again", "--cache", str(cache))

    shutil.copy(root / "tests" / "data" / "dev" / sorted(p.name for p in (root / "tests" / "data" / "dev").glob("*.txt"))[0],
                corpus / "zz_added.txt")
    grown = build(capsys, corpus, tmp_path / "again", "--cache", str(cache))
    assert "documents read: 6 (5 from the cache)" in grown
    build(capsys, corpus, tmp_path / "clean", "--no-cache")
    assert same_files(tmp_path / "again", tmp_path / "clean")
    assert not same_files(tmp_path / "again", tmp_path / "first")
