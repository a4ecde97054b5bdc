"""locatedIn: an organisation named with a place the article also names, named by its level alone
(市委, 省政府: the article's city or province), written right after a place, or followed by its
address (位于…, 地址:…)."""

from __future__ import annotations

import re

from kg.extract.relations.base import RelationFamily, _key
from kg.model import ORGANISATION_TYPES

LEVEL_PREFIXES = (("自治区", "province"), ("省", "province"), ("市", "city"), ("县", "county"), ("区", "county"))
ADDRESS = re.compile(r"(?:单位地址|通讯地址|办公地址|地址|位于|坐落于|坐落在|地处)\s*[:：]?\s*")


class LocationRelations(RelationFamily):
    def run(self) -> None:
        table = self.context.table
        named_places = {m.name for m in self.mentions if m.type == "Place"}
        seen = set()
        for mention in self.mentions:
            if mention.type not in ORGANISATION_TYPES or _key(mention) in seen:
                continue
            seen.add(_key(mention))
            place = _most_specific_place(mention.name, table, named_places)
            if place is None:
                place = self.home_of_short_form(mention, named_places)
            if place:
                self.add("locatedIn", _key(mention), ("Place", place), mention.start)
        for mention in self.mentions:
            if mention.type in ORGANISATION_TYPES:
                before = self.ending_at.get(mention.start)
                if before and before.type == "Place":
                    self.add("locatedIn", _key(mention), _key(before), mention.start)
        self.addresses()

    def home_of_short_form(self, mention, named_places: set[str]) -> str | None:
        """市委, 市政府, 省人大常委会, 区总工会: a body named by its level alone lies in the
        article's division of that level, where the article names it as a place."""
        level = next((lv for prefix, lv in LEVEL_PREFIXES if mention.text.startswith(prefix)), None)
        if level is None:
            return None
        home = self.context.home(level, mention.start)
        return home.name if home is not None and home.name in named_places else None

    def addresses(self) -> None:
        """某公司位于某区; 主办单位: 某市总工会 单位地址:某省某市某区…: the organisation before the
        address lies in each place the address names."""
        for match in ADDRESS.finditer(self.text):
            line_start = max(self.text.rfind("\n", 0, match.start()), self.context.sentence_at(match.start()).start - 1)
            organisations = [m for m in self.mentions if m.type in ORGANISATION_TYPES
                             and max(line_start, match.start() - 40) <= m.start and m.end <= match.start()]
            if not organisations:
                continue
            organisation = organisations[-1]
            if re.search(r"[，。；,;]", self.text[organisation.end:match.start()]):
                continue
            position = match.end()
            for _ in range(6):  # the places of the address, one after another
                place = self.starting_at.get(position)
                if place is None or place.type != "Place":
                    break
                self.add("locatedIn", _key(organisation), _key(place), place.start)
                position = place.end


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
