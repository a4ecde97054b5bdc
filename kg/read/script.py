"""Traditional Chinese → Simplified for matching, one character for one character.

An article written in Traditional characters (工會, 總) is converted with OpenCC's ``t2s`` so
that the detectors, which know Simplified forms, read it; the conversion keeps every character
in its place (phrase conversions that change a line's length fall back to character by
character), so offsets into the converted text are offsets into the text as written. A
:class:`Conversion` gives back the written form of a name found in the converted text.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
# An article is Traditional when at least this share of its characters exist only in Traditional
# script: real Traditional text is about 30%; a Simplified article with a stray 裝 or 發 far below 1%.
TRADITIONAL_SHARE = 0.02


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=1)
def _to_traditional():
    import opencc

    return opencc.OpenCC("s2t.json")


@lru_cache(maxsize=1)
def simplified_characters() -> dict[int, str]:
    """Each CJK character OpenCC converts on its own, as a ``str.translate`` table."""
    characters = [chr(code) for start, end in CJK_RANGES for code in range(start, end)]
    converted = _converter().convert("\n".join(characters)).split("\n")
    return {ord(char): simple for char, simple in zip(characters, converted)
            if simple != char and len(simple) == 1}


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def _traditional_only() -> re.Pattern:
    """Characters that convert and that Simplified text never uses (outside GB2312): 會, 總, 裝;
    not 於 or 後, which GB2312 holds and Simplified names and phrases still use."""
    characters = sorted(chr(code) for code in simplified_characters() if not _in_gb2312(chr(code)))
    return re.compile("[" + re.escape("".join(characters)) + "]")


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in Traditional characters (not a Simplified text with a stray one)."""
    needed = max(1, int(len(text) * TRADITIONAL_SHARE))
    found = itertools.islice(_traditional_only().finditer(text), needed)
    return sum(1 for _ in found) >= needed


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters, of the same length, character for character."""
    converter = _converter()
    lines = text.split("\n")
    for number, line in enumerate(lines):
        converted = converter.convert(line) if line else line
        lines[number] = converted if len(converted) == len(line) else line.translate(simplified_characters())
    return "\n".join(lines)


@dataclass
class Conversion:
    """An article's working text in the characters as written and in Simplified ones (equal length)."""

    written: str
    simplified: str
    _cache: dict[tuple[str, int, int], str] = field(default_factory=dict, repr=False)

    def as_written(self, simplified_form: str, start: int, end: int) -> str:
        """The written form of ``simplified_form``, a name found at ``start:end`` of the
        Simplified text: each character as written there; for characters the span does not hold
        (a name expanded from a short form: 全總 → 中華全國總工會), as the article writes it
        elsewhere, else as OpenCC writes it in Traditional."""
        key = (simplified_form, start, end)
        if key not in self._cache:
            written = []
            position = start
            guess = None
            for index, char in enumerate(simplified_form):
                found = self.simplified.find(char, position, end)
                if found >= 0:
                    written.append(self.written[found])
                    position = found + 1
                elif char in self._usual_form:
                    written.append(self._usual_form[char])
                else:
                    if guess is None:
                        guess = _to_traditional().convert(simplified_form)
                    written.append(guess[index] if len(guess) == len(simplified_form) else char)
            self._cache[key] = "".join(written)
        return self._cache[key]

    @cached_property
    def _usual_form(self) -> dict[str, str]:
        """Each converted character → the written character the article uses most for it."""
        seen: dict[str, Counter] = defaultdict(Counter)
        for written, simple in zip(self.written, self.simplified):
            if written != simple:
                seen[simple][written] += 1
        return {simple: min(counts, key=lambda char: (-counts[char], char)) for simple, counts in seen.items()}

