"""The build manifest: what the last successful build read and wrote, so that a build over an
unchanged corpus, with unchanged code and options, can say "up to date" instead of rebuilding.

``<out>/.kg-build.json`` records a key (a digest of the code of the ``kg`` package and the
ontology files, the build options and every input file's name and content digest) and the
digest of every output file. A build whose key matches and whose outputs are all still there,
unaltered, is skipped. The manifest is one of the files a build switches at once
(:class:`kg.files.StagedFiles`), so it always describes the files beside it.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from kg.files import file_digest, files_digest, finish_interrupted_commit

MANIFEST_NAME = ".kg-build.json"
PACKAGE = Path(__file__).resolve().parents[1]
ONTOLOGY_FOLDER = PACKAGE.parent / "ontology"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of every source and data file of the package, and of the ontology and shapes."""
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += list(ONTOLOGY_FOLDER.glob("*.ttl")) + list(ONTOLOGY_FOLDER.glob("*.jsonld"))
    return files_digest(files, PACKAGE.parent)


def build_key(inputs: list[tuple[str, str]], options: dict) -> str:
    """The key of a build: code version, options, and each input's (file name, content digest)."""
    canonical = json.dumps({"code": code_version(), "options": options, "inputs": inputs},
                           ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def up_to_date(out: str | Path, key: str) -> dict | None:
    """The manifest of ``out`` when it records ``key`` and every output it lists is unaltered."""
    if Path(out).is_dir():
        finish_interrupted_commit(out)
    try:
        manifest = json.loads((Path(out) / MANIFEST_NAME).read_text(encoding="utf-8"))
        if manifest.get("key") != key:
            return None
        for name, digest in manifest["outputs"].items():
            if file_digest(Path(out) / name) != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest


def render(key: str, digests: dict[str, str], summary: dict) -> str:
    """The manifest of a build whose output files (by name) have these SHA-256 ``digests``."""
    manifest = {"key": key, "outputs": dict(sorted(digests.items())), "summary": summary}
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
