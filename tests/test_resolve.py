"""Resolution across articles: people by context, companies by place spelling, the inferred
union hierarchy, and the graph those give."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kg.build.pipeline import extract_article
from kg.graph.rdf import ORG, build_graph
from kg.model import ArticleEntity, ArticleExtraction, ArticleRelation, Document
from kg.resolve.hierarchy import federation_division
from kg.resolve.resolution import resolve_corpus

HAIKOU = ("Union", "海口市总工会")
ZHAOQING = ("Union", "肇庆市总工会")


def article(doc_id: str, entities: list[tuple[str, str]], relations=(), offices=None) -> ArticleExtraction:
    offices = offices or {}
    return ArticleExtraction(
        Document(doc_id, doc_id, ""),
        [ArticleEntity(t, n, (), tuple(offices.get(n, ()))) for t, n in entities],
        [ArticleRelation(kind, s, o, f"{s[1]}{kind}{o[1]}。", role) for kind, s, o, role in relations],
    )


def people(corpus, name):
    return [e for e in corpus.entities if e.type == "Person" and e.label == name]


def test_a_person_in_the_same_office_in_two_articles_is_one_person():
    wang = ("Person", "王军")
    corpus = resolve_corpus([
        article("a.txt", [wang, HAIKOU], [("holdsPosition", wang, HAIKOU, "主席")]),
        article("b.txt", [wang, HAIKOU], [("holdsPosition", wang, HAIKOU, "主席")]),
    ])
    [person] = people(corpus, "王军")
    assert person.documents == ("a.txt", "b.txt") and person.close_matches == ()


def test_namesakes_without_a_shared_organisation_stay_apart_and_are_close_matches():
    wang = ("Person", "王军")
    welder_employer = ("Company", "肇庆星湖焊接有限公司")
    corpus = resolve_corpus([
        article("a.txt", [wang, HAIKOU], [("holdsPosition", wang, HAIKOU, "主席")]),
        article("b.txt", [wang, welder_employer], [("worksFor", wang, welder_employer, None)]),
        article("c.txt", [wang, HAIKOU], [("holdsPosition", wang, HAIKOU, "主席")]),
    ])
    found = people(corpus, "王军")
    assert len(found) == 2
    official = next(p for p in found if "a.txt" in p.documents)
    welder = next(p for p in found if "b.txt" in p.documents)
    assert official.documents == ("a.txt", "c.txt") and welder.documents == ("b.txt",)
    assert official.close_matches == (welder.id,) and welder.close_matches == (official.id,)
    works_for = [r for r in corpus.relations if r.type == "worksFor"]
    assert [r.subject for r in works_for] == [welder.id]

    graph = build_graph(corpus)
    base = "https://union-kg.org/id/"
    assert (URIRef(base + official.id), SKOS.closeMatch, URIRef(base + welder.id)) in graph
    assert (URIRef(base + welder.id), SKOS.closeMatch, URIRef(base + official.id)) in graph


def test_people_with_no_context_do_not_merge_but_a_national_office_is_context():
    reporter, leader = ("Person", "李明"), ("Person", "习近平")
    corpus = resolve_corpus([
        article("a.txt", [reporter, leader], offices={"习近平": ["总书记"]}),
        article("b.txt", [reporter, leader], offices={"习近平": ["总书记"]}),
    ])
    assert len(people(corpus, "李明")) == 2
    assert len(people(corpus, "习近平")) == 1


def test_two_cities_federations_never_merge_and_national_entities_do():
    corpus = resolve_corpus([
        article("a.txt", [HAIKOU, ("Union", "中华全国总工会"), ("Award", "全国五一劳动奖章")]),
        article("b.txt", [ZHAOQING, ("Union", "中华全国总工会"), ("Award", "全国五一劳动奖章")]),
    ])
    labels = sorted(e.label for e in corpus.entities)
    assert labels == ["中华全国总工会", "全国五一劳动奖章", "海口市总工会", "肇庆市总工会"]
    national = next(e for e in corpus.entities if e.label == "中华全国总工会")
    assert national.documents == ("a.txt", "b.txt")


def test_company_spelled_with_its_place_two_ways_is_one_company_across_articles():
    corpus = resolve_corpus([
        article("a.txt", [("Company", "齐鲁制药(海南)有限公司")]),
        article("b.txt", [("Company", "海南齐鲁制药有限公司")]),
        article("c.txt", [("Company", "海口市港航控股有限公司"), ("Company", "海南港航控股有限公司")]),
    ])
    names = sorted(e.label for e in corpus.entities)
    assert len([n for n in names if "齐鲁制药" in n]) == 1
    assert "海口市港航控股有限公司" in names and "海南港航控股有限公司" in names


def test_federations_are_placed_in_the_administrative_table():
    assert federation_division("榆林市定边县总工会").name == "定边县"
    assert federation_division("威海市总工会").level == "city"
    assert federation_division("海口市总工会").name == "海口市"
    assert federation_division("威海金蚂蚁汽车广场产业联合工会") is None
    assert federation_division("中华全国总工会") is None


def test_hierarchy_links_each_federation_to_the_nearest_one_above_it_in_the_graph():
    unions = [("Union", n) for n in ("榆林市定边县总工会", "陕西省总工会", "汉阴县总工会", "榆林市总工会",
                                      "中华全国总工会", "海口市总工会")]
    corpus = resolve_corpus([article("a.txt", unions)])
    label = {e.id: e.label for e in corpus.entities}
    links = sorted((label[r.subject], label[r.object]) for r in corpus.relations if r.type == "subOrganizationOf")
    assert links == [
        ("榆林市定边县总工会", "榆林市总工会"),
        ("榆林市总工会", "陕西省总工会"),
        ("汉阴县总工会", "陕西省总工会"),  # 安康市总工会 is not in the graph
        ("陕西省总工会", "中华全国总工会"),
    ]  # 海南省总工会 is not in the graph: 海口市总工会 gets no parent

    graph = build_graph(corpus)
    statements = list(graph.subjects(RDF.predicate, ORG.subOrganizationOf))
    assert len(statements) == 4
    for statement in statements:
        assert graph.value(statement, PROV.wasGeneratedBy) is not None
        assert graph.value(statement, PROV.wasDerivedFrom) is None


def test_corpus_leader_named_with_title_and_with_his_thought_is_one_person(extractions):
    corpus = resolve_corpus(list(extractions.values()))
    [leader] = people(corpus, "习近平")
    assert len(leader.documents) >= 4


def test_surname_with_title_refers_back_to_the_one_person_of_that_surname():
    text = "海口市总工会主席王大力来到现场。王主席强调，要做好服务保障工作。"
    extraction = extract_article(Document("x.txt", "标题", text))
    wang = next(e for e in extraction.entities if e.name == "王大力")
    assert "王主席" in wang.aliases


def test_many_namesakes_are_linked_in_a_star_not_a_clique():
    wang = ("Person", "王军")
    employers = [("Company", f"肇庆{chr(0x4e00 + n)}焊接有限公司") for n in range(6)]
    corpus = resolve_corpus([article(f"{n}.txt", [wang, employer], [("worksFor", wang, employer, None)])
                             for n, employer in enumerate(employers)])
    found = people(corpus, "王军")
    assert len(found) == 6
    hub = min(found, key=lambda person: person.id)
    assert set(hub.close_matches) == {person.id for person in found} - {hub.id}
    assert all(person.close_matches == (hub.id,) for person in found if person is not hub)
    assert sum(len(person.close_matches) for person in found) == 2 * (6 - 1)
