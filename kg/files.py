"""Files: atomic writes (a reader never sees a half-written export under its final name), digests,
and file names quoted for messages.

Temporaries are named ``.<final name>.<pid>.<random>.tmp`` in the target's folder; a process killed
while writing leaves them behind, and the next :class:`StagedFiles` in that folder removes those
of processes no longer running. A set of files is switched as one: the renames are listed in a
journal (``.kg-commit.json``) before the first, and a commit killed half-way is finished by
:func:`finish_interrupted_commit`, which the build and the commands reading a build run first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable

_TEMPORARY = re.compile(r"\.(.+)\.(\d+)\.[a-z0-9_]{8}\.tmp\Z")
JOURNAL_NAME = ".kg-commit.json"
JOURNAL_LIMIT = 1 << 20  # bytes: a journal lists a few file names


def quoted(path: str | os.PathLike) -> str:
    """A file name as messages print it: as it is when made of printable characters, else quoted
    like a Python string literal, so that a newline or an escape sequence in a name can neither
    start a line of its own nor reach the terminal."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        return repr(text)
    if text and text.isprintable() and text == text.strip() and not any(mark in text for mark in "'\"\\"):
        return text
    return repr(text)


def _mkstemp(folder: Path, name: str) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=folder)


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # no harmless way to ask elsewhere: keep the file
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process
    return True


def clear_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Remove the temporaries that processes no longer running left in ``folder``; returns them."""
    removed = []
    with os.scandir(folder) as entries:
        for entry in entries:
            found = _TEMPORARY.match(entry.name)
            if found and entry.is_file(follow_symlinks=False) and not _running(int(found.group(2))):
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    continue
                removed.append(Path(entry.path))
    return removed


def write_atomic(path: str | os.PathLike, data: str | bytes, sync: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.
    ``sync=False`` skips the fsync, for caches whose loss only costs time."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = _mkstemp(target.parent, target.name)
    try:
        os.chmod(tmp_name, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    return target


class StagedFiles:
    """A build's output files, written to temporary files in ``folder`` and renamed into place
    together by :meth:`commit`; :meth:`discard` (or an exception inside ``with``) removes them,
    leaving the previous outputs untouched. Entering ``with`` first clears the temporaries that
    killed builds left in ``folder``."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.staged: dict[str, str] = {}  # final name → temporary path

    def __enter__(self) -> "StagedFiles":
        if self.folder.is_dir():
            finish_interrupted_commit(self.folder)
            clear_stale_temporaries(self.folder)
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            self.discard()

    def _temporary(self, name: str) -> tuple[int, str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = _mkstemp(self.folder, name)
        os.chmod(tmp_name, 0o644)
        self.staged[name] = tmp_name
        return fd, tmp_name

    def open(self, name: str):
        """A text handle (UTF-8) on the temporary file that becomes ``name``; close it before commit."""
        fd, _ = self._temporary(name)
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 20)

    def add(self, name: str, data: str | bytes) -> None:
        fd, _ = self._temporary(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)

    def digests(self) -> dict[str, str]:
        """The SHA-256 of each staged file (closed), by final name."""
        return {name: file_digest(tmp_name) for name, tmp_name in self.staged.items()}

    def commit(self) -> list[Path]:
        """Flush every staged file to disk, list the renames in the folder's journal, rename each
        file into place, then remove the journal; returns the final paths. A process killed between
        two renames leaves the journal, and :func:`finish_interrupted_commit` completes the set."""
        for tmp_name in self.staged.values():
            with open(tmp_name, "rb") as handle:
                os.fsync(handle.fileno())
        renames = [[Path(tmp_name).name, name] for name, tmp_name in self.staged.items()]
        journal = self.folder / JOURNAL_NAME
        write_atomic(journal, json.dumps({"pid": os.getpid(), "renames": renames}, ensure_ascii=False))
        _sync_folder(self.folder)
        written = []
        for name, tmp_name in self.staged.items():
            os.replace(tmp_name, self.folder / name)
            written.append(self.folder / name)
        self.staged.clear()
        _sync_folder(self.folder)
        journal.unlink()
        return written

    def discard(self) -> None:
        for tmp_name in self.staged.values():
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
        self.staged.clear()


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (POSIX; elsewhere a no-op)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _journal_renames(folder: Path) -> tuple[int, list[tuple[str, str]]] | None:
    """(pid, [(temporary, final name)]) of the journal in ``folder``; None when it is malformed."""
    with open(folder / JOURNAL_NAME, "rb") as handle:
        data = handle.read(JOURNAL_LIMIT + 1)
    try:
        journal = json.loads(data)
        pid, renames = journal["pid"], [(str(tmp), str(name)) for tmp, name in journal["renames"]]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if len(data) > JOURNAL_LIMIT or not isinstance(pid, int) or isinstance(pid, bool):
        return None
    for tmp, name in renames:
        found = _TEMPORARY.match(tmp)
        plain = name not in ("", ".", "..") and not any(mark in name for mark in "/\\\0")
        if not (found and plain and found.group(1) == name and int(found.group(2)) == pid):
            return None
    return pid, renames


def finish_interrupted_commit(folder: str | os.PathLike) -> list[Path]:
    """Complete the commit a killed build left half-done in ``folder`` (the files its journal lists
    that are still temporaries are renamed into place), so that the folder holds one build's files,
    never a mix; returns the files renamed. A journal of a process still running (a commit under
    way) is left to it; a malformed one, naming files other than its own temporaries, is removed
    without acting on it. Does nothing where there is no journal or the folder cannot be written."""
    folder = Path(folder)
    try:
        read = _journal_renames(folder)
    except OSError:
        return []
    renamed = []
    try:
        if read is not None:
            pid, renames = read
            if pid != os.getpid() and _running(pid):
                return []
            for tmp, name in renames:
                if (folder / tmp).is_file() and not (folder / tmp).is_symlink():
                    os.replace(folder / tmp, folder / name)
                    renamed.append(folder / name)
            _sync_folder(folder)
        (folder / JOURNAL_NAME).unlink()
    except OSError:
        pass
    return renamed


def file_digest(path: str | os.PathLike) -> str:
    """The SHA-256 of a file's bytes, read in blocks of 1 MB."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """The SHA-256 of several files: each one's path relative to ``root`` and its bytes, in path order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
