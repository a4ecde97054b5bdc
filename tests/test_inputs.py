"""Hostile and unlucky inputs: links out of the corpus, file names with line breaks or escapes, UTF-16
without a byte-order mark, one enormous line, deeply nested HTML, and a killed build's workers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build import article as article_module
from kg.build.article import PART_CHARS, split_parts
from kg.cli import main
from kg.read.markup import html_to_text, markdown_to_text
from kg.read.reader import TITLE_CHARACTERS, SkippedFile, article_paths, document_from_bytes, read_document

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "corpus" / "002_14808505821c751d.txt"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    return folder


def build(corpus: Path, out: Path, *options: str) -> int:
    return main(["build", "--corpus", str(corpus), "--out", str(out), "--no-cache", "--force", *options])


# ---------------------------------------------------------------- links

def test_a_link_to_a_file_outside_the_corpus_is_skipped_and_said(corpus, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("海口市总工会机密文件\n\n海口市总工会主席盛林出席会议。\n", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(secret)
    assert build(corpus, tmp_path / "out") == 0
    captured = capsys.readouterr()
    assert "documents read: 1" in captured.out
    assert captured.err.splitlines() == [
        f"kg build: warning: {corpus / 'passwd.txt'}: a link outside the corpus (to {secret}; --follow-links "
        "reads it), skipped"]
    assert "机密文件" not in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")

    assert build(corpus, tmp_path / "followed", "--follow-links") == 0
    assert "documents read: 2" in capsys.readouterr().out
    assert "机密文件" in (tmp_path / "followed" / "graph.ttl").read_text(encoding="utf-8")


def test_dangling_links_and_loops_are_said_and_links_inside_are_read(corpus, tmp_path):
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    (corpus / "inside.txt").symlink_to(corpus / ARTICLE.name)
    warnings = []
    paths = article_paths(corpus, warn=warnings.append)
    assert [path.name for path in paths] == [ARTICLE.name, "inside.txt"]
    assert warnings == [f"{corpus / 'dangling.txt'}: a dangling link (its target does not exist), skipped",
                        f"{corpus / 'loop.txt'}: a link loop, skipped"]
    assert len(article_paths(corpus, follow_links=True)) == 2  # following links does not read what is not there


# ---------------------------------------------------------------- names in messages

@pytest.mark.parametrize("name", ["bad\nkg build: error: forged.txt", "\x1b[2J\x1b[31mred.txt", "rtl\u202etxt.exe.txt"],
                         ids=["newline", "escape", "bidi override"])
def test_a_file_name_cannot_forge_lines_or_reach_the_terminal(corpus, tmp_path, capsys, name):
    (corpus / name).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    assert build(corpus, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "\u202e" not in err
    assert err == f"kg build: warning: {str(corpus / name)!r}: not text (PNG image), skipped\n"

    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "strict"), "--no-cache", "--strict"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and err.startswith(f"kg build: error: {str(corpus / name)!r}")


def test_progress_lines_quote_names(corpus, tmp_path, capsys):
    for number in range(20):
        shutil.copy(ARTICLE, corpus / f"{number:02d}\x1b[31m.txt")
    assert build(corpus, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert "extracting 21/21" in err and "\x1b" not in err and "\\x1b[31m.txt'" in err


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding):
    expected = read_document(ARTICLE)
    for text in (ARTICLE.read_text(encoding="utf-8"), "海口市总工会主席盛林出席会议，一一慰问一线职工。",
                 "海口市总工会主席盛林出席会议，慰问职工。"):  # the last has no NUL byte at all
        data = text.encode(encoding)
        assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
        document = document_from_bytes(ARTICLE.name, data)
        assert document.text == document_from_bytes(ARTICLE.name, text.encode("utf-8")).text
    assert document_from_bytes(ARTICLE.name, ARTICLE.read_text(encoding="utf-8").encode(encoding)) == expected


def test_binary_data_with_nul_bytes_is_still_binary():
    for data in (bytes(range(256)) * 8, b"\x00\x01\x02\x03" * 500, os.urandom(4096) + b"\x00\x00"):
        with pytest.raises(SkippedFile, match=r"not text \(binary data\)"):
            document_from_bytes("blob.txt", data)


# ---------------------------------------------------------------- one enormous line

def one_line_text(characters: int) -> str:
    text = "".join(path.read_text(encoding="utf-8").replace("\n", "") for path in sorted((ROOT / "corpus").glob("*.txt")))
    return (text * (characters // len(text) + 1))[:characters]


def test_a_title_is_cut_at_a_sane_length():
    line = one_line_text(2_000_000)
    for name, data in (("line.txt", line), ("line.md", "# " + line), ("line.html", f"<title>{line}</title><p>{line[:50]}</p>")):
        document = document_from_bytes(name, data.encode("utf-8"))
        assert len(document.title) == TITLE_CHARACTERS and document.title.endswith("…"), name
        assert document.title[:-1] == line[:TITLE_CHARACTERS - 1].rstrip()
    assert len(document_from_bytes("line.txt", line.encode()).text) == len(line)


class CountingText(str):
    """A str that counts the characters copied by slicing it (and the strings sliced from it)."""

    copied = 0

    def __getitem__(self, key):
        piece = super().__getitem__(key)
        CountingText.copied += len(piece)
        return CountingText(piece)


def test_splitting_one_long_line_copies_each_character_about_once():
    text = one_line_text(3_000_000).replace("。", "，")  # nowhere to cut but anywhere
    CountingText.copied = 0
    parts = split_parts(CountingText(text), PART_CHARS)
    assert "".join(parts) == text and all(len(part) <= PART_CHARS for part in parts)
    assert CountingText.copied <= 2 * len(text), f"{CountingText.copied:,} characters copied for {len(text):,}"


def test_a_long_line_shows_its_progress_part_by_part(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(article_module, "PART_CHARS", 2_000)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "line.txt").write_text(one_line_text(9_000), encoding="utf-8")
    assert build(corpus, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert [f"(part {part}/5)" in err for part in range(1, 6)] == [True] * 5, err
    assert "extracting 0/1 line.txt (part 1/5)" in err


# ---------------------------------------------------------------- nested markup

def cpu_seconds(convert, page: str) -> float:
    started = time.process_time()
    title, text = convert(page)
    assert "工会" in text
    return time.process_time() - started


def test_deeply_nested_tags_take_linear_time():
    """200,000 nested <nav> (and <div>) elements cost about what as many siblings cost; the old stack
    of open elements took time quadratic in the depth (94 s for 200,000)."""
    depth = 200_000
    siblings = cpu_seconds(html_to_text, "<p>工会</p>" + "<nav></nav>" * depth + "<p>结束</p>")
    nested = cpu_seconds(html_to_text, "<p>工会</p>" + "<nav>" * depth + "</nav>" * depth + "<p>结束</p>")
    blocks = cpu_seconds(html_to_text, "<p>工会</p>" + "<div>" * depth + "</div>" * depth + "<p>结束</p>")
    assert nested < 5 * siblings + 1 and blocks < 5 * siblings + 1, (siblings, nested, blocks)


@pytest.mark.parametrize("unit", ["<a ", "<!--", '<p x="', "<![CDATA[", "<!-- <!-- -->"],
                         ids=["tags", "comments", "quotes", "cdata", "comment in comment"])
def test_unclosed_html_constructs_take_linear_time(unit):
    """Python's HTMLParser rescans the rest of the page at each unclosed construct (20,000 unclosed
    ``<a `` took 39 s); 50,000 of them cost about what as many closed elements cost."""
    count = 50_000
    closed = cpu_seconds(html_to_text, "<p>工会</p>" + "<nav></nav>" * count)
    unclosed = cpu_seconds(html_to_text, "<p>工会</p>" + unit * count)
    assert unclosed < 5 * closed + 1, (closed, unclosed)


@pytest.mark.parametrize("unit", ["[", "![", "<a", "<http://", "[a]("], ids=["brackets", "images", "tags", "autolinks", "urls"])
def test_unclosed_markdown_constructs_take_linear_time(unit):
    """A Markdown line of 50,000 unclosed brackets (or tags) costs about what as many links cost; each
    one used to be matched against the rest of the line (40,000 ``![`` took 28 s)."""
    count = 50_000
    links = cpu_seconds(markdown_to_text, "# 工会\n\n" + "[a](b) " * count)
    unclosed = cpu_seconds(markdown_to_text, "# 工会\n\n" + unit * count)
    assert unclosed < 5 * links + 1, (links, unclosed)


# ---------------------------------------------------------------- a killed build's workers

def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_killing_a_build_with_workers_leaves_no_worker_running(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(40):
        shutil.copy(ARTICLE, corpus / f"{number:02d}.txt")
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", "--corpus", str(corpus), "--out",
                              str(tmp_path / "out"), "--no-cache", "--workers", "2"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(workers := children(build.pid)) < 2:
            assert build.poll() is None and time.monotonic() < deadline, "the workers never started"
            time.sleep(0.05)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    deadline = time.monotonic() + 30
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"worker processes {left} outlived the killed build"
