"""When things happened: the year or date an article gives for a position in its text.

A sentence's own dates come first (``2017年10月24日``, ``“五一”期间`` of a stated year,
``今年`` and ``去年`` counted from the article's date); a year is otherwise taken from earlier in
the paragraph, from the headline, or from the article's date line (``发布时间:2018-06-01``,
``2019-04-25 08:29 来源:…``), which is how union news usually dates a whole report.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from kg.extract.dates import DateMention, find_dates, publication_date, stated_years
from kg.extract.detect.context import ArticleContext

YEAR = re.compile(r"((?:19|20)[0-9]{2})年")


class ArticleCalendar:
    def __init__(self, context: ArticleContext):
        self.context = context
        self.text = context.text
        self._sentence_dates = lru_cache(maxsize=None)(self._dates_of_sentence)
        self._sentence_years = lru_cache(maxsize=None)(self._years_of_sentence)

    def year_before(self, position: int) -> int | None:
        """The year stated nearest before ``position`` in its sentence (今年 counted from the
        article's date), else anywhere in the sentence, else the context year, else the last year
        stated earlier in the article."""
        sentence = self.context.sentence_at(position)
        years = self._sentence_years(sentence.start)
        before = [year for offset, year in years if sentence.start + offset < position]
        if before or years:
            return before[-1] if before else years[-1][1]
        year = self.context_year(position)
        if year is None:  # the last year the article stated before (an award of that contest)
            stated = YEAR.findall(self.text, 0, sentence.start)
            year = int(stated[-1]) if stated else None
        return year

    def context_year(self, position: int) -> int | None:
        """The year of the paragraph up to ``position``, else of the headline, else of the date
        line."""
        sentence = self.context.sentence_at(position)
        paragraph_start = self._paragraph_starts.get(sentence.paragraph, sentence.start)
        years = YEAR.findall(self.text, paragraph_start, sentence.start)
        if years:
            return int(years[-1])
        for line in self.context.article.heading_lines[:2]:
            years = YEAR.findall(line)
            if years:
                return int(years[0])
        return self.publication_year

    @cached_property
    def publication_year(self) -> int | None:
        """The year of the article's date line, if it has one."""
        date = publication_date(self.text)
        return date.year if date else None

    def _relative_base(self) -> int | None:
        """The year 今年 means: the article's date, else its headline's year."""
        if self.publication_year is not None:
            return self.publication_year
        for line in self.context.article.heading_lines[:2]:
            years = YEAR.findall(line)
            if years:
                return int(years[0])
        return None

    def date_at(self, position: int) -> str | None:
        """The date the sentence at ``position`` states, nearest before it first:
        ``"2017-10-24"`` when the day is known, ``"2017"`` when only the year is."""
        sentence = self.context.sentence_at(position)
        dates = self._sentence_dates(sentence.start)
        before = [d for d in dates if sentence.start + d.end <= position]
        for mention in (before[::-1] if before else dates):
            value = mention.xsd_date or mention.xsd_gyear
            if value:
                return value
        return None

    @cached_property
    def _paragraph_starts(self) -> dict[int, int]:
        starts: dict[int, int] = {}
        for sentence in self.context.sentences:
            starts.setdefault(sentence.paragraph, sentence.start)
        return starts

    def _dates_of_sentence(self, start: int) -> tuple[DateMention, ...]:
        sentence = self.context.sentence_at(start)
        return tuple(find_dates(self.text[sentence.start:sentence.end], default_year=self.context_year(start)))

    def _years_of_sentence(self, start: int) -> tuple[tuple[int, int], ...]:
        sentence = self.context.sentence_at(start)
        return tuple(stated_years(self.text[sentence.start:sentence.end], self._relative_base()))
