"""Programmes: quoted or title-marked names with a programme noun after them (活动, 行动,
工程, 热线, App…) or a running verb before them (开展, 举办, 实施, 推出…); unquoted event
names that an organiser holds (……联合举办的X技能大赛) or that are held somewhere (X在Y举行);
and the nationwide union programmes known by a fixed name."""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.detect.candidates import Candidate, clean_form
from kg.extract.detect.context import ArticleContext
from kg.extract.text import matches_near, occurrences

NOUNS = "|".join(map(re.escape, sorted(lexicon.PROGRAMME_NOUNS + lexicon.MORE_PROGRAMME_NOUNS, key=len, reverse=True)))
VERBS = "|".join(map(re.escape, sorted(lexicon.PROGRAMME_VERBS, key=len, reverse=True)))
QUOTED = re.compile(r"([“《‘「『])([^“”《》‘’「」『』\n]{2,40})([”》’」』])")
NOT_PROGRAMME_END = re.compile(r"(精神|思想|理念|目标|要求|主题|意识|规定|条例|办法|法|制度|方案|意见|通知|决定|讲话|之家)$")
AWARD_END = re.compile("(?:" + "|".join(map(re.escape, lexicon.AWARD_CORES)) + ")$")
IDEOLOGICAL_AFTER = re.compile(r"学习教育|主题教育|教育实践|专题教育|规划|精神|理念|思想|战略|重要论述")
FIVE_YEAR_PLAN = re.compile(r"^十[一二三四五六七八九]五$")
LOCATIVE_AFTER = re.compile(r"[上里中下间内外](?:[^\u4e00-\u9fff]|$)|上工|里的|中的")
YEAR_PREFIX = r"(?:(?:19|20)[0-9]{2}年(?:度)?)?"
EVENT_NOUN = r"(?:技能大赛|大赛|竞赛|比赛|比武|运动会|联欢会|晚会|专场|评选|论坛|培训班|提升班|文化节|读书活动|活动)"
ORDINAL = r"(?:首届|第[一二三四五六七八九十]+届)"
UNQUOTED = re.compile(r"(?:" + VERBS + r")了?(" + ORDINAL + r"?[\u4e00-\u9fff]{2,14}?"
                      r"(?:行动|工程|计划|文化节|培训班|提升班|联欢会|运动会|大培训))(?=[，,。；;、\n]|活动)")
# ……联合举办的X大赛决赛; 主办的“口号”——X大赛
ORGANISED_EVENT = re.compile(r"(?:主办|举办|承办|联办|组织)的(“[^“”\n]{2,30}”——)?(" + YEAR_PREFIX + ORDINAL
                             + r"?[\u4e00-\u9fff·+]{4,30}?" + EVENT_NOUN + r")(?=决赛|复赛|初赛|开幕|启动|在|于|"
                             r"中|上|[，,。；]|正|现场|颁奖|的现场|的开班|开班|结业)")
# X专场在海口举行 (a sentence or clause that starts with the event's name)
HELD_EVENT = re.compile(r"(?:^|(?<=[，,。；\n]))(" + ORDINAL + r"?[\u4e00-\u9fff·+]{6,30}?" + EVENT_NOUN
                        + r"[\u4e00-\u9fff]{0,4}?)在[\u4e00-\u9fff]{2,12}?(?:举行|举办|开幕|启动)")
# 在2020年全国X评选中; 2018年度X劳动竞赛成果分享会
NAMED_CONTEST = re.compile(r"(?:在|年度)" + YEAR_PREFIX + r"([\u4e00-\u9fff·+]{4,30}?(?:评选|大赛|竞赛|比赛|比武))"
                           r"(?=中|上|期间|成果|总结|表彰|颁奖|决赛)")
# 实施百名劳模进百村(企)助推脱贫攻坚“五个一”志愿帮扶行动: a long name with a quoted part inside
INNER_QUOTED = re.compile(r"(?:" + VERBS + r")了?([\u4e00-\u9fff()]{6,24}“[^“”\n]{2,12}”[\u4e00-\u9fff]{0,16}?"
                          r"(?:行动|工程|活动|计划|项目))(?=[，,。；;、\n]|$)")
SERIES_END = re.compile(r"等(?:工作)?(?:品牌|建设|活动|项目|服务|阵地|平台)")
SCOPE = re.compile(r"^(?:全国|全省|全市|全县|全区|本届|该|各)")
NOT_A_NAME = re.compile(r"[的了和与及是在将对为把被]")


NOUN_AFTER_QUOTE = re.compile(f"{YEAR_PREFIX}(?:[\u4e00-\u9fff]{{0,12}}?)(?:{NOUNS})")
VERB_BEFORE_QUOTE = re.compile(f"(?:{VERBS})(?:了|好|起)?(?:[0-9]+(?:期|个|家|处|所|座))?$")
MEANS_AFTER_QUOTE = re.compile("为契机|为载体|为抓手|为目标")
VERB = re.compile(f"(?:{VERBS})")
ENDS_WITH_NOUN = re.compile(f"(?:{NOUNS})$")

MANNER = re.compile(r"^(?:一[对站条帮户人体][一式]?|[0-9]+[对+]1?|[\u4e00-\u9fff]{1,2}式)$")


def detect_programmes(context: ArticleContext) -> list[Candidate]:
    text = context.text
    return (_quoted(text) + _unquoted(text) + _national(text) + _hotlines(text) + _named_events(context))


EVENT_NOUNS = "|".join(map(re.escape, sorted(lexicon.NAMED_EVENT_NOUNS, key=len, reverse=True)))
GENERIC_MODIFIER = re.compile("^(?:" + "|".join(map(re.escape, sorted(lexicon.GENERIC_PROGRAMME_MODIFIERS,
                                                                     key=len, reverse=True))) + ")+$")
# 2021年某市职业技能竞赛, 省第十五届职工技术技能大赛, 2025年某某职业技能大赛(某某方向)
DATED_EVENT = re.compile(r"((?:19|20)[0-9]{2}年度?|(?:[省市县区]|全国|全省|全市|全县|全区)?" + ORDINAL + r")"
                         r"([\u4e00-\u9fff]{2,16}?)(" + EVENT_NOUNS + r")(\([\u4e00-\u9fff]{2,12}\))?")
DATED_EVENT_START = re.compile(r"(?:19|20)[0-9]{2}年|首届|第[一二三四五六七八九十]+届")  # up to 2 characters in
EVENT_NOUN_ANYWHERE = re.compile(EVENT_NOUNS)  # at most 18 characters into a CLAUSE_EVENT
# 即将动工的某市第二工人文化宫提质改造工程; 全市重点项目建设劳动竞赛 (a headline or a clause)
CLAUSE_EVENT = re.compile(r"(?:^|(?<=[，,。；\n\s])|(?<=的)|(?<=开展|举办|组织|实施|启动))(全[市省县区]|[省市县区])?"
                          r"([\u4e00-\u9fff]{4,16}?)(" + EVENT_NOUNS + r")(?=[，,。；“\s]|拟|将|正|已|于|在|即将|启动|"
                          r"开工|动工|工人先锋号|授旗|表彰|颁奖|决赛|开幕|开班|$)", re.MULTILINE)


def _plain_modifier(context: ArticleContext, start: int, end: int) -> bool:
    """A name's modifier holds no verb or adverb (举办, 积极推动) and no organisation (某总工会…)."""
    if re.search(r"工会|公司|集团|委员会", context.text[start:end]) or VERB.search(context.text[start:end]):
        return False
    return not any(t.pos.startswith(("v", "d")) and t.pos != "vn" for t in context.tokens_overlapping(start, end))


def _named_events(context: ArticleContext) -> list[Candidate]:
    """Competitions, courses and works named by a distinctive modifier before their noun: a year
    or an ordinal (2021年某市职业技能竞赛, 省第十五届…技能大赛) or, at a clause's start, a place or
    a name (某市第二工人文化宫提质改造工程, 全市重点项目建设劳动竞赛); 专项行动 names nothing."""
    text = context.text
    found = []
    for match in matches_near(DATED_EVENT, text, DATED_EVENT_START, 2):
        modifier = match.group(2)
        if NOT_A_NAME.search(modifier) or GENERIC_MODIFIER.match(modifier) \
                or not _plain_modifier(context, match.start(2), match.end(2)):
            continue
        form = match.group()
        dated = match.group(1)[0].isdigit()
        name = form if dated or match.group(1)[0] in "省市县区全" else form[len(match.group(1)):]
        if match.group(3) in ("工程", "行动", "计划") and dated:
            name = form[len(match.group(1)):]
        found.append(Candidate(match.start(), match.end(), "Programme", name, form, 2))
    for match in matches_near(CLAUSE_EVENT, text, EVENT_NOUN_ANYWHERE, 18):
        modifier = match.group(2)
        if NOT_A_NAME.search(modifier) or re.search(r"[等个项次届期名]", modifier) or GENERIC_MODIFIER.match(modifier) \
                or not _plain_modifier(context, match.start(2), match.end(2)):
            continue
        start = match.start(2)
        if match.group(1):
            start = match.start(1) + (1 if match.group(1).startswith("全") else 0)
        if not (context.places_in(match.start(2), match.end(2)) or match.group(1) or re.search(r"第[一二三四五六七八九十]", modifier)
                or len(modifier) >= 6 and match.group(3) not in ("工程", "行动", "计划")):
            continue
        form = text[start:match.end()]
        found.append(Candidate(start, match.end(), "Programme", form, form, 1))
    return found


def _quoted(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    quotes = list(QUOTED.finditer(text))
    series_ok = _accepted_series(text, quotes)
    in_series = {m.start() for series in _series(quotes) if len(series) > 1 for m in series}
    for match in quotes:
        inner = clean_form(match.group(2))
        if match.group(1) == "《" and not text.startswith(("特别报道", "栏目", "专栏"), match.end()):
            continue
        if NOT_PROGRAMME_END.search(inner) or AWARD_END.search(inner) or len(inner) < 2:
            continue
        if FIVE_YEAR_PLAN.match(inner) or IDEOLOGICAL_AFTER.match(text, match.end()):
            continue
        if LOCATIVE_AFTER.match(text, match.end()):
            continue
        if text.startswith(("评选", "表彰", "荣誉", "称号", "最佳"), match.end()):
            continue
        after = NOUN_AFTER_QUOTE.match(text[match.end():match.end() + 22])
        before = VERB_BEFORE_QUOTE.search(text[max(0, match.start() - 10):match.start()])
        inner_noun = re.search(r"(?:竞赛|大赛|比赛|活动|行动|工程|计划|热线|项目|平台)$", inner)
        if MANNER.match(inner) or (text.startswith("的", match.end()) and re.search("(?:通过|依托|借助)$", text[:match.start()])):
            continue
        if match.start() in series_ok or (match.start() in in_series and (after or before)):
            inner_noun = inner_noun or True
        if not after and not before and not inner_noun:
            continue
        if text[match.end():match.end() + 1] == "的" or MEANS_AFTER_QUOTE.match(text, match.end()):
            if not after and not before:
                continue
        if after and (NOT_A_NAME.search(after.group()) or "等" in after.group()
                      or VERB.match(after.group())):
            after = None
            if not before and not inner_noun:
                continue
        if after:
            tail = clean_form(after.group())
            full = inner + tail
            # “庆五一·颂劳模”文艺演出 is named by its quote; “…”2019年元旦联欢会 and “…”新民风采暨
            # 农民趣味运动会 by the whole
            dated = re.match(r"(?:19|20)[0-9]{2}年", tail) or "暨" in tail
            name = full if inner.isdigit() or dated else inner
            found.append(Candidate(match.start(), match.end() + after.end(), "Programme", name, full, 2))
            continue
        found.append(Candidate(match.start(), match.end(), "Programme", inner, inner, 2))
    return found


def _series(quotes: list[re.Match]) -> list[list[re.Match]]:
    """Runs of “…”、“…” quotes that follow each other."""
    runs: list[list[re.Match]] = []
    for match in quotes:
        if runs and match.group(1) == "“" == runs[-1][-1].group(1) and match.start() - runs[-1][-1].end() <= 1:
            runs[-1].append(match)
        else:
            runs.append([match])
    return runs


def _accepted_series(text: str, quotes: list[re.Match]) -> set[int]:
    """A series is accepted as programmes when one item ends in a programme noun or the
    series ends in 等建设 / 等活动."""
    accepted = set()
    for series in _series(quotes):
        if len(series) < 2:
            continue
        has_noun = any(ENDS_WITH_NOUN.search(clean_form(m.group(2))) for m in series)
        if has_noun or SERIES_END.match(text, series[-1].end()):
            accepted.update(m.start() for m in series)
    return accepted


def _unquoted(text: str) -> list[Candidate]:
    found = []
    for match in UNQUOTED.finditer(text):
        name = re.sub(f"^{ORDINAL}", "", match.group(1))
        if re.search(r"[的和等与及了性]", name) or GENERIC_MODIFIER.match(re.sub(r"(?:行动|工程|计划|大培训)$", "", name)):
            continue
        found.append(Candidate(match.start(1), match.end(1), "Programme", name, match.group(1)))
    for match in ORGANISED_EVENT.finditer(text):
        form = match.group(2)
        if NOT_A_NAME.search(re.sub(YEAR_PREFIX, "", form, count=1)):
            continue
        start = match.start(1) if match.group(1) else match.start(2)
        name = re.sub(f"^{YEAR_PREFIX}{ORDINAL}?", "", form)
        found.append(Candidate(start, match.end(2), "Programme", name, form, 2))
    for pattern in (HELD_EVENT, NAMED_CONTEST):
        for match in pattern.finditer(text):
            form = match.group(1)
            if NOT_A_NAME.search(form) or re.match(r"[0-9]", form) or len(SCOPE.sub("", form)) < 6:
                continue
            found.append(Candidate(match.start(1), match.end(1), "Programme", form, form, 2))
    for match in INNER_QUOTED.finditer(text):
        form = clean_form(match.group(1))
        if NOT_A_NAME.search(form):
            continue
        found.append(Candidate(match.start(1), match.end(1), "Programme", form, form, 2))
    return found


OCCASION = re.compile("(?:" + "|".join(map(re.escape, lexicon.PROGRAMME_OCCASIONS)) + ")$")


def _national(text: str) -> list[Candidate]:
    found = []
    for name in lexicon.NATIONAL_PROGRAMMES:
        for start in occurrences(text, name):
            occasion = OCCASION.search(text[max(0, start - 2):start])
            if occasion:  # 春节送温暖: the occasion is part of the programme's name
                form = occasion.group() + name
                found.append(Candidate(start - len(occasion.group()), start + len(name), "Programme", form, form))
                continue
            found.append(Candidate(start, start + len(name), "Programme", name, name))
    return found


def _hotlines(text: str) -> list[Candidate]:
    found = []
    for match in re.finditer(r"热线“?(12351|12345)”?", text):  # 工会投诉热线12351
        before = text[max(0, match.start() - 6):match.start()]
        cut = max((m.end() for m in re.finditer(r"拨打|拨通|致电|通过|开通|设立|[^\u4e00-\u9fff]|[的了和与及是在]", before)),
                  default=0)
        if len(before) - cut < 2:
            continue
        start = match.start() - (len(before) - cut)
        name = clean_form(text[start:match.end()])
        found.append(Candidate(start, match.end(), "Programme", name, name, 2))
    for match in re.finditer(r"“?(12351|12345)”?[\u4e00-\u9fff]{0,6}热线", text):
        name = clean_form(match.group())
        found.append(Candidate(match.start(), match.end(), "Programme", name, name, 2))
    return found
