"""Job phrases between a unit and a person: 广西某公司研发中心副主任、首席总师、高级工程师李伟.

Walking back from a person's name over 、-separated phrases, each ending in an office
(主任, 安全总监) or a job word (技师, 揽投员), to the organisation, the colleague or the back
reference (该公司) written before them. Offices give holdsPosition with the phrase as the role,
job words worksFor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract import lexicon
from kg.extract.relations.base import OCCUPATIONS, TITLES
from kg.model import ORGANISATION_TYPES, Mention

# 首席技师 is a job grade (worksFor), whatever the title list says
OFFICE_WORDS = tuple(sorted({t for t in TITLES if not t.endswith("技师")} | set(lexicon.OFFICE_ENDINGS),
                            key=len, reverse=True))
JOB_WORDS = tuple(sorted(set(OCCUPATIONS) | set(lexicon.JOB_ENDINGS), key=len, reverse=True))
OTHER_BODY = re.compile("|".join(map(re.escape, lexicon.OTHER_BODY_WORDS)))
PHRASE_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]")
LEVEL_START = tuple("省市县区州乡镇村全")  # 省公共就业服务中心主任, 全省…领导小组组长: a body of its own
NOT_IN_UNIT = re.compile(r"[获被评授的是在为和与及等了将把向对从率到]")  # verbs and particles: prose, not a unit  # 省公共就业服务中心主任: a body of its own, not a sub-unit
MAX_PHRASE = 16  # characters of one job phrase
MAX_PHRASES = 6  # phrases in one chain
BARE_UNION = ("总工会", "工会")
BARE_COMPANY = ("集团", "公司")
CHIEF = re.compile(r"总[\u4e00-\u9fff]{1,3}师$")
MAX_UNIT = 12  # characters of the sub-unit before the office or job word (机加车间, 劳动人事争议仲裁处)


@dataclass
class JobChain:
    """The unit written before a person's job phrases, and the phrases ("office" | "job", offsets)."""

    anchor: Mention | None
    phrases: list[tuple[str, int, int]] = field(default_factory=list)  # kind, start, end
    reference: bool = False  # the anchor is the body a back reference (该公司) points to


def _ending_lookup(words: tuple[str, ...]) -> tuple[tuple[int, ...], frozenset[str]]:
    return tuple(sorted({len(w) for w in words}, reverse=True)), frozenset(words)


ENDINGS = {"office": _ending_lookup(OFFICE_WORDS), "job": _ending_lookup(JOB_WORDS)}


def _longest_ending(phrase: str, kind: str) -> str | None:
    """The longest office or job word ``phrase`` ends with (a set lookup per length, not a scan)."""
    lengths, words = ENDINGS[kind]
    for length in lengths:
        if length <= len(phrase) and phrase[-length:] in words:
            return phrase[-length:]
    return None


def classify(phrase: str, offset: int = 0) -> list[tuple[str, int, int]] | None:
    """The offices and jobs a phrase names (kind, start, end; ``offset`` is where the phrase
    starts), or None when it is no job phrase."""
    found = _classify(phrase)
    return None if found is None else [(kind, offset + start, offset + end) for kind, start, end in found]


@lru_cache(maxsize=65536)
def _classify(phrase: str) -> tuple[tuple[str, int, int], ...] | None:
    offset = 0
    for stacked in lexicon.STACKED_OFFICES:
        if phrase.startswith(stacked) and len(phrase) > len(stacked):
            rest = classify(phrase[len(stacked):], offset + len(stacked))
            return tuple([("office", offset, offset + len(stacked))] + rest) if rest else None
    for kind, words in (("office", OFFICE_WORDS), ("job", JOB_WORDS)):
        word = _longest_ending(phrase, kind)
        chief = CHIEF.search(phrase)
        if kind == "office" and word is None and chief:
            word = chief.group()  # 总酿酒师, 总设计师: the chief of a trade is an office
        if word is None:
            continue
        unit = phrase[:-len(word)]
        if len(unit) > MAX_UNIT or OTHER_BODY.search(unit) or NOT_IN_UNIT.search(unit) \
                or unit.startswith(LEVEL_START):
            return None
        return ((kind, offset, offset + len(phrase)),)
    return None


def job_chains(text: str, person: Mention, ending_at: dict[int, Mention], mentions: list[Mention],
               main_union: Mention | None = None) -> list[JobChain]:
    """The chains of job phrases before ``person``, nearest first: 市人大常委会副主任、市总工会主席X
    gives two (市总工会: 主席; 市人大常委会: 副主任). ``main_union`` is the union a bare 总工会 or 工会
    at the start of a chain means."""
    chains: list[JobChain] = []
    position = person.start - (1 if text[person.start - 1:person.start] == " " else 0)
    chain = JobChain(None)
    for _ in range(MAX_PHRASES):
        if chain.phrases and position in ending_at:
            # 主席上官丽华、副主席邢建国: a colleague before 、 lends the body of their office
            if ending_at[position].type == "Person":
                chain.anchor = ending_at[position]
            break
        start = position
        while start > 0 and position - start < MAX_PHRASE and PHRASE_CHAR.match(text[start - 1]) \
                and not (start < position and start in ending_at):
            start -= 1
        phrase = text[start:position]
        reference = next((r for r in lexicon.BACK_REFERENCES if phrase.startswith(r)), None)
        if reference:
            phrase, start = phrase[len(reference):], start + len(reference)
        found = classify(phrase, start) if phrase else None
        if found is None and phrase and text[start - 1:start] == "、" and not chain.anchor:
            # 党组成员、…、全国工会职工书屋建设领导小组组长X: an office in another body, left
            # out; the offices before it still belong to the body written before them
            position = start - 1
            continue
        bare = next((w for w in BARE_COMPANY if phrase.startswith(w)), None)
        if found is None and bare and (start == 0 or not PHRASE_CHAR.match(text[start - 1])):
            # 。集团党委副书记X: the company of that kind the article named last
            rest = classify(phrase[len(bare):], start + len(bare))
            earlier = [m for m in mentions if m.type == "Company" and m.name.endswith(bare)
                       and m.end <= start and start - m.end < 600]
            if rest and earlier:
                chain.phrases[:0] = rest
                chain.anchor, chain.reference = earlier[-1], True
            break
        if found is None and phrase.startswith(BARE_UNION) and (start == 0 or not PHRASE_CHAR.match(text[start - 1])):
            # ，总工会党支部书记、常务副主席X: the article's own union
            rest = classify(phrase[len(next(u for u in BARE_UNION if phrase.startswith(u))):],
                            start + len(next(u for u in BARE_UNION if phrase.startswith(u))))
            if rest and main_union is not None:
                chain.phrases[:0] = rest
                chain.anchor, chain.reference = main_union, True
            break
        if found is None:
            break
        chain.phrases[:0] = found
        if reference:
            earlier = [m for m in mentions if m.end <= start - len(reference) and m.type in ORGANISATION_TYPES
                       and start - m.end < 400]
            if earlier:
                chain.anchor, chain.reference = earlier[-1], True
            break
        anchor = ending_at.get(start)
        if anchor is not None and start < position:
            chain.anchor = anchor
            if text[anchor.start - 1:anchor.start] != "、" or anchor.type not in ORGANISATION_TYPES:
                break
            chains.append(chain)
            chain, position = JobChain(None), anchor.start - 1
            continue
        if text[start - 1:start] != "、":
            break
        position = start - 1
    chains.append(chain)
    return [c for c in chains if c.phrases]
