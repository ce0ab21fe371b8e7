"""Find article URLs in what a news site publishes for machines and for readers.

The spider reads three kinds of index: feeds (RSS 2.0, RSS 1.0/RDF, Atom),
sitemaps (urlset, Google News sitemaps, sitemap indexes, gzip-compressed or
not) and listing pages (a section front whose links are mostly chrome). These
parsers are pure functions of the bytes the spider fetched, so they are tested
from saved documents with no reactor.

Feeds and sitemaps are untrusted XML. They are parsed with entity expansion,
DTD loading and network access off; a document that declares nested entities
(the "billion laughs" shape) is refused outright, and external entities are
never resolved. Real feeds are also dirty, so HTML named entities are turned
into numeric references first and a broken document gets one recovering parse.
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

__all__ = [
    "DiscoveryError",
    "FeedEntry",
    "SitemapEntry",
    "SitemapPage",
    "parse_feed",
    "parse_sitemap",
    "parse_listing",
    "MAX_SITEMAP_BYTES",
]

#: Largest decompressed sitemap accepted (the sitemaps.org limit is 50 MB).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024

_ALLOWED_SCHEMES = ("http", "https")
_XML_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENTITY_REF = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.S)
_XML_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")


class DiscoveryError(ValueError):
    """A feed, sitemap or listing could not be read (malformed, hostile, too big)."""


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed."""

    url: str
    """Absolute http(s) URL of the article, resolved against the feed URL."""
    title: Optional[str] = None
    """Title as plain text (tags stripped, entities decoded)."""
    published_raw: Optional[str] = None
    """Publication date exactly as the feed prints it (pubDate, dc:date, published)."""
    updated_raw: Optional[str] = None
    """Last-update date as printed (atom:updated, dcterms:modified), if any."""
    summary: Optional[str] = None
    """Description/summary as plain text."""


@dataclass(frozen=True)
class SitemapEntry:
    """One <url> of a urlset sitemap."""

    url: str
    """Absolute http(s) URL from <loc>."""
    lastmod_raw: Optional[str] = None
    """<lastmod> as printed."""
    title: Optional[str] = None
    """Google News <news:title>, if present."""
    published_raw: Optional[str] = None
    """Google News <news:publication_date> as printed."""


@dataclass(frozen=True)
class SitemapPage:
    """A parsed sitemap: article entries (urlset) and/or child sitemaps (sitemapindex)."""

    entries: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- XML


def _xml_parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
    )


def _declared_encoding(body: bytes) -> Optional[str]:
    match = _XML_DECL.match(body)
    if not match:
        return None
    enc = _XML_ENCODING.search(match.group(0))
    return enc.group(1).decode("ascii").lower() if enc else None


def _decode_xml(body: bytes) -> str:
    """Decode XML bytes by BOM, then the declared encoding, then UTF-8 (lenient)."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace")
    declared = _declared_encoding(body.lstrip())
    candidates: list[str] = []
    if declared:
        # EUC-KR declarations are routinely used for CP949 (its superset) content.
        candidates.append("cp949" if declared.replace("_", "-") in ("euc-kr", "euckr", "ks-c-5601-1987") else declared)
    candidates.append("utf-8")
    for codec in candidates:
        try:
            return body.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return body.decode(candidates[0], errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _html_entities_to_numeric(text: str) -> str:
    """Rewrite HTML named entities (&nbsp;, &middot;) as numeric references XML accepts."""

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_PREDEFINED:
            return match.group(0)
        chars = html.entities.html5.get(name + ";")
        if chars is None:
            return match.group(0)
        return "".join(f"&#{ord(c)};" for c in chars)

    return _ENTITY_REF.sub(repl, text)


def _prepare_xml(body: bytes) -> bytes:
    """Normalise dirty XML bytes to a UTF-8 document lxml can parse strictly."""
    text = _decode_xml(body).lstrip("\ufeff \t\r\n")
    text = _html_entities_to_numeric(text)
    # The document is UTF-8 from here on; drop the old declaration so lxml does not re-decode.
    text = re.sub(r"^<\?xml[^>]*?\?>", "", text, count=1, flags=re.S).lstrip()
    return text.encode("utf-8")


def _check_dtd(root: etree._Element) -> None:
    """Refuse documents whose DTD declares entities that reference other entities."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is None:
        return
    entities = list(dtd.iterentities())
    if len(entities) > 64:
        raise DiscoveryError("entity expansion refused: too many entity declarations")
    for entity in entities:
        if entity.content and "&" in entity.content:
            raise DiscoveryError(f"entity expansion refused: nested entity {entity.name!r}")


def _parse_xml(body: bytes, kind: str) -> etree._Element:
    if not body or not body.strip():
        raise DiscoveryError(f"not a well-formed {kind}: empty document")
    data = _prepare_xml(body)
    if b"<!ENTITY" in data[:65536] and data.count(b"<!ENTITY") > 64:
        raise DiscoveryError("entity expansion refused: too many entity declarations")
    root: Optional[etree._Element]
    try:
        root = etree.fromstring(data, _xml_parser(recover=False))
    except etree.XMLSyntaxError as strict_error:
        try:
            root = etree.fromstring(data, _xml_parser(recover=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise DiscoveryError(f"not a well-formed {kind}: {strict_error}") from strict_error
    if root is None:
        raise DiscoveryError(f"not a well-formed {kind}: no root element")
    _check_dtd(root)
    return root


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _text(el: Optional[etree._Element]) -> str:
    """Text content of an element, skipping unexpanded entity references."""
    if el is None:
        return ""
    parts: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _plain(raw: str) -> Optional[str]:
    """Plain text from text that may carry escaped HTML (CDATA titles, descriptions)."""
    text = html.unescape(_TAG.sub(" ", raw)) if "<" in raw or "&" in raw else raw
    text = _WS.sub(" ", text).strip()
    return text or None


def _raw(el: Optional[etree._Element]) -> Optional[str]:
    value = _WS.sub(" ", _text(el)).strip()
    return value or None


def _children(el: etree._Element, *names: str) -> Iterator[etree._Element]:
    wanted = set(names)
    for child in el:
        if _local(child.tag) in wanted:
            yield child


def _first(el: etree._Element, *names: str) -> Optional[etree._Element]:
    for name in names:
        for child in _children(el, name):
            return child
    return None


def _absolute(href: str, base_url: str) -> Optional[str]:
    """Resolve href against base_url; None unless the result is http(s) with a host."""
    href = href.strip()
    if not href:
        return None
    try:
        url = urljoin(base_url, href)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _ALLOWED_SCHEMES or not parts.netloc:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, parts.fragment))


def _xml_base(el: etree._Element, base_url: str) -> str:
    bases = [a.get("{http://www.w3.org/XML/1998/namespace}base") for a in reversed(list(el.iterancestors()))]
    bases.append(el.get("{http://www.w3.org/XML/1998/namespace}base"))
    for b in bases:
        if b:
            base_url = urljoin(base_url, b)
    return base_url


# -------------------------------------------------------------------------- feeds


def _rss_entry(item: etree._Element, base_url: str) -> Optional[FeedEntry]:
    href = _raw(_first(item, "link"))
    if not href:
        guid = _first(item, "guid")
        if guid is not None and guid.get("isPermaLink", "true").lower() != "false":
            href = _raw(guid)
    if not href:
        href = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    url = _absolute(href, base_url) if href else None
    if url is None:
        return None
    return FeedEntry(
        url=url,
        title=_plain(_text(_first(item, "title"))),
        published_raw=_raw(_first(item, "pubdate", "date", "published", "issued", "created")),
        updated_raw=_raw(_first(item, "updated", "modified")),
        summary=_plain(_text(_first(item, "description", "summary", "encoded"))),
    )


def _atom_link(entry: etree._Element) -> Optional[str]:
    fallback = None
    for link in _children(entry, "link"):
        href = link.get("href")
        if not href:
            continue
        rel = (link.get("rel") or "alternate").lower()
        kind = (link.get("type") or "text/html").lower()
        if rel == "alternate" and "html" in kind:
            return href
        if rel == "alternate" and fallback is None:
            fallback = href
    return fallback


def _atom_entry(entry: etree._Element, base_url: str) -> Optional[FeedEntry]:
    href = _atom_link(entry)
    if not href:
        ident = _raw(_first(entry, "id"))
        href = ident if ident and ident.startswith(("http://", "https://")) else None
    url = _absolute(href, _xml_base(entry, base_url)) if href else None
    if url is None:
        return None
    return FeedEntry(
        url=url,
        title=_plain(_text(_first(entry, "title"))),
        published_raw=_raw(_first(entry, "published", "issued", "created")),
        updated_raw=_raw(_first(entry, "updated", "modified")),
        summary=_plain(_text(_first(entry, "summary", "content"))),
    )


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Article entries of an RSS 2.0, RSS 1.0/RDF or Atom feed, in feed order.

    Links are resolved against ``base_url``; only http(s) links are kept and a URL
    listed twice is returned once. Raises DiscoveryError for documents that are not
    feeds, are not well-formed even with recovery, or declare nested entities.
    """
    root = _parse_xml(body, "feed")
    kind = _local(root.tag)
    if kind not in ("rss", "rdf", "feed", "channel"):
        raise DiscoveryError(f"not a well-formed feed: root element <{kind}> is not rss, rdf or feed")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for el in root.iter():
        name = _local(el.tag)
        if name == "item":
            entry = _rss_entry(el, base_url)
        elif name == "entry":
            entry = _atom_entry(el, base_url)
        else:
            continue
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            entries.append(entry)
    return entries


# ------------------------------------------------------------------------ sitemaps


def _gunzip_bounded(body: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing output larger than ``limit`` bytes."""
    decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out: list[bytes] = []
    size = 0
    data = body
    try:
        while data:
            chunk = decomp.decompress(data, 1024 * 1024)
            size += len(chunk)
            if size > limit:
                raise DiscoveryError(f"sitemap larger than {limit} bytes when decompressed")
            out.append(chunk)
            data = decomp.unconsumed_tail
            if decomp.eof:
                break
        tail = decomp.flush(limit - size + 1)
        size += len(tail)
        if size > limit:
            raise DiscoveryError(f"sitemap larger than {limit} bytes when decompressed")
        out.append(tail)
    except zlib.error as exc:
        raise DiscoveryError(f"corrupt gzip sitemap: {exc}") from exc
    return b"".join(out)


def _text_sitemap(text: str, base_url: str) -> SitemapPage:
    entries = []
    seen: set[str] = set()
    for line in text.splitlines():
        url = _absolute(line, base_url) if line.strip().startswith(("http://", "https://")) else None
        if url and url not in seen:
            seen.add(url)
            entries.append(SitemapEntry(url=url))
    if not entries:
        raise DiscoveryError("not a well-formed sitemap: neither XML nor a list of URLs")
    return SitemapPage(entries=entries)


def parse_sitemap(body: bytes, base_url: str, max_bytes: int = MAX_SITEMAP_BYTES) -> SitemapPage:
    """Entries of a urlset (with Google News fields) or child sitemaps of a sitemapindex.

    Gzip bodies (by magic number) are decompressed up to ``max_bytes``. A plain
    text sitemap (one URL a line) is accepted too. Raises DiscoveryError otherwise.
    """
    if body[:2] == b"\x1f\x8b":
        body = _gunzip_bounded(body, max_bytes)
    elif len(body) > max_bytes:
        raise DiscoveryError(f"sitemap larger than {max_bytes} bytes")
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped and not stripped.startswith(b"<"):
        return _text_sitemap(_decode_xml(stripped), base_url)
    root = _parse_xml(body, "sitemap")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        locs = [_absolute(_raw(_first(sm, "loc")) or "", base_url) for sm in _children(root, "sitemap")]
        return SitemapPage(sitemaps=_unique(u for u in locs if u))
    if kind != "urlset":
        raise DiscoveryError(f"not a well-formed sitemap: root element <{kind}>")
    entries: list[SitemapEntry] = []
    seen: set[str] = set()
    for url_el in _children(root, "url"):
        url = _absolute(_raw(_first(url_el, "loc")) or "", base_url)
        if not url or url in seen:
            continue
        seen.add(url)
        news = _first(url_el, "news")
        entries.append(
            SitemapEntry(
                url=url,
                lastmod_raw=_raw(_first(url_el, "lastmod")),
                title=_plain(_text(_first(news, "title"))) if news is not None else None,
                published_raw=_raw(_first(news, "publication_date")) if news is not None else None,
            )
        )
    return SitemapPage(entries=entries)


def _unique(urls: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for url in urls:
        if url not in seen:
            seen.add(url)
            out.append(url)
    return out


# ------------------------------------------------------------------------ listings

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
    tag = _local(el.tag)
    if tag in ("html", "body"):
        return False
    if tag in _CHROME_TAGS:
        return True
    role = (el.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    return bool(_CHROME_HINT.search(_hint(el))) and not _MAIN_HINT.search(_hint(el))


def _main_containers(root: etree._Element) -> list[etree._Element]:
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if _local(el.tag) == "main" or (el.get("role") or "").lower() == "main" or (
            _local(el.tag) in ("div", "section", "ul", "ol", "table", "td", "article") and _MAIN_HINT.search(_hint(el))
        ):
            if not any(anc in found for anc in el.iterancestors()):
                found.append(el)
    return found


def _anchor_text(a: etree._Element) -> str:
    text = _WS.sub(" ", a.text_content() or "").strip()
    if len(text) < MIN_ANCHOR_CHARS:
        text = (a.get("title") or "").strip() or text
    return text


def _article_links(scopes: list[etree._Element], base_url: str, site: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for scope in scopes:
        for a in scope.iter("a"):
            if not _inside_main(a, scope):
                continue
            href = a.get("href")
            if not href or href.strip().startswith("#"):
                continue
            url = _absolute(href, base_url)
            if url is None:
                continue
            url = url.split("#", 1)[0]
            if _site_key(urlsplit(url).hostname or "") != site or url in seen:
                continue
            if len(_anchor_text(a)) < MIN_ANCHOR_CHARS or not _looks_like_article(url):
                continue
            seen.add(url)
            out.append(url)
    return out


def _inside_main(a: etree._Element, scope: etree._Element) -> bool:
    """True when every chrome ancestor of ``a`` lies above the chosen main scope."""
    for anc in a.iterancestors():
        if anc is scope:
            return True
        if _is_chrome(anc):
            return False
    return True


def parse_listing(body: bytes | str, base_url: str) -> list[str]:
    """Article links of a listing/section page: absolute, same site, deduplicated, page order.

    Links inside main/article-list containers are preferred; links in
    nav/header/footer/aside chrome are dropped; a link is kept when its URL looks
    like an article (long numeric id, date path, >= 3-word slug, articleView,
    read.php?...) and its anchor text has at least 8 characters.
    """
    if isinstance(body, bytes):
        _, text = html_to_unicode(None, body)
    else:
        text = body
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
    mains = [m for m in _main_containers(root) if not any(_is_chrome(anc) for anc in m.iterancestors())]
    if mains:
        links = _article_links(mains, base_url, site)
        if links:
            return links
    return _article_links([root], base_url, site)
