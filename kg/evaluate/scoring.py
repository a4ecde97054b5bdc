"""Score per-article extractions against hand-made gold files.

Gold files (one ``<doc stem>.gold.json`` per document, see tests/data/gold/GUIDELINES.md)
load into :class:`~kg.model.ArticleExtraction` objects; :func:`evaluate` matches predicted
entities and relations to gold ones, one-to-one and per document, and counts true
positives, false positives and false negatives per type.

Conventions: precision is 0.0 when nothing was predicted, recall is 0.0 when there is no
gold, F1 is 0.0 when precision + recall is 0; an accuracy over zero cases is 0.0 (the
counts are always reported next to it).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import (
    ENTITY_TYPES,
    RELATION_TYPES,
    ArticleEntity,
    ArticleExtraction,
    ArticleRelation,
    Document,
)

GOLD_SUFFIX = ".gold.json"

_DROPPED_CHARS = re.compile(r"[\s“”\"'‘’「」『』《》〈〉]")
_CHAR_MAP = str.maketrans({"（": "(", "）": ")", "・": "·", "･": "·", "‧": "·", "•": "·"})


class GoldFormatError(ValueError):
    """A gold file that cannot be read as the guidelines describe."""


def normalise_name(name: str) -> str:
    """The form names (and roles) are compared in: no quotes, title marks or spaces; half-width ASCII."""
    return _DROPPED_CHARS.sub("", unicodedata.normalize("NFKC", name).translate(_CHAR_MAP))


# --------------------------------------------------------------------------- gold files


def load_gold(directory: str | Path) -> dict[str, ArticleExtraction]:
    """Read every ``*.gold.json`` in ``directory``, keyed by document file name."""
    folder = Path(directory)
    if not folder.is_dir():
        raise FileNotFoundError(f"gold directory not found: {folder}")
    gold: dict[str, ArticleExtraction] = {}
    for path in sorted(folder.glob("*" + GOLD_SUFFIX)):
        extraction = _read_gold_file(path)
        doc = extraction.document.id
        if doc in gold:
            raise GoldFormatError(f"{path.name}: document {doc!r} already has a gold file")
        gold[doc] = extraction
    return gold


def _read_gold_file(path: Path) -> ArticleExtraction:
    def fail(problem: str) -> GoldFormatError:
        return GoldFormatError(f"{path.name}: {problem}")

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise fail(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise fail("top level is not an object")
    for key, kind in (("doc", str), ("entities", list), ("relations", list)):
        if not isinstance(data.get(key), kind):
            raise fail(f"missing or malformed {key!r}")
    doc = data["doc"]
    if path.name != Path(doc).stem + GOLD_SUFFIX:
        raise fail(f"file name does not match doc {doc!r}")

    entities: list[ArticleEntity] = []
    keys_by_id: dict[str, tuple[str, str]] = {}
    for number, item in enumerate(data["entities"], 1):
        where = f"entity #{number}"
        if not isinstance(item, dict):
            raise fail(f"{where} is not an object")
        for key in ("id", "type", "name"):
            if not isinstance(item.get(key), str) or not item[key]:
                raise fail(f"{where}: missing or malformed {key!r}")
        where = f"entity {item['id']!r}"
        if item["type"] not in ENTITY_TYPES:
            raise fail(f"{where}: unknown entity type {item['type']!r}")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise fail(f"{where}: 'aliases' is not a list of strings")
        if item["id"] in keys_by_id:
            raise fail(f"duplicate entity id {item['id']!r}")
        entity = ArticleEntity(item["type"], item["name"], tuple(aliases))
        if entity.key in keys_by_id.values():
            raise fail(f"{where}: duplicate entity {item['type']}:{item['name']}")
        keys_by_id[item["id"]] = entity.key
        entities.append(entity)

    relations: list[ArticleRelation] = []
    for number, item in enumerate(data["relations"], 1):
        where = f"relation #{number}"
        if not isinstance(item, dict):
            raise fail(f"{where} is not an object")
        for key in ("type", "subject", "object"):
            if not isinstance(item.get(key), str):
                raise fail(f"{where}: missing or malformed {key!r}")
        if item["type"] not in RELATION_TYPES:
            raise fail(f"{where}: unknown relation type {item['type']!r}")
        for key in ("subject", "object"):
            if item[key] not in keys_by_id:
                raise fail(f"{where}: {key} {item[key]!r} is not an entity id")
        role, year = item.get("role"), item.get("year")
        if role is not None and not isinstance(role, str):
            raise fail(f"{where}: 'role' is not a string")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise fail(f"{where}: 'year' is not an integer")
        relations.append(
            ArticleRelation(
                type=item["type"],
                subject=keys_by_id[item["subject"]],
                object=keys_by_id[item["object"]],
                evidence="",
                role=role,
                year=year,
            )
        )
    return ArticleExtraction(Document(id=doc, title="", text=""), entities, relations)


# --------------------------------------------------------------------------- report


@dataclass
class Counts:
    """True positives, false positives and false negatives of one type (or all types)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self


@dataclass
class Accuracy:
    """How many of the matched pairs that have a gold qualifier got it right."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class DocumentDetails:
    """What went wrong in one document, rendered as text."""

    doc: str
    missed_entities: list[str] = field(default_factory=list)  # gold, not matched
    spurious_entities: list[str] = field(default_factory=list)  # predicted, not matched
    missed_relations: list[str] = field(default_factory=list)
    spurious_relations: list[str] = field(default_factory=list)
    wrong_qualifiers: list[str] = field(default_factory=list)  # matched, but role or year differs

    @property
    def is_perfect(self) -> bool:
        return not (
            self.missed_entities
            or self.spurious_entities
            or self.missed_relations
            or self.spurious_relations
            or self.wrong_qualifiers
        )


@dataclass
class EvaluationReport:
    """Counts per entity type and per relation type, qualifier accuracy and per-document details."""

    entity_counts: dict[str, Counts]
    relation_counts: dict[str, Counts]
    role_accuracy: Accuracy
    year_accuracy: Accuracy
    documents: list[DocumentDetails]

    @property
    def entities(self) -> Counts:
        """Micro totals over all entity types."""
        return _sum_counts(self.entity_counts.values())

    @property
    def relations(self) -> Counts:
        """Micro totals over all relation types."""
        return _sum_counts(self.relation_counts.values())


def _sum_counts(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for item in counts:
        total += item
    return total


# --------------------------------------------------------------------------- matching


def _greedy_pairs(candidates: list[tuple[int, int, int]]) -> dict[int, int]:
    """One-to-one pairs from (preference, predicted index, gold index), best preference first."""
    pairs: dict[int, int] = {}
    used_gold: set[int] = set()
    for _, predicted, gold in sorted(candidates):
        if predicted not in pairs and gold not in used_gold:
            pairs[predicted] = gold
            used_gold.add(gold)
    return pairs


def match_entities(predicted: list[ArticleEntity], gold: list[ArticleEntity]) -> dict[int, int]:
    """Predicted index → gold index. Same type; exact names first, then alias matches."""
    gold_names = [normalise_name(g.name) for g in gold]
    gold_aliases = [{normalise_name(a) for a in g.aliases} for g in gold]
    candidates = []
    for i, p in enumerate(predicted):
        name = normalise_name(p.name)
        aliases = {normalise_name(a) for a in p.aliases}
        for j, g in enumerate(gold):
            if p.type != g.type:
                continue
            if name == gold_names[j]:
                candidates.append((0, i, j))
            elif name in gold_aliases[j] or gold_names[j] in aliases:
                candidates.append((1, i, j))
    return _greedy_pairs(candidates)


def _normalised_role(relation: ArticleRelation) -> str:
    return normalise_name(relation.role or "")


def _same_qualifiers(p: ArticleRelation, g: ArticleRelation) -> bool:
    return _normalised_role(p) == _normalised_role(g) and p.year == g.year


def match_relations(
    predicted: list[ArticleRelation],
    gold: list[ArticleRelation],
    gold_key_of: dict[tuple[str, str], tuple[str, str]],
) -> dict[int, int]:
    """Predicted index → gold index. ``gold_key_of`` maps matched predicted entity keys to gold keys."""
    candidates = []
    for i, p in enumerate(predicted):
        subject, obj = gold_key_of.get(p.subject), gold_key_of.get(p.object)
        if subject is None or obj is None:
            continue
        for j, g in enumerate(gold):
            if p.type == g.type and subject == g.subject and obj == g.object:
                candidates.append((0 if _same_qualifiers(p, g) else 1, i, j))
    return _greedy_pairs(candidates)


def render_entity(entity: ArticleEntity) -> str:
    return f"{entity.type}:{entity.name}"


def render_relation(relation: ArticleRelation) -> str:
    """E.g. ``holdsPosition(盛林 → 海口市总工会, role=主席)``."""
    text = f"{relation.type}({relation.subject[1]} → {relation.object[1]}"
    if relation.role is not None:
        text += f", role={relation.role}"
    if relation.year is not None:
        text += f", year={relation.year}"
    return text + ")"


def evaluate(predicted: dict[str, ArticleExtraction], gold: dict[str, ArticleExtraction]) -> EvaluationReport:
    """Compare predictions with gold, document by document (documents without gold are skipped)."""
    entity_counts = {t: Counts() for t in ENTITY_TYPES}
    relation_counts = {t: Counts() for t in RELATION_TYPES}
    role_accuracy, year_accuracy = Accuracy(), Accuracy()
    documents = []
    for doc in sorted(gold):
        gold_doc = gold[doc]
        predicted_doc = predicted.get(doc)
        p_entities = predicted_doc.entities if predicted_doc else []
        p_relations = predicted_doc.relations if predicted_doc else []
        details = DocumentDetails(doc)

        entity_pairs = match_entities(p_entities, gold_doc.entities)
        gold_key_of: dict[tuple[str, str], tuple[str, str]] = {}
        for i, j in entity_pairs.items():
            gold_key_of.setdefault(p_entities[i].key, gold_doc.entities[j].key)
        matched_gold = set(entity_pairs.values())
        for i, entity in enumerate(p_entities):
            counts = entity_counts.setdefault(entity.type, Counts())
            if i in entity_pairs:
                counts.tp += 1
            else:
                counts.fp += 1
                details.spurious_entities.append(render_entity(entity))
        for j, entity in enumerate(gold_doc.entities):
            if j not in matched_gold:
                entity_counts.setdefault(entity.type, Counts()).fn += 1
                details.missed_entities.append(render_entity(entity))

        relation_pairs = match_relations(p_relations, gold_doc.relations, gold_key_of)
        matched_gold = set(relation_pairs.values())
        for i, relation in enumerate(p_relations):
            counts = relation_counts.setdefault(relation.type, Counts())
            if i not in relation_pairs:
                counts.fp += 1
                details.spurious_relations.append(render_relation(relation))
                continue
            counts.tp += 1
            truth = gold_doc.relations[relation_pairs[i]]
            if truth.type == "holdsPosition" and truth.role:
                role_accuracy.total += 1
                if _normalised_role(relation) == _normalised_role(truth):
                    role_accuracy.correct += 1
                else:
                    details.wrong_qualifiers.append(f"{render_relation(relation)}; gold role={truth.role}")
            if truth.type == "receivedAward" and truth.year is not None:
                year_accuracy.total += 1
                if relation.year == truth.year:
                    year_accuracy.correct += 1
                else:
                    details.wrong_qualifiers.append(f"{render_relation(relation)}; gold year={truth.year}")
        for j, relation in enumerate(gold_doc.relations):
            if j not in matched_gold:
                relation_counts.setdefault(relation.type, Counts()).fn += 1
                details.missed_relations.append(render_relation(relation))
        documents.append(details)
    return EvaluationReport(entity_counts, relation_counts, role_accuracy, year_accuracy, documents)


# --------------------------------------------------------------------------- output


def format_report(report: EvaluationReport, details: bool = False) -> str:
    """A plain-text table (TP FP FN P R F1 per type and in total); per-document errors if ``details``."""
    names = [*report.entity_counts, *report.relation_counts, "all relations"]
    label_width = 2 + max(len(name) for name in names) + 2  # indent, name, gap

    def row(label: str, counts: Counts) -> str:
        return (
            f"{label:<{label_width}}{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
            f"{counts.precision:>8.3f}{counts.recall:>8.3f}{counts.f1:>8.3f}"
        )

    header = f"{'':<{label_width}}{'TP':>6}{'FP':>6}{'FN':>6}{'P':>8}{'R':>8}{'F1':>8}"
    lines = [f"gold documents: {len(report.documents)}", "", "entities", header]
    lines += [row("  " + name, counts) for name, counts in report.entity_counts.items()]
    lines += [row("  all entities", report.entities), "", "relations", header]
    lines += [row("  " + name, counts) for name, counts in report.relation_counts.items()]
    lines += [row("  all relations", report.relations), ""]
    for label, accuracy in (
        ("role accuracy (holdsPosition)", report.role_accuracy),
        ("year accuracy (receivedAward)", report.year_accuracy),
    ):
        lines.append(f"{label:<32}{accuracy.value:.3f}  ({accuracy.correct}/{accuracy.total})")
    if details:
        for doc in report.documents:
            lines += ["", f"== {doc.doc}"]
            if doc.is_perfect:
                lines.append("  no errors")
            for label, items in (
                ("missed entity", doc.missed_entities),
                ("spurious entity", doc.spurious_entities),
                ("missed relation", doc.missed_relations),
                ("spurious relation", doc.spurious_relations),
                ("wrong qualifier", doc.wrong_qualifiers),
            ):
                lines += [f"  {label:<18}{item}" for item in items]
    return "\n".join(lines) + "\n"


def report_as_dict(report: EvaluationReport) -> dict:
    """The report as plain JSON-serialisable data (``kg eval --json``)."""

    def counts(c: Counts) -> dict:
        return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall, "f1": c.f1}

    def accuracy(a: Accuracy) -> dict:
        return {"correct": a.correct, "total": a.total, "accuracy": a.value}

    return {
        "documents": len(report.documents),
        "entities": {
            "by_type": {name: counts(c) for name, c in report.entity_counts.items()},
            "all": counts(report.entities),
        },
        "relations": {
            "by_type": {name: counts(c) for name, c in report.relation_counts.items()},
            "all": counts(report.relations),
        },
        "role_accuracy": accuracy(report.role_accuracy),
        "year_accuracy": accuracy(report.year_accuracy),
        "details": [
            {
                "doc": d.doc,
                "missed_entities": d.missed_entities,
                "spurious_entities": d.spurious_entities,
                "missed_relations": d.missed_relations,
                "spurious_relations": d.spurious_relations,
                "wrong_qualifiers": d.wrong_qualifiers,
            }
            for d in report.documents
        ],
    }
