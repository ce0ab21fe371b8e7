"""Turn one fetched news page into a clean article record.

Alerts are only as good as the text and dates behind them: a body polluted
with "관련기사" lists and copyright footers skews relevance scoring and
near-duplicate detection, and a wrong published date puts an old story in
today's digest.  So every field comes from the most trustworthy source the page
offers, in a fixed, documented order, and the raw string and its source are
kept beside each parsed date so a bad value can be traced back.

Body: JSON-LD ``articleBody`` when plausible, else the site's own article
container (``itemprop=articleBody``, ``#article_body``, ``.article-body`` ...),
else the densest prose block, else trafilatura; then Korean/English boilerplate lines are removed.

Pure and process-pool friendly: no I/O, no network, module-level functions only.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import trafilatura
from lxml import etree

from newsmon.pages.dates import parse_date, parse_date_fields
from newsmon.pages.encoding import decode_html
from newsmon.pages.language import detect_language
from newsmon.pages.urls import choose_canonical

__all__ = ["ExtractedArticle", "extract_article"]

DateSource = str  # "jsonld" | "meta" | "time" | "printed" | "url" | "feed"


@dataclass(frozen=True)
class ExtractedArticle:
    """What one news page says about its article."""

    url: str
    """The fetched URL, as given."""
    canonical_url: str
    """The canonical article URL (see :func:`newsmon.pages.urls.choose_canonical`)."""
    title: str | None
    """Headline without the outlet suffix."""
    body: str
    """The article's own text; paragraphs separated by a blank line."""
    description: str | None = None
    """Standfirst/summary from og:description, meta description or JSON-LD."""
    published_at: datetime | None = None
    """Publication time, timezone-aware."""
    published_raw: str | None = None
    """The published date exactly as found on the page (or in the feed)."""
    published_source: DateSource | None = None
    """Where ``published_at`` came from: jsonld, meta, time, printed, url or feed."""
    modified_at: datetime | None = None
    """Last modification time, timezone-aware."""
    modified_raw: str | None = None
    """The modified date as found."""
    modified_source: DateSource | None = None
    """Where ``modified_at`` came from."""
    authors: list[str] = field(default_factory=list)
    """Author names, deduplicated, without e-mail addresses or "기자" titles."""
    language: str | None = None
    """"ko", "en", another ISO 639-1 code from ``<html lang>``, or None."""
    site_name: str | None = None
    """The outlet's name (og:site_name, JSON-LD publisher)."""
    body_source: str | None = None
    """Which extractor produced the body: jsonld, container, density, trafilatura or description."""
    encoding: str | None = None
    """Codec the page was decoded with, when bytes were given."""

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON dict: datetimes as ISO 8601 strings."""
        data = asdict(self)
        for key in ("published_at", "modified_at"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return data


# --------------------------------------------------------------------------- parsing

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Inline whitespace besides " " (not "\n": it separates lines).
_WS_CHARS = "\t\r\f\v\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff"
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "form", "button", "svg", "select", "template",
     "object", "embed", "video", "audio", "canvas", "map", "input", "textarea", "head", "title",
     "nav", "aside", "footer", "figure", "figcaption", "label", "dialog", "menu"}
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "tbody",
     "section", "article", "blockquote", "dd", "dt", "dl", "header", "pre", "main", "center",
     "hr", "address", "td", "th"}
)


def _token_res(words: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(in one token, in a whole class attribute): a word of ``words`` as a
    class/id token or a "-"/"_"-separated part of one ("article-share", "nav_2").

    In a class attribute whitespace bounds a part too, so one search covers
    every token instead of one search per token.
    """
    token = re.compile(rf"(?:^|[-_])(?:{words})(?:$|[-_\d])", re.IGNORECASE)
    class_attr = re.compile(rf"(?:^|[-_\s])(?:{words})(?:$|[-_\d\s])", re.IGNORECASE)
    return token, class_attr


# class/id tokens of page furniture inside or around an article.
_FURNITURE_RE, _FURNITURE_CLASS_RE = _token_res(
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
_CHROME_RE, _CHROME_CLASS_RE = _token_res(
    r"share|sharing|sns|social|related|relate|relation|recommend\w*|ads?|advert\w*"
    r"|banner|comments?|cmt|reply|replies|popular|ranking|rank|most|footer|nav|navi|navigation"
    r"|gnb|lnb|menu|cookie|cookies|consent|gdpr|promo|sponsor\w*|outbrain|taboola|dable"
    r"|sidebar|aside|widget|series|newsbox"
)


# lxml.html's parser settings without its per-element Python class lookup
# (HtmlElement), which cost more than any single extraction step.
_HTML_PARSER = etree.HTMLParser()
# What HtmlElement.text_content does.
_text_content = etree.XPath("string()", smart_strings=False)


def _parse_tree(text: str) -> Any:
    text = _XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return etree.fromstring(text, _HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _has_token(el: Any, token_re: re.Pattern[str], class_re: re.Pattern[str]) -> bool:
    """Whether a class token or the id of ``el`` matches (see :func:`_token_res`)."""
    classes, ident = el.get("class"), el.get("id")
    return bool(classes and class_re.search(classes) or ident and token_re.search(ident))


def _hidden(el: Any) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("aria-hidden") == "true" or el.get("hidden") is not None


def _is_furniture(el: Any) -> bool:
    attrib = el.attrib
    if not attrib:
        return False
    return _hidden(el) or _has_token(el, _FURNITURE_RE, _FURNITURE_CLASS_RE)


def _is_chrome(el: Any) -> bool:
    return _has_token(el, _CHROME_RE, _CHROME_CLASS_RE)


def _element_text(root: Any, skip: Callable[[Any], bool]) -> str:
    """Text of ``root`` with block boundaries as newlines, skipping subtrees."""
    parts: list[str] = []
    append = parts.append

    def walk(node: Any, tag: str) -> None:
        # ``node`` is an element to show; each child's tail is shown even when the child is not.
        if tag == "br":
            append("\n")
        block = tag in _BLOCK_TAGS
        if block:
            append("\n")
        if text := node.text:
            append(text)
        for child in node:
            child_tag = child.tag
            if isinstance(child_tag, str):
                child_tag = child_tag.lower()
                if child_tag not in _SKIP_TAGS and not skip(child):
                    walk(child, child_tag)
            if tail := child.tail:
                append(tail)
        if block:
            append("\n")

    if isinstance(root.tag, str) and root.tag.lower() not in _SKIP_TAGS:
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


def _squash_ws(text: str) -> str:
    """Each run of " " and ``_WS_CHARS`` as one space."""
    return _single_spaces(_ws_to_spaces(text))


def _lines(text: str) -> list[str]:
    """Non-blank lines, whitespace runs squashed, stripped."""
    # Strip before squashing: most lines of a page are indentation and vanish here.
    stripped = (raw.strip() for raw in _ws_to_spaces(text).split("\n"))
    return [_single_spaces(line) if "  " in line else line for line in stripped if line]


def _clean_inline(text: str | None) -> str | None:
    if text is None:
        return None
    text = _squash_ws(html_lib.unescape(text).replace("\n", " ")).strip()
    return text or None


# --------------------------------------------------------------------------- metadata

_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report",
     "techarticle", "socialmediaposting", "askpublicnewsarticle"}
)


def _collect_meta(tree: Any) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and content.strip():
            meta.setdefault(key, []).append(content.strip())
    return meta


def _first(meta: Mapping[str, list[str]], *keys: str) -> tuple[str | None, str | None]:
    """(value, key) of the first meta key present."""
    for key in keys:
        values = meta.get(key)
        if values:
            return values[0], key
    return None, None


def _flatten_ld(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _flatten_ld(item)
    elif isinstance(node, dict):
        yield node
        graph = node.get("@graph")
        if graph is not None:
            yield from _flatten_ld(graph)
        main = node.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _flatten_ld(main)


def _types(obj: Mapping[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values if v}


def _jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$", "", raw).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        objects.extend(_flatten_ld(data))
    return objects


def _pick_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    if articles:
        with_body = [o for o in articles if o.get("articleBody")]
        return (with_body or articles)[0]
    pages = [o for o in objects if "webpage" in _types(o) and (o.get("headline") or o.get("datePublished"))]
    return pages[0] if pages else None


def _ld_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return _clean_inline(value) if isinstance(value, str) else None


def _publisher_name(article: Mapping[str, Any] | None, objects: list[dict[str, Any]]) -> str | None:
    if article is not None:
        name = _ld_text(article.get("publisher"))
        if name:
            return name
    for obj in objects:
        if _types(obj) & {"newsmediaorganization", "organization"}:
            name = _ld_text(obj.get("name"))
            if name:
                return name
    return None


# --------------------------------------------------------------------------- title

_TITLE_SEP_RE = re.compile(r"\s+(?:\||-|–|—|:|::|<|»|·|/)\s+")


def _strip_title_suffix(title: str, site_name: str | None) -> str:
    """Drop " | Outlet", " - Outlet", " : 언론사" and ndsoft's " < 섹션 < 기사본문 - 사이트"."""
    if " < " in title:
        head = title.split(" < ")[0].strip()
        if head:
            return head
    parts = _TITLE_SEP_RE.split(title)
    if len(parts) < 2:
        return title
    seps = _TITLE_SEP_RE.findall(title)
    site = (site_name or "").strip().lower()
    while len(parts) > 1:
        last = parts[-1].strip()
        if site and (last.lower() == site or site in last.lower() or last.lower() in site):
            pass
        elif len(last) <= 25 and len(last) < 0.4 * len(title):
            pass
        else:
            break
        parts.pop()
        seps.pop()
    rebuilt = parts[0]
    for sep, part in zip(seps, parts[1:]):
        rebuilt += sep + part
    return rebuilt.strip()


def _strip_title_prefix(title: str, page_text: str) -> str:
    """Drop an "Outlet - " prefix when the rest is printed on the page as the headline."""
    match = _TITLE_SEP_RE.search(title)
    if match and match.start() <= 25:
        rest = title[match.end():].strip()
        if len(rest) > 2 * match.start() and rest in page_text:
            return rest
    return title


def _extract_title(tree: Any, article: Mapping[str, Any] | None, meta: Mapping[str, list[str]],
                   site_name: str | None) -> str | None:
    if article is not None:
        headline = _ld_text(article.get("headline")) or _ld_text(article.get("name"))
        if headline:
            return headline
    og_title, _ = _first(meta, "og:title", "twitter:title")
    if og_title:
        cleaned = _clean_inline(og_title)
        if cleaned:
            return _strip_title_suffix(cleaned, site_name) if site_name else cleaned
    title_el = tree.find(".//title")
    if title_el is not None:
        cleaned = _clean_inline(_text_content(title_el))
        if cleaned:
            stripped = _strip_title_suffix(cleaned, site_name)
            if stripped == cleaned:
                body = tree.find("body")
                page_text = _squash_ws(_text_content(body)) if body is not None else ""
                stripped = _strip_title_prefix(cleaned, page_text)
            return stripped
    for h1 in tree.iter("h1"):
        cleaned = _clean_inline(_text_content(h1))
        if cleaned:
            return cleaned
    return None


# --------------------------------------------------------------------------- body

_LD_TEASER_RATIO = 0.6
_MIN_BODY_CHARS = 120
# Normalized (lowercase, no "-"/"_") ids/classes of article-body containers.
_BODY_ID_NAMES = frozenset(
    {"articlebody", "articebody", "articleviewcontentdiv", "dicarea", "newsctarticle",
     "articlebodycontents", "newsbodyid", "newsendcontents", "articletxt", "articletext",
     "textbody", "newscontent", "contentbody", "articlecontent", "articlecontents", "storybody",
     "newsbody", "articlecont", "articlecon", "newstext", "arttxt", "viewcontent", "newsview",
     "articlebodytext", "storytext", "bodytext", "newsbodyarea", "newsviewbody", "articletextarea",
     "cntarticle", "articleview", "viewcon", "newstxt", "articlebodyarea", "newsarticle"}
)
_BODY_CLASS_NAMES = frozenset(
    {"articlebody", "articlebodytext", "articlecontent", "articletxt", "articletext", "storybody",
     "storycontent", "storytext", "entrycontent", "postcontent", "postbody", "newsbody",
     "newscontent", "newstext", "bodytext", "viewcon", "arttxt", "articlebodycontent",
     "articleview", "articlecont", "articlecon", "contentarticle", "articlebodywrapper",
     "newsviewbody", "textarea", "paywall", "richtext", "cmscontent", "contentbody",
     "articlemain", "newsarticle", "articledetail", "newsdetail", "articletextarea"}
)


def _norm_token(token: str) -> str:
    return token.replace("-", "").replace("_", "").lower()


def _container_candidates(tree: Any) -> list[tuple[int, Any]]:
    """(tier, element) pairs: itemprop=articleBody, known ids, known classes, <article>."""
    found: list[tuple[int, Any]] = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if (el.get("itemprop") or "").lower() == "articlebody":
            found.append((0, el))
            continue
        ident = el.get("id")
        if ident and _norm_token(ident) in _BODY_ID_NAMES:
            found.append((1, el))
            continue
        name = el.get("name")
        if name and _norm_token(name) == "articlebody":
            found.append((1, el))
            continue
        classes = el.get("class")
        # Normalizing the attribute then splitting gives the normalized tokens.
        if classes and not _BODY_CLASS_NAMES.isdisjoint(_norm_token(classes).split()):
            found.append((2, el))
            continue
        if el.tag == "article":
            found.append((3, el))
    return found


def _container_body(tree: Any) -> str | None:
    best_tier, best_text = None, None
    for tier, el in _container_candidates(tree):
        if best_tier is not None and tier > best_tier and best_text is not None:
            break
        text = "\n".join(_lines(_element_text(el, _is_furniture)))
        if len(text) < _MIN_BODY_CHARS:
            continue
        if best_tier is None or tier < best_tier or len(text) > len(best_text or ""):
            if best_tier is None or tier <= best_tier:
                best_tier, best_text = tier, text
    return best_text


_INLINE_TAGS = frozenset({"a", "b", "i", "em", "strong", "span", "font", "u", "small", "big", "sup", "sub",
                          "mark", "q", "cite", "abbr", "time", "br", "wbr", "s", "strike", "nobr"})


def _own_text_len(el: Any) -> int:
    """Length of the prose an element shows itself: its text plus inline, non-link children."""
    total = len((el.text or "").strip())
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        # Link text is navigation, not prose: ranking lists and menus score nothing.
        if tag in _INLINE_TAGS and tag != "a" and child.find(".//a") is None:
            total += len(_text_content(child).strip())
        total += len((child.tail or "").strip())
    return total


def _densest_block(tree: Any) -> str | None:
    """Readability-style fallback: the element holding the most paragraph text.

    Each block with at least 40 characters of its own text scores that length
    for itself and its parent, half for its grandparent; the top element's text
    (minus furniture) wins.  Catches old table layouts whose text sits in a
    ``<td>`` between ``<br>`` tags, which trafilatura flattens into "| cell |" rows.
    """
    body = tree.find("body")
    if body is None:
        return None
    if any(_is_chrome(a) for a in body.iterancestors()):
        return None
    scores: dict[Any, float] = {}
    # Elements inside a chrome element never score: skip its subtree whole.
    walker = etree.iterwalk(body, events=("start",))
    for _, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if _is_chrome(el):
            walker.skip_subtree()
            continue
        tag = tag.lower()
        if tag in _INLINE_TAGS or tag in _SKIP_TAGS:
            continue
        own = _own_text_len(el)
        if own < 40:
            continue
        scores[el] = scores.get(el, 0.0) + own
        parent = el.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + own
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + own / 2
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    text = "\n".join(_lines(_element_text(best, _is_furniture)))
    return text or None


def _ld_body(article: Mapping[str, Any] | None) -> str | None:
    if article is None:
        return None
    raw = article.get("articleBody")
    if isinstance(raw, list):
        raw = "\n".join(str(x) for x in raw)
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = html_lib.unescape(raw)
    if "<" in text and re.search(r"</?(?:p|br|div|span|a|strong|em|b|i)\b", text, re.IGNORECASE):
        fragment = lxml.html.fragment_fromstring(text, create_parent="div")
        text = _element_text(fragment, _is_furniture)
    return "\n".join(_lines(text)) or None


def _trafilatura_body(text: str, url: str) -> str | None:
    return trafilatura.extract(
        text,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )


# Lines of boilerplate that survive any container choice.
# The lookahead holds the first letters of the alternatives (keep it in step):
# one test per position before trying every alternative.
_COPYRIGHT_RE = re.compile(
    r"(?=[무재저ⓒ©ca기보])(?:"
    r"무단\s*전재|재배포\s*금지|무단\s*복제|저작권자|저작권\s*[ⓒ©]|copyright|[ⓒ©]|all rights reserved"
    r"|AI\s*학습\s*(?:및\s*)?(?:활용|이용)\s*금지|기사\s*제보|보도자료\s*제보)",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REPORTER_LINE_RE = re.compile(
    r"^[\[(/<]*\s*(?:[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*\s*(?:선임|수석|객원|인턴|전문|사진)?\s*"
    r"(?:기자|특파원|통신원|논설위원|에디터)\s*)+[\])>]?\s*$"
)
_BY_LINE_RE = re.compile(r"^(?:By|BY|Written by|Reporting by|Edited by|Editing by)\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,12}\.?$")
_PHOTO_CREDIT_RE = re.compile(
    r"^[\[(<]?\s*/?\s*(?:사진|이미지|그래픽|자료|영상|일러스트|Photo|Photos|Image|Credit|Illustration"
    r"|Graphic|Video)\s*(?:제공)?\s*[=:/|]",
    re.IGNORECASE,
)
_PHOTO_TAIL_RE = re.compile(r"(?:\[|\(|<)\s*(?:사진|이미지|그래픽)\s*=?[^\])>]{0,30}(?:\]|\)|>)\s*$")
_CHROME_WORDS = frozenset(
    {"공유하기", "공유", "페이스북", "트위터", "카카오톡", "카카오스토리", "카카오", "네이버밴드",
     "밴드", "url복사", "링크복사", "url 복사", "facebook", "twitter", "x", "linkedin", "email",
     "e-mail", "share", "print", "인쇄", "스크랩", "글자크기", "가", "가가", "좋아요", "싫어요",
     "구독", "댓글", "advertisement", "광고", "sponsored", "read more", "더보기", "닫기", "close",
     "copy link", "whatsapp", "reddit", "pinterest", "save", "listen", "기사듣기", "추천",
     "기사 공유", "share this article", "sns 공유", "프린트", "메일", "북마크", "bookmark",
     "본문 글씨 키우기", "본문 글씨 줄이기", "글씨 크기", "목록", "top", "맨위로"}
)
_CHROME_SPLIT_RE = re.compile(r"\s*[|·/]\s*|\s{2,}")
_SECTION_END_RE = re.compile(
    r"^(?:관련\s*기사|관련\s*뉴스|많이\s*본\s*(?:기사|뉴스)|인기\s*기사|추천\s*기사|이\s*시각\s*주요뉴스"
    r"|주요\s*뉴스|최신\s*기사|related(?:\s+(?:articles|stories|coverage|news|content))?|more from .*"
    r"|more stories|recommended(?: for you)?|read next|most popular|most read|you may also like"
    r"|trending now|top stories|latest news|comments?|댓글.*|sign up for .*)\s*:?$",
    re.IGNORECASE,
)
_PROMO_RE = re.compile(
    r"^[▶☞▷►→]\s*.*(?:구독|바로\s*가기|보기|클릭|네이버|카카오|다운로드|채널|이벤트|관련\s*기사|뉴스|제보|앱|유튜브)"
)
_DATE_ONLY_RE = re.compile(
    r"^(?:(?:기사\s*)?(?:입력|수정|승인|등록|송고|업데이트|최종\s*수정|Posted|Published|Updated)\s*[:：]?\s*"
    r"[\d.\-/: 년월일오전후AMPamp()월화수목금토일]+\s*)+$"
)


def _is_boilerplate_line(line: str) -> bool:
    # Runs on every line of every page: length and substring tests go before the regexes.
    size = len(line)
    if size < 200 and _COPYRIGHT_RE.search(line):
        return True
    if size < 100 and "@" in line and _EMAIL_RE.search(line):
        return True
    if _REPORTER_LINE_RE.match(line) or _BY_LINE_RE.match(line):
        return True
    if size < 100 and (_PHOTO_CREDIT_RE.match(line) or size < 40 and _PHOTO_TAIL_RE.search(line)):
        return True
    lower = line.lower()
    if lower.strip(" |·/") in _CHROME_WORDS:
        return True
    if size < 80:
        words = [w for w in _CHROME_SPLIT_RE.split(lower) if w]
        if len(words) >= 2 and all(w in _CHROME_WORDS for w in words):
            return True
    return size < 90 and (_PROMO_RE.match(line) is not None or _DATE_ONLY_RE.match(line) is not None)


def _clean_body(lines: list[str], title: str | None) -> list[str]:
    """Remove boilerplate lines and trailing related/popular lists."""
    out: list[str] = []
    norm_title = re.sub(r"\s+", " ", title).strip() if title else None
    for index, line in enumerate(lines):
        if _SECTION_END_RE.match(line):
            if index >= len(lines) * 0.5 or len(out) >= 3:
                break
            continue
        if norm_title and not out and line == norm_title:
            continue
        if _is_boilerplate_line(line):
            continue
        out.append(line)
    # Trailing short link-like lines (headline lists without a header).
    while out and len(out) > 3 and len(out[-1]) < 40 and not re.search(r"[.!?다요”\"')\]]$", out[-1]):
        out.pop()
    return out


def _extract_body(text: str, tree: Any, url: str, article: Mapping[str, Any] | None,
                  title: str | None) -> tuple[str, str | None]:
    container = _container_body(tree)
    container_lines = _clean_body(_lines(container), title) if container else []
    container_text = "\n\n".join(container_lines)

    ld = _ld_body(article)
    if ld:
        ld_lines = _clean_body(_lines(ld), title)
        ld_text = "\n\n".join(ld_lines)
        plausible = len(ld_text) >= _MIN_BODY_CHARS and not ld_text.rstrip().endswith(("...", "…"))
        if plausible and (not container_text or len(ld_text) >= _LD_TEASER_RATIO * len(container_text)):
            return ld_text, "jsonld"
    if len(container_text) >= _MIN_BODY_CHARS:
        return container_text, "container"

    dense = _densest_block(tree)
    dense_text = "\n\n".join(_clean_body(_lines(dense), title)) if dense else ""
    # Measured on tests/extraction_eval: the densest block matches trafilatura's
    # F1 on div-soup pages, beats it on table layouts, and costs a tenth of the time.
    if len(dense_text) >= _MIN_BODY_CHARS:
        return dense_text, "density"
    extracted = _trafilatura_body(text, url)
    if extracted:
        traf_text = "\n\n".join(_clean_body(_lines(extracted), title))
        if len(traf_text) >= max(len(container_text), 1):
            return traf_text, "trafilatura"
    if container_text:
        return container_text, "container"
    return "", None


# --------------------------------------------------------------------------- dates

_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_META_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "og:published_time", "published_time", "pubdate", "publishdate", "publish-date", "publish_date",
    "article.published", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.created", "date", "nv:news:date", "ptime",
)
_META_MODIFIED_KEYS = (
    "article:modified_time", "og:article:modified_time", "article:modified", "datemodified",
    "og:updated_time", "article:updated_time", "modified_time", "lastmod", "last-modified",
    "dcterms.modified", "article.updated", "utime",
)
_MONTH_NAMES = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTHS = rf"(?:{_MONTH_NAMES})[a-z]*\.?"
_PRINTED_CORE = (
    r"(?:\d{4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}\s*일?\.?"
    rf"|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}})"
)
_PRINTED_TIME = (
    r"(?:\s*(?:\([월화수목금토일]\)|[,|]|at)?\s*(?:오전|오후|AM|PM)?\s*\d{1,2}(?::\d{2}){1,2}"
    r"(?:\s*(?:AM|PM|a\.m\.|p\.m\.))?(?:\s*(?:KST|UTC|GMT|ET|EST|EDT|PT|PST|PDT|BST|CET))?)?"
)
_PRINTED_LABEL = (
    r"기사\s*입력|최종\s*수정|최종\s*업데이트|입력|수정|등록|승인|송고|발행|게재|업데이트|"
    r"First published|Last updated|Published|Posted|Updated|Modified"
)
# A match starts with two digits, a digit and a space, or the first two letters
# of a label or a month: the lookahead tests for that (loosely) at each position
# before trying every alternative, which is most of the cost of a page scan.
_PRINTED_WORDS = f"{_PRINTED_LABEL}|{_MONTH_NAMES}".split("|")
_PRINTED_START = (
    rf"[\d{re.escape(''.join(sorted({word[0] for word in _PRINTED_WORDS})))}]"
    rf"[\d\s{re.escape(''.join(sorted({word[1] for word in _PRINTED_WORDS})))}]"
)
_PRINTED_RE = re.compile(
    rf"(?={_PRINTED_START})(?:(?P<label>{_PRINTED_LABEL})\s*(?:일시|시간)?\s*(?:on)?\s*[:：]?\s*)?(?P<date>{_PRINTED_CORE}{_PRINTED_TIME})",
    re.IGNORECASE,
)
_URL_DATE_RES = (
    re.compile(r"/(20\d{2}|19\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=/|$|[^\d])"),
    re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d{1,1}\b)"),
)


@dataclass(frozen=True)
class _DateCandidate:
    source: DateSource
    published_raw: str | None
    published: datetime | None
    modified_raw: str | None
    modified: datetime | None


def _parse_dt(raw: str | None, tz: str, now: datetime) -> datetime | None:
    if not raw:
        return None
    raw = raw.strip()
    if _ISO_RE.match(raw):
        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is not None:
            return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))
    return parse_date(raw, now=now, tz=tz)


def _candidate(source: DateSource, pub_raw: str | None, mod_raw: str | None, tz: str,
               now: datetime) -> _DateCandidate | None:
    pub_raw, mod_raw = _clean_inline(pub_raw), _clean_inline(mod_raw)
    if not pub_raw and not mod_raw:
        return None
    return _DateCandidate(source, pub_raw, _parse_dt(pub_raw, tz, now), mod_raw, _parse_dt(mod_raw, tz, now))


def _time_elements(tree: Any) -> tuple[str | None, str | None]:
    """(published, modified) ``datetime`` attributes of ``<time>`` outside page chrome."""
    explicit = plain = modified = None
    for el in tree.iter("time"):
        value = el.get("datetime")
        if not value or any(_is_chrome(a) for a in el.iterancestors()):
            continue
        marker = " ".join([el.get("itemprop") or "", el.get("class") or "", el.get("id") or ""]).lower()
        if "modif" in marker or "updat" in marker:
            modified = modified or value
        elif "publish" in marker or el.get("pubdate") is not None:
            explicit = explicit or value
        else:
            plain = plain or value
    return explicit or plain, modified


def _page_lines(tree: Any) -> list[str]:
    """The page's visible lines outside menus, lists and other chrome."""
    body = tree.find("body")
    return _lines(_element_text(body, _is_chrome)) if body is not None else []


def _printed_snippet(page_lines: list[str], title: str | None) -> str | None:
    text = " ".join(page_lines)
    start, end = 0, len(text)
    if title:
        pos = text.find(title[:30])
        if pos >= 0:
            start, end = max(0, pos - 400), pos + 4000
    window = text[start:end]
    matches = list(_PRINTED_RE.finditer(window))
    if not matches:
        return None
    labelled = [m for m in matches if m.group("label")]
    if labelled:
        first = labelled[0]
        snippet_end = first.end()
        for follow in labelled[1:]:
            if follow.start() - snippet_end > 80:
                break
            snippet_end = follow.end()
        return window[first.start():snippet_end].strip()
    return matches[0].group(0).strip()


def _url_date(url: str) -> str | None:
    parts = urlsplit(url)
    for pattern in _URL_DATE_RES:
        for target in (parts.path, parts.query):
            match = pattern.search(target)
            if match:
                year, month, day = (int(g) for g in match.groups())
                try:
                    datetime(year, month, day)
                except ValueError:
                    continue
                return match.group(0).strip("/")
    return None


def _url_date_value(raw: str, tz: str) -> datetime | None:
    digits = re.findall(r"\d+", raw)
    if len(digits) == 1:
        digits = [digits[0][:4], digits[0][4:6], digits[0][6:8]]
    try:
        return datetime(int(digits[0]), int(digits[1]), int(digits[2]), tzinfo=ZoneInfo(tz))
    except (ValueError, IndexError):
        return None


def _date_candidates(tree: Any, article: Mapping[str, Any] | None, meta: Mapping[str, list[str]],
                     url: str, title: str | None, hint: Mapping[str, Any] | None, tz: str,
                     now: datetime, page_lines: Callable[[], list[str]]) -> Iterator[_DateCandidate]:
    """Date candidates in order of trust, computed lazily."""
    if article is not None:
        cand = _candidate("jsonld", _ld_text(article.get("datePublished")) or _ld_text(article.get("dateCreated")),
                          _ld_text(article.get("dateModified")), tz, now)
        if cand:
            yield cand
    pub, _ = _first(meta, *_META_PUBLISHED_KEYS)
    mod, _ = _first(meta, *_META_MODIFIED_KEYS)
    cand = _candidate("meta", pub, mod, tz, now)
    if cand:
        yield cand
    pub, mod = _time_elements(tree)
    cand = _candidate("time", pub, mod, tz, now)
    if cand:
        yield cand
    snippet = _printed_snippet(page_lines(), title)
    if snippet:
        published, modified = parse_date_fields(snippet, now=now, tz=tz)
        if published is not None or modified is not None:
            yield _DateCandidate("printed", snippet if published else None, published,
                                 snippet if modified else None, modified)
    raw = _url_date(url)
    if raw:
        yield _DateCandidate("url", raw, _url_date_value(raw, tz), None, None)
    if hint:
        cand = _candidate("feed", hint.get("published_raw"), hint.get("updated_raw"), tz, now)
        if cand:
            yield cand


def _first_published(seen: list[_DateCandidate], horizon: datetime,
                     mod_value: datetime | None) -> _DateCandidate | None:
    for cand in seen:
        if cand.published is None or cand.published > horizon:
            continue
        if mod_value is not None and cand.published > mod_value:
            continue
        return cand
    return None


def _resolve_dates(candidates: Iterator[_DateCandidate], now: datetime) -> dict[str, Any]:
    """Pick published/modified: higher trust wins unless the value is impossible.

    Stops pulling candidates once both choices are final, so the costly ones
    (the printed-date scan) run only when the trusted sources leave a gap.
    """
    horizon = now + timedelta(days=1)
    seen: list[_DateCandidate] = []
    modified = published = None
    for cand in candidates:
        seen.append(cand)
        if modified is None and cand.modified is not None and cand.modified <= horizon:
            modified = cand
        if modified is not None:
            # The modified choice is final, so the first fitting published one is too.
            published = _first_published(seen, horizon, modified.modified)
            if published is not None:
                break
    else:
        published = _first_published(seen, horizon, modified.modified if modified else None)
    mod_value = modified.modified if modified else None
    return {
        "published_at": published.published if published else None,
        "published_raw": published.published_raw if published else None,
        "published_source": published.source if published else None,
        "modified_at": mod_value,
        "modified_raw": modified.modified_raw if modified else None,
        "modified_source": modified.source if modified else None,
    }


# --------------------------------------------------------------------------- authors

_KO_BYLINE_RE = re.compile(
    r"(?<![가-힣])([가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*)\s*(?:선임|수석|객원|인턴|전문|사진|영상)?\s*"
    r"(?:기자|특파원|통신원)(?![가-힣])"
)
_KO_NOT_NAMES = frozenset(
    {"이날", "한편", "당시", "담당", "취재", "현장", "소속", "모든", "관련", "해당", "본지", "사진",
     "영상", "인턴", "전문", "선임", "수석", "객원", "경제", "정치", "사회", "산업", "국제", "뉴스",
     "기자", "일부", "다른", "외신", "많은", "여러", "지역", "방송"}
)
_EN_BY_RE = re.compile(r"\bBy\s+(.+)", re.IGNORECASE)
_EN_ROLE_RE = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|bureau|reuters|"
    r"associated press|news|desk|updated|published|posted)\b",
    re.IGNORECASE,
)
_EN_NAME_RE = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")
_BYLINE_TOKEN_RE, _BYLINE_CLASS_RE = _token_res(r"byline|author|authors|writer|reporter|journalist|name|profile")


def _clean_name(name: str) -> str | None:
    name = _EMAIL_RE.sub("", name)
    name = re.sub(r"^(?:by|글|글=|written by)\s*", "", name.strip(), flags=re.IGNORECASE)
    name = re.sub(r"\s*(?:선임|수석|객원|인턴|전문)?\s*(?:기자|특파원|통신원|논설위원|에디터)\s*$", "", name)
    name = name.strip(" ,;:|/=()[]<>\t\"'")
    if not name or len(name) > 60 or "http" in name or "/" in name or re.search(r"\d", name):
        return None
    return name


def _split_names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|&|·|/)\s*", text)
    return [p for p in parts if p]


def _korean_bylines(text: str) -> list[str]:
    names: list[str] = []
    for match in _KO_BYLINE_RE.finditer(text):
        for name in re.split(r"\s*[·,]\s*", match.group(1)):
            if name not in _KO_NOT_NAMES:
                names.append(name)
    return names


def _english_bylines(text: str) -> list[str]:
    match = _EN_BY_RE.search(text)
    if not match:
        return []
    tail = re.split(r"\s[|–—-]\s|\n|\bUpdated\b|\bPublished\b|\bPosted\b", match.group(1))[0]
    names = []
    for part in _split_names(tail):
        part = part.strip(" .")
        if _EN_ROLE_RE.search(part) or not _EN_NAME_RE.match(part):
            continue
        names.append(part)
    return names


def _ld_authors(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str):
            names.extend(_split_names(item) if "," in item or "·" in item else [item])
    return names


def _dedupe_names(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for raw in names:
        name = _clean_name(raw)
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def _extract_authors(tree: Any, article: Mapping[str, Any] | None, meta: Mapping[str, list[str]],
                     raw_text: Callable[[], str]) -> list[str]:
    """Names from JSON-LD, then meta, then byline elements, then ``raw_text()`` (called only then)."""
    if article is not None:
        names = _dedupe_names(_ld_authors(article.get("author")))
        if names:
            return names
    meta_names = [
        n for key in ("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author")
        for v in meta.get(key, []) if not v.lower().startswith(("http", "www.", "/"))
        for n in (_split_names(v) if key != "byl" else _english_bylines(v) or _split_names(v))
    ]
    names = _dedupe_names(meta_names)
    if names:
        return names
    byline_texts: list[str] = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in {"script", "style", "meta", "link"}:
            continue
        if _has_token(el, _BYLINE_TOKEN_RE, _BYLINE_CLASS_RE) or any(
            _BYLINE_TOKEN_RE.search(value) for value in (el.get("rel"), el.get("itemprop")) if value
        ):
            text = _squash_ws(_text_content(el)).strip()
            if 0 < len(text) < 200:
                byline_texts.append(text)
    candidates: list[str] = []
    for text in byline_texts:
        candidates.extend(_korean_bylines(text))
        english = _english_bylines(text)
        if english:
            candidates.extend(english)
        elif _EN_NAME_RE.match(text) and not _EN_ROLE_RE.search(text) and len(text.split()) in (2, 3):
            candidates.append(text)
    body = "" if candidates else raw_text()
    if body:
        for line in body.split("\n"):
            candidates.extend(_korean_bylines(line[:300]))
            if not candidates:
                candidates.extend(_english_bylines(line[:200]))
    return _dedupe_names(candidates)


def _raw_authors_text(lines: list[str], title: str | None) -> str:
    """Byline-bearing lines that body cleanup removes: the lines under the
    headline and short lines with an e-mail address (reporter sign-offs)."""
    start = 0
    if title:
        start = next((k for k, line in enumerate(lines) if title[:20] in line), 0)
    picked = lines[start : start + 6]
    picked += [line for line in lines if len(line) < 100 and _EMAIL_RE.search(line)]
    return "\n".join(picked)


# --------------------------------------------------------------------------- entry point


def _content_type(headers: Mapping[str, Any] | None) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() == "content-type":
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            return value
    return None


def _page_language(detected: str | None, tree: Any, meta: Mapping[str, list[str]]) -> str | None:
    if detected:
        return detected
    declared = tree.get("lang") or _first(meta, "og:locale", "content-language", "language")[0]
    if declared:
        code = re.split(r"[-_]", declared.strip().lower())[0]
        return code if re.fullmatch(r"[a-z]{2,3}", code) else None
    return None


def _default_tz(url: str, detected: str | None) -> str:
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(".kr") or detected == "ko":
        return "Asia/Seoul"
    return "UTC"


def extract_article(
    html: str | bytes,
    url: str,
    *,
    headers: Mapping[str, Any] | None = None,
    hint: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> ExtractedArticle:
    """Extract an article from one page (see the module docstring for the rules).

    ``html`` may be bytes (decoded with :func:`newsmon.pages.encoding.decode_html`
    using the ``Content-Type`` in ``headers``).  ``hint`` holds the feed's or
    sitemap's ``title``/``published_raw``/``updated_raw``, used only when the
    page lacks them.  ``now`` (aware) bounds plausible dates; defaults to the
    current time.  Naive page dates are read as Asia/Seoul on Korean pages and
    UTC otherwise.
    """
    encoding = None
    if isinstance(html, bytes):
        text, encoding = decode_html(html, _content_type(headers))
    else:
        text = html
    now = now or datetime.now(timezone.utc)
    tree = _parse_tree(text)
    if tree is None:
        title = _clean_inline(hint.get("title")) if hint else None
        return ExtractedArticle(url=url, canonical_url=choose_canonical(url, None, None), title=title,
                                body="", encoding=encoding)

    meta = _collect_meta(tree)
    objects = _jsonld_objects(tree)
    article = _pick_article(objects)
    site_name = _clean_inline(_first(meta, "og:site_name")[0]) or _publisher_name(article, objects)
    title = _extract_title(tree, article, meta, site_name)
    if not title and hint:
        title = _clean_inline(hint.get("title"))

    body, body_source = _extract_body(text, tree, url, article, title)
    description = (
        _clean_inline(_first(meta, "og:description", "description", "twitter:description")[0])
        or (_ld_text(article.get("description")) if article else None)
    )
    if not body and description:
        body, body_source = description, "description"

    detected = detect_language(f"{title or ''}\n{body[:2000]}")
    tz = _default_tz(url, detected)
    # The page's lines are walked only if a printed date or a byline needs them.
    lines: list[str] | None = None

    def page_lines() -> list[str]:
        nonlocal lines
        if lines is None:
            lines = _page_lines(tree)
        return lines

    dates = _resolve_dates(_date_candidates(tree, article, meta, url, title, hint, tz, now, page_lines), now)

    authors = _extract_authors(tree, article, meta, lambda: _raw_authors_text(page_lines(), title))
    link = tree.find(".//link[@rel='canonical']")
    rel_canonical = link.get("href") if link is not None else None
    canonical_url = choose_canonical(url, rel_canonical, _first(meta, "og:url")[0])

    return ExtractedArticle(
        url=url,
        canonical_url=canonical_url,
        title=title,
        body=body,
        description=description,
        authors=authors,
        language=_page_language(detected, tree, meta),
        site_name=site_name,
        body_source=body_source,
        encoding=encoding,
        **dates,
    )
