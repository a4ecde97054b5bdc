"""Shared fixtures: the repository's corpus, extracted once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def extractions():
    from kg.build.pipeline import extract_corpus

    return {e.document.id: e for e in extract_corpus(ROOT / "corpus")}
