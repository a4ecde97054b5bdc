"""Union hierarchy inferred from the administrative table: a county's or city's federation of
trade unions (定边县总工会, 威海市总工会) belongs to the federation of the division above it
(榆林市总工会, then 陕西省总工会), and a province's to 中华全国总工会, when that federation is
also in the graph. The relations carry no document: they are marked as inferred."""

from __future__ import annotations

from kg.extract.admin import AdminTable, Division, admin_table
from kg.model import HIERARCHY_INFERENCE, Entity, Relation

FEDERATION_SUFFIX = "总工会"
NATIONAL_FEDERATION = "中华全国总工会"


def federation_division(name: str, table: AdminTable | None = None) -> Division | None:
    """The division whose federation ``name`` is: 榆林市定边县总工会 → 定边县; None when the name
    is not ``<divisions>总工会`` or a division in it is ambiguous."""
    if not name.endswith(FEDERATION_SUFFIX) or name == NATIONAL_FEDERATION:
        return None
    table = table or admin_table()
    prefix = name[: -len(FEDERATION_SUFFIX)]
    current: Division | None = None
    position = 0
    while position < len(prefix):
        for length in range(min(12, len(prefix) - position), 1, -1):
            candidates = table.lookup(prefix[position:position + length])
            if current is not None:
                candidates = [d for d in candidates if current.code in d.parent_codes]
            if len(candidates) == 1:
                current = candidates[0]
                position += length
                break
        else:
            return None
    return current


def infer_hierarchy(entities: list[Entity]) -> list[Relation]:
    """``subOrganizationOf`` from each federation to the nearest federation above it in the graph."""
    table = admin_table()
    federations: dict[str, Entity] = {}
    for entity in entities:
        if entity.type != "Union":
            continue
        division = federation_division(entity.label, table)
        if division is not None:
            federations.setdefault(division.code, entity)
    national = next((e for e in entities if e.type == "Union" and e.label == NATIONAL_FEDERATION), None)
    relations = []
    for code, entity in sorted(federations.items()):
        division = table.by_code[code]
        parent = next((federations[c] for c in division.parent_codes if c in federations), None)
        if parent is None and division.level == "province":
            parent = national
        if parent is not None and parent.id != entity.id:
            relations.append(Relation("subOrganizationOf", entity.id, parent.id, "", "",
                                      inferred_by=HIERARCHY_INFERENCE))
    return relations
