"""Mention detection: run the detectors over an analysed article and settle overlaps."""

from __future__ import annotations

import re

from kg.extract.detect.awards import detect_awards
from kg.extract.detect.candidates import Candidate, settle_overlaps
from kg.extract.detect.context import ArticleContext, analyse, names_a_celebration
from kg.extract.detect.organisations import detect_organisations
from kg.extract.detect.people import detect_people
from kg.extract.detect.programmes import detect_programmes
from kg.extract.detect.regional import detect_regional
from kg.extract.profiles import DEFAULT_PROFILE, PROFILES
from kg.model import Mention

__all__ = ["analyse", "detect_mentions", "ArticleContext"]


def _places(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = []
    for hit in context.places:
        following = text[hit.end:hit.end + 1]
        if following in ("人", "籍") or text.startswith(("工会", "总"), hit.end):
            continue
        if names_a_celebration(text, hit.start, hit.form, hit.division):
            continue
        found.append(Candidate(hit.start, hit.end, "Place", hit.division.name, hit.form))
        if hit.division.level == "county":
            town = re.match(r"([\u4e00-\u9fff]{2}(?:镇|乡|街道))([\u4e00-\u9fff]{2}村)?", text[hit.end:hit.end + 9])
            if town:
                found.append(Candidate(hit.end, hit.end + town.end(1), "Place", town.group(1), town.group(1)))
                if town.group(2):
                    start = hit.end + town.start(2)
                    found.append(Candidate(start, start + len(town.group(2)), "Place", town.group(2), town.group(2)))
    zone = re.compile(r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|保税区|自贸区|新区)")
    named_zone = re.compile(r"[\u4e00-\u9fff]{2}(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|新区|工业园区)")
    for hit in context.places:
        match = zone.match(text, hit.end)
        if match:
            name = hit.form + match.group()
            found.append(Candidate(hit.start, match.end(), "Place", name, name, 2))
        elif hit.division.level == "county" and named_zone.match(text, hit.end):
            # 某某区东江新区: a zone named on its own inside a county, after the county's name
            match = named_zone.match(text, hit.end)
            found.append(Candidate(hit.end, match.end(), "Place", match.group(), match.group()))
    return found


def detect_mentions(context: ArticleContext, profile: str = DEFAULT_PROFILE) -> list[Mention]:
    """The article's mentions: the rules' candidates with overlaps settled, then (profile ``accurate``)
    the pretrained tagger's spans that the rules confirm, where the rules left room."""
    if profile not in PROFILES:
        raise ValueError(f"unknown extraction profile {profile!r}; choose from {', '.join(PROFILES)}")
    candidates = (detect_organisations(context) + detect_people(context) + detect_awards(context)
                  + detect_programmes(context) + detect_regional(context))
    settled = settle_overlaps(candidates + _places(context))
    if profile == "accurate":
        from kg.extract.detect.tagged import detect_tagged

        settled = detect_tagged(context, settled)
    conversion = context.article.conversion
    if conversion is None:
        return [Mention(c.form, c.type, c.start, c.end, c.name) for c in settled]
    mentions = []
    for c in settled:  # a Traditional-script article: forms as written, names Simplified for matching
        written_name = conversion.as_written(c.name, c.start, c.end)
        mentions.append(Mention(conversion.as_written(c.form, c.start, c.end), c.type, c.start, c.end, c.name,
                                written_name if written_name != c.name else None))
    return mentions
