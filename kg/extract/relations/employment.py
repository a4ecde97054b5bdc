"""worksFor: an employer before a person and an occupation or job phrases (某公司揽投员X), 是…的一名
司机, 某公司的X, 来自某公司的X, X所在的某公司, X就职于某公司, a reporter of the paper in a byline,
and the worker greeted at a visited workplace."""

from __future__ import annotations

import re
from functools import cached_property

from kg.extract.relations.base import (
    ANY_OCCUPATION,
    GREET_VERB,
    OCCUPATION_AFTER,
    OCCUPATIONS,
    ONE_OF,
    VISIT_VERB,
    RelationFamily,
    _key,
    _title_ending_at,
)
from kg.extract.relations.jobs import job_chains
from kg.model import ORGANISATION_TYPES

WHERE_HE_WORKS = re.compile(r"所在的|所在单位|所在企业|所在公司|就职于|任职于|供职于|受雇于|在职于")
NOT_EMPLOYED = ("学生", "学员")  # of a school or a course, not employed there
# Byline words after which a paper's own reporters are named (通讯员 are the reported body's).
BYLINE_WORD = re.compile(r"(?:全媒体记者|本报记者|特约记者|见习记者|首席记者|记者|实习生|作者\s*[:：])\s*"
                         r"|(?<=电)\s*[(（]|(?<=讯)\s*[(（]")
MEDIA_NAME = re.compile(r"(?:报|报社|网|台|电视台|广播电台|杂志|新闻|客户端|通讯社|社)$")


def _is_media(mention) -> bool:
    return mention.type in ("Organization", "Company") and bool(MEDIA_NAME.search(mention.name))


class EmploymentRelations(RelationFamily):
    def run(self) -> None:
        text = self.text
        for person in (m for m in self.mentions if m.type == "Person"):
            if text.startswith("是", person.end):
                organisation = self.starting_at.get(person.end + 1)
                if organisation and organisation.type in ORGANISATION_TYPES and \
                        ANY_OCCUPATION.search(text[organisation.end:organisation.end + 14]):
                    self.add("worksFor", _key(person), _key(organisation), person.start)
            before = person.start
            occupation = next((o for o in OCCUPATIONS if text.startswith(o, before - len(o))), None)
            if occupation in NOT_EMPLOYED:
                continue
            if occupation:
                before -= len(occupation)
            organisation = self.ending_at.get(before)
            if organisation and organisation.type in ORGANISATION_TYPES and person.name not in self.officers \
                    and not _title_ending_at(text, person.start):
                self.add("worksFor", _key(person), _key(organisation), person.start)
                if organisation.type == "Organization":
                    for part in self.mentions:
                        if part.type == "Company" and part.start == organisation.start and part.end < organisation.end:
                            self.add("worksFor", _key(person), _key(part), person.start)

        self.visits()
        self.described_employment()
        self.job_phrases()
        self.of_employer()
        self.come_from()
        self.bylines()

    def job_phrases(self) -> None:
        """某公司揽投员X; 某医院副主任中药师、技师X: job words (no office) between the employer
        and the person."""
        for person in (m for m in self.mentions if m.type == "Person"):
            if person.name in self.officers:
                continue
            for chain in job_chains(self.text, person, self.ending_at, self.mentions):
                anchor = chain.anchor
                if anchor is None or anchor.type not in ORGANISATION_TYPES or \
                        any(kind == "office" for kind, _, _ in chain.phrases) or \
                        self.text[chain.phrases[-1][1]:chain.phrases[-1][2]].endswith(NOT_EMPLOYED):
                    continue
                self.add("worksFor", _key(person), _key(anchor), person.start)

    def of_employer(self) -> None:
        """上海某电缆股份有限公司的X获得…: the person of a company (not of a union or a body)."""
        for person in (m for m in self.mentions if m.type == "Person"):
            if person.name in self.officers or self.text[person.start - 1:person.start] != "的":
                continue
            employer = self.ending_at.get(person.start - 1)
            if employer and employer.type == "Company" and \
                    self.text[person.end:person.end + 1] not in ("、", "和", "与", "及"):
                self.add("worksFor", _key(person), _key(employer), person.start)

    def come_from(self) -> None:
        """来自某公司的王建国; 王建国所在的某公司: the person works there."""
        text = self.text
        for person in (m for m in self.mentions if m.type == "Person"):
            if person.name in self.officers:
                continue
            employer = None
            if text.startswith("的", person.start - 1):
                before = self.ending_at.get(person.start - 1)
                if before is not None and before.type in ("Company", "Organization") and \
                        text[max(0, before.start - 2):before.start].endswith("来自"):
                    employer = before
            where = WHERE_HE_WORKS.match(text, person.end)
            if where:
                after = self.starting_at.get(where.end())
                if after is not None and after.type in ("Company", "Organization"):
                    employer = after
            if employer is not None:
                self.add("worksFor", _key(person), _key(employer), person.start)

    def bylines(self) -> None:
        """某日报记者X, 某网4月25日讯(记者X 通讯员Y), 中新社广州1月13日电 (X Y), 来源:某网 作者:X Y,
        本报讯(首席记者X): a reporter works for the paper named before the byline (本报: the
        article's own paper, named on its source line or the only one it names)."""
        for match in BYLINE_WORD.finditer(self.text):
            people = self._people_from(match.end())
            if not people:
                continue
            media = self._media_before(match.start())
            opening = self.text[max(0, match.start() - 2):match.start()]
            if not media and (re.search(r"本[报刊网]", self.text[max(0, match.start() - 12):match.start()])
                              or opening[-1:] in ("(", "（") and (len(opening) < 2 or opening[0] in "。\n ")):
                media = [self.own_paper] if self.own_paper else []
            for person in people:
                for paper in media:
                    self.add("worksFor", _key(person), _key(paper), person.start)

    def _people_from(self, position: int) -> list:
        """The people named one after another from ``position`` (spaces or 、 between)."""
        people = []
        for _ in range(8):
            while self.text[position:position + 1] in (" ", "\u3000", "、"):
                position += 1
            person = self.starting_at.get(position)
            if person is None or person.type != "Person":
                break
            people.append(person)
            position = person.end
        return people

    def _media_before(self, position: int) -> list:
        """Papers and sites named in the byline before ``position`` (工人日报-中工网记者: both),
        also where the byline writes a paper the article names elsewhere."""
        found = {}
        window = self.text[max(0, position - 24):position]
        for form, mention in self.media_forms.items():
            at = window.rfind(form)
            while at >= 0:
                end = position - len(window) + at + len(form)
                gap = self.text[end:position]
                if not re.search(r"[，。；,;！？!?\n]", gap) and not any(
                        m.type in ("Person", "Company", "Union") and end <= m.start < position for m in self.mentions):
                    found.setdefault(_key(mention), mention)
                    break
                at = window.rfind(form, 0, at)
        return list(found.values())

    @cached_property
    def media_forms(self) -> dict:
        """Each form the article writes a paper or site in → its mention."""
        return {m.text: m for m in self.mentions if _is_media(m) and m.text}

    @cached_property
    def own_paper(self):
        """The paper the article comes from: the one on its source line (来源:…), else the only one
        it names."""
        for match in re.finditer(r"(?:来源|稿源|来自)\s*[:：|]?\s*[《“]?", self.text):
            media = self.starting_at.get(match.end())
            if media is not None and _is_media(media):
                return media
        papers = {m.name: m for m in self.mentions if _is_media(m)}
        return next(iter(papers.values())) if len(papers) == 1 else None

    def described_employment(self) -> None:
        """冯海洋，从事出租车服务已有17年，是爱商一名售货员: the sentence's person works there."""
        for match in re.finditer(r"是(?=[\u4e00-\u9fff])", self.text):
            organisation = self.starting_at.get(match.end())
            if not organisation or organisation.type not in ("Company", "Organization"):
                continue
            if not ONE_OF.match(self.text, organisation.end) or \
                    not OCCUPATION_AFTER.match(self.text, organisation.end + (3 if self.text[organisation.end] == "的" else 2)):
                continue
            sentence = self.context.sentence_at(match.start())
            people = [m for m in self.mentions if m.type == "Person" and sentence.start <= m.start < match.start()]
            if people and people[-1].name not in self.officers:
                self.add("worksFor", _key(people[-1]), _key(organisation), people[-1].start)

    def visits(self) -> None:
        """来到X公司，慰问出租车司机Y: the person visited at a workplace works there."""
        for sentence in self.context.sentences:
            for visit in VISIT_VERB.finditer(self.text, sentence.start, sentence.end):
                place = self.starting_at.get(visit.end())
                if not place or place.type not in ("Company", "Organization"):
                    continue
                for greet in GREET_VERB.finditer(self.text, place.end, sentence.end):
                    occupation = OCCUPATION_AFTER.match(self.text, greet.end())
                    if occupation is None:
                        continue
                    person = self.starting_at.get(occupation.end())
                    if person and person.type == "Person" and person.name not in self.officers:
                        self.add("worksFor", _key(person), _key(place), person.start)
