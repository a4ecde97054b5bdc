"""Hong Kong, Macau and Taiwan articles in Traditional characters: regional unions, offices,
bodies, places and calendar, found as in a mainland article, labels and roles as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.pipeline import extract_article
from kg.extract.admin import admin_table
from kg.extract.dates import find_dates
from kg.model import Document

REAL_TRAD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "real-trad"


def extract(text: str):
    return extract_article(Document("x.txt", text.splitlines()[0], text))


def names(extraction, entity_type: str) -> set[str]:
    return {e.label or e.name for e in extraction.entities if e.type == entity_type}


def positions(extraction) -> set[tuple[str, str, str]]:
    return {(r.subject[1], r.object[1], r.role) for r in extraction.relations if r.type == "holdsPosition"}


def test_union_offices_and_the_legislature_the_regional_way():
    extraction = extract("工會新聞\n\n香港郵政職工會理事長陳志明、立法會議員林美華出席活動。")
    assert "香港郵政職工會" in names(extraction, "Union")
    assert "立法會" in names(extraction, "Organization")
    held = positions(extraction)
    assert ("陈志明", "香港邮政职工会", "理事長") in held  # keys are Simplified, roles as written
    assert ("林美华", "立法会", "議員") in held


def test_a_company_union_and_a_county_trade_union_federation():
    extraction = extract("勞工新聞\n\n大同公司企業工會與苗栗縣產業總工會今天舉辦座談。")
    assert {"大同公司企業工會", "苗栗縣產業總工會"} <= names(extraction, "Union")


def test_an_anonymous_enterprise_union_is_no_name():
    extraction = extract("勞工新聞\n\n晉江一紡織企業工會舉辦座談。")
    assert not any("企業工會" in name for name in names(extraction, "Union"))


def test_liaison_office_and_the_federation_short_form():
    extraction = extract("工會新聞\n\n中央人民政府駐香港特別行政區聯絡辦公室副主任出席工聯會活動。")
    assert "中央人民政府駐香港特別行政區聯絡辦公室" in names(extraction, "Organization")
    assert "工聯會" in names(extraction, "Union")


def test_regional_places_are_in_the_table():
    table = admin_table()
    assert table.lookup("荃湾")[0].name == "荃湾区"
    assert table.lookup("苗栗县")[0].code.startswith("71")
    assert table.lookup("香港特别行政区")[0].name == "香港"  # the everyday name is the canonical one
    extraction = extract("工會新聞\n\n工會在荃灣舉辦講座，苗栗縣的會員也來了。")
    assert {"荃灣區", "苗栗縣"} <= names(extraction, "Place")  # the district's full name, in the article's script


def test_a_celebration_is_not_a_city():
    extraction = extract("工會新聞\n\n慶祝祖國60周年大慶，大慶市總工會舉辦晚會。")
    assert "大慶市" not in names(extraction, "Place") and "大慶" not in names(extraction, "Place")
    assert "大慶市總工會" in names(extraction, "Union")


def test_taiwan_calendar_years():
    assert [m.year for m in find_dates("他民国80年入行")] == [1991]
    assert [m.year for m in find_dates("110年度优秀劳工表扬大会")] == [2021]
    assert [(m.year, m.month, m.day) for m in find_dates("民国99年5月1日")] == [(2010, 5, 1)]


@pytest.mark.skipif(not REAL_TRAD.is_dir(), reason="../shared/gold/real-trad is absent")
def test_floor_on_real_traditional_articles():
    """10 real articles from Hong Kong, Macau and Taiwan (read in place, never copied)."""
    from kg.evaluate.scoring import evaluate, load_gold
    from kg.read.reader import read_document

    gold = load_gold(REAL_TRAD)
    predicted = {doc_id: extract_article(read_document(REAL_TRAD / doc_id)) for doc_id in gold}
    report = evaluate(predicted, gold)
    assert report.entities.f1 >= 0.74
    assert report.relations.f1 >= 0.40
    assert report.role_accuracy.value >= 0.9
