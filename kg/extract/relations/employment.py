"""worksFor: an employer before a person and an occupation, 是…的一名司机, and the worker
greeted at a visited workplace."""

from __future__ import annotations

import re

from kg.extract.relations.base import (
    ANY_OCCUPATION,
    GREET_VERB,
    OCCUPATION_AFTER,
    OCCUPATIONS,
    ONE_OF,
    VISIT_VERB,
    RelationFamily,
    _key,
    _title_ending_at,
)
from kg.model import ORGANISATION_TYPES


class EmploymentRelations(RelationFamily):
    def run(self) -> None:
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
