"""What every relation family shares: the article, its mentions by position, the relations found
so far (with the officers they name), and the patterns and helpers the families use."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from itertools import islice

from kg.extract import lexicon
from kg.extract.calendar import ArticleCalendar
from kg.extract.detect.context import ArticleContext
from kg.extract.text import occurrences
from kg.model import ORGANISATION_TYPES, ArticleRelation, Mention

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


RECIPIENT_TYPES = ORGANISATION_TYPES + ("Person",)


class MentionIndex:
    """An article's mentions by where they start, for the mentions of a span without a scan."""

    def __init__(self, mentions: list[Mention]):
        self._by_start = sorted(mentions, key=lambda m: m.start)  # stable: equal starts keep their order
        self._starts = [m.start for m in self._by_start]
        self.longest = max((m.end - m.start for m in mentions), default=0)

    def starting_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in ``[start, end)``, in order."""
        return self._by_start[bisect.bisect_left(self._starts, start):bisect.bisect_left(self._starts, end)]

    def covering(self, position: int) -> list[Mention]:
        """The mentions whose span holds ``position``."""
        return [m for m in self.starting_in(position - self.longest, position + 1) if m.start <= position < m.end]


class ArticleRelations:
    """One article's mentions indexed by position, and the relations found in it so far."""

    def __init__(self, context: ArticleContext, mentions: list[Mention], calendar: ArticleCalendar | None = None):
        self.context = context
        self.text = context.text
        self.mentions = mentions
        self.ending_at = {m.end: m for m in mentions}
        self.starting_in = MentionIndex(mentions).starting_in
        self.starting_at = {m.start: m for m in mentions}
        self.relations: list[ArticleRelation] = []
        self.officers: set[str] = set()  # people found holding an office: no employee, no one assisted
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
        if role and self.context.article.conversion is not None:
            role = self._role_as_written(role, position)
        self.relations.append(ArticleRelation(kind, subject, obj, self.evidence(position), role, year, date))

    def _role_as_written(self, role: str, position: int) -> str:
        """A Traditional-script article's role as it writes it (會長, not 会长): the title's
        occurrence in the sentence nearest to ``position``."""
        sentence = self.context.sentence_at(position)
        found = list(islice(occurrences(self.text, role, sentence.start, sentence.end, overlapping=True), 64))
        if not found:
            return role
        at = min(found, key=lambda offset: abs(offset - position))
        return self.context.article.conversion.as_written(role, at, at + len(role))

    def year_before(self, position: int) -> int | None:
        return self.calendar.year_before(position)

    def main_union(self, position: int) -> tuple[str, str] | None:
        """The union the sentence's section mentions most: the default organiser and helper."""
        return self.main_unions(self.context.sentence_at(position).section)

    def unique(self) -> list[ArticleRelation]:
        """The relations found, each (type, subject, object, role) once, in the order first found."""
        unique = {}
        for relation in self.relations:
            unique.setdefault((relation.type, relation.subject, relation.object, relation.role), relation)
        return list(unique.values())


class RelationFamily:
    """One family of relation rules over an article; subclasses implement ``run``."""

    def __init__(self, article: ArticleRelations):
        self.article = article
        self.context, self.text, self.mentions = article.context, article.text, article.mentions
        self.ending_at, self.starting_at = article.ending_at, article.starting_at
        self.officers, self.office_of = article.officers, article.office_of
        self.add, self.evidence = article.add, article.evidence
        self.year_before, self.main_union = article.year_before, article.main_union
        self.starting_in = article.starting_in

    def run(self) -> None:
        raise NotImplementedError


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
