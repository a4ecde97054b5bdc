"""The package layout shows the pipeline, and imports flow one way down it.

Stages, in the order data flows: read → extract → resolve → graph → export → build; sparql and
evaluate sit beside them (they may use every stage, no stage may use them); cli uses everything.
``kg.model`` (the dataclasses passed between stages) and ``kg.files`` (atomic writes, digests)
are shared by all.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"
SHARED = {"kg", "kg.model", "kg.files"}
ORDER = ["read", "extract", "resolve", "graph", "export", "build", "sparql", "evaluate", "cli"]
# Modules directly in kg/ that are not a stage: the entry points.
ENTRY_POINTS = {"cli": "cli", "__main__": "cli", "bench": "cli", "loadtest": "cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str | None:
    """The stage a kg module belongs to, or None for the shared modules."""
    if module in SHARED:
        return None
    parts = module.split(".")
    if len(parts) == 2 and parts[1] in ENTRY_POINTS:
        return ENTRY_POINTS[parts[1]]
    assert parts[1] in ORDER, f"{module} is in no stage package"
    return parts[1]


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for each kg import in the file, relative ones resolved."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "kg"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "kg":
                found.append((node.lineno, target))
                # "from kg.graph import triples" imports the module kg.graph.triples
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names
                          if (PACKAGE.parent / target.replace(".", "/") / f"{alias.name}.py").exists()]
    return found


def backward_imports() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source_stage = stage_of(module_name(path))
        for line, target in imports_of(path):
            target_stage = stage_of(target)
            if target_stage is None:
                continue
            if source_stage is None:
                problems.append(f"{path.relative_to(PACKAGE.parent)}:{line}: shared module imports {target}")
            elif ORDER.index(target_stage) > ORDER.index(source_stage) or \
                    (source_stage in ("sparql", "evaluate") and target_stage in ("sparql", "evaluate")
                     and target_stage != source_stage):
                problems.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {source_stage} imports {target} "
                                f"({target_stage}, a later stage)")
    return problems


def test_no_stage_imports_a_later_stage():
    assert backward_imports() == []


def test_the_checker_catches_an_import_that_runs_back_up(tmp_path, monkeypatch):
    """The same checker over a copy of kg/ with one backward import added reports exactly it."""
    import shutil

    copy = tmp_path / "kg"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    reader = copy / "read" / "reader.py"
    reader.write_text(reader.read_text(encoding="utf-8") + "\nfrom kg.export.html import write_html\n",
                      encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", copy)
    problems = backward_imports()
    assert len(problems) == 1 and problems[0].startswith("kg/read/reader.py:") and "kg.export.html" in problems[0]


def test_kg_shows_the_stages_at_a_glance():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 8, modules
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert set(ORDER[:-1]) <= packages


@pytest.mark.parametrize("stage", ORDER[:-1])
def test_each_stage_says_what_it_takes_and_gives(stage):
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.splitlines()) <= 3 and re.search(r"\bin\b", doc) and re.search(r"\bout\b", doc)


def test_the_tokeniser_and_rdflib_stay_in_their_stage():
    """jieba/rjieba only at the extract stage (and the benchmark's reference pass); rdflib from the
    graph stage on."""
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = stage_of(module_name(path))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
        names |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        if names & {"jieba", "rjieba"}:
            assert stage == "extract" or path.name == "bench.py", path
        if "rdflib" in names:
            assert stage is not None and ORDER.index(stage) >= ORDER.index("graph"), path
