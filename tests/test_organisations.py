"""Organisations, media, government bodies, studios, venues and programmes on article-shaped
sentences written for these tests (the names are invented; the shapes are those of union news)."""

from __future__ import annotations

from kg.build.pipeline import extract_article
from kg.extract.detect import analyse
from kg.extract.detect.organisations import organisation_ending_at, organisation_type
from kg.model import Document


def extract(text: str):
    return extract_article(Document("x.txt", text.split("\n")[0], text))


def names(extraction, entity_type):
    return {e.name for e in extraction.entities if e.type == entity_type}


def forms(extraction, entity_type):
    return {form for e in extraction.entities if e.type == entity_type for form in (e.name, *e.aliases)}


def test_media_in_source_lines_bylines_and_news_flashes():
    text = ("南昌市总工会开展技能比武\n来源：赣江新闻网 2023-05-01 作者：李小明\n"
            "洪城晚报讯（记者 王大伟）5月1日，南昌市总工会开展技能比武。\n"
            "4月26日，江南日报记者从市总工会获悉，比武共有200人参加。\n"
            "新华社南昌5月1日电 比武在南昌举行。\n本报讯 又讯。")
    extraction = extract(text)
    assert {"赣江新闻网", "洪城晚报", "江南日报", "新华社"} <= names(extraction, "Organization")
    assert not any(name.startswith("本") for name in names(extraction, "Organization"))
    # the union after 记者从 is the city's federation, not a span that runs back over the byline
    assert "南昌市总工会" in names(extraction, "Union")
    assert not any("记者" in name for name in names(extraction, "Union"))


def test_government_departments_in_short_form_and_in_lists():
    text = ("南昌市总工会联合市人社局、经信局、教育局举办技能大赛\n"
            "南昌市总工会联合市人社局、经信局、教育局、农业农村局举办技能大赛。"
            "市委常委、市委组织部部长张国华出席。省委宣传部长李建平讲话。省妇联、省扶贫办参加。")
    found = forms(extract(text), "Organization")
    assert {"市人社局", "经信局", "教育局", "农业农村局", "市委组织部", "省委宣传部", "省妇联", "省扶贫办"} <= found
    assert not any(name.endswith("部部") for name in found)


def test_named_studios_rooms_and_stations_need_a_distinctive_name():
    text = ("劳模参观学习\n劳模们参观了国家级“王建国技能大师工作室”和李红梅劳模创新工作室，"
            "又到赣江科技有限公司职工书屋和滨江工会驿站。全市要建设实体职工书屋、电子职工书屋，做大做强职工书屋。")
    found = names(extract(text), "Organization")
    assert {"王建国技能大师工作室", "李红梅劳模创新工作室", "赣江科技有限公司职工书屋", "滨江工会驿站"} <= found
    assert not {"实体职工书屋", "电子职工书屋", "做大做强职工书屋"} & found


def test_venues_are_places_and_addresses_are_left_to_their_places():
    text = ("表彰大会召开\n4月27日，表彰大会在南昌市文化大楼多功能报告厅举行，此前的会议在滨湖会堂召开。"
            "地址：江西省南昌市东湖区滨江镇滨江村文化广场。")
    extraction = extract(text)
    places = names(extraction, "Place")
    assert {"南昌市文化大楼", "滨湖会堂", "东湖区"} <= places
    assert not any("报告厅" in name for name in names(extraction, "Organization"))
    assert not any(name.endswith("文化广场") for name in places)


def test_company_names_with_a_bracketed_company_word():
    text = ("企业获奖\n赣江榨菜(集团)有限公司和洪都建设(集团)的职工获奖。")
    found = names(extract(text), "Company")
    assert {"赣江榨菜(集团)有限公司", "洪都建设(集团)"} <= found
    assert "赣江榨菜(集团" not in found


def test_a_union_before_a_title_and_a_company_branch():
    text = ("企业工会\n南昌赣江科技有限公司工会主席张国华表示将再接再厉。"
            "国网江西省电力有限公司南昌供电公司的职工也来了。")
    extraction = extract(text)
    assert "南昌赣江科技有限公司工会" in names(extraction, "Union")
    assert "国网江西省电力有限公司南昌供电公司" in names(extraction, "Company")


def test_federation_short_forms_without_and_with_the_place():
    assert "自治区总工会" in names(extract("会议\n近年来，自治区总工会深入开展工作。"), "Union")
    assert "广西壮族自治区总工会" in names(extract("广西南宁\n广西南宁。自治区总工会深入开展工作。"), "Union")
    assert "省总工会" in names(extract("会议\n5月29日，省总工会副主席一行到企业调研。"), "Union")
    # a county-level city named more often than its prefecture: 市总工会 is its federation
    text = "安陆市召开大会\n安陆市召开大会。安陆市委常委、市总工会主席出席。安陆市的职工参加。"
    unions = names(extract(text), "Union")
    assert "安陆市总工会" in unions and "孝感市总工会" not in unions


def test_programmes_named_by_a_year_an_ordinal_or_a_place():
    text = ("技能竞赛\n市总工会联合市人社局举办了2021年南昌市职业技能竞赛。"
            "他获得省第十五届职工技术技能大赛技术状元。即将动工的南昌市第二工人文化宫提质改造工程拟投资6亿元。"
            "遇到难题可拨打工会维权热线12351。分中心提供“一站式”服务，开展“一对一”帮扶，集中开展专项行动。")
    found = names(extract(text), "Programme")
    assert {"2021年南昌市职业技能竞赛", "省第十五届职工技术技能大赛", "南昌市第二工人文化宫提质改造工程",
            "工会维权热线12351"} <= found
    assert not {"一站式", "一对一", "专项行动"} & found


def test_an_occasion_before_a_nationwide_programme_is_part_of_its_name():
    found = names(extract("慰问\n1月24日，市总工会开展春节送温暖活动。"), "Programme")
    assert "春节送温暖" in found and "送温暖" not in found


def test_organisation_type_and_the_organisation_ending_at_an_offset():
    assert organisation_type("南昌赣江科技有限公司工会") == "Union"
    assert organisation_type("赣江榨菜(集团)有限公司") == "Company"
    assert organisation_type("赣江新闻网") == "Organization"
    assert organisation_type("南昌") is None
    text = "4月1日，南昌市人力资源和社会保障局的干部来到南昌赣江科技有限公司。"
    context = analyse(Document("x.txt", "x", text))
    end = text.index("局") + 1
    found = organisation_ending_at(context, end)
    assert found is not None and (found.type, found.form) == ("Organization", "南昌市人力资源和社会保障局")
    company = organisation_ending_at(context, text.index("公司") + 2)
    assert company is not None and company.form == "南昌赣江科技有限公司"
    assert organisation_ending_at(context, text.index("干部") + 2) is None


def test_a_community_union_and_the_street_federation():
    text = ("社区工会\n杭州余杭区南苑街道滨河社区工会主席王建国带着协管员来到了街道总工会举办的培训班。")
    extraction = extract(text)
    assert {"滨河社区工会", "街道总工会"} <= names(extraction, "Union")
    assert {"南苑街道", "滨河社区"} <= names(extraction, "Place")


def test_a_county_named_without_its_level_word_only_where_the_article_settles_it():
    text = ("劳模疗休养\n汉阴县总工会组织劳模疗休养，品尝汉阴美食，又去闽清、永泰、连江三地。王永泰说很好。")
    places = forms(extract(text), "Place")
    assert {"汉阴", "闽清", "永泰", "连江"} <= places
    # a county's short form inside a person's name, with no list and no full name, is no place
    assert "永泰" not in forms(extract("讲话\n福州市总工会的王永泰说很好。"), "Place")


def test_level_word_bodies_where_the_article_names_no_place():
    text = "大会\n省人大常委副主任出席。由市总工会和市一医院联合主办的活动在区会议中心举行。"
    extraction = extract(text)
    assert {"省人大常委", "市一医院"} <= names(extraction, "Organization")
    assert "区会议中心" in names(extraction, "Place")


def test_a_studio_is_named_by_its_person_not_by_the_company_before_it():
    text = "名单公布\n南昌赣江糖业集团有限公司“王建国劳模创新工作室”名列其中。"
    found = names(extract(text), "Organization")
    assert "王建国劳模创新工作室" in found
    assert not any(name.startswith("南昌赣江糖业集团有限公司王") for name in found)


def test_a_hall_of_a_venue_and_a_zone_named_inside_a_county():
    text = "表彰大会\n南昌市表彰大会在市会展中心东厅召开，座谈会在区会议中心二楼召开。单位地址：甘肃省陇南市武都区东江新区。"
    places = forms(extract(text), "Place")
    assert {"市会展中心东厅", "区会议中心", "东江新区", "武都区"} <= places
    assert not any(form.endswith("二楼") for form in places)
