"""The plain dataclasses that flow between pipeline stages.

read → :class:`Document`; extract (per article) → :class:`ArticleExtraction` made of
:class:`ArticleEntity`, :class:`ArticleRelation` and :class:`ArticleObservation`; resolve
(across articles) → :class:`ResolvedCorpus` made of :class:`Entity`, :class:`Relation` and
:class:`Observation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("Union", "Person", "Company", "Organization", "Award", "Programme", "Place")
ORGANISATION_TYPES = ("Union", "Organization", "Company")
RELATION_TYPES = ("holdsPosition", "worksFor", "receivedAward", "organizes", "locatedIn", "assisted")
# Relations the resolver infers from the administrative table rather than reads in a sentence.
INFERRED_RELATION_TYPES = ("subOrganizationOf",)
HIERARCHY_INFERENCE = "hierarchyInference"  # the inference activity's local name


@dataclass(frozen=True)
class Document:
    """One source article."""

    id: str  # the file name, e.g. "000_7140136955a3941c.txt"
    title: str  # first non-empty line
    text: str  # the article text as read (normalised line endings)


@dataclass(frozen=True)
class Mention:
    """One surface form of an entity found in an article."""

    text: str  # the form as written (quotes removed)
    type: str  # one of ENTITY_TYPES
    start: int  # character offsets into the article's working text
    end: int
    name: str  # the canonical name this form resolves to within the article
    # the canonical name in the characters the article writes (Traditional), where that differs from name
    written_name: str | None = None


@dataclass(frozen=True)
class ArticleEntity:
    """An entity as one article names it: canonical name plus the other forms seen."""

    type: str
    name: str
    aliases: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()  # national offices the article gives a person (总书记)
    # the name as the article writes it, where that differs from name (a Traditional-script article)
    label: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.name)


@dataclass(frozen=True)
class ArticleRelation:
    """A relation stated in one article, between two of its entities (by type and name)."""

    type: str  # one of RELATION_TYPES
    subject: tuple[str, str]  # (entity type, canonical name)
    object: tuple[str, str]
    evidence: str  # the sentence it came from
    role: str | None = None  # holdsPosition only
    year: int | None = None  # receivedAward only
    date: str | None = None  # the event's date as the sentence states it: "2017-10-24" or "2017"


@dataclass(frozen=True)
class ArticleObservation:
    """A statistic stated about an organisation: 会员609204人, 筹集934万元."""

    subject: tuple[str, str]  # (entity type, canonical name) of the organisation
    measure: str  # what is counted, as the text says it: 会员, 资助困难职工子女
    value: str  # the number as a plain decimal string, 万 and 亿 resolved: "9340000"
    unit: str  # 人, 家, 元, 人次 …
    evidence: str
    date: str | None = None  # "2017-10-24" or "2017" when stated


@dataclass
class ArticleExtraction:
    """Everything extracted from one article, before resolution across articles."""

    document: Document
    entities: list[ArticleEntity] = field(default_factory=list)
    relations: list[ArticleRelation] = field(default_factory=list)
    observations: list[ArticleObservation] = field(default_factory=list)


@dataclass(frozen=True)
class Entity:
    """A resolved entity of the whole corpus."""

    id: str  # stable, IRI-safe local name, e.g. "union/3f2a9c1b7d4e"
    type: str
    label: str  # canonical name
    aliases: tuple[str, ...]  # other forms seen anywhere, sorted
    documents: tuple[str, ...]  # ids of documents that mention it, sorted
    close_matches: tuple[str, ...] = ()  # ids of same-named entities kept apart (skos:closeMatch)


@dataclass(frozen=True)
class Relation:
    """A resolved relation, with its provenance."""

    type: str
    subject: str  # Entity.id
    object: str  # Entity.id
    document: str  # Document.id it was derived from; "" for an inferred relation
    evidence: str
    role: str | None = None
    year: int | None = None
    date: str | None = None
    inferred_by: str | None = None  # the inference activity, for relations no sentence states


@dataclass(frozen=True)
class Observation:
    """A resolved statistic about an entity, with its provenance."""

    subject: str  # Entity.id
    measure: str
    value: str
    unit: str
    document: str
    evidence: str
    date: str | None = None


@dataclass
class ResolvedCorpus:
    """The input of the graph stage: documents, entities, relations and observations, all sorted."""

    documents: list[Document]
    entities: list[Entity]
    relations: list[Relation]
    observations: list[Observation] = field(default_factory=list)

    def entity(self, entity_id: str) -> Entity:
        return self._index()[entity_id]

    def _index(self) -> dict[str, Entity]:
        index = getattr(self, "_by_id", None)
        if index is None or len(index) != len(self.entities):
            index = {e.id: e for e in self.entities}
            self._by_id = index
        return index
