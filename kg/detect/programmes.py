"""Programmes: quoted or title-marked names with a programme noun after them (活动, 行动,
工程, 热线, App…) or a running verb before them (开展, 举办, 实施, 推出…), and the
nationwide union programmes known by a fixed name."""

from __future__ import annotations

import re

from .. import lexicon
from .candidates import Candidate, clean_form
from .context import ArticleContext

NOUNS = "|".join(map(re.escape, sorted(lexicon.PROGRAMME_NOUNS, key=len, reverse=True)))
VERBS = "|".join(map(re.escape, sorted(lexicon.PROGRAMME_VERBS, key=len, reverse=True)))
QUOTED = re.compile(r"([“《])([^“”《》\n]{2,40})([”》])")
NOT_PROGRAMME_END = re.compile(r"(精神|思想|理念|目标|要求|主题|意识|规定|条例|办法|法|制度|方案|意见|通知|决定|讲话|之家)$")
AWARD_END = re.compile("(?:" + "|".join(map(re.escape, lexicon.AWARD_CORES)) + ")$")
UNQUOTED = re.compile(r"(?:" + VERBS + r")了?((?:首届|第[一二三四五六七八九十]+届)?[\u4e00-\u9fff]{2,14}?"
                      r"(?:行动|工程|计划|文化节|培训班|提升班|联欢会|运动会|大培训))(?=[，,。；;、\n]|活动)")


def detect_programmes(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found: list[Candidate] = []
    quotes = list(QUOTED.finditer(text))
    in_series = set()
    for first, second in zip(quotes, quotes[1:]):
        if second.start() - first.end() <= 1 and first.group(1) == "“" == second.group(1):
            in_series.update({first.start(), second.start()})
    series_ok = set()
    for match in quotes:
        inner_end = re.search(f"(?:{NOUNS})$", clean_form(match.group(2)))
        if match.start() in in_series and inner_end:
            series_ok.add(match.start())
    for match in quotes:
        inner = clean_form(match.group(2))
        if match.group(1) == "《" and not text.startswith(("特别报道", "栏目", "专栏"), match.end()):
            continue
        if NOT_PROGRAMME_END.search(inner) or AWARD_END.search(inner) or len(inner) < 2:
            continue
        if text.startswith(("评选", "表彰", "荣誉", "称号", "最佳"), match.end()):
            continue
        after = re.match(f"(?:[\u4e00-\u9fff]{{0,12}}?)(?:{NOUNS})", text[match.end():match.end() + 16])
        before = re.search(f"(?:{VERBS})(?:了|好|起)?(?:[0-9]+期)?$", text[max(0, match.start() - 8):match.start()])
        inner_noun = re.search(r"(?:竞赛|大赛|比赛|活动|行动|工程|计划|热线|项目)$", inner)
        if match.start() in in_series and (series_ok or after or before):
            inner_noun = inner_noun or True
        if not after and not before and not inner_noun:
            continue
        if text[match.end():match.end() + 1] in ("的",) or re.match("为契机|为载体|为抓手|为目标", text[match.end():]):
            if not after and not before:
                continue
        if re.fullmatch(r"[0-9]+", inner) and after:
            name = inner + clean_form(after.group())
            found.append(Candidate(match.start(), match.end() + after.end(), "Programme", name, name, 2))
            continue
        end = match.end()
        aliases = ()
        if after and len(after.group()) > 0:
            full = inner + clean_form(after.group())
            found.append(Candidate(match.start(), match.end() + after.end(), "Programme",
                                   inner, full, 2))
            continue
        found.append(Candidate(match.start(), end, "Programme", inner, inner, 2))
    for match in UNQUOTED.finditer(text):
        name = re.sub(r"^(?:首届|第[一二三四五六七八九十]+届)", "", match.group(1))
        if re.search(r"[的和等与及了性]", name):
            continue
        found.append(Candidate(match.start(1), match.end(1), "Programme", name, match.group(1)))
    for name in lexicon.NATIONAL_PROGRAMMES:
        for match in re.finditer(re.escape(name), text):
            found.append(Candidate(match.start(), match.end(), "Programme", name, name))
    for match in re.finditer(r"“?(12351|12345)”?[\u4e00-\u9fff]{0,6}热线", text):
        name = clean_form(match.group())
        found.append(Candidate(match.start(), match.end(), "Programme", name, name, 2))
    return found
