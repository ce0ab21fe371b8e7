"""What the three parsers share: reading untrusted, dirty XML safely, and resolving links.

Feeds and sitemaps are parsed with entity expansion, DTD loading and network
access off; a document that declares nested entities (the "billion laughs"
shape) is refused outright, and external entities are never resolved. Real
feeds are also dirty, so HTML named entities are turned into numeric
references first and a broken document gets one recovering parse.
"""

from __future__ import annotations

import html
import re
from typing import Iterator, Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

_ALLOWED_SCHEMES = ("http", "https")
_XML_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENTITY_REF = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.S)
_XML_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]+>")


class DiscoveryError(ValueError):
    """A feed, sitemap or listing could not be read (malformed, hostile, too big)."""


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


def decode_xml(body: bytes) -> str:
    """Decode XML bytes by BOM, then the declared encoding, then UTF-8 (lenient).

    A declared encoding Python does not know, or one that cannot decode
    anything (``undefined``, ``idna``), counts as no declaration.
    """
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
        except (LookupError, ValueError):  # ValueError: UnicodeError and its kin
            continue
    try:
        return body.decode(candidates[0], errors="replace")
    except (LookupError, ValueError):
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
    text = decode_xml(body).lstrip("\ufeff \t\r\n")
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


def parse_xml(body: bytes, kind: str) -> etree._Element:
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


def local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def text_of(el: Optional[etree._Element]) -> str:
    """Text content of an element, skipping unexpanded entity references."""
    if el is None:
        return ""
    parts: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def plain(raw: str) -> Optional[str]:
    """Plain text from text that may carry escaped HTML (CDATA titles, descriptions)."""
    text = html.unescape(_TAG.sub(" ", raw)) if "<" in raw or "&" in raw else raw
    text = WS.sub(" ", text).strip()
    return text or None


def raw(el: Optional[etree._Element]) -> Optional[str]:
    value = WS.sub(" ", text_of(el)).strip()
    return value or None


def children(el: etree._Element, *names: str) -> Iterator[etree._Element]:
    wanted = set(names)
    for child in el:
        if local(child.tag) in wanted:
            yield child


def first(el: etree._Element, *names: str) -> Optional[etree._Element]:
    for name in names:
        for child in children(el, name):
            return child
    return None


def absolute(href: str, base_url: str) -> Optional[str]:
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


def xml_base(el: etree._Element, base_url: str) -> str:
    bases = [a.get("{http://www.w3.org/XML/1998/namespace}base") for a in reversed(list(el.iterancestors()))]
    bases.append(el.get("{http://www.w3.org/XML/1998/namespace}base"))
    for b in bases:
        if b:
            base_url = urljoin(base_url, b)
    return base_url
