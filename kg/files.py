"""Atomic file writes: a reader never sees a half-written export under its final name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: str | bytes, sync: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.
    ``sync=False`` skips the fsync, for caches whose loss only costs time."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
    leaving the previous outputs untouched."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.staged: dict[str, str] = {}  # final name → temporary path

    def __enter__(self) -> "StagedFiles":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            self.discard()

    def _temporary(self, name: str) -> tuple[int, str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
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
