"""The map side of a build: one decoded article → its extraction, timed per stage.

This is the unit of work the engines (:mod:`kg.engines`) send to processes or cluster workers;
everything it needs travels with it (the Document), so workers need no shared disk.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from . import tokenize
from .calendar import ArticleCalendar
from .detect import analyse, detect_mentions
from .model import ArticleExtraction, Document
from .observations import extract_observations
from .relations import extract_relations, national_offices
from .resolve import resolve_article


def extract_article(document: Document) -> ArticleExtraction:
    """Entities and relations of one article, resolved within the article."""
    context = analyse(document)
    mentions = detect_mentions(context)
    calendar = ArticleCalendar(context)  # one per article: its sentences' dates are parsed once
    relations = extract_relations(context, mentions, calendar)
    observations = extract_observations(context, mentions, calendar)
    return resolve_article(document, mentions, relations, observations, offices=national_offices(context, mentions))


@dataclass
class ExtractedArticle:
    """One article's extraction (its document without the text, which later stages do not need)."""

    extraction: ArticleExtraction
    digest: str  # sha256 of the file's bytes: the cache key
    size: int  # bytes of the file
    seconds: dict[str, float] = field(default_factory=dict)  # read, tokenise, detect
    cached: bool = False


def extract_document(document: Document, digest: str = "", size: int = 0) -> ExtractedArticle:
    """Extract one decoded article; the result's document keeps its id and title, not its text."""
    started = time.perf_counter()
    tokenising_before = tokenize.seconds_spent
    extraction = extract_article(document)
    tokenising = tokenize.seconds_spent - tokenising_before
    seconds = {"tokenise": tokenising, "detect": time.perf_counter() - started - tokenising}
    extraction = replace(extraction, document=replace(document, text=""))
    return ExtractedArticle(extraction, digest, size, seconds)
