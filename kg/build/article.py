"""The map side of a build: one decoded article → its extraction, timed per stage.

This is the unit of work the engines (:mod:`kg.build.engines`) send to processes or cluster workers;
everything it needs travels with it (the Document), so workers need no shared disk.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Callable

from kg.extract import tokenize
from kg.extract.calendar import ArticleCalendar
from kg.extract.detect import analyse, detect_mentions
from kg.extract.profiles import DEFAULT_PROFILE
from kg.model import ArticleEntity, ArticleExtraction, Document
from kg.extract.observations import extract_observations
from kg.extract.relations import extract_relations, national_offices
from kg.resolve.resolution import resolve_article


# An article longer than this (in characters; news articles have a few thousand) is extracted part
# by part, each part a run of whole paragraphs: a 50 MB file then costs memory in proportion to a
# part, and time in proportion to its length (some rules compare every mention with every sentence).
PART_CHARS = 30_000


def extract_article(document: Document, profile: str = DEFAULT_PROFILE,
                    on_part: Callable[[int, int], None] | None = None) -> ArticleExtraction:
    """Entities and relations of one article, resolved within the article (``profile``: see
    :mod:`kg.extract.profiles`). A long article is extracted part by part, and
    ``on_part(done, parts)`` is called after each part."""
    if len(document.text) > PART_CHARS:
        texts = split_parts(document.text, PART_CHARS)
        parts = []
        for text in texts:
            parts.append(extract_article(replace(document, text=text), profile))
            if on_part:
                on_part(len(parts), len(texts))
        return merge_parts(document, parts)
    context = analyse(document)
    mentions = detect_mentions(context, profile)
    calendar = ArticleCalendar(context)  # one per article: its sentences' dates are parsed once
    relations = extract_relations(context, mentions, calendar)
    observations = extract_observations(context, mentions, calendar)
    return resolve_article(document, mentions, relations, observations, offices=national_offices(context, mentions))


def split_parts(text: str, limit: int) -> list[str]:
    """``text`` cut into parts of at most ``limit`` characters: at a line break where there is one,
    else after a sentence end, else anywhere."""
    parts = []
    start = 0  # the text is never copied but part by part: a 100 MB line costs linear time
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start, end) + 1 or max(text.rfind(mark, start, end) for mark in "。！？；") + 1 or end
        parts.append(text[start:cut])
        start = cut
    return parts + [text[start:]] if start < len(text) else parts


def merge_parts(document: Document, parts: list[ArticleExtraction]) -> ArticleExtraction:
    """One extraction from the extractions of an article's parts: an entity named in several parts
    is one entity with all its forms; equal relations and observations are kept once."""
    entities: dict[tuple[str, str], ArticleEntity] = {}
    for part in parts:
        for entity in part.entities:
            known = entities.get(entity.key)
            if known is None:
                entities[entity.key] = entity
            else:
                entities[entity.key] = replace(known, aliases=tuple(sorted(set(known.aliases) | set(entity.aliases))),
                                               offices=tuple(sorted(set(known.offices) | set(entity.offices))))
    relations = list(dict.fromkeys(relation for part in parts for relation in part.relations))
    observations = list(dict.fromkeys(fact for part in parts for fact in part.observations))
    return ArticleExtraction(document, [entities[key] for key in sorted(entities)], relations, observations)


@dataclass
class ExtractedArticle:
    """One article's extraction (its document without the text, which later stages do not need)."""

    extraction: ArticleExtraction
    digest: str  # sha256 of the file's bytes: the cache key
    size: int  # bytes of the file
    seconds: dict[str, float] = field(default_factory=dict)  # read, tokenise, detect
    cached: bool = False


def extract_document(document: Document, digest: str = "", size: int = 0,
                     profile: str = DEFAULT_PROFILE,
                     on_part: Callable[[int, int], None] | None = None) -> ExtractedArticle:
    """Extract one decoded article; the result's document keeps its id and title, not its text."""
    from kg.extract import tagger

    started = time.perf_counter()
    tokenising_before = tokenize.seconds_spent
    tagging_before = tagger.seconds_spent
    extraction = extract_article(document, profile, on_part)
    tokenising = tokenize.seconds_spent - tokenising_before
    tagging = tagger.seconds_spent - tagging_before
    seconds = {"tokenise": tokenising, "detect": time.perf_counter() - started - tokenising - tagging}
    if tagging:
        seconds["tag"] = tagging
    extraction = replace(extraction, document=replace(document, text=""))
    return ExtractedArticle(extraction, digest, size, seconds)
