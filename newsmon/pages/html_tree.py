"""The parsed page as the extractor walks it: the lxml tree, its visible text, and page chrome.

Every other extraction module reads the page through these helpers, so "what is
visible text" and "what is furniture" are decided once.  Speed matters here:
these walks run over every element of every crawled page.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from typing import Any

from lxml import etree

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Inline whitespace besides " " (not "\n": it separates lines).
_WS_CHARS = "\t\r\f\v\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff"
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "form", "button", "svg", "select", "template",
     "object", "embed", "video", "audio", "canvas", "map", "input", "textarea", "head", "title",
     "nav", "aside", "footer", "figure", "figcaption", "label", "dialog", "menu"}
)
BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "tbody",
     "section", "article", "blockquote", "dd", "dt", "dl", "header", "pre", "main", "center",
     "hr", "address", "td", "th"}
)


def token_res(words: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(in one token, in a whole class attribute): a word of ``words`` as a
    class/id token or a "-"/"_"-separated part of one ("article-share", "nav_2").

    In a class attribute whitespace bounds a part too, so one search covers
    every token instead of one search per token.
    """
    token = re.compile(rf"(?:^|[-_])(?:{words})(?:$|[-_\d])", re.IGNORECASE)
    class_attr = re.compile(rf"(?:^|[-_\s])(?:{words})(?:$|[-_\d\s])", re.IGNORECASE)
    return token, class_attr


# class/id tokens of page furniture inside or around an article.
_FURNITURE_RE, _FURNITURE_CLASS_RE = token_res(
    r"share|sharing|sns|social|related|relate|relation|recommend\w*|ads?|advert\w*"
    r"|adsense|banner|comments?|cmt|reply|replies|copyright|caption|captions|photo|photos|img"
    r"|image|images|thumb|gallery|figure|desc|tags?|keywords?|subscribe|subscription|newsletter"
    r"|popular|ranking|rank|most|footer|nav|navi|navigation|gnb|lnb|menu|cookie|cookies|consent"
    r"|gdpr|promo|sponsor\w*|outbrain|taboola|dable|breadcrumbs?|byline|author|authors|reporter"
    r"|journalist|writer|profile|print|font|fontsize|util|utility|toolbar|sidebar|aside|widget"
    r"|hidden|blind|modal|popup|btn|button|tts|listen|more|series|newsbox|livebox|provider"
    r"|dateline|date|time|info|meta|headline|title|subtitle|kicker|sr|screen"
)
# Tokens of lists and chrome only (date/byline areas survive: the date scan needs them).
CHROME_RE, _CHROME_CLASS_RE = token_res(
    r"share|sharing|sns|social|related|relate|relation|recommend\w*|ads?|advert\w*"
    r"|banner|comments?|cmt|reply|replies|popular|ranking|rank|most|footer|nav|navi|navigation"
    r"|gnb|lnb|menu|cookie|cookies|consent|gdpr|promo|sponsor\w*|outbrain|taboola|dable"
    r"|sidebar|aside|widget|series|newsbox"
)

# Tokens of other stories and comments: a date in them is not this article's.
_OTHER_STORIES = r"related|relate|relation|recommend\w*|comments?|cmt|reply|replies|outbrain|taboola|dable"
_OTHER_RE, _OTHER_CLASS_RE = token_res(_OTHER_STORIES)
# ... and lists and widgets, which hold other stories more often than not.
_ELSEWHERE_RE, _ELSEWHERE_CLASS_RE = token_res(_OTHER_STORIES + r"|popular|ranking|rank|most|widget|series|newsbox")

# lxml.html's parser settings without its per-element Python class lookup
# (HtmlElement), which cost more than any single extraction step.
_HTML_PARSER = etree.HTMLParser()
# What HtmlElement.text_content does.
text_content = etree.XPath("string()", smart_strings=False)


def parse_tree(text: str) -> Any:
    text = _XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return etree.fromstring(text, _HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None


def has_token(el: Any, token_re: re.Pattern[str], class_re: re.Pattern[str]) -> bool:
    """Whether a class token or the id of ``el`` matches (see :func:`token_res`)."""
    classes, ident = el.get("class"), el.get("id")
    return bool(classes and class_re.search(classes) or ident and token_re.search(ident))


def _hidden(el: Any) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("aria-hidden") == "true" or el.get("hidden") is not None


_PAGE_TAGS = frozenset({"body", "html"})


def is_furniture(el: Any) -> bool:
    attrib = el.attrib
    if not attrib:
        return False
    return _hidden(el) or has_token(el, _FURNITURE_RE, _FURNITURE_CLASS_RE)


def is_chrome(el: Any) -> bool:
    """Whether ``el`` is a menu, list, share bar or other chrome; never ``<body>``/``<html>``, whose
    classes describe the page's layout ("single-post right-sidebar"), not a part of it."""
    return el.tag not in _PAGE_TAGS and has_token(el, CHROME_RE, _CHROME_CLASS_RE)


def is_elsewhere(el: Any) -> bool:
    """Whether ``el`` holds other stories, comments or widgets (narrower than :func:`is_chrome`:
    a post's footer or a menu bar may carry the post's own date)."""
    return el.tag not in _PAGE_TAGS and has_token(el, _ELSEWHERE_RE, _ELSEWHERE_CLASS_RE)


def is_other_story(el: Any) -> bool:
    """Whether ``el`` holds related stories or comments (narrower still: a blog engine
    may wrap its posts in a "widget")."""
    return el.tag not in _PAGE_TAGS and has_token(el, _OTHER_RE, _OTHER_CLASS_RE)


def element_text(root: Any, skip: Callable[[Any], bool]) -> str:
    """Text of ``root`` with block boundaries as newlines, skipping subtrees."""
    parts: list[str] = []
    append = parts.append

    def walk(node: Any, tag: str) -> None:
        # ``node`` is an element to show; each child's tail is shown even when the child is not.
        if tag == "br":
            append("\n")
        block = tag in BLOCK_TAGS
        if block:
            append("\n")
        if text := node.text:
            append(text)
        for child in node:
            child_tag = child.tag
            if isinstance(child_tag, str):
                child_tag = child_tag.lower()
                if child_tag not in SKIP_TAGS and not skip(child):
                    walk(child, child_tag)
            if tail := child.tail:
                append(tail)
        if block:
            append("\n")

    if isinstance(root.tag, str) and root.tag.lower() not in SKIP_TAGS:
        walk(root, root.tag.lower())
    return "".join(parts)


def _ws_to_spaces(text: str) -> str:
    # str.replace, not a regex: a regex character-class scan costs about 10 ns
    # per character of a Korean page, and this runs over whole pages.
    for char in _WS_CHARS:
        if char in text:
            text = text.replace(char, " ")
    return text


def _single_spaces(text: str) -> str:
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def squash_ws(text: str) -> str:
    """Each run of " " and ``_WS_CHARS`` as one space."""
    return _single_spaces(_ws_to_spaces(text))


def text_lines(text: str) -> list[str]:
    """Non-blank lines, whitespace runs squashed, stripped."""
    # Strip before squashing: most lines of a page are indentation and vanish here.
    stripped = (raw.strip() for raw in _ws_to_spaces(text).split("\n"))
    return [_single_spaces(line) if "  " in line else line for line in stripped if line]


def clean_inline(text: str | None) -> str | None:
    if text is None:
        return None
    text = squash_ws(html_lib.unescape(text).replace("\n", " ")).strip()
    return text or None
