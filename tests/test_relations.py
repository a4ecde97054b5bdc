"""Relation rules on sentences in the shapes of union news (self-written, no gold-set names)."""

from __future__ import annotations

from kg.build.pipeline import extract_article
from kg.model import Document


def extract(text: str, title: str = "标题"):
    return extract_article(Document("x.txt", title, title + "\n" + text))


def relations(extraction, kind):
    return {(r.subject[1], r.object[1], r.role, r.year) for r in extraction.relations if r.type == kind}


def test_office_after_a_sub_unit_keeps_the_sub_unit_in_the_role():
    found = relations(extract("会上，南昌华光电器有限公司机加车间副主任王建国作了发言。"), "holdsPosition")
    assert ("王建国", "南昌华光电器有限公司", "机加车间副主任", None) in found


def test_offices_in_a_row_with_sub_units_and_a_job_grade():
    text = "南昌华光电器有限公司研发中心副主任、首席总师、高级工程师李小明介绍了经验。"
    extraction = extract(text)
    found = relations(extraction, "holdsPosition")
    assert ("李小明", "南昌华光电器有限公司", "研发中心副主任", None) in found
    assert ("李小明", "南昌华光电器有限公司", "首席总师", None) in found
    assert not relations(extraction, "worksFor") & {("李小明", "南昌华光电器有限公司", None, None)}


def test_job_phrases_give_works_for():
    text = "获奖者中，南昌华光电器有限公司揽投员张小红、江西洪都机械有限公司模具设计师、技师刘大海。"
    found = relations(extract(text), "worksFor")
    assert ("张小红", "南昌华光电器有限公司", None, None) in found
    assert ("刘大海", "江西洪都机械有限公司", None, None) in found


def test_a_back_reference_names_the_company_before():
    text = "南昌华光电器有限公司是获奖单位之一。该公司党委副书记王建国介绍，公司开展了技能培训。"
    found = relations(extract(text), "holdsPosition")
    assert ("王建国", "南昌华光电器有限公司", "党委副书记", None) in found


def test_an_office_of_another_body_in_the_chain_is_not_given_to_the_colleague_body():
    text = "江西省总工会副主席王建国、省公共就业服务中心主任李小明出席。"
    found = relations(extract(text), "holdsPosition")
    assert ("王建国", "江西省总工会", "副主席", None) in found
    assert not any(person == "李小明" and body == "江西省总工会" for person, body, _, _ in found)


def test_a_governor_holds_office_in_the_government_not_the_party_committee():
    text = "江西省人民政府和省总工会召开表彰大会。省委副书记、省长王建国出席会议。"
    found = relations(extract(text), "holdsPosition")
    assert ("王建国", "江西省人民政府", "省长", None) in found
    assert not any(person == "王建国" and role == "省长" and body != "江西省人民政府"
                   for person, body, role, _ in found)


def test_company_of_a_person_with_de():
    found = relations(extract("南昌华光电器有限公司的王建国获得江西省五一劳动奖章。"), "worksFor")
    assert ("王建国", "南昌华光电器有限公司", None, None) in found


def test_reporters_in_a_byline_work_for_the_paper():
    text = "江西日报讯（记者 王建国、李小明）近日，南昌市总工会开展送温暖活动。"
    found = relations(extract(text), "worksFor")
    assert ("王建国", "江西日报", None, None) in found
    assert ("李小明", "江西日报", None, None) in found
