"""Where the map runs: in this process, in local worker processes, or on a Dask cluster."""

from __future__ import annotations

from typing import Iterable, Iterator

from .extract import ExtractedArticle, extract_document
from .model import Document

ENGINES = ("local",)

Source = tuple[Document, str, int]  # (decoded article, content digest of its file, file size in bytes)


def extract_all(sources: Iterable[Source], *, engine: str = "local", workers: int = 1,
                scheduler: str | None = None) -> Iterator[ExtractedArticle]:
    """The extraction of each source, in the order of ``sources``."""
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    for document, digest, size in sources:
        yield extract_document(document, digest, size)
