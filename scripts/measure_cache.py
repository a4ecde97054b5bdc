"""Size and speed of the extraction cache per 1,000 articles.

Extracts the articles of corpus/ and tests/data/dev/ once, then stores 1,000 entries (those
extractions in turn, each under its own digest) in a fresh cache, reads them all back, and
prints the time per 1,000 writes and reads and the bytes the cache holds on disk.

    python scripts/measure_cache.py [--implementation FILE.py]

``--implementation`` loads ExtractionCache from another file (e.g. an earlier kg/build/cache.py,
``git show main:kg/build/cache.py > /tmp/old_cache.py``) to compare.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENTRIES = 1000


def load_cache_class(implementation: str | None):
    if implementation is None:
        from kg.build.cache import ExtractionCache
        return ExtractionCache
    spec = importlib.util.spec_from_file_location("measured_cache", implementation)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ExtractionCache


def folder_bytes(folder: Path) -> tuple[int, int]:
    """(bytes of the files, bytes of the disk blocks they take) under ``folder``."""
    files = [path.stat() for path in folder.rglob("*") if path.is_file()]
    return sum(stat.st_size for stat in files), sum(stat.st_blocks * 512 for stat in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--implementation", help="a cache.py to measure instead of kg/build/cache.py")
    args = parser.parse_args()
    from kg.build.article import extract_document
    from kg.read.reader import read_document

    paths = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev").glob("*.txt"))
    extractions = [extract_document(read_document(path)).extraction for path in paths]
    cache_class = load_cache_class(args.implementation)
    with tempfile.TemporaryDirectory() as scratch:
        cache = cache_class(Path(scratch) / "cache", version="0123456789abcdef")
        digests = [hashlib.sha256(str(number).encode()).hexdigest() for number in range(ENTRIES)]
        started = time.perf_counter()
        for number, digest in enumerate(digests):
            cache.put(digest, extractions[number % len(extractions)])
        getattr(cache, "close", lambda: None)()
        wrote = time.perf_counter() - started
        size, on_disk = folder_bytes(Path(scratch) / "cache")
        files = sum(1 for path in (Path(scratch) / "cache").rglob("*") if path.is_file())
        cache = cache_class(Path(scratch) / "cache", version="0123456789abcdef")
        started = time.perf_counter()
        hits = sum(cache.get(digest, f"{number}.txt") is not None for number, digest in enumerate(digests))
        read = time.perf_counter() - started
        getattr(cache, "close", lambda: None)()
    print(f"{args.implementation or 'kg/build/cache.py'}: {ENTRIES} entries ({len(paths)} distinct extractions), "
          f"{hits} hits; write {wrote * 1000:.0f} ms per 1,000, read {read * 1000:.0f} ms "
          f"per 1,000; {size / 1e6:.2f} MB in {files} file(s) ({size / ENTRIES / 1000:.1f} kB an article), "
          f"{on_disk / 1e6:.2f} MB of disk blocks"
          f"; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
