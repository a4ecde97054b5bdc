"""Relation rules on sentences in the shapes of union news (self-written, no gold-set names)."""

from __future__ import annotations

from kg.build.pipeline import extract_article
from kg.model import Document


def extract(text: str, title: str = "标题"):
    return extract_article(Document("x.txt", title, title + "\n" + text))


def relations(extraction, kind):
    return {(r.subject[1], r.object[1], r.role, r.year) for r in extraction.relations if r.type == kind}


def relations_on(text: str, named: list[tuple[str, str, int]], kind: str):
    """The relation rules alone, on given mentions (form, type, occurrence number): for shapes
    whose names the detectors do not find yet."""
    from kg.extract.detect import analyse
    from kg.extract.relations import extract_relations
    from kg.model import Mention

    context = analyse(Document("x.txt", "标题", "标题\n" + text + "\n"))
    mentions = []
    for form, entity_type, occurrence in named:
        start = -1
        for _ in range(occurrence + 1):
            start = context.text.index(form, start + 1)
        mentions.append(Mention(form, entity_type, start, start + len(form), form))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return {(r.subject[1], r.object[1], r.role) for r in extract_relations(context, mentions) if r.type == kind}


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


def test_an_active_conferral_gives_the_award_to_those_after_the_verb_not_the_conferrer():
    text = "今年，南昌市总工会授予南昌华光电器有限公司等20个单位“南昌市五一劳动奖状”荣誉称号。"
    found = relations(extract(text), "receivedAward")
    assert any(r[:2] == ("南昌华光电器有限公司", "南昌市五一劳动奖状") for r in found)
    assert not any(r[0] == "南昌市总工会" for r in found)


def test_a_passive_conferral_keeps_the_subject_as_recipient():
    found = relations(extract("2022年，焊工王建国被江西省总工会命名为“赣鄱工匠”。"), "receivedAward")
    assert ("王建国", "赣鄱工匠", None, 2022) in found


def test_an_honour_roll_after_the_award_sentence():
    text = ("2021年，南昌市总工会授予技能竞赛一等奖选手“南昌市五一劳动奖章”荣誉称号。"
            "这3名选手分别为：南昌华光电器有限公司焊工王建国、南昌职业学院教师李小明、南昌华光电器有限公司电工刘大海。"
            "这3名选手还被授予“南昌市技术能手”称号。")
    found = relations(extract(text), "receivedAward")
    for person in ("王建国", "李小明", "刘大海"):
        assert (person, "南昌市五一劳动奖章", None, 2021) in found
        assert (person, "南昌市技术能手", None, 2021) in found
    assert not any(r[0] in ("南昌市总工会", "南昌职业学院") for r in found)


def test_a_winner_label_before_the_person():
    text = "全国五一劳动奖章获得者代表、南昌华光电器有限公司模具设计师王建国作了发言。"
    found = relations(extract(text), "receivedAward")
    assert any(r[:2] == ("王建国", "全国五一劳动奖章") for r in found)


def test_a_list_over_commas_before_a_counted_verb():
    text = ("南昌华光电器有限公司高级技师王建国，江西洪都机械有限公司总工程师李小明，"
            "南昌职业学院教师刘大海等3人被评为“赣鄱工匠”。")
    found = relations(extract(text), "receivedAward")
    for person in ("王建国", "李小明", "刘大海"):
        assert any(r[:2] == (person, "赣鄱工匠") for r in found), person
    assert not any(r[0].endswith(("公司", "学院")) for r in found)


def test_a_byline_reporter_is_no_recipient():
    text = "江西日报讯（记者王建国）记者从省总工会获悉，南昌3人被授予全国五一劳动奖章。"
    found = relations(extract(text), "receivedAward")
    assert not any(r[0] == "王建国" for r in found)


def test_organisers_written_after_the_programme():
    text = "“赣鄱工匠杯”职业技能大赛由江西省总工会主办、南昌华光电器有限公司承办。"
    found = {(s, o) for s, o, _, _ in relations(extract(text), "organizes")}
    assert ("江西省总工会", "赣鄱工匠杯职业技能大赛") in found or any(s == "江西省总工会" for s, _ in found)
    assert any(s == "南昌华光电器有限公司" for s, _ in found)


def test_a_venue_is_no_organiser():
    text = "南昌市总工会在南昌华光电器有限公司驻地开展“冬送温暖”慰问活动。"
    found = {s for s, _, _, _ in relations(extract(text), "organizes")}
    assert "南昌市总工会" in found and "南昌华光电器有限公司" not in found


def test_an_address_places_the_organisation():
    text = "主办单位：南昌市总工会 单位地址：江西省南昌市东湖区八一大道 电话：0791-1234567"
    found = relations(extract(text), "locatedIn")
    assert ("南昌市总工会", "东湖区", None, None) in found


def test_an_office_in_another_body_in_the_middle_of_a_chain_is_skipped():
    text = "会上，江西省总工会党组成员、经费审查委员会主任、全省职工书屋建设领导小组组长王建国讲话。"
    found = relations(extract(text), "holdsPosition")
    assert ("王建国", "江西省总工会", "党组成员", None) in found
    assert ("王建国", "江西省总工会", "经费审查委员会主任", None) in found
    assert not any(role.endswith("组长") for _, _, role, _ in found)


def test_a_bare_union_word_means_the_articles_union():
    text = ("南昌市总工会开展送温暖活动。南昌市总工会主席李小明出席，"
            "总工会党支部书记、常务副主席王建国参加活动。")
    found = relations(extract(text), "holdsPosition")
    assert ("王建国", "南昌市总工会", "党支部书记", None) in found
    assert ("王建国", "南昌市总工会", "常务副主席", None) in found


def test_aid_without_a_union_named_is_the_sections_union():
    text = "1月24日，南昌市总工会开展送温暖慰问活动。慰问组为困难职工王建国发放慰问金1000元。"
    found = relations(extract(text), "assisted")
    assert ("南昌市总工会", "王建国", None, None) in found


def test_an_office_written_after_the_name():
    text = "5月29日，江西省总工会王建国副主席一行来到南昌华光电器有限公司。"
    found = relations(extract(text), "holdsPosition")
    assert ("王建国", "江西省总工会", "副主席", None) in found


def test_an_office_in_brackets_after_the_name():
    """On given mentions (the detectors do not yet find a name before a bracket)."""
    from kg.extract.detect import analyse
    from kg.extract.relations import extract_relations
    from kg.model import Mention

    text = "标题\n座谈会上，王建国（南昌华光电器有限公司总经理）介绍了企业民主管理的做法。\n"
    context = analyse(Document("x.txt", "标题", text))
    person = context.text.index("王建国")
    company = context.text.index("南昌华光电器有限公司")
    mentions = [Mention("王建国", "Person", person, person + 3, "王建国"),
                Mention("南昌华光电器有限公司", "Company", company, company + 10, "南昌华光电器有限公司")]
    found = {(r.subject[1], r.object[1], r.role) for r in extract_relations(context, mentions)
             if r.type == "holdsPosition"}
    assert found == {("王建国", "南昌华光电器有限公司", "总经理")}


def test_officials_listed_with_commas_are_no_appositions():
    text = "县政协主席李小明，县人大常委会副主任、县总工会主席王建国出席活动。"
    found = relations(extract(text), "holdsPosition")
    assert not any(person == "李小明" and role == "副主任" for person, _, role, _ in found)


def test_come_from_and_where_one_works():
    text = "来自南昌华光电器有限公司的王建国获得一等奖。焊工李小明就职于江西洪都机械有限公司，今年获得表彰。"
    found = relations(extract(text), "worksFor")
    assert ("王建国", "南昌华光电器有限公司", None, None) in found
    assert ("李小明", "江西洪都机械有限公司", None, None) in found
    found = relations(extract("今年，焊工李小明所在的江西洪都机械有限公司获得表彰。"), "worksFor")
    assert ("李小明", "江西洪都机械有限公司", None, None) in found


def test_a_body_named_by_its_level_lies_in_the_articles_division():
    """On given mentions: a short form the resolver leaves as written (市委)."""
    from kg.extract.detect import analyse
    from kg.extract.relations import extract_relations
    from kg.model import Mention

    text = "标题\n南昌市召开劳模表彰大会，市委、市政府领导出席。\n"
    context = analyse(Document("x.txt", "标题", text))
    place, body = context.text.index("南昌市"), context.text.index("市委")
    mentions = [Mention("南昌市", "Place", place, place + 3, "南昌市"),
                Mention("市委", "Organization", body, body + 2, "市委")]
    found = {(r.subject[1], r.object[1]) for r in extract_relations(context, mentions) if r.type == "locatedIn"}
    assert found == {("市委", "南昌市")}


def test_the_person_a_studio_is_named_after_leads_it():
    """On given mentions (studios are the organisation detectors' part)."""
    from kg.extract.detect import analyse
    from kg.extract.relations import extract_relations
    from kg.model import Mention

    text = "标题\n焊工王建国从业20年。王建国劳模创新工作室今年完成技术革新12项。\n"
    context = analyse(Document("x.txt", "标题", text))
    person, studio = context.text.index("王建国"), context.text.index("王建国劳模")
    mentions = [Mention("王建国", "Person", person, person + 3, "王建国"),
                Mention("王建国劳模创新工作室", "Organization", studio, studio + 10, "王建国劳模创新工作室")]
    found = {(r.subject[1], r.object[1], r.role) for r in extract_relations(context, mentions)
             if r.type == "holdsPosition"}
    assert found == {("王建国", "王建国劳模创新工作室", "领衔人")}


def test_the_chief_of_a_trade_holds_an_office():
    text = "会上，南昌华光啤酒股份有限公司总酿酒师王建国介绍了经验。"
    found = relations(extract(text), "holdsPosition")
    assert ("王建国", "南昌华光啤酒股份有限公司", "总酿酒师", None) in found


def test_a_paper_in_the_byline_organises_nothing():
    text = "南昌新闻网讯（记者王建国）近日，南昌市总工会开展“金秋助学”活动。"
    found = relations_on(text, [("南昌新闻网", "Organization", 0), ("王建国", "Person", 0),
                                ("南昌市总工会", "Union", 0), ("金秋助学", "Programme", 0)], "organizes")
    assert found == {("南昌市总工会", "金秋助学", None)}


def test_a_conferral_runs_on_after_a_semicolon():
    text = ("江西省总工会决定，授予南昌华光电器有限公司等50个集体“江西省五一劳动奖状”；"
            "江西洪都机械有限公司技术总工王建国等166名个人“江西省五一劳动奖章”。")
    found = relations_on(text, [("江西省总工会", "Union", 0), ("南昌华光电器有限公司", "Company", 0),
                                ("江西省五一劳动奖状", "Award", 0), ("江西洪都机械有限公司", "Company", 0),
                                ("王建国", "Person", 0), ("江西省五一劳动奖章", "Award", 0)], "receivedAward")
    assert found == {("南昌华光电器有限公司", "江西省五一劳动奖状", None), ("王建国", "江西省五一劳动奖章", None)}


def test_a_bare_company_word_opening_a_chain_is_the_company_named_last():
    text = "省总工会副主席一行来到江西洪都集团，为劳模颁发奖章。集团党委副书记王建国、党群工作部部长李小明参加仪式。"
    found = relations_on(text, [("江西洪都集团", "Company", 0), ("王建国", "Person", 0), ("李小明", "Person", 0)],
                         "holdsPosition")
    assert found == {("王建国", "江西洪都集团", "党委副书记"), ("李小明", "江西洪都集团", "党群工作部部长")}
