"""Unions, companies and other organisations: a suffix, a name before it, and the short
forms that depend on the article's place (市总工会, 县委, 市人大常委会)."""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.detect.boundaries import PUNCTUATION, is_hard_stop, name_start
from kg.extract.detect.candidates import Candidate
from kg.extract.detect.context import ArticleContext
from kg.extract.text import occurrences

LEVEL_OF = {"省": "province", "市": "city", "县": "county", "区": "county"}
PLACE_BODY = re.compile(r"(委(?!员)|政府|人大常委会|人大|政协|纪委)")


def _suffix_pattern(suffixes: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True)))


UNION_SUFFIX = _suffix_pattern(lexicon.UNION_SUFFIXES)
COMPANY_SUFFIX = _suffix_pattern(lexicon.COMPANY_SUFFIXES)
ORGANIZATION_SUFFIX = _suffix_pattern(lexicon.ORGANIZATION_SUFFIXES)
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
    home = context.home(LEVEL_OF[level_char], position)
    if home is None:
        return None
    return home.name + rest


def detect_organisations(context: ArticleContext) -> list[Candidate]:
    candidates: list[Candidate] = []
    candidates += _by_suffix(context, UNION_SUFFIX, "Union")
    candidates += _by_suffix(context, COMPANY_SUFFIX, "Company")
    candidates += _by_suffix(context, ORGANIZATION_SUFFIX, "Organization")
    candidates += _contextual_unions(context)
    candidates += _bodies(context)
    candidates += _national(context)
    candidates += _newspapers(context)
    candidates += _employers(context)
    candidates += _units_after(context, candidates)
    return [_with_parent(c) for c in compose_units(candidates)]


def _by_suffix(context: ArticleContext, pattern: re.Pattern, entity_type: str) -> list[Candidate]:
    text = context.text
    found = []
    for match in pattern.finditer(text):
        if not _suffix_is_word(context, match) or text.startswith(("工作", "任务"), match.end()):
            continue
        start = name_start(context, match.start(), verbs_inside=entity_type != "Union")
        while True:
            word = next((w for w in LEADING_GENERIC_WORDS if text.startswith(w, start)), None)
            if word is None or start + len(word) >= match.start():
                break
            start += len(word)
        if entity_type == "Union":
            places = context.places_in(start, match.start())
            if places and places[0].start > start and not re.search(r"(公司|集团|银行|厂)", text[start:places[0].start]):
                start = places[0].start
            if "工会" in text[start:match.start()]:
                continue
        form = text[start:match.end()]
        prefix = text[start:match.start()]
        if not prefix:
            continue
        if prefix[0] in LEVEL_OF:
            candidate = _contextual_by_suffix(context, start, match, form, prefix, entity_type)
            if candidate:
                found.append(candidate)
            continue
        if _acceptable(context, start, match.start(), prefix, match.group(), entity_type):
            found.append(Candidate(start, match.end(), entity_type, form, form))
    return found


def compose_units(candidates: list[Candidate]) -> list[Candidate]:
    """A named unit right after a company or organisation (椰树集团…有限公司8万吨安装团队,
    …有限公司喜河水力发电厂) is one name that contains the parent's."""
    composed = []
    parents = [c for c in candidates if c.type in ("Company", "Organization") and c.name == c.form]
    for unit in candidates:
        if unit.type not in ("Company", "Organization") or unit.name != unit.form:
            continue
        for parent in parents:
            if parent.start < unit.start <= parent.end < unit.end:
                form = parent.form + unit.form[parent.end - unit.start:]
                composed.append(Candidate(parent.start, unit.end, unit.type, form, form, 1, (parent,)))
    return candidates + composed


UNIT = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]{1,10}?(?:团队|班组|车间|工段|机组|分队)|"
                  r"“[0-9A-Za-z\u4e00-\u9fff]{1,10}?(?:”(?:轮|号)|(?:轮|号)”)")
INNER_PARENT = re.compile(r"(?:股份有限公司|集团有限公司|有限责任公司|有限公司|集团|养护所|管理所|管理处|管理局)")


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
        if 2 <= len(candidate.form) - match.end() and match.start() >= 2:
            inner = match
    if inner is None:
        return candidate
    form = candidate.form[:inner.end()]
    kind = "Company" if re.search(r"公司|集团", inner.group()) else "Organization"
    parent = Candidate(candidate.start, candidate.start + len(form), kind, form, form, candidate.strength)
    return Candidate(candidate.start, candidate.end, candidate.type, candidate.name, candidate.form,
                     candidate.strength, (parent,))


LEADING_GENERIC_WORDS = ("辖区", "爱心企业", "爱心", "企业", "一些", "地方", "当地", "全国首家", "首家", "一家",
                         "这家", "该", "本", "其")
NOT_ORGANISATION_WORDS = {"干部", "全部", "内部", "外部", "局部", "大厅", "餐厅", "客厅", "展厅", "书店",
                          "市场", "本部", "总部", "党部", "学校", "团队"}


def _suffix_is_word(context: ArticleContext, match: re.Match) -> bool:
    """The suffix must end where a token ends, and a one-character suffix must be its own
    token or end a longer word (审计局), not a common word (干部, 大厅)."""
    index = context.token_index_at(match.end() - 1)
    token = context.tokens[index]
    if token.end != match.end():
        return False
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
    if rest and (_generic_only(rest) or any(c in _without_department_stems(rest) for c in "的了是在和与")):
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
    if any(c in _without_department_stems(prefix) for c in "的了是在和与"):
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
        if not has_place and not re.search(r"(公司|集团|银行|厂|局|院|学校|大学|中心)$", prefix):
            return False
        if has_place and rest and _generic_only(rest):
            return False
    if entity_type == "Company" and suffix in ("店", "厂", "市场", "商场", "公司", "集团") and len(prefix) < 3:
        return False
    return True


def _without_department_stems(prefix: str) -> str:
    for stem in lexicon.DEPARTMENT_STEMS_WITH_AND:
        prefix = prefix.replace(stem, "")
    return prefix


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
    for match in re.finditer(r"([省市县区])(委(?!员|托)|政府|人大常委会|人大|政协|纪委)", text):
        start = match.start()
        if _continues_name(text, start) and not is_hard_stop(text[start - 1]) and text[start - 1] not in "和及":
            continue
        expanded = _expand_contextual(context, match.group(1), match.group(2), start)
        if expanded:
            found.append(Candidate(start, match.end(), "Organization", expanded, match.group(), 2))
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
