"""Where does a name that ends at a known suffix begin? Walk left over the tokens."""

from __future__ import annotations

import re

from kg.extract.detect.context import ArticleContext

HARD_STOP_WORDS = {
    "是", "在", "由", "和", "与", "及", "以及", "同", "跟", "对", "向", "为", "给", "到", "从", "把", "被",
    "将", "让", "使", "等", "的", "了", "着", "过", "也", "都", "还", "又", "并", "而", "或", "其", "该",
    "本", "各", "每", "这", "那", "其中", "包括", "如", "来到", "走进", "深入", "联合", "指导", "帮助",
    "推动", "组织", "举办", "主办", "承办", "开展", "建立", "设立", "依托", "通过", "经", "获", "获得",
    "荣获", "授予", "评为", "表彰", "慰问", "看望", "走访", "调研", "参加", "参观", "召开", "举行", "申报",
    "命名", "挂牌", "率队", "陪同", "邀请", "受邀", "发放", "接过", "当", "于", "自", "至", "按照", "根据",
    "围绕", "针对", "关于", "据", "经过", "加入", "走", "前往", "赴", "进", "入", "下到", "携手", "会同",
    "协同", "配合", "联系", "支持", "牵头", "感谢", "谢谢", "担任", "任", "兼任", "现任", "原", "时任",
    "作为", "成为", "记者", "通讯员", "报道", "乃至", "以及", "旗下", "下属", "所属", "一方面", "率", "带领", "一行",
    "行至", "加速", "推进", "属于", "位于", "地处", "像", "若", "如果", "虽然", "但", "但是", "因为", "所以",
    "共同", "分别", "先后", "连续", "多次", "已", "已经", "正在", "曾", "曾经", "首批", "首家", "首届",
    "一家", "这家", "那家", "全国", "我们", "他们", "她们", "我", "他", "她", "内", "后", "前", "中", "上",
}
SOFT_STOP_TAGS = ("v", "d", "t", "p", "c", "u", "r", "y", "e", "o", "q", "f")
NAME_TAGS_ALWAYS = ("ns", "nt", "nz", "nr", "n", "j", "eng", "vn", "b", "s", "a", "an", "nrt")
DATE_OR_QUANTITY = re.compile(r"^第?[0-9０-９一二三四五六七八九十百千万亿两几多余]+(年|月|日|号|时|名|个|家|人|次|位|件|项|条|元|万|亿|%|多|余)")
MEASURE_CHARS = set("名个家人次位件项条元万亿户场期批")
LEVEL_CHARS = "省市县区"
BRACKETED_IN_NAME = ("集团", "股份", "控股", "中国", "有限", "国际")
PUNCTUATION = set("<>|-，。、；：？！“”‘’《》()（）…—·「」『』【】,.;:?!\"' \n\t/□■▲►●◆")


def is_hard_stop(word: str) -> bool:
    return word in HARD_STOP_WORDS


def _is_soft_stop(word: str, tag: str) -> bool:
    if DATE_OR_QUANTITY.match(word):
        return True
    if tag.startswith(NAME_TAGS_ALWAYS):
        return False
    if tag == "m":
        return bool(re.fullmatch(r"[0-9]{4}", word))
    return tag.startswith(SOFT_STOP_TAGS)


def name_start(context: ArticleContext, suffix_start: int, max_length: int = 24,
               verbs_inside: bool = False) -> int:
    """Start offset of the name whose suffix begins at ``suffix_start``.

    Stops at punctuation, at function words and common verbs, and at dates or quantities.
    A verb (soft stop) inside the name is allowed when an administrative place comes
    before it after the last hard stop (海口成立雅水务有限公司).
    """
    text = context.text
    limit = max(0, suffix_start - max_length)
    run_start = suffix_start
    while run_start > limit:
        char = text[run_start - 1]
        if char == ")" and _place_in_parentheses(context, run_start):
            run_start = text.rindex("(", 0, run_start)
            continue
        if char in PUNCTUATION:
            break
        run_start -= 1
    tokens = context.tokens
    index = context.token_index_at(suffix_start)
    hard_start = run_start
    soft_start = None
    position = suffix_start
    i = index
    while i >= 0 and tokens[i].start >= suffix_start:
        i -= 1
    while i >= 0:
        token = tokens[i]
        if token.end <= run_start:
            break
        if token.start < run_start:
            break
        if is_hard_stop(token.text):
            hard_start = token.end
            break
        if len(token.text) == 2 and is_hard_stop(token.text[0]) and token.text[1] in LEVEL_CHARS:
            hard_start = token.start + 1  # 从市总工会: a preposition glued to a level word
            break
        verb_allowed = verbs_inside and token.pos.startswith("v")
        counted = token.text.isdigit() and i + 1 < len(tokens) and tokens[i + 1].text[:1] in MEASURE_CHARS
        if counted and soft_start is None:
            soft_start = tokens[i + 1].end
        if soft_start is None and not verb_allowed and _is_soft_stop(token.text, token.pos):
            soft_start = token.end
        position = token.start
        i -= 1
    if soft_start is None:
        soft_start = max(position, hard_start)
    start = soft_start
    for hit in context.places_in(hard_start, suffix_start):
        between = text[hit.end:soft_start]
        if (hit.start < start and context.is_token_start(hit.start) and suffix_start - hit.start <= 12
                and len(between) <= 4 and not any(c.isdigit() for c in between)):
            start = hit.start
            break
    start = max(start, hard_start)
    first = context.token_index_at(start)
    while first < len(tokens) and tokens[first].start == start and tokens[first].end <= suffix_start \
            and tokens[first].pos.startswith("v") and not text.startswith("(", tokens[first].end):
        start = tokens[first].end
        first += 1
    return start


def _place_in_parentheses(context: ArticleContext, close: int) -> bool:
    """齐鲁制药(海南)有限公司, 某某榨菜(集团)有限公司: a place or a company-form word in
    parentheses stays inside a company name."""
    opening = context.text.rfind("(", max(0, close - 8), close)
    if opening < 0:
        return False
    return context.text[opening + 1:close - 1] in BRACKETED_IN_NAME or bool(context.places_in(opening + 1, close - 1))
