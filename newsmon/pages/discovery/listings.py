"""Listing pages: the article links of a section front whose links are mostly chrome."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

from newsmon.pages.discovery.xmlsafe import WS, DiscoveryError, absolute, local

_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template"})
_CHROME_HINT = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|gnb|lnb|snb|menu|header|footer|foot|sidebar|side|aside|breadcrumbs?|"
    r"share|sns|social|login|signin|member|pagination|paging|pager|copyright|util|utility|banner|"
    r"ad|ads|advert|popular|ranking|related|tags?|category|categories)($|[\s_-])",
    re.I,
)
_MAIN_HINT = re.compile(
    r"(^|[\s_-])(main|content|contents|article-?list|news-?list|list-?block|articles|section-?list|"
    r"headlines?|stories|story-?list)($|[\s_-])",
    re.I,
)
_NON_ARTICLE_SEGMENTS = frozenset(
    {
        "tag", "tags", "category", "categories", "section", "sections", "author", "authors", "reporter",
        "login", "logout", "signin", "signup", "join", "member", "members", "account", "search", "page",
        "topics", "topic", "about", "contact", "subscribe", "rss", "feed", "privacy", "terms", "help",
        "faq", "company", "ads", "advertise", "recruit", "sitemap", "list", "index",
    }
)
_NON_ARTICLE_QUERY = re.compile(r"(^|&)(page|p|pg|sort|tag|category|sc_section_code|mode=login)=", re.I)
_SKIP_EXT = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|css|js|xml|rss|atom|json|zip|mp[34]|avi|ico|txt|gz)$", re.I)
_LONG_ID = re.compile(r"\d{5,}")
_DATE_PATH = re.compile(r"(?:^|/)(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-](?:0?[1-9]|[12]\d|3[01]))?(?:/|$)|(?:19|20)\d{6}")
_NEWS_NUM = re.compile(r"/news/(?:.+/)?\d{4,}(?:\.\w+)?/?$", re.I)
_ARTICLE_SCRIPT = re.compile(r"(articleview|article_view|read\.php|view\.php|newsview|news_view|articleread)", re.I)
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}|\d+", re.U)
_TWO_PART_SUFFIXES = frozenset(
    {
        "co.kr", "or.kr", "ne.kr", "go.kr", "re.kr", "ac.kr", "pe.kr", "kg.kr", "seoul.kr",
        "co.uk", "org.uk", "ac.uk", "gov.uk", "co.jp", "ne.jp", "or.jp", "com.au", "net.au",
        "org.au", "com.cn", "com.tw", "com.hk", "com.sg", "co.nz", "com.br", "co.in",
    }
)
MIN_ANCHOR_CHARS = 8
#: Article links taken from one listing page (a section front shows a few dozen).
MAX_LISTING_LINKS = 500


def _site_key(host: str) -> str:
    """The registrable domain of host, by a short list of two-part public suffixes."""
    host = host.lower().rstrip(".")
    if host.startswith("[") or re.fullmatch(r"[\d.]+", host) or "." not in host:
        return host
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _TWO_PART_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _looks_like_article(url: str) -> bool:
    parts = urlsplit(url)
    path, query = parts.path, parts.query
    if _SKIP_EXT.search(path):
        return False
    segments = [s.lower() for s in path.split("/") if s]
    if any(s in _NON_ARTICLE_SEGMENTS for s in segments[:-1]) or (segments and segments[-1] in _NON_ARTICLE_SEGMENTS):
        return False
    if query and _NON_ARTICLE_QUERY.search(query) and not _ARTICLE_SCRIPT.search(path):
        return False
    if _ARTICLE_SCRIPT.search(path):
        return bool(query) or bool(_LONG_ID.search(path))
    if _LONG_ID.search(path) or _LONG_ID.search(query):
        return True
    if _DATE_PATH.search(path) or _NEWS_NUM.search(path):
        return True
    if segments:
        last = re.sub(r"\.\w{2,5}$", "", segments[-1])
        words = _SLUG_WORD.findall(last.replace("_", "-"))
        if ("-" in last or "_" in last) and len(words) >= 3:
            return True
    return False


def _hint(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"


def _is_chrome(el: etree._Element) -> bool:
    tag = local(el.tag)
    if tag in ("html", "body"):
        return False
    if tag in _CHROME_TAGS:
        return True
    role = (el.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    return bool(_CHROME_HINT.search(_hint(el))) and not _MAIN_HINT.search(_hint(el))


def _is_main(el: etree._Element) -> bool:
    tag = local(el.tag)
    return (
        tag == "main"
        or (el.get("role") or "").lower() == "main"
        or (tag in ("div", "section", "ul", "ol", "table", "td", "article") and bool(_MAIN_HINT.search(_hint(el))))
    )


class _Seen:
    """What lies above an element, as its children see it (the element included)."""

    __slots__ = ("main", "usable", "chrome_in_main", "chrome")

    def __init__(self, main: object, usable: bool, chrome_in_main: bool, chrome: bool) -> None:
        self.main = main  # the outermost main container around (or at) here, if any
        self.usable = usable  # that main container has no chrome above it
        self.chrome_in_main = chrome_in_main  # chrome below the main container, down to here
        self.chrome = chrome  # chrome anywhere from the root down to here


_TOP = _Seen(None, False, False, False)


def _anchors(root: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """Anchors inside a usable main container with no chrome between, and anchors
    with no chrome above them, in page order.

    One pass, each element's state derived from its parent's: the cost grows
    with the page's size, not with its links times its nesting depth.
    """
    seen: dict[etree._Element, _Seen] = {}
    in_main: list[etree._Element] = []
    outside_chrome: list[etree._Element] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        up = seen.get(parent, _TOP) if parent is not None else _TOP
        if local(el.tag) == "a":
            if up.main is not None and up.usable and not up.chrome_in_main:
                in_main.append(el)
            if not up.chrome:
                outside_chrome.append(el)
        chrome = _is_chrome(el)
        if up.main is not None:
            here = _Seen(up.main, up.usable, up.chrome_in_main or chrome, up.chrome or chrome)
        elif _is_main(el):
            here = _Seen(el, not up.chrome, False, up.chrome or chrome)
        else:
            here = _Seen(None, False, False, up.chrome or chrome)
        if len(el):
            seen[el] = here
    return in_main, outside_chrome


def _anchor_text(a: etree._Element) -> str:
    text = WS.sub(" ", a.text_content() or "").strip()
    if len(text) < MIN_ANCHOR_CHARS:
        text = (a.get("title") or "").strip() or text
    return text


def _article_links(anchors: list[etree._Element], base_url: str, site: str, max_links: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for a in anchors:
        href = a.get("href")
        if not href or href.strip().startswith("#"):
            continue
        url = absolute(href, base_url)
        if url is None:
            continue
        url = url.split("#", 1)[0]
        if _site_key(urlsplit(url).hostname or "") != site or url in seen:
            continue
        if len(_anchor_text(a)) < MIN_ANCHOR_CHARS or not _looks_like_article(url):
            continue
        seen.add(url)
        out.append(url)
        if len(out) == max_links:
            break
    return out


def _decode(body: bytes) -> str:
    """The page's text by its declared charset; UTF-8 when that charset cannot decode."""
    try:
        return html_to_unicode(None, body)[1]
    except (LookupError, UnicodeError):  # e.g. <meta charset="undefined">
        return body.decode("utf-8", errors="replace")


def parse_listing(body: bytes | str, base_url: str, max_links: int = MAX_LISTING_LINKS) -> list[str]:
    """Article links of a listing/section page: absolute, same site, deduplicated, page order.

    Links inside main/article-list containers are preferred; links in
    nav/header/footer/aside chrome are dropped; a link is kept when its URL looks
    like an article (long numeric id, date path, >= 3-word slug, articleView,
    read.php?...) and its anchor text has at least 8 characters. At most
    ``max_links`` are taken. Raises DiscoveryError for a page the parser rejects.
    """
    text = _decode(body) if isinstance(body, bytes) else body
    if not text.strip():
        return []
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise DiscoveryError(f"not a readable listing page: {exc}") from exc
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base_url = urljoin(base_url, base_el.get("href", ""))
    site = _site_key(urlsplit(base_url).hostname or "")
    in_main, outside_chrome = _anchors(root)
    links = _article_links(in_main, base_url, site, max_links)
    return links or _article_links(outside_chrome, base_url, site, max_links)
