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


def awards_received(extraction) -> set[tuple[str, str, int | None]]:
    return {(r.subject[1], r.object[1], r.year) for r in extraction.relations if r.type == "receivedAward"}


def test_an_honour_roll_set_out_as_a_table():
    extraction = extract("工會新聞\n\n大會頒發多個獎項。\n2019年度最佳會務推廣獎\n冠軍 | 香港印刷業職工會 |\n"
                         "亞軍 | 九龍巴士職工會 |\n婦女事務委員會 |\n")
    assert "2019年度最佳會務推廣獎" in names(extraction, "Award")  # the year stays in the name
    assert {"香港印刷業職工會", "九龍巴士職工會"} <= names(extraction, "Union")
    assert "婦女事務委員會" in names(extraction, "Organization")  # a cell that is no union
    received = awards_received(extraction)
    assert ("香港印刷业职工会", "2019年度最佳会务推广奖", 2019) in received
    assert ("妇女事务委员会", "2019年度最佳会务推广奖", 2019) in received
    assert not any(subject == "冠军" for subject, _, _ in received)


def test_taiwan_labour_honours_stop_at_the_verb_before_them():
    extraction = extract("勞工新聞\n\n縣府表揚80位模範勞工，總工會表揚優秀勞工。")
    assert names(extraction, "Award") == {"模範勞工", "優秀勞工"}


def test_legislators_listed_after_one_title():
    extraction = extract("工會新聞\n\n工聯三名議員(左起)陳大文、何志明及張美玲總結立法會工作。")
    held = positions(extraction)
    assert {("陈大文", "立法会", "議員"), ("何志明", "立法会", "議員"), ("张美玲", "立法会", "議員")} <= held


def test_department_offices_of_the_liaison_office_in_a_row():
    extraction = extract("工會新聞\n\n中央駐港聯絡辦公室副主任王大明、中聯辦宣文部部長李志強、"
                         "青年工作部副部長趙文華等嘉賓出席。")
    held = positions(extraction)
    office = "中央驻港联络办公室"
    assert {("王大明", office, "副主任"), ("李志强", office, "宣文部部長"), ("赵文华", office, "青年工作部副部長")} <= held


def test_a_legislator_holds_no_office_in_the_ministry_before_him():
    extraction = extract("勞工新聞\n\n經濟部司長胡大中、立法委員許明德到場致意。")
    assert not any(person == "许明德" for person, _, _ in positions(extraction))


def test_venues_and_taiwan_agencies():
    extraction = extract("勞工新聞\n\n工會假金龍大酒樓舉行聚餐。台中市稅捐稽徵處派員到場，"
                         "民眾也可到青年就業指揮部洽詢。")
    assert "金龍大酒樓" in names(extraction, "Place")
    assert {"台中市稅捐稽徵處", "青年就業指揮部"} <= names(extraction, "Organization")


def test_county_offices_and_bodies_in_the_county():
    extraction = extract("勞工新聞\n\n南投縣勞工節活動，縣長王建國頒獎，本縣總工會理事長李文雄出席。縣府表示感謝。")
    assert "本縣總工會" in names(extraction, "Union")
    held = positions(extraction)
    assert ("王建国", "县府", "縣長") in held
    assert ("李文雄", "本县总工会", "理事長") in held
    located = {(r.subject[1], r.object[1]) for r in extraction.relations if r.type == "locatedIn"}
    assert ("本县总工会", "南投县") in located and ("县府", "南投县") in located


def test_the_chief_executive_heads_the_special_administrative_region_government():
    extraction = extract("工會新聞\n\n澳門特區行政長官何志華出席酒會。他表示，特區政府重視勞工權益。")
    assert ("何志华", "特区政府", "行政長官") in positions(extraction)
    located = {(r.subject[1], r.object[1]) for r in extraction.relations if r.type == "locatedIn"}
    assert ("特区政府", "澳门") in located


def test_a_married_name_after_a_title_and_no_name_in_a_speech_verb():
    extraction = extract("工會新聞\n\n行政會議召集人葉陳美華等出席。工會主席蔡文靜說，會員增加了。")
    people = names(extraction, "Person")
    assert "葉陳美華" in people
    assert "蔡文靜說" not in people


def test_a_federation_by_its_short_form_is_the_federation_the_article_names():
    extraction = extract("工會新聞\n\n澳門工會聯合總會舉行酒會。嘉賓讚揚澳門工聯會長期服務職工。")
    assert names(extraction, "Union") == {"澳門工會聯合總會"}


@pytest.mark.skipif(not REAL_TRAD.is_dir(), reason="../shared/gold/real-trad is absent")
def test_floor_on_real_traditional_articles():
    """10 real articles from Hong Kong, Macau and Taiwan (read in place, never copied)."""
    from kg.evaluate.scoring import evaluate, load_gold
    from kg.read.reader import read_document

    gold = load_gold(REAL_TRAD)
    predicted = {doc_id: extract_article(read_document(REAL_TRAD / doc_id)) for doc_id in gold}
    report = evaluate(predicted, gold)
    assert report.entities.f1 >= 0.91  # 0.927 when written
    assert report.relations.f1 >= 0.87  # 0.888
    assert report.role_accuracy.value >= 0.95
    assert report.year_accuracy.value >= 0.95
