"""Tests for kg.evaluate.scoring: gold loading, matching rules, counts and report output."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest

from kg.evaluate.scoring import (
    GoldFormatError,
    evaluate,
    format_report,
    load_gold,
    normalise_name,
    report_as_dict,
)
from kg.model import (
    ENTITY_TYPES,
    RELATION_TYPES,
    ArticleEntity,
    ArticleExtraction,
    ArticleRelation,
    Document,
)

GOLD_DIR = Path(__file__).parent / "data" / "gold"
DOC = "000_7140136955a3941c.txt"
HAIKOU_UNION = ("Union", "海口市总工会")
SHENG_LIN = ("Person", "盛林")


@pytest.fixture(scope="module")
def gold() -> dict[str, ArticleExtraction]:
    return load_gold(GOLD_DIR)


def predicted_copy(gold: dict[str, ArticleExtraction]) -> dict[str, ArticleExtraction]:
    return copy.deepcopy(gold)


def small_doc(entities, relations=()) -> dict[str, ArticleExtraction]:
    return {"d.txt": ArticleExtraction(Document("d.txt", "", ""), list(entities), list(relations))}


# ------------------------------------------------------------------ loading


def test_gold_files_load(gold):
    assert len(gold) == 5
    assert DOC in gold
    extraction = gold[DOC]
    assert extraction.document.id == DOC
    union = next(e for e in extraction.entities if e.key == HAIKOU_UNION)
    assert "市总工会" in union.aliases
    roles = {r.role for r in extraction.relations if r.type == "holdsPosition" and r.subject == SHENG_LIN}
    assert roles == {"主席", "副主任"}
    for doc in gold.values():
        keys = {e.key for e in doc.entities}
        for relation in doc.relations:
            assert relation.subject in keys and relation.object in keys
            assert relation.evidence == ""


def write_gold(tmp_path: Path, data, name: str = "x.gold.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


VALID = {
    "doc": "x.txt",
    "entities": [
        {"id": "e1", "type": "Union", "name": "海口市总工会"},
        {"id": "e2", "type": "Person", "name": "盛林"},
    ],
    "relations": [{"type": "holdsPosition", "subject": "e2", "object": "e1", "role": "主席"}],
}


def test_valid_written_gold_file_loads(tmp_path):
    write_gold(tmp_path, VALID)
    (tmp_path / "README.md").write_text("not a gold file")
    loaded = load_gold(tmp_path)
    assert list(loaded) == ["x.txt"]
    assert loaded["x.txt"].relations[0].subject == SHENG_LIN


@pytest.mark.parametrize(
    "broken, problem",
    [
        ("{not json", "JSON"),
        ({k: v for k, v in VALID.items() if k != "entities"}, "entities"),
        ({**VALID, "entities": [{"id": "e1", "type": "Union"}]}, "name"),
        ({**VALID, "entities": [{"id": "e1", "type": "Club", "name": "x"}], "relations": []}, "Club"),
        ({**VALID, "relations": [{"type": "likes", "subject": "e2", "object": "e1"}]}, "likes"),
        ({**VALID, "relations": [{"type": "holdsPosition", "subject": "e9", "object": "e1"}]}, "e9"),
    ],
)
def test_malformed_gold_file_raises_naming_the_file(tmp_path, broken, problem):
    write_gold(tmp_path, broken)
    with pytest.raises(GoldFormatError) as info:
        load_gold(tmp_path)
    message = str(info.value)
    assert "x.gold.json" in message
    assert problem in message
    assert "\n" not in message


# ------------------------------------------------------------------ matching


def test_gold_against_itself_is_perfect(gold):
    report = evaluate(predicted_copy(gold), gold)
    for counts in [*report.entity_counts.values(), *report.relation_counts.values()]:
        assert counts.fp == counts.fn == 0
        if counts.tp:
            assert counts.f1 == 1.0
    assert report.entities.f1 == 1.0 and report.relations.f1 == 1.0
    assert report.entities.tp == sum(len(d.entities) for d in gold.values())
    assert report.relations.tp == sum(len(d.relations) for d in gold.values())
    assert report.role_accuracy.value == 1.0 and report.role_accuracy.total > 0
    assert report.year_accuracy.value == 1.0 and report.year_accuracy.total > 0
    assert all(doc.is_perfect for doc in report.documents)


def test_removing_an_entity_misses_it_and_its_relations(gold):
    predicted = predicted_copy(gold)
    doc = predicted[DOC]
    doc.entities = [e for e in doc.entities if e.key != SHENG_LIN]
    report = evaluate(predicted, gold)

    person = report.entity_counts["Person"]
    assert person.fn == 1 and person.recall < 1.0 and person.precision == 1.0
    assert report.entity_counts["Union"].recall == 1.0
    details = next(d for d in report.documents if d.doc == DOC)
    assert details.missed_entities == ["Person:盛林"]
    assert "holdsPosition(盛林 → 海口市总工会, role=主席)" in details.missed_relations
    assert "holdsPosition(盛林 → 海口市人大常委会, role=副主任)" in details.missed_relations
    assert report.relation_counts["holdsPosition"].fn == 2


def test_missing_predicted_document_counts_as_all_missed(gold):
    predicted = predicted_copy(gold)
    del predicted[DOC]
    report = evaluate(predicted, gold)
    assert report.entities.fn == len(gold[DOC].entities)
    assert report.relations.fn == len(gold[DOC].relations)
    assert report.entities.fp == 0


def test_predicted_documents_without_gold_are_ignored(gold):
    predicted = predicted_copy(gold)
    extra = Document("999_extra.txt", "", "")
    predicted[extra.id] = ArticleExtraction(extra, [ArticleEntity("Person", "某人")])
    assert evaluate(predicted, gold).entities.fp == 0


def test_alias_form_matches_and_keeps_relations(gold):
    predicted = predicted_copy(gold)
    doc = predicted[DOC]
    short = ("Union", "市总工会")
    doc.entities = [ArticleEntity("Union", "市总工会") if e.key == HAIKOU_UNION else e for e in doc.entities]
    doc.relations = [
        replace(r, subject=short if r.subject == HAIKOU_UNION else r.subject,
                object=short if r.object == HAIKOU_UNION else r.object)
        for r in doc.relations
    ]
    report = evaluate(predicted, gold)
    assert report.entities.f1 == 1.0
    assert report.relations.f1 == 1.0


def test_gold_name_among_predicted_aliases_matches():
    gold = small_doc([ArticleEntity("Union", "海口市总工会")])
    predicted = small_doc([ArticleEntity("Union", "海口市总", ("海口市总工会",))])
    assert evaluate(predicted, gold).entity_counts["Union"].tp == 1


def test_exact_name_match_is_preferred_over_alias_match():
    gold = small_doc([ArticleEntity("Union", "海口市总工会", ("市总工会",)), ArticleEntity("Union", "市总工会")])
    predicted = small_doc([ArticleEntity("Union", "市总工会"), ArticleEntity("Union", "海口市总工会")])
    report = evaluate(predicted, gold)
    assert report.entity_counts["Union"].tp == 2


def test_alias_match_is_one_to_one():
    gold = small_doc([ArticleEntity("Union", "海口市总工会", ("市总工会", "市总"))])
    predicted = small_doc([ArticleEntity("Union", "市总工会"), ArticleEntity("Union", "市总")])
    counts = evaluate(predicted, gold).entity_counts["Union"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)


def test_wrong_type_does_not_match(gold):
    predicted = predicted_copy(gold)
    doc = predicted[DOC]
    doc.entities = [
        ArticleEntity("Organization", e.name) if e.key == HAIKOU_UNION else e for e in doc.entities
    ]
    report = evaluate(predicted, gold)
    assert report.entity_counts["Union"].fn == 1
    assert report.entity_counts["Organization"].fp == 1
    details = next(d for d in report.documents if d.doc == DOC)
    assert "Organization:海口市总工会" in details.spurious_entities
    assert "Union:海口市总工会" in details.missed_entities


def test_wrong_role_still_matches_but_lowers_role_accuracy(gold):
    predicted = predicted_copy(gold)
    doc = predicted[DOC]
    target = ("holdsPosition", SHENG_LIN, HAIKOU_UNION)
    doc.relations = [
        replace(r, role="副主席") if (r.type, r.subject, r.object) == target else r for r in doc.relations
    ]
    report = evaluate(predicted, gold)
    assert report.relations.f1 == 1.0
    accuracy = report.role_accuracy
    assert accuracy.correct == accuracy.total - 1 and accuracy.value < 1.0
    details = next(d for d in report.documents if d.doc == DOC)
    assert details.wrong_qualifiers == ["holdsPosition(盛林 → 海口市总工会, role=副主席); gold role=主席"]


def test_wrong_year_lowers_year_accuracy(gold):
    predicted = predicted_copy(gold)
    doc = predicted[DOC]
    doc.relations = [
        replace(r, year=2016) if r.type == "receivedAward" and r.year == 2015 else r for r in doc.relations
    ]
    report = evaluate(predicted, gold)
    assert report.relation_counts["receivedAward"].f1 == 1.0
    assert report.year_accuracy.correct == report.year_accuracy.total - 1


def test_two_positions_between_one_pair_pair_up_by_role():
    gold_entities = [ArticleEntity("Person", "岳汉广"), ArticleEntity("Union", "肇庆市总工会")]
    pair = (("Person", "岳汉广"), ("Union", "肇庆市总工会"))
    gold_relations = [
        ArticleRelation("holdsPosition", *pair, evidence="", role="党组书记"),
        ArticleRelation("holdsPosition", *pair, evidence="", role="常务副主席"),
    ]
    gold = small_doc(gold_entities, gold_relations)
    predicted = small_doc(gold_entities, list(reversed(gold_relations)))
    report = evaluate(predicted, gold)
    assert report.relation_counts["holdsPosition"].tp == 2
    assert report.role_accuracy.value == 1.0

    predicted = small_doc(gold_entities, gold_relations[1:])
    report = evaluate(predicted, gold)
    assert report.role_accuracy.correct == report.role_accuracy.total == 1
    assert report.documents[0].missed_relations == ["holdsPosition(岳汉广 → 肇庆市总工会, role=党组书记)"]


def test_names_are_normalised(gold):
    assert normalise_name("“海口市总工会”") == "海口市总工会"
    assert normalise_name("《海南 工会云》") == "海南工会云"
    assert normalise_name("齐鲁制药（海南）有限公司") == "齐鲁制药(海南)有限公司"
    assert normalise_name("阿卜杜・热合曼") == "阿卜杜·热合曼"
    assert normalise_name("１２３５１职工维权热线") == "12351职工维权热线"

    predicted = predicted_copy(gold)
    doc = predicted[DOC]
    renamed = {
        ("Company", "齐鲁制药(海南)有限公司"): "齐鲁制药（海南）有限公司",
        ("Programme", "12351职工维权热线"): "“１２３５１”职工维权 热线",
    }
    doc.entities = [ArticleEntity(e.type, renamed[e.key]) if e.key in renamed else e for e in doc.entities]
    def rename(key):
        return (key[0], renamed.get(key, key[1]))

    doc.relations = [replace(r, subject=rename(r.subject), object=rename(r.object)) for r in doc.relations]
    report = evaluate(predicted, gold)
    assert report.entities.f1 == 1.0
    assert report.relations.f1 == 1.0


def test_precision_recall_conventions():
    report = evaluate(small_doc([]), small_doc([]))
    counts = report.entity_counts["Person"]
    assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)
    assert report.role_accuracy.value == 0.0 and report.role_accuracy.total == 0


# ------------------------------------------------------------------ output


def test_format_report_has_type_and_micro_lines(gold):
    text = format_report(evaluate(predicted_copy(gold), gold))
    lines = text.splitlines()
    for name in [*ENTITY_TYPES, *RELATION_TYPES, "all entities", "all relations"]:
        line = next(line for line in lines if line.strip().startswith(name + " "))
        assert line.rstrip().endswith("1.000   1.000   1.000")
    assert any(line.startswith("role accuracy") and "1.000" in line for line in lines)
    assert any(line.startswith("year accuracy") and "1.000" in line for line in lines)
    table = [line for line in lines if line.strip().startswith(("all ", *ENTITY_TYPES, *RELATION_TYPES))]
    assert len({len(line) for line in table}) == 1  # columns aligned
    assert "==" not in text


def test_format_report_details_list_missed_entity(gold):
    predicted = predicted_copy(gold)
    predicted[DOC].entities = [e for e in predicted[DOC].entities if e.key != SHENG_LIN]
    predicted[DOC].entities.append(ArticleEntity("Person", "无名氏"))
    text = format_report(evaluate(predicted, gold), details=True)
    assert f"== {DOC}" in text
    assert any("missed entity" in line and "盛林" in line for line in text.splitlines())
    assert any("spurious entity" in line and "无名氏" in line for line in text.splitlines())
    assert "missed relation" in text and "holdsPosition(盛林 → 海口市总工会, role=主席)" in text


def test_report_as_dict_is_json(gold):
    predicted = predicted_copy(gold)
    del predicted[DOC]
    data = report_as_dict(evaluate(predicted, gold))
    round_trip = json.loads(json.dumps(data, ensure_ascii=False))
    assert round_trip["documents"] == 5
    assert set(round_trip["entities"]["by_type"]) == set(ENTITY_TYPES)
    assert round_trip["relations"]["all"]["fn"] == len(gold[DOC].relations)
    assert round_trip["role_accuracy"]["total"] > 0
    assert round_trip["details"][0]["doc"] == DOC


def test_gold_file_named_after_another_document_raises(tmp_path):
    write_gold(tmp_path, VALID, name="y.gold.json")
    with pytest.raises(GoldFormatError, match="y.gold.json"):
        load_gold(tmp_path)


# ------------------------------------------------------------------ the guidelines' scoring rules


def test_name_only_inside_a_longer_name_is_optional():
    gold = small_doc([ArticleEntity("Union", "株洲市总工会"), ArticleEntity("Place", "株洲市")],
                     [ArticleRelation("locatedIn", ("Union", "株洲市总工会"), ("Place", "株洲市"), evidence="")])
    texts = {"d.txt": "株洲市总工会举办活动。"}
    without_place = small_doc([ArticleEntity("Union", "株洲市总工会")])
    report = evaluate(without_place, gold, texts)
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (1, 0, 0)
    assert report.relations.fn == 0
    with_place = evaluate(gold, gold, texts)
    assert (with_place.entities.tp, with_place.entities.fp, with_place.relations.fp) == (1, 0, 0)
    # written on its own too: an ordinary entity again
    report = evaluate(without_place, gold, {"d.txt": "株洲市总工会举办活动，株洲市的职工参加。"})
    assert report.entity_counts["Place"].fn == 1 and report.relation_counts["locatedIn"].fn == 1
    # without texts the rule is off
    assert evaluate(without_place, gold).entity_counts["Place"].fn == 1


def test_relation_ends_link_by_any_shared_form_whatever_their_type():
    gold = small_doc([ArticleEntity("Person", "王建国"), ArticleEntity("Union", "南昌市总工会", ("市总工会",))],
                     [ArticleRelation("holdsPosition", ("Person", "王建国"), ("Union", "南昌市总工会"), "", "主席")])
    predicted = small_doc([ArticleEntity("Person", "王建国"), ArticleEntity("Organization", "市总工会")],
                          [ArticleRelation("holdsPosition", ("Person", "王建国"), ("Organization", "市总工会"), "",
                                           "主席")])
    report = evaluate(predicted, gold)
    assert report.entity_counts["Union"].fn == 1 and report.entity_counts["Organization"].fp == 1
    assert report.relation_counts["holdsPosition"].tp == 1
    assert report.found_ends.correct == report.found_ends.total == 1


def test_kg_eval_agrees_with_the_reference_scorer_on_the_corpus(tmp_path, root, extractions):
    """kg eval scores what a build writes the way ../shared/gold/score.py reads graph.ttl."""
    import subprocess
    import sys

    from kg.build.pipeline import build
    from kg.evaluate.scoring import graph_view
    from kg.graph.triples import DEFAULT_BASE

    scorer = root.parent / "shared" / "gold" / "score.py"
    if not scorer.exists():
        pytest.skip("the reference scorer ../shared/gold/score.py is absent")
    build(root / "corpus", tmp_path, DEFAULT_BASE, force=True)
    result = subprocess.run([sys.executable, str(scorer), str(GOLD_DIR), str(tmp_path / "graph.ttl"), "--json",
                             f"--texts={root / 'corpus'}"], capture_output=True, text=True, check=True)
    reference = json.loads(result.stdout[:result.stdout.rindex("}") + 1])
    texts = {doc: e.document.text for doc, e in extractions.items()}
    ours = evaluate(graph_view(list(extractions.values())), load_gold(GOLD_DIR), texts)
    for name, counts in (("entity_micro", ours.entities), ("relation_micro", ours.relations)):
        for key, value in (("p", counts.precision), ("r", counts.recall), ("f1", counts.f1)):
            assert abs(reference[name][key] - value) < 0.005, (name, key)
    for relation_type, counts in ours.relation_counts.items():
        assert abs(reference["relations"][relation_type]["r"] - counts.recall) < 0.005, relation_type
