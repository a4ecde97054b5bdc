"""Property-based robustness of the whole build: random Unicode, random union-news Chinese and
mutated corpus articles go through `kg build --format all`, and every export must parse (pyoxigraph
and rdflib), conform to the SHACL shapes, and hold only valid IRIs. Derandomized, so CI is deterministic."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.extract.tokenize import tokenize
from kg.graph.validate import load_graph, validate_graph

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),  # rdflib's own dataset parsers
              # hypothesis notes that a library the build uses raised the recursion limit
              pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
RDF_EXPORTS = {"graph.ttl": (ox.RdfFormat.TURTLE, "turtle"), "graph.nt": (ox.RdfFormat.N_TRIPLES, "nt"),
               "graph.nq": (ox.RdfFormat.N_QUADS, "nquads"), "graph.trig": (ox.RdfFormat.TRIG, "trig"),
               "graph.jsonld": (ox.RdfFormat.JSON_LD, "json-ld")}
# no shrinking: each try is a whole build, and a failure prints its unshrunk example;
# KG_FUZZ_EXAMPLES=500 for a longer hunt
FUZZ = settings(max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", 25)), deadline=None, derandomize=True,
                database=None, print_blob=True, phases=(Phase.explicit, Phase.generate),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# RFC 3987: a scheme, then no space, control, "<>\"{}|\\^`" character; "%" only before two hex digits.
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]+\Z")
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# a "." or ".." path segment: the IRI is not in normal form (RFC 3986 5.2.4 removes it: doc/.. is id/)
DOT_SEGMENT = re.compile(r"/\.{1,2}(?:[/?#]|\Z)")

HOSTILE = ['"', "\\", "\x01", "\x0b", "\x1b", "\x1f", "\x7f", "\x85", "]]>", "</script>", "<b>", "&amp;",
           "\u2028", "\u2029", "\ufeff", "\U0001F600", "\U00020000", "{", "}", "|", "^", "`", "%", "#", "\t"]
UNION_WORDS = ["总工会", "工会", "主席", "副主席", "常务副主席", "党组书记", "有限公司", "集团", "荣获", "获得",
               "全国五一劳动奖章", "劳动模范", "海口市", "海南省", "市总工会", "开展", "慰问", "困难职工", "帮扶",
               "送温暖", "活动", "2017年", "5月1日", "会员", "万元", "人次", "“", "”", "《", "》"]
PUNCTUATION = list("，。、；：？！“”‘’《》（）…—·「」【】!?;:()\n\n\n ")


def _corpus_vocabulary() -> tuple[list[str], list[str]]:
    """The words (tokens with a Chinese character) and characters of the repository's corpus."""
    text = "".join(path.read_text(encoding="utf-8") for path in CORPUS)
    words = sorted({token.text for token in tokenize(text) if re.search("[\u4e00-\u9fff]", token.text)})
    characters = sorted({char for char in text if "\u4e00" <= char <= "\u9fff"})
    return words, characters


WORDS, CHARACTERS = _corpus_vocabulary()
# no line breaks: the build's warnings name the file, and must stay one line each
FILE_NAME_CHARACTERS = st.characters(blacklist_categories=("Cs",),
                                     blacklist_characters="/\x00\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@st.composite
def file_names(draw, count: int) -> list[str]:
    """``count`` distinct article names: random stems (spaces, "%", "#", dots, CJK…), mostly .txt."""
    names: list[str] = []
    while len(names) < count:
        name = draw(st.text(FILE_NAME_CHARACTERS, min_size=1, max_size=12)) + draw(
            st.sampled_from([".txt", ".txt", ".txt", ".md", ".html"]))
        while name in names:
            name = f"{len(names)}{name}"
        names.append(name)
    return names


def random_unicode_text():
    """Any characters but surrogates, with hostile fragments and union words mixed in."""
    piece = st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20),
                      st.sampled_from(HOSTILE), st.sampled_from(UNION_WORDS))
    return st.lists(piece, min_size=1, max_size=40).map("".join)


def union_news_text():
    """Chinese built from the corpus: its words and characters, union vocabulary and punctuation."""
    piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(CHARACTERS),
                      st.sampled_from(UNION_WORDS), st.sampled_from(PUNCTUATION))
    return st.lists(piece, min_size=1, max_size=120).map("".join)


@st.composite
def mutated_article(draw) -> str:
    """A window of lines of a corpus article, lines shuffled, characters deleted, duplicated or inserted."""
    lines = draw(st.sampled_from(CORPUS)).read_text(encoding="utf-8").split("\n")
    start = draw(st.integers(0, len(lines) - 1))
    window = lines[start:start + draw(st.integers(1, 12))]
    if draw(st.booleans()):
        window = draw(st.permutations(window))
    text = "\n".join(window)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        length = draw(st.integers(1, 8))
        if kind == "delete":
            text = text[:at] + text[at + length:]
        elif kind == "duplicate":
            text = text[:at] + text[at:at + length] * 2 + text[at + length:]
        else:
            text = text[:at] + draw(st.sampled_from(HOSTILE + UNION_WORDS + PUNCTUATION)) + text[at:]
    return text


def build(articles: dict[str, str]) -> tuple[int, str, Path, tempfile.TemporaryDirectory]:
    """`kg build --format all` of ``articles`` (name → text) in a fresh folder: (exit code, stderr, out, folder)."""
    folder = tempfile.TemporaryDirectory(prefix="kg-fuzz-")
    corpus, out = Path(folder.name) / "corpus", Path(folder.name) / "out"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_bytes(text.encode("utf-8"))
    errors = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
        code = main(["build", "--corpus", str(corpus), "--out", str(out), "--format", "all", "--no-cache",
                     "--force"])
    return code, errors.getvalue(), out, folder


def check_iri(value: str) -> None:
    assert IRI.match(value), f"invalid IRI {value!r}"
    assert not BAD_PERCENT.search(value), f"stray % in IRI {value!r}"
    assert not DOT_SEGMENT.search(value), f"dot segment in IRI {value!r}"


def check_build(articles: dict[str, str]) -> None:
    """The build either succeeds with exports that parse, conform and hold valid IRIs, or (when no
    article is left) fails with a one-line error; warnings name the files it skipped."""
    code, errors, out, folder = build(articles)
    with folder:
        event(f"exit code {code}")  # --hypothesis-show-statistics shows how many builds got through
        lines = errors.splitlines()
        assert all(line.startswith(("kg build: warning: ", "kg build: error: ")) for line in lines), errors
        if code != 0:
            assert code == 1
            assert [line for line in lines if line.startswith("kg build: error: ")] == lines[-1:], errors
            assert "is a readable article" in lines[-1], errors  # nothing left to build; never a SHACL violation
            assert not out.exists()
            return
        assert not [line for line in lines if line.startswith("kg build: error:")], errors
        triples = None
        for name, (ox_format, rdflib_format) in RDF_EXPORTS.items():
            quads = list(ox.parse(path=str(out / name), format=ox_format))
            for quad in quads:
                for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
                    if isinstance(term, ox.NamedNode):
                        check_iri(term.value)
            data = {quad.triple for quad in quads if quad.graph_name == ox.DefaultGraph()
                    or quad.graph_name.value.startswith("https://union-kg.org/id/")}
            assert triples is None or data == triples, f"{name} holds other triples than graph.ttl"
            triples = triples if triples is not None else data
            parsed = rdflib.Dataset()
            parsed.parse(out / name, format=rdflib_format)
            for term in {t for quad in parsed.quads() for t in quad[:3]}:
                if isinstance(term, rdflib.URIRef):
                    check_iri(str(term))
        json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
        ET.parse(out / "graph.graphml")
        for table in ("nodes.csv", "edges.csv"):
            with open(out / table, newline="", encoding="utf-8") as handle:
                rows = list(csv.reader(handle))
            assert rows and all(len(row) == len(rows[0]) for row in rows), table
        assert (out / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
        assert validate_graph(load_graph(out / "graph.ttl")) == []
        assert not list(out.glob(".*.tmp"))


@FUZZ
@given(names=file_names(3), texts=st.lists(random_unicode_text(), min_size=3, max_size=3))
@example(names=["a.txt", "b.md", "c.txt"],  # a control character in a name: GraphML once wrote it raw (not XML)
         texts=["标题\n海口市总工会开展“金秋\x1b助学”活动。\n" + "职工" * 100, "\x00\x01", " \n"])
def test_random_unicode_articles(names, texts):
    check_build(dict(zip(names, texts)))


@FUZZ
@given(names=file_names(3), texts=st.lists(union_news_text(), min_size=3, max_size=3))
@example(names=["0.txt", "0.md", "0.md.txt"], texts=["一"] * 3)  # once one document IRI, doc/0
@example(names=["..txt", "...txt", "a b%.txt"], texts=["海口市总工会主席王大力。"] * 3)  # doc/. and doc/..
def test_random_union_news_articles(names, texts):
    check_build(dict(zip(names, texts)))


@FUZZ
@given(names=file_names(3), texts=st.lists(mutated_article(), min_size=3, max_size=3))
def test_mutated_corpus_articles(names, texts):
    check_build(dict(zip(names, texts)))
