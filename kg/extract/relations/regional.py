"""Relations written the Hong Kong, Macau and Taiwan way: legislators named after 议员 (one by one or
in a list) sit in the 立法会 the article names; colleagues listed after one another with
department offices (社工部部长X、社联部部长Y) hold them in the same body, the body's short form
dropped from the role; a union office with no body before it (新任理事长X) is held in the
section's union; 立法委员 is an office in 立法院 only; 县长 and 副县长 in the one county government (县府) the article names; bodies
stationed in a region (驻港…, 特区政府) lie in it."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract import lexicon
from kg.extract.relations.base import RelationFamily, _key
from kg.model import ORGANISATION_TYPES, Mention
from kg.read.script import to_simplified

LEGISLATOR = re.compile(r"(?<![县市区乡镇])议员(?:[(（][^()（）\n]{0,8}[)）])?$")
LIST_LINK = re.compile(r"^(?:、|和|及|与)$")
DEPARTMENT_OFFICE = re.compile(r"(?:(?![和及与、])[\u4e00-\u9fff]){1,4}(?:部|处|局|司|科)副?(?:部长|处长|局长|司长|科长|主任)$")
UNION_OFFICE = re.compile(r"(?:^|[，,。；;、\s（(])(?:新任|卸任|前任|现任|时任)?((?:荣誉|永远荣誉)?(?:副)?(?:理事长|会长)|总干事|副总干事)$")
COUNTY_HEAD = re.compile(r"(副?)县长$")
STATIONED = (("驻香港", "香港"), ("驻港", "香港"), ("驻澳门", "澳门"), ("驻澳", "澳门"))
REGIONS = ("香港", "澳门")
MAX_LIST = 12


class RegionalRelations(RelationFamily):
    def run(self) -> None:
        self.people = sorted((m for m in self.mentions if m.type == "Person"), key=lambda m: m.start)
        self.legislators()
        self.department_colleagues()
        self.short_form_roles()
        self.union_offices_alone()
        self.county_heads()
        self.chief_executives()
        self.stationed_bodies()
        self.legislators_alone()
        self.county_bodies()

    def _held(self, person: Mention) -> list:
        return [r for r in self.article.relations if r.type == "holdsPosition" and r.subject == _key(person)]

    def _list_before(self, person: Mention) -> list[Mention]:
        """The people listed right before ``person`` (甲、乙及丙: for 丙, 乙 then 甲)."""
        chain = []
        current = person
        for _ in range(MAX_LIST):
            previous = next((m for m in reversed(self.people) if m.end <= current.start - 1
                             and current.start - m.end <= 1), None)
            if previous is None or not LIST_LINK.match(self.text[previous.end:current.start]):
                break
            chain.append(previous)
            current = previous
        return chain

    def legislators(self) -> None:
        """直选议员X; 工联四名议员甲、乙、丙及丁: members of the 立法会 the article names."""
        legislature = next((m for m in self.mentions if m.type == "Organization" and m.name == "立法会"), None)
        if legislature is None:
            return
        for person in self.people:
            head = ([person] + self._list_before(person))[-1]
            before = self.text[max(0, head.start - 12):head.start]
            match = LEGISLATOR.search(before)
            if match:
                at = head.start - len(before) + match.start()
                self.add("holdsPosition", _key(person), _key(legislature), person.start,
                         self.context.article.original[at:at + 2])
                self.officers.add(person.name)

    def department_colleagues(self) -> None:
        """中联办社工部部长甲、社联部部长乙和行财部副部长丙: an office in a department of the body
        the colleague before holds one in."""
        for person in self.people:
            if self._held(person):
                continue
            office = DEPARTMENT_OFFICE.search(self.text, max(0, person.start - 10), person.start)
            if not office or office.end() != person.start:
                continue
            link_at = office.start() - 1
            if link_at < 0 or self.text[link_at] not in "、和及":
                continue
            colleague = next((m for m in self.people if m.end == link_at), None)
            held = self._held(colleague) if colleague else []
            if not held:
                continue
            self.add("holdsPosition", _key(person), held[-1].object, person.start,
                     self.context.article.original[office.start():office.end()])
            self.officers.add(person.name)

    def short_form_roles(self) -> None:
        """A role that starts with the body's short form (中联办社工部部长 in 中央驻港联络办公室): the
        short form is the body, not part of the office."""
        relations = self.article.relations
        for number, relation in enumerate(relations):
            if relation.type != "holdsPosition" or not relation.role:
                continue
            role, body = relation.role, relation.object[1]
            for length in (3, 2):
                short = to_simplified(role[:length])
                if len(role) > length + 2 and short[-1] in "办会" and _abbreviates(short, body):
                    relations[number] = replace(relation, role=role[length:])
                    break

    def union_offices_alone(self) -> None:
        """新任理事长X, 卸任理事长Y: a union office with no body before it, in the section's union."""
        for person in self.people:
            if self._held(person):
                continue
            office = UNION_OFFICE.search(self.text, max(0, person.start - 10), person.start)
            if not office:
                continue
            union = self.main_union(person.start)
            if union is None:
                continue
            role = self.context.article.original[office.start(1):office.end(1)]
            self.add("holdsPosition", _key(person), union, person.start, role)
            self.officers.add(person.name)

    def county_heads(self) -> None:
        """县长X, 苗栗县副县长Y: the office in the one county government (县府) the article names."""
        places = [m.name for m in self.mentions if m.type == "Place"]
        governments = {m.name for m in self.mentions if m.type == "Organization" and m.name.endswith("县府")
                       and (m.name == "县府" or any(place.startswith(m.name[:-2]) for place in places))}
        if len(governments) > 1:
            governments.discard("县府")  # 苗县府 and then 县府: the same government, its short form
        if len(governments) != 1:
            return
        government = ("Organization", governments.pop())
        for person in self.people:
            if self._held(person):
                continue
            office = COUNTY_HEAD.search(self.text, max(0, person.start - 4), person.start)
            if office and office.end() == person.start:
                self.add("holdsPosition", _key(person), government, person.start,
                         self.context.article.original[office.start():office.end()])
                self.officers.add(person.name)

    def chief_executives(self) -> None:
        """(澳门特区)行政长官X: the head of the 特区政府 the article names."""
        government = next((m for m in self.mentions if m.type == "Organization"
                           and m.name in ("特区政府", "特别行政区政府")), None)
        if government is None:
            return
        for person in self.people:
            for title in ("行政长官", "特首"):
                if self.text.startswith(title, person.start - len(title)):
                    at = person.start - len(title)
                    self.add("holdsPosition", _key(person), _key(government), person.start,
                             self.context.article.original[at:person.start])
                    self.officers.add(person.name)

    def county_bodies(self) -> None:
        """县府, 苗县府, 本县总工会: a county's bodies by its short form lie in the county the article
        is about (a county of Taiwan ranks as a city in the division table)."""
        named = {m.name for m in self.mentions if m.type == "Place"}
        for mention in self.mentions:
            if mention.type not in ORGANISATION_TYPES:
                continue
            stem = mention.name[:-2] if mention.name.endswith("县府") else None
            if mention.name.startswith("本县"):
                stem = ""
            if stem is None or len(stem) > 1:
                continue
            home = self.context.home("city", mention.start)
            if home is not None and home.name.endswith("县") and home.name.startswith(stem) and home.name in named:
                self.add("locatedIn", _key(mention), ("Place", home.name), mention.start)

    def legislators_alone(self) -> None:
        """经济部司长甲、立法委员乙: 立法委员 names no body of the ones before it; only 立法院 is theirs."""
        self.article.relations[:] = [
            r for r in self.article.relations
            if not (r.type == "holdsPosition" and r.role and to_simplified(r.role) in lexicon.LEGISLATOR_TITLES_ALONE
                    and r.object[1] != "立法院")]

    def stationed_bodies(self) -> None:
        """驻港国安公署 lies in 香港; 特区政府 in the one region the article names."""
        named = {m.name for m in self.mentions if m.type == "Place"}
        regions = [region for region in REGIONS if region in named]
        for mention in self.mentions:
            if mention.type not in ORGANISATION_TYPES:
                continue
            place = next((region for marker, region in STATIONED if marker in mention.name), None)
            if place is None and mention.name in ("特区政府", "特别行政区政府") and len(regions) == 1:
                place = regions[0]
            if place in named:
                self.add("locatedIn", _key(mention), ("Place", place), mention.start)


def _abbreviates(short: str, name: str) -> bool:
    """中联办 abbreviates 中央驻港联络办公室: its characters appear in order in the name."""
    if len(name) <= len(short) or name.startswith(short):
        return False
    position = 0
    for char in short:
        position = name.find(char, position)
        if position < 0:
            return False
        position += 1
    return True
