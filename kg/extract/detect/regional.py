"""Names written the Hong Kong, Macau and Taiwan way that the mainland's suffix rules miss: unions
by their regional endings (…职工会, …雇员协会, a company's 企业工会, a county's 产业总工会), a union
federation by its short form (工联会, 工联), the central government's liaison offices and
commissioners' offices (中央人民政府驻香港特别行政区联络办公室, 驻港国安公署)."""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.detect.boundaries import name_start
from kg.extract.detect.candidates import Candidate
from kg.extract.detect.context import ArticleContext

FEDERATION = re.compile(r"工联会?")
CJK = re.compile(r"[\u4e00-\u9fff]")
LIAISON_OFFICE = re.compile(r"(?:中央人民政府|中央政府|中央)?驻(?:香港|港|澳门|澳)(?:特别行政区)?"
                            r"(?:联络办公室|联络办|(?:国家安全|国安)?公署)")
COMMISSIONER = re.compile(r"(?:外交部|国家安全)驻(?:香港|港|澳门|澳)(?:特别行政区)?公署")


REGIONAL_UNION = re.compile("|".join(sorted((re.escape(s) for s in lexicon.REGIONAL_UNION_SUFFIXES if s != "工联会"),
                                             key=len, reverse=True)) + r"|(?:企业|产业|职业)总?工会"
                            r"|(?<=人员)总工会|(?<=[行职产事]业)总工会")  # 教育工作人员总工会, 某某事业总工会
REGIONAL_AWARD = re.compile("|".join(lexicon.REGIONAL_AWARDS))
ANONYMOUS = re.compile(r"(?<!第)[一某](?:家|个|所)?")  # 晋江一纺织企业工会: a union, but no name
GENERIC = set(lexicon.GENERIC_PREFIX_WORDS) | {"本会", "该会", "各", "本", "该", "其"}
# ...业职工会 lists its trades with 及 (证券及期货业职工会): the name runs over it
TRADE_LINK = re.compile(r"[\u4e00-\u9fff]{1,6}及$")


def _regional_unions(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = []
    for match in REGIONAL_UNION.finditer(text):
        if not context.is_token_start(match.start()):
            continue
        start = name_start(context, match.start(), verbs_inside=False)
        if text[start - 1:start] == "及" and TRADE_LINK.search(text, max(0, start - 8), start):
            start = name_start(context, start - 1, verbs_inside=False)
        if start >= 1 and CJK.match(text, start - 1) and (start == 1 or not CJK.match(text, start - 2)):
            start -= 1  # a name's first character cut off as a word of its own (中 of 中钢公司)
        if match.group() == "总工会":  # 教育工作人员总工会: the trade's words, back to the list's separator
            start = _after_separator(text, match.start(), start)
        prefix = text[start:match.start()]
        if len(prefix) < 2 or prefix in GENERIC or any(c in prefix for c in "的了是在") or ANONYMOUS.search(prefix):
            continue
        form = text[start:match.end()]
        found.append(Candidate(start, match.end(), "Union", form, form, 2))
        if match.group() == "企业工会" and prefix.endswith(COMPANY_ENDINGS) and len(prefix) <= 12:
            found += _company_of_union(context, prefix)
    return found


SEPARATOR = re.compile(r"[、，。；：,;:\s（）()“”「」]")


def _after_separator(text: str, end: int, fallback: int) -> int:
    """The start of the run of words before ``end`` back to a separator (at most 10 characters)."""
    start = end
    while start > 0 and end - start < 10 and not SEPARATOR.match(text, start - 1):
        start -= 1
    return start if start < fallback and not re.search(r"[的了是在和与及]", text[start:end]) else fallback


SHORT_FEDERATION = re.compile(r"(香港|澳门|港九|九龙|新界)工联会")


def _federation_named(text: str, place: str) -> str | None:
    """The full name of a place's union federation where the article writes it (澳门工会联合总会)."""
    for ending in ("工会联合总会", "工会联合会"):
        if place + ending in text:
            return place + ending
    return None


# 本县总工会, 本市产业总工会: the union of the article's own county or city
OWN_UNION = re.compile(r"本(?:县|市)(?:产业|职业)?总工会")
COMPANY_ENDINGS = ("公司", "集团", "企业", "银行")


def _company_of_union(context: ArticleContext, company: str) -> list[Candidate]:
    """某公司企业工会: the union's company, wherever the article names it (某公司董事长X)."""
    text = context.text
    found = []
    at = text.find(company)
    while at >= 0 and len(found) < 64:
        found.append(Candidate(at, at + len(company), "Company", company, company, 2))
        at = text.find(company, at + len(company))
    return found


def detect_regional(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = _regional_unions(context)
    for match in FEDERATION.finditer(text):
        # on its own only: 香港工联会 is found by its suffix, 工联单 is no name
        if match.group() == "工联" and CJK.match(text, match.end()):
            continue
        found.append(Candidate(match.start(), match.end(), "Union", "工联会", match.group(), 1))
    for match in SHORT_FEDERATION.finditer(text):
        full = _federation_named(text, match.group(1))
        if full:  # 澳门工联会 after 澳门工会联合总会: the same federation by its short form
            found.append(Candidate(match.start(), match.end(), "Union", full, match.group(), 3))
    for match in OWN_UNION.finditer(text):
        found.append(Candidate(match.start(), match.end(), "Union", match.group(), match.group(), 2))
    for pattern in (LIAISON_OFFICE, COMMISSIONER):
        for match in pattern.finditer(text):
            found.append(Candidate(match.start(), match.end(), "Organization", match.group(), match.group(), 2))
    for match in REGIONAL_AWARD.finditer(text):
        found.append(Candidate(match.start(), match.end(), "Award", match.group(), match.group(), 1))
    return (found + _honour_rolls(context) + _event_venues(context) + _regional_agencies(context)
            + _listed_people(context))


# An honour roll set out as a table: a line naming an award (2008年度…团体奖), then lines of
# recipients in cells (冠军 | 某某职工会 |). The line is the award's whole name, its year included.
AWARD_HEADING = re.compile(r"^[ \u3000]*((?:(?:19|20)[0-9]{2}年度?)?[\u4e00-\u9fff、()（）]{2,30}(?:奖|奖项|大奖))[ \u3000]*$",
                           re.MULTILINE)
ROLL_RANKS = re.compile(r"^(?:冠军|亚军|季军|殿军|[一二三四五六七八九十0-9]+等奖?|第[一二三四五六七八九十0-9]+名|金奖|银奖|铜奖|优异奖|优秀奖)$")
CELL = re.compile(r"[^|｜\n]+")
CELL_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff、()（）]{2,30}")
MAX_ROLL_LINES = 200


def award_headings(text: str) -> list[tuple[int, int]]:
    """The spans of lines that name an award on their own, each followed by a table row."""
    spans = []
    for match in AWARD_HEADING.finditer(text):
        following = text[match.end() + 1:text.find("\n", match.end() + 1) if "\n" in text[match.end() + 1:] else len(text)]
        if "|" in following or "｜" in following:
            spans.append(match.span(1))
    return spans


def roll_cells(text: str, heading_end: int) -> list[tuple[int, int]]:
    """The name cells of the table rows after an award heading, up to a line that is no row."""
    cells = []
    position = heading_end + 1
    for _ in range(MAX_ROLL_LINES):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        line = text[position:line_end]
        if "|" not in line and "｜" not in line:
            break
        for cell in CELL.finditer(line):
            value = cell.group().strip(" \u3000\t")
            if not value or ROLL_RANKS.match(value) or not CELL_NAME.fullmatch(value):
                continue
            start = position + cell.start() + cell.group().index(value)
            cells.append((start, start + len(value)))
        if line_end >= len(text):
            break
        position = line_end + 1
    return cells


ROLL_UNION_ENDINGS = tuple(lexicon.UNION_SUFFIXES) + ("总会",)


def _honour_rolls(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = []
    for start, end in award_headings(text):
        found.append(Candidate(start, end, "Award", text[start:end], text[start:end], 2))
        for cell_start, cell_end in roll_cells(text, end):
            name = text[cell_start:cell_end]
            kind = "Union" if name.endswith(ROLL_UNION_ENDINGS) else "Organization"
            found.append(Candidate(cell_start, cell_end, kind, name, name, 2))
    return found


# 假某某大酒楼举行, 在高雄市前金区某某店举办: the place an event is held in, a restaurant or shop
# included; the divisions written before its name are places of their own.
EVENT_VENUE = re.compile(r"(?:假|在|于)(?![该本此这其各])((?:(?![假在于的了和与及是将])[\u4e00-\u9fff]){3,24}?"
                         r"(?:大酒楼|酒楼|酒家|酒店|饭店|餐厅|会馆|店))[，,]?(?:举行|举办|召开)")


def _event_venues(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = []
    for match in EVENT_VENUE.finditer(text):
        start, end = match.span(1)
        places = []
        for _ in range(4):
            hit = next((h for h in context.places if h.start == start and h.end < end), None)
            if hit is None:
                break
            places.append(Candidate(hit.start, hit.end, "Place", hit.division.name, hit.form))
            start = hit.end
        if end - start < 3:
            continue
        venue = text[start:end]
        # the whole span, so that no longer reading of it wins; the divisions kept inside
        found.append(Candidate(match.start(1), end, "Place", venue, text[match.start(1):end], 3, tuple(places)))
    return found


# Taiwan's agencies named from their place (苗栗县税捐稽征处, 某某分署) or after a preposition
# (到青年创业指挥部洽公): the whole name, which the word boundaries cut short.
AGENCY_ENDINGS = "|".join(map(re.escape, sorted(lexicon.REGIONAL_AGENCY_SUFFIXES, key=len, reverse=True)))
AGENCY_AFTER_PLACE = re.compile(r"(?:(?![的了和与及是在将到或])[\u4e00-\u9fff]){0,8}?(?:" + AGENCY_ENDINGS + ")")
AGENCY_AFTER_WORD = re.compile(r"(?:到|在|向|与|和|及|配合|由)((?:(?![的了和与及是在将到或向由])[\u4e00-\u9fff]){2,8}?"
                               r"(?:" + AGENCY_ENDINGS + "))")


def _regional_agencies(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = []
    for hit in context.places:
        match = AGENCY_AFTER_PLACE.match(text, hit.end)
        if match:
            form = text[hit.start:match.end()]
            inner = (Candidate(hit.start, hit.end, "Place", hit.division.name, hit.form),)
            found.append(Candidate(hit.start, match.end(), "Organization", form, form, 2, inner))
    for match in AGENCY_AFTER_WORD.finditer(text):
        start = match.start(1)
        if not any(hit.start <= start < hit.end for hit in context.places):
            found.append(Candidate(start, match.end(1), "Organization", match.group(1), match.group(1), 2))
    return found


# 工联四名议员(左到右)甲、乙、丙及丁: the names listed after a legislator's title and a caption's
# parenthesis; each item between separators is a whole name.
SURNAMES = lexicon.SURNAMES | lexicon.SURNAMES_MORE
LEGISLATORS_LISTED = re.compile(r"(?:议员|立法委员|立委)(?:[(（][^()（）\n]{0,6}[)）])?"
                                r"((?:[\u4e00-\u9fff]{2,4}(?:、|及|和|与)){1,11}[\u4e00-\u9fff]{2,4})")
ITEM_SEPARATOR = re.compile(r"、|及|和|与")
# 葉劉淑儀: a married woman's name, her husband's surname before her own, after a title
MARRIED_NAME = re.compile(r"(?<=[长员人席])([\u4e00-\u9fff]{2})([\u4e00-\u9fff]{2})(?=[，,。、等）)]|$)")


# Her own surname, the second: only the commonest there (葉劉, 范徐, 陳馮), so that 某文静说 is no name
MAIDEN_SURNAMES = set("陈李张黄何林梁刘吴郑谭罗杨周叶邓麦冯曾蔡苏卢许胡彭郭萧钟区潘余伍徐汤范朱马谢")
SPEECH = set("说讲表称指道介谈问答")


def _is_name(item: str) -> bool:
    if len(item) == 4:
        return item[0] in SURNAMES and item[1] in SURNAMES
    return item[:1] in SURNAMES or item[:2] in lexicon.SURNAMES_DOUBLE


def _listed_people(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = []
    for match in LEGISLATORS_LISTED.finditer(text):
        items = []
        position = match.start(1)
        for piece in ITEM_SEPARATOR.split(match.group(1)):
            items.append((position, piece))
            position += len(piece) + 1
        *whole, (last_start, last) = items
        if not whole or not all(2 <= len(item) <= 4 and _is_name(item) for _, item in whole):
            continue
        usual = 3 if sum(len(item) == 3 for _, item in whole) * 2 >= len(whole) else 2
        items = whole + [(last_start, last[:usual])]
        places = {hit.start for hit in context.places}
        for start, item in items:
            if _is_name(item) and start not in places:  # 南投市长某某: a place, then an office
                found.append(Candidate(start, start + len(item), "Person", item, item, 2))
    for match in MARRIED_NAME.finditer(text):
        name = match.group()
        if name[0] in SURNAMES and name[1] in MAIDEN_SURNAMES and name[0] != name[1] and name[3] not in SPEECH \
                and any(text.startswith(title, match.start() - len(title)) for title in lexicon.POSITION_TITLES):
            found.append(Candidate(match.start(), match.end(), "Person", name, name, 2))
    return found
