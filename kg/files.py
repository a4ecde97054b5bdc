"""Files: atomic writes (a reader never sees a half-written export under its final name) and digests.

Temporaries are named ``.<final name>.<pid>.<random>.tmp`` in the target's folder; a process killed
while writing leaves them behind, and the next :class:`StagedFiles` in that folder removes those
of processes no longer running.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable

_TEMPORARY = re.compile(r"\..+\.(\d+)\.[a-z0-9_]{8}\.tmp\Z")


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
            if found and entry.is_file(follow_symlinks=False) and not _running(int(found.group(1))):
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

    def commit(self) -> list[Path]:
        """Flush every staged file to disk, then rename each into place; returns the final paths."""
        for tmp_name in self.staged.values():
            with open(tmp_name, "rb") as handle:
                os.fsync(handle.fileno())
        written = []
        for name, tmp_name in self.staged.items():
            os.replace(tmp_name, self.folder / name)
            written.append(self.folder / name)
        self.staged.clear()
        return written

    def discard(self) -> None:
        for tmp_name in self.staged.values():
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
        self.staged.clear()


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
