"""Dates in Chinese union news: ``2017年10月24日``, ``二〇一七年``, ``2017-10-24``, ``10月24日``,
``“五一”期间``, ``今年`` … parsed into :class:`DateMention` with character offsets.

Pure parsing, standard library only. Rules and choices:

* Years must lie in 1900–2100 and be written with four digits (``2017年``, ``2017 年``,
  ``二〇一七年``) or as an ISO-like date (``2017-10-24``, ``2017.10.24``, ``2017/10/24``). A
  bare four-digit number without 年 is not a year (``2000名``, ``2017金秋助学``, ``展望2019``),
  except as the first half of a range ``2015—2017年`` (two mentions). Two-digit years
  (``17年``) are durations, not dates.
* ``10月24日`` / ``10月`` without a year take ``default_year`` (the caller's sentence, paragraph or
  article year). Chinese-numeral month/day (``十月二十四日``) needs a year or a day; a bare
  ``十月`` is not a date.
* An impossible month or day (``2月30日``, ``13月``) is dropped: with a stated year the mention
  keeps the year only (``2017年2月30日`` → 2017); without one there is no mention.
* Holidays: 五一 / 劳动节 → 05-01, 七一 / 建党节 → 07-01, 八一 / 建军节 → 08-01, 国庆 → 10-01,
  元旦 → 01-01, of the year stated right before (``2017年“五一”``, one mention) or else
  ``default_year``. 春节 is lunar: year only. 五一 / 七一 / 八一 / 国庆 count only when quoted,
  followed by 节 or a time word (期间, 前夕, 来临, 之际 …), or preceded by 庆 / 迎 / 度 / 过 or a
  year (``今年国庆``);
  award names (``五一劳动奖章``, ``“五一”劳动奖状``, ``七一勋章``) and places (``五一广场``)
  are not dates. 十一 (National Day) is too ambiguous and is not recognised.
* Relative years 今年 / 去年 / 明年 / 前年 count from ``default_year``.
* Whatever cannot be resolved is None: ``10月`` without a default year gives a mention with
  ``year=None``; it then has neither ``xsd_date`` nor ``xsd_gyear``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "publication_date", "stated_years", "year_of_text"]

MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class DateMention:
    """A date found in a text; ``start``/``end`` index into that text, ``text`` is the slice."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    text: str

    @property
    def xsd_date(self) -> str | None:
        """``"2017-10-24"`` when year, month and day are all known, else None."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def xsd_gyear(self) -> str | None:
        """``"2017"`` when the year is known, else None."""
        return None if self.year is None else f"{self.year:04d}"


# ---------------------------------------------------------------------------------------------
# numbers

def character_folding(source: str, target: str) -> Callable[[str], str]:
    """A function that writes each character of ``source`` in a text as the one at its place in
    ``target`` (full-width digits as ASCII ones); a text holding none of them is returned as it is,
    since ``str.translate`` reads every character and is slow on CJK text."""
    table = str.maketrans(source, target)
    present = re.compile("[" + re.escape(source) + "]")

    def fold(text: str) -> str:
        return text.translate(table) if present.search(text) else text
    return fold


_fold = character_folding("０１２３４５６７８９－／．～", "0123456789-/.~")

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMERAL_CHARS = "〇○零一二两三四五六七八九十百千万亿"


def _small_number(token: str) -> int | None:
    """1–39 written in digits or Chinese (十, 二十四, 三十一); None when malformed."""
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, units = token.partition("十")
        tens_value = 1 if tens == "" else _CN_DIGITS.get(tens)
        units_value = 0 if units == "" else _CN_DIGITS.get(units)
        if tens_value is None or units_value is None or len(tens) > 1 or len(units) > 1:
            return None
        return tens_value * 10 + units_value
    return _CN_DIGITS.get(token) if len(token) == 1 else None


def _cn_year(token: str) -> int:
    return int("".join(str(_CN_DIGITS[c]) for c in token))


def _days_in_month(year: int | None, month: int) -> int:
    if month == 2:
        if year is None:
            return 29
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _valid_year(year: int | None) -> bool:
    return year is not None and MIN_YEAR <= year <= MAX_YEAR


# ---------------------------------------------------------------------------------------------
# patterns (run on the folded text, which has the same length as the input)

_MONTH = r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?P<d>\d{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_MONTH_DAY_TAIL = rf"(?:\s*{_MONTH}\s*月(?:\s*{_DAY}\s*[日号])?)?"

_ISO = re.compile(r"(?<![\d.\-/])(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
                  r"(?!\d|[-./]\d)")
_YEAR_FIRST = re.compile(
    r"(?:(?<![\d./])(?P<y>\d{4})(?!\d)|"
    rf"(?<![{_CN_NUMERAL_CHARS}])(?P<ycn>[〇○零Ｏ一二三四五六七八九]{{4}}))\s*年" + _MONTH_DAY_TAIL)
_RELATIVE = re.compile(r"(?P<rel>今年|去年|明年|前年)" + _MONTH_DAY_TAIL)
# Taiwan's calendar (the Republic era): 民国80年 is 1991, 110年度 (a fiscal or award year) is 2021.
_ROC_YEAR = re.compile(r"民[国國](?P<y>\d{1,3})\s*年" + _MONTH_DAY_TAIL)
_ROC_FISCAL_YEAR = re.compile(r"(?<![\d.])(?P<y>1[0-2]\d)\s*年度")
ROC_EPOCH = 1911
_RANGE_FIRST = re.compile(r"(?<![\d.\-/])(?P<y>\d{4})(?=\s*[—–\-~～至到]\s*(?P<y2>\d{4})\s*年)")
_MONTH_DAY = re.compile(
    r"(?<![\d.])(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?"
    rf"|(?<![{_CN_NUMERAL_CHARS}第])(?P<mcn>十[一二]?|[一二三四五六七八九])月"
    r"(?P<dcn>三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])[日号]")

_OPEN_QUOTES, _CLOSE_QUOTES = "“‘\"'「『", "”’\"'」』"
_HOLIDAY = re.compile(
    rf"(?P<open>[{_OPEN_QUOTES}])?(?P<name>五一|七一|八一|国庆|元旦|春节)(?P<close>[{_CLOSE_QUOTES}])?"
    r"(?P<suffix>国际劳动节|劳动节|建党节|建军节|节(?![日目奏约能省俭制]))?")
# What any date rule needs somewhere in the text: 年 or 月, an ISO-like date, or a holiday's name.
_MAY_HOLD_DATE = re.compile(r"[年月]|\d[-./]\d|五一|七一|八一|国庆|元旦|春节|劳动节|建党节|建军节")
_HOLIDAY_NAME = re.compile(r"(?<!五一)(?P<name>国际劳动节|劳动节|建党节|建军节|国庆节)")
_HOLIDAY_DATE = {"五一": (5, 1), "劳动节": (5, 1), "国际劳动节": (5, 1), "七一": (7, 1),
                 "建党节": (7, 1), "八一": (8, 1), "建军节": (8, 1), "国庆": (10, 1),
                 "国庆节": (10, 1), "元旦": (1, 1), "春节": (None, None)}
# After a holiday word: award names and places, where 五一 is not a date.
_HOLIDAY_NOT_DATE = ("劳动奖", "奖", "勋章", "巾帼", "先锋", "红旗", "广场", "路", "大道", "大街",
                     "大厦", "中学", "小学", "村", "队", "厂")
_HOLIDAY_CONTEXT_AFTER = ("期间", "前夕", "前后", "当天", "当日", "来临", "到来", "之际", "假期",
                          "小长假", "长假", "黄金周", "假日", "节日", "前", "后", "以来", "·")
_HOLIDAY_CONTEXT_BEFORE = ("庆", "迎", "度", "过", "贺")
_ALWAYS_HOLIDAY = ("元旦", "春节")

# Relative years: characters that show 年 starts another word (如今年轻, 至今年均, 说明年龄 …)
_RELATIVE_BAD_AFTER = set("轻龄纪代华限鉴迈幼少均薪息检审票画糕货")
_RELATIVE_BAD_BEFORE = {
    "今年": set("如迄"),
    "去年": set("过除失离回"),
    "明年": set("说证表声透光文聪发鲜简标阐查指分英昌清黎开申注载讲写严高神精不"),
}
# 前年 is read only after punctuation, a space or one of these (提前年, 目前年, 之前年 are not).
_BEFORE_PREVIOUS_YEAR_OK = set("在于从自是到至和与及比较同")
_RELATIVE_OFFSET = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or char in "〇○"


class _Collector:
    def __init__(self, text: str):
        self.text = text
        self.taken = [False] * len(text)
        self.found: list[DateMention] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, start: int, end: int, year: int | None, month: int | None,
            day: int | None) -> DateMention | None:
        if start >= end or not self.free(start, end):
            return None
        mention = DateMention(start, end, year, month, day, self.text[start:end])
        for i in range(start, end):
            self.taken[i] = True
        self.found.append(mention)
        return mention

    def block(self, start: int, end: int) -> None:
        """Mark a span as read without a mention (the impossible tail of 2017年2月30日)."""
        for i in range(start, end):
            self.taken[i] = True

    def replace(self, old: DateMention, new_end: int, month: int | None, day: int | None) -> None:
        self.found.remove(old)
        for i in range(old.start, new_end):
            self.taken[i] = True
        self.found.append(DateMention(old.start, new_end, old.year, month, day,
                                      self.text[old.start:new_end]))


def _month_day(year: int | None, month_token: str | None, day_token: str | None,
               match: re.Match, month_group: str = "m"):
    """(month, day, end) for the valid prefix of a month/day tail, or None when the month is bad."""
    if month_token is None:
        return None, None, None
    month = _small_number(month_token)
    if month is None or not 1 <= month <= 12:
        return None
    if day_token is None:
        return month, None, match.end(month_group) + _suffix_len(match, month_group, "月")
    day = _small_number(day_token)
    if day is None or not 1 <= day <= _days_in_month(year, month):
        return month, None, match.end(month_group) + _suffix_len(match, month_group, "月")
    return month, day, match.end()


def _suffix_len(match: re.Match, group: str, marker: str) -> int:
    """Distance from the end of ``group`` to just past the following ``marker`` (spaces allowed)."""
    rest = match.string[match.end(group):match.end()]
    return rest.index(marker) + 1


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """All date mentions in ``text``, in order of position; see the module docstring for the rules.

    ``default_year`` resolves mentions that do not state a year (``10月24日``, ``“五一”期间``,
    ``今年``); pass the year of the sentence, paragraph or article when known.
    """
    folded = _fold(text)
    if not _MAY_HOLD_DATE.search(folded):
        return []  # every rule below needs one of these
    out = _Collector(text)

    for match in _ISO.finditer(folded):
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        if _valid_year(year) and 1 <= month <= 12 and 1 <= day <= _days_in_month(year, month):
            out.add(match.start(), match.end(), year, month, day)

    for match in _YEAR_FIRST.finditer(folded):
        year = int(match["y"]) if match["y"] else _cn_year(match["ycn"])
        if not _valid_year(year):
            continue
        _add_with_tail(out, match, year)

    for match in _ROC_YEAR.finditer(folded):
        year = ROC_EPOCH + int(match["y"])
        if _valid_year(year):
            _add_with_tail(out, match, year)
    for match in _ROC_FISCAL_YEAR.finditer(folded):
        out.add(match.start(), match.end(), ROC_EPOCH + int(match["y"]), None, None)

    for match in _RELATIVE.finditer(folded):
        word = match["rel"]
        if not _relative_year_ok(folded, match.start(), word):
            continue
        year = None if default_year is None else default_year + _RELATIVE_OFFSET[word]
        _add_with_tail(out, match, year, year_end=match.end("rel"))

    for match in _RANGE_FIRST.finditer(folded):
        first, second = int(match["y"]), int(match["y2"])
        if _valid_year(first) and _valid_year(second) and first < second:
            out.add(match.start(), match.end(), first, None, None)

    for match in _MONTH_DAY.finditer(folded):
        month_token = match["m"] or match["mcn"]
        day_token = match["d"] or match["dcn"]
        parsed = _month_day(default_year, month_token, day_token, match, "m" if match["m"] else "mcn")
        if parsed is None:
            continue
        month, day, end = parsed
        if match["mcn"] and day is None:
            continue  # 十月 alone is not a date
        if day_token is not None and day is None:
            continue  # 2月30日: impossible, and no year to keep
        out.add(match.start(), end, default_year, month, day)

    _find_holidays(folded, out, default_year)
    return sorted(out.found, key=lambda m: m.start)


def _add_with_tail(out: _Collector, match: re.Match, year: int | None,
                   year_end: int | None = None) -> None:
    parsed = _month_day(year, match["m"], match["d"], match)
    if parsed is None or parsed[0] is None or (match["d"] is not None and parsed[1] is None):
        # no month, or a month or day that does not exist: the year alone, up to and including 年
        if year_end is None:
            year_end = match.start() + match.group(0).index("年") + 1
        if out.add(match.start(), year_end, year, None, None) is not None:
            out.block(year_end, match.end())
        return
    month, day, end = parsed
    out.add(match.start(), end, year, month, day)


def _relative_year_ok(folded: str, start: int, word: str) -> bool:
    before = folded[start - 1] if start > 0 else ""
    after = folded[start + 2] if start + 2 < len(folded) else ""
    if after in _RELATIVE_BAD_AFTER:
        return False
    if word == "前年":
        return before == "" or not _is_cjk(before) or before in _BEFORE_PREVIOUS_YEAR_OK
    return before not in _RELATIVE_BAD_BEFORE[word]


def _find_holidays(folded: str, out: _Collector, default_year: int | None) -> None:
    for match in _HOLIDAY.finditer(folded):
        name = match["name"]
        quoted = bool(match["open"]) and bool(match["close"])
        start = match.start() if quoted else match.start("name")
        end = match.end() if (quoted or match["suffix"]) else match.end("name")
        after = folded[match.end("close") if quoted else match.end("name"):]
        if match["suffix"]:
            after = folded[match.end():]
        before = folded[:start]
        if after.startswith(tuple(_HOLIDAY_NOT_DATE)) and not match["suffix"]:
            continue
        if name in ("五一", "七一", "八一"):
            if before[-1:] and before[-1] in _CN_NUMERAL_CHARS:
                continue  # 一五一十
            if after[:1] and after[0] in _CN_NUMERAL_CHARS:
                continue
        if name not in _ALWAYS_HOLIDAY and not (
                quoted or match["suffix"]
                or after.startswith(tuple(_HOLIDAY_CONTEXT_AFTER))
                or before.endswith(_HOLIDAY_CONTEXT_BEFORE)
                or before.rstrip().endswith("年")):  # 2017年国庆, 今年五一
            continue
        month, day = _HOLIDAY_DATE[name]
        _add_holiday(out, folded, start, end, month, day, default_year)

    for match in _HOLIDAY_NAME.finditer(folded):
        month, day = _HOLIDAY_DATE[match["name"]]
        _add_holiday(out, folded, match.start(), match.end(), month, day, default_year)


def _add_holiday(out: _Collector, folded: str, start: int, end: int, month: int | None,
                 day: int | None, default_year: int | None) -> None:
    if not out.free(start, end):
        return
    # a year stated right before (2017年“五一”, 2019年元旦, 今年国庆) anchors the holiday
    for mention in out.found:
        gap = folded[mention.end:start]
        if mention.month is None and mention.end <= start and gap.strip() in ("", "的") \
                and mention.text.rstrip().endswith("年"):
            out.replace(mention, end, month, day)
            return
    out.add(start, end, default_year, month, day)


def year_of_text(text: str) -> int | None:
    """The first clearly stated year of a headline or paragraph, or None.

    Clearly stated: a four-digit ``YYYY年`` (1900–2100), a Chinese-numeral ``二〇一七年``, an ISO-like
    date or the first year of a range; relative years and holidays without a year do not count.
    """
    for mention in find_dates(text):
        if mention.year is not None:
            return mention.year
    return None


# A date line: a label before the date (发布时间:, 日期:, 時間:), a time or weekday after it,
# a source on the same line (… 来源: 工人日报), or nothing much else on the line.
_DATE_LINE_LABEL = re.compile(r"(?:时间|日期|date|发布|发表|出版|刊发|更新)\s*[:：]?\s*$", re.IGNORECASE)
_DATE_LINE_AFTER = re.compile(r"\s*(?:\d{1,2}\s*[:：]\s*\d{2}|星期|周[一二三四五六日天]|[(（]?星期)")
_DATE_LINE_SOURCE = re.compile(r"来源|來源|稿源|作者|编辑|浏览|点击|发布")
_DATE_LINE_MAX = 300  # longer lines are prose
# What a date with year, month and day needs: a day (日, 号), an ISO-like date, or a holiday after a year
_MAY_HOLD_FULL_DATE = re.compile(r"[日号]|\d[-./]\d|五一|七一|八一|国庆|元旦|春节|劳动节|建党节|建军节")
_DATE_LINE_SPARE = 8  # other characters a bare date line may hold (| 星期五 …)


def publication_date(text: str) -> DateMention | None:
    """The article's own date, from its first date line (``发布时间:2018-06-01``,
    ``2019-04-25 08:29:51 来源: 泉州晚报``, ``2025年07月16日``, ``2017-12-20 |``); offsets index
    into ``text``. Dates inside sentences of the body are not date lines."""
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if len(line) > _DATE_LINE_MAX or not _MAY_HOLD_FULL_DATE.search(_fold(line)):
            continue
        for mention in find_dates(line):
            if mention.xsd_date is None or mention.text[:1] in "今去明前":
                continue
            before, after = line[:mention.start], line[mention.end:]
            iso = bool(_ISO.fullmatch(_fold(mention.text)))
            if (iso or _DATE_LINE_LABEL.search(before) or _DATE_LINE_AFTER.match(after)
                    or _DATE_LINE_SOURCE.search(line)
                    or len(line.strip()) - len(mention.text) <= _DATE_LINE_SPARE):
                return DateMention(start + mention.start, start + mention.end, mention.year, mention.month,
                                   mention.day, mention.text)
    return None


def stated_years(text: str, base_year: int | None) -> list[tuple[int, int]]:
    """(offset, year) of every year ``text`` states: written out (``2017年``, ``2017-10-24``,
    ``二〇一七年``) or relative (``今年``, ``去年``) to ``base_year``; in order of position."""
    years = []
    for mention in find_dates(text):
        if mention.year is not None:
            years.append((mention.start, mention.year))
        elif base_year is not None and mention.text[:2] in _RELATIVE_OFFSET:
            years.append((mention.start, base_year + _RELATIVE_OFFSET[mention.text[:2]]))
    return years
