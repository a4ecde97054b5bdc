"""Relation extraction: holdsPosition, worksFor, receivedAward, organizes, assisted and
locatedIn, from the mentions of one article and the sentences they sit in.

One module per relation family, each a :class:`RelationFamily` over the shared
:class:`ArticleRelations`; they run in the order of ``FAMILIES`` (later ones read the officers
the position rules found). A new relation type is a new family added there.
"""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.calendar import ArticleCalendar
from kg.extract.detect.context import ArticleContext
from kg.extract.relations.assistance import AssistanceRelations
from kg.extract.relations.awards import AwardRelations
from kg.extract.relations.base import ArticleRelations, _title_ending_at
from kg.extract.relations.employment import EmploymentRelations
from kg.extract.relations.locations import LocationRelations
from kg.extract.relations.positions import PositionRelations
from kg.extract.relations.programmes import ProgrammeRelations
from kg.extract.relations.regional import RegionalRelations
from kg.model import ArticleRelation, Mention

FAMILIES = (PositionRelations, RegionalRelations, EmploymentRelations, AwardRelations, ProgrammeRelations,
            AssistanceRelations, LocationRelations)


def extract_relations(context: ArticleContext, mentions: list[Mention],
                      calendar: ArticleCalendar | None = None) -> list[ArticleRelation]:
    article = ArticleRelations(context, mentions, calendar)
    for family in FAMILIES:
        family(article).run()
    return article.unique()


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
