"""locatedIn: an organisation named with a place the article also names, or written right after
a place."""

from __future__ import annotations

from kg.extract.relations.base import RelationFamily, _key
from kg.model import ORGANISATION_TYPES


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
