"""HTML and Markdown articles → title and plain text.

The text keeps one paragraph per line, as in a ``.txt`` article; headings become lines starting
with ``#`` (``##`` for a second level…), the plain-text articles' own mark for a heading, so
that a section of a Markdown or HTML article is a section here too.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BLOCK_TAGS = {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
              "footer", "form", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
              "tbody", "thead", "tfoot", "tr", "ul", "caption"}
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# not the article: scripts and styles, the page head (its <title> aside), and the site's navigation
HIDDEN_TAGS = {"script", "style", "noscript", "template", "head", "svg", "object", "iframe", "nav", "aside",
               "footer", "form", "button", "select"}
CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
# In HTML a line break between two Chinese characters is no space at all; other runs are one space.
_CJK_LINE_BREAK = re.compile(rf"(?<=[{CJK}])[ \t\r\f\xa0]*\n[ \t\r\n\f\xa0]*(?=[{CJK}])")
_WHITESPACE = re.compile(r"[ \t\r\n\f\xa0]+")


class _OpenElements:
    """A stack of open elements where closing a tag closes it and every element opened after it,
    in time proportional to the elements closed (deeply nested pages stay linear)."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.positions: dict[str, list[int]] = {}  # tag → its places in the stack, innermost last

    def append(self, tag: str) -> None:
        self.positions.setdefault(tag, []).append(len(self.stack))
        self.stack.append(tag)

    def __contains__(self, tag: str) -> bool:
        return bool(self.positions.get(tag))

    def __bool__(self) -> bool:
        return bool(self.stack)

    def close(self, tag: str) -> None:
        """Close the innermost open ``tag`` and the elements inside it; nothing when none is open."""
        if tag not in self:
            return
        start = self.positions[tag][-1]
        while len(self.stack) > start:
            self.positions[self.stack.pop()].pop()


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.first_h1: list[str] | None = None
        self.hidden = _OpenElements()  # open hidden elements (script, style, head…)
        self.in_title = False
        self.in_h1 = False
        self.pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in HIDDEN_TAGS:
            self.hidden.append(tag)
        elif tag == "body" and "head" in self.hidden:  # an unclosed <head> ends where <body> starts
            self.hidden.close("head")
        elif tag in HEADING_TAGS:
            self.parts.append("\n" + "#" * HEADING_TAGS[tag] + " ")
            if tag == "h1" and self.first_h1 is None:
                self.first_h1, self.in_h1 = [], True
        elif tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self.pre += 1
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" or tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in HIDDEN_TAGS:
            self.hidden.close(tag)
        elif tag in HEADING_TAGS or tag in BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "h1":
                self.in_h1 = False
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.hidden:
            return
        if not self.pre:
            data = _WHITESPACE.sub(" ", _CJK_LINE_BREAK.sub("", data))
        self.parts.append(data)
        if self.in_h1:
            self.first_h1.append(data)


def _clean_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _defuse_unclosed(source: str) -> str:
    """``source`` with every ``<`` that no ``>`` closes before the next ``<`` written as ``&lt;``
    (comments kept whole; an unclosed comment runs to the end, as in a browser, and is dropped). Python's
    HTMLParser rescans the rest of the page at each unclosed ``<a``, ``<!--`` or ``<p x="``, which
    takes time quadratic in their number; this pass is linear (each search resumes where the last
    one ended)."""
    pieces = []
    start = 0  # the source up to here is in pieces
    position = source.find("<")
    next_close = next_comment_end = -2  # cached positions of the next ">" and "-->" (-1: none)
    while position >= 0:
        if source.startswith("<!--", position):
            if next_comment_end != -1 and next_comment_end < position + 4:
                next_comment_end = source.find("-->", position + 4)
            if next_comment_end == -1:  # the rest of the page is the comment: nothing to read
                pieces.append(source[start:position])
                return "".join(pieces)
            position = source.find("<", next_comment_end + 3)
            continue
        following = source.find("<", position + 1)
        if next_close != -1 and next_close <= position:
            next_close = source.find(">", position + 1)
        if next_close == -1 or (0 <= following < next_close):
            pieces.append(source[start:position] + "&lt;")
            start = position + 1
        position = following
    pieces.append(source[start:])
    return "".join(pieces)


def html_to_text(source: str) -> tuple[str, str]:
    """(title, text) of an HTML page: the title from ``<title>``, else the first ``<h1>``."""
    parser = _HtmlText()
    parser.feed(_defuse_unclosed(source))
    parser.close()
    lines = _clean_lines("".join(parser.parts))
    title = _one_line("".join(parser.title)) or _one_line("".join(parser.first_h1 or []))
    if title and parser.first_h1 is None and not any(title in line for line in lines[:3]):
        lines.insert(0, title)  # the headline lives only in <title>: it is the article's first line
    if not title and lines:
        title = lines[0].lstrip("#").strip()
    return title, "\n\n".join(lines)


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINE_MARKERS = re.compile(r"^\s*(?:>\s?)*(?:[-*+]\s+|\d{1,3}[.)]\s+)?(?:\[[ xX]\]\s+)?")
_INLINE = [
    # no bracket inside brackets, no parenthesis inside a URL, no < inside a tag: each match attempt
    # then stops at the next opening mark, and a line of 100,000 unclosed [ takes linear time
    (re.compile(r"!\[[^\[\]]*\]\([^()]*\)|!\[[^\[\]]*\]\[[^\[\]]*\]"), ""),  # images
    (re.compile(r"\[([^\[\]]*)\]\([^()]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\[\]]*)\]\[[^\[\]]*\]"), r"\1"),  # [text][reference]
    (re.compile(r"<(https?://[^<>]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),  # inline HTML tags
    (re.compile(r"`+([^`]*)`+"), r"\1"),  # code spans
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"(?<![*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?!\*)"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![A-Za-z0-9_\\])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![A-Za-z0-9_])"), r"\1"),  # _emphasis_
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
]


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return html.unescape(text)


def _front_matter_title(lines: list[str]) -> tuple[str, list[str]]:
    """A YAML front matter block (--- … ---) is dropped; its ``title:`` is returned."""
    if not lines or lines[0].strip() != "---":
        return "", lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            title = next((line.split(":", 1)[1].strip().strip("\"'") for line in lines[1:end]
                          if line.lower().startswith("title:")), "")
            return title, lines[end + 1:]
    return "", lines


def _join(previous: str, line: str) -> str:
    """A paragraph's next source line: a space between two Latin words or numbers, none in Chinese."""
    if previous[-1:].isascii() and line[:1].isascii() and not previous[-1:].isspace():
        return previous + " " + line
    return previous + line


def markdown_to_text(source: str) -> tuple[str, str]:
    """(title, text) of a Markdown article: the title from the first heading (or front matter).
    The lines of a paragraph are joined; headings, list items and table rows keep their own line."""
    title, lines = _front_matter_title(source.split("\n"))
    out: list[str] = []
    open_paragraph = False  # whether the last line of ``out`` is prose the next line continues
    in_quote = in_fence = False
    underlines: set[int] = set()  # lines that underline a heading (=== or ---)
    for number, line in enumerate(lines):
        if number in underlines:
            continue
        if _FENCE.match(line):
            in_fence, open_paragraph = not in_fence, False
            continue
        if in_fence:
            out.append(line)
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        markers = _LINE_MARKERS.match(line).group()
        if line.strip() and _SETEXT_UNDERLINE.match(following) and not markers and not open_paragraph:
            out.append("#" * (1 if following.strip().startswith("=") else 2) + " " + _inline(line.strip()))
            underlines.add(number + 1)
            open_paragraph = False
            continue
        if _TABLE_RULE.match(line):
            continue
        if not line.strip() or _THEMATIC_BREAK.match(line) or _REFERENCE_DEFINITION.match(line):
            out.append("")
            open_paragraph = False
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            text = _inline(heading.group(2) or "").strip()
            out.append(heading.group(1) + " " + text if text else "")
            open_paragraph = False
            continue
        hard_break = line.endswith(("  ", "\\"))
        text = line[len(markers):].lstrip()
        text = text.rstrip().rstrip("\\") if hard_break else text  # a space ending a line is kept for the join
        if text.startswith("|"):
            text = " ".join(cell.strip() for cell in text.strip("|").split("|"))
            markers = "|"
        text = _inline(text)
        quote = ">" in markers
        if open_paragraph and not markers.strip(" >") and quote == in_quote:
            out[-1] = _join(out[-1], text)
        else:
            out.append(text)
        open_paragraph, in_quote = not hard_break and markers != "|", quote
    kept = [line for line in out if line.strip()]
    if not title:
        title = next((line.lstrip("#").strip() for line in kept if line.startswith("#")), "")
    if not title and kept:
        title = kept[0].strip()
    return title, "\n".join(line.rstrip() for line in out).strip("\n")
