"""The persistent pyoxigraph store in ``<out>/store/``, shared by `kg query` and `kg serve`.

Layout: ``stamp.json`` names the current database folder (``db-<hash>-<random>``) and records
the source it was loaded from (``graph.nt`` or ``graph.ttl``: size, mtime, SHA-256), the
prefixes the source declares, the triple count and the pyoxigraph version. The store is
stale when the source's bytes, the chosen source file or the pyoxigraph version changed.

A (re)load runs under an exclusive lock on ``.lock``: it bulk-loads into a ``.tmp-*``
folder, renames that folder to ``db-*`` and only then replaces ``stamp.json`` atomically,
so a killed load leaves the previous store (or none) in place and never a broken one.
Readers hold a shared lock on ``db-*.lease`` while they use a database folder; a reload
removes old folders only when no reader holds them.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.files import file_digest, write_atomic
from kg.sparql.query import WELL_KNOWN_PREFIXES, QueryError, _one_line

STORE_FOLDER = "store"
STAMP = "stamp.json"
SOURCES = {"graph.nt": ox.RdfFormat.N_TRIPLES, "graph.ttl": ox.RdfFormat.TURTLE}


@dataclass
class Snapshot:
    """One loaded database folder, held (shared lease) until ``close()``."""

    path: Path
    source: Path
    prefixes: dict[str, str]
    triples: int
    signature: tuple = ()
    _lease: int | None = field(default=None, repr=False)

    def open(self) -> ox.Store:
        """The database, opened read-only (several processes may open it at once)."""
        return ox.Store.read_only(str(self.path))

    def close(self) -> None:
        if self._lease is not None:
            os.close(self._lease)
            self._lease = None

    def __enter__(self) -> "Snapshot":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def store_folder(out: str | os.PathLike) -> Path:
    return Path(out) / STORE_FOLDER


def store_exists(out: str | os.PathLike) -> bool:
    return (store_folder(out) / STAMP).is_file()


def graph_source(out: str | os.PathLike) -> Path:
    """``graph.nt`` or ``graph.ttl`` in ``out``: the more recently written when both exist."""
    found = [Path(out) / name for name in SOURCES if (Path(out) / name).is_file()]
    if not found:
        raise FileNotFoundError(f"{Path(out) / 'graph.ttl'}: no such file; run `kg build` first")
    return max(found, key=lambda path: path.stat().st_mtime_ns)  # N-Triples first, so it wins ties


def source_signature(out: str | os.PathLike) -> tuple[str, int, int]:
    """(name, size, mtime) of the graph source: a cheap test for "rebuilt since"."""
    source = graph_source(out)
    info = source.stat()
    return source.name, info.st_size, info.st_mtime_ns


def open_snapshot(out: str | os.PathLike, log=None) -> Snapshot:
    """The current store, (re)loaded first when it is missing or stale; the caller closes it."""
    folder = store_folder(out)
    graph_source(out)  # no graph: say so, and create nothing
    folder.mkdir(exist_ok=True)
    with _locked(folder / ".lock", fcntl.LOCK_EX):
        signature = source_signature(out)
        source = Path(out) / signature[0]
        stamp = _read_stamp(folder)
        if not _fresh(stamp, source, folder):
            if log:
                log(f"loading {source} into {folder}/")
            stamp = _load(source, folder)
            _collect_garbage(folder, keep=stamp["db"])
        lease = os.open(folder / f"{stamp['db']}.lease", os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(lease, fcntl.LOCK_SH)
    return Snapshot(folder / stamp["db"], source, {**stamp["prefixes"], **WELL_KNOWN_PREFIXES},
                    stamp["triples"], signature, lease)


def _fresh(stamp: dict | None, source: Path, folder: Path) -> bool:
    if not stamp or stamp.get("pyoxigraph") != ox.__version__ or stamp.get("source") != source.name:
        return False
    if not (folder / stamp["db"]).is_dir():
        return False
    info = source.stat()
    if (stamp["size"], stamp["mtime_ns"]) == (info.st_size, info.st_mtime_ns):
        return True
    if stamp["size"] != info.st_size or stamp["sha256"] != file_digest(source):
        return False
    stamp["mtime_ns"] = info.st_mtime_ns  # rebuilt with the same bytes: still fresh
    write_atomic(folder / STAMP, json.dumps(stamp, ensure_ascii=False, indent=1))
    return True


def _load(source: Path, folder: Path) -> dict:
    info = source.stat()
    digest = file_digest(source)
    tmp = folder / f".tmp-{secrets.token_hex(4)}"
    try:
        store = ox.Store(str(tmp))
        try:
            if SOURCES[source.name] == ox.RdfFormat.TURTLE:
                parser = ox.parse(path=source, format=ox.RdfFormat.TURTLE)
                store.bulk_extend(parser)
                prefixes = dict(parser.prefixes)
            else:
                store.bulk_load(path=source, format=SOURCES[source.name])
                prefixes = _turtle_prefixes(source.with_name("graph.ttl"))
            store.flush()
            triples = len(store)
        finally:
            del store
        db = f"db-{digest[:12]}-{secrets.token_hex(3)}"
        os.rename(tmp, folder / db)
    except SyntaxError as error:
        raise QueryError(_one_line(f"cannot load {source}: {error}")) from error
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    stamp = {"db": db, "source": source.name, "size": info.st_size, "mtime_ns": info.st_mtime_ns,
             "sha256": digest, "triples": triples, "prefixes": prefixes, "pyoxigraph": ox.__version__}
    write_atomic(folder / STAMP, json.dumps(stamp, ensure_ascii=False, indent=1))
    return stamp


def _turtle_prefixes(path: Path) -> dict[str, str]:
    """Prefixes declared at the top of a Turtle file (up to its first triple), if there is one."""
    if not path.is_file():
        return {}
    try:
        parser = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
        next(iter(parser), None)
        return dict(parser.prefixes)
    except (SyntaxError, OSError):
        return {}


def _collect_garbage(folder: Path, keep: str) -> None:
    """Remove interrupted loads and database folders that no reader holds any more."""
    for path in folder.iterdir():
        if path.name.startswith(".tmp-"):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith("db-") and path.is_dir() and path.name != keep:
            lease = os.open(folder / f"{path.name}.lease", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(lease, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            finally:
                os.close(lease)
            shutil.rmtree(path, ignore_errors=True)
            (folder / f"{path.name}.lease").unlink(missing_ok=True)


def _read_stamp(folder: Path) -> dict | None:
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    keys = {"db", "source", "size", "mtime_ns", "sha256", "triples", "prefixes", "pyoxigraph"}
    return stamp if isinstance(stamp, dict) and keys <= stamp.keys() else None




class _locked:
    def __init__(self, path: Path, mode: int):
        self.path, self.mode = path, mode

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, self.mode)

    def __exit__(self, *exc):
        os.close(self.fd)
