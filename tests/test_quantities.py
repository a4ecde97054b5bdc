"""Statistics parsing: real corpus sentences, invented shapes, and every rejection rule."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract.quantities import Quantity, find_quantities, parse_chinese_number

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def found(sentence):
    """(start, end, measure, value, unit, text, approximate) for each quantity."""
    return [(q.start, q.end, q.measure, q.value, q.unit, q.text, q.approximate)
            for q in find_quantities(sentence)]


# --- real sentences --------------------------------------------------------------------------

ZHAOQING_ORGANISATION = "组织体系完善,全市建立工会组织5397家,涵盖单位29063家,会员609204人。"
ZHAOQING_AUTUMN = "秋送助学,筹集934万元,资助4418名困难职工子女圆梦上学。"
HAIKOU_GRANT = "累计向她和子女发放生活救助金和助学金共计1.82万元。"
HAIKOU_WAGES = ("2017年10月24日，陈坤民等30名农民工在海口市总工会的援助下，"
                "领取了被包工头拖欠一年之久的123900元工资。")
WEIHAI_HELP = ("共筹措发放帮扶资金 3454 万元,救助困难职工 1.98 万人次,资助困难学生 2291 人次,"
               "帮助 1.2 万多名职工实现就业和再就业")
WEIHAI_FUND = "互助资金规模从 2013 年的 720 万元增长到 2400 万元"
WEIHAI_RATE = "规模以上非公企业建制率达到 95% 以上"
HAINAN_FUND = "据统计,2016年以来,筹集资金2.4亿元,帮扶救助困难职工24万余人次"
DINGBIAN_POVERTY = "带动实现脱贫家庭712户2090人"
SHANGLUO_BEES = "全市工会举办农民养蜂技能培训320期2.52万人(次)"
SHANGLUO_INSURANCE = "职工参保14.9万人,保费1152万,理赔1.1万人次,兑付互助金1034万元。"
SHANGLUO_SCHOLARSHIP = "123万元“金秋助学”资金帮扶371名困难职工子女圆梦大学梦"
SHANGLUO_VISITS = "走访慰问企业、建筑工地251家、1.4万名职工"
SHANGLUO_AWARDS = "创市以上“工人先锋号”20个、省“五一”劳动奖状1个、奖章3人。"
ZHAOQING_INVESTMENT = "投入180多万开展“三个一批”建设"
ZHAOQING_RETURNS = "民营企业经费返还比例提高到75%,对25人以下企业免缴企业工会经费"
HAIKOU_AGE = "47岁的冯海洋，从事出租车服务已有17年，是爱商一名售货员。"
HAIKOU_TEAM = "椰树集团海南椰汁饮料有限公司8万吨安裝团队获得全国工人先锋号称号"
HAIKOU_CONGRESS = "认真贯彻落实海南省第七次党代会和海口市第十三次党代会精神"
HAIKOU_HOTLINE = "无奈之下，只好通过“12351”职工维权热线向“娘家人”海口市总工会求助。"
SHANGLUO_HOTLINE = "“12351”职工服务热线24小时畅通"
DINGBIAN_CARDS = "并联合邮储银行开展“万名工会干部、进万家企业、送万张卡”活动。"
ZHAOQING_COOL = "为94.5万高温户外作业职工、省运会和创文志愿者送清凉饮料和防暑用品。"
FOSHAN_CAPTION = ("在12月26日召开的2018年度佛山市职工劳动竞赛成果分享会上,"
                  "中铁十二局集团四公司广佛肇高速S2标项目经理部李业友等近300人受邀参加了成果分享会。")
HAINAN_TEN = "连续十年为职工办十件实事,当好职工“娘家人”"
WEIHAI_STAFF = "为街镇工会、产业工会聘请了 95 名社会化工会工作者"

REAL_SENTENCES = [value for name, value in dict(globals()).items()
                  if name.isupper() and isinstance(value, str) and name != "CORPUS"]


def test_the_real_sentences_are_in_the_corpus():
    corpus = "".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))
    assert len(REAL_SENTENCES) == 26
    for sentence in REAL_SENTENCES:
        assert sentence in corpus, sentence


def test_organisation_statistics():
    assert found(ZHAOQING_ORGANISATION) == [
        (15, 20, "建立工会组织", Decimal(5397), "家", "5397家", False),
        (25, 31, "涵盖单位", Decimal(29063), "家", "29063家", False),
        (34, 41, "会员", Decimal(609204), "人", "609204人", False),
    ]


def test_money_in_wan_and_the_people_it_helped():
    assert found(ZHAOQING_AUTUMN) == [
        (7, 12, "筹集", Decimal(9340000), "元", "934万元", False),
        (15, 20, "资助困难职工子女", Decimal(4418), "名", "4418名", False),
    ]


def test_decimal_wan_and_a_long_measure_without_its_verb():
    assert found(HAIKOU_GRANT) == [(20, 26, "生活救助金和助学金", Decimal(18200), "元", "1.82万元", False)]


def test_a_date_is_no_quantity_and_the_noun_after_the_unit_is_the_measure():
    assert found(HAIKOU_WAGES) == [
        (16, 19, "农民工", Decimal(30), "名", "30名", False),
        (48, 55, "工资", Decimal(123900), "元", "123900元", False),
    ]


def test_spaced_numbers_person_times_and_hedged_counts():
    assert found(WEIHAI_HELP) == [
        (10, 17, "筹措发放帮扶资金", Decimal(34540000), "元", "3454 万元", False),
        (25, 33, "救助困难职工", Decimal(19800), "人次", "1.98 万人次", False),
        (41, 48, "资助困难学生", Decimal(2291), "人次", "2291 人次", False),
        (52, 59, "帮助职工", Decimal(12000), "名", "1.2 万多名", True),
    ]


def test_a_year_inside_the_measure_phrase_and_a_number_that_shares_its_measure():
    assert found(WEIHAI_FUND) == [
        (16, 22, "互助资金规模", Decimal(7200000), "元", "720 万元", False),
        (26, 33, "互助资金规模", Decimal(24000000), "元", "2400 万元", False),
    ]


def test_percentages_keep_unit_percent():
    assert found(WEIHAI_RATE) == [(14, 17, "非公企业建制率", Decimal(95), "%", "95%", True)]
    assert found("满意率达到百分之九十五") == [(5, 11, "满意率", Decimal(95), "%", "百分之九十五", False)]
    assert found("满意率达到97.96％") == [(5, 11, "满意率", Decimal("97.96"), "%", "97.96％", False)]


def test_yi_resolved_and_approximate_wan_person_times():
    assert found(HAINAN_FUND) == [
        (16, 21, "筹集资金", Decimal(240000000), "元", "2.4亿元", False),
        (30, 36, "帮扶救助困难职工", Decimal(240000), "人次", "24万余人次", True),
    ]


def test_adjacent_numbers_share_the_measure():
    assert found(DINGBIAN_POVERTY) == [
        (8, 12, "带动实现脱贫家庭", Decimal(712), "户", "712户", False),
        (12, 17, "带动实现脱贫家庭", Decimal(2090), "人", "2090人", False),
    ]


def test_person_in_parentheses_times_is_person_times():
    assert found(SHANGLUO_BEES) == [
        (14, 18, "举办农民养蜂技能培训", Decimal(320), "期", "320期", False),
        (18, 27, "举办农民养蜂技能培训", Decimal(25200), "人次", "2.52万人(次)", False),
    ]


def test_wan_without_a_unit_is_money_after_a_money_word():
    assert found(SHANGLUO_INSURANCE) == [
        (4, 10, "职工参保", Decimal(149000), "人", "14.9万人", False),
        (13, 18, "保费", Decimal(11520000), "元", "1152万", False),
        (21, 27, "理赔", Decimal(11000), "人次", "1.1万人次", False),
        (33, 39, "兑付互助金", Decimal(10340000), "元", "1034万元", False),
    ]
    assert found(ZHAOQING_INVESTMENT) == [(2, 7, "投入", Decimal(1800000), "元", "180多万", True)]


def test_a_magnitude_without_unit_or_money_is_no_quantity():
    assert found(ZHAOQING_COOL) == []


def test_quoted_names_in_the_measure():
    assert found(SHANGLUO_SCHOLARSHIP) == [
        (0, 5, "金秋助学资金", Decimal(1230000), "元", "123万元", False),
        (15, 19, "帮扶困难职工子女", Decimal(371), "名", "371名", False),
    ]
    assert found(SHANGLUO_AWARDS) == [
        (11, 14, "创市以上工人先锋号", Decimal(20), "个", "20个", False),
        (24, 26, "省五一劳动奖状", Decimal(1), "个", "1个", False),
        (29, 31, "奖章", Decimal(3), "人", "3人", False),
    ]


def test_list_items_are_measured_separately():
    assert found(SHANGLUO_VISITS) == [
        (11, 15, "建筑工地", Decimal(251), "家", "251家", False),
        (16, 21, "职工", Decimal(14000), "名", "1.4万名", False),
    ]


def test_counting_verb_joined_to_the_noun_after_the_unit():
    assert found(WEIHAI_STAFF) == [(14, 18, "聘请社会化工会工作者", Decimal(95), "名", "95 名", False)]


def test_chinese_ten_counts():
    assert found(HAINAN_TEN) == [(8, 10, "实事", Decimal(10), "件", "十件", False)]


# --- invented shapes -------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("全市共有会员609204人", [(6, 13, "会员", Decimal(609204), "人", "609204人", False)]),
    ("筹集资金934万元", [(4, 9, "筹集资金", Decimal(9340000), "元", "934万元", False)]),
    ("发放慰问金1.82万元", [(5, 11, "发放慰问金", Decimal(18200), "元", "1.82万元", False)]),
    ("累计投入资金3.5亿元", [(6, 11, "投入资金", Decimal(350000000), "元", "3.5亿元", False)]),
    ("参训职工1,200余人", [(4, 11, "参训职工", Decimal(1200), "人", "1,200余人", True)]),
    ("200多家企业", [(0, 5, "企业", Decimal(200), "家", "200多家", True)]),
    ("参赛职工三千二百人", [(4, 9, "参赛职工", Decimal(3200), "人", "三千二百人", False)]),
    ("筹集两万元", [(2, 5, "筹集", Decimal(20000), "元", "两万元", False)]),
    ("走访十余家企业", [(2, 5, "走访企业", Decimal(10), "家", "十余家", True)]),
    ("救助困难职工1.2万户次", [(6, 12, "救助困难职工", Decimal(12000), "户次", "1.2万户次", False)]),
    ("有职工3000多人", [(3, 9, "职工", Decimal(3000), "人", "3000多人", True)]),
    ("月收入1500元左右", [(3, 8, "月收入", Decimal(1500), "元", "1500元", True)]),
    ("约500名职工参加", [(1, 5, "职工", Decimal(500), "名", "500名", True)]),
    ("２０００名职工", [(0, 5, "职工", Decimal(2000), "名", "２０００名", False)]),
    ("参赛职工2017人", [(4, 9, "参赛职工", Decimal(2017), "人", "2017人", False)]),
    ("运送物资8万吨", [(4, 7, "运送物资", Decimal(80000), "吨", "8万吨", False)]),
    ("开展培训24小时", [(4, 8, "开展培训", Decimal(24), "小时", "24小时", False)]),
    ("受理投诉12351件", [(4, 10, "受理投诉", Decimal(12351), "件", "12351件", False)]),
    ("评选出市技术标兵32名", [(8, 11, "评选出市技术标兵", Decimal(32), "名", "32名", False)]),
    ("为职工购买2000台", [(5, 10, "购买", Decimal(2000), "台", "2000台", False)]),
    ("参赛职工45人", [(4, 7, "参赛职工", Decimal(45), "人", "45人", False)]),
    ("失业率下降0.5个百分点", [(5, 12, "失业率下降", Decimal("0.5"), "百分点", "0.5个百分点", False)]),
])
def test_invented_shapes(sentence, expected):
    assert found(sentence) == expected


# --- rejections: each next to the sentence it would otherwise be ------------------------------

@pytest.mark.parametrize("sentence", [
    "近万名职工",  # a bare magnitude is not a number
    "并联合邮储银行开展“万名工会干部、进万家企业”活动",
    "组织百名劳模进百村",
    "受理求助事件上百件",
    "职工持卡享受优惠近千万元",
    "数百人参加",
    "几十个单位",
    "2017年",  # years and dates
    "2017 年 9 月 25 日",
    "10月24日",
    "2017.10.24",
    "2017-10-24",
    "第十三次党代会",  # ordinals and ranks
    "评选出市技术标兵第32名",
    "排名前10名",
    "受理热线12351件",  # hotline, phone
    "12351职工维权热线",
    "电话0898-66668888",
    "为职工购买X2000台",  # model number
    "十九大精神",
    "参赛职工45岁",  # ages
    "开展培训3个月",  # durations
    "培训24小时不间断",
    "椰树集团8万吨安装团队",  # inside an organisation name
    "建设万吨级码头",
    "对25人以下企业免缴",  # a threshold that modifies a noun
    "是爱商一名售货员",  # single Chinese digits
    "担负着两个孩子的上学费用",
    "带动消费扶贫",  # no number at all
])
def test_rejections(sentence):
    assert find_quantities(sentence) == []


def test_real_sentences_with_nothing_to_count():
    for sentence in (HAIKOU_AGE, HAIKOU_TEAM, HAIKOU_CONGRESS, HAIKOU_HOTLINE, SHANGLUO_HOTLINE,
                     DINGBIAN_CARDS):
        assert find_quantities(sentence) == [], sentence


def test_threshold_rejected_but_the_rate_before_it_kept():
    assert found(ZHAOQING_RETURNS) == [(13, 16, "民营企业经费返还比例", Decimal(75), "%", "75%", False)]


def test_caption_dates_model_numbers_and_company_names_give_no_numbers():
    values = {q.value for q in find_quantities(FOSHAN_CAPTION)}
    assert not values & {Decimal(12), Decimal(26), Decimal(2018), Decimal(2), Decimal(4)}


def test_offsets_index_the_sentence_and_text_is_the_slice():
    sentence = "截至目前,全市建立工会组织5397家,会员609204人。"
    for quantity in find_quantities(sentence):
        assert sentence[quantity.start:quantity.end] == quantity.text
    assert [q.start for q in find_quantities(sentence)] == [13, 21]


def test_values_are_plain_decimals():
    quantity = find_quantities("发放慰问金1.82万元")[0]
    assert isinstance(quantity, Quantity)
    assert str(quantity.value) == "18200"
    assert str(find_quantities("满意率达到97.96%")[0].value) == "97.96"


@pytest.mark.parametrize("token, value", [
    ("十", 10), ("十五", 15), ("二十", 20), ("三十一", 31), ("一百零五", 105), ("三千二百", 3200),
    ("两万", 20000), ("一万二千", 12000), ("三亿五千万", 350000000), ("十万", 100000),
    ("五一", None), ("十百", None), ("二〇一七", None), ("万", None), ("", None), ("3万", None),
])
def test_parse_chinese_number(token, value):
    assert parse_chinese_number(token) == value
