"""Messy input: legacy encodings, Traditional characters, HTML and Markdown, stray whitespace, bad files."""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import opencc
import pytest

from kg.build.article import extract_article
from kg.cli import main
from kg.extract.text import analyse_text
from kg.model import Document
from kg.read.reader import (
    ARTICLE_SUFFIXES,
    SkippedFile,
    article_paths,
    document_from_bytes,
    read_document,
)
from kg.read.script import is_traditional, simplified_characters, to_simplified
from kg.resolve.resolution import resolve_corpus

ROOT = Path(__file__).resolve().parent.parent
HAIKOU = ROOT / "corpus" / "000_7140136955a3941c.txt"
DINGBIAN = ROOT / "corpus" / "003_6cb5efa38da17b7c.txt"
WEIHAI = ROOT / "corpus" / "001_ef017d69908f7d1b.txt"
INPUT = ROOT / "tests" / "data" / "input"
TO_TRADITIONAL = opencc.OpenCC("s2t")
TO_TAIWAN = opencc.OpenCC("s2tw")  # Traditional as Taiwan writes it, which Big5 holds (為, not 爲)
TO_SIMPLIFIED = opencc.OpenCC("t2s")


def extraction_keys(extraction):
    entities = {entity.key for entity in extraction.entities}
    relations = {(r.type, r.subject, r.object, r.role) for r in extraction.relations}
    return entities, relations


def article(text: str, name: str = "article.txt"):
    return extract_article(document_from_bytes(name, text.encode("utf-8")))


# --- 1. encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_every_encoding_of_a_simplified_article_reads_and_extracts_alike(encoding):
    text = HAIKOU.read_text(encoding="utf-8")
    expected = document_from_bytes(HAIKOU.name, text.encode("utf-8"))
    document = document_from_bytes(HAIKOU.name, text.encode(encoding))
    assert document == expected
    assert extraction_keys(extract_article(document)) == extraction_keys(extract_article(expected))


@pytest.mark.parametrize("name", ["000_jiangsu_railway.txt", "006_chongqing_wages.txt"])
def test_gb2312_passage_reads_and_extracts_alike(name):
    text = (ROOT / "tests" / "data" / "dev" / name).read_text(encoding="utf-8")  # GB2312 holds all of it
    expected = document_from_bytes(name, text.encode("utf-8"))
    document = document_from_bytes(name, text.encode("gb2312"))
    assert document == expected
    assert extraction_keys(extract_article(document)) == extraction_keys(extract_article(expected))


@pytest.mark.parametrize("encoding", ["big5", "cp950"])
def test_big5_article_reads_alike(encoding):
    traditional = TO_TAIWAN.convert(WEIHAI.read_text(encoding="utf-8"))
    expected = document_from_bytes(WEIHAI.name, traditional.encode("utf-8"))
    document = document_from_bytes(WEIHAI.name, traditional.encode(encoding))
    assert document == expected
    assert extraction_keys(extract_article(document)) == extraction_keys(extract_article(expected))


def test_headlines_in_gb18030_and_big5_are_told_apart():
    headlines = [line.strip() for path in sorted((ROOT / "tests" / "data" / "dev").glob("*.txt"))
                 for line in path.read_text(encoding="utf-8").split("\n")[:1]]
    assert len(headlines) > 40
    for headline in headlines:
        simplified = headline[:12]
        traditional = TO_TAIWAN.convert(simplified)
        assert document_from_bytes("a.txt", simplified.encode("gb18030")).text == simplified
        try:
            data = traditional.encode("cp950")
        except UnicodeEncodeError:
            continue
        assert document_from_bytes("a.txt", data).text == traditional


# --- 2. Traditional characters


@pytest.fixture(scope="module")
def traditional_haikou():
    simplified_text = HAIKOU.read_text(encoding="utf-8")
    traditional_text = TO_TRADITIONAL.convert(simplified_text)
    simplified = extract_article(document_from_bytes(HAIKOU.name, simplified_text.encode("utf-8")))
    traditional = extract_article(document_from_bytes(HAIKOU.name, traditional_text.encode("utf-8")))
    return simplified, traditional, traditional_text


def _as_simplified(keys):
    def convert(value):
        return TO_SIMPLIFIED.convert(value) if isinstance(value, str) else tuple(convert(v) for v in value)
    return {tuple(convert(part) if part is not None else None for part in key) for key in keys}


def test_traditional_article_extracts_as_well_as_the_simplified_one(traditional_haikou):
    simplified, traditional, _ = traditional_haikou
    expected_entities, expected_relations = map(_as_simplified, extraction_keys(simplified))
    entities, relations = extraction_keys(traditional)
    assert len(expected_entities) > 50 and len(expected_relations) > 50
    assert len(entities & expected_entities) >= 0.9 * len(expected_entities)
    assert len(relations & expected_relations) >= 0.9 * len(expected_relations)


def test_traditional_article_keeps_its_characters_in_labels_and_evidence(traditional_haikou):
    _, traditional, traditional_text = traditional_haikou
    union = next(e for e in traditional.entities if e.key == ("Union", "海口市总工会"))
    assert union.label == "海口市總工會"
    office = next(r for r in traditional.relations if r.type == "holdsPosition" and r.subject == ("Person", "盛林")
                  and r.object == ("Union", "海口市总工会"))
    assert office.role == "主席"
    assert office.evidence == "海口市人大常委會副主任、市總工會主席盛林(左二)慰問一線工作者"
    flat = traditional_text.replace("\n", "")
    assert all(relation.evidence in flat for relation in traditional.relations)

    corpus = resolve_corpus([traditional])
    entity = next(e for e in corpus.entities if e.type == "Union" and "海口市总工会" in e.aliases)
    assert entity.label == "海口市總工會"
    award = next(e for e in corpus.entities if e.type == "Award" and "全国五一劳动奖状" in e.aliases)
    assert award.label == "全國五一勞動獎狀"


def test_names_expanded_from_short_forms_are_labelled_in_traditional_too():
    text = TO_TRADITIONAL.convert(WEIHAI.read_text(encoding="utf-8"))
    assert "省總" in text and "山東" not in text and "全總" in text and "中華" not in text
    labels = {e.key: e.label for e in extract_article(document_from_bytes(WEIHAI.name, text.encode("utf-8"))).entities}
    assert labels[("Union", "山东省总工会")] == "山東省總工會"  # 省總 in a Weihai article
    assert labels[("Union", "中华全国总工会")] == "中華全國總工會"  # 全總


def test_same_union_in_traditional_and_simplified_articles_is_one_entity(traditional_haikou):
    simplified, traditional, _ = traditional_haikou
    other = extract_article(Document("other.txt", "x", "2018年，海口市总工会举办职工运动会。"))
    corpus = resolve_corpus([other, replace(traditional, document=Document("traditional.txt", "x", ""))])
    unions = [e for e in corpus.entities if e.type == "Union" and "海口" in e.label]
    assert len(unions) == 1
    assert unions[0].label == "海口市总工会" and "海口市總工會" in unions[0].aliases
    assert unions[0].documents == ("other.txt", "traditional.txt")


def test_a_simplified_article_with_a_stray_traditional_character_is_not_converted():
    article_text = analyse_text(read_document(HAIKOU))
    assert "安裝" in article_text.text and article_text.conversion is None
    assert not is_traditional(HAIKOU.read_text(encoding="utf-8"))
    assert is_traditional("全國總工會")


def test_conversion_keeps_every_character_in_place(monkeypatch):
    text = TO_TRADITIONAL.convert(DINGBIAN.read_text(encoding="utf-8"))
    converted = to_simplified(text)
    assert len(converted) == len(text) and "总工会" in converted and "總工會" not in converted

    class LengthChanging:  # a phrase conversion that changes a line's length
        def convert(self, line):
            return line.replace("總工會", "总工会会")

    simplified_characters()  # the per-character table comes from the real converter
    monkeypatch.setattr("kg.read.script._converter", lambda: LengthChanging())
    line = "定邊縣總工會"
    assert to_simplified(line) == "定边县总工会"


# --- 3. HTML and Markdown


def test_html_page_gives_the_entities_of_the_text_article():
    page = read_document(INPUT / "000_7140136955a3941c.html")
    assert page.id == "000_7140136955a3941c.html"
    assert page.title == "做职工群众最可信赖的“娘家人”"
    assert "<" not in page.text and "&ldquo;" not in page.text and "pageInfo" not in page.text
    assert "版权所有" not in page.text and "首页" not in page.text  # navigation and footer are not the article
    expected = extract_article(read_document(HAIKOU))
    found = extract_article(page)
    assert extraction_keys(found) == extraction_keys(expected)


def test_markdown_article_gives_the_entities_of_the_text_article():
    document = read_document(INPUT / "003_6cb5efa38da17b7c.md")
    assert document.title == "以“脱贫摘帽”为契机 打造工作亮点和品牌"
    for markup in ("**", "![", "](", "- 2018", "source:"):
        assert markup not in document.text
    expected = extract_article(read_document(DINGBIAN))
    found = extract_article(document)
    assert extraction_keys(found) == extraction_keys(expected)
    assert len(found.observations) == len(expected.observations) > 50


def test_html_title_falls_back_to_the_first_heading_and_blocks_become_lines():
    page = ("<html><body><h1>威海市总工会 表彰&amp;奖励</h1><div>第一段<br>第二段</div>"
            "<ul><li>一</li><li>二</li></ul><script>alert('x')</script></body></html>")
    document = document_from_bytes("page.htm", page.encode("utf-8"))
    assert document.title == "威海市总工会 表彰&奖励"
    assert document.text.split("\n\n") == ["# 威海市总工会 表彰&奖励", "第一段", "第二段", "一", "二"]
    titled = document_from_bytes("page.html", "<title>标题</title><p>正文一段。</p>".encode("utf-8"))
    assert titled.title == "标题" and titled.text == "标题\n\n正文一段。"


def test_markdown_markup_is_removed():
    source = ("标题一行\n=====\n\n1. 第一条 [链接文字](http://example.org) 与 `代码`\n"
              "> 引用的*强调*与__加粗__\n\n```\nfenced\n```\n\n| 单位 | 人数 |\n|---|---|\n| 工会 | 57 |\n")
    document = document_from_bytes("a.md", source.encode("utf-8"))
    assert document.title == "标题一行"
    assert document.text.split("\n") == ["# 标题一行", "", "第一条 链接文字 与 代码", "引用的强调与加粗", "",
                                         "fenced", "", "单位 人数", "工会 57"]


def test_corpus_folder_reads_markdown_and_html_too(tmp_path):
    for name in ("a.txt", "b.md", "c.html", "d.htm", "e.png", "f.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in article_paths(tmp_path)] == ["a.txt", "b.md", "c.html", "d.htm"]
    assert set(ARTICLE_SUFFIXES) == {".txt", ".md", ".html", ".htm"}


# --- 4. whitespace and punctuation

SENTENCE = "一年来，海口市总工会以推荐评选全国五一劳动奖状为抓手，充分发挥劳模示范带动作用。"


@pytest.mark.parametrize("variant", [
    SENTENCE.replace("，", ","),
    SENTENCE.replace("海口市总工会", "海口市 总工会"),
    SENTENCE.replace("海口市总工会", "海口市\u3000总工会"),
    SENTENCE.replace("海口市总工会", "海口市总\n工会"),
    SENTENCE.replace("海口市总工会", "海口市总工\n会"),
], ids=["half-width commas", "space in the name", "ideographic space in the name", "name split across lines",
        "name split before its last character"])
def test_whitespace_and_punctuation_do_not_break_names(variant):
    assert extraction_keys(article(variant))[0] == extraction_keys(article(SENTENCE))[0]
    assert ("Union", "海口市总工会") in extraction_keys(article(variant))[0]


def test_stray_space_inside_a_company_name():
    sentence = "2017年，齐鲁制药（海南） 有限公司获得全国五一劳动奖状。"
    entities, relations = extraction_keys(article(sentence))
    assert ("Company", "齐鲁制药(海南)有限公司") in entities
    assert ("receivedAward", ("Company", "齐鲁制药(海南)有限公司"), ("Award", "全国五一劳动奖状"), None) in relations


def test_spaces_between_names_in_a_byline_are_kept():
    entities, _ = extraction_keys(article("县总工会开展慰问活动。\n□通讯员 信平 国占 摄\n"))
    assert {("Person", "信平"), ("Person", "国占")} <= entities


# --- 5. bad files


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("data, problem", [
    (png_bytes(), "not text (PNG image)"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "not text (JPEG image)"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not text (PDF document)"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(40), "not text (ZIP archive or Office document)"),
    (zlib.compress("海口市总工会".encode("utf-8") * 20), "not text (binary data)"),
    ("海口市总工会".encode("utf-8") + b"\x00\x01\x02" * 10, "not text (binary data)"),
    (bytes(range(0x80, 0x100)) * 4, "not text (neither UTF-8, UTF-16, GB18030 nor Big5)"),
    (b"", "empty file"),
    (b" \n\t\r\n\xe3\x80\x80", "no text (only whitespace)"),
    (b"\xef\xbb\xbf\n\n", "no text (only whitespace)"),
], ids=["png", "jpeg", "pdf", "zip", "compressed", "nul bytes", "no encoding", "empty", "whitespace", "bom only"])
def test_files_that_are_not_articles_are_skipped_with_a_plain_reason(data, problem):
    with pytest.raises(SkippedFile) as raised:
        document_from_bytes("photo.txt", data, "corpus/photo.txt")
    assert str(raised.value) == f"corpus/photo.txt: {problem}, skipped"


def test_html_without_text_is_skipped():
    with pytest.raises(SkippedFile, match=r"^page.html: no text \(only markup\), skipped$"):
        document_from_bytes("page.html", b"<html><head><title></title><script>x()</script></head></html>")


@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("海口市总工会举办劳模表彰大会\n\n2018年，海口市总工会主席盛林出席会议。\n", encoding="utf-8")
    (corpus / "b.txt").write_bytes(png_bytes())
    return corpus


def test_build_skips_a_bad_file_with_a_one_line_warning(small_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--corpus", str(small_corpus), "--out", str(out), "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        f"kg build: warning: {small_corpus / 'b.txt'}: not text (PNG image), skipped"]
    assert "documents read: 1" in captured.out and (out / "graph.ttl").exists()


def test_strict_build_stops_on_a_bad_file_and_writes_nothing(small_corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--corpus", str(small_corpus), "--out", str(out), "--no-cache", "--strict"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"kg build: error: {small_corpus / 'b.txt'}: not text (PNG image)"]
    assert not out.exists()


def test_unreadable_file_is_skipped(small_corpus, tmp_path, capsys, monkeypatch):
    unreadable = small_corpus / "c.txt"
    unreadable.write_text("海口市总工会", encoding="utf-8")
    if os.geteuid() == 0:  # root reads any file whatever its mode: make the read fail instead
        read_bytes = Path.read_bytes

        def failing_read(path):
            if path == unreadable:
                raise PermissionError(13, "Permission denied", str(path))
            return read_bytes(path)

        monkeypatch.setattr(Path, "read_bytes", failing_read)
    else:
        unreadable.chmod(0)
    assert main(["build", "--corpus", str(small_corpus), "--out", str(tmp_path / "out"), "--no-cache"]) == 0
    warnings = capsys.readouterr().err.strip().splitlines()
    assert f"kg build: warning: {unreadable}: cannot read (Permission denied), skipped" in warnings
    with pytest.raises(SkippedFile, match="cannot read"):
        read_document(unreadable)


@pytest.mark.parametrize("make, problem", [
    (lambda folder: None, "no such folder"),
    (lambda folder: folder.write_text("x"), "not a folder"),
    (lambda folder: (folder.mkdir(), (folder / "notes.json").write_text("{}")), "no articles (*.txt, *.md, *.html, *.htm) found"),
])
def test_corpus_problems_are_one_line_errors_and_write_nothing(make, problem, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    make(corpus)
    out = tmp_path / "out"
    assert main(["build", "--corpus", str(corpus), "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [f"kg build: error: {corpus}: {problem}"]
    assert not out.exists()


def test_a_folder_where_every_file_is_skipped_is_an_error(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "scan.html").write_bytes(png_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("earlier build", encoding="utf-8")
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--no-cache"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"kg build: warning: {corpus / 'empty.txt'}: empty file, skipped",
        f"kg build: warning: {corpus / 'scan.html'}: not text (PNG image), skipped",
        f"kg build: error: {corpus}: none of the 2 file(s) is a readable article",
    ]
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "earlier build"
