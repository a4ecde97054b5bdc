"""The benchmark: synthetic corpora from corpus/ and the shape of `kg bench`'s report (never its speed)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kg.evaluate.bench import MB, load_source, write_corpus

NUMBER = r"-|\d+(\.\d+)?"


@pytest.fixture(scope="module")
def source(root):
    return load_source(root / "corpus")


def test_synthetic_corpus_reaches_the_size_from_source_paragraphs(tmp_path, source):
    corpus = write_corpus(tmp_path / "a", source, 0.2)
    files = sorted(corpus.folder.glob("bench-*.txt"))
    assert [path.name for path in files[:2]] == ["bench-000001.txt", "bench-000002.txt"]
    assert len(files) == corpus.documents > 5
    sizes = [len(path.read_bytes()) for path in files]
    assert sum(sizes) == corpus.text_bytes
    assert 0.2 * MB <= corpus.text_bytes < 0.2 * MB + max(len(p.encode()) for p in source.paragraphs) + 2
    assert max(sizes) <= max(source.article_sizes) + max(len(p.encode()) for p in source.paragraphs) + 100
    titles = set(source.titles)
    paragraphs = set(source.paragraphs)
    contents = [path.read_text(encoding="utf-8") for path in files]
    assert len(set(contents)) == len(contents), "two synthetic articles are byte-identical"
    for text in contents:
        title, *body = text.rstrip("\n").split("\n\n")
        assert re.sub(r"（\d+）$", "", title) in titles
        assert body and all(paragraph in paragraphs for paragraph in body)
    used = {paragraph for text in contents for paragraph in text.rstrip("\n").split("\n\n")[1:]}
    assert len(used) > len(paragraphs) * 0.9, "paragraphs should be drawn from the whole corpus"


def test_synthetic_corpus_is_deterministic_and_reused(tmp_path, source):
    first = write_corpus(tmp_path / "a", source, 0.05)
    second = write_corpus(tmp_path / "b", source, 0.05)
    assert [p.read_bytes() for p in sorted(first.folder.glob("*.txt"))] == \
        [p.read_bytes() for p in sorted(second.folder.glob("*.txt"))]
    marker = first.folder / "bench-000001.txt"
    marker.write_bytes(marker.read_bytes() + b"kept\n")
    assert write_corpus(tmp_path / "a", source, 0.05) == first
    assert marker.read_bytes().endswith(b"kept\n"), "a folder holding the size is reused as it is"
    resized = write_corpus(tmp_path / "a", source, 0.03)
    assert resized.text_bytes < first.text_bytes
    assert len(list(resized.folder.glob("bench-*.txt"))) == resized.documents


def test_kg_bench_prints_a_line_per_size_and_per_target(tmp_path, root):
    completed = subprocess.run(
        [sys.executable, "-m", "kg", "bench", "--sizes", "0.02,0.04", "--formats", "ttl", "--keep", str(tmp_path)],
        capture_output=True, text=True, cwd=root, timeout=600)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    header_index = next(index for index, line in enumerate(lines) if line.split()[:3] == ["MB", "docs", "s"])
    columns = re.split(r"\s{2,}", lines[header_index].strip())
    assert {"MB/s", "docs/s", "tokenise", "resolve", "RSS MB", "triples", "posseg MB/s", "x posseg"} <= set(columns)
    rows = lines[header_index + 2:header_index + 4]
    for row, megabytes in zip(rows, ("0.02", "0.04")):
        cells = row.split()
        assert len(cells) == len(columns) and cells[0] == megabytes
        assert all(re.fullmatch(NUMBER, cell) for cell in cells), row
        assert int(cells[1]) >= 1 and int(cells[columns.index("triples")]) > 100
    targets = lines[lines.index("targets") + 1:]
    assert len(targets) == 7
    for line, start in zip(targets, ("end to end on one core", "2 workers", "linear cost", "peak memory",
                                     "unchanged rebuild", "one added article", "profile accurate, end to end")):
        assert line.strip().startswith(start) and re.search(r": (met|NOT met)$", line), line
    assert re.search(r"unchanged rebuild .*, up to date: nothing extracted or written\)", completed.stdout)
    assert re.search(r"one added article re-extracts only it: 1 of \d+ extracted.*: met$", completed.stdout, re.M)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["0.02MB", "0.04MB"]
