"""Entity resolution: the forms one article uses for an entity, then the same entity across
articles (by type and canonical name), into a ResolvedCorpus with stable ids."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from .admin import admin_table
from .model import (ORGANISATION_TYPES, ArticleEntity, ArticleExtraction, ArticleRelation, Document, Entity,
                    Mention, Relation, ResolvedCorpus)


def _company_core(name: str) -> tuple[str, str]:
    """齐鲁制药(海南)有限公司 and 海南齐鲁制药有限公司 share the core 齐鲁制药有限公司 and the
    place 海南; 海口市港航控股有限公司 and 海南港航控股有限公司 share the core only."""
    table = admin_table()
    places = []

    def drop_place(match: re.Match) -> str:
        if table.lookup(match.group(1)):
            places.append(table.lookup(match.group(1))[0].code)
            return ""
        return match.group(0)

    core = re.sub(r"\(([^()]*)\)", drop_place, name)
    for length in range(4, 1, -1):
        if table.lookup(core[:length]):
            places.append(table.lookup(core[:length])[0].code)
            core = core[length:]
            break
    return core, ",".join(sorted(places))


def _short_programme_form(short: str, long: str) -> bool:
    """送温暖 in 冬送温暖, 12351维权热线 in 12351职工维权热线: the short name is the long one
    with a season or a few characters left out, same start or same end."""
    if len(long) <= len(short) or len(short) < 3:
        return False
    if long.endswith(short) and len(long) - len(short) == 1 and long[0] in "春夏秋冬":
        return True
    if len(short) < 5 or short[:2] != long[:2] or short[-2:] != long[-2:]:
        return False
    remaining = iter(long)
    return all(char in remaining for char in short) and len(long) - len(short) <= 4


def resolve_article(document: Document, mentions: list[Mention],
                    relations: list[ArticleRelation]) -> ArticleExtraction:
    """Group one article's mentions into entities and map short forms onto full names."""
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mention in mentions:
        forms[(mention.type, mention.name)].add(mention.text)
    for relation in relations:
        for key in (relation.subject, relation.object):
            forms.setdefault(key, set())

    canonical: dict[tuple[str, str], tuple[str, str]] = {}
    keys = sorted(forms, key=lambda k: (-len(k[1]), k))
    for key in keys:
        entity_type, name = key
        if entity_type == "Programme":
            longer = next((k for k in keys if k[0] == "Programme" and k not in canonical
                           and _short_programme_form(name, k[1])), None)
            if longer:
                canonical[key] = longer
            continue
        if entity_type not in ORGANISATION_TYPES:
            continue
        for longer in keys:
            if longer == key or longer[0] != entity_type or longer in canonical or len(longer[1]) <= len(name):
                continue
            same_core = entity_type == "Company" and _company_core(longer[1]) == _company_core(name)
            if (len(name) >= 4 and longer[1].endswith(name)) or same_core:
                canonical[key] = longer
                break

    merged: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, seen in forms.items():
        target = canonical.get(key, key)
        merged[target] |= seen | {key[1]}
    entities = [ArticleEntity(key[0], key[1], tuple(sorted(f for f in seen if f != key[1])))
                for key, seen in sorted(merged.items())]
    remapped = []
    for relation in relations:
        subject = canonical.get(relation.subject, relation.subject)
        obj = canonical.get(relation.object, relation.object)
        if subject != obj:
            remapped.append(ArticleRelation(relation.type, subject, obj, relation.evidence,
                                            relation.role, relation.year))
    unique = {(r.type, r.subject, r.object, r.role): r for r in remapped}
    return ArticleExtraction(document, entities, sorted(unique.values(), key=_relation_order))


def _relation_order(relation: ArticleRelation):
    return (relation.type, relation.subject, relation.object, relation.role or "", relation.year or 0,
            relation.evidence)


def entity_id(entity_type: str, name: str) -> str:
    digest = hashlib.sha1(f"{entity_type}\x1f{name}".encode("utf-8")).hexdigest()[:12]
    return f"{entity_type.lower()}/{digest}"


def resolve_corpus(extractions: list[ArticleExtraction]) -> ResolvedCorpus:
    """Merge the articles' entities by (type, canonical name)."""
    aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    relations: list[Relation] = []
    for extraction in extractions:
        doc_id = extraction.document.id
        for entity in extraction.entities:
            aliases[entity.key] |= set(entity.aliases)
            documents[entity.key].add(doc_id)
    ids = {key: entity_id(*key) for key in aliases}
    if len(set(ids.values())) != len(ids):
        raise RuntimeError("entity id collision; lengthen the digest")
    for extraction in extractions:
        for relation in extraction.relations:
            relations.append(Relation(relation.type, ids[relation.subject], ids[relation.object],
                                      extraction.document.id, relation.evidence, relation.role, relation.year))
    entities = [Entity(ids[key], key[0], key[1], tuple(sorted(aliases[key] - {key[1]})),
                       tuple(sorted(documents[key]))) for key in aliases]
    entities.sort(key=lambda e: e.id)
    relations = sorted(set(relations), key=lambda r: (r.type, r.subject, r.object, r.document, r.role or "",
                                                      r.year or 0, r.evidence))
    docs = sorted((e.document for e in extractions), key=lambda d: d.id)
    return ResolvedCorpus(docs, entities, relations)
