"""Relation extraction: holdsPosition, worksFor, receivedAward, organizes, assisted and
locatedIn, from the mentions of one article and the sentences they sit in."""

from __future__ import annotations

import re
from collections import Counter

from . import lexicon
from .calendar import ArticleCalendar
from .detect.context import ArticleContext
from .model import ORGANISATION_TYPES, ArticleRelation, Mention

TITLES = sorted(lexicon.POSITION_TITLES, key=len, reverse=True)
OCCUPATIONS = sorted(lexicon.OCCUPATIONS, key=len, reverse=True)
AWARD_TRIGGER = re.compile("|".join(map(re.escape, sorted(lexicon.AWARD_TRIGGERS, key=len, reverse=True))))
ORGANIZE_VERB = re.compile(r"主办|承办|举办|开展|实施|推出|组织|启动|建设|建成|打造|发起|联合|牵头|创办|设立|推动|"
                           r"通过|推进|搭建|开通|开设|上线|创建|擦亮|深化|举行|探索|评选")
PHOTO_CREDIT = re.compile(r"/摄| ?摄")
ONE_OF = re.compile(r"的?一(?:名|位|个)")
ASSIST_VERB = re.compile(r"慰问|帮助|援助|救助|资助|看望|走访|帮扶|求助|伸出援助|提供|送去|接过|讨回|为.{0,6}申请")
ELECTED = re.compile(r"(?:当选为|当选|担任|出任|任)")
VISIT_VERB = re.compile(r"来到|走进|深入|前往|走访|到")
GREET_VERB = re.compile(r"慰问|看望|探望|采访")
OCCUPATION_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:" + "|".join(map(re.escape, OCCUPATIONS)) + ")")
BYLINE = re.compile("(?:" + "|".join(map(re.escape, sorted(lexicon.BYLINE_WORDS, key=len, reverse=True))) + r") ?$")
PARTY = ("Organization", "中国共产党")


ANY_OCCUPATION = re.compile("|".join(OCCUPATIONS))

def _key(mention: Mention) -> tuple[str, str]:
    return (mention.type, mention.name)


def _title_ending_at(text: str, end: int) -> str | None:
    for title in TITLES:
        if text.startswith(title, end - len(title)) and end - len(title) >= 0:
            return title
    return None


class RelationExtractor:
    def __init__(self, context: ArticleContext, mentions: list[Mention], calendar: ArticleCalendar | None = None):
        self.context = context
        self.text = context.text
        self.mentions = mentions
        self.ending_at = {m.end: m for m in mentions}
        self.starting_at = {m.start: m for m in mentions}
        self.relations: list[ArticleRelation] = []
        self.officers: set[tuple[str, str]] = set()
        self.office_of: dict[str, Mention] = {}
        self.calendar = calendar or ArticleCalendar(context)
        self.main_unions = main_unions(context, mentions)

    def evidence(self, position: int) -> str:
        return self.context.sentence_at(position).evidence(self.context.article)

    def add(self, kind: str, subject: tuple[str, str], obj: tuple[str, str], position: int,
            role: str | None = None, year: int | None = None) -> None:
        if subject == obj:
            return
        date = None if kind == "locatedIn" else self.calendar.date_at(position)  # where is not an event
        self.relations.append(ArticleRelation(kind, subject, obj, self.evidence(position), role, year, date))

    def run(self) -> list[ArticleRelation]:
        self.positions()
        self.employment()
        self.awards()
        self.programmes()
        self.assistance()
        self.locations()
        unique = {}
        for relation in self.relations:
            unique.setdefault((relation.type, relation.subject, relation.object, relation.role), relation)
        return list(unique.values())

    # holdsPosition -------------------------------------------------------------------------
    def positions(self) -> None:
        text = self.text
        for person in (m for m in self.mentions if m.type == "Person"):
            position = person.start - (1 if text[person.start - 1:person.start] == " " else 0)
            pending: list[str] = []
            while True:
                title = _title_ending_at(text, position)
                if title:
                    pending.append(title)
                    position -= len(title)
                    if text[position - 1:position] == "、" and _title_ending_at(text, position - 1):
                        position -= 1
                        continue
                organisation = self.ending_at.get(position)
                colleague = self.ending_at.get(position - 1) if text[position - 1:position] == "、" else None
                if pending and colleague and colleague.type == "Person" and colleague.name in self.office_of:
                    # 市总工会主席上官丽华、副主席邢建国: the same body as the colleague before
                    organisation = self.office_of[colleague.name]
                    for role in pending:
                        self.add("holdsPosition", _key(person), _key(organisation), person.start, role)
                        self.officers.add(person.name)
                    pending = []
                    break
                if organisation and organisation.type in ORGANISATION_TYPES and pending:
                    for role in pending:
                        self.add("holdsPosition", _key(person), _key(organisation), person.start, role)
                        self.officers.add(person.name)
                    self.office_of.setdefault(person.name, organisation)
                    pending = []
                    position = organisation.start
                    if text[position - 1:position] == "、":
                        position -= 1
                        continue
                break
            party_named = any(_key(m) == PARTY for m in self.mentions)
            if party_named and ("总书记" in pending or text.startswith("总书记", person.end)):
                self.add("holdsPosition", _key(person), PARTY, person.start, "总书记")
                self.officers.add(person.name)

        self.elections()

    def elections(self) -> None:
        """夏侯振宇当选为公司工会主席，马玉梅当选为副主席: office after an election verb; a
        title alone keeps the body of the election before it in the sentence."""
        text = self.text
        last: dict[int, Mention] = {}
        for person in (m for m in self.mentions if m.type == "Person"):
            verb = ELECTED.match(text, person.end)
            if not verb:
                continue
            sentence = self.context.sentence_at(person.start).index
            organisation = self.starting_at.get(verb.end())
            position = verb.end()
            if organisation and organisation.type in ORGANISATION_TYPES:
                position = organisation.end
                last[sentence] = organisation
            else:
                organisation = last.get(sentence)
            title = next((t for t in TITLES if text.startswith(t, position)), None)
            if organisation and title:
                self.add("holdsPosition", _key(person), _key(organisation), person.start, title)
                self.officers.add(person.name)

    # worksFor ------------------------------------------------------------------------------
    def employment(self) -> None:
        text = self.text
        for person in (m for m in self.mentions if m.type == "Person"):
            if text.startswith("是", person.end):
                organisation = self.starting_at.get(person.end + 1)
                if organisation and organisation.type in ORGANISATION_TYPES and \
                        ANY_OCCUPATION.search(text[organisation.end:organisation.end + 14]):
                    self.add("worksFor", _key(person), _key(organisation), person.start)
            before = person.start
            occupation = next((o for o in OCCUPATIONS if text.startswith(o, before - len(o))), None)
            if occupation:
                before -= len(occupation)
            organisation = self.ending_at.get(before)
            if organisation and organisation.type in ORGANISATION_TYPES and person.name not in self.officers \
                    and not _title_ending_at(text, person.start):
                self.add("worksFor", _key(person), _key(organisation), person.start)
                if organisation.type == "Organization":
                    for part in self.mentions:
                        if part.type == "Company" and part.start == organisation.start and part.end < organisation.end:
                            self.add("worksFor", _key(person), _key(part), person.start)

        self.visits()
        self.described_employment()

    def described_employment(self) -> None:
        """冯海洋，从事出租车服务已有17年，是爱商一名售货员: the sentence's person works there."""
        for match in re.finditer(r"是(?=[\u4e00-\u9fff])", self.text):
            organisation = self.starting_at.get(match.end())
            if not organisation or organisation.type not in ("Company", "Organization"):
                continue
            if not ONE_OF.match(self.text, organisation.end) or \
                    not OCCUPATION_AFTER.match(self.text, organisation.end + (3 if self.text[organisation.end] == "的" else 2)):
                continue
            sentence = self.context.sentence_at(match.start())
            people = [m for m in self.mentions if m.type == "Person" and sentence.start <= m.start < match.start()]
            if people and people[-1].name not in self.officers:
                self.add("worksFor", _key(people[-1]), _key(organisation), people[-1].start)

    def visits(self) -> None:
        """来到X公司，慰问出租车司机Y: the person visited at a workplace works there."""
        for sentence in self.context.sentences:
            for visit in VISIT_VERB.finditer(self.text, sentence.start, sentence.end):
                place = self.starting_at.get(visit.end())
                if not place or place.type not in ("Company", "Organization"):
                    continue
                for greet in GREET_VERB.finditer(self.text, place.end, sentence.end):
                    occupation = OCCUPATION_AFTER.match(self.text, greet.end())
                    if occupation is None:
                        continue
                    person = self.starting_at.get(occupation.end())
                    if person and person.type == "Person" and person.name not in self.officers:
                        self.add("worksFor", _key(person), _key(place), person.start)

    # receivedAward -------------------------------------------------------------------------
    def awards(self) -> None:
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

    def year_before(self, position: int) -> int | None:
        return self.calendar.year_before(position)

    # organizes -----------------------------------------------------------------------------
    def main_union(self, position: int) -> tuple[str, str] | None:
        return self.main_unions(self.context.sentence_at(position).section)

    def programmes(self) -> None:
        for programme in (m for m in self.mentions if m.type == "Programme"):
            sentence = self.context.sentence_at(programme.start)
            organisers = [m for m in self.mentions if sentence.start <= m.start < programme.start
                          and m.type in ORGANISATION_TYPES]
            explicit = []
            for organiser in organisers:
                between = self.text[organiser.end:programme.start]
                if ORGANIZE_VERB.search(between) and not re.search(r"[。；]", between):
                    explicit.append(organiser)
            adjacent = self.ending_at.get(programme.start)
            if adjacent and adjacent.type in ORGANISATION_TYPES and adjacent not in explicit:
                explicit.append(adjacent)
            for match in re.finditer(r"(?:联合|与|和)", self.text[sentence.start:programme.start]):
                partner = self.starting_at.get(sentence.start + match.end())
                if partner and partner.type in ORGANISATION_TYPES and partner not in explicit:
                    explicit.append(partner)
            main = self.main_union(programme.start)
            if explicit:
                for organiser in explicit:
                    self.add("organizes", _key(organiser), _key(programme), programme.start)
                if main and any(re.match(r"联合", self.text[o.start - 2:o.start]) for o in explicit):
                    self.add("organizes", main, _key(programme), programme.start)
                continue
            others = [m for m in self.mentions if sentence.start <= m.start < sentence.end
                      and m.type in ORGANISATION_TYPES and _key(m) != main]
            nationwide = programme.name.startswith(("全国", "中国"))
            if main and not others and not nationwide:
                self.add("organizes", main, _key(programme), programme.start)

    # assisted ------------------------------------------------------------------------------
    def assistance(self) -> None:
        for sentence in self.context.sentences:
            text = self.text[sentence.start:sentence.end]
            if not ASSIST_VERB.search(text):
                continue
            inside = [m for m in self.mentions if sentence.start <= m.start < sentence.end]
            people = [m for m in inside if m.type == "Person" and m.name not in self.officers]
            if not people:
                continue
            helpers = [m for m in inside if m.type == "Union"]
            if not helpers and re.search(r"工会", text):
                main = self.main_union(sentence.start)
                helpers_keys = [main] if main else []
            else:
                helpers_keys = list(dict.fromkeys(_key(m) for m in helpers))
            for person in people:
                if self.text.startswith(person.name, person.start) and \
                        PHOTO_CREDIT.match(self.text, person.start + len(person.name)):
                    continue
                if BYLINE.search(self.text, max(0, person.start - 6), person.start):
                    continue
                for helper in helpers_keys:
                    self.add("assisted", helper, _key(person), person.start)

    # locatedIn -----------------------------------------------------------------------------
    def locations(self) -> None:
        table = self.context.table
        named_places = {m.name for m in self.mentions if m.type == "Place"}
        seen = set()
        for mention in self.mentions:
            if mention.type not in ORGANISATION_TYPES or _key(mention) in seen:
                continue
            seen.add(_key(mention))
            place = _most_specific_place(mention.name, table, named_places)
            if place:
                self.add("locatedIn", _key(mention), ("Place", place), mention.start)
        for mention in self.mentions:
            if mention.type in ORGANISATION_TYPES:
                before = self.ending_at.get(mention.start)
                if before and before.type == "Place":
                    self.add("locatedIn", _key(mention), _key(before), mention.start)


def _most_specific_place(name: str, table, named_places: set[str]) -> str | None:
    """The most specific division in an organisation's name that the article also names as a place."""
    best = None
    rank = {"province": 0, "city": 1, "county": 2}
    for length in range(min(len(name), 12), 1, -1):
        for start in range(0, len(name) - length + 1):
            form = name[start:start + length]
            divisions = table.lookup(form)
            if divisions and divisions[0].name in named_places:
                division = divisions[0]
                if best is None or rank[division.level] > rank[best.level]:
                    best = division
    if best is None:
        return None
    return best.name


RECIPIENT_TYPES = ORGANISATION_TYPES + ("Person",)
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


def main_unions(context: ArticleContext, mentions: list[Mention]):
    """A function from a section number to the union the section mentions most (the article's
    when the section names none): the default organiser and helper of that section."""
    per_section: dict[int, Counter] = {}
    overall: Counter = Counter()
    for mention in mentions:
        if mention.type == "Union":
            section = context.sentence_at(mention.start).section
            per_section.setdefault(section, Counter())[mention.name] += 1
            overall[mention.name] += 1

    def main(section: int) -> tuple[str, str] | None:
        counts = per_section.get(section) or overall
        if not counts:
            return None
        return ("Union", max(counts, key=lambda name: (counts[name], -len(name))))
    return main


def extract_relations(context: ArticleContext, mentions: list[Mention],
                      calendar: ArticleCalendar | None = None) -> list[ArticleRelation]:
    return RelationExtractor(context, mentions, calendar).run()


NATIONAL_OFFICE = re.compile("|".join(map(re.escape, sorted(lexicon.NATIONAL_OFFICES, key=len, reverse=True))))


def national_offices(context: ArticleContext, mentions: list[Mention]) -> dict[str, set[str]]:
    """习近平总书记, 国家主席习近平: the national offices written right next to a person's name."""
    offices: dict[str, set[str]] = {}
    text = context.text
    for person in (m for m in mentions if m.type == "Person"):
        after = NATIONAL_OFFICE.match(text, person.end)
        before = _title_ending_at(text, person.start)
        for office in ([after.group()] if after else []) + ([before] if before in lexicon.NATIONAL_OFFICES else []):
            offices.setdefault(person.name, set()).add(office)
        if text.startswith("新时代中国特色社会主义思想", person.end):  # the thought named after the 总书记
            offices.setdefault(person.name, set()).add("总书记")
    return offices
