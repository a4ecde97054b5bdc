"""Read the articles of a corpus folder into Documents.

Articles are ``.txt`` (the title is the first non-empty line), ``.md`` and ``.html``/``.htm``
(markup removed, see :mod:`kg.read.markup`), in UTF-8 (with or without BOM), UTF-16 (with or
without a BOM), GB18030 (and so GBK and GB2312) or Big5. A file that is not text, or holds no
text, raises :class:`SkippedFile`. A link in the corpus folder is followed only to a file inside
the folder (unless ``follow_links``); messages quote file names (:func:`kg.files.quoted`).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path

from typing import Callable

from kg.files import quoted
from kg.model import Document
from kg.read.markup import html_to_text, markdown_to_text
from kg.read.script import simplified_characters

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
# first wins a tie; cp950 is Big5 as Windows writes it; UTF-16 without a byte-order mark (and without
# the NUL bytes of ASCII characters) last
LEGACY_ENCODINGS = ("gb18030", "cp950", "big5hkscs", "utf-16-le", "utf-16-be")
MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"), (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"\x1f\x8b", "gzip archive"), (b"7z\xbc\xaf\x27\x1c", "7z archive"), (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
)
# control characters no text file holds (tab, line breaks, form feed and escape aside)
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
TITLE_CHARACTERS = 200  # a longer first line (a file that is one long line) is cut, with "…"
# Bytes with NULs read as UTF-16 without a BOM only when at least this share of the text's
# non-ASCII characters are common Chinese characters (binary data gives rare ones).
UTF16_PLAUSIBILITY = 0.5


class CorpusError(Exception):
    """A corpus that cannot be read; the message names the path and the problem."""


class SkippedFile(CorpusError):
    """A file in the corpus that is not an article (binary, an image, empty): the build skips it
    with a warning, or stops on it with ``--strict``."""


def article_paths(corpus: str | Path, *, follow_links: bool = False,
                  warn: Callable[[str], None] | None = None) -> list[Path]:
    """The article files of the folder ``corpus``, in name order. A link is followed to a file inside
    the folder, or anywhere with ``follow_links``; a link that leaves the folder, a dangling link and
    a link loop are left out and passed to ``warn``."""
    folder = Path(corpus)
    if not folder.exists():
        raise CorpusError(f"{quoted(folder)}: no such folder")
    if not folder.is_dir():
        raise CorpusError(f"{quoted(folder)}: not a folder")
    inside = folder.resolve()
    paths = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        if path.is_symlink():
            problem = _link_problem(path, inside, follow_links)
            if problem:
                if warn:
                    warn(f"{quoted(path)}: {problem}, skipped")
                continue
        if path.is_file():
            paths.append(path)
    if not paths:
        kinds = ", ".join(f"*{suffix}" for suffix in ARTICLE_SUFFIXES)
        raise CorpusError(f"{quoted(folder)}: no articles ({kinds}) found")
    return paths


def _link_problem(link: Path, inside: Path, follow_links: bool) -> str | None:
    """Why the link ``link`` is not read, or None when it is."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return "a dangling link (its target does not exist)"
    except (RuntimeError, OSError):  # a loop: RuntimeError before Python 3.13, OSError (ELOOP) after
        return "a link loop"
    if not follow_links and not target.is_relative_to(inside):
        return f"a link outside the corpus (to {quoted(target)}; --follow-links reads it)"
    return None


def read_document(path: str | Path) -> Document:
    path = Path(path)
    return document_from_bytes(path.name, read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    """The bytes of an article file; a file that cannot be read is a :class:`SkippedFile`."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise SkippedFile(f"{quoted(path)}: cannot read ({error.strerror}), skipped") from error


def document_from_bytes(name: str, data: bytes, path: str | Path | None = None) -> Document:
    """The Document of an article file's bytes; ``path`` (default ``name``) is what errors name.
    The suffix of ``name`` says how to read it: ``.html``/``.htm``, ``.md``, else plain text."""
    path = path if path is not None else name
    if not data:
        raise SkippedFile(f"{quoted(path)}: empty file, skipped")
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SkippedFile(f"{quoted(path)}: no text (only whitespace), skipped")
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm"):
        title, text = html_to_text(text)
    elif suffix == ".md":
        title, text = markdown_to_text(text)
    else:
        title = _first_line(text).lstrip("#").strip()
    if not title or not text.strip():
        raise SkippedFile(f"{quoted(path)}: no text (only markup), skipped")
    return Document(id=name, title=shortened_title(title), text=text)


def _first_line(text: str) -> str:
    """The first non-empty line of ``text``, stripped (found without splitting the whole text)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            return text[start:end].strip()
        start = end + 1
    return ""


def shortened_title(title: str) -> str:
    """``title`` cut to TITLE_CHARACTERS (the last one an ellipsis) when longer."""
    return title if len(title) <= TITLE_CHARACTERS else title[:TITLE_CHARACTERS - 1].rstrip() + "…"


def decode(data: bytes, path: str | Path) -> str:
    """The text of a file's bytes: a byte-order mark says the encoding, else strict UTF-8, else the
    most plausible of GB18030 and Big5. Raises SkippedFile for bytes that are not text."""
    kind = next((kind for magic, kind in MAGIC_NUMBERS if data.startswith(magic)), None)
    if kind is None and data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        kind = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[data[8:12]]
    if kind:
        raise SkippedFile(f"{quoted(path)}: not text ({kind}), skipped")
    text = None
    for bom, encoding, label in ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                                 (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise SkippedFile(f"{quoted(path)}: not text (invalid {label} after a byte-order mark), "
                                  "skipped") from None
            break
    if text is None:
        if b"\x00" in data:
            text = _utf16_text(data)
            if text is None:
                raise SkippedFile(f"{quoted(path)}: not text (binary data), skipped")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = _legacy_text(data)
    if text is None:
        raise SkippedFile(f"{quoted(path)}: not text (neither UTF-8, UTF-16, GB18030 nor Big5), skipped")
    if len(CONTROL_CHARACTERS.findall(text)) > len(text) // 100:
        raise SkippedFile(f"{quoted(path)}: not text (binary data), skipped")
    return text


def _utf16_text(data: bytes) -> str | None:
    """``data`` read as UTF-16 without a byte-order mark, in the byte order that reads most like
    Chinese text, when one reads like text at all (binary data decodes to rare characters)."""
    if len(data) % 2:
        return None
    readings = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            readings.append((_plausibility(text, traditional=True), text))
    best = max(readings, default=None, key=lambda reading: reading[0])
    return best[1] if best and best[0] >= UTF16_PLAUSIBILITY else None


def _legacy_text(data: bytes) -> str | None:
    """The decoding of ``data`` in GB18030, Big5 or UTF-16 that reads most like Chinese text, if any decodes."""
    candidates = []
    for encoding in LEGACY_ENCODINGS:
        if encoding == "big5hkscs" and any(used == "cp950" for used, _ in candidates):
            continue  # HKSCS only for what Windows' Big5 cannot decode
        if encoding.startswith("utf-16") and len(data) % 2:
            continue
        try:
            candidates.append((encoding, data.decode(encoding)))
        except UnicodeDecodeError:
            pass
    if not candidates:
        return None
    return max(candidates, key=lambda candidate: _plausibility(candidate[1], candidate[0] != "gb18030"))[1]


def _plausibility(text: str, traditional: bool) -> float:
    """The share of a decoding's non-ASCII characters that are common Chinese characters or
    punctuation. Misread bytes give rare characters, kana, Greek or private-use ones. A Big5
    reading is converted to Simplified first; a GB18030 reading is expected to be Simplified."""
    if traditional:
        text = text.translate(simplified_characters())
    common = _common_characters()
    scored = [char for char in text if char >= "\x80" and not char.isspace()]
    return sum(char in common for char in scored) / len(scored) if scored else 1.0


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    """GB2312's first level (the 3,755 commonest Simplified characters) and its punctuation rows."""
    characters = set()
    for lead in [0xA1, 0xA3, *range(0xB0, 0xD8)]:
        for trail in range(0xA1, 0xFF):
            try:
                characters.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(characters)


def read_corpus(corpus: str | Path) -> list[Document]:
    """Every article of ``corpus`` read (links leaving the folder left out, silently)."""
    return [read_document(path) for path in article_paths(corpus)]
