"""Names written the Hong Kong, Macau and Taiwan way that no suffix rule finds: a union federation
named by its short form (工联会, 工联), the central government's liaison offices and commissioners'
offices (中央人民政府驻香港特别行政区联络办公室, 驻港国安公署)."""

from __future__ import annotations

import re

from kg.extract.detect.candidates import Candidate
from kg.extract.detect.context import ArticleContext

FEDERATION = re.compile(r"工联会?")
NAME_CHAR = re.compile(r"[\u4e00-\u9fff]")
LIAISON_OFFICE = re.compile(r"(?:中央人民政府|中央政府|中央)?驻(?:香港|港|澳门|澳)(?:特别行政区)?"
                            r"(?:联络办公室|联络办|(?:国家安全|国安)?公署)")
COMMISSIONER = re.compile(r"(?:外交部|国家安全)驻(?:香港|港|澳门|澳)(?:特别行政区)?公署")


def detect_regional(context: ArticleContext) -> list[Candidate]:
    text = context.text
    found = []
    for match in FEDERATION.finditer(text):
        # on its own only: 香港工联会 is found by its suffix, 工联单 is no name
        if match.group() == "工联" and NAME_CHAR.match(text, match.end()):
            continue
        found.append(Candidate(match.start(), match.end(), "Union", "工联会", match.group(), 1))
    for pattern in (LIAISON_OFFICE, COMMISSIONER):
        for match in pattern.finditer(text):
            found.append(Candidate(match.start(), match.end(), "Organization", match.group(), match.group(), 2))
    return found
