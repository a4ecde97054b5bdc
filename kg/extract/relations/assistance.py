"""assisted: the union in a sentence with an assisting verb helped the people there (not its
officers, bylines or photo credits); with no union named, the section's union where the sentence
speaks of a union or of aid (慰问金, 慰问组)."""

from __future__ import annotations

import re

from kg.extract.relations.base import (
    ASSIST_VERB,
    BYLINE,
    PHOTO_CREDIT,
    RelationFamily,
    _key,
)

CARE_WORDS = re.compile(r"慰问金|慰问品|慰问组|帮扶金|救助金|助学金")


class AssistanceRelations(RelationFamily):
    def run(self) -> None:
        for sentence in self.context.sentences:
            text = self.text[sentence.start:sentence.end]
            if not ASSIST_VERB.search(text):
                continue
            inside = self.starting_in(sentence.start, sentence.end)
            people = [m for m in inside if m.type == "Person" and m.name not in self.officers]
            if not people:
                continue
            helpers = [m for m in inside if m.type == "Union"]
            if not helpers and (re.search(r"工会", text) or CARE_WORDS.search(text)):
                # 慰问组为困难职工代表某某发放慰问金: the visit of the section's union
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
