"""The extraction cache holds data, never code: a crafted, foreign, malformed or older entry is a miss,
a cache that cannot be used is skipped with one warning, and the build deletes only its own rows."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import os
import pickle
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from kg.build import cache as cache_module
from kg.build.cache import (
    FIELD_CODECS,
    STORE_NAME,
    ExtractionCache,
    MalformedEntry,
    content_digest,
    extractor_version,
    pack,
    unpack,
)
from kg.cli import main
from kg.model import ArticleEntity, ArticleExtraction, ArticleObservation, ArticleRelation, Document

OUTPUTS = ("graph.ttl", "graph.html")


@pytest.fixture
def corpus(root, tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("002_14808505821c751d.txt", "004_18dcb4811d5bd772.txt"):
        shutil.copy(root / "corpus" / name, folder / name)
    return folder


def build(corpus: Path, out: Path, *options: str) -> int:
    return main(["build", "--corpus", str(corpus), "--out", str(out), "--force", *options])


def digests(corpus: Path) -> list[str]:
    return [content_digest(path.suffix.lower().encode() + b"\0" + path.read_bytes()) for path in sorted(corpus.iterdir())]


def poison(cache: Path, corpus: Path, body: bytes) -> None:
    """Put ``body`` where the cache looks for each article of ``corpus``: as the pickle file of the
    earlier layout, and as the body of the article's row in the store (with a matching checksum)."""
    for digest in digests(corpus):
        old_entry = cache / extractor_version() / digest[:2] / f"{digest}.pickle"
        old_entry.parent.mkdir(parents=True, exist_ok=True)
        old_entry.write_bytes(body)
    store = cache / STORE_NAME
    if store.exists():
        with sqlite3.connect(store) as db:
            db.execute("UPDATE entries SET body = ?, checksum = ?", (body, hashlib.sha256(body).hexdigest()[:32]))


class RunsACommand:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_pickle_in_the_cache_runs_no_code(corpus, tmp_path, capsys):
    cache, marker = tmp_path / "cache", tmp_path / "code-ran"
    assert build(corpus, tmp_path / "first", "--cache", str(cache)) == 0
    poison(cache, corpus, pickle.dumps(RunsACommand(marker)))
    assert build(corpus, tmp_path / "out", "--cache", str(cache)) == 0
    assert not marker.exists()
    assert "from the cache" not in capsys.readouterr().out  # every poisoned entry was a miss
    assert all((tmp_path / "out" / name).read_bytes() == (tmp_path / "first" / name).read_bytes() for name in OUTPUTS)


def test_the_cache_code_never_unpickles():
    tree = ast.parse(Path(cache_module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names} | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


def test_an_entry_declaring_a_huge_length_is_a_miss(corpus, tmp_path, capsys):
    cache = tmp_path / "cache"
    assert build(corpus, tmp_path / "first", "--cache", str(cache)) == 0
    poison(cache, corpus, b"\x80\x04\x8e" + (1 << 40).to_bytes(8, "little") + b"x")  # BINBYTES8 of 2^40 bytes
    assert build(corpus, tmp_path / "out", "--cache", str(cache)) == 0
    assert "from the cache" not in capsys.readouterr().out


def test_an_entry_of_an_older_dataclass_shape_is_a_miss(corpus, tmp_path, capsys):
    cache = tmp_path / "cache"
    assert build(corpus, tmp_path / "first", "--cache", str(cache)) == 0
    older = object.__new__(ArticleEntity)  # an entity pickled before the ``label`` field existed
    for name, value in (("type", "Union"), ("name", "某市总工会"), ("aliases", ()), ("offices", ())):
        object.__setattr__(older, name, value)
    poison(cache, corpus, pickle.dumps(ArticleExtraction(Document("x.txt", "标题", ""), [older])))
    assert build(corpus, tmp_path / "out", "--cache", str(cache)) == 0
    assert "from the cache" not in capsys.readouterr().out
    with sqlite3.connect(cache / STORE_NAME) as db:  # a row written from other dataclasses: a miss too
        db.execute("UPDATE entries SET shape = '0123456789abcdef'")
    assert build(corpus, tmp_path / "again", "--cache", str(cache)) == 0
    assert "from the cache" not in capsys.readouterr().out
    assert build(corpus, tmp_path / "last", "--cache", str(cache)) == 0  # the misses were written afresh
    assert "(2 from the cache)" in capsys.readouterr().out


SAMPLE = ArticleExtraction(
    Document("a.txt", "标题", ""),
    [ArticleEntity("Union", "海口市总工会", ("市总工会",), (), None), ArticleEntity("Person", "王军", (), ("总书记",), "王軍")],
    [ArticleRelation("holdsPosition", ("Person", "王军"), ("Union", "海口市总工会"), "王军任主席。", "主席", 2017, "2017-10-24")],
    [ArticleObservation(("Union", "海口市总工会"), "会员", "609204", "人", "会员609204人。", None)])


@pytest.mark.parametrize("body", [
    b"", b"not compressed", pack(SAMPLE)[:-3], pack(SAMPLE) + b"more",
    __import__("zlib").compress(b"[" * 200_000), __import__("zlib").compress(b'{"document": 1}'),
    __import__("zlib").compress(pack(SAMPLE)),
], ids=["empty", "not zlib", "truncated", "trailing bytes", "deep nesting", "wrong layout", "twice compressed"])
def test_malformed_bodies_are_refused(body):
    with pytest.raises(MalformedEntry):
        unpack(body)


def test_a_body_that_inflates_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 1000)
    with pytest.raises(MalformedEntry):
        unpack(__import__("zlib").compress(b" " * 100_000))


def test_fields_of_a_wrong_type_are_refused():
    import json
    import zlib

    good = json.loads(zlib.decompress(pack(SAMPLE)))
    for path, value in ((("entities", 0, 2), "市总工会"), (("relations", 0, 5), "2017"), (("relations", 0, 5), True),
                        (("relations", 0, 1), ["Person"]), (("document",), ["a.txt", "标题"])):
        broken = json.loads(json.dumps(good))
        target = broken
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        with pytest.raises(MalformedEntry):
            unpack(zlib.compress(json.dumps(broken).encode()))


def test_every_field_of_the_cached_dataclasses_has_a_codec():
    for cls in (Document, ArticleEntity, ArticleRelation, ArticleObservation):
        for field in dataclasses.fields(cls):
            assert str(field.type) in FIELD_CODECS, f"{cls.__name__}.{field.name}: add a codec for {field.type}"


def test_extractions_round_trip_exactly(extractions):
    assert unpack(pack(SAMPLE)) == SAMPLE
    for extraction in extractions.values():
        assert unpack(pack(extraction)) == extraction


def test_a_user_folder_given_as_cache_loses_nothing(corpus, tmp_path):
    projects = tmp_path / "projects"
    for name in ("my_thesis_drafts", "photos_2024_june", "0123456789abcdef"):  # 16 characters, like old versions
        (projects / name).mkdir(parents=True)
        (projects / name / "chapter1.txt").write_text("mine", encoding="utf-8")
    (projects / "notes.txt").write_text("mine too", encoding="utf-8")
    before = sorted(str(path.relative_to(projects)) for path in projects.rglob("*"))
    assert build(corpus, tmp_path / "out", "--cache", str(projects)) == 0
    assert build(corpus, tmp_path / "out", "--cache", str(projects)) == 0
    after = sorted(str(path.relative_to(projects)) for path in projects.rglob("*"))
    assert after == sorted(before + [STORE_NAME])


def test_prune_keeps_the_versions_used_last(tmp_path):
    folder = tmp_path / "cache"
    for number in range(6):
        with ExtractionCache(folder, version=f"version{number:09d}") as cache:
            cache.put("d" * 64, SAMPLE)
            cache.prune()
    with sqlite3.connect(folder / STORE_NAME) as db:
        kept = sorted(version for (version,) in db.execute("SELECT DISTINCT version FROM entries"))
    assert kept == [f"version{number:09d}" for number in range(2, 6)]
    with ExtractionCache(folder, version="version000000005") as cache:
        assert cache.get("d" * 64, "renamed.txt") == dataclasses.replace(SAMPLE, document=Document("renamed.txt", "标题", ""))
        assert cache.get("e" * 64, "other.txt") is None


def test_the_key_covers_dependencies_and_the_profile(monkeypatch):
    assert extractor_version("accurate") == extractor_version() != extractor_version("fast")
    real = cache_module.metadata.version
    monkeypatch.setattr(cache_module.metadata, "version",
                        lambda name: "9.9.9" if name == "rjieba" else real(name))
    assert extractor_version.__wrapped__() != extractor_version()


def test_the_default_cache_folder_is_private(corpus, tmp_path, monkeypatch):
    monkeypatch.delenv("KG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out")]) == 0
    folder = tmp_path / "xdg" / "union-kg"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / STORE_NAME).stat().st_mode) == 0o600


def cache_warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "cache" in line]


def test_a_store_path_that_is_a_folder_warns_once_and_builds(corpus, tmp_path, capsys):
    cache = tmp_path / "cache"
    (cache / STORE_NAME).mkdir(parents=True)
    assert build(corpus, tmp_path / "out", "--cache", str(cache)) == 0
    assert build(corpus, tmp_path / "clean", "--no-cache") == 0
    captured = capsys.readouterr()
    assert len(cache_warnings(captured.err)) == 1 and "building without the cache" in captured.err
    assert all((tmp_path / "out" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes() for name in OUTPUTS)


def test_a_read_only_cache_folder_warns_once_and_builds(corpus, tmp_path, capsys, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: make creating the store fail as it would
        real_open = os.open

        def refusing_open(path, flags, *args, **kwargs):
            if Path(path).parent == cache and flags & os.O_CREAT:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(cache_module.os, "open", refusing_open)
    else:
        cache.chmod(0o500)
    assert build(corpus, tmp_path / "out", "--cache", str(cache)) == 0
    warnings = cache_warnings(capsys.readouterr().err)
    assert len(warnings) == 1 and "Permission denied" in warnings[0], warnings
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_a_link_under_the_store_name_is_not_followed(corpus, tmp_path, capsys):
    cache, victim = tmp_path / "cache", tmp_path / "victim.txt"
    cache.mkdir()
    victim.write_bytes(b"")  # SQLite would take an empty file for an empty database
    (cache / STORE_NAME).symlink_to(victim)
    assert build(corpus, tmp_path / "out", "--cache", str(cache)) == 0
    assert len(cache_warnings(capsys.readouterr().err)) == 1 and victim.read_bytes() == b""


@pytest.mark.parametrize("content", [b"these are my notes, not a database" * 100, "sqlite"],
                         ids=["garbage", "another program's database"])
def test_a_foreign_file_under_the_store_name_is_left_alone(corpus, tmp_path, capsys, content):
    cache = tmp_path / "cache"
    cache.mkdir()
    store = cache / STORE_NAME
    if content == "sqlite":
        with sqlite3.connect(store) as db:
            db.execute("CREATE TABLE entries (version, digest, shape, checksum, body)")
            db.execute("INSERT INTO entries VALUES ('v', 'd', 's', 'c', x'00')")
        db.close()
    else:
        store.write_bytes(content)
    before = store.read_bytes()
    assert build(corpus, tmp_path / "out", "--cache", str(cache)) == 0
    assert len(cache_warnings(capsys.readouterr().err)) == 1
    assert store.read_bytes() == before and sorted(os.listdir(cache)) == [STORE_NAME]
