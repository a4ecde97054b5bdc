"""Date parsing: real corpus sentences, invented shapes, and every rejection rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.pipeline import extract_article
from kg.extract.dates import DateMention, find_dates, publication_date, stated_years, year_of_text
from kg.model import Document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def found(text, default_year=None):
    """(start, end, year, month, day, text) for each mention."""
    return [(m.start, m.end, m.year, m.month, m.day, m.text) for m in find_dates(text, default_year)]


# --- real sentences --------------------------------------------------------------------------

HAIKOU_WAGES = "2017年10月24日，陈坤民等30名农民工在海口市总工会的援助下"
HAIKOU_SINCE = "自2016年8月，韩海珍在海口市总工会帮扶中心建立困难职工档案后"
HAIKOU_MAY_DAY = "2017年“五一”劳动节来临之际，海口市人大常委会副主任、市总工会主席盛林率队来到海口公交新月汽车有限公司"
HAIKOU_DURING = "为在全社会营造尊重劳模学习劳模的氛围，“五一”期间，海口市总会在海口广播电视台连续推出11期"
HAIKOU_HEADLINE = "——海口市总工会2017年重点工作扫描"
HAIKOU_AGE = "47岁的冯海洋，从事出租车服务已有17年，是爱商一名售货员。"
HAIKOU_AWARD = "经评选，齐鲁制药(海南)有限公司获得全国五一劳动奖状称号；"
HAIKOU_CHORUS = "“喜迎党的十九大，建设美好新海口”——椰城职工国庆合唱电视大赛决赛在海口广播电视台演播大厅举行。"
HAIKOU_HOTLINE = "无奈之下，只好通过“12351”职工维权热线向“娘家人”海口市总工会求助。"
WEIHAI_CONTEST = "2017 年 9 月 25 日,威海职业技术学院内一派热闹、紧张的气氛"
WEIHAI_SHOW = "威海市总工会举办“庆五一·颂劳模”文艺演出"
WEIHAI_FUND = "互助资金规模从 2013 年的 720 万元增长到 2400 万元"
WEIHAI_WORKERS = "当天,2000 余名员工正式加入工会,找到了“娘家”"
HAINAN_THIS_YEAR = "特别是自今年启动党史学习教育以来,海南省总工会坚决贯彻落实党中央和省委的决策部署"
HAINAN_SHARE = "录入会员约120.7万人,接近2020年全省会员总数的75%。"
SHAANXI_NEW_YEAR = ("12月26日晚,陕西汉江投资开发有限公司喜河水力发电厂“唱响新时代 谱写新篇章”"
                    "2019年元旦联欢会热闹开场,全体员工欢聚一堂,共迎元旦。")
SHANGLUO_CEREMONY = "市委、市政府隆重举行商洛市庆“五一”暨第三届劳模颁奖典礼"
SHANGLUO_AWARDS = "创市以上“工人先锋号”20个、省“五一”劳动奖状1个、奖章3人。"
SHANGLUO_TARGET = "力争到2020年,全市科学养蜂达50万箱以上,综合产值达到5亿元以上"
SHANGLUO_OUTLOOK = "展望2019,商洛工会将持续深入学习贯彻习近平新时代中国特色社会主义思想"
ZHAOQING_ORGANISATION = "组织体系完善,全市建立工会组织5397家,涵盖单位29063家,会员609204人。"
ZHAOQING_CONGRESS = "将学习贯彻习近平新时代中国特色社会主义思想 and 党的十九大精神作为工会的头等大事"

REAL_SENTENCES = [value for name, value in dict(globals()).items()
                  if name.isupper() and isinstance(value, str) and name != "CORPUS"]


def test_the_real_sentences_are_in_the_corpus():
    corpus = "".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))
    assert len(REAL_SENTENCES) == 22
    for sentence in REAL_SENTENCES:
        assert sentence in corpus, sentence


def test_full_date():
    assert found(HAIKOU_WAGES) == [(0, 11, 2017, 10, 24, "2017年10月24日")]
    mention = find_dates(HAIKOU_WAGES)[0]
    assert mention.xsd_date == "2017-10-24" and mention.xsd_gyear == "2017"


def test_year_and_month():
    assert found(HAIKOU_SINCE) == [(1, 8, 2016, 8, None, "2016年8月")]
    mention = find_dates(HAIKOU_SINCE)[0]
    assert mention.xsd_date is None and mention.xsd_gyear == "2016"


def test_spaced_date():
    assert found(WEIHAI_CONTEST) == [(0, 15, 2017, 9, 25, "2017 年 9 月 25 日")]


def test_year_alone_and_year_of_a_headline():
    assert found(HAIKOU_HEADLINE) == [(8, 13, 2017, None, None, "2017年")]
    assert year_of_text(HAIKOU_HEADLINE) == 2017
    assert found(WEIHAI_FUND) == [(8, 14, 2013, None, None, "2013 年")]


def test_holiday_of_a_stated_year_is_one_mention():
    assert found(HAIKOU_MAY_DAY, 2018) == [(0, 12, 2017, 5, 1, "2017年“五一”劳动节")]
    assert find_dates(HAIKOU_MAY_DAY)[0].xsd_date == "2017-05-01"


def test_holiday_takes_the_default_year():
    assert found(HAIKOU_DURING, 2017) == [(19, 23, 2017, 5, 1, "“五一”")]
    assert found(SHANGLUO_CEREMONY, 2018) == [(14, 18, 2018, 5, 1, "“五一”")]
    assert found(WEIHAI_SHOW, 2017) == [(10, 12, 2017, 5, 1, "五一")]
    # without a default year the holiday is still found, with no year
    assert found(HAIKOU_DURING) == [(19, 23, None, 5, 1, "“五一”")]
    assert find_dates(HAIKOU_DURING)[0].xsd_date is None


def test_month_day_and_new_year():
    # 元旦 of a stated year, and 元旦 of the caller's year (taken as given: the caller's context)
    assert found(SHAANXI_NEW_YEAR, 2018) == [
        (0, 6, 2018, 12, 26, "12月26日"),
        (40, 47, 2019, 1, 1, "2019年元旦"),
        (66, 68, 2018, 1, 1, "元旦"),
    ]


def test_relative_year():
    assert found(HAINAN_THIS_YEAR, 2021) == [(4, 6, 2021, None, None, "今年")]
    assert found(HAINAN_THIS_YEAR) == [(4, 6, None, None, None, "今年")]


def test_a_year_before_a_percentage_and_a_target_year():
    assert found(HAINAN_SHARE) == [(15, 20, 2020, None, None, "2020年")]
    assert found(SHANGLUO_TARGET) == [(3, 8, 2020, None, None, "2020年")]


@pytest.mark.parametrize("sentence", [
    HAIKOU_AGE,  # 47岁, 17年: an age and a duration
    HAIKOU_AWARD,  # 五一劳动奖状 is an award
    SHANGLUO_AWARDS,  # “五一”劳动奖状 likewise
    HAIKOU_CHORUS,  # 国庆合唱电视大赛: an event name, not the holiday
    HAIKOU_HOTLINE,  # 12351
    WEIHAI_WORKERS,  # 2000 余名: a year-looking count
    ZHAOQING_ORGANISATION,  # 5397家, 29063家, 609204人
    ZHAOQING_CONGRESS,  # 十九大
    SHANGLUO_OUTLOOK,  # a bare four-digit number is not a year
])
def test_real_sentences_without_dates(sentence):
    assert find_dates(sentence, 2018) == []


# --- invented shapes -------------------------------------------------------------------------

@pytest.mark.parametrize("text, default_year, expected", [
    ("2017年10月", None, [(0, 8, 2017, 10, None, "2017年10月")]),
    ("2017 年", None, [(0, 6, 2017, None, None, "2017 年")]),
    ("10月24日", 2017, [(0, 6, 2017, 10, 24, "10月24日")]),
    ("10月", 2017, [(0, 3, 2017, 10, None, "10月")]),
    ("10月24日", None, [(0, 6, None, 10, 24, "10月24日")]),
    ("10月1号", 2019, [(0, 5, 2019, 10, 1, "10月1号")]),
    ("二〇一七年十月二十四日", None, [(0, 11, 2017, 10, 24, "二〇一七年十月二十四日")]),
    ("二○一七年", None, [(0, 5, 2017, None, None, "二○一七年")]),
    ("十月二十四日", 2017, [(0, 6, 2017, 10, 24, "十月二十四日")]),
    ("2017-10-24", None, [(0, 10, 2017, 10, 24, "2017-10-24")]),
    ("2017.10.24", None, [(0, 10, 2017, 10, 24, "2017.10.24")]),
    ("2017/10/24", None, [(0, 10, 2017, 10, 24, "2017/10/24")]),
    ("２０１７年", None, [(0, 5, 2017, None, None, "２０１７年")]),
    ("2015—2017年", None, [(0, 4, 2015, None, None, "2015"), (5, 10, 2017, None, None, "2017年")]),
    ("2015-2017年", None, [(0, 4, 2015, None, None, "2015"), (5, 10, 2017, None, None, "2017年")]),
    ("2015年至2017年", None, [(0, 5, 2015, None, None, "2015年"), (6, 11, 2017, None, None, "2017年")]),
    ("五一前夕", 2017, [(0, 2, 2017, 5, 1, "五一")]),
    ("“五一”国际劳动节", 2017, [(0, 9, 2017, 5, 1, "“五一”国际劳动节")]),
    ("国庆期间", 2017, [(0, 2, 2017, 10, 1, "国庆")]),
    ("喜迎国庆", 2017, [(2, 4, 2017, 10, 1, "国庆")]),
    ("国庆节", 2017, [(0, 3, 2017, 10, 1, "国庆节")]),
    ("元旦", 2017, [(0, 2, 2017, 1, 1, "元旦")]),
    ("“七一”前夕", 2021, [(0, 4, 2021, 7, 1, "“七一”")]),
    ("八一建军节", 2021, [(0, 5, 2021, 8, 1, "八一建军节")]),
    ("劳动节", 2020, [(0, 3, 2020, 5, 1, "劳动节")]),
    ("春节期间", 2018, [(0, 2, 2018, None, None, "春节")]),
    ("2018年春节", None, [(0, 7, 2018, None, None, "2018年春节")]),
    ("今年国庆", 2019, [(0, 4, 2019, 10, 1, "今年国庆")]),
    ("去年同期", 2018, [(0, 2, 2017, None, None, "去年")]),
    ("明年", 2018, [(0, 2, 2019, None, None, "明年")]),
    ("在前年", 2018, [(1, 3, 2016, None, None, "前年")]),
    ("今年10月", 2018, [(0, 5, 2018, 10, None, "今年10月")]),
    ("2020年2月29日", None, [(0, 10, 2020, 2, 29, "2020年2月29日")]),
    # an impossible month or day keeps the stated year only
    ("2019年2月29日", None, [(0, 5, 2019, None, None, "2019年")]),
    ("2017年2月30日", None, [(0, 5, 2017, None, None, "2017年")]),
    ("2017年13月", None, [(0, 5, 2017, None, None, "2017年")]),
])
def test_invented_shapes(text, default_year, expected):
    assert found(text, default_year) == expected


@pytest.mark.parametrize("text", [
    "2月30日",  # impossible, and no year to keep
    "2月29日",  # 2018 is no leap year
    "13月",
    "1800年",  # outside 1900–2100
    "2200年",
    "17年",  # a two-digit year is a duration
    "5397家",
    "1.82万元",
    "第十三次",
    "12351",
    "十九大",
    "2000名",
    "2017人",
    "2017家",
    "2000元",
    "2000万",
    "2017.10",  # no ISO date without a day
    "十月",  # a bare Chinese month
    "七一勋章",
    "全国五一劳动奖章",
    "五一广场",
    "一五一十",
    "王国庆同志",
    "如今年轻人",
    "至今年均增长",
    "说明年龄",
    "过去年代",
    "提前年底完成",
    "目前年度",
    "3个月",
])
def test_rejections(text):
    assert find_dates(text, 2018) == []


def test_properties():
    assert DateMention(0, 4, 2017, None, None, "2017").xsd_date is None
    assert DateMention(0, 4, 2017, 3, 5, "x").xsd_date == "2017-03-05"
    assert DateMention(0, 4, None, 3, 5, "x").xsd_gyear is None
    assert DateMention(0, 4, 1999, None, None, "x").xsd_gyear == "1999"


def test_offsets_index_the_text():
    for text in (HAIKOU_MAY_DAY, SHAANXI_NEW_YEAR, WEIHAI_CONTEST):
        for mention in find_dates(text, 2018):
            assert text[mention.start:mention.end] == mention.text


def test_year_of_text():
    assert year_of_text("2018年,榆林市定边县总工会在县委和市总工会的正确领导下") == 2018
    assert year_of_text("二〇一七年工作回眸") == 2017
    assert year_of_text("2015—2017年工作回眸") == 2015
    assert year_of_text("今年是海南全面深化改革开放的关键之年") is None  # relative: no stated year
    assert year_of_text("展望2019") is None
    assert year_of_text("12月26日上午") is None
    assert year_of_text("“五一”期间,2017年10月24日") == 2017


# --- the article's own date, and years stated in a sentence ----------------------------------



@pytest.mark.parametrize("text, date", [
    ("某市总工会表彰先进\n发布时间:2018-06-01 浏览次数:\n今年，市总工会授予…", "2018-06-01"),
    ("标题\n2019-04-25 08:29:51 来源: 晚报\n正文", "2019-04-25"),
    ("标题\n来源:工人网    作者:记者甲    发表时间:2024-05-27 09:06:03\n正文", "2024-05-27"),
    ("标题\n2024-09-11 09:39\n正文", "2024-09-11"),
    ("标题\n2017-12-20 |\n2017年4月27日下午，大会召开。", "2017-12-20"),
    ("标题\n正文在此。\n2025年07月16日\n", "2025-07-16"),
    ("标题\n正文。\n日报 要闻 00002 2017年04月28日 星期五", "2017-04-28"),
    ("標題\n時間:2021年08月23日 18:18\n正文", "2021-08-23"),
])
def test_publication_date_from_the_date_line(text, date):
    mention = publication_date(text)
    assert mention is not None and mention.xsd_date == date
    assert text[mention.start:mention.end] == mention.text


@pytest.mark.parametrize("text", [
    "2017年10月24日，陈坤民等30名农民工在海口市总工会的援助下讨回工资。",  # a date inside a sentence
    "标题\n日期:04-27\n正文",  # no year
    "标题\n今年5月1日\n",  # relative
])
def test_no_publication_date_in_prose_or_without_a_year(text):
    assert publication_date(text) is None


def test_stated_years_resolve_relative_words_against_the_base_year():
    text = "2015年入职以来，他去年获得省五一劳动奖章，今年又被授予全国五一劳动奖章。"
    assert [year for _, year in stated_years(text, 2024)] == [2015, 2023, 2024]
    assert [year for _, year in stated_years(text, None)] == [2015]
    assert stated_years("10月24日，“五一”期间", 2024) == []  # no year stated


def test_award_year_from_the_date_line_and_from_this_year():
    text = ("某市3人获全国五一劳动奖章\n2019-04-25 08:29:51 来源: 晚报\n"
            "近日，某市总工会传来消息，王建国获得全国五一劳动奖章。\n"
            "今年，南昌华光电器有限公司获得全国五一劳动奖状。\n")
    extraction = extract_article(Document("x.txt", "某市3人获全国五一劳动奖章", text))
    years = {(r.subject[1], r.object[1]): r.year for r in extraction.relations if r.type == "receivedAward"}
    assert years[("王建国", "全国五一劳动奖章")] == 2019
    assert years[("南昌华光电器有限公司", "全国五一劳动奖状")] == 2019
