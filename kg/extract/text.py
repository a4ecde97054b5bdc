"""Turn an article into working text: joined soft line breaks, unified punctuation, sentences.

The working text keeps a parallel copy of the original characters, so evidence sentences are
quoted as written while matching runs on normalised characters (full-width ASCII folded,
（） → ()).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extract.lexicon import COMPANY_SUFFIXES, UNION_SUFFIXES
from kg.model import Document
from kg.read.script import Conversion, is_traditional, to_simplified

SENTENCE_END = "。！？!?；;"
LINE_END_HARD = "。！？!?；;：:”’」』)）…*#"
CAPTION_MARKS = "□■▲►●◆"
# A space before a name's ending is a stray one (海口市 总工会): dropped, as spaces next to digits are.
_SPACE_IN_NAME = re.compile("(?<=[\u3400-\u9fff)）])[ \t\u3000]+(?=" + "|".join(
    ending for ending in UNION_SUFFIXES + COMPANY_SUFFIXES if len(ending) >= 3) + ")")
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
    # a Traditional-script article's conversion (``text`` is then Simplified); None otherwise
    conversion: Conversion | None = None


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
    # A Traditional article is read in Simplified characters, each in its place (工會 → 工会)
    traditional = is_traditional(raw)
    simple_lines = to_simplified(raw).split("\n") if traditional else lines
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    soft_after: set[int] = set()
    for current, following in zip(nonempty, nonempty[1:]):
        if _is_soft_break(simple_lines[current], simple_lines[following]):
            soft_after.add(current)

    text_pieces: list[str] = []
    original_pieces: list[str] = []
    paragraph_of: list[int] = []
    section_of: list[int] = []
    paragraph = section = 0
    for i in nonempty:
        line = lines[i].strip()
        if line.startswith("#") and not line.startswith("##"):
            section += 1
        if _WHITESPACE.search(line):
            line = _without_stray_spaces(line, simple_lines[i].strip())
        if i not in soft_after:
            line += "\n"
        text_pieces.append(line.translate(_FOLDED))
        original_pieces.append(line)
        paragraph_of.extend([paragraph] * len(line))
        section_of.extend([section] * len(line))
        if i not in soft_after:
            paragraph += 1
    text = "".join(text_pieces)
    original = "".join(original_pieces)
    conversion = None
    if traditional:
        conversion = Conversion(text, to_simplified(text))
        text = conversion.simplified
    sentences = _split_sentences(text, paragraph_of, section_of)
    heading_lines = [lines[i].strip().lstrip("#").strip() for i in nonempty[:4]]
    return ArticleText(document, text, original, sentences, heading_lines, conversion)


_WHITESPACE = re.compile("[ \t\u3000]")


class _FoldTable(dict):
    """``str.translate`` table of :func:`normalise_char`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = normalise_char(chr(code))
        return self[code]


_FOLDED = _FoldTable()


def _without_stray_spaces(line: str, simple_line: str) -> str:
    """``line`` with the spaces a reader would not see dropped (2017 年, 海口市 总工会) and every
    other space, tab or ideographic space made one plain space."""
    stray = None
    kept = []
    for position, char in enumerate(line):
        if char in " \t\u3000":
            before = line[position - 1] if position else ""
            after = line[position + 1] if position + 1 < len(line) else ""
            if stray is None:
                stray = _spaces_in_names(simple_line)
            if _adjacent_to_digit_or_latin(before, after) or position in stray:
                continue
            char = " "
        kept.append(char)
    return "".join(kept)


def _spaces_in_names(line: str) -> set[int]:
    return {position for match in _SPACE_IN_NAME.finditer(line) for position in range(match.start(), match.end())}


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


def occurrences(text: str, word: str, start: int = 0, end: int | None = None, overlapping: bool = False):
    """Start offsets of the occurrences of ``word`` in ``text[start:end]``, left to right: the
    non-overlapping ones (what ``re.finditer(re.escape(word), text)`` finds, without compiling a
    pattern per word), or with ``overlapping`` every one."""
    end = len(text) if end is None else end
    step = 1 if overlapping else len(word)
    position = text.find(word, start, end)
    while position >= 0 and word:
        yield position
        position = text.find(word, position + step, end)


def matches_near(pattern: re.Pattern, text: str, anchor: re.Pattern, reach: int) -> Iterator[re.Match]:
    """What ``pattern.finditer(text)`` yields, for a pattern every match of which holds an
    ``anchor`` match starting at most ``reach`` characters after its own start (a name of up to
    ``reach`` characters before a suffix): the pattern is tried only there, not at every character.
    An anchor occurrence that another one overlaps is covered, since each window runs to the end of
    the anchor match. The pattern must not match the empty string."""
    position = 0  # where the next match may start, as finditer goes on after the last one
    for hit in anchor.finditer(text):
        start = max(position, hit.start() - reach)
        while start < hit.end():
            match = pattern.match(text, start)
            if match is None:
                start += 1
                continue
            yield match
            start = match.end()
        position = max(position, start)
