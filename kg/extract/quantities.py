"""Statistics in Chinese union news (会员609204人, 筹集934万元, 资助4418名困难职工子女) parsed into
:class:`Quantity`: what is counted, the value as a :class:`~decimal.Decimal`, the unit, offsets.

Pure parsing, standard library only (plus :mod:`kg.extract.dates` to keep dates out). Rules and choices:

* Numbers: Arabic (``609204``, ``1.82``, ``1,200``) with an optional magnitude 十万 / 百万 / 千万 /
  万 / 亿 / 万亿 / 千 / 百, which is folded into the value (``1.82万元`` → 18200 元, ``1.98万人次``
  → 19800 人次); Chinese numerals only from ten up (``十余家``, ``三千二百人``, ``两万元``): single
  Chinese digits (一名, 两个, 三项) are too often idioms or names and are skipped, and so are bare
  magnitudes without a digit (万名工会干部, 近万名, 百名劳模, 上百件, 近千万元).
* Units are kept as written (人, 名, 家, 个, 元, 人次, 户次, 项, 平方米 …), except that ``人(次)`` /
  ``场(次)`` become 人次 / 场次, ``个百分点`` becomes 百分点, and a magnitude without a unit
  after money (``保费1152万``, ``投入180多万``) becomes 元. A number without a unit is not a quantity.
* ``approximate`` is True when the text hedges the number: 余 / 多 (``1,200余人``, ``200多家``),
  近 / 约 / 超过 / 逾 / 突破 … before it, 以上 / 左右 after it. The value is the stated number.
* Percentages are kept with unit ``%`` (``95%``, ``百分之九十五``); ``个百分点`` with unit 百分点.
* Never quantities: dates and years (年, 月 and 日 are not units; spans found by
  :func:`kg.extract.dates.find_dates` are skipped), ordinals and ranks (第3名, 第十三次, 前10名, 排名…),
  ages (岁 is not a unit), durations (3个月, 24小时畅通), hotline, phone, model and version numbers
  (a number touching a Latin letter, ``-``, ``/`` or ``+``, or after 热线 / 电话 / 编号 …),
  physical measures that modify a name (``8万吨安装团队``, ``万吨级``), thresholds that modify a
  noun (``25人以下小微企业``), vague numbers (几十个, 数百人).
* ``measure`` is a 2–10 character phrase: a counting verb just before the number plus the noun
  after the unit (``资助4418名困难职工子女`` → 资助困难职工子女), else the noun after the unit
  (``200多家企业`` → 企业), else the phrase before the number from its first counting verb
  (``全市建立工会组织5397家`` → 建立工会组织) or, without a verb, a noun phrase that ends in a
  known head noun (``全市共有会员609204人`` → 会员). A number right after another quantity of the
  same clause with nothing measurable of its own shares that quantity's measure
  (``712户2090人``). A number with no measurable thing gives no quantity.
* Offsets index into the given sentence; ``text`` is ``sentence[start:end]`` (number to unit,
  without hedges such as 近 or 以上).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.extract.dates import character_folding, find_dates

__all__ = ["Quantity", "find_quantities", "parse_chinese_number"]


@dataclass(frozen=True)
class Quantity:
    """One statistic in a sentence: ``value`` ``unit`` of ``measure`` (``text`` is the slice)."""

    start: int
    end: int
    measure: str
    value: Decimal
    unit: str
    text: str
    approximate: bool = False


# ---------------------------------------------------------------------------------------------
# Chinese numerals

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "零〇○一二两三四五六七八九十百千万亿"


def parse_chinese_number(token: str) -> int | None:
    """The integer a Chinese numeral writes (三千二百 → 3200, 两万 → 20000, 十 → 10), or None
    when it is not a well-formed number (五一, 十百千万)."""
    if not token or any(c not in _CN_CHARS for c in token):
        return None
    total = wan_part = section = digit = 0
    last_small_unit = 10_000
    previous_digit = False
    last_big = 10 ** 12
    for char in token:
        if char in _CN_DIGIT:
            if previous_digit and digit != 0:
                return None  # two digits in a row: 五一, 二〇一七
            digit = _CN_DIGIT[char]
            previous_digit = True
            continue
        previous_digit = False
        if char in _CN_SMALL_UNIT:
            unit = _CN_SMALL_UNIT[char]
            if unit >= last_small_unit:
                return None
            section += (digit or 1) * unit
            last_small_unit, digit = unit, 0
        else:
            big = 10_000 if char == "万" else 100_000_000
            if big >= last_big or section + digit == 0:
                return None
            if char == "万":
                wan_part = (section + digit) * 10_000
            else:
                total = (wan_part + section + digit) * 100_000_000
                wan_part = 0
            section = digit = 0
            last_small_unit, last_big = 10_000, big
    return total + wan_part + section + digit


# ---------------------------------------------------------------------------------------------
# vocabulary

_UNITS = ("平方公里", "平方米", "立方米", "千瓦时", "个百分点", "百分点", "人次", "户次", "场次", "课时",
          "学时", "公里", "千米", "千瓦", "公斤", "千克", "公顷", "小时", "美元", "港元", "欧元", "人", "名",
          "位", "家", "个", "元", "次", "场", "户", "所", "项", "件", "期", "支", "条", "张", "箱", "对",
          "批", "座", "间", "套", "台", "辆", "本", "册", "篇", "份", "处", "吨", "亩", "米", "门", "幅",
          "首", "枚", "盒", "袋", "只", "棵", "株")
_PHYSICAL_UNITS = {"平方公里", "平方米", "立方米", "千瓦时", "公里", "千米", "千瓦", "公斤", "千克", "公顷",
                   "吨", "亩", "米"}
_MAGNITUDES = {"万亿": 10 ** 12, "亿": 10 ** 8, "千万": 10 ** 7, "百万": 10 ** 6, "十万": 10 ** 5,
               "万": 10 ** 4, "千": 10 ** 3, "百": 100}

# Verbs that count something: they start a measure (建立工会组织, 资助困难职工子女).
_COUNT_VERBS = sorted({
    "资助", "发放", "筹集", "筹措", "筹资", "募集", "建立", "建成", "建起", "建设", "创建", "成立", "组建",
    "新建", "培训", "慰问", "走访", "帮扶", "救助", "帮助", "覆盖", "参与", "参加", "举办", "开展", "组织",
    "投入", "拨付", "下拨", "发展", "新增", "吸纳", "受理", "调解", "解答", "接待", "办理", "解决", "实施",
    "带动", "提出", "提供", "征集", "录入", "招聘", "招募", "聘请", "评选", "表彰", "涌现", "推出", "推广",
    "申报", "涉及", "涵盖", "服务", "结对", "兑付", "理赔", "节约", "创造", "实现", "取得", "获得", "收到",
    "捐赠", "捐款", "出资", "自筹", "争取", "缴纳", "上缴", "购买", "安置", "培养", "命名", "授予", "推荐",
    "选树", "签订", "发送", "赠送", "惠及", "扶持", "认定", "完成", "验收", "评出", "选出", "选派", "培育",
    "打造", "奖励", "扶贫", "援助", "追讨", "挽回", "讨回", "化解", "排查", "接收", "领取", "开设", "开通",
    "举行", "召开", "宣讲", "给予", "登记", "参保", "创",
}, key=len, reverse=True)
_MONEY_WORDS = ("投入", "筹集", "筹措", "筹资", "募集", "拨付", "下拨", "捐款", "出资", "自筹", "节约", "专列",
                "费", "金", "款", "资金", "经费", "效益", "产值", "收入", "营收", "利润", "成本", "总额", "金额")
# Nouns a measure may end in when no counting verb introduces it.
_HEADS = sorted({
    "职工", "员工", "工人", "农民工", "外来工", "环卫工", "会员", "劳模", "工匠", "选手", "子女", "学生",
    "大学生", "家庭", "群众", "干部", "工作者", "志愿者", "人员", "代表", "领导", "孩子", "党员", "老人",
    "儿童", "妇女", "青年", "教师", "医生", "护士", "司机", "人才", "标兵", "能手", "模范", "劳动者", "主席",
    "贫困户", "困难户", "患者", "专家", "律师", "学员", "工友", "家属", "残疾人", "单位", "企业", "公司",
    "工会", "组织", "社区", "学校", "机构", "合作社", "商家", "集体", "班组", "团队", "队伍", "分会", "小组",
    "党支部", "村", "乡镇", "街道", "园区", "户", "项目", "站点", "驿站", "之家", "示范点", "基地", "中心",
    "平台", "岗位", "案件", "建议", "实事", "问题", "活动", "工地", "设施", "工作室", "书屋", "工种", "行业",
    "课程", "讲座", "培训班", "奖状", "奖章", "先锋号", "称号", "荣誉", "资金", "经费", "款", "金", "物资",
    "慰问品", "会员卡", "合同", "协议", "制度", "机制", "事项", "纠纷", "争议", "投诉", "咨询", "报道", "节目",
    "作品", "图书", "住房", "公租房", "收入", "效益", "产值", "利润", "成本", "保费", "工资", "费", "额", "总数",
    "人数", "户数", "数量", "次数", "率", "比例", "规模", "医保", "保险", "补助", "补贴", "场次", "文化宫",
    "工厂", "车间", "网点", "档案", "演出", "竞赛", "比赛", "赛事", "会议", "大赛", "大事", "好事",
}, key=len, reverse=True)
# A change can be measured (失业率下降0.5个百分点) but is never the noun after a unit.
_CHANGE_WORDS = ("增长", "下降", "上升", "降低", "增加")
# Words at which the noun after a unit ends (资助4418名困难职工子女|圆梦上学).
_POST_STOPS = sorted(set(_COUNT_VERBS) - {"服务", "培训", "建设", "发展", "帮扶", "救助", "扶贫", "援助", "创",
                                         "奖励", "登记"}
                     | {"在", "的", "向", "为", "对", "从", "被", "把", "将", "给", "于", "等", "已", "正式",
                        "均", "共", "累计", "分别", "都", "也", "和", "与", "及", "并", "是", "获得", "获评",
                        "通过", "进行", "纳入", "加入", "进入", "提升", "提高", "圆梦", "受邀", "联结", "牵手",
                        "申请", "享受", "接受", "赴", "投身", "成功", "达到", "实现", "开展", "慰问"},
                     key=len, reverse=True)

_TRAILING_FILLERS = sorted({
    "分别为", "分别是", "累计达", "共计", "合计", "总计", "累计", "共有", "现有", "拥有", "已有", "达到", "多达",
    "高达", "约为", "约有", "大约", "将近", "接近", "超过", "突破", "增长到", "增加到", "提高到", "提高至",
    "增至", "增长至", "上升到", "上升至", "下降到", "保持", "分别", "已经", "共", "达", "约", "近", "超", "逾",
    "为", "是", "了", "有", "的", "已", "均", "各", "仅", "就", "又", "再", "从", "自", "在", "于", "不足",
    "不到", "至少", "高于", "低于",
}, key=len, reverse=True)
_LEADING_FILLERS = sorted({
    "截至目前", "截至", "全市", "全县", "全省", "全区", "全国", "全年", "全体", "今年", "去年", "当年", "目前",
    "其中", "累计", "共计", "共", "先后", "已经", "已", "据统计", "据悉", "同时", "此外", "另外", "并", "还",
    "也", "即", "每年", "接近", "将近", "超过", "大约", "近年来", "一年来", "年来", "以来", "我市", "该县",
    "该市", "又", "再", "就", "都", "才", "有",
}, key=len, reverse=True)
# Words that begin with a filler or stop word but are content (共青团, 再就业, 和谐, 慰问金).
_NOT_FILLERS = ("共青", "共建", "共享", "再就业", "和谐", "有限", "进城", "对口", "为民", "还款", "已婚",
                "在职", "在岗", "在校", "在读", "从业", "与会", "慰问金", "慰问品", "救助金", "获得者")
# Nouns that contain a counting verb (工会组织, 服务中心): the verb inside is no verb.
_COMPOUND_NOUNS = ("工会组织", "基层组织", "党组织", "社会组织", "服务中心", "服务站", "服务点", "培训基地",
                   "培训班", "培训中心", "建设单位", "帮扶中心", "救助金", "慰问金", "慰问品", "发展中心",
                   "创业基地", "组织员", "获得者", "奖励资金", "奖励金", "帮扶资金", "救助资金", "扶贫资金",
                   "发展资金", "建设资金", "服务资金")
# Counting verbs that also name an activity: 职工参保, 项目扶贫, 产业项目建设 keep their subject.
_NOMINAL_VERBS = {"服务", "培训", "发展", "建设", "救助", "帮扶", "组织", "援助", "扶贫", "理赔", "参保", "维权"}
# What a counting subject ends in: the measure of 海口市总工会帮助 is 帮助, not the union.
_ORGANISATION_ENDINGS = ("工会", "公司", "政府", "中心", "集团", "协会", "委员会", "局", "委", "部", "厅",
                         "院", "市总", "省总", "县总", "全总")
_INNER_CUTS = ("等", "共有", "现有", "拥有", "已有", "其中", "累计", "共计", "合计", "总计", "是")
_SHORTEN_AT = ("的", "以上", "以下", "”", "和", "及", "与", "对", "向", "为", "在")
_HEDGES_BEFORE = ("大约", "将近", "接近", "超过", "突破", "不足", "不到", "至少", "高于", "低于", "近", "约",
                  "超", "逾")
_HEDGES_AFTER = ("以上", "左右", "上下", "有余")
_HEAD_TUPLE = tuple(_HEADS)
_POST_STOP_TUPLE = tuple(_POST_STOPS)
_COUNT_VERB_TUPLE = tuple(_COUNT_VERBS)
_NUMBER_CONTEXT_NOT_COUNT = ("热线", "电话", "拨打", "号码", "编号", "代码", "型号", "编码", "账号", "邮编",
                             "排名", "名列", "位列", "位居", "排第", "列第")
_AROUND_THE_CLOCK = ("畅通", "值班", "在线", "服务", "开放", "不间断", "运转", "营业", "监控", "全天候")
_DURATION_AFTER_GE = ("月", "小时", "工作日", "星期", "季度", "年头", "半月")
_PHYSICAL_FOLLOWERS_OK = set("的以左多余之长宽高深远和与及或至到、")

_BOUNDARIES = set("，,。;；:：!！?？、[]【】—…·/|=")
_QUOTES = set("“”‘’\"'《》「」『』〈〉")
_fold = character_folding("０１２３４５６７８９％．（）", "0123456789%.()")


def _by_length(words: list[str]) -> list[tuple[int, frozenset[str]]]:
    """Words grouped by length, longest first: at one end of a phrase at most one word of each
    length can match, so a set per length finds the longest one as a loop over all words would."""
    lengths = sorted({len(word) for word in words}, reverse=True)
    return [(length, frozenset(word for word in words if len(word) == length)) for length in lengths]


def _longest_ending(phrase: str, groups: list[tuple[int, frozenset[str]]]) -> int:
    """The length of the longest word of ``groups`` that ``phrase`` ends with, 0 for none."""
    for length, words in groups:
        if len(phrase) >= length and phrase[-length:] in words:
            return length
    return 0


_TRAILING_BY_LENGTH = _by_length(_TRAILING_FILLERS)
_LEADING_BY_LENGTH = _by_length(_LEADING_FILLERS)
_COUNT_VERBS_BY_LENGTH = _by_length(_COUNT_VERBS)
_LEFTMOST_VERB = re.compile("|".join(map(re.escape, _COUNT_VERBS)))  # longest first: the loop's tie-break

_UNIT_RE = "|".join(map(re.escape, _UNITS))
_MAG_RE = "万亿|亿|千万|百万|十万|万|千(?![米克瓦])|百(?!分)"
_SP = r"[ \t\u3000]*"
_NUMBER = re.compile(
    r"(?P<pct_cn>百分之(?P<pct_num>[零〇两一二三四五六七八九十百]+|\d+(?:\.\d+)?))"
    r"|(?<![\d.\-/+A-Za-z_#])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    rf"{_SP}(?P<a1>余|多)?{_SP}(?P<mag>{_MAG_RE})?{_SP}(?P<a2>余|多)?{_SP}"
    rf"(?:(?P<pct>%)|(?P<unit>{_UNIT_RE})(?P<ci>\(次\))?)?"
    rf"|(?<![{_CN_CHARS}第几数好每])(?P<cn>[{_CN_CHARS}]+)(?P<ca>余|多)?(?P<cunit>{_UNIT_RE})(?P<cci>\(次\))?"
)


def _plain(value: Decimal) -> Decimal:
    """18200.00 → 18200, 97.960 → 97.96 (never exponent notation)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _ends_with_head(phrase: str) -> bool:
    phrase = phrase.rstrip("”’」』》")
    return phrase.endswith(_HEAD_TUPLE)


# ---------------------------------------------------------------------------------------------
# the phrase before the number

def _pre_phrase(folded: str, start: int, floor: int, date_mask: list[bool]) -> str:
    """The clause text before ``start`` back to a boundary, a digit or ``floor``; dates and short
    parentheticals are left out, spaces dropped (quotes stay: they mark where names end)."""
    chars: list[str] = []
    i = start - 1
    while i >= floor:
        char = folded[i]
        if date_mask[i]:
            i -= 1
            continue
        if char == ")":
            opening = folded.rfind("(", max(floor, i - 8), i)
            if opening == -1:
                break
            i = opening - 1
            continue
        if char in _BOUNDARIES or char == "(" or char.isdigit():
            break
        if not char.isspace():
            chars.append(char)
        i -= 1
    return "".join(reversed(chars))


def _clean(phrase: str) -> str:
    return "".join(c for c in phrase if c not in _QUOTES)


def _strip_fillers(phrase: str) -> str:
    while phrase:
        phrase = phrase.rstrip("“‘「『《")
        length = _longest_ending(phrase, _TRAILING_BY_LENGTH)
        if not length:
            break
        phrase = phrase[:-length]
    for word in _INNER_CUTS:
        position = phrase.rfind(word)
        if position != -1:
            phrase = phrase[position + len(word):]
    while phrase:
        phrase = phrase.lstrip("”’」』》")
        for length, words in _LEADING_BY_LENGTH:
            if phrase[:length] in words and len(_clean(phrase)) >= length + 2 \
                    and not phrase.startswith(_NOT_FILLERS):
                phrase = phrase[length:]
                break
        else:
            break
    return phrase


def _shorten(phrase: str) -> str | None:
    """Cut a phrase longer than ten characters after its first 的 / 以上 / closing quote …"""
    while len(_clean(phrase)) > 10:
        cuts = [(phrase.find(word), word) for word in _SHORTEN_AT
                if 0 <= phrase.find(word) < len(phrase) - len(word)]
        if not cuts:
            return None
        position, word = min(cuts)
        phrase = phrase[position + len(word):]
    return phrase


def _leftmost_verb(phrase: str) -> tuple[int, str] | None:
    masked = phrase
    for noun in _COMPOUND_NOUNS:
        masked = masked.replace(noun, "_" * len(noun))
    found = _LEFTMOST_VERB.search(masked)
    return (found.start(), found.group()) if found else None


def _verb_at_end(phrase: str) -> str:
    """The counting verbs the phrase ends with (聘请, 结对服务), at most four characters."""
    end = len(phrase)
    while True:
        head = phrase[:end]
        for length, verbs in _COUNT_VERBS_BY_LENGTH:
            if head[-length:] in verbs and len(head) >= length and len(phrase) - (end - length) <= 4:
                end -= length
                break
        else:
            return phrase[end:]


def _measure_ok(phrase: str | None) -> str | None:
    if phrase is None:
        return None
    phrase = _clean(phrase)
    return phrase if 2 <= len(phrase) <= 10 else None


def _measure_from_pre(phrase: str) -> str | None:
    if not _clean(phrase):
        return None
    found = _leftmost_verb(phrase)
    if found is not None:
        position, verb = found
        rest = _clean(phrase[position + len(verb):])
        subject = phrase[:position]
        # 职工参保, 项目扶贫, 户外劳动者服务站点: a verb at the end, or inside a compound noun,
        # belongs to the phrase unless what precedes it is the organisation doing the counting
        if verb in _NOMINAL_VERBS and len(_clean(phrase)) <= 10 \
                and (rest == "" or len(rest) <= 2 and _ends_with_head(rest)) \
                and not _clean(subject).endswith(_ORGANISATION_ENDINGS):
            return _measure_ok(phrase)
        candidate = phrase[position:]
        if len(_clean(candidate)) > 10:
            candidate = _shorten(candidate[len(verb):])
        return _measure_ok(candidate)
    candidate = _shorten(phrase)
    if candidate and (_ends_with_head(_clean(candidate)) or _clean(candidate).endswith(_CHANGE_WORDS)):
        return _measure_ok(candidate)
    return None


# ---------------------------------------------------------------------------------------------
# the noun after the unit

def _post_noun(folded: str, end: int) -> str | None:
    """The noun phrase right after the unit (名|困难职工子女|圆梦…), ending in a known head noun."""
    i = end
    while i < len(folded) and folded[i] in " \t\u3000":
        i += 1
    if folded[i:i + 1] == "的":
        i += 1
    chars: list[str] = []
    while i < len(folded) and len(chars) < 12:
        char = folded[i]
        if char in _QUOTES:
            i += 1
            continue
        if char == "(":
            closing = folded.find(")", i, i + 8)
            if closing == -1:
                break
            i = closing + 1
            continue
        if char in _BOUNDARIES or char.isdigit() or char.isspace() or not _is_cjk(char):
            break
        if folded.startswith(_POST_STOP_TUPLE, i) and not folded.startswith(_NOT_FILLERS, i):
            break
        chars.append(char)
        i += 1
    phrase = "".join(chars)
    if phrase.startswith(_COUNT_VERB_TUPLE) and not phrase.startswith(_COMPOUND_NOUNS):
        return None  # 2450万元|帮扶困难群众: a new clause, not the thing counted
    for length in range(min(10, len(phrase)), 1, -1):
        if _ends_with_head(phrase[:length]):
            return phrase[:length]
    return None


# ---------------------------------------------------------------------------------------------

def find_quantities(sentence: str) -> list[Quantity]:
    """All statistics in ``sentence`` in order of position; see the module docstring for the rules."""
    folded = _fold(sentence)
    if not _NUMBER.search(folded):
        return []
    date_mask = [False] * len(folded)
    for mention in find_dates(sentence):
        for i in range(mention.start, mention.end):
            date_mask[i] = True

    found: list[Quantity] = []
    floor = 0  # the pre-phrase of a number never reaches back past the previous number
    previous: Quantity | None = None
    for match in _NUMBER.finditer(folded):
        start = match.start()
        if any(date_mask[start:match.end()]):
            continue  # a year or a date: transparent to the phrase before the next number
        parsed = _parse(folded, match)
        if parsed is None:
            floor = max(floor, match.end())
            continue
        value, unit, end, approximate = parsed
        pre_raw = folded[floor:start]
        if _rejected_by_context(folded, pre_raw, end, unit, match):
            floor = max(floor, end)
            continue
        pre = _strip_fillers(_pre_phrase(folded, start, floor, date_mask))
        approximate = approximate or pre_raw.rstrip().endswith(_HEDGES_BEFORE)
        tail = folded[end:].lstrip(" \t\u3000")
        approximate = approximate or tail.startswith(_HEDGES_AFTER)

        if not unit:  # a magnitude without a unit: money when what comes before says so
            if not pre.endswith(_MONEY_WORDS):
                floor = max(floor, end)
                continue
            unit = "元"

        measure = _measure(folded, pre, end, unit)
        if measure is None and previous is not None and previous.end >= floor \
                and not any(c in _BOUNDARIES for c in folded[previous.end:start]):
            measure = previous.measure
        floor = max(floor, end)
        if measure is None:
            continue
        quantity = Quantity(start, end, measure, _plain(value), unit, sentence[start:end], approximate)
        found.append(quantity)
        previous = quantity
    return found


def _parse(folded: str, match: re.Match) -> tuple[Decimal, str, int, bool] | None:
    """(value, unit, end, approximate) of a number match, or None when it is no quantity."""
    if match["pct_cn"]:
        token = match["pct_num"]
        if token[0].isdigit():
            return Decimal(token), "%", match.end(), False
        number = 100 if token == "百" else parse_chinese_number(token)
        return None if number is None else (Decimal(number), "%", match.end(), False)
    if match["num"]:
        value = Decimal(match["num"].replace(",", ""))
        if match["mag"]:
            value *= _MAGNITUDES[match["mag"]]
        approximate = bool(match["a1"] or match["a2"])
        if match["pct"]:
            return value, "%", match.end(), approximate
        if match["unit"]:
            unit = _unit(match["unit"], match["ci"])
            return value, unit, match.end(), approximate
        if match["mag"] in ("万", "亿", "万亿", "千万", "百万", "十万"):
            end = match.end("a2") if match["a2"] else match.end("mag")
            return value, "", end, approximate  # unit decided by the caller (money or nothing)
        return None
    token = match["cn"]
    if len(token) == 1 and token != "十":
        return None  # 一名, 两个: single Chinese digits are too often idioms
    if not any(c in _CN_DIGIT for c in token) and not token.startswith("十"):
        return None  # 万名, 百名, 千万: a bare magnitude is not a count
    number = parse_chinese_number(token)
    if number is None:
        return None
    return Decimal(number), _unit(match["cunit"], match["cci"]), match.end(), bool(match["ca"])


def _unit(unit: str, times: str | None) -> str:
    if times and unit in ("人", "场", "户"):
        return unit + "次"
    if unit == "个百分点":
        return "百分点"
    return unit


def _rejected_by_context(folded: str, pre_raw: str, end: int, unit: str, match: re.Match) -> bool:
    before = pre_raw.rstrip(" \t\u3000")
    after = folded[end:]
    if before.endswith("第") or before.endswith(_NUMBER_CONTEXT_NOT_COUNT):
        return True  # ordinals, ranks, hotline and phone numbers
    if before.endswith(("前", "后")) and unit in ("名", "位"):
        return True  # 前10名
    if folded[end:end + 1] in ("-", "/", "+") or re.match(r"[A-Za-z_#]", folded[end:end + 1]):
        return True  # model, version and phone numbers
    if unit == "个" and after.startswith(_DURATION_AFTER_GE):
        return True  # 3个月
    if unit == "小时" and match["num"] == "24" and after.lstrip().startswith(_AROUND_THE_CLOCK):
        return True  # 24小时畅通
    if unit in _PHYSICAL_UNITS and after[:1] and _is_cjk(after[0]) \
            and after[0] not in _PHYSICAL_FOLLOWERS_OK:
        return True  # 8万吨安装团队, 万吨级: a measure inside a name
    threshold = re.match(r"[ \t\u3000]*(?:及)?(?:以下|以内|以上)(.)", after)
    if threshold and _is_cjk(threshold.group(1)):
        return True  # 25人以下小微企业
    return False


def _measure(folded: str, pre: str, end: int, unit: str) -> str | None:
    if unit not in ("%", "百分点"):
        noun = _post_noun(folded, end)
        if noun is not None:
            verb = _verb_at_end(_clean(pre))
            if verb and len(verb) + len(noun) <= 10:
                return verb + noun
            return noun
    return _measure_from_pre(pre)
