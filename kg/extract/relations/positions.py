"""holdsPosition: an office between an organisation and a person (市总工会主席X, 某公司研发中心副主任X),
offices in a row, a colleague's body (…主席X、副主席Y), a back reference (该公司党委副书记X), a
government office (省长X) of the one government the article names, an office taken after an
election verb."""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.relations.base import (
    ELECTED,
    PARTY,
    TITLES,
    RelationFamily,
    _key,
)
from kg.extract.relations.jobs import MAX_PHRASE, classify, job_chains
from kg.model import ORGANISATION_TYPES, Mention

STUDIO_SUFFIXES = ("工作室",)
STUDIO_LEAD = "领衔人"  # the studio's named lead, as union news calls it
# Offices written right after a name (王建国副主席一行); longest first.
OFFICE_AFTER_NAME = tuple(sorted((t for t in TITLES if len(t) >= 2 and t not in ("委员", "常委")), key=len,
                                 reverse=True))
PHRASE_CONTINUES = re.compile(r"[\u4e00-\u9fff]{0,2}(?:会|团|部|处|室|办|组)")  # 王建国主席团: no office
APPOSITION = re.compile(r"\s*[(（]\s*")


def _pieces(text: str, start: int, end: int):
    """The 、-separated pieces between ``start`` and ``end``, with their offsets."""
    position = start
    for piece in text[start:end].split("、"):
        yield position, piece
        position += len(piece) + 1


SUB_UNIT = re.compile(r"[\u4e00-\u9fff0-9]{0,6}(?:车间|中心|部|处|科|室|班组|班|组|队|工段)")


class PositionRelations(RelationFamily):
    def run(self) -> None:
        text = self.text
        party_named = any(_key(m) == PARTY for m in self.mentions)
        for person in (m for m in self.mentions if m.type == "Person"):
            unplaced: list[str] = []  # offices written with no body before them (Simplified)
            for chain in job_chains(text, person, self.ending_at, self.mentions, self.main_union_mention(person)):
                offices = [(start, end) for kind, start, end in chain.phrases if kind == "office"]
                if not offices:
                    continue
                anchor = chain.anchor
                if anchor is not None and anchor.type == "Person":
                    body = self.office_of.get(anchor.name)
                elif anchor is not None and anchor.type in ORGANISATION_TYPES:
                    body = anchor
                else:
                    body = None
                    unplaced += [text[start:end] for start, end in offices]
                    self.government_offices(person, offices, anchor)
                if body is None:
                    continue
                government = [(start, end) for start, end in offices if text[start:end] in lexicon.GOVERNMENT_OFFICES]
                if government and not body.name.endswith("政府"):
                    # 省委副书记、省长刘宁: the governor's office is in the government, not the committee
                    self.government_offices(person, government, None)
                    offices = [span for span in offices if span not in government]
                body, unit = self.unit_of(body)
                first = chain.phrases[0][1]
                for start, end in offices:
                    # the sub-unit before the first office is part of that office (机加车间副主任)
                    self.add("holdsPosition", _key(person), _key(body), person.start,
                             (unit if start == first else "") + self.written(start, end))
                self.officers.add(person.name)
                if anchor is body:
                    self.office_of.setdefault(person.name, body)
            if party_named and ("总书记" in unplaced or text.startswith("总书记", person.end)):
                self.add("holdsPosition", _key(person), PARTY, person.start, "总书记")
                self.officers.add(person.name)

        self.titles_after_names()
        self.studio_leads()
        self.elections()

    def studio_leads(self) -> None:
        """王建国劳模创新工作室, 王建国技能大师工作室: the person a studio is named after leads it."""
        people = {m.name: m for m in self.mentions if m.type == "Person"}
        for studio in (m for m in self.mentions if m.type == "Organization" and m.name.endswith(STUDIO_SUFFIXES)):
            person = next((p for name, p in people.items() if studio.name.startswith(name)
                           and len(studio.name) > len(name) + 2), None)
            if person is not None:
                self.add("holdsPosition", _key(person), _key(studio), studio.start, STUDIO_LEAD)
                self.officers.add(person.name)

    def titles_after_names(self) -> None:
        """省总工会王建国副主席一行; 王建国（南昌某公司总经理）; 王建国，南昌某公司董事长。: the
        office written after the name, in the body before the name or inside the apposition."""
        text = self.text
        for person in (m for m in self.mentions if m.type == "Person"):
            title = next((t for t in OFFICE_AFTER_NAME if text.startswith(t, person.end)), None)
            body = self.ending_at.get(person.start)
            if title and body is not None and body.type in ORGANISATION_TYPES and \
                    not PHRASE_CONTINUES.match(text, person.end + len(title)):
                self.add("holdsPosition", _key(person), _key(body), person.start,
                         self.written(person.end, person.end + len(title)))
                self.officers.add(person.name)
                continue
            opening = APPOSITION.match(text, person.end)
            if not opening:
                continue
            body = self.starting_at.get(opening.end())
            if body is None or body.type not in ORGANISATION_TYPES:
                continue
            end = body.end
            closing = re.compile(r"[)）]" if opening.group().strip() in ("(", "（") else r"[。；;，,]")
            stop = closing.search(text, end, min(len(text), end + MAX_PHRASE + 1))
            if not stop or text[end:stop.start()] == "":
                continue
            for piece_start, piece in _pieces(text, end, stop.start()):
                found = classify(piece, piece_start)
                if not found:
                    break
                for kind, start, finish in found:
                    if kind == "office":
                        self.add("holdsPosition", _key(person), _key(body), person.start, self.written(start, finish))
                        self.officers.add(person.name)

    def main_union_mention(self, person: Mention) -> Mention | None:
        """A mention of the union the person's section mentions most."""
        key = self.main_union(person.start)
        return next((m for m in self.mentions if _key(m) == key), None) if key else None

    def written(self, start: int, end: int) -> str:
        """The text as the article writes it (Traditional kept)."""
        return self.context.article.original[start:end]

    def unit_of(self, body: Mention) -> tuple[Mention, str]:
        """某公司机加车间副主任: an office in a sub-unit that only a generic word names is an office
        in the company, with the sub-unit in the role."""
        if body.type != "Organization":
            return body, ""
        for part in self.mentions:
            if part.start == body.start and part.end < body.end and part.type in ("Company", "Organization") \
                    and SUB_UNIT.fullmatch(self.text, part.end, body.end):
                return part, self.written(part.end, body.end)
        return body, ""

    def government_offices(self, person: Mention, offices: list[tuple[int, int]], place: Mention | None) -> None:
        """省委副书记、省长刘宁; 济宁市副市长任庆虎: a government office with no body written before
        it belongs to the one government of that level (or of that place) the article names."""
        governments = {m.name: m for m in self.mentions if m.type == "Organization" and m.name.endswith("政府")}
        for start, end in offices:
            level = lexicon.GOVERNMENT_OFFICES.get(self.text[start:end])
            if level is None:
                continue
            if place is not None and place.type == "Place":
                stems = (place.name, place.name.rstrip("省市县区"))
                matching = [m for name, m in governments.items() if name.startswith(stems)]
            else:
                matching = [m for name, m in governments.items()
                            if re.fullmatch(rf"[\u4e00-\u9fff]{{0,8}}{level}(?:人民)?政府", name)]
            if len(matching) == 1:
                self.add("holdsPosition", _key(person), _key(matching[0]), person.start, self.written(start, end))
                self.officers.add(person.name)

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
