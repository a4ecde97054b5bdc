"""Awards: honours named after a conferring verb (获得, 荣获, 被评为, 授予…), in quotes before
荣誉称号, or by their structure (a level word or place, then a core such as 五一劳动奖章)."""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.detect.candidates import Candidate, clean_form
from kg.extract.detect.context import ArticleContext

CORES = sorted(set(lexicon.AWARD_CORES) | set(lexicon.AWARD_CORES_MORE), key=len, reverse=True)
CORE_PATTERN = "|".join(map(re.escape, CORES))
TRIGGERS = "|".join(map(re.escape, sorted(lexicon.AWARD_TRIGGERS, key=len, reverse=True)))
LEVELS = "|".join(map(re.escape, sorted(lexicon.AWARD_LEVEL_WORDS, key=len, reverse=True)))
ITEM_END = re.compile(r"荣誉称号|称号|荣誉|等|，|,|。|；|;|…|\n| |\u3000|和(?=[省市县全“])")
ELLIPTIC = re.compile(r"^(奖状|奖章|先锋号)$")


STOP = re.compile(r"获得|荣获|获评|参评|评为|授予|评选|推荐|设立|表彰为|表彰|表扬|申报|挂牌|命名|建成|创建|开展|推出|涌现出|"
                  r"召开|举行|举办|发布|公布|竞赛|大赛|比赛|活动|"
                  r"[的和与在是为对及等获颁了以出创共有]")
YEAR = r"(?:19|20)[0-9]{2}(?:[-—~至](?:19|20)?[0-9]{2})?(?:年度|年)?"
LEADING = re.compile(r"^(?:[—\-－:：·的]+|" + YEAR + r"|首届|第一届|首批)+")
# 省第十三届劳动模范: the session number is not part of the honour's name
SESSION = re.compile(r"第[0-9一二三四五六七八九十百]+届|首届")
ENDS_WITH_CORE = re.compile(f"(?:{CORE_PATTERN})$")
ANY_CORE = re.compile(f"(?:{CORE_PATTERN})")
LEVEL = re.compile(f"(?:{LEVELS})")
TRIGGER = re.compile(f"(?:{TRIGGERS})了?")
YEAR_OR_LEVEL_AFTER_TRIGGER = re.compile(f"(?:(?:19|20)[0-9]{{2}}年度?)?(?:“|{LEVELS})")
LEVEL_OR_QUOTE = re.compile(f"(?:{LEVELS})|“")
LEVEL_MAYBE_QUOTED = re.compile(f"(?:{LEVELS})|“?(?:{LEVELS})")


def _ends_with_core(name: str) -> bool:
    return bool(ENDS_WITH_CORE.search(name))


def _inside_title_marks(text: str, position: int) -> bool:
    opening = text.rfind("《", 0, position)
    return opening >= 0 and text.find("》", opening) >= position and "\n" not in text[opening:position]


def _starts_with_level(context: ArticleContext, name: str, start: int) -> bool:
    if LEVEL.match(name):
        return True
    return any(hit.start == start for hit in context.places)


def detect_awards(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found: list[Candidate] = []
    for match in TRIGGER.finditer(text):
        if match.group().startswith("获") and not YEAR_OR_LEVEL_AFTER_TRIGGER.match(text, match.end()):
            if match.group() in ("获", "获得"):
                continue
        found += _after_trigger(context, match.end())
    for match in re.finditer(r"“([^“”\n]{2,20})”(?=荣誉称号|称号|表彰|评选|名单|人选|候选)", text):
        found.append(_candidate(match.start(), match.end(), match.group(1), strength=2))
    for match in re.finditer(r"(?:评选表彰|评选|表彰|推出一名|设立)“([^“”\n]{2,20})”", text):
        if _ends_with_core(match.group(1)) or "评选表彰" in match.group(0):
            found.append(_candidate(match.start() + match.group(0).index("“"), match.end(), match.group(1), 2))
    found += _by_structure(context)
    found += _lists_and_tails(context)
    return [c for c in found if c is not None]


GROUP = re.compile("各级|各类|广大|全体")  # 全市各级劳动模范: the group, not the honour
# Cores that alone name a class of people (劳动模范、先进工作者…), not one honour
CLASS_CORES = {"劳动模范", "先进工作者", "先进个人", "先进集体", "劳模", "工匠", "标兵", "能手", "先进生产者"}


def _candidate(start: int, end: int, form: str, strength: int = 1) -> Candidate | None:
    name = re.sub(r"[0-9]+[名个人家项位]$", "", LEADING.sub("", clean_form(form)))
    # 13名个人获…, 19个集体获…: a count and its verb are not part of the name
    counted = re.match(r"^.*?[0-9一二三四五六七八九十百]+(?:名|个|位|家|项|人)(?:[\u4e00-\u9fff]{0,4}?)"
                       r"(?:获得|荣获|获|被授予|被评为)", name)
    if counted:
        name = name[counted.end():]
        start = max(start, end - len(name) - 2)
    name = re.sub(r"^年度?", "", name)
    if SESSION.search(name) and not SESSION.match(name):
        name = SESSION.sub("", name, count=1)
    if len(name) < 3 or "以上" in name or not re.search(r"[\u4e00-\u9fff]", name[:1]) or GROUP.search(name):
        return None
    return Candidate(start, end, "Award", name, name, strength)


def _after_trigger(context: ArticleContext, position: int) -> list[Candidate]:
    """The list of honours after a conferring verb, up to 称号 or the clause end."""
    text = context.text
    found = []
    previous_level = ""
    previous_stem = ""
    while position < len(text):
        end_match = ITEM_END.search(text, position)
        end = end_match.start() if end_match else len(text)
        raw = text[position:end]
        items = raw.split("、")
        offset = position
        pending_levels = []
        for whole in items:
            item, item_start = whole, offset
            offset += len(whole) + 1
            owner = item.find("的")
            if owner > 0 and _ends_with_core(clean_form(item[:owner])):
                item = item[:owner]  # 全国五一劳动奖章的某某颁发…: the name ends before 的
            cut = [m.end() for m in MULTI_STOP.finditer(item)] + [m.end() for m in CONTEST.finditer(item)]
            if cut and _ends_with_core(clean_form(item[max(cut):])) and len(item) - max(cut) >= 4:
                item_start += max(cut)  # 职业技能竞赛优秀选手某地五一劳动奖章: the name starts after 选手
                item = item[max(cut):]
            name = clean_form(item)
            if re.fullmatch(f"(?:{LEVELS})", name):
                pending_levels.append((item_start, name))
            elif name and (_ends_with_core(name) or '“' in item):
                candidate = _candidate(item_start, item_start + len(item), name, 2)
                if candidate is None:
                    continue
                found.append(candidate)
                name = candidate.name
                stem = re.sub(f"^(?:{LEVELS})", "", name)
                for level_offset, level in pending_levels:
                    found.append(Candidate(level_offset, level_offset + len(level), "Award", level + stem,
                                           level, 2))
                pending_levels = []
                previous_level, previous_stem = name, stem
        if not end_match or end_match.group() not in ("，", ",", "和"):
            break
        following = text[end_match.end():end_match.end() + 12]
        if not LEVEL_OR_QUOTE.match(following):
            break
        position = end_match.end()
    return found


LONG_LEVEL = re.compile("(?:" + "|".join(map(re.escape, sorted((w for w in lexicon.AWARD_LEVEL_WORDS if len(w) > 1),
                                                                key=len, reverse=True))) + ")")
MULTI_STOP = re.compile(r"选手|召开|举行|举办|发布|公布|代表|分别|做好|积极|推荐|评选|开展|启动|同步")
CONTEST = re.compile(r"大赛|比赛")  # 职工技术技能大赛技术状元: the contest is not part of the title it gave
EVENT = re.compile(r"竞赛|大赛|比赛|活动|表彰大会|大会")
NOT_AFTER_CORE = re.compile(r"(?:创新)?工作室|创新交流|交流|论坛|工作站|协会|学院|学校|基地|精神|疗休养|辈出|纷纷|们")
WINDOW_CHAR = re.compile(r"[\u4e00-\u9fff“”0-9\-—]")
LIST_CONTINUATION = re.compile(r"、((?:(?![和与及])[\u4e00-\u9fff]){4,12}?(?:" + CORE_PATTERN + r"))(?=[、和与及]|[^\u4e00-\u9fff]|表彰|获)")
QUOTED_PART = re.compile(r"“([^“”]+)”?$")


def _by_structure(context: ArticleContext) -> list[Candidate]:
    """省劳模 40 名, 全国五一劳动奖章和…, 推荐评选全国五一劳动奖状、奖章和工人先锋号."""
    text = context.text
    found = []
    for match in ANY_CORE.finditer(text):
        core_start = match.start()
        if _inside_title_marks(text, core_start) or NOT_AFTER_CORE.match(text, match.end()):
            continue
        start = core_start
        while start > 0 and start > core_start - 14 and WINDOW_CHAR.match(text, start - 1):
            start -= 1
        stops = list(STOP.finditer(text, start, core_start))
        if stops:
            start = stops[-1].end()
        leading = LEADING.match(text[start:core_start])
        if leading and leading.end():
            start += leading.end()
        place = next((hit for hit in context.places_in(start, core_start) if hit.start <= start + 1), None)
        if place and place.start == start + 1 and "\u4e00" <= text[start] <= "\u9fff":
            start = place.start  # 评绵阳市…: the character before the place is not part of the name
        inner = [m.start() for m in LONG_LEVEL.finditer(text, start + 1, core_start)]
        if len(match.group()) >= 4:  # 选手天门五一劳动奖章; not 开发建设新疆奖状, whose place is inside the name
            inner += [hit.start for hit in context.places_in(start + 1, core_start)]
        if not LEVEL_MAYBE_QUOTED.match(text, start) and inner:
            start = max(inner)  # 积极做好全国…, 竞赛优秀选手天门…: the name starts at its level or place
        window = text[start:match.end()]
        event = list(EVENT.finditer(window, 0, core_start - start))
        if event and not LEVEL.match(window, event[-1].end()):
            continue  # 全市重点项目建设劳动竞赛工人先锋号授旗: a contest's name, not an honour's level
        level = LEVEL_MAYBE_QUOTED.match(window)
        place = next((hit for hit in context.places_in(start, core_start) if hit.start <= start + 1), None)
        if not level and not place:
            continue
        name = clean_form(window)
        if match.group() in ("劳模", "工匠", "标兵") and len(name) > 6:
            continue
        if match.group() == "劳模" and not re.match(r"[0-9]|称号|荣誉|”", text[match.end():match.end() + 2]):
            continue  # 县劳模纷纷发言: the group of model workers, not the honour
        if name.startswith(("省市", "市县", "省、市")):
            continue
        quoted = QUOTED_PART.search(window)
        if quoted and not ENDS_WITH_CORE.fullmatch(clean_form(quoted.group(1))) and LEVEL.match(window) \
                and not LEVEL.match(quoted.group(1)) and SESSION.search(window[:quoted.start()]):
            name = clean_form(quoted.group(1))  # 全省首届“某某首席工匠”: the quoted name is the honour
        candidate = _candidate(start, match.end(), name)
        if candidate:
            found.append(candidate)
            following = match.end()
            for _ in range(6):  # 五一劳动奖章、奖状、工人先锋号: whole names later in the list
                item = LIST_CONTINUATION.match(text[following:following + 16])
                if item:
                    name = item.group(1)
                    contest = [m.end() for m in CONTEST.finditer(name) if len(name) - m.end() >= 4]
                    name = name[max(contest):] if contest else name
                    found.append(Candidate(following + item.end() - len(name), following + item.end(), "Award", name,
                                           name, 1))
                    following += item.end()
                elif re.match(r"、(?:奖章|奖状)", text[following:following + 3]):
                    following += 3
                else:
                    break
            elided = re.match(r"[0-9]*[个名项人家]?、(奖章|奖状)", text[match.end():match.end() + 8])
            if elided and candidate.name.endswith(("奖状", "奖章")):
                stem = candidate.name[:-2]
                found.append(Candidate(match.end() + elided.start(1), match.end() + elided.end(1), "Award",
                                       stem + elided.group(1), elided.group(1)))
    return found


ITEM_CHAR = re.compile(r"[\u4e00-\u9fff()（）]")
ITEM_REACH = 24  # characters an award name may have before its core
TAILS = tuple(lexicon.AWARD_TAILS)
BARE_GET = re.compile(r"(?:获得|荣获|获评|获)([\u4e00-\u9fff]{2,12}?(?:" + CORE_PATTERN + r"))(?:\((章|状)\))?(?=[^\u4e00-\u9fff]|$|的|称号|荣誉|和)")
QUOTED = re.compile(r"“([\u4e00-\u9fff]{2,24})”")


def _reach_back(text: str, end: int, limit: int, also: str = "") -> int:
    """The start of the run of name characters (and ``also``) that ends at ``end``, at most ``limit`` long."""
    start = end
    while start > 0 and end - start < limit and (ITEM_CHAR.match(text, start - 1) or text[start - 1] in also):
        start -= 1
    return start


def _trim_front(context: ArticleContext, offset: int, item: str, longest: int) -> str:
    """The first item of a list ran back into the sentence (积极做好全国…, 技术总监某某分别代表辽宁…): it
    starts after its last stop word, then at its last level word or place; without either, it is
    dropped when much longer than the other items."""
    stops = [m.end() for m in MULTI_STOP.finditer(item)] + [m.end() for m in STOP.finditer(item)] + \
            [m.end() for m in EVENT.finditer(item) if len(item) - m.end() >= 4]
    if stops:
        offset += max(stops)
        item = item[max(stops):]
    starts = [m.start() for m in LONG_LEVEL.finditer(item)] + \
             [hit.start - offset for hit in context.places_in(offset, offset + len(item))]
    if starts:
        return item[max(starts):]
    return item if len(item) <= longest + 2 else ""


def _plain(candidate: Candidate | None) -> Candidate | None:
    """A name found without a conferring verb: a bare 劳模 needs a level (学习劳模 is no honour)."""
    if candidate is None or (candidate.name.endswith("劳模") and not LEVEL.match(candidate.name)):
        return None
    return candidate


def _lists_and_tails(context: ArticleContext) -> list[Candidate]:
    """Awards known by their company: a 、-list of three or more names each ending in an award core
    (发布了A示范单位、B示范项目、C示范单位); names before 荣誉, 称号, 获得者 (A工匠荣誉获得者, A和B荣誉);
    a quoted name ending in a core (表彰10名“最美职工”, 命名“北疆工匠”); 获X奖状(章) (both honours)."""
    text = context.text
    found = []
    cores = list(ANY_CORE.finditer(text))
    index = 0
    while index < len(cores):  # chains of core-ending names joined by 、
        chain = [cores[index]]
        while index + 1 < len(cores) and text.startswith("、", chain[-1].end()) \
                and all(ITEM_CHAR.match(c) for c in text[chain[-1].end() + 1:cores[index + 1].end()]) \
                and cores[index + 1].start() > chain[-1].end() \
                and cores[index + 1].end() - chain[-1].end() - 1 <= ITEM_REACH + len(cores[index + 1].group()):
            index += 1
            chain.append(cores[index])
        index += 1
        if len(chain) < 3:
            continue
        first_start = _reach_back(text, chain[0].end(), ITEM_REACH + len(chain[0].group()))
        bounds = [(first_start, chain[0].end())] + [(a.end() + 1, b.end()) for a, b in zip(chain, chain[1:])]
        longest = max(end - start for start, end in bounds[1:])
        for number, (start, end) in enumerate(bounds):
            item = text[start:end]
            name = _trim_front(context, start, item, longest) if number == 0 else item
            contest = [m.end() for m in CONTEST.finditer(name) if len(name) - m.end() >= 4]
            if contest:
                name = name[max(contest):]
            candidate = _plain(_candidate(end - len(name), end, name, 2)) if name else None
            if candidate and len(candidate.name) >= 4 and candidate.name not in CLASS_CORES:
                found.append(candidate)
    for match in cores:  # names before 荣誉, 称号, 获得者, with those joined to them by 和 or 、
        if not text.startswith(TAILS, match.end()):
            continue
        region_start = _reach_back(text, match.end(), 4 * ITEM_REACH, "、")
        offset = match.end()
        for item in reversed(re.split("[和、]", text[region_start:match.end()])):
            offset -= len(item)
            if not _ends_with_core(item):
                break
            name = _trim_front(context, offset, item, 12)
            start = offset + len(item) - len(name)
            if len(name) >= 4 and not _inside_title_marks(text, start):
                candidate = _plain(_candidate(start, offset + len(item), name, 2))
                if candidate and candidate.name not in CLASS_CORES:
                    found.append(candidate)
            offset -= 1
    for match in QUOTED.finditer(text):
        name = match.group(1)
        if _ends_with_core(name) and not _inside_title_marks(text, match.start()):
            candidate = _plain(_candidate(match.start(), match.end(), name, 2))
            if candidate:
                found.append(candidate)
    for match in BARE_GET.finditer(text):
        name = STOP.split(match.group(1))[-1]
        if len(name) < 5:
            continue
        candidate = _plain(_candidate(match.end(1) - len(name), match.end(1), name, 2))
        if candidate:
            found.append(candidate)
            if match.group(2):  # 获X奖状(章): the honours X奖状 and X奖章
                other = candidate.name[:-1] + match.group(2)
                found.append(Candidate(match.start(2), match.end(2), "Award", other, match.group(2), 2))
    return found
