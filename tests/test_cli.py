"""The command line as a person types it: mistakes in paths and queries give one line that names
the path or says what is wrong in words, a non-zero exit and no traceback."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str, command: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg {command}: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_text("海口市总工会\n\n海口市总工会主席盛林慰问劳模。\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def exports(tmp_path_factory, corpus) -> Path:
    out = tmp_path_factory.mktemp("exports")
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--no-cache"]) == 0
    return out


# --- kg build: paths ---------------------------------------------------------------------------------

def test_build_out_on_an_existing_file(capsys, tmp_path, corpus):
    target = tmp_path / "graph.ttl"
    target.write_text("kept", encoding="utf-8")
    code, _, err = run(capsys, "build", "--corpus", str(corpus), "--out", str(target), "--no-cache")
    assert code == 1
    assert one_error_line(err, "build") == f"kg build: error: --out {target}: is a file, not a folder"
    assert target.read_text(encoding="utf-8") == "kept"


def test_build_out_under_a_file(capsys, tmp_path, corpus):
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "build", "--corpus", str(corpus), "--out", str(tmp_path / "file" / "exports"))
    assert code == 1
    assert one_error_line(err, "build").endswith(f"{tmp_path / 'file'} is a file, not a folder")


def unprivileged() -> list[str]:
    """A command prefix under which file permissions apply: none for a user, setpriv without the
    capabilities that let root pass them for root."""
    if not AS_ROOT:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions do not apply")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def kg_process(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([*unprivileged(), sys.executable, "-m", "kg", *argv], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_build_out_on_a_read_only_folder(tmp_path, corpus):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        completed = kg_process("build", "--corpus", str(corpus), "--out", str(locked / "exports"), "--no-cache")
    finally:
        locked.chmod(0o755)
    assert completed.returncode == 1
    assert one_error_line(completed.stderr, "build") == \
        f"kg build: error: --out {locked / 'exports'}: cannot write into {locked} (Permission denied)"
    assert list(locked.iterdir()) == []


def test_build_out_refused_by_the_system_while_writing(capsys, tmp_path, corpus, monkeypatch):
    """The system can refuse a folder the early check let through (root on a read-only mount):
    the build stops with the path and the reason, and leaves nothing behind."""
    import kg.files

    out = tmp_path / "exports"

    def refuse(folder, name):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(kg.files, "_mkstemp", refuse)
    code, _, err = run(capsys, "build", "--corpus", str(corpus), "--out", str(out), "--no-cache")
    assert code == 1
    assert one_error_line(err, "build") == f"kg build: error: {out}: Permission denied"


def test_build_corpus_folder_that_cannot_be_read(tmp_path, corpus):
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "a.txt").write_bytes((corpus / "a.txt").read_bytes())
    closed.chmod(0)
    try:
        completed = kg_process("build", "--corpus", str(closed), "--out", str(tmp_path / "out"), "--no-cache")
    finally:
        closed.chmod(0o755)
    assert completed.returncode == 1
    assert one_error_line(completed.stderr, "build") == f"kg build: error: {closed}: Permission denied"


def test_build_corpus_folder_refused_by_the_system(capsys, tmp_path, corpus, monkeypatch):
    listing = pathlib.Path.iterdir

    def refuse(self):
        if self == corpus:
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(pathlib.Path, "iterdir", refuse)
    code, _, err = run(capsys, "build", "--corpus", str(corpus), "--out", str(tmp_path / "out"))
    assert code == 1
    assert one_error_line(err, "build") == f"kg build: error: {corpus}: Permission denied"
    assert not (tmp_path / "out").exists()


# --- kg query: what the argument is ------------------------------------------------------------------

def test_query_path_that_does_not_exist(capsys, exports):
    for argument in ("ontology/queries/nope.rq", "nope.rq", "queries/officers.sparql"):
        code, out, err = run(capsys, "query", argument, "--out", str(exports))
        assert code == 1 and out == ""
        assert one_error_line(err, "query") == f"kg query: error: {argument}: no such file"


def test_query_folder_and_non_utf8_file(capsys, exports, tmp_path):
    code, _, err = run(capsys, "query", str(tmp_path), "--out", str(exports))
    assert code == 1 and one_error_line(err, "query").endswith(f"{tmp_path}: a folder, not a query file")
    latin = tmp_path / "q.rq"
    latin.write_bytes("SELECT * WHERE { ?s ?p \"é\" }".encode("latin-1"))
    code, _, err = run(capsys, "query", str(latin), "--out", str(exports))
    assert code == 1 and one_error_line(err, "query").endswith(f"{latin}: not UTF-8 text")


@pytest.mark.parametrize("update, keyword", [
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("PREFIX ex: <http://example.org/#>\n# add one\ninsert data { ex:a ex:b ex:c }", "INSERT"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("DROP GRAPH <http://example.org/g>", "DROP"),
    ("WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
])
def test_query_refuses_an_update_as_read_only(capsys, exports, update, keyword):
    code, out, err = run(capsys, "query", update, "--out", str(exports))
    assert code == 1 and out == ""
    line = one_error_line(err, "query")
    assert line.startswith(f"kg query: error: the graph is read-only: {keyword} is a SPARQL update")
    assert (exports / "graph.ttl").stat().st_size > 0


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_query_that_is_empty(capsys, exports, text):
    code, _, err = run(capsys, "query", text, "--out", str(exports))
    assert code == 1 and one_error_line(err, "query") == "kg query: error: the query is empty"


def test_query_file_with_only_prefixes_is_empty(capsys, exports, tmp_path):
    path = tmp_path / "prefixes.rq"
    path.write_text("PREFIX ukg: <https://union-kg.org/ontology#>\n", encoding="utf-8")
    code, _, err = run(capsys, "query", str(path), "--out", str(exports))
    assert code == 1 and one_error_line(err, "query").startswith("kg query: error: the query is empty: it has PREFIX")


@pytest.mark.parametrize("query, where, found", [
    ("SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", "line 1, column 30", 'unexpected "ORDER ?x"'),
    ("ASK { ?s ?p ?o } junk", "line 1, column 18", 'unexpected "junk"'),
    ("SELECT ?x\nWHERE {\n  ?x ?p ?o .\n  ?x ?q\n}", "line 4, column 3", 'unexpected "?x ?q"'),
    ("SELECT ?x WHERE { ?x ?p ?o ", "line 1, column 28", "the query ends too soon"),
    ("SELEC ?x WHERE { ?x ?p ?o }", "line 1, column 1", 'a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE '
                                                        '(after any PREFIX lines), not "SELEC"'),
    ("SELECT ?x WHERE {\n  ?x nope:thing ?o }", "line 2, column 6", 'unknown prefix "nope:"'),
    ("SELECT ?x WHERE { ?x <http://a b> ?o }", "line 1, column 34", "an IRI that is not valid"),
])
def test_query_syntax_error_in_words(capsys, exports, query, where, found):
    code, _, err = run(capsys, "query", query, "--out", str(exports))
    assert code == 1
    line = one_error_line(err, "query")
    assert line.startswith(f"kg query: error: syntax error at {where}: ") and found in line, line
    assert not re.search(r"\[_\]|expected one of|'\\\\u", line), line


def test_shipped_queries_still_run(capsys, exports):
    code, out, err = run(capsys, "query", str(ROOT / "ontology" / "queries" / "union-officers.rq"),
                         "--out", str(exports))
    assert code == 0 and err == ""
    assert out.splitlines()[0].split() == ["person", "role", "union"] and "盛林" in out


# --- kg validate --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, text, reason", [
    ("broken.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated .\n',
     "line 2: newline found in string literal"),
    ("prefix.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b foo:c .\n", 'line 2: Prefix "foo:" not bound'),
    ("broken.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> \"x\"\n",
     "at line 3 column 1: Quads must be followed by a dot"),
])
def test_validate_names_the_reason_a_file_does_not_parse(capsys, tmp_path, name, text, reason):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    line = one_error_line(err, "validate")
    assert line.startswith(f"kg validate: error: {path}: not valid ") and reason in line, line
    assert not line.rstrip().endswith(":")


# --- kg itself and kg bench ---------------------------------------------------------------------------

def test_version_and_bare_kg():
    version = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True,
                             cwd=ROOT, timeout=60)
    from kg import __version__

    assert version.returncode == 0 and version.stdout.strip() == f"kg (union-kg) {__version__}"
    bare = subprocess.run([sys.executable, "-m", "kg"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert bare.returncode == 0 and bare.stderr == ""
    assert bare.stdout.startswith("usage: kg") and "kg build" in bare.stdout and "kg query" in bare.stdout


def test_bench_speaks_of_targets_in_the_users_terms(capsys):
    with pytest.raises(SystemExit) as exit_code:
        main(["bench", "--help"])
    assert exit_code.value.code == 0
    text = capsys.readouterr().out
    assert "--check" in text and ">= 3 MB/s" in text
    assert not re.search(r"\bissue\b", text, re.I)
    from kg.evaluate import bench

    assert not re.search(r"\bissue\b", Path(bench.__file__).read_text(encoding="utf-8"), re.I)


def test_bench_check_fails_when_a_target_is_not_met(tmp_path):
    """One size cannot show linear cost: that target is not met, so --check exits 1."""
    completed = subprocess.run(
        [sys.executable, "-m", "kg", "bench", "--sizes", "0.01", "--formats", "ttl", "--keep", str(tmp_path),
         "--check"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert "linear cost: not measured (give two sizes or more): NOT met" in completed.stdout
    unmet = sum(line.endswith("NOT met") for line in completed.stdout.splitlines())
    assert completed.returncode == 1
    assert completed.stderr.strip().splitlines()[-1] == f"kg bench: {unmet} of 7 targets not met"
