"""receivedAward: recipients of a conferring verb, of an honour roll, and of an honour written as
a title before a name; the year from the article's calendar."""

from __future__ import annotations

import re

from kg.extract.relations.base import (
    AWARD_TRIGGER,
    RECIPIENT_TYPES,
    RelationFamily,
    _key,
)
from kg.model import ORGANISATION_TYPES, Mention


class AwardRelations(RelationFamily):
    def run(self) -> None:
        for sentence in self.context.sentences:
            inside = [m for m in self.mentions if sentence.start <= m.start < sentence.end]
            self.awards_in_clauses(inside, sentence.start, sentence.end)
            self.awards_by_list(inside, sentence.start, sentence.end)
            self.awards_before_names(inside)

    def awards_in_clauses(self, inside: list[Mention], start: int, end: int) -> None:
        """X获得A: recipients before the conferring verb in the clause, else the subject of the
        clause before (慕容晓东获得第一名，被授予“技术能手”称号)."""
        carried: list[Mention] = []
        listing = False
        for clause_start, clause_end in _clauses(self.text, start, end):
            clause = [m for m in inside if clause_start <= m.start < clause_end]
            awards = [m for m in clause if m.type == "Award"]
            subjects = _recipients(self.text, [m for m in clause if m.type in RECIPIENT_TYPES
                                               and not _after_award_of(self.text, m, clause)])
            if not awards:
                listing = False
                carried = _main_subject(subjects) or carried
                continue
            trigger = AWARD_TRIGGER.search(self.text, clause_start, awards[0].start + 1)
            if not trigger:
                # 荣获了A,B,C等荣誉称号: a list of honours that runs on over commas
                if listing and clause[0].type == "Award" and not self.text[clause_start:clause[0].start].strip():
                    for award in awards:
                        for recipient in carried:
                            self.add("receivedAward", _key(recipient), _key(award), award.start,
                                     year=self.year_before(award.start))
                else:
                    listing = False
                continue
            listing = True
            boundary = trigger.start()
            passive = re.search(r"[被由]", self.text[clause_start:boundary])
            if passive:
                boundary = clause_start + passive.start()
            recipients = [m for m in subjects if m.end <= boundary]
            recipients = recipients or _main_subject(carried) or carried
            carried = recipients
            for award in awards:
                if award.start < trigger.start() or self.text.startswith("的", award.end):
                    continue
                year = self.year_before(award.start)
                for recipient in recipients:
                    self.add("receivedAward", _key(recipient), _key(award), award.start, year=year)
        for award in (m for m in inside if m.type == "Award"):
            # 为获得2023年全国五一劳动奖章的端木秀兰颁发证书
            if self.text.startswith("的", award.end) and AWARD_TRIGGER.search(
                    self.text, max(start, award.start - 12), award.start):
                person = self.starting_at.get(award.end + 1)
                if person and person.type in RECIPIENT_TYPES:
                    self.add("receivedAward", _key(person), _key(award), award.start,
                             year=self.year_before(award.start))

    def awards_by_list(self, inside: list[Mention], start: int, end: int) -> None:
        """公布第三批“天府工匠”名单，…班长司马志远等30人入选: a list of honourees."""
        sentence = self.text[start:end]
        selected = LIST_SELECTED.search(sentence)
        roll = sentence.find("名单")
        if not selected or roll < 0 or roll > selected.start():
            return
        awards = [m for m in inside if m.type == "Award" and m.end <= start + roll]
        if not awards:
            return
        clause_start = max(sentence.rfind("，", 0, selected.start()), sentence.rfind(",", 0, selected.start()),
                           roll) + 1
        named = [m for m in inside if start + clause_start <= m.start and m.end <= start + selected.start()
                 and m.type in RECIPIENT_TYPES]
        recipients = _recipients(self.text, named)
        if any(m.type == "Person" for m in recipients):
            recipients = [m for m in recipients if m.type == "Person"]
        for award in awards:
            for recipient in recipients:
                self.add("receivedAward", _key(recipient), _key(award), award.start,
                         year=self.year_before(award.start))

    def awards_before_names(self, inside: list[Mention]) -> None:
        """全国劳动模范、宁夏宁东煤化有限公司采煤工纳国栋; 全国先进工作者金淑兰: an honour used as
        a title before the person's name."""
        for award in (m for m in inside if m.type == "Award"):
            if AWARD_TRIGGER.search(self.text, max(0, award.start - 4), award.start):
                continue
            following = [m for m in inside if m.start >= award.end and m.type == "Person"]
            if not following:
                continue
            person = following[0]
            between = self.text[award.end:person.start]
            if re.fullmatch(r"(?:、[^，,。；;、]{0,24})?", between) and \
                    not any(m.type == "Award" and award.end <= m.start < person.start for m in inside):
                self.add("receivedAward", _key(person), _key(award), award.start)


LIST_SELECTED = re.compile(r"入选|名列其中|上榜|榜上有名|获评|当选")


def _recipients(text: str, named: list[Mention]) -> list[Mention]:
    """Drop names nested in another name and the employer written before a person
    (X公司电焊工尉迟国强获得…: the person is the recipient)."""
    kept = [m for m in named if not any(o is not m and o.start <= m.start and m.end <= o.end
                                        and o.end - o.start > m.end - m.start for o in named)]
    result = []
    for mention in kept:
        if mention.type in ORGANISATION_TYPES:
            person = next((p for p in kept if p.type == "Person" and p.start >= mention.end), None)
            if person and re.fullmatch(r"的?[^，,。；;、“”]{0,10}", text[mention.end:person.start]):
                continue
        result.append(mention)
    return result


def _main_subject(mentions: list[Mention]) -> list[Mention]:
    """The clause's subject when it opens with a person (欧阳建华是…的一名司机)."""
    return mentions[:1] if mentions and mentions[0].type == "Person" else []


def _after_award_of(text: str, mention: Mention, clause: list[Mention]) -> bool:
    """获得全国五一劳动奖章的端木秀兰: the person after 的 is no subject of the clause."""
    return any(m.type == "Award" and m.end + 1 == mention.start and text[m.end] == "的" for m in clause)


def _clauses(text: str, start: int, end: int):
    position = start
    for match in re.finditer(r"[，,；;]", text[start:end]):
        yield position, start + match.end()
        position = start + match.end()
    yield position, end
