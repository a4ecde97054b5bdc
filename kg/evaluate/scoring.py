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
    return _DROPPED_CHARS.sub("", unicodedata.normalize("NFKC", name).translate(_CHAR_MAP)).lower()


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
    # gold relations whose two ends some predicted entity shares a form with, and how many matched
    found_ends: Accuracy = field(default_factory=Accuracy)

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
#
# The rules are those of the reference scorer (shared/gold/score.py) and GUIDELINES.md:
# - names inside names: a Place, Company, Organization or Union that the text writes only
#   inside a longer name is optional; a gold one is dropped with its relations, a predicted
#   one that matches no remaining gold entity is ignored with its relations;
# - entities match one-to-one, gold in file order, on type and any shared form (name or
#   alias on either side), a predicted entity whose name is the gold name first;
# - a relation matches a gold one of its type whose ends are gold entities that share a form
#   with the predicted ends (whatever their type); unmatched predicted relations count once
#   per (type, subject, object);
# - role and year accuracy are over matched pairs whose gold relation states one.

NESTABLE_TYPES = frozenset({"Place", "Company", "Organization", "Union"})


@dataclass
class _Side:
    """One document's entities (type, preferred form, all forms) and relations, by entity index."""

    entities: list[tuple[str, str, frozenset[str]]]
    relations: list[tuple[int, int, ArticleRelation]]  # subject index, object index, relation


def _side(extraction: ArticleExtraction | None) -> _Side:
    if extraction is None:
        return _Side([], [])
    entities, index = [], {}
    for entity in extraction.entities:
        forms = {normalise_name(form) for form in (entity.name, *entity.aliases, entity.label or "")} - {""}
        index.setdefault(entity.key, len(entities))
        entities.append((entity.type, normalise_name(entity.label or entity.name), frozenset(forms)))
    relations = [(index[r.subject], index[r.object], r) for r in extraction.relations
                 if r.subject in index and r.object in index]
    return _Side(entities, relations)


def _nested_only(forms: Iterable[str], text: str, containers: list[str]) -> bool:
    """True where some form occurs in ``text`` and every occurrence of every form lies inside an
    occurrence of a longer container name."""
    seen = False
    for form in forms:
        start = text.find(form) if form else -1
        while start >= 0:
            seen = True
            if not any(_covers(container, form, start, text) for container in containers if len(container) > len(form)):
                return False
            start = text.find(form, start + 1)
    return seen


def _covers(container: str, form: str, start: int, text: str) -> bool:
    offset = container.find(form)
    while offset >= 0:
        begin = start - offset
        if begin >= 0 and text.startswith(container, begin):
            return True
        offset = container.find(form, offset + 1)
    return False


def _drop_nested(gold: _Side, predicted: _Side, text: str) -> tuple[set[int], set[int]]:
    """Indices of the optional gold entities and of the ignored predicted ones."""
    gold_containers = [form for kind, _, forms in gold.entities if kind != "Person" for form in forms]
    optional = {i for i, (kind, _, forms) in enumerate(gold.entities)
                if kind in NESTABLE_TYPES and _nested_only(forms, text, gold_containers)}
    containers = gold_containers + [form for kind, _, forms in predicted.entities if kind != "Person" for form in forms]
    kept_forms = {form for i, (_, _, forms) in enumerate(gold.entities) if i not in optional for form in forms}
    ignored = {i for i, (kind, _, forms) in enumerate(predicted.entities)
               if kind in NESTABLE_TYPES and not forms & kept_forms and _nested_only(forms, text, containers)}
    return optional, ignored


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


def _normalised_role(relation: ArticleRelation) -> str:
    return normalise_name(relation.role or "")


def evaluate(predicted: dict[str, ArticleExtraction], gold: dict[str, ArticleExtraction],
             texts: dict[str, str] | None = None) -> EvaluationReport:
    """Compare predictions with gold, document by document (documents without gold are skipped).
    ``texts`` (document id → text) turns on the names-inside-names rule for those documents."""
    entity_counts = {t: Counts() for t in ENTITY_TYPES}
    relation_counts = {t: Counts() for t in RELATION_TYPES}
    role_accuracy, year_accuracy, found_ends = Accuracy(), Accuracy(), Accuracy()
    documents = []
    for doc in sorted(gold):
        details = DocumentDetails(doc)
        gold_doc, predicted_doc = gold[doc], predicted.get(doc)
        g, p = _side(gold_doc), _side(predicted_doc)
        g_entities = gold_doc.entities
        p_entities = predicted_doc.entities if predicted_doc else []
        optional, ignored = set(), set()
        if texts is not None and doc in texts:
            optional, ignored = _drop_nested(g, p, normalise_name(texts[doc]))

        used: set[int] = set()  # predicted entities matched
        for j, (kind, name, forms) in enumerate(g.entities):
            if j in optional:
                continue
            candidates = [i for i, (p_kind, _, p_forms) in enumerate(p.entities)
                          if i not in used and i not in ignored and p_kind == kind and p_forms & forms]
            candidates.sort(key=lambda i: p.entities[i][1] != name)
            if candidates:
                used.add(candidates[0])
                entity_counts.setdefault(kind, Counts()).tp += 1
            else:
                entity_counts.setdefault(kind, Counts()).fn += 1
                details.missed_entities.append(render_entity(g_entities[j]))
        for i, (kind, _, _) in enumerate(p.entities):
            if i not in used and i not in ignored and kind in entity_counts:
                entity_counts[kind].fp += 1
                details.spurious_entities.append(render_entity(p_entities[i]))

        links = [{j for j, (_, _, forms) in enumerate(g.entities) if j not in optional and p_forms & forms}
                 for _, _, p_forms in p.entities]
        p_relations = [(s, o, r) for s, o, r in p.relations if s not in ignored and o not in ignored]
        used_relations: set[int] = set()
        pairs: dict[int, int] = {}  # gold relation index → predicted relation index
        live = [j for j, (s, o, _) in enumerate(g.relations) if s not in optional and o not in optional]
        for same_qualifiers_only in (True, False):  # a pair that agrees on role and year first
            for j in live:
                s, o, truth = g.relations[j]
                if j in pairs:
                    continue
                for i, (ps, po, relation) in enumerate(p_relations):
                    if (i not in used_relations and relation.type == truth.type and s in links[ps] and o in links[po]
                            and (not same_qualifiers_only or (_normalised_role(relation) == _normalised_role(truth)
                                                              and relation.year == truth.year))):
                        pairs[j] = i
                        used_relations.add(i)
                        break
        for j in live:
            s, o, truth = g.relations[j]
            if any(s in link for link in links) and any(o in link for link in links):
                found_ends.total += 1
                found_ends.correct += j in pairs
            if j not in pairs:
                relation_counts.setdefault(truth.type, Counts()).fn += 1
                details.missed_relations.append(render_relation(truth))
                continue
            relation_counts.setdefault(truth.type, Counts()).tp += 1
            relation = p_relations[pairs[j]][2]
            if truth.role:
                role_accuracy.total += 1
                if relation.role and _normalised_role(relation) == _normalised_role(truth):
                    role_accuracy.correct += 1
                else:
                    details.wrong_qualifiers.append(f"{render_relation(relation)}; gold role={truth.role}")
            if truth.year:
                year_accuracy.total += 1
                if relation.year == truth.year:
                    year_accuracy.correct += 1
                else:
                    details.wrong_qualifiers.append(f"{render_relation(relation)}; gold year={truth.year}")
        counted: set[tuple[str, int, int]] = set()
        for i, (s, o, relation) in enumerate(p_relations):
            if i in used_relations or (relation.type, s, o) in counted or relation.type not in relation_counts:
                continue
            counted.add((relation.type, s, o))
            relation_counts[relation.type].fp += 1
            details.spurious_relations.append(render_relation(relation))
        documents.append(details)
    return EvaluationReport(entity_counts, relation_counts, role_accuracy, year_accuracy, documents, found_ends)


def graph_view(extractions: list[ArticleExtraction]) -> dict[str, ArticleExtraction]:
    """Each document as the built graph shows it: the corpus entities it mentions, with every
    label they carry across the corpus, and the relations derived from it."""
    from kg.resolve.resolution import resolve_corpus

    corpus = resolve_corpus(extractions)
    by_id = {entity.id: entity for entity in corpus.entities}
    view = {document.id: ArticleExtraction(document, [], []) for document in corpus.documents}
    for entity in corpus.entities:
        for doc in entity.documents:
            view[doc].entities.append(ArticleEntity(entity.type, entity.label, entity.aliases))
    for relation in corpus.relations:
        if relation.document in view:
            subject, obj = by_id[relation.subject], by_id[relation.object]
            view[relation.document].relations.append(
                ArticleRelation(relation.type, (subject.type, subject.label), (obj.type, obj.label),
                                relation.evidence, relation.role, relation.year, relation.date))
    return view


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
    lines.append(f"{'relation recall (ends found)':<32}{report.found_ends.value:.3f}  "
                 f"({report.found_ends.correct}/{report.found_ends.total})")
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
        "relation_recall_ends_found": accuracy(report.found_ends),
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
