"""Statistics as observations: 会员609204人, 建立工会组织5397家, 筹集934万元 become an
:class:`ArticleObservation` about the organisation the sentence reports on (the nearest
organisation named before the number in its sentence, else the section's main union), with
the sentence's date (else the year its paragraph or headline reports on) and the sentence as
evidence."""

from __future__ import annotations

import re

from kg.extract.calendar import ArticleCalendar
from kg.extract.detect.context import ArticleContext
from kg.extract.quantities import find_quantities
from kg.extract.relations.base import MentionIndex, main_unions
from kg.model import ORGANISATION_TYPES, ArticleObservation, Mention

PARTNER = re.compile(r"(?:与|和|同|联合)$")


def extract_observations(context: ArticleContext, mentions: list[Mention],
                         calendar: ArticleCalendar | None = None) -> list[ArticleObservation]:
    calendar = calendar or ArticleCalendar(context)
    main_union = main_unions(context, mentions)
    index = MentionIndex(mentions)
    found = []
    for sentence in context.sentences:
        inside = index.starting_in(sentence.start, sentence.end)
        named = [m for m in inside if m.type != "Place"]
        if named and named[0].type == "Person":
            continue  # 韩海珍是…的一名职工，月收入1500元: about a person, not an organisation
        quantities = find_quantities(context.text[sentence.start:sentence.end])
        if not quantities:
            continue
        evidence = sentence.evidence(context.article)
        for quantity in quantities:
            position = sentence.start + quantity.start
            if index.covering(position):
                continue  # a number inside a name: 8万吨安装团队
            before = [m for m in inside if m.type in ORGANISATION_TYPES and m.end <= position
                      and not PARTNER.search(context.text, max(0, m.start - 2), m.start)]
            subject = (before[-1].type, before[-1].name) if before else main_union(sentence.section)
            if subject is None:
                continue
            value = format(quantity.value.normalize(), "f")
            year = calendar.context_year(position)
            date = calendar.date_at(position) or (f"{year:04d}" if year else None)
            found.append(ArticleObservation(subject, quantity.measure, value, quantity.unit, evidence, date))
    return found
