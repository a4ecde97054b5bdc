"""Unions, companies and other organisations: a suffix, a name before it, and the short
forms that depend on the article's place (市总工会, 县委, 市人大常委会)."""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.detect.boundaries import PUNCTUATION, is_hard_stop, name_start
from kg.extract.detect.candidates import Candidate
from kg.extract.detect.context import ArticleContext
from kg.extract.text import matches_near, occurrences

LEVEL_OF = {"省": "province", "市": "city", "县": "county", "区": "county"}
PLACE_BODY = re.compile(r"(委(?!员)|政府|人大常委会|人大常委(?=副?主任|委员|秘书长)|人大|政协|纪委)")


def _suffix_pattern(suffixes: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True)))


UNION_SUFFIX = _suffix_pattern(lexicon.UNION_SUFFIXES)
COMPANY_SUFFIX = _suffix_pattern(lexicon.COMPANY_SUFFIXES)
ORGANIZATION_SUFFIX = _suffix_pattern(lexicon.ORGANIZATION_SUFFIXES)
_SUFFIXES = {"Union": lexicon.UNION_SUFFIXES, "Company": lexicon.COMPANY_SUFFIXES,
             "Organization": lexicon.ORGANIZATION_SUFFIXES}
GENERIC = set(lexicon.GENERIC_PREFIX_WORDS)
GENERIC_WORD = re.compile("|".join(map(re.escape, sorted(GENERIC, key=lambda word: (-len(word), word)))))


def _generic_only(prefix: str) -> bool:
    """True when the part before the suffix names nothing specific (基层, 各级, 公司…)."""
    rest = prefix
    changed = True
    while rest and changed:
        word = GENERIC_WORD.match(rest)
        changed = word is not None
        if word:
            rest = rest[word.end():]
        rest = rest.lstrip("、()")
    return len(rest) < 2


def _expand_contextual(context: ArticleContext, level_char: str, rest: str, position: int) -> str | None:
    county_city = _county_level_city(context, position) if level_char == "市" else None
    if county_city is not None:
        return county_city.name + rest
    home = context.home(LEVEL_OF[level_char], position)
    if home is None:
        return None
    return home.name + rest


def _county_level_city(context: ArticleContext, position: int):
    """安陆市, 共青城市: where the article's county is a city of county level and is named at least
    as often as the prefecture-level city, 市 in 市总工会 means it."""
    county = context.home("county", position)
    if county is None or not county.name.endswith("市"):
        return None
    city = context.home("city", position)
    county_count = sum(hit.division.code == county.code for hit in context.places)
    city_count = sum(hit.division.code == city.code for hit in context.places) if city is not None else 0
    return county if county_count >= city_count else None


def detect_organisations(context: ArticleContext) -> list[Candidate]:
    candidates: list[Candidate] = []
    candidates += _by_suffix(context, UNION_SUFFIX, "Union")
    candidates += _by_suffix(context, COMPANY_SUFFIX, "Company")
    candidates += _by_suffix(context, ORGANIZATION_SUFFIX, "Organization")
    candidates += _contextual_unions(context)
    candidates += _bodies(context)
    candidates += _national(context)
    candidates += _newspapers(context)
    candidates += _media(context)
    candidates += _departments(context)
    candidates += _named_units(context)
    candidates += _venues(context)
    candidates += _employers(context)
    candidates += _units_after(context, candidates)
    return [_with_parent(c) for c in compose_units(candidates)]


def _by_suffix(context: ArticleContext, pattern: re.Pattern, entity_type: str) -> list[Candidate]:
    found = []
    for match in pattern.finditer(context.text):
        candidate = _suffix_candidate(context, match, entity_type)
        if candidate is not None:
            found.append(candidate)
    return found


def _suffix_candidate(context: ArticleContext, match: re.Match, entity_type: str) -> Candidate | None:
    """The organisation whose suffix is ``match``: its start found by walking left, then checked."""
    text = context.text
    if len(match.group()) == 1 and text.startswith("长", match.end()):
        return None  # 组织部部长, 局长: the character begins a title
    if match.group() == "集团" and text[match.start() - 1:match.start()] == "(" and text.startswith(")", match.end()):
        return _bracketed_group(context, match)
    if not _suffix_is_word(context, match) or text.startswith(("工作", "任务"), match.end()):
        return None
    start = _past_generic_words(text, name_start(context, match.start(), verbs_inside=entity_type != "Union"),
                                match.start())
    if entity_type == "Union":
        places = context.places_in(start, match.start())
        if places and places[0].start > start and not re.search(r"(公司|集团|银行|厂)", text[start:places[0].start]):
            start = places[0].start
        if "工会" in text[start:match.start()]:
            return None
        community = COMMUNITY.search(text, start, match.start())
        if community is not None and community.end() == match.start():
            # 某某街道某某社区工会: the community's union, with the community a place of its own
            place = Candidate(community.start(1), community.end(1), "Place", community.group(1), community.group(1))
            form = text[community.start(1):match.end()]
            return Candidate(community.start(1), match.end(), "Union", form, form, 1, (place,))
    form = text[start:match.end()]
    prefix = text[start:match.start()]
    if not prefix:
        return None
    if prefix[0] in LEVEL_OF:
        return _contextual_by_suffix(context, start, match, form, prefix, entity_type)
    if _acceptable(context, start, match.start(), prefix, match.group(), entity_type):
        places = context.places_in(start, match.start())
        if entity_type == "Union" and match.group() == "总工会" and places and "".join(h.form for h in places) == prefix:
            # 江西共青城市总工会 and 江西省共青城市总工会: one name, each place written in full
            return Candidate(start, match.end(), entity_type, "".join(h.division.name for h in places) + "总工会", form)
        return Candidate(start, match.end(), entity_type, form, form)
    return None


def _bracketed_group(context: ArticleContext, match: re.Match) -> Candidate | None:
    """某某建设(集团): a group named with 集团 in brackets and nothing after; when a company form
    follows (…(集团)有限公司) the longer name is found from that suffix."""
    text = context.text
    end = match.end() + 1
    if COMPANY_SUFFIX.match(text, end) or "\u4e00" <= text[end:end + 1] <= "\u9fff" and not context.is_token_start(end):
        return None
    start = name_start(context, match.start() - 1)
    prefix = text[start:match.start() - 1]
    if len(prefix) < 2 or _generic_only(prefix) or re.search(r"[的了和与及是在]", prefix):
        return None
    form = text[start:end]
    return Candidate(start, end, "Company", form, form)


COMMUNITY = re.compile(r"(?:街道|镇|乡)([\u4e00-\u9fff]{2,4}?(?:社区|村))")


SUFFIX_PATTERNS = (("Union", UNION_SUFFIX), ("Company", COMPANY_SUFFIX), ("Organization", ORGANIZATION_SUFFIX))


def organisation_type(name: str) -> str | None:
    """Union, Company or Organization by the name's ending (…工会, …有限公司, …局, …日报);
    None when the ending is no organisation suffix."""
    for entity_type, pattern in SUFFIX_PATTERNS:
        if any(name.endswith(s) for s in _SUFFIXES[entity_type]):
            return entity_type
    if MEDIA_NAME.fullmatch(name):
        return "Organization"
    return None


def organisation_ending_at(context: ArticleContext, end: int) -> Candidate | None:
    """The organisation whose name ends at offset ``end`` (a suffix there, its name found by the
    same boundary and acceptance rules as the suffix detector), or None. Another candidate
    source (a tagger's span) can be typed and extended by it."""
    text = context.text
    for entity_type, pattern in SUFFIX_PATTERNS:
        for suffix in sorted(_SUFFIXES[entity_type], key=len, reverse=True):
            if text.endswith(suffix, 0, end):
                match = pattern.match(text, end - len(suffix))
                if match and match.end() == end:
                    candidate = _suffix_candidate(context, match, entity_type)
                    if candidate is not None:
                        return candidate
    return None


def compose_units(candidates: list[Candidate]) -> list[Candidate]:
    """A named unit right after a company or organisation (椰树集团…有限公司8万吨安装团队,
    …有限公司喜河水力发电厂) is one name that contains the parent's."""
    composed = []
    parents = [c for c in candidates if c.type in ("Company", "Organization") and c.name == c.form]
    for unit in candidates:
        if unit.type not in ("Company", "Organization") or unit.name != unit.form or unit.end - unit.start != len(unit.form):
            continue  # a quoted unit (某公司“某某工作室”) is named by its quotes alone
        for parent in parents:
            if parent.start < unit.start <= parent.end < unit.end:
                form = parent.form + unit.form[parent.end - unit.start:]
                composed.append(Candidate(parent.start, unit.end, unit.type, form, form, 1, (parent,)))
    return candidates + composed


UNIT = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]{1,10}?(?:团队|班组|车间|工段|机组|分队)|"
                  r"“[0-9A-Za-z\u4e00-\u9fff]{1,10}?(?:”(?:轮|号)|(?:轮|号)”)")
INNER_PARENT = re.compile(r"(?:股份有限公司|集团有限公司|有限责任公司|有限公司|集团|养护所|管理所|管理处|管理局|"
                          r"附属[\u4e00-\u9fff]{0,6}医院|医院|研究院)")
# A unit of a company that is itself a business: a branch, a plant, a mine, a supply bureau.
BRANCH_END = re.compile(r"(?:分公司|子公司|供电局|供电公司|煤矿|矿业公司|分厂|工厂|电厂|厂|支行|分行|营业部|门店|分店)$")


def _units_after(context: ArticleContext, candidates: list[Candidate]) -> list[Candidate]:
    """椰树集团…有限公司8万吨安装团队, 海南…股份有限公司“五指山轮”: a named team, crew or ship
    right after its company is an organisation of its own, with the company nested in it."""
    text = context.text
    found = []
    for parent in candidates:
        if parent.type != "Company" or parent.name != parent.form:
            continue
        match = UNIT.match(text, parent.end)
        if match and not re.search(r"[的了是在和与及等]", match.group()):
            form = parent.form + match.group().strip("“”")
            found.append(Candidate(parent.start, match.end(), "Organization", form, form, 2, (parent,)))
    return found


EMPLOYER = re.compile(r"是([\u4e00-\u9fff]{2,10}?)的?一(?:名|位|个)(?:普通的?)?(?:"
                      + "|".join(map(re.escape, sorted(lexicon.OCCUPATIONS, key=len, reverse=True))) + ")")


def _employers(context: ArticleContext) -> list[Candidate]:
    """是爱商一名售货员: the place a named worker works at is a company, even without a suffix."""
    found = []
    for match in EMPLOYER.finditer(context.text):
        name = match.group(1)
        if _generic_only(name) or re.search(r"[的了是在和与及这那该本其我他她]", name):
            continue
        found.append(Candidate(match.start(1), match.end(1), "Company", name, name))
    return found


def _with_parent(candidate: Candidate) -> Candidate:
    """陕西…有限公司喜河水力发电厂, 海口市排水管道养护所秀英管养队: the named parent inside a
    unit's name is a mention of its own."""
    if candidate.type not in ("Company", "Organization") or candidate.parts or candidate.name != candidate.form:
        return candidate
    inner = None
    for match in INNER_PARENT.finditer(candidate.form):
        if 2 <= len(candidate.form) - match.end() and match.start() >= 2 and candidate.form[match.end()] != ")":
            inner = match
    if inner is None:
        return candidate
    form = candidate.form[:inner.end()]
    kind = "Company" if re.search(r"公司|集团", inner.group()) else "Organization"
    parent = Candidate(candidate.start, candidate.start + len(form), kind, form, form, candidate.strength)
    unit_type = "Company" if kind == "Company" and BRANCH_END.search(candidate.form) else candidate.type
    return Candidate(candidate.start, candidate.end, unit_type, candidate.name, candidate.form,
                     candidate.strength, (parent,))


LEADING_GENERIC_WORDS = ("辖区", "爱心企业", "爱心", "企业", "一些", "地方", "当地", "全国首家", "首家", "一家",
                         "这家", "该", "本", "其")
NOT_ORGANISATION_WORDS = {"干部", "全部", "内部", "外部", "局部", "大厅", "餐厅", "客厅", "展厅", "书店",
                          "市场", "本部", "总部", "党部", "学校", "团队",
                          "报告厅", "会议厅", "多功能厅", "发布厅", "宴会厅", "会议室", "会客厅"}


def _past_generic_words(text: str, start: int, suffix_start: int) -> int:
    """``start`` moved past the generic words that open a name (爱心企业, 当地, 一家), never onto its suffix."""
    while text.startswith(LEADING_GENERIC_WORDS, start):
        word = next(w for w in LEADING_GENERIC_WORDS if text.startswith(w, start))
        if start + len(word) >= suffix_start:
            break
        start += len(word)
    return start


def _suffix_is_word(context: ArticleContext, match: re.Match) -> bool:
    """The suffix must end where a token ends, and a one-character suffix must be its own
    token or end a longer word (审计局), not a common word (干部, 大厅)."""
    index = context.token_index_at(match.end() - 1)
    token = context.tokens[index]
    if token.end != match.end() and not (token.end > match.end() and TITLE_AFTER.match(context.text, match.end())
                                         and TITLE_AFTER.match(context.text, match.end()).end() >= token.end):
        return False  # 工会主席 written as one word still ends the union at 工会
    if token.start < match.start():
        word = token.text
        if any(word.endswith(w) for w in NOT_ORGANISATION_WORDS) and word != match.group():
            return False
        if len(match.group()) == 1 and len(word) < 3:
            return False
    return True


def _contextual_by_suffix(context: ArticleContext, start: int, match: re.Match, form: str,
                          prefix: str, entity_type: str) -> Candidate | None:
    """县审计局, 市职工服务中心, 县总工会: a level word, then a name of that place's body."""
    rest = prefix[1:]
    if rest.startswith("级"):
        return None
    if rest and (_generic_only(rest) or _has_function_character(rest, "的了是在和与")):
        return None
    if not rest and not (entity_type == "Union" and match.group() == "总工会"):
        return None
    expanded = _expand_contextual(context, prefix[0], form[1:], start)
    if expanded is None:
        return None
    return Candidate(start, match.end(), entity_type, expanded, form)


def _continues_name(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] not in PUNCTUATION and "\u4e00" <= text[start - 1] <= "\u9fff"


def _acceptable(context: ArticleContext, start: int, suffix_start: int, prefix: str, suffix: str,
                entity_type: str) -> bool:
    if len(prefix) < 2 or prefix[0].isascii() or _generic_only(prefix):
        return False
    if _has_function_character(prefix, "的了是在和与及"):
        return False
    has_place = bool(context.places_in(start, suffix_start))
    weak = lexicon.WEAK_ORGANIZATION_SUFFIXES + ("政府", "人大", "政协", "党委", "纪委", "常委会")
    if entity_type == "Organization" and suffix in weak and not has_place:
        return False
    if entity_type == "Union":
        rest = prefix
        for hit in context.places_in(start, suffix_start):
            rest = rest.replace(hit.form, "")
        if not rest and suffix == "工会":
            return False  # 威海工会: the place's federation, found as a contextual form
        if re.match(r"一[^\d一二三四五六七八九十]", rest):
            return False  # 晋江一纺织企业工会: "a union of some company", no name
        if not has_place and not re.search(r"(公司|集团|银行|厂|局|院|学校|大学|中心)$", prefix):
            return False
        if has_place and rest and _generic_only(rest):
            return False
    if entity_type == "Company" and suffix in ("店", "厂", "市场", "商场", "公司", "集团") and len(prefix) < 3 \
            and not _one_name_word(context, start, suffix_start):
        return False
    if re.search(r"(?:主席|书记|主任|经理|董事长|局长|厂长|队长)[\u4e00-\u9fff]", prefix):
        return False  # 工会主席某某率某公司: an office and its holder are not part of a name
    return True


def _one_name_word(context: ArticleContext, start: int, end: int) -> bool:
    """美团公司: a two-character name that the tokenizer knows as a proper name."""
    index = context.token_index_at(start)
    token = context.tokens[index]
    return token.start == start and token.end == end and token.pos.startswith(NAME_TAGS) and token.pos != "ns"


def _without_department_stems(prefix: str) -> str:
    for stem in lexicon.DEPARTMENT_STEMS_WITH_AND:
        prefix = prefix.replace(stem, "")
    return prefix


def _has_function_character(prefix: str, characters: str) -> bool:
    """Whether ``prefix`` holds one of ``characters`` outside a department stem (人力资源和社会保障)."""
    return any(c in prefix for c in characters) and any(c in _without_department_stems(prefix) for c in characters)


def _contextual_unions(context: ArticleContext) -> list[Candidate]:
    """市总 / 市总工会 / 省总 / X市总 / X市总会: the federation of this article's place."""
    text = context.text
    found = []
    for match in re.finditer(r"([省市县区])总(工会|会)?", text):
        level_char = match.group(1)
        after = text[match.end():match.end() + 2]
        if match.group(2) is None and (after[:1] in "书经工裁队部站结体量计之和数值额" or after.startswith("理")):
            continue
        if match.group(2) == "会" and after[:1] in "议计":
            continue
        start = match.start()
        places = [hit for hit in context.places if hit.end == start + 1 and hit.form.endswith(level_char)]
        if places:
            place = places[0]
            name = place.division.name + "总工会"
            found.append(Candidate(place.start, match.end(), "Union", name, text[place.start:match.end()], 2))
            continue
        if _continues_name(text, start) and not is_hard_stop(text[start - 1]) and text[start - 1] not in "年月日":
            previous_two = text[max(0, start - 2):start]
            if not any(is_hard_stop(previous_two[i:]) for i in range(len(previous_two))):
                continue
        expanded = _expand_contextual(context, level_char, "总工会", start)
        if expanded:
            found.append(Candidate(start, match.end(), "Union", expanded, match.group(), 2))
        elif match.group(2) == "工会":  # 省总工会 in an article that names no province: as written
            found.append(Candidate(start, match.end(), "Union", match.group(), match.group(), 2))
    for match in re.finditer(r"自治区总(?:工会|(?![书经工裁队部站结体量计之和数值额理]))", text):
        home = context.home("province", match.start())
        name = home.name + "总工会" if home is not None and home.name.endswith("自治区") else "自治区总工会"
        found.append(Candidate(match.start(), match.end(), "Union", name, match.group(), 2))
    for match in re.finditer(r"(?:街道|镇|乡)总工会", text):  # the federation of the article's town
        start = match.start()
        if not _continues_name(text, start) or is_hard_stop(text[start - 1]) or text[start - 1] in "了的到和与及":
            found.append(Candidate(start, match.end(), "Union", match.group(), match.group(), 2))
    for hit in context.places:  # 岳阳总工会: a short place name before 总工会
        if text.startswith("总工会", hit.end) and hit.form != hit.division.name and not _continues_name(text, hit.start):
            name = hit.division.name + "总工会"
            found.append(Candidate(hit.start, hit.end + 3, "Union", name, text[hit.start:hit.end + 3], 2))
    for match in re.finditer(r"全总(?!结|体|量|数|计|额|和|值)", text):
        found.append(Candidate(match.start(), match.end(), "Union", "中华全国总工会", "全总", 2))
    for hit in context.places:
        tail = text[hit.end:hit.end + 2]
        if tail == "工会" and text[hit.end + 2:hit.end + 3] not in ("云", "卡", "会", "在", "网", "系") \
                and hit.division.level in ("province", "city") and not text[hit.end + 2:hit.end + 4].startswith("会员"):
            name = hit.division.name + "总工会"
            found.append(Candidate(hit.start, hit.end + 2, "Union", name, text[hit.start:hit.end + 2]))
    return found


def _bodies(context: ArticleContext) -> list[Candidate]:
    """Party committees, governments, congresses: 海口市委, 市政府, 县委, 省委, 市人大常委会."""
    text = context.text
    found = []
    for hit in context.places:
        match = PLACE_BODY.match(text, hit.end)
        if match and hit.form[-1] in "省市县区" and text[match.end():match.end() + 2] != "员会":
            form = text[hit.start:match.end()]
            name = hit.division.name + match.group()
            found.append(Candidate(hit.start, match.end(), "Organization", name, form, 2))
    for match in re.finditer(r"([省市县区])(委(?!员|托)|政府|人大常委会|人大常委(?=副?主任|委员|秘书长)|人大|政协|纪委|"
                             r"第?[一二三四五六七八九]医院|中医院|人民医院)", text):
        start = match.start()
        if _continues_name(text, start) and not is_hard_stop(text[start - 1]) and text[start - 1] not in "和及":
            continue
        expanded = _expand_contextual(context, match.group(1), match.group(2), start)
        # 省人大常委, 市一医院 in an article that names no such place: as written
        found.append(Candidate(start, match.end(), "Organization", expanded or match.group(), match.group(), 2))
    return found


def _national(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = []
    for name, entity_type in lexicon.NATIONAL_ORGANIZATIONS.items():
        for start in occurrences(text, name):
            if text.startswith("门", start + len(name)):
                continue
            canonical = lexicon.NATIONAL_ALIASES.get(name, name)
            found.append(Candidate(start, start + len(name), entity_type, canonical, name, 2))
    return found


def _newspapers(context: ArticleContext) -> list[Candidate]:
    """《海口晚报》, 《X日报》: a newspaper named in title marks is an organisation."""
    found = []
    for match in re.finditer(r"《([^《》\n]{2,12}(?:日报|晚报|早报|时报|报|杂志))》", context.text):
        found.append(Candidate(match.start(), match.end(), "Organization", match.group(1), match.group(1), 2))
    return found


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))


MEDIA_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,14}?(?:" + _alternation(lexicon.MEDIA_SUFFIXES) + ")")
NOT_MEDIA = re.compile(r"^(?:本|我|该|其|各|此|全|新闻|网上|网络|上网|电网|官网|联网|互联网|日报|晚报)|(?:电网|联网|上网|"
                       r"官网|互联网|管网|网上|播报|快报|导报|举报|汇报|上报|申报|通报|填报|简报|情报|海报|预报|回报|捷报|喜报|"
                       r"公社|合作社|旅行社|出版社|报社|新闻发布|^发布|^新闻)$")
SOURCE_LINE = re.compile(r"(?:" + _alternation(lexicon.MEDIA_SOURCE_WORDS) + r")[:：]\s{0,3}《?"
                         r"([\u4e00-\u9fffA-Za-z()]{2,24}?)》?(?=发布时间|时间|作者|记者|编辑|日期|来源|"
                         r"[\s0-9,，。;；:：|/<>\-—]|$)")
NEWS_FLASH = re.compile(r"(?:^|(?<=[\s>】\]]))(" + MEDIA_NAME.pattern + r")(?:[\u4e00-\u9fff]{2,3})?"
                        r"(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?(?:讯|电)")
BEFORE_REPORTER = re.compile(r"(?:" + _alternation(tuple(s for s in lexicon.MEDIA_SUFFIXES if s not in ("新闻", "发布", "社")))
                             + r")(?=(?:全媒体|首席|特约|驻[\u4e00-\u9fff]{1,4})?记者|讯|客户端|频道|首页|融媒体)")
LONE_MEDIA = re.compile(r"(?:^|(?<=\s))([\u4e00-\u9fff]{1,12}?(?:新闻网|日报|晚报|网|报))(?=[^\S\n]*(?:\n|$)|"
                        r"[^\S\n]+[0-9A-Za-z])", re.MULTILINE)


def _medium(start: int, end: int, name: str, strength: int = 2) -> Candidate | None:
    if len(name) < 2 or NOT_MEDIA.search(name):
        return None
    entity_type = organisation_type(name) or "Organization"
    canonical = name[:-3] if name.endswith("客户端") and MEDIA_NAME.fullmatch(name[:-3]) else name
    return Candidate(start, end, entity_type, canonical, name, strength)


def _media(context: ArticleContext) -> list[Candidate]:
    """Newspapers, websites, apps and broadcasters where the article names its source: 来源：X,
    X讯 / X6月5日电 at a paragraph's start, X记者, a line that is only X (…网, …日报)."""
    text = context.text
    found = []
    for match in SOURCE_LINE.finditer(text):
        name = match.group(1).strip("()")
        start = text.index(name, match.start(1))
        candidate = _medium(start, start + len(name), name) if len(name) <= 16 else None
        if candidate is None and organisation_type(name) in ("Union", "Company"):
            candidate = Candidate(start, start + len(name), organisation_type(name), name, name, 2)
        if candidate is not None and (candidate.type != "Organization" or MEDIA_NAME.fullmatch(name)):
            found.append(candidate)
    for pattern in (NEWS_FLASH, LONE_MEDIA):
        for match in pattern.finditer(text):
            candidate = _medium(match.start(1), match.end(1), match.group(1))
            if candidate is not None:
                found.append(candidate)
    for match in BEFORE_REPORTER.finditer(text):
        start = name_start(context, match.start())
        while start < match.start() and text[start] in "0-9年月日":
            start += 1
        name = text[start:match.end()]
        if re.fullmatch(r"[\u4e00-\u9fffA-Za-z]{2,14}", name) and not re.search(r"[的了和与及是在]", name[:-1]):
            candidate = _medium(start, match.end(), name)
            if candidate is not None:
                found.append(candidate)
    return found


LEVEL = r"(?:自治区|自治州|省|市|县|区|州|盟|旗|镇|乡)"
DEPARTMENT = re.compile(r"(" + LEVEL + r"?)((?:委|党委)?)(" + _alternation(lexicon.GOVERNMENT_DEPARTMENT_STEMS)
                        + r")(" + _alternation(lexicon.GOVERNMENT_DEPARTMENT_ENDINGS) + r")")
DEPARTMENT_STEM = re.compile(_alternation(lexicon.GOVERNMENT_DEPARTMENT_STEMS))  # at most 5 characters into a DEPARTMENT
PARTY_DEPARTMENT = re.compile(r"(" + LEVEL + r")(委|党委)(" + _alternation(lexicon.PARTY_DEPARTMENTS) + r")")
MASS_ORGANISATION = re.compile(r"(" + LEVEL + r")(" + _alternation(lexicon.MASS_ORGANISATIONS) + r")")
TITLE_AFTER = re.compile(r"(?:" + _alternation(lexicon.POSITION_TITLES) + r"|长|负责人)")


def _department_ends_word(context: ArticleContext, end: int) -> bool:
    """A department's name ends a word (人社局、) or runs into a title (宣传部长, 组织部部长)."""
    text = context.text
    if end >= len(text) or not "\u4e00" <= text[end] <= "\u9fff":
        return True
    return context.is_token_start(end) or bool(TITLE_AFTER.match(text, end))


def _department_starts_word(context: ArticleContext, start: int) -> bool:
    text = context.text
    if start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff":
        return True
    if text[start - 1] in "和与及同、" or context.is_token_start(start):
        return True
    return text[start - 1] in "从向在由对为到将把被"


def _departments(context: ArticleContext) -> list[Candidate]:
    """Government departments and party bodies in short form: 省人社厅、公安厅, 市委组织部,
    自治区党委宣传部, 省妇联, 市慈善总会; a place before them (X市人社局) or the article's place."""
    text = context.text
    found = []
    for pattern in (DEPARTMENT, PARTY_DEPARTMENT, MASS_ORGANISATION):
        matches = matches_near(DEPARTMENT, text, DEPARTMENT_STEM, 5) if pattern is DEPARTMENT else pattern.finditer(text)
        for match in matches:
            start, end = match.start(), match.end()
            if not _department_ends_word(context, end):
                continue
            level = match.group(1)
            place = next((hit for hit in context.places if hit.end == start + len(level) and hit.start < start + len(level)
                          and (not level or hit.form.endswith(level))), None)
            if place is not None:
                if not _department_starts_word(context, place.start):
                    continue
                form = text[place.start:end]
                name = place.division.name + text[place.end:end]
                found.append(Candidate(place.start, end, "Organization", name, form, 2))
                continue
            if not _department_starts_word(context, start):
                continue
            form = match.group()
            if pattern is DEPARTMENT and not level and not match.group(2):
                if len(match.group(4)) == 1 and match.group(4) not in "局厅委办":
                    continue
                found.append(Candidate(start, end, "Organization", form, form, 2))
                continue
            if not level:
                continue
            expanded = _expand_contextual(context, level[0], form[len(level[0]):], start) if level[0] in LEVEL_OF else None
            found.append(Candidate(start, end, "Organization", expanded or form, form, 2))
    found += _zone_bodies(context)
    found += _party_committees(context)
    return found


ZONE = re.compile("经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|新区|片区|园区|保税区")  # at most 20 characters into a ZONE_BODY
ZONE_BODY = re.compile(r"((?:[\u4e00-\u9fff()]{2,20}?)(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|"
                       r"新区|片区|园区|保税区))(" + _alternation(lexicon.ZONE_BODIES) + r")")


def _zone_bodies(context: ArticleContext) -> list[Candidate]:
    """哈尔滨新区党工委, X开发区管委会: the body of a development zone."""
    found = []
    for match in matches_near(ZONE_BODY, context.text, ZONE, 20):
        start = name_start(context, match.start(2))
        if start >= match.start(2) - 2 or not _department_ends_word(context, match.end()):
            continue
        form = context.text[start:match.end()]
        if re.search(r"[的了和与及是在]", form):
            continue
        zone = [hit for hit in context.places if hit.start == start and hit.end < match.end(1)]
        parts = (Candidate(start, match.end(1), "Place", form[:match.end(1) - start], form[:match.end(1) - start]),) \
            if zone and re.search(r"(?:开发区|高新区|新区|保税区)$", match.group(1)) else ()
        found.append(Candidate(start, match.end(), "Organization", form, form, 2, parts))
    return found


def _party_committees(context: ArticleContext) -> list[Candidate]:
    """中共X市委: the party committee named with 中共 before its place."""
    text = context.text
    found = []
    for hit in context.places:
        if text.startswith("中共", hit.start - 2) and text.startswith(("委", "党委"), hit.end) \
                and not text.startswith("委员", hit.end):
            end = hit.end + (1 if text[hit.end] == "委" else 2)
            form = text[hit.start - 2:end]
            found.append(Candidate(hit.start - 2, end, "Organization", form, form, 2))
    return found


NAMED_UNIT = re.compile(_alternation(lexicon.NAMED_UNIT_SUFFIXES))


def _named_units(context: ArticleContext) -> list[Candidate]:
    """Studios, rooms, stations and service bodies with a distinctive name: 毛某某技能大师工作室,
    某某工会驿站, X区劳动人事争议调解中心; a place is not needed before them."""
    text = context.text
    found = []
    for match in NAMED_UNIT.finditer(text):
        if not _department_ends_word(context, match.end()) and not text.startswith(("主任", "站长"), match.end()):
            if context.is_token_start(match.end()) is False and "\u4e00" <= text[match.end():match.end() + 1] <= "\u9fff":
                continue
        start = _past_generic_words(text, name_start(context, match.start(), verbs_inside=True), match.start())
        parts: tuple[Candidate, ...] = ()  # the person a studio is named after stays a mention
        index = context.token_index_at(match.start() - 1)
        holder = context.tokens[index]
        if holder.end == match.start() and holder.start > start and holder.pos.startswith("nr"):
            previous = context.tokens[index - 1] if index > 0 else None
            if previous is not None and previous.pos.startswith("nr") and previous.end == holder.start \
                    and len(previous.text) == 1 and previous.start >= start:
                holder = previous  # 李 + 红梅: a surname the tokenizer split off
            start = holder.start  # 某公司钟某某劳模创新工作室: a studio is named by its person
            person = text[start:match.start()]
            parts = (Candidate(start, match.start(), "Person", person, person, 2),)
        joined = max(text.rfind(c, start, match.start() - 2) for c in "和与及、")
        if joined >= 0:
            start = joined + 1  # 工作室和金沙角工会驿站: a conjunction glued to the next name's first word
        prefix = text[start:match.start()]
        if len(prefix) < 2 or _generic_only(prefix) or re.search(r"[的了和与及是在将对为把被个批家所座]", prefix) \
                or re.match(r"[0-9一二三四五六七八九十百千万几多年月日]", prefix) or not _distinctive(context, start, match.start()):
            continue
        form = text[start:match.end()]
        if prefix[0] in LEVEL_OF and prefix[0] != prefix[:2]:
            expanded = _expand_contextual(context, prefix[0], form[1:], start)
            found.append(Candidate(start, match.end(), "Organization", expanded or form, form, 1))
            continue
        if text[start - 1:start] == "“" and text.startswith("”", match.end()):  # the quotes hold the whole name
            found.append(Candidate(start - 1, match.end() + 1, "Organization", form, form, 2, parts))
            continue
        found.append(Candidate(start, match.end(), "Organization", form, form, 1, parts))
    return found


NAME_TAGS = ("nr", "ns", "nt", "nz", "j", "eng")


def _distinctive(context: ArticleContext, start: int, end: int) -> bool:
    """The words before a unit's generic ending name something: a place, an organisation (its
    unit: …有限公司职工书屋), a person (毛某某技能大师工作室) or a proper name, and no verb."""
    prefix = context.text[start:end]
    tokens = context.tokens_overlapping(start, end)
    if any(t.pos.startswith("v") and t.pos != "vn" for t in tokens if t.start >= start) \
            or re.search(r"(?:模范|先进|示范|优秀|星级)$", prefix):
        return False
    if context.places_in(start, end) and context.places_in(start, end)[0].start == start:
        return True
    if any(prefix.endswith(s) for suffixes in _SUFFIXES.values() for s in suffixes if len(s) > 1):
        return True
    return bool(tokens) and tokens[0].pos.startswith(NAME_TAGS)


VENUE = re.compile("(?:" + _alternation(lexicon.VENUE_SUFFIXES) + r")(?:[东西南北][厅馆]|[0-9一二三四五六七八九]号?[厅馆])?")


def _venues(context: ArticleContext) -> list[Candidate]:
    """海某会堂, 某某会议中心, X市文化大楼: a named building or hall is a Place."""
    return [c for c in (venue_at(context, match) for match in VENUE.finditer(context.text)) if c]


def venue_at(context: ArticleContext, match: re.Match) -> Candidate | None:
    """The venue whose suffix is ``match`` (a match of VENUE), or None where the words before it
    name no venue: nothing distinctive, prose, or an address whose places are found one by one."""
    text = context.text
    if not _department_ends_word(context, match.end()):
        return None
    start = name_start(context, match.start())
    prefix = text[start:match.start()]
    # 假 is Hong Kong's "at" (假某某酒楼举行); 假日酒店 is a name
    if not prefix or re.search(r"[的了和与及是在将对为把被个]|假(?!日)", prefix) or _generic_only(prefix) and prefix not in LEVEL_OF:
        return None
    if len(prefix) == 1 and prefix not in LEVEL_OF:
        return None
    if len(context.places_in(start, match.start())) > 1 or re.search(r"[镇乡村]|街道|社区", prefix):
        return None  # an address (某县某镇某村文化广场): its places are found one by one
    form = text[start:match.end()]
    name = form
    if prefix[0] in LEVEL_OF and not context.places_in(start, start + 2):
        name = _expand_contextual(context, prefix[0], form[1:], start) or form
    inner = tuple(Candidate(hit.start, hit.end, "Place", hit.division.name, hit.form)
                  for hit in context.places_in(start, match.start()))
    return Candidate(start, match.end(), "Place", name, form, 2, inner)
