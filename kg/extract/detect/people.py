"""People: a surname-shaped name in the places names occur (after a title or occupation,
before a speech verb, in bylines and credits, in lists of recipients)."""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.detect.candidates import Candidate
from kg.extract.detect.context import ArticleContext
from kg.extract.text import occurrences

CJK = r"[\u4e00-\u9fff]"
TITLE_WORDS = sorted(set(lexicon.POSITION_TITLES) | set(lexicon.OCCUPATIONS), key=len, reverse=True)
BYLINE = sorted(lexicon.BYLINE_WORDS, key=len, reverse=True)
AFTER_NAME = ("(左", "(右", "(中", "等", "同志", "率队", "一行", "手中", "在", "为", "说", "强调", "介绍",
              "表示", "指出", "认为", "深情", "激动", "感慨", "获得", "获", "荣获", "被评为", "当选", "是",
              "与", "和", "从", "的", "主持", "出席", "陪同", "参加", "讲话", "致辞", "带领", "作", "/摄", "摄",
              " ", "、", "，", ",", "。", "；", "(", ")", "\n")
# Function words and counters never end a name; common name characters (志, 强, 中…) are left to
# the boundary checks (张志强表示: 张志强, not 张志强表).
NOT_GIVEN_NAME = set("的了和与及在是为对向等从把被将让使就都也还又并而或其该这那每各个年月日时名人家次场项条位户届期第"
                     "说获们某")
# A name after an occupation never ends like a place or a body (工人文化宫, 员工之家).
NOT_NAME_END = set("宫馆院所站厂局会部队组班处室团社区县市省镇村路街园场馆中心家")
POSITION_PATTERN = "|".join(map(re.escape, sorted(lexicon.POSITION_TITLES + ("记者", "通讯员", "撰文", "摄影"),
                                                  key=len, reverse=True)))
# Titles written after a bare surname (王主席, 李师傅); never a given name either.
SHORT_TITLES = ("主席", "副主席", "书记", "副书记", "部长", "局长", "主任", "经理", "总经理", "董事长", "厂长",
                "院长", "校长", "队长", "站长", "所长", "师傅", "老师", "委员")
SHORT_TITLE_PATTERN = "|".join(SHORT_TITLES)
GROUP_WORDS = set(lexicon.GROUP_WORDS)
TITLE_GIVEN_NAMES = set(lexicon.POSITION_TITLES) | set(SHORT_TITLES) | {"总", "工"}
CLAUSE_VERB = re.compile(r"当选为|当选|强调|介绍说|介绍|表示|指出|说道|告诉记者|坦言|感慨道")
OCCUPATION_PATTERN = "|".join(map(re.escape, sorted(lexicon.OCCUPATIONS, key=len, reverse=True)))
OCCUPATION_SHAPE = re.compile(r"(?:" + OCCUPATION_PATTERN + r"|[\u4e00-\u9fff]{1,4}?(?:"
                              + "|".join(map(re.escape, lexicon.OCCUPATION_ENDINGS)) + r")) ?")
OWNER = re.compile(r"(?:公司|集团|厂|医院|学校|小学|中学|大学|学院|局|中心|站|所|矿|队|班组|车间)的")


def _name_shapes(text: str, start: int) -> list[str]:
    """Names that could start at ``start``: compound or single surname, one or two given chars."""
    shapes = []
    two = text[start:start + 2]
    surname_length = 2 if two in lexicon.SURNAMES_DOUBLE else (1 if text[start:start + 1] in lexicon.SURNAMES else 0)
    if not surname_length:
        return shapes
    for given in (2, 1):
        name = text[start:start + surname_length + given]
        if len(name) == surname_length + given and all("\u4e00" <= c <= "\u9fff" for c in name) \
                and not any(c in NOT_GIVEN_NAME for c in name[surname_length:]) \
                and name[surname_length:] not in TITLE_GIVEN_NAMES:
            shapes.append(name)
    return shapes


def _followed_by_boundary(text: str, end: int) -> bool:
    return end >= len(text) or text.startswith(AFTER_NAME, end)


def _pick(text: str, start: int, known: set[str], context: ArticleContext | None = None) -> str | None:
    """The name at ``start``; with ``context`` (after a title), a name that ends where the
    tokeniser starts a new word (主席王大力来到) is taken too."""
    shapes = _name_shapes(text, start)
    for name in shapes:
        if _followed_by_boundary(text, start + len(name)):
            return name
    for name in shapes:
        if name in known:
            return name
    if context is not None and context.is_token_start(start) and text[start] not in "和与及同向对把被将为在是":
        for name in shapes:
            end = start + len(name)
            inside = context.tokens[context.token_index_at(start):context.token_index_at(end - 1) + 1]
            if any(t.pos[:1] in "pcudvr" and not t.pos.startswith("nr") for t in inside):
                continue
            if context.is_token_start(end) and re.match(r"[\u4e00-\u9fff]{2}", text[end:end + 2]):
                return name
    return None


def _is_name(text: str) -> bool:
    return text in _name_shapes(text, 0)


AFTER_POSITION = re.compile(f"(?:{POSITION_PATTERN}) ?")
AFTER_OCCUPATION = re.compile(f"(?:{OCCUPATION_PATTERN}) ?")


def detect_people(context: ArticleContext) -> list[Candidate]:
    text = context.text
    jieba_names = {t.text for t in context.tokens if t.pos.startswith("nr") and 2 <= len(t.text) <= 3 and _is_name(t.text)}
    strong: dict[int, str] = {}
    weak: dict[int, str] = {}

    for match in AFTER_POSITION.finditer(text):
        name = _pick(text, match.end(), jieba_names, context)
        if name:
            strong.setdefault(match.end(), name)
    for match in AFTER_OCCUPATION.finditer(text):
        name = _pick(text, match.end(), jieba_names)
        if name:
            weak.setdefault(match.end(), name)
    # 夏侯振宇当选为…, 张竞强调: a clause that opens with a name and a speech or election verb
    for match in re.finditer(r"(?:^|(?<=[。，；！？\n]))", text):
        for name in _name_shapes(text, match.end()):
            end = match.end() + len(name)
            if CLAUSE_VERB.match(text, end) and name[-1] not in NOT_NAME_END and \
                    _tokenised_as_name(context, match.end(), end):
                strong.setdefault(match.end(), name)
                break
    # 快递员麦志强是, 桥吊司机令狐宏伟(右一), 炼钢厂的宇文浩、: a worker named with a clear boundary
    for pattern in (OCCUPATION_SHAPE, OWNER):
        for match in pattern.finditer(text):
            if match.group().strip() in GROUP_WORDS:
                continue
            for name in _name_shapes(text, match.end()):
                end = match.end() + len(name)
                if name[-1] not in NOT_NAME_END and _followed_by_boundary(text, end) and \
                        not text.startswith(("的", " "), end) and _tokenised_as_name(context, match.end(), end):
                    strong.setdefault(match.end(), name)
                    break
    byline = r"(?:^|(?<=\n)|(?<=[□■]))(?:(?:" + "|".join(map(re.escape, BYLINE)) + r") ?)*((?:" + CJK + r"{2,3}[ 、]?){1,3}?)(?: ?摄|/摄)?(?=\n|$)"
    for match in re.finditer(byline, text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        bylined = match.start(1) > line_start
        for part in re.split(r"[ 、]", match.group(1)):
            if part and _is_name(part):
                start = match.start(1) + match.group(1).index(part)
                (strong if bylined else weak).setdefault(start, part)
    for match in re.finditer(r"(" + CJK + r"{2,3})/摄", text):
        if _is_name(match.group(1)):
            strong.setdefault(match.start(1), match.group(1))
    for match in re.finditer(r"\((" + CJK + r"{2,3})\)(?=\n|$)", text):
        if _is_name(match.group(1)):
            strong.setdefault(match.start(1), match.group(1))
    for match in re.finditer(r"((?:" + CJK + r"{2,3}、)+" + CJK + r"{2,3})(?=获得|荣获|被评为|获)", text):
        parts = match.group(1).split("、")
        if all(_is_name(part) for part in parts):
            position = match.start(1)
            for part in parts:
                strong.setdefault(position, part)
                position += len(part) + 1
    for token in context.tokens:
        if token.text in jieba_names and (text.startswith(lexicon.POSITION_TITLES, token.end)
                                          or _confirmed_by_verb(text, token.text)):
            strong.setdefault(token.start, token.text)
    confirmed = set(strong.values()) | {n for n in weak.values()
                                        if n in jieba_names or _confirmed_by_verb(text, n)}
    _extend_lists(text, strong, confirmed)
    found = []
    for name in sorted(confirmed, key=len, reverse=True):
        for start in occurrences(text, name):
            end = start + len(name)
            if _followed_by_boundary(text, end) or name in jieba_names or start in strong:
                found.append(Candidate(start, end, "Person", name, name, 2 if start in strong else 1))
    return found + _surname_with_title(text, confirmed)


def _surname_with_title(text: str, names: set[str]) -> list[Candidate]:
    """王主席, 李书记: a surname and a title refer to the one person of that surname in the article."""
    by_surname: dict[str, set[str]] = {}
    for name in names:
        surname = name[:2] if name[:2] in lexicon.SURNAMES_DOUBLE else name[:1]
        by_surname.setdefault(surname, set()).add(name)
    found = []
    for surname, people in by_surname.items():
        if len(people) != 1:
            continue
        name = next(iter(people))
        for start in occurrences(text, surname):
            title = SHORT_TITLE_AFTER_SURNAME.match(text, start + len(surname))
            if not title or text.startswith(name, start) or (start and "\u4e00" <= text[start - 1] <= "\u9fff"
                                                             and text[start - 1] not in "和与、及向对给"):
                continue
            found.append(Candidate(start, start + len(surname), "Person", name, text[start:title.end()]))
    return found


def _tokenised_as_name(context: ArticleContext, start: int, end: int) -> bool:
    """The tokeniser does not read the span as a common word (冷暖, 方面, 成功): it starts and ends
    on token boundaries and is not one token of another part of speech."""
    if not (context.is_token_start(start) and context.is_token_start(end)):
        return False
    token = context.tokens[context.token_index_at(start)]
    return token.end < end or token.pos.startswith("nr")


def _extend_lists(text: str, strong: dict[int, str], confirmed: set[str]) -> None:
    """教师杨凤仙、李树华，: names listed after a confirmed one share its context."""
    changed = True
    while changed:
        changed = False
        for start, name in sorted(strong.items()):
            position = start + len(name)
            if text[position:position + 1] != "、":
                continue
            for shape in _name_shapes(text, position + 1):
                end = position + 1 + len(shape)
                if shape[-1] not in NOT_NAME_END and _followed_by_boundary(text, end) and position + 1 not in strong:
                    strong[position + 1] = shape
                    confirmed.add(shape)
                    changed = True
                    break


CONFIRMING_AFTER_NAME = re.compile(r"等近?[0-9]|获“|获得|荣获|被评为|强调|介绍说|介绍|表示|指出|说道|说|激动地说|深情地说道|"
                                  r"感慨道|同志|总书记|当选|告诉记者|坦言|新时代中国特色社会主义思想")
SHORT_TITLE_AFTER_SURNAME = re.compile(f"(?:{SHORT_TITLE_PATTERN})(?![\u4e00-\u9fff]{{0,1}}(?:会|处|部|局))")


def _confirmed_by_verb(text: str, name: str) -> bool:
    return any(CONFIRMING_AFTER_NAME.match(text, start + len(name)) for start in occurrences(text, name))
