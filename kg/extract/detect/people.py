"""People: a surname-shaped name in the places names occur (after a title or occupation,
before a speech verb, in bylines and credits, in lists of recipients)."""

from __future__ import annotations

import re

from kg.extract import lexicon
from kg.extract.detect.candidates import Candidate
from kg.extract.detect.context import ArticleContext
from kg.extract.text import matches_near, occurrences

CJK = r"[\u4e00-\u9fff]"
SURNAMES = lexicon.SURNAMES | lexicon.SURNAMES_MORE
SURNAMES_DOUBLE = frozenset(lexicon.SURNAMES_DOUBLE)
_ALL_CJK = re.compile("[\u4e00-\u9fff]+").fullmatch
# 左一, 右二 in photo captions: a numeral alone is not a given name
NAME_SHAPED_WORDS = frozenset(lexicon.NAME_SHAPED_WORDS)
NUMERAL_GIVEN = re.compile("[一二三四五六七八九十百千]+")
TITLE_WORDS = sorted(set(lexicon.POSITION_TITLES) | set(lexicon.OCCUPATIONS), key=len, reverse=True)
BYLINE = sorted(lexicon.BYLINE_WORDS, key=len, reverse=True)
AFTER_NAME = ("(左", "(右", "(中", "等", "同志", "率队", "一行", "手中", "在", "为", "说", "强调", "介绍",
              "表示", "指出", "认为", "深情", "激动", "感慨", "获得", "获", "荣获", "被评为", "当选", "是",
              "与", "和", "从", "的", "主持", "出席", "陪同", "参加", "讲话", "致辞", "带领", "作", "/摄", "摄",
              " ", "、", "，", ",", "。", "；", "(", ")", "\n") + lexicon.PERSON_FOLLOW_WORDS + (
              "：", ":", "】", "]", "）", "！", "？", "!", "?", ";")
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
OCCUPATION_WORD = re.compile("|".join(map(re.escape, sorted(set(lexicon.OCCUPATIONS) | set(lexicon.OCCUPATION_ENDINGS),
                                                       key=len, reverse=True))))  # at most 4 characters into an OCCUPATION_SHAPE
PHOTO_CREDIT, PHOTO_MARK = re.compile(r"(" + CJK + r"{2,3})/摄"), re.compile("/摄")
LISTED_WINNERS = re.compile(r"((?:" + CJK + r"{2,3}、)+" + CJK + r"{2,3})(?=获得|荣获|被评为|获)")
LIST_MARK = re.compile("、")
OWNER = re.compile(r"(?:公司|集团|厂|医院|学校|小学|中学|大学|学院|局|中心|站|所|矿|队|班组|车间)的")


def _not_a_place(context: ArticleContext, start: int, name: str) -> bool:
    """平江县, 石家庄: a place the admin table knows is not a name (and 桂林 inside 朱桂林 is not a place)."""
    return not any(hit.start == start and hit.end >= start + len(name) - 1 for hit in context.places)


def _name_shapes(text: str, start: int) -> list[str]:
    """Names that could start at ``start``: compound or single surname, one or two given chars."""
    if text[start:start + 2] in SURNAMES_DOUBLE:
        surname_length = 2
    elif text[start:start + 1] in SURNAMES:
        surname_length = 1
    else:
        return []
    shapes = []
    for given in (2, 1):
        end = start + surname_length + given
        if end > len(text):
            continue
        name = text[start:end]
        if not _ALL_CJK(name) or name in NAME_SHAPED_WORDS:
            continue
        rest = name[surname_length:]
        if (NOT_GIVEN_NAME.isdisjoint(rest)
                or given == 2 and rest[0] in "家向" and name[-1] not in NOT_GIVEN_NAME
                and name[-1] not in "庄口港界湾村坡沟屯寨营") \
                and rest not in TITLE_GIVEN_NAMES and not NUMERAL_GIVEN.fullmatch(rest):
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
    short_tokens = [t for t in context.tokens if 2 <= len(t.text) <= 3]
    jieba_names = {t.text for t in short_tokens if t.pos.startswith("nr") and _is_name(t.text)}
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
    for matches in (matches_near(OCCUPATION_SHAPE, text, OCCUPATION_WORD, 4), OWNER.finditer(text)):
        for match in matches:
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
    for match in matches_near(PHOTO_CREDIT, text, PHOTO_MARK, 3):
        if _is_name(match.group(1)):
            strong.setdefault(match.start(1), match.group(1))
    for match in re.finditer(r"\((" + CJK + r"{2,3})\)(?=\n|$)", text):
        if _is_name(match.group(1)):
            strong.setdefault(match.start(1), match.group(1))
    for match in matches_near(LISTED_WINNERS, text, LIST_MARK, 3):
        parts = match.group(1).split("、")
        if all(_is_name(part) for part in parts):
            position = match.start(1)
            for part in parts:
                strong.setdefault(position, part)
                position += len(part) + 1
    for token in short_tokens:  # jieba's names are two or three characters long
        if token.text in jieba_names and (text.startswith(lexicon.POSITION_TITLES, token.end)
                                          or _confirmed_by_verb(text, token.text)):
            strong.setdefault(token.start, token.text)
    _intro_words(context, strong)
    studios = _studios(context, strong)
    _group_and_title_words(context, strong)
    _name_lists(context, strong)
    _credits(context, strong)
    _dotted_names(context, strong)
    _counted_and_headed(context, strong, jieba_names)
    strong = {start: name for start, name in strong.items() if _not_a_place(context, start, name)}
    confirmed = set(strong.values()) | {n for n in weak.values()
                                        if n in jieba_names or _confirmed_by_verb(text, n)}
    _extend_lists(text, strong, confirmed, context)
    found = []
    for name in sorted(confirmed, key=len, reverse=True):
        for start in occurrences(text, name):
            end = start + len(name)
            if _followed_by_boundary(text, end) or name in jieba_names or start in strong:
                found.append(Candidate(start, end, "Person", name, name, 2 if start in strong else 1))
    return found + _surname_with_title(text, confirmed) + studios


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
    if token.pos.startswith("nr"):
        return True
    # 来听课, 党群工作: a surname character the tokeniser reads as a verb, preposition or the start of a word
    if token.end - token.start == 1 and token.pos[:1] in "vpcdurm" or token.end > end:
        return False
    return token.end < end


def _proper_tokens(context: ArticleContext, start: int, end: int) -> bool:
    """The tokeniser reads the span as proper-name pieces (欧阳+美玲, 刘+桂兰, 端木+秀兰获): some token
    tagged as a name, none a function word or verb, the last one may run past the span."""
    inside = context.tokens[context.token_index_at(start):context.token_index_at(end - 1) + 1]
    if not inside or not context.is_token_start(start) and not inside[0].pos.startswith("nr"):
        return False
    surname = 2 if context.text[start:start + 2] in lexicon.SURNAMES_DOUBLE else 1
    if not inside[0].pos.startswith("nr") and inside[0].end != start + surname:
        return False  # 满意度: a common word that starts with a surname character
    proper = any(t.pos.startswith(("nr", "ns", "nz")) for t in inside)
    function = any(t.pos[:1] in "vpcdurm" and not t.pos.startswith("nr") for t in inside)
    return proper and not function and (context.is_token_start(end) or inside[-1].pos.startswith(("nr", "ns", "nz")))


def _bounded_as_name(context: ArticleContext, start: int, end: int) -> bool:
    """After a role word: the span ends where a token starts, and is not one token of a function word
    (路晨 read as nz, 谢珺 as x, 工贾黎 as one nr token that took the role word's last character)."""
    if not context.is_token_start(end) and end < len(context.text):
        return _proper_tokens(context, start, end)
    token = context.tokens[context.token_index_at(start)]
    if token.pos.startswith("nr") and token.end == end:
        return True
    if not context.is_token_start(start):
        return False
    if token.end == end:
        return token.pos[:1] not in "vpcdurmfqtab"
    if token.end - token.start == 1 and token.end < end and token.pos[:1] not in "pcudr":  # 闻 read as a verb
        rest = context.tokens[context.token_index_at(token.end):context.token_index_at(end - 1) + 1]
        return not any(t.pos[:1] in "vpcdurm" and not t.pos.startswith("nr") for t in rest)
    return _tokenised_as_name(context, start, end)


def _extend_lists(text: str, strong: dict[int, str], confirmed: set[str],
                  context: ArticleContext | None = None) -> None:
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
                if shape[-1] not in NOT_NAME_END and _followed_by_boundary(text, end) and position + 1 not in strong \
                        and (context is None or _bounded_as_name(context, position + 1, end)):
                    strong[position + 1] = shape
                    confirmed.add(shape)
                    changed = True
                    break


CONFIRMING_AFTER_NAME = re.compile(r"等近?[0-9]|获“|获得|荣获|被评为|强调|介绍说|介绍|表示|指出|说道|说|激动地说|深情地说道|"
                                  r"感慨道|同志|总书记|当选|告诉记者|坦言|新时代中国特色社会主义思想")
SHORT_TITLE_AFTER_SURNAME = re.compile(f"(?:{SHORT_TITLE_PATTERN})(?![\u4e00-\u9fff]{{0,1}}(?:会|处|部|局))")


def _confirmed_by_verb(text: str, name: str) -> bool:
    return any(CONFIRMING_AFTER_NAME.match(text, start + len(name)) for start in occurrences(text, name))


INTRO_WORDS = sorted(set(lexicon.PERSON_INTRO_WORDS) | (set(lexicon.OCCUPATIONS) - set(lexicon.GROUP_WORDS)),
                     key=len, reverse=True)
AFTER_INTRO = re.compile("(?:" + "|".join(map(re.escape, INTRO_WORDS)) + ")")
NAME_RUN = re.compile(r"(?<![\u4e00-\u9fff·•・‧])[\u4e00-\u9fff·•・‧]++(?:、[\u4e00-\u9fff·•・‧]++)+")
LIST_LEAD_WORDS = tuple(sorted(set(lexicon.PERSON_INTRO_WORDS) | set(lexicon.POSITION_TITLES) | set(lexicon.OCCUPATIONS)
                               | {"分别是", "他们是", "获奖者", "名单", "包括", "有", "是", "为"}, key=len, reverse=True))
ETHNICITY = re.compile(r"[，,(（][\u4e00-\u9fff]{1,4}族")  # A·B，蒙古族: a profile's opening
DOT = re.compile("[·•・‧]")
DOTTED = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・‧][\u4e00-\u9fff]{1,10}){1,3}")
COUNTED = re.compile(r"等(?:[0-9]+|[一二三四五六七八九十百两]+)(?:位|名|个|人)")
DOTTED_CUTS = re.compile("(?:" + "|".join(map(re.escape, sorted(set(TITLE_WORDS) | set(INTRO_WORDS), key=len,
                                                                  reverse=True))) + "|的|是|和|与|及|为)")
CREDIT = re.compile("(?:(?:^|(?<=[\\s(（【\\[|丨]))(?:" + "|".join(map(re.escape, sorted(lexicon.CREDIT_WORDS, key=len, reverse=True)))
                    + ")|(?:全媒体记者|本报记者|特约记者|见习记者|记者|通讯员|责任编辑|责编))"
                    + "(?:[:：/]|(?<=[记者员影辑编审对作者])(?= ?[\u4e00-\u9fff]))[ \u3000]*")
CREDIT_TAIL = re.compile("(?:" + "|".join(map(re.escape, lexicon.CREDIT_END_WORDS)) + ")")
CREDIT_CLOSE = set(")）】]\n") | {""}


def _intro_words(context: ArticleContext, strong: dict[int, str]) -> None:
    """技术总监X在, 首席专家X，, 职工代表X发放: a role word, then a name that ends at a clear boundary."""
    text = context.text
    for match in AFTER_INTRO.finditer(text):
        start = match.end()
        for name in _name_shapes(text, start):
            end = start + len(name)
            if name[-1] not in NOT_NAME_END and (_followed_by_boundary(text, end) or COUNTED.match(text, end)
                                                 or re.match(r"[0-9]+(?:人|名|位)", text[end:end + 3])) \
                    and _bounded_as_name(context, start, end):
                strong.setdefault(start, name)
                break


GROUP_BEFORE = re.compile("(?:" + "|".join(map(re.escape, sorted(lexicon.GROUP_WORDS, key=len, reverse=True))) + ")")
AWARD_TITLE_BEFORE = re.compile("(?:" + "|".join(map(re.escape, sorted(lexicon.PERSON_AWARD_TITLES, key=len, reverse=True)))
                                + ")")
QUOTED_ROLE = re.compile(r"“[\u4e00-\u9fff]{2,5}”")  # “骑士”A送完…: a nickname for the job, then the name
ACCORDING_TO = re.compile("据")
TITLE_AFTER_NAME = re.compile("(?:同志|教授|老师|师傅|先生|女士|院士)(?=[，,。；、说表介指强在的等和]|$)")
CLAUSE_OPENING = re.compile(r"(?:^|(?<=[。，；！？\n]))")


def _group_and_title_words(context: ArticleContext, strong: dict[int, str]) -> None:
    """员工A反映, 学员B参加, “骑士”C送 (a group word or a quoted role: the tokeniser must read a proper
    name), 全国先进工作者D。 (an award title worn before a name), E是… at a clause start (a proper
    name, then 是)."""
    text = context.text
    for pattern, check in ((GROUP_BEFORE, _proper_tokens), (AWARD_TITLE_BEFORE, _bounded_as_name),
                           (QUOTED_ROLE, _proper_tokens)):
        for match in pattern.finditer(text):
            start = match.end()
            for name in _name_shapes(text, start):
                end = start + len(name)
                if name[-1] not in NOT_NAME_END and _followed_by_boundary(text, end) \
                        and not text.startswith(("的", "、", " "), end) and check(context, start, end):
                    strong.setdefault(start, name)
                    break
    for match in CLAUSE_OPENING.finditer(text):
        start = match.end()
        for name in _name_shapes(text, start):
            end = start + len(name)
            if text.startswith(("是", "今年", "现年", "从事", "出生"), end) and _proper_tokens(context, start, end):
                strong.setdefault(start, name)
                break
    for match in ACCORDING_TO.finditer(text):  # 据A介绍
        start = match.end()
        for name in _name_shapes(text, start):
            end = start + len(name)
            if CLAUSE_VERB.match(text, end) and context.is_token_start(end):
                strong.setdefault(start, name)
                break
    for match in TITLE_AFTER_NAME.finditer(text):  # A同志, A教授说, A师傅介绍
        for length in (3, 2, 4):
            start = match.start() - length
            name = text[start:match.start()]
            if start >= 0 and _is_name(name) and _proper_tokens(context, start, match.start()) \
                    and not ("\u4e00" <= text[start - 1:start] <= "\u9fff" and text[start - 1] not in "和与及、向对给为据由"):
                strong.setdefault(start, name)
                break


def _name_lists(context: ArticleContext, strong: dict[int, str]) -> None:
    """省领导A、B出席, 分别是，A、B、C等39人, 》。A、B、C…出席: names listed with 、, the whole list
    made of name shapes, led by a role word or long enough (three names) to be a list of people."""
    text = context.text
    for run in NAME_RUN.finditer(text):
        items = run.group().split("、")
        if len(items) > 60:
            continue
        positions = []
        offset = run.start()
        for item in items:
            positions.append(offset)
            offset += len(item) + 1
        # every item but the last: a name at its end, after a role word or nothing (司长A、委员B、C)
        names, led = [], False
        for item, start in zip(items[:-1], positions[:-1]):
            found = _led_name(item)
            if found is None:
                names = []
                break
            names.append((start + found[0], found[1]))
            led = led or found[2]
        if not names:
            continue
        last, last_start = items[-1], positions[-1]
        tail = None
        for cut in range(0, min(len(last), 12)):
            if cut and not last[:cut].endswith(LIST_LEAD_WORDS):
                continue
            tail = next((shape for shape in _name_shapes(text, last_start + cut)
                         if _followed_by_boundary(text, last_start + cut + len(shape))
                         or COUNTED.match(text, last_start + cut + len(shape))), None)
            if tail is None and cut == 0 and _dotted(last):
                tail = last
            if tail:
                names.append((last_start + cut, tail))
                break
        if tail is None:
            continue
        tokenised = sum(_tokenised_as_name(context, start, start + len(name)) for start, name in names)
        nr = sum(any(t.pos.startswith("nr") for t in context.tokens[context.token_index_at(start):
                                                                    context.token_index_at(start + len(name) - 1) + 1])
                 for start, name in names)
        if (led and tokenised >= len(names) - 1) or (len(names) >= 3 and tokenised >= len(names) - 1) \
                or nr == len(names):
            for start, name in names:
                if name[-1] not in NOT_NAME_END:
                    strong.setdefault(start, name)


def _led_name(item: str) -> tuple[int, str, bool] | None:
    """The name that ends a list item, its offset, and whether a role word leads it (部长A → A)."""
    if _dotted(item):
        return 0, item, False
    for length in (3, 2, 4):
        if len(item) >= length and _is_name(item[-length:]):
            lead = item[:-length]
            if not lead or lead.endswith(LIST_LEAD_WORDS):
                return len(lead), item[-length:], bool(lead)
    return None


def _dotted(item: str) -> bool:
    return bool(DOTTED.fullmatch(item)) and not any(part[-1:] in NOT_NAME_END for part in re.split("[·•・‧]", item))


def _dotted_names(context: ArticleContext, strong: dict[int, str]) -> None:
    """古丽·A, 阿卜杜·B: a name written with a middle dot, after a title or at a clause start, ending at a
    clear boundary; a title run into its front (主任A·B) is cut off."""
    text = context.text
    previous_end = 0
    for dot in DOT.finditer(text):
        if dot.start() < previous_end:
            continue
        start = dot.start()
        while start > max(previous_end, dot.start() - 8) and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        match = DOTTED.match(text, start)
        if not match:
            continue
        previous_end = match.end()
        last_dot = max(match.group().rfind(dot) for dot in "·•・‧")
        end = next((start + last_dot + 1 + length for length in range(1, len(match.group()) - last_dot)
                    if _followed_by_boundary(text, start + last_dot + 1 + length)), match.end())
        if end == match.end() and end < len(text) and "\u4e00" <= text[end] <= "\u9fff":
            continue
        before_dot = re.split("[·•・‧]", match.group())[0]
        cut = 0
        for inner in DOTTED_CUTS.finditer(before_dot):
            cut = inner.end()
        if len(before_dot) - cut < 1 or (cut == 0 and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff"):
            continue
        if cut == 0 and (text[start - 1:start] in "“\"‘《「" or not text.startswith(lexicon.PERSON_FOLLOW_WORDS + (
                "说", "表示", "介绍", "指出", "强调", "认为", "获得", "荣获", "被评为", "是", "在", "等", "同志"), end)
                and not ETHNICITY.match(text, end)):
            continue  # “中国梦·劳动美”: a slogan, not a name
        name = text[start + cut:end]
        if _dotted(name) and len(name) >= 3:
            strong[start + cut] = name  # longer than the plain name a title rule may have cut (主任A)


def _credits(context: ArticleContext, strong: dict[int, str]) -> None:
    """记者 A B, 作者:A B C, 编辑:A 责编:B, 【责任编辑:A】, (A B) after a dateline, (单位 A 报道)."""
    text = context.text
    for match in CREDIT.finditer(text):
        position = match.end()
        for _ in range(6):
            part = re.match(r"[\u4e00-\u9fff]{2,8}", text[position:position + 8])
            if not part:
                break
            word = part.group()
            tail = CREDIT_TAIL.search(word, 2)
            if tail:
                word = word[:tail.start()]
            following = text[position + len(word):position + len(word) + 1]
            closed = following in CREDIT_CLOSE or following in " \u3000、" or bool(tail)
            if not closed or len(word) > 4:
                break
            if _is_name(word) or _dotted(word):
                strong.setdefault(position, word)
            elif 2 <= len(word) <= 3 and following in CREDIT_CLOSE and text[match.start() - 1:match.start()] in "(（【[" \
                    and match.group().startswith(("记者", "通讯员", "作者")):
                strong.setdefault(position, word)  # (记者 A): a pen name with no surname
            else:
                break
            position += len(word)
            space = re.match(r"[ \u3000、]+", text[position:position + 4])
            if not space:
                break
            position += space.end()
    for match in re.finditer(r"[(（]((?:[\u4e00-\u9fff]{2,3}[ \u3000]+)+[\u4e00-\u9fff]{2,3})[)）]", text):
        parts = re.split(r"[ \u3000]+", match.group(1))
        if all(_is_name(part) for part in parts):
            offset = match.start(1)
            for part in parts:
                offset = text.index(part, offset)
                strong.setdefault(offset, part)
                offset += len(part)
    for match in re.finditer(r"[(（][^()（）\n]{0,20}?[ \u3000]([\u4e00-\u9fff]{2,3})[ \u3000]*报道[)）]", text):
        if _is_name(match.group(1)):
            strong.setdefault(match.start(1), match.group(1))


def _counted_and_headed(context: ArticleContext, strong: dict[int, str], jieba_names: set[str]) -> None:
    """命名了A等10位职工 (a name before 等 and a count); A:…, B:… (names heading the lines of an
    honour roll, two or more in the article, or a profile heading A(单位职务))."""
    text = context.text
    for match in COUNTED.finditer(text):
        for length in (3, 2):
            start = match.start() - length
            name = text[start:match.start()]
            if start >= 0 and _is_name(name) and _tokenised_as_name(context, start, match.start()):
                strong.setdefault(start, name)
                break
    heads = []
    for match in re.finditer(r"(?m)(?:^|(?<=[ \u3000—]))([\u4e00-\u9fff]{2,3})([:：(（])", text):
        name = match.group(1)
        if not _is_name(name) or not _tokenised_as_name(context, match.start(1), match.end(1)):
            continue
        if match.group(2) in "(（":
            inside = text[match.end():match.end() + 30].split(")")[0].split("）")[0]
            if not inside.startswith(lexicon.CREDIT_WORDS) and (AFTER_POSITION.search(inside)
                                                                or AFTER_OCCUPATION.search(inside)):
                strong.setdefault(match.start(1), name)
        else:
            heads.append((match.start(1), name))
    for index, (start, name) in enumerate(heads):
        near = [other for other, _ in heads[max(0, index - 1):index + 2] if other != start and abs(other - start) < 120]
        if near or name in jieba_names:
            strong.setdefault(start, name)


LEADING_ROLE = re.compile("^(?:" + "|".join(map(re.escape, sorted(set(TITLE_WORDS) | set(INTRO_WORDS) | set(BYLINE),
                                                                  key=len, reverse=True))) + ")+")


def settle_person(context: ArticleContext, start: int, end: int) -> tuple[int, int] | None:
    """Where a proposed person name (a tagger's span) really starts and ends, or None when the span
    is no name: a leading title or byline word is cut off (主席王大力, 记者张三); a name cut short is
    completed and one that runs into the next word is trimmed, both by the name shapes and the words
    that follow names (X治 + 中 → X治中; 王大力表示 → 王大力); a middle-dot name is kept whole; a
    place the admin table knows, a name-shaped common word, or text with no surname is refused."""
    text = context.text
    if not 0 <= start < end <= len(text) or end - start > 24:
        return None
    span = text[start:end]
    role = LEADING_ROLE.match(span)
    if role and role.end() < len(span):
        start += role.end()
        span = text[start:end]
    dotted = DOTTED.match(text, start)
    if dotted and any(dot in text[start:dotted.end()] for dot in "·•・‧"):
        last_dot = max(dotted.group().rfind(dot) for dot in "·•・‧")
        stop = next((start + last_dot + 1 + length for length in range(1, len(dotted.group()) - last_dot)
                     if _followed_by_boundary(text, start + last_dot + 1 + length)), dotted.end())
        name = text[start:stop]
        return (start, stop) if _dotted(name) else None
    shapes = _name_shapes(text, start)
    if not shapes:
        return None
    for name in shapes:  # a shape that ends where a name may end, nearest to the proposed end first
        if _followed_by_boundary(text, start + len(name)) or COUNTED.match(text, start + len(name)):
            if _not_a_place(context, start, name) and _bounded_as_name(context, start, start + len(name)):
                return start, start + len(name)
            return None
    exact = text[start:end]
    if exact in shapes and _not_a_place(context, start, exact) and _bounded_as_name(context, start, end):
        return start, end
    return None


STUDIO = re.compile(r"(?:劳模和工匠人才创新工作室|劳模创新工作室|技能大师创新工作室|技能大师工作室|工匠创新工作室|职工创新工作室|"
                    r"创新工作室|工作室)")
STUDIO_LEAD = ("国家级", "省级", "市级", "县级", "区级", "示范性", "的", "了", "和", "与", "及", "、", "在", "是", "为", "把", "对")


def _studios(context: ArticleContext, strong: dict[int, str]) -> list[Candidate]:
    """“A劳模创新工作室”, A技能大师工作室: a studio named after a person is an Organization that holds
    the person's name; the person is a mention of its own (kept nested in the studio)."""
    text = context.text
    found = []
    for match in STUDIO.finditer(text):
        for length in (3, 2, 4):
            start = match.start() - length
            name = text[start:match.start()]
            if start < 0 or not _is_name(name) or not _not_a_place(context, start, name):
                continue
            before = text[start - 1:start]
            if before and "\u4e00" <= before <= "\u9fff" and not text[:start].endswith(STUDIO_LEAD):
                continue
            if not (_proper_tokens(context, start, match.start()) or _tokenised_as_name(context, start, match.start())):
                continue
            person = Candidate(start, match.start(), "Person", name, name, 2)
            studio = name + match.group()
            quoted = text[start - 1:start] == "“" and text.startswith("”", match.end())
            span = (start - 1, match.end() + 1) if quoted else (start, match.end())  # as the units rule spans it
            found.append(Candidate(*span, "Organization", studio, studio, 3, (person,)))
            strong.setdefault(start, name)
            break
    return found
