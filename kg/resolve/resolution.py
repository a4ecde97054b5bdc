"""Entity resolution: the forms one article uses for an entity, then the same entity across
articles, into a ResolvedCorpus with stable ids.

Across articles, entities merge by type and canonical name, with two refinements: a
company named with its place in different ways (齐鲁制药(海南)有限公司, 海南齐鲁制药有限公司)
is one company, and a person's name merges only where the articles agree on an
organisation the person holds office in or works for. Same-named people without such
agreement stay separate entities linked by ``skos:closeMatch``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache

from kg.extract.admin import admin_table
from kg.model import (
    ORGANISATION_TYPES,
    ArticleEntity,
    ArticleExtraction,
    ArticleObservation,
    ArticleRelation,
    Document,
    Entity,
    Mention,
    Observation,
    Relation,
    ResolvedCorpus,
)
from kg.resolve.hierarchy import infer_hierarchy


@lru_cache(maxsize=4096)  # called for every pair of company names in an article
def _company_core(name: str) -> tuple[str, str]:
    """齐鲁制药(海南)有限公司 and 海南齐鲁制药有限公司 share the core 齐鲁制药有限公司 and the
    place 海南; 海口市港航控股有限公司 and 海南港航控股有限公司 share the core only."""
    table = admin_table()
    places = []

    def drop_place(match: re.Match) -> str:
        divisions = table.lookup(match.group(1))
        if divisions:
            places.append(divisions[0].code)
            return ""
        return match.group(0)

    core = re.sub(r"\(([^()]*)\)", drop_place, name)
    for length in range(4, 1, -1):
        divisions = table.lookup(core[:length])
        if divisions:
            places.append(divisions[0].code)
            core = core[length:]
            break
    return core, ",".join(sorted(places))


def _same_company(first: str, second: str) -> bool:
    """Within one article a company named with or without its place is one company."""
    (core_a, places_a), (core_b, places_b) = _company_core(first), _company_core(second)
    return core_a == core_b and (places_a == places_b or not places_a or not places_b)


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


def resolve_article(document: Document, mentions: list[Mention], relations: list[ArticleRelation],
                    observations: list[ArticleObservation] = (), offices: dict[str, set[str]] | None = None
                    ) -> ArticleExtraction:
    """Group one article's mentions into entities and map short forms onto full names."""
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    written_names: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for mention in mentions:
        forms[(mention.type, mention.name)].add(mention.text)
        if mention.written_name:
            written_names[(mention.type, mention.name)][mention.written_name] += 1
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
            same_core = entity_type == "Company" and _same_company(longer[1], name)
            if (len(name) >= 4 and longer[1].endswith(name)) or same_core:
                canonical[key] = longer
                break

    merged: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, seen in forms.items():
        target = canonical.get(key, key)
        merged[target] |= seen | {key[1]}
    offices = offices or {}
    entities = [ArticleEntity(key[0], key[1], tuple(sorted(f for f in seen if f != key[1])),
                              tuple(sorted(offices.get(key[1], ()))) if key[0] == "Person" else (),
                              _commonest(written_names.get(key)))
                for key, seen in sorted(merged.items())]
    remapped = []
    for relation in relations:
        subject = canonical.get(relation.subject, relation.subject)
        obj = canonical.get(relation.object, relation.object)
        if subject != obj:
            remapped.append(ArticleRelation(relation.type, subject, obj, relation.evidence,
                                            relation.role, relation.year, relation.date))
    unique = {(r.type, r.subject, r.object, r.role): r for r in remapped}
    facts = sorted({ArticleObservation(canonical.get(o.subject, o.subject), o.measure, o.value, o.unit, o.evidence,
                                       o.date) for o in observations}, key=_observation_order)
    return ArticleExtraction(document, entities, sorted(unique.values(), key=_relation_order), facts)


def _close_matches(identifier: str, namesakes: list[str]) -> tuple[str, ...]:
    """The namesakes one entity links to with skos:closeMatch: a star around the smallest id (the hub
    links to every other, each other to the hub), so k namesakes cost 2(k-1) links, not k(k-1)."""
    if len(namesakes) < 2:
        return ()
    hub = min(namesakes)
    return tuple(sorted(other for other in namesakes if other != hub)) if identifier == hub else (hub,)


def _commonest(counts: Counter | None) -> str | None:
    return min(counts, key=lambda form: (-counts[form], form)) if counts else None


def _relation_order(relation: ArticleRelation):
    return (relation.type, relation.subject, relation.object, relation.role or "", relation.year or 0,
            relation.evidence)


def _observation_order(observation: ArticleObservation):
    return (observation.subject, observation.measure, observation.evidence, observation.value, observation.unit,
            observation.date or "")


def entity_id(entity_type: str, name: str) -> str:
    digest = hashlib.sha1(f"{entity_type}\x1f{name}".encode("utf-8")).hexdigest()[:12]
    return f"{entity_type.lower()}/{digest}"


Occurrence = tuple[str, tuple[str, str]]  # (document id, article entity key)


def resolve_corpus(extractions: list[ArticleExtraction]) -> ResolvedCorpus:
    """Merge the articles' entities into corpus entities, and add the inferred union hierarchy."""
    extractions = sorted(extractions, key=lambda e: e.document.id)
    group_of = _group_occurrences(extractions)
    aliases: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    documents: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    written_labels: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    simplified_label: set[tuple[str, str, str]] = set()  # groups some article writes as their name
    for extraction in extractions:
        doc_id = extraction.document.id
        for entity in extraction.entities:
            group = group_of[(doc_id, entity.key)]
            aliases[group] |= set(entity.aliases) | {entity.name}
            documents[group].add(doc_id)
            if entity.label:
                written_labels[group][entity.label] += 1
                aliases[group].add(entity.label)
            else:
                simplified_label.add(group)
    ids = {group: entity_id(group[0], group[1] + (f"\x1f{group[2]}" if group[2] else "")) for group in aliases}
    if len(set(ids.values())) != len(ids):
        raise RuntimeError("entity id collision; lengthen the digest")
    namesakes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group, identifier in ids.items():
        namesakes[group[:2]].append(identifier)
    entities = [Entity(ids[group], group[0], group[1], tuple(sorted(aliases[group] - {group[1]})),
                       tuple(sorted(documents[group])), _close_matches(ids[group], namesakes[group[:2]]))
                for group in aliases]
    entities.sort(key=lambda e: e.id)

    relations: set[Relation] = set()
    observations: set[Observation] = set()
    for extraction in extractions:
        doc_id = extraction.document.id
        for relation in extraction.relations:
            subject, obj = ids[group_of[(doc_id, relation.subject)]], ids[group_of[(doc_id, relation.object)]]
            if subject != obj:
                relations.add(Relation(relation.type, subject, obj, doc_id, relation.evidence, relation.role,
                                       relation.year, relation.date))
        for fact in extraction.observations:
            observations.add(Observation(ids[group_of[(doc_id, fact.subject)]], fact.measure, fact.value, fact.unit,
                                         doc_id, fact.evidence, fact.date))
    relations.update(infer_hierarchy(entities))
    # Entities only Traditional-script articles name are labelled as written; the Simplified name
    # (used for ids, merging and the hierarchy above) becomes an alias.
    labels = {ids[group]: _commonest(counts) for group, counts in written_labels.items()
              if group not in simplified_label}
    entities = [replace(entity, label=labels[entity.id],
                        aliases=tuple(sorted((set(entity.aliases) | {entity.label}) - {labels[entity.id]})))
                if entity.id in labels else entity for entity in entities]
    ordered_relations = sorted(relations, key=lambda r: (r.type, r.subject, r.object, r.document, r.role or "",
                                                         r.year or 0, r.evidence, r.date or ""))
    ordered_observations = sorted(observations, key=lambda o: (o.subject, o.document, o.measure, o.evidence,
                                                                o.value, o.unit, o.date or ""))
    docs = [e.document for e in extractions]
    return ResolvedCorpus(docs, entities, ordered_relations, ordered_observations)


def _group_occurrences(extractions: list[ArticleExtraction]) -> dict[Occurrence, tuple[str, str, str]]:
    """Each (document, entity) → (type, corpus name, disambiguator); equal groups are one entity."""
    company_name = _company_names(extractions)
    group_of: dict[Occurrence, tuple[str, str, str]] = {}
    for extraction in extractions:
        doc_id = extraction.document.id
        for entity in extraction.entities:
            name = company_name.get(entity.name, entity.name) if entity.type == "Company" else entity.name
            group_of[(doc_id, entity.key)] = (entity.type, name, "")
    for name, clusters in _person_clusters(extractions, group_of).items():
        if len(clusters) < 2:
            continue
        for cluster in clusters:
            first_document = min(doc_id for doc_id, _ in cluster)
            for occurrence in cluster:
                group_of[occurrence] = ("Person", name, first_document)
    return group_of


def _company_names(extractions: list[ArticleExtraction]) -> dict[str, str]:
    """Company names that differ only in how they name the same place map to the commonest one."""
    counts: Counter = Counter()
    for extraction in extractions:
        counts.update(e.name for e in extraction.entities if e.type == "Company")
    by_core: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in counts:
        core, places = _company_core(name)
        if places:
            by_core[(core, places)].append(name)
    chosen = {}
    for names in by_core.values():
        best = min(names, key=lambda n: (-counts[n], -len(n), n))
        chosen.update({name: best for name in names})
    return chosen


def _person_clusters(extractions: list[ArticleExtraction], group_of: dict[Occurrence, tuple[str, str, str]]
                     ) -> dict[str, list[list[Occurrence]]]:
    """Per person name, the articles' mentions grouped so that two articles share a group only
    when the person holds office in or works for the same organisation in both."""
    anchors: dict[Occurrence, set[tuple[str, str, str]]] = defaultdict(set)
    occurrences: dict[str, list[Occurrence]] = defaultdict(list)
    for extraction in extractions:
        doc_id = extraction.document.id
        for entity in extraction.entities:
            if entity.type == "Person":
                occurrences[entity.name].append((doc_id, entity.key))
                anchors[(doc_id, entity.key)].update(("office", office, "") for office in entity.offices)
        for relation in extraction.relations:
            if relation.type in ("holdsPosition", "worksFor") and relation.subject[0] == "Person":
                anchors[(doc_id, relation.subject)].add(group_of[(doc_id, relation.object)])
    clusters = {}
    for name, found in occurrences.items():
        documents = {doc_id for doc_id, _ in found}
        if len(documents) < 2:
            continue
        parent = {occurrence: occurrence for occurrence in found}

        def root(occurrence: Occurrence) -> Occurrence:
            while parent[occurrence] != occurrence:
                occurrence = parent[occurrence]
            return occurrence

        holder: dict[tuple[str, str, str], Occurrence] = {}  # anchor → the first occurrence that has it
        for occurrence in found:
            for anchor in sorted(anchors[occurrence]):
                if anchor in holder:
                    first, second = root(holder[anchor]), root(occurrence)
                    if first != second:
                        parent[max(first, second)] = min(first, second)
                else:
                    holder[anchor] = occurrence
        grouped: dict[Occurrence, list[Occurrence]] = defaultdict(list)
        for occurrence in found:
            grouped[root(occurrence)].append(occurrence)
        clusters[name] = sorted(grouped.values())
    return clusters
