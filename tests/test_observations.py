"""Statistics become observations about the right organisation, with numbers resolved."""

from __future__ import annotations

from kg.build.pipeline import extract_article
from kg.model import Document

ZHAOQING = ("Union", "肇庆市总工会")


def observations_of(extractions, doc_id):
    return {(o.measure, o.value, o.unit): o for o in extractions[doc_id].observations}


def test_corpus_statistics_are_observations_about_the_citys_federation(extractions):
    found = observations_of(extractions, "004_18dcb4811d5bd772.txt")
    members = found[("会员", "609204", "人")]
    assert members.subject == ZHAOQING
    assert "会员609204人" in members.evidence
    assert found[("筹集", "9340000", "元")].subject == ZHAOQING  # 934万元
    assert found[("资助困难职工子女", "4418", "名")].subject == ZHAOQING
    assert found[("建立工会组织", "5397", "家")].subject == ZHAOQING


def test_observation_takes_the_organisation_named_before_it_and_the_stated_date():
    text = ("2019年4月28日，江苏省南通市总工会召开新闻发布会。今年以来，南通市总工会发放慰问金1.82万元，"
            "慰问一线职工320人。")
    extraction = extract_article(Document("x.txt", "南通市总工会开展五一慰问", text))
    found = {(o.measure, o.value, o.unit): o for o in extraction.observations}
    money = next(o for key, o in found.items() if key[1:] == ("18200", "元"))
    assert money.subject == ("Union", "江苏省南通市总工会")
    assert money.date == "2019"


def test_a_sentence_about_a_person_gives_no_observation_about_an_organisation(extractions):
    evidence = [o.evidence for o in extractions["000_7140136955a3941c.txt"].observations]
    assert not any("月收入" in sentence for sentence in evidence)


def test_numbers_inside_names_and_dates_are_not_observations(extractions):
    for extraction in extractions.values():
        for observation in extraction.observations:
            assert observation.unit not in ("年", "月", "日")
            assert not (observation.value == "8" and observation.unit == "万吨")
