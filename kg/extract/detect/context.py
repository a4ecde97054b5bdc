"""The analysed article every detector reads: text, sentences, tokens and the places in play."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kg.extract.admin import AdminTable, Division, admin_table
from kg.extract.text import ArticleText, Sentence, analyse_text
from kg.extract.tokenize import Token, tokenize
from kg.model import Document

AMBIGUOUS_SHORT_FORMS = {"安康", "中山", "北海", "白山", "黄山", "吉林", "开封", "通化", "永州", "平凉"}


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int
    form: str
    division: Division


@dataclass
class ArticleContext:
    article: ArticleText
    tokens: list[Token]
    places: list[PlaceHit]
    table: AdminTable
    token_starts: list[int] = field(default_factory=list)
    _indexed: list[PlaceHit] | None = field(default=None, repr=False, compare=False)
    _ordered: list[PlaceHit] = field(default_factory=list, repr=False, compare=False)
    _place_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    @property
    def document(self) -> Document:
        return self.article.document

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def sentences(self) -> list[Sentence]:
        return self.article.sentences

    def sentence_at(self, position: int) -> Sentence:
        index = max(0, bisect.bisect_right(self._sentence_starts, position) - 1)
        return self.sentences[index]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def token_index_at(self, position: int) -> int:
        """Index of the token that covers ``position`` (or starts right after it)."""
        index = bisect.bisect_right(self.token_starts, position) - 1
        return max(index, 0)

    def tokens_overlapping(self, start: int, end: int) -> list[Token]:
        """The tokens that share a character with ``[start, end)``, in order."""
        tokens = self.tokens
        index = self.token_index_at(start)
        found = []
        while index < len(tokens) and tokens[index].start < end:
            if tokens[index].end > start:
                found.append(tokens[index])
            index += 1
        return found

    def is_token_start(self, position: int) -> bool:
        index = bisect.bisect_left(self.token_starts, position)
        return index < len(self.token_starts) and self.token_starts[index] == position

    def places_in(self, start: int, end: int) -> list[PlaceHit]:
        places = self.places
        if self._indexed is not places:  # the places in start order, indexed once per list
            self._indexed, self._ordered = places, sorted(places, key=lambda hit: hit.start)
            self._place_starts = [hit.start for hit in self._ordered]
        first, last = bisect.bisect_left(self._place_starts, start), bisect.bisect_left(self._place_starts, end)
        return [hit for hit in self._ordered[first:last] if hit.end <= end]

    def home(self, level: str, position: int) -> Division | None:
        """The division of ``level`` this part of the article is about (市 → its city)."""
        section = self.sentence_at(position).section
        home = self._homes.get((section, level)) or self._homes.get((-1, level))
        if home is None and level == "city":
            # 北京、天津、上海、重庆: the municipality is its own city (市总工会 → 天津市总工会)
            province = self._homes.get((section, "province")) or self._homes.get((-1, "province"))
            if province is not None and province.name.endswith("市"):
                return province
        return home

    @cached_property
    def _homes(self) -> dict[tuple[int, str], Division]:
        homes: dict[tuple[int, str], Division] = {}
        by_section: dict[int, list[PlaceHit]] = {}
        for hit in self.places:
            by_section.setdefault(self.sentence_at(hit.start).section, []).append(hit)
        by_section[-1] = list(self.places)
        for section, hits in by_section.items():
            for level in ("county", "city", "province"):
                counts = Counter(hit.division.code for hit in hits if hit.division.level == level)
                if counts:
                    first = {hit.division.code: i for i, hit in reversed(list(enumerate(hits)))}
                    code = min(counts, key=lambda c: (-counts[c], first[c]))
                    homes[(section, level)] = self.table.by_code[code]
            for lower, upper in (("county", "city"), ("county", "province"), ("city", "province")):
                if (section, upper) not in homes and (section, lower) in homes:
                    parent = self.table.parent(homes[(section, lower)], upper)
                    if parent is not None:
                        homes[(section, upper)] = parent
        return homes


def find_places(text: str, table: AdminTable) -> list[PlaceHit]:
    """Every full or short administrative name, longest match first, left to right."""
    longest_at: dict[int, str] = {}
    for end, form in _place_automaton(table).iter(text):
        start = end - len(form) + 1
        if len(form) > len(longest_at.get(start, "")):
            longest_at[start] = form
    hits: list[PlaceHit] = []
    covered = 0
    for start in sorted(longest_at):
        if start >= covered:
            form = longest_at[start]
            hits.append(PlaceHit(start, start + len(form), form, table.lookup(form)[0]))
            covered = start + len(form)
    return _prefer_consistent(hits, table)


@lru_cache(maxsize=1)
def _place_automaton(table: AdminTable):
    return table.automaton(frozenset(AMBIGUOUS_SHORT_FORMS))


def _prefer_consistent(hits: list[PlaceHit], table: AdminTable) -> list[PlaceHit]:
    """Where a name has several divisions (海南: province or prefecture), pick the one the
    article's other places agree with."""
    provinces = {hit.division.code[:2] for hit in hits if len(table.lookup(hit.form)) == 1}
    resolved = []
    for hit in hits:
        choices = table.lookup(hit.form)
        if len(choices) > 1:
            agreeing = [d for d in choices if d.code[:2] in provinces]
            hit = PlaceHit(hit.start, hit.end, hit.form, (agreeing or choices)[0])
        resolved.append(hit)
    return resolved


def analyse(document: Document) -> ArticleContext:
    article = analyse_text(document)
    tokens: list[Token] = []
    for sentence in article.sentences:
        tokens.extend(tokenize(sentence.text(article), sentence.start))
    table = admin_table()
    places = find_places(article.text, table)
    context = ArticleContext(article, tokens, places, table)
    context.token_starts = [t.start for t in tokens]
    context.places = sorted(places + county_short_forms(context), key=lambda hit: hit.start)
    return context


@lru_cache(maxsize=1)
def _county_short_forms(table: AdminTable) -> dict[str, list[Division]]:
    forms: dict[str, list[Division]] = {}
    for division in table.by_code.values():
        short = division.short_name
        if division.level == "county" and short and not table.lookup(short) and short not in AMBIGUOUS_SHORT_FORMS:
            forms.setdefault(short, []).append(division)
    return forms


COUNTY_LIST_SEPARATORS = "、和及与"


def county_short_forms(context: ArticleContext) -> list[PlaceHit]:
    """A county named without 县 (汉阴美食, 闽清、永泰、连江三地) where the article settles which:
    its full name is written elsewhere in the article, or it stands in a list with another
    county of the same city. The form must be whole words, never inside a person's name."""
    text = context.text
    forms = _county_short_forms(context.table)
    full_names = {hit.division.code for hit in context.places}
    covered = [(hit.start, hit.end) for hit in context.places]
    found: list[PlaceHit] = []
    for token in [t for t in context.tokens if t.text in forms]:
        divisions = forms[token.text]
        if not divisions or token.pos.startswith("nr") or any(s < token.end and token.start < e for s, e in covered):
            continue
        named = [d for d in divisions if d.code in full_names]
        if len(named) == 1:
            found.append(PlaceHit(token.start, token.end, token.text, named[0]))
            continue
        index = context.token_index_at(token.start)
        nearby = context.tokens[max(0, index - 3):index + 4]  # tokens are ordered: the neighbours are close
        neighbours = [t for t in nearby if t.end == token.start - 1 or t.start == token.end + 1]
        joined = [t for t in neighbours if text[min(t.end, token.end):max(t.start, token.start)] in COUNTY_LIST_SEPARATORS]
        for division in divisions:
            if any(other.code[:4] == division.code[:4] and other.code != division.code
                   for t in joined for other in forms.get(t.text, [])):
                found.append(PlaceHit(token.start, token.end, token.text, division))
                break
    return found


def names_a_celebration(text: str, start: int, form: str, division: Division) -> bool:
    """A place's short form right after 周年 names a celebration (祖国60周年大庆), not the place
    (the city of Daqing)."""
    return form != division.name and text.endswith("周年", 0, start)
