"""Turn an article into working text: joined soft line breaks, unified punctuation, sentences.

The working text keeps a parallel copy of the original characters, so evidence sentences are
quoted as written while matching runs on normalised characters (full-width ASCII folded,
（） → ()).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Document

SENTENCE_END = "。！？!?；;"
LINE_END_HARD = "。！？!?；;：:”’」』)）…*#"
CAPTION_MARKS = "□■▲►●◆"
KEEP_AS_IS = set("，。、；：？！“”‘’《》…—·「」『』【】")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # offsets into ArticleText.text
    end: int
    paragraph: int
    section: int

    def text(self, article: "ArticleText") -> str:
        return article.text[self.start:self.end]

    def evidence(self, article: "ArticleText") -> str:
        return article.original[self.start:self.end].strip()


@dataclass
class ArticleText:
    document: Document
    text: str  # working text (normalised characters)
    original: str  # same length: the characters as written
    sentences: list[Sentence]
    heading_lines: list[str]  # the first few non-empty lines (title, subtitle, byline)


def normalise_char(char: str) -> str:
    if char in KEEP_AS_IS:
        return char
    if char == "（":
        return "("
    if char == "）":
        return ")"
    if char in "・•":
        return "·"
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _is_soft_break(previous_line: str, next_line: str) -> bool:
    """A line break inside running prose (a word or name split across lines)."""
    prev = previous_line.rstrip()
    nxt = next_line.lstrip()
    if not prev or not nxt:
        return False
    if prev[-1] in LINE_END_HARD or prev.endswith("摄"):
        return False
    if nxt[0] in CAPTION_MARKS or nxt[0] in "#(（—-" or prev.lstrip()[:1] == "#":
        return False
    if not (_is_cjk(nxt[0]) or nxt[0].isdigit() or nxt[0] in "“‘"):
        return False
    return len(prev) >= 60 or any(mark in prev for mark in "，,") or prev[-1] in "、“‘"


def analyse_text(document: Document) -> ArticleText:
    raw = document.text.replace("\r\n", "\n").replace("\r", "\n")
    lines = raw.split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    soft_after: set[int] = set()
    for current, following in zip(nonempty, nonempty[1:]):
        if _is_soft_break(lines[current], lines[following]):
            soft_after.add(current)

    text_chars: list[str] = []
    original_chars: list[str] = []
    paragraph_of: list[int] = []
    section_of: list[int] = []
    paragraph = section = 0
    for i in nonempty:
        line = lines[i].strip()
        if line.startswith("#") and not line.startswith("##"):
            section += 1
        for position, char in enumerate(line):
            if char in " \t\u3000":
                before = line[position - 1] if position else ""
                after = line[position + 1] if position + 1 < len(line) else ""
                if _adjacent_to_digit_or_latin(before, after):
                    continue
                char = " "
            text_chars.append(normalise_char(char))
            original_chars.append(char)
            paragraph_of.append(paragraph)
            section_of.append(section)
        if i not in soft_after:
            text_chars.append("\n")
            original_chars.append("\n")
            paragraph_of.append(paragraph)
            section_of.append(section)
            paragraph += 1
    text = "".join(text_chars)
    original = "".join(original_chars)
    sentences = _split_sentences(text, paragraph_of, section_of)
    heading_lines = [lines[i].strip().lstrip("#").strip() for i in nonempty[:4]]
    return ArticleText(document, text, original, sentences, heading_lines)


def _adjacent_to_digit_or_latin(before: str, after: str) -> bool:
    """A space between a number (or Latin word) and Chinese text: 2017 年, 57 名, QQ 群."""
    def latin_or_digit(c: str) -> bool:
        return bool(c) and (c.isdigit() or c == "%" or "a" <= c.lower() <= "z")

    if latin_or_digit(before) and latin_or_digit(after):
        return False
    return (latin_or_digit(before) and _is_cjk(after)) or (_is_cjk(before) and latin_or_digit(after))


_BOUNDARY = re.compile(r"[。！？!?；;]+[”’」』]?|\n|(?=[□■▲►●◆])")


def _split_sentences(text: str, paragraph_of: list[int], section_of: list[int]) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        _add_sentence(sentences, text, start, end, paragraph_of, section_of)
        start = match.end()
    _add_sentence(sentences, text, start, len(text), paragraph_of, section_of)
    return sentences


def _add_sentence(sentences, text, start, end, paragraph_of, section_of) -> None:
    while start < end and text[start] in " \n":
        start += 1
    while end > start and text[end - 1] in " \n":
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, paragraph_of[start], section_of[start]))
