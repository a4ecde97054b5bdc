"""Read the articles of a corpus folder into Documents."""

from __future__ import annotations

from pathlib import Path

from .model import Document

ARTICLE_SUFFIXES = (".txt",)


class CorpusError(Exception):
    """A corpus that cannot be read; the message names the path and the problem."""


class SkippedFile(CorpusError):
    """A file in the corpus that is not an article (binary, an image, empty): the build skips it
    with a warning, or stops on it with ``--strict``."""


def article_paths(corpus: str | Path) -> list[Path]:
    folder = Path(corpus)
    if not folder.exists():
        raise CorpusError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder")
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
    if not paths:
        raise CorpusError(f"{folder}: no articles (*.txt) found")
    return paths


def read_document(path: str | Path) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: cannot read ({error.strerror})") from error
    return document_from_bytes(path.name, data, path)


def document_from_bytes(name: str, data: bytes, path: str | Path | None = None) -> Document:
    """The Document of an article file's bytes; ``path`` (default ``name``) is what errors name."""
    path = path if path is not None else name
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorpusError(f"{path}: not UTF-8 text (byte {error.start})") from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise SkippedFile(f"{path}: looks binary, not an article")
    title = next((line.strip().lstrip("#").strip() for line in text.split("\n") if line.strip()), "")
    if not title:
        raise SkippedFile(f"{path}: empty article")
    return Document(id=name, title=title, text=text)


def read_corpus(corpus: str | Path) -> list[Document]:
    return [read_document(path) for path in article_paths(corpus)]
