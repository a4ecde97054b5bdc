"""Candidates from the pretrained tagger (:mod:`kg.extract.tagger`), settled by the rules' own logic.

The rules run first; the tagger's spans fill what they leave. The tagger finds people in shapes
the rules do not know (lists, bylines, names before any verb) but is loose at the edges, so a span
counts only where the rules' checks confirm it:

- PER: a surname-shaped name (or names joined by a middle dot) that starts and ends where the
  tokeniser's words do, not in quotes; a two-character name the tokeniser continues by one
  character is repaired (X治 + 中 → X治中); it replaces a place found inside it (张安顺, not 安顺)
  and a shorter rules name at the same start;
- ORG: typed Union, Company or Organization by the suffixes the rules use, a union suffix right
  after it taken in (某公司工会), a level word at its start (省妇联) expanded to the article's place;
  it extends a rules name of its type that the rules cut short or that lacks a leading place;
- LOC: only where the administrative table (汉阴 → 汉阴县) or a venue, town or zone suffix confirms it.

The model reads only the runs of text in which some span could pass these checks (:class:`Clues`).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from kg.extract import lexicon
from kg.extract.admin import word_automaton
from kg.extract.detect.candidates import Candidate
from kg.extract.detect.context import ArticleContext, names_a_celebration
from kg.extract.detect.organisations import VENUE, venue_at
from kg.extract.detect.people import NOT_GIVEN_NAME, SURNAMES, _followed_by_boundary, _name_shapes
from kg.extract.tagger import TaggedSpan, pieces, tag_runs
from kg.extract.text import occurrences
from kg.extract.tokenize import is_dictionary_word

CJK = "[\u4e00-\u9fff]"
DOTTED_NAME = re.compile(f"{CJK}{{2,6}}(?:·{CJK}{{2,6}}){{1,2}}")
TITLES = set(lexicon.POSITION_TITLES) | {"处长", "科长", "师傅", "老师", "教授", "医生", "律师"}
LEVEL_OF = {"省": "province", "市": "city", "县": "county", "区": "county"}


def _ending(suffixes: tuple[str, ...]) -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, sorted(suffixes, key=len, reverse=True))) + ")$")


UNION_ENDING = _ending(lexicon.UNION_SUFFIXES)
COMPANY_ENDING = _ending(lexicon.COMPANY_SUFFIXES)
ORGANIZATION_ENDING = _ending(lexicon.ORGANIZATION_SUFFIXES + lexicon.TAGGED_ORGANIZATION_ENDINGS)
UNION_AFTER = re.compile("|".join(map(re.escape, sorted(lexicon.UNION_SUFFIXES, key=len, reverse=True))))
VENUE_ENDING = _ending(lexicon.VENUE_SUFFIXES)
TOWN_SUFFIXES = ("镇", "乡", "街道", "新区", "开发区", "高新区", "保税区")
TOWN_ENDING = re.compile(f"{CJK}{{2,4}}(?:{'|'.join(TOWN_SUFFIXES)})$")
WEAK_ORGANIZATION_SUFFIXES = set(lexicon.WEAK_ORGANIZATION_SUFFIXES) | {"办", "总会", "商会"}
GENERIC_UNIT_AFTER_COMPANY = re.compile(r"(?<=公司|集团)(?:\(集团\))?(?:技术中心|研发中心|生产技术部|项目部|办公室|车间|分厂)$")
UNION_OWNER = re.compile("(公司|集团|银行|厂|局|院|学校|大学|中心)$")  # a union named by its unit alone
FORM_CHARACTER = re.compile(r"[\u4e00-\u9fff0-9A-Za-z()·]")
NOT_IN_PREFIX = "的了是在和与"
GLUED_OCCUPATION = "工员师长手"  # 指导工贾黎: an occupation word glued on before a name
GENERIC = tuple(sorted(lexicon.GENERIC_PREFIX_WORDS, key=len, reverse=True))


def detect_tagged(context: ArticleContext, settled: list[Candidate]) -> list[Candidate]:
    """``settled`` (the rules' mentions, overlaps settled) with the tagger's confirmed spans added."""
    runs = [run for sentence in context.sentences for run in pieces(context.text, sentence.start, sentence.end)]
    spans = tag_runs(context.text, runs, keep=Clues(context).worth_tagging)
    people = _people(context, [s for s in spans if s.tag == "PER"])
    organisations = [c for s in spans if s.tag == "ORG" for c in [_organisation(context, s)] if c]
    places = [c for s in spans if s.tag == "LOC" for c in [_place(context, s)] if c]
    return merge(settled, people, organisations + places, context)


def merge(settled: list[Candidate], people: list[Candidate], others: list[Candidate],
          context: ArticleContext | None = None) -> list[Candidate]:
    """Add each tagged candidate that overlaps nothing the rules kept. A person also replaces places
    inside or across it and a rules person it extends; an organisation replaces places inside it,
    extends a rules name of its type that the rules cut short (平昌中学 → 平昌中学实验学校) or
    that lacks a leading place or 中共 (the rules' name kept: 中共柳州市委 is 柳州市委), and a company's
    union (某公司工会) is added around the company the rules found."""
    kept = list(settled)
    for candidate in people + others:
        overlapping = [c for c in kept if c.start < candidate.end and candidate.start < c.end]
        if candidate.type == "Person":
            replaceable = all(c.type == "Place" or (c.type == "Person" and c.start == candidate.start
                                                    and c.end < candidate.end) for c in overlapping)
        else:
            inside = all(candidate.start <= c.start and c.end <= candidate.end for c in overlapping)
            replaceable = inside and all(c.type == "Place" for c in overlapping)
            if inside and overlapping and candidate.type == "Union" and candidate.form.endswith("工会") \
                    and all(c.type in ("Company", "Organization") for c in overlapping):
                kept.append(candidate)  # 某公司工会: the union, with the company the rules found inside it
                continue
            named = [c for c in overlapping if c.type != "Place"]
            if inside and len(named) == 1 and named[0].type == candidate.type and not named[0].parts:
                extended = _extended(context, candidate, named[0])
                if extended is not None:
                    kept = [c for c in kept if c not in overlapping] + [extended]
                continue
        if not replaceable:
            continue
        kept = [c for c in kept if c not in overlapping]
        kept.append(candidate)
    return sorted(kept, key=lambda c: (c.start, c.end, c.type))


def _extended(context: ArticleContext | None, candidate: Candidate, inner: Candidate) -> Candidate | None:
    if inner.start == candidate.start and inner.end < candidate.end:
        ending = (UNION_ENDING.search(candidate.form) or COMPANY_ENDING.search(candidate.form)
                  or ORGANIZATION_ENDING.search(candidate.form))
        # a weak ending may be the tagger running into the next word (威海市委 + 中心组)
        return candidate if ending and ending.group() not in WEAK_ORGANIZATION_SUFFIXES else None
    if inner.end == candidate.end and inner.start > candidate.start and context is not None:
        lead = context.text[candidate.start:inner.start]
        for hit in context.places_in(candidate.start, inner.start):
            lead = lead.replace(hit.form, "")
        if lead in ("", "中共"):
            return Candidate(candidate.start, candidate.end, inner.type, inner.name, candidate.form, inner.strength)
    return None


# ---------------------------------------------------------------- people

def _people(context: ArticleContext, spans: list[TaggedSpan]) -> list[Candidate]:
    text = context.text
    names: dict[str, set[int]] = {}
    found_titled: list[Candidate] = []
    for span in spans:
        start, end = span.start, _repaired_end(context, span.start, span.end)
        name = text[start:end]
        if _is_person(context, start, end, name):
            names.setdefault(name, set()).add(start)
    titled = {name for name in names if _surname_and_title(name)}
    full = [name for name in names if name not in titled]
    for name in sorted(titled):  # 童处长: the article's one person of that surname, else no one
        people = [n for n in full if n[0] == name[0]]
        if len(people) == 1:
            for start in names[name]:
                found_titled.append(Candidate(start, start + len(name), "Person", people[0], name, 2))
    found = list(found_titled)
    for name in sorted(full, key=lambda n: (-len(n), n)):
        for start in occurrences(text, name):
            end = start + len(name)
            if start in names[name] or (_followed_by_boundary(text, end) and _on_token_edges(context, start, end)):
                found.append(Candidate(start, end, "Person", name, name, 2 if start in names[name] else 1))
    return found


def _surname_and_title(name: str) -> bool:
    return len(name) >= 3 and name[1:] in TITLES


def _repaired_end(context: ArticleContext, start: int, end: int) -> int:
    """X治 + 中 → X治中, 郑贵 + 有等: a two-character span whose last word runs one character further,
    or that one character stands alone before a word that follows names."""
    text = context.text
    following = text[end:end + 1]
    if end - start != 2 or not re.match(CJK, following) or following in NOT_GIVEN_NAME:
        return end
    if not context.is_token_start(end):
        token = context.tokens[context.token_index_at(end - 1)]
        if token.end == end + 1 and token.start >= start and context.is_token_start(end + 1):
            return end + 1
    elif context.is_token_start(end + 1) and _followed_by_boundary(text, end + 1) \
            and not _followed_by_boundary(text, end) and text[end + 1:end + 2] not in "的":
        return end + 1
    return end


def _is_person(context: ArticleContext, start: int, end: int, name: str) -> bool:
    return PersonStart(context, start).allows(end, name)


class PersonStart:
    """The checks of a tagged person's span that depend on its start alone, made once for the spans
    of several lengths that start there."""

    def __init__(self, context: ArticleContext, start: int):
        text = context.text
        self.context, self.text, self.start = context, text, start
        self.quoted = text[start - 1:start] == "“"  # “宁脏我一人”, “蓝骑士”: a quoted phrase, not a name
        first = context.tokens[context.token_index_at(start)]
        self.glued = first.start < start and text[start - 1] in GLUED_OCCUPATION
        self.first = None if self.glued else first
        self.start_on_edge = _starts_word(context, start)
        self._shapes: list[str] | None = None

    def allows(self, end: int, name: str) -> bool:
        context, text, start, first = self.context, self.text, self.start, self.first
        if self.quoted:
            return False
        if DOTTED_NAME.fullmatch(name):
            return True
        if not (self.start_on_edge and _ends_word(context, end) or (self.glued and _on_token_edges(context, end, end))):
            return False
        if self._shapes is None:
            self._shapes = _name_shapes(text, start)
        if name not in self._shapes:
            # 洪碧清, 晓亮: a surname the table lacks, where the tokeniser too reads one name
            single = first is not None and first.text == name and first.pos.startswith("nr")
            if not (single and 2 <= len(name) <= 3 and not any(c in NOT_GIVEN_NAME for c in name)):
                return False
        if first is None or first.pos.startswith("nr") or len(first.text) == 1:
            return True
        if first.end < end:
            return False  # 苏报 + 讯: a word of another kind, then more
        return not is_dictionary_word(first.text)  # 高歌: a dictionary word of another kind


def _starts_word(context: ArticleContext, position: int) -> bool:
    """A word may start at ``position``: the tokeniser starts one there, or what precedes is no letter."""
    return not context.text[position - 1:position].isalnum() or context.is_token_start(position)


def _ends_word(context: ArticleContext, position: int) -> bool:
    """A word may end at ``position``: the tokeniser starts one there, or what follows is no letter."""
    return not context.text[position:position + 1].isalnum() or context.is_token_start(position)


def _on_token_edges(context: ArticleContext, start: int, end: int) -> bool:
    """Both ends fall where the tokeniser's words do, or next to a character that is not a letter."""
    return _starts_word(context, start) and _ends_word(context, end)


# ---------------------------------------------------------------- organisations and places

def _organisation(context: ArticleContext, span: TaggedSpan) -> Candidate | None:
    text = context.text
    start, end = span.start, span.end
    after = UNION_AFTER.match(text, end)
    if after and not text.startswith(("工作", "任务"), after.end()):  # as the rules: 工会工作 is no union
        end = after.end()  # 某公司工会: the tagger stops before 工会
    form = text[start:end]
    if len(form) < 3 or not all(FORM_CHARACTER.match(char) for char in form):
        return None
    if UNION_ENDING.search(form):
        kind = "Union"
    elif COMPANY_ENDING.search(form):
        kind = "Company"
    elif ORGANIZATION_ENDING.search(form):
        kind = "Organization"
    else:
        return None
    suffix = (UNION_ENDING.search(form) or COMPANY_ENDING.search(form) or ORGANIZATION_ENDING.search(form)).group()
    prefix = form[:-len(suffix)]
    if any(char in NOT_IN_PREFIX for char in prefix.replace("人力资源和社会保障", "")):
        return None
    unit = GENERIC_UNIT_AFTER_COMPANY.search(form)
    if unit and unit.start() >= 4:  # …有限责任公司技术中心: a sub-unit named by a generic word is its company
        end = start + unit.start()
        form = text[start:end]
        return Candidate(start, end, "Company", form, form)
    if prefix in LEVEL_OF and kind == "Organization" and len(suffix) >= 2 and suffix not in WEAK_ORGANIZATION_SUFFIXES:
        home = context.home(LEVEL_OF[prefix], start)  # 省妇联, 市慈善总会: this article's province's, city's
        return Candidate(start, end, kind, home.name + suffix, form) if home else None
    if prefix[:1] in LEVEL_OF and not _generic(prefix[1:]):
        home = context.home(LEVEL_OF[prefix[0]], start)
        if home is None or len(prefix) < 2:
            return None
        return Candidate(start, end, kind, home.name + form[1:], form)
    if _generic(prefix) or len(prefix) < 2:
        return None
    places = context.places_in(start, end - len(suffix))
    if kind == "Union":
        rest = prefix
        for hit in places:
            rest = rest.replace(hit.form, "")
        if not rest and len(places) == 1 and suffix == "总工会":  # 安康市总工会: named by its place alone
            return Candidate(start, end, kind, places[0].division.name + suffix, form)
        # 海南工会 is the province's federation (the rules' contextual forms); 新时代工会 names no one
        if not rest or _generic(rest) or not (places or UNION_OWNER.search(prefix)):
            return None
    if kind == "Organization" and suffix in WEAK_ORGANIZATION_SUFFIXES and not places:
        return None  # 劳动监察大队, 爱心驿站: a generic unit unless a place names whose it is
    return Candidate(start, end, kind, form, form)


def _generic(prefix: str) -> bool:
    rest = prefix
    while rest:
        word = next((w for w in GENERIC if rest.startswith(w)), None)
        if word is None:
            break
        rest = rest[len(word):]
    return len(rest) < 2 and not (rest and rest in "省市县区")


def _place(context: ArticleContext, span: TaggedSpan) -> Candidate | None:
    text = context.text
    form = text[span.start:span.end]
    if not re.fullmatch(f"{CJK}{{2,12}}", form):
        return None
    table = context.table
    divisions = table.lookup(form)
    if divisions and names_a_celebration(text, span.start, form, divisions[0]):
        return None
    if divisions:
        return Candidate(span.start, span.end, "Place", divisions[0].name, form)
    province = context.home("province", span.start)
    for name in (form + "县", form + "市", form + "区"):  # 汉阴 → 汉阴县, where the article is in its province
        divisions = [d for d in table.lookup(name) if province is not None and d.code[:2] == province.code[:2]]
        if divisions:
            return Candidate(span.start, span.end, "Place", divisions[0].name, form)
    venue = VENUE_ENDING.search(form)
    if venue:  # a venue only where the rules' venue rule reads one at that suffix (not in an address)
        suffix = VENUE.match(text, span.start + venue.start())
        if suffix is None or venue_at(context, suffix) is None:
            return None
    if venue or TOWN_ENDING.fullmatch(form):
        return Candidate(span.start, span.end, "Place", form, form)
    return None


# ---------------------------------------------------------------- runs worth tagging

SURNAME_START = re.compile("[" + "".join(sorted(set(SURNAMES) | {name[0] for name in lexicon.SURNAMES_DOUBLE})) + "]")
EVERY_ORGANIZATION_SUFFIX = frozenset(lexicon.UNION_SUFFIXES + lexicon.COMPANY_SUFFIXES + lexicon.ORGANIZATION_SUFFIXES
                                      + lexicon.TAGGED_ORGANIZATION_ENDINGS)


class Clues:
    """Where in an article a person, an organisation or a place could start or end, read on first use.

    :meth:`worth_tagging` tells whether some span in a run could pass the checks above. A run's tags
    depend on its text alone, so the runs it leaves out change no result. Each test is a necessary
    condition of one check: a person needs a start where ``_is_person`` holds for a name of 2 to 4
    characters (or a dotted name); an organisation a suffix with a form character before it, and,
    for a union or a weak suffix, what ``_organisation`` then asks for; a place a table name (or one
    less 县, 市 or 区), a town suffix, or a venue suffix where ``venue_at`` reads a venue."""

    def __init__(self, context: ArticleContext):
        self.context = context
        self.text = context.text
        self.read = False

    def worth_tagging(self, run: tuple[int, int]) -> bool:
        if not self.read:
            self._read()
        start, end = run
        return self.organisation(start, end) or self.place(start, end) or self.person(start, end)

    def _read(self) -> None:
        context, text = self.context, self.text
        self.read = True
        tokens, token_starts = context.tokens, context.token_starts
        # _is_person reads the token at a name's start: without tokens no one is confirmed
        starts = [match.start() for match in SURNAME_START.finditer(text)] if tokens else []
        for index in [index for index, token in enumerate(tokens) if token.pos[:2] == "nr"]:
            first = 0 if index == 0 else token_starts[index]  # each position whose token (token_index_at) is a name
            last = token_starts[index + 1] if index + 1 < len(tokens) else len(text)
            starts.extend(range(first, last))
        token_start = set(token_starts)  # _is_person asks for a token edge, or an occupation word glued on
        self.person_starts = sorted(position for position in set(starts) if position in token_start
                                    or not text[position - 1:position].isalnum() or text[position - 1] in GLUED_OCCUPATION)
        self.suffixes = sorted((end + 1 - len(suffix), end + 1, suffix) for end, suffix in _suffixes().iter(text))
        self.suffix_starts = [start for start, _, _ in self.suffixes]
        self.places = _places_of(context.table)

    def place(self, start: int, end: int) -> bool:
        text = self.text
        for last, (kinds, length) in self.places.iter(text, start, end):  # words wholly inside the run
            first = last + 1 - length
            if "name" in kinds or ("town" in kinds and first - 2 >= start):  # a town: CJK{2,4} before it
                return True
            if "venue" in kinds:
                suffix = VENUE.match(text, first)
                if suffix is not None and venue_at(self.context, suffix) is not None:
                    return True
        return False

    def organisation(self, start: int, end: int) -> bool:
        text, context = self.text, self.context
        index = bisect.bisect_left(self.suffix_starts, start + 1)  # the form has a prefix
        while index < len(self.suffixes) and self.suffixes[index][0] <= end:
            suffix_start, suffix_end, suffix = self.suffixes[index]
            index += 1
            union = suffix in lexicon.UNION_SUFFIXES  # only a union suffix may reach past the run
            before = text[suffix_start - 1]
            if (suffix_end > end and not union) or not FORM_CHARACTER.match(before) or before in NOT_IN_PREFIX:
                continue
            if not union and (suffix in lexicon.COMPANY_SUFFIXES or suffix not in WEAK_ORGANIZATION_SUFFIXES):
                return True
            first = suffix_start - 1  # the earliest start of the form
            while first > start and FORM_CHARACTER.match(text[first - 1]):
                first -= 1
            if context.places_in(first, suffix_start) or any(text[a] in LEVEL_OF for a in range(first, suffix_start - 1)):
                return True
            if union and UNION_OWNER.search(text, first, suffix_start):
                return True
            if not union and ("公司" in text[first:suffix_start] or "集团" in text[first:suffix_start]):
                return True  # a generic unit of a company (GENERIC_UNIT_AFTER_COMPANY)
        return False

    def person(self, start: int, end: int) -> bool:
        text, context = self.text, self.context
        if "·" in text[start:end]:
            return True
        index = bisect.bisect_left(self.person_starts, start)
        limit = min(end + 1, len(text))  # a name may run one character past its span (_repaired_end)
        while index < len(self.person_starts) and self.person_starts[index] < end:
            position = self.person_starts[index]
            index += 1
            checks = PersonStart(context, position)
            for length in (2, 3, 4):
                if position + length <= limit and checks.allows(position + length, text[position:position + length]):
                    return True
        return False


@lru_cache(maxsize=1)
def _suffixes():
    return word_automaton((suffix, suffix) for suffix in sorted(EVERY_ORGANIZATION_SUFFIX))


@lru_cache(maxsize=2)
def _places_of(table):
    names = set(table.by_name) | set(table.by_short)
    names |= {name[:-1] for name in names if name[-1:] in ("县", "市", "区")}  # 汉阴 for 汉阴县
    names = {name for name in names if re.fullmatch(f"{CJK}{{2,12}}", name)}  # as _place's forms
    kinds: dict[str, set[str]] = {}
    for kind, words in (("name", names), ("town", TOWN_SUFFIXES), ("venue", lexicon.VENUE_SUFFIXES)):
        for word in words:
            kinds.setdefault(word, set()).add(kind)
    return word_automaton((word, (tuple(sorted(kinds[word])), len(word))) for word in sorted(kinds))
