"""holdsPosition: a title between an organisation and a person (市总工会主席X), titles in a
row, a colleague's body (…主席X、副主席Y), an office taken after an election verb."""

from __future__ import annotations

from kg.extract.relations.base import (
    ELECTED,
    PARTY,
    TITLES,
    RelationFamily,
    _key,
    _title_ending_at,
)
from kg.model import ORGANISATION_TYPES, Mention


class PositionRelations(RelationFamily):
    def run(self) -> None:
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
