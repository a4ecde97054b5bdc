"""Candidate mentions proposed by the detectors, before overlaps are settled."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

# When two candidates overlap, the longer wins; on equal length, the earlier type here wins.
TYPE_PRIORITY = ("Award", "Programme", "Union", "Company", "Organization", "Person", "Place")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: str
    name: str  # canonical name within the article
    form: str  # the surface form (quotes and spaces removed)
    strength: int = 1  # 2 for context-confirmed, 1 for shape-only
    parts: tuple["Candidate", ...] = ()  # nested mentions kept with this one (a company's team)


def clean_form(text: str) -> str:
    for char in "“”\"‘’「」『』《》〈〉 \n\t\u3000":
        text = text.replace(char, "")
    return text


def settle_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep a set of non-overlapping candidates: stronger, then longer, then by type priority."""
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.strength,
                                               TYPE_PRIORITY.index(c.type), c.start))
    taken: list[Candidate] = []
    spans: list[tuple[int, int]] = []  # the kept spans in text order; they never overlap
    for candidate in ranked:
        if candidate.start >= candidate.end:  # never made by the detectors; kept as the plain rule says
            if all(candidate.end <= start or candidate.start >= end for start, end in spans):
                taken.append(candidate)
            continue
        at = bisect.bisect_left(spans, (candidate.start, candidate.end))  # only neighbours can overlap
        if at > 0 and spans[at - 1][1] > candidate.start:
            continue
        if at < len(spans) and spans[at][0] < candidate.end:
            continue
        spans.insert(at, (candidate.start, candidate.end))
        taken.append(candidate)
    nested = [part for kept in taken for part in kept.parts]
    return sorted(taken + nested, key=lambda c: (c.start, c.end, c.type))
