"""Tokenise working text with jieba, using a domain dictionary built from the lexicon.

This is the only module that imports jieba.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import lru_cache

import jieba
import jieba.posseg

from . import lexicon
from .admin import admin_table

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Token:
    text: str
    pos: str  # jieba's part-of-speech tag (ns place, nr person, v verb, …)
    start: int
    end: int


def _domain_words() -> list[tuple[str, str]]:
    words: list[tuple[str, str]] = []
    table = admin_table()
    for name in sorted(set(table.by_name) | set(table.by_short)):
        words.append((name, "ns"))
    for title in lexicon.POSITION_TITLES:
        words.append((title, "nnt"))
    for suffix in lexicon.UNION_SUFFIXES + lexicon.COMPANY_SUFFIXES + lexicon.ORGANIZATION_SUFFIXES:
        if len(suffix) >= 2:
            words.append((suffix, "n"))
    for core in lexicon.AWARD_CORES:
        if len(core) >= 2:
            words.append((core, "n"))
    for name in lexicon.NATIONAL_ORGANIZATIONS:
        words.append((name, "nt"))
    for stem in lexicon.DEPARTMENT_STEMS_WITH_AND:
        words.append((stem, "n"))
    for occupation in lexicon.OCCUPATIONS:
        words.append((occupation, "n"))
    return words


@lru_cache(maxsize=1)
def _tagger() -> jieba.posseg.POSTokenizer:
    tokenizer = jieba.Tokenizer()
    tagger = jieba.posseg.POSTokenizer(tokenizer)
    for word, tag in _domain_words():
        tokenizer.add_word(word, freq=max(tokenizer.suggest_freq(word, tune=False), 2000), tag=tag)
        tagger.word_tag_tab[word] = tag
    return tagger


# seconds this process has spent inside the tagger, read by the pipeline's per-stage timings
seconds_spent = 0.0


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` with offsets shifted by ``offset`` (its position in the article)."""
    global seconds_spent
    started = time.perf_counter()
    tokens = []
    position = 0
    for pair in _tagger().cut(text):
        word, tag = pair.word, pair.flag
        start = text.find(word, position)
        if start < 0:
            start = position
        tokens.append(Token(word, tag, offset + start, offset + start + len(word)))
        position = start + len(word)
    seconds_spent += time.perf_counter() - started
    return tokens
