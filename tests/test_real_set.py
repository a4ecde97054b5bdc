"""Floors on the real articles of ../shared/gold/real (third-party text, read in place, never copied
into the repository); skipped where that folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate.scoring import evaluate, load_gold

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "gold" / "real"


@pytest.fixture(scope="module")
def real_report():
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent")
    from kg.build.pipeline import extract_article
    from kg.read.reader import read_document

    gold = load_gold(REAL)
    predicted = {doc_id: extract_article(read_document(REAL / doc_id)) for doc_id in gold}
    return evaluate(predicted, gold)


def test_people_floor_on_the_real_set(real_report):
    """People in lists, bylines, middle-dot names, after role words (today P 1.00, R 0.99)."""
    people = real_report.entity_counts["Person"]
    assert people.precision >= 0.97
    assert people.recall >= 0.95


def test_awards_floor_on_the_real_set(real_report):
    """Local honours, quoted and listed awards, names that do not swallow counts (today F1 0.94)."""
    assert real_report.entity_counts["Award"].f1 >= 0.88
