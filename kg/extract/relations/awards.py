"""receivedAward: recipients of a conferring verb, of an honour roll, and of an honour written as
a title before a name; the year from the article's calendar."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cached_property
from itertools import islice

from kg.extract.detect.regional import award_headings, roll_cells
from kg.extract.relations.base import (
    AWARD_TRIGGER,
    RECIPIENT_TYPES,
    MentionIndex,
    RelationFamily,
    _key,
)
from kg.extract.relations.jobs import MAX_PHRASE, classify
from kg.extract.text import occurrences
from kg.model import ORGANISATION_TYPES, Mention


class AwardRelations(RelationFamily):
    def run(self) -> None:
        conferring = False
        for sentence in self.context.sentences:
            inside = self.starting_in(sentence.start, sentence.end)
            # 授予甲等50个集体“A”；乙等166名个人“B”；: a conferral runs on after a semicolon
            conferring = self.awards_in_clauses(inside, sentence.start, sentence.end, conferring) and \
                self.text[sentence.start:sentence.end].rstrip().endswith(("；", ";"))
            self.awards_by_list(inside, sentence.start, sentence.end)
            self.awards_before_names(inside)
            self.awards_of_representatives(inside, sentence.start, sentence.end)
        self.honour_rolls()
        self.honour_tables()

    def awards_in_clauses(self, inside: list[Mention], start: int, end: int, conferring: bool = False) -> bool:
        """X获得A: recipients before the conferring verb in the clause, else the subject of the
        clause before (慕容晓东获得第一名，被授予“技术能手”称号). ``conferring``: an active
        conferral runs on from the sentence before; returns whether one runs on at the end."""
        carried: list[Mention] = []
        listing = False
        items: list[Mention] = []  # people ending the clauses so far: a list over commas
        for clause_start, clause_end in _clauses(self.text, start, end):
            clause = [m for m in inside if clause_start <= m.start < clause_end]
            awards = self._awards_written(clause_start, clause_end)
            named = [m for m in clause if m.type in RECIPIENT_TYPES and not _after_award_of(self.text, m, clause)
                     and not BYLINE_BEFORE.search(self.text, max(0, m.start - 8), m.start)]
            if not awards:
                listing = False
                carried = _main_subject(list(islice(_each_recipient(self.text, named), 1))) or carried
                last = clause[-1] if clause else None
                if last is not None and last.type == "Person" and not self.text[last.end:clause_end].strip("，,； "):
                    items.append(last)
                else:
                    items = []
                continue
            active = ACTIVE_CONFER.search(self.text, clause_start, awards[0].start)
            if active and "被" in self.text[clause_start:active.start()]:
                active = None  # 被某总工会命名为A: passive, the subject is the recipient
            if active or (conferring and not AWARD_TRIGGER.search(self.text, clause_start, awards[0].start + 1)):
                # 市总工会授予某公司等20个单位“A”称号；某人等115名同志“B”: the recipients come
                # after the conferring verb, the conferrer before it is none of them
                conferring = True
                recipients = self._conferred_on(clause, clause_start, awards, active)
                if recipients:
                    for award in awards:
                        if award.start > recipients[-1].start:
                            for recipient in recipients:
                                self.add("receivedAward", _key(recipient), _key(award), award.start,
                                         year=self.year_before(award.start))
                    carried, listing = recipients, True
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
            recipients = [m for m in _recipients(self.text, named) if m.end <= boundary]
            if recipients and recipients[-1].type == "Person" and \
                    COUNTED.fullmatch(self.text, recipients[-1].end, boundary):
                # 甲…，乙…，丙7人被评为A: the people ending the clauses before belong to the list
                recipients = items + [m for m in recipients if m not in items]
            if not recipients and COUNTED_GROUP.search(self.text, clause_start, boundary):
                continue  # 27个集体被授予A: recipients the text does not name
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
        return conferring

    def _conferred_on(self, clause: list[Mention], clause_start: int, awards: list[Mention],
                      active: re.Match | None) -> list[Mention]:
        """The recipients of an active conferral: between the verb and the award (授予某公司“A”),
        or after 为 before the verb (为某人颁发A); in a clause that carries the verb over, before
        the award."""
        start = active.end() if active else clause_start
        named = [m for m in clause if m.type in RECIPIENT_TYPES and start <= m.start and m.end <= awards[-1].start
                 and m.type != "Award"]
        if not named and active:
            beneficiary = re.search(r"为(?!期)", self.text[clause_start:active.start()])
            if beneficiary:
                named = [m for m in clause if m.type in RECIPIENT_TYPES
                         and clause_start + beneficiary.end() <= m.start and m.end <= active.start()]
        return _recipients(self.text, named)

    def awards_of_representatives(self, inside: list[Mention], start: int, end: int) -> None:
        """全国五一劳动奖章获得者代表、某公司模具设计师X; A获奖集体代表、某公司董事长Y; A称号获得者、
        某局专责Z: the person after a winner's label, or the body after a winning group's."""
        for award in self._awards_written(start, end):
            label = WINNER_LABEL.match(self.text, award.end)
            if not label:
                continue
            following = [m for m in inside if m.start >= label.end() and m.type in RECIPIENT_TYPES]
            wanted = ORGANISATION_TYPES if label["group"] else ("Person",)
            recipient = next((m for m in following if m.type in wanted), None)
            if recipient is None or re.search(r"[，,。；;]", self.text[label.end():recipient.start]):
                continue
            self.add("receivedAward", _key(recipient), _key(award), award.start, year=self.year_before(award.start))

    def honour_rolls(self) -> None:
        """授予获得一等奖的选手“A”。这5名选手分别为：甲、乙、丙: the people of a roll after an
        award sentence; 这5名选手还被授予“B” later gives them B too."""
        roll: list[Mention] = []
        roll_sentence = -10
        for number, sentence in enumerate(self.context.sentences):
            inside = self.starting_in(sentence.start, sentence.end)
            colon = ROLL_INTRO.search(self.text, sentence.start, sentence.end)
            if colon:
                people = [m for m in inside if m.start >= colon.end() and m.type == "Person"]
                awards = self._awards_written(sentence.start, colon.start())
                if not awards and number:
                    previous = self.context.sentences[number - 1]
                    if AWARD_TRIGGER.search(self.text, previous.start, previous.end) or \
                            ACTIVE_CONFER.search(self.text, previous.start, previous.end):
                        awards = self._awards_written(previous.start, previous.end)
                if people and awards:
                    roll, roll_sentence = people, number
                    for award in awards:
                        for person in people:
                            self.add("receivedAward", _key(person), _key(award), award.start,
                                     year=self.year_before(award.start))
                continue
            if roll and number - roll_sentence <= 3 and ROLL_BACK.search(self.text, sentence.start, sentence.end):
                trigger = AWARD_TRIGGER.search(self.text, sentence.start, sentence.end)
                if trigger and not any(m.type in RECIPIENT_TYPES and m.start < trigger.start() for m in inside):
                    for award in (m for m in inside if m.type == "Award" and m.start > trigger.start()):
                        for person in roll:
                            self.add("receivedAward", _key(person), _key(award), award.start,
                                     year=self.year_before(award.start))

    def honour_tables(self) -> None:
        """A line naming an award, then table rows of recipients (冠军 | 某某职工会 |): each
        recipient in the rows receives it, in the year its name writes."""
        for start, end in award_headings(self.text):
            award = self.starting_at.get(start)
            if award is None or award.type != "Award":
                continue
            written_year = re.match(r"(?:19|20)[0-9]{2}", self.text[start:end])
            year = int(written_year.group()) if written_year else self.year_before(start)
            for cell_start, cell_end in roll_cells(self.text, end):
                for recipient in (m for m in self.mentions if cell_start <= m.start and m.end <= cell_end
                                  and m.type in RECIPIENT_TYPES):
                    self.add("receivedAward", _key(recipient), _key(award), start, year=year)
                    break

    def _awards_written(self, start: int, end: int) -> list[Mention]:
        """The awards named between ``start`` and ``end``: mentions there, and the forms of the
        article's awards written there (an honour the detectors found elsewhere in the article)."""
        found = {_key(m): m for m in self.award_index.starting_in(start, end) if m.end <= end}
        occurrences = self.award_occurrences
        first, last = bisect.bisect_left(occurrences, (start,)), bisect.bisect_left(occurrences, (end,))
        if first == last:
            return sorted(found.values(), key=lambda m: m.start)
        forms = self.award_form_list
        for order in sorted({order for _, order in occurrences[first:last]}):
            form, award = forms[order]
            places = self.award_places[form]
            index = bisect.bisect_left(places, start)
            at = places[index] if index < len(places) and places[index] + len(form) <= end else -1
            while at >= 0 and _key(award) not in found:
                # not inside a longer name (云南省工人先锋号 does not write 省工人先锋号)
                if at not in self.ending_at and not any(
                        m.start < at + len(form) and at < m.end and (m.type == "Award" or m.start < at)
                        for m in self.mentions):
                    found[_key(award)] = Mention(award.text, "Award", at, at + len(form), award.name,
                                                 award.written_name)
                index += 1
                at = places[index] if index < len(places) and places[index] + len(form) <= end else -1
        return sorted(found.values(), key=lambda m: m.start)

    @cached_property
    def award_places(self) -> dict[str, list[int]]:
        """Where the article writes each award form (found once, not once per clause)."""
        return {form: list(occurrences(self.text, form, overlapping=True)) for form in self.award_forms}

    @cached_property
    def award_occurrences(self) -> list[tuple[int, int]]:
        """(position, the form's index in award_forms) of every award form the article writes, in
        text order: a clause looks up only the forms written in it."""
        return sorted((at, order) for order, form in enumerate(self.award_forms) for at in self.award_places[form])

    @cached_property
    def award_index(self) -> MentionIndex:
        return MentionIndex([m for m in self.mentions if m.type == "Award"])

    @cached_property
    def award_form_list(self) -> list[tuple[str, Mention]]:
        return list(self.award_forms.items())

    @cached_property
    def award_forms(self) -> dict[str, Mention]:
        return {m.text: m for m in self.mentions if m.type == "Award" and len(m.text) >= 4}

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
# A conferring verb with the conferrer before it (not 被授予, 获颁).
ACTIVE_CONFER = re.compile(r"(?<![被获荣])(?:授予|命名|颁发|颁授)了?")
# 等7人, 7人, 等115名同志 between the last of a list and its verb.
COUNTED = re.compile(r"(?:等)?\s*(?:\d+|[一二三四五六七八九十]+)\s*(?:人|名|位)[\u4e00-\u9fff]{0,4}?\s*")
WINNER_LABEL = re.compile(r"(?:荣誉)?(?:称号)?(?:(?P<group>获奖集体|获奖单位|先进集体)|获得者|获奖者|获奖个人)(?:代表)?\s*[、，,:：]?\s*")
COUNTED_GROUP = re.compile(r"(?:\d+|[一二三四五六七八九十]+)\s*(?:个|名|家|位)?(?:集体|个人|单位|人|企业|班组)")
BYLINE_BEFORE = re.compile(r"(?:记者|通讯员|实习生|摄影|作者)[\s:：]*$")
ROLL_INTRO = re.compile(r"(?:分别为|分别是|名单如下|如下|名单为|名单|他们是)\s*[:：]")
ROLL_BACK = re.compile(r"这(?:\d+|[一二三四五六七八九十]+)(?:名|位|个)|这些|上述")


def _recipients(text: str, named: list[Mention]) -> list[Mention]:
    """Drop names nested in another name and the employer written before a person
    (X公司电焊工尉迟国强获得…: the person is the recipient)."""
    return list(_each_recipient(text, named))


def _each_recipient(text: str, named: list[Mention]) -> Iterator[Mention]:
    """:func:`_recipients` one by one, so that a caller wanting the first checks no more."""
    def nested(m: Mention) -> bool:
        return any(o is not m and o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                   for o in named)

    for mention in named:
        if nested(mention):
            continue
        if mention.type in ORGANISATION_TYPES:
            person = next((p for p in named if p.type == "Person" and p.start >= mention.end and not nested(p)), None)
            if person and re.fullmatch(r"的?[^，,。；;、“”]{0,10}", text[mention.end:person.start]):
                continue
            if _job_follows(text, mention.end):
                continue  # 某公司总酿酒师孙某7人被评为…: the person is the recipient, found or not
        yield mention


def _job_follows(text: str, position: int) -> bool:
    """A job phrase (总酿酒师, 首席技师、高级技师) right after ``position``, then a name-sized word."""
    for length in range(2, MAX_PHRASE + 1):
        phrase = text[position:position + length]
        if not re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
            return False
        if classify(phrase) and re.match(r"[、]|[\u4e00-\u9fff]{2}", text[position + length:position + length + 2]):
            return True
    return False


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
