"""organizes: the organisation before a programme with an organising verb, next to it, named as a
partner or after it (A由某工会主办、某公司承办), else the section's main union."""

from __future__ import annotations

import re

from kg.extract.relations.base import ORGANIZE_VERB, RelationFamily, _key
from kg.model import ORGANISATION_TYPES

VENUE_BEFORE = re.compile(r"(?:在|到|赴|于|来到|走进|深入)$")
BYLINE_AFTER = re.compile(r"\s*(?:\d{1,2}月)?(?:\d{1,2}日)?(?:讯|电|消息|记者|全媒体记者|[(（]\s*记者)")
SOURCE_BEFORE = re.compile(r"(?:来源|稿源)\s*[:：|]?\s*$")
BY_ORGANISER = re.compile(r"[”》\s]*(?:活动|比赛|大赛)?(?:是|将|已|均)?由")
ORGANIZING_AFTER = re.compile(r"(?:牵头|联合|共同)?(?:主办|承办|协办|举办|发起|组织|指导)")


class ProgrammeRelations(RelationFamily):
    def run(self) -> None:
        for programme in (m for m in self.mentions if m.type == "Programme"):
            sentence = self.context.sentence_at(programme.start)
            organisers = [m for m in self.mentions if sentence.start <= m.start < programme.start
                          and m.type in ORGANISATION_TYPES]
            explicit = []
            for organiser in organisers:
                between = self.text[organiser.end:programme.start]
                if VENUE_BEFORE.search(self.text, max(sentence.start, organiser.start - 2), organiser.start):
                    continue  # 在某公司驻地开展A: where it happened, not who organised it
                if BYLINE_AFTER.match(self.text, organiser.end) or \
                        SOURCE_BEFORE.search(self.text, max(0, organiser.start - 4), organiser.start):
                    continue  # 某新闻网讯(记者…) …开展A: the paper reports, it does not organise
                if ORGANIZE_VERB.search(between) and not re.search(r"[。；]", between):
                    explicit.append(organiser)
            # A由某市总工会主办、某公司承办: the organisers after the programme
            after = BY_ORGANISER.match(self.text, programme.end)
            if after:
                for organiser in self.mentions:
                    if after.end() <= organiser.start < sentence.end and organiser.type in ORGANISATION_TYPES \
                            and ORGANIZING_AFTER.match(self.text, organiser.end) \
                            and not re.search(r"[。；，,]", self.text[after.end():organiser.start]):
                        explicit.append(organiser)
            adjacent = self.ending_at.get(programme.start)
            if adjacent and adjacent.type in ORGANISATION_TYPES and adjacent not in explicit:
                explicit.append(adjacent)
            for match in re.finditer(r"(?:联合|与|和)", self.text[sentence.start:programme.start]):
                partner = self.starting_at.get(sentence.start + match.end())
                if partner and partner.type in ORGANISATION_TYPES and partner not in explicit:
                    explicit.append(partner)
            main = self.main_union(programme.start)
            if explicit:
                for organiser in explicit:
                    self.add("organizes", _key(organiser), _key(programme), programme.start)
                if main and any(re.match(r"联合", self.text[o.start - 2:o.start]) for o in explicit):
                    self.add("organizes", main, _key(programme), programme.start)
                continue
            others = [m for m in self.mentions if sentence.start <= m.start < sentence.end
                      and m.type in ORGANISATION_TYPES and _key(m) != main]
            nationwide = programme.name.startswith(("全国", "中国"))
            if main and not others and not nationwide:
                self.add("organizes", main, _key(programme), programme.start)
