"""A huge single article is extracted part by part: the analyser never sees more than a part."""

from __future__ import annotations

import kg.build.article
from kg.build.article import extract_article, split_parts
from kg.cli import main
from kg.model import Document


def test_split_parts_cuts_at_line_breaks_and_keeps_every_character():
    text = "".join(f"第{n}段，海口市总工会开展活动。\n" for n in range(500))
    parts = split_parts(text, 1000)
    assert "".join(parts) == text and len(parts) >= 8
    assert all(len(part) <= 1000 and part.endswith("\n") for part in parts[:-1])
    run_on = "海口市总工会开展活动。" * 300  # no line break: cut after a sentence end
    assert all(part.endswith("。") for part in split_parts(run_on, 1000)[:-1])
    assert split_parts("字" * 2500, 1000) == ["字" * 1000, "字" * 1000, "字" * 500]  # nothing to cut at


def test_a_long_article_is_analysed_in_parts_and_finds_what_its_parts_find(root, monkeypatch):
    articles = [path.read_text(encoding="utf-8") for path in sorted((root / "corpus").glob("*.txt"))]
    text = "\n".join(articles * 3)
    seen_lengths = []
    analyse = kg.build.article.analyse

    def recording_analyse(document):
        seen_lengths.append(len(document.text))
        return analyse(document)

    monkeypatch.setattr(kg.build.article, "PART_CHARS", 20_000)
    monkeypatch.setattr(kg.build.article, "analyse", recording_analyse)
    whole = extract_article(Document("long.txt", "长文", text))
    assert len(seen_lengths) >= len(text) // 20_000 and max(seen_lengths) <= 20_000
    one_by_one = set()
    for article in articles:
        one_by_one |= {entity.key for entity in extract_article(Document("a.txt", "t", article)).entities}
    found = {entity.key for entity in whole.entities}
    assert len(found & one_by_one) >= 0.9 * len(one_by_one)
    assert len({relation.evidence for relation in whole.relations}) > 80
    assert len(whole.relations) == len(set(whole.relations))


def test_build_of_a_long_single_file(root, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(kg.build.article, "PART_CHARS", 50_000)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    articles = [path.read_text(encoding="utf-8") for path in sorted((root / "corpus").glob("*.txt"))]
    (corpus / "archive.txt").write_text("\n".join(articles * 8), encoding="utf-8")  # about 0.6 MB, one file
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--no-cache"]) == 0
    output = capsys.readouterr().out
    assert "documents read: 1" in output and "triples written" in output
    turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert turtle.count("a rdf:Statement") > 100 and "archive.txt" in turtle
