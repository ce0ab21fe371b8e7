"""Seed documents: the articles a user drops into ``seeds/`` to start a watch.

A watch begins from what the user already has: a copied article (``.txt``:
headline on the first line, then the text), a saved page (``.html``/``.htm``)
or a forwarded e-mail (``.eml``).  This module turns each file into a
:class:`SeedDocument` the pipeline can store like a crawled article, and
collects the links inside it (related articles) as pages worth fetching.

Copied text carries the outlet's furniture: the related-link box
("■ 팩플 ..." with URLs), the byline ("권유진 기자 kwen.yujin@..."), the
copyright line ("Copyright © 중앙일보. 무단전재 및 재배포 금지.") and a list of
other headlines ("- ... | 중앙일보").  These are removed from the body but
read for what they tell: authors, the outlet's name, links.

Dates are kept honest: a document that prints a full date ("입력 2024.09.29
15:00", "Published September 29, 2024") gets it; "29일" or "27일(현지시간)"
without month and year gives ``published_at = None``, never a guess.

Parsing is pure (:func:`parse_seed_document` takes the bytes); only
:func:`load_seed_documents` and :func:`read_seed_document` touch the disk.
Profiles (``*.toml``) share the folder and are not documents.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Optional
from urllib.parse import urljoin

from newsmon.pages.seed_text import clean_lines, drop_date_lines, find_links, merge_links, outlet, printed_date, text_language

__all__ = [
    "SEED_SUFFIXES",
    "SeedDocument",
    "SeedError",
    "load_seed_documents",
    "parse_seed_document",
    "read_seed_document",
]

SEED_SUFFIXES = (".txt", ".html", ".htm", ".eml")
_MAX_TITLE = 400


class SeedError(Exception):
    """A seed file that cannot be used, worded as one line naming the file."""


@dataclass(frozen=True)
class SeedDocument:
    """One seed file, parsed."""

    path: str
    """File name, relative to the seeds folder."""
    key: str
    """``seed:<file name>``: stored as the article's url and canonical_url."""
    title: str
    """The headline."""
    body: str
    """The article text without the outlet's footer, link boxes and byline."""
    source_name: Optional[str]
    """The outlet ("중앙일보"), from the copyright line or headline suffixes; None when unknown."""
    authors: list[str] = field(default_factory=list)
    """Reporter names from the byline, without "기자" and e-mail addresses."""
    published_at: Optional[datetime] = None
    """Publication time (aware) when the document prints a full date; else None."""
    published_raw: Optional[str] = None
    """The date exactly as printed (or the e-mail Date header)."""
    language: Optional[str] = None
    """"ko" or "en" (None when neither can be told)."""
    links: list[str] = field(default_factory=list)
    """Every http(s) URL in the document, in order, without duplicates."""
    content_hash: str = ""
    """sha256 of the file's bytes (hex): a changed file is a new version."""


# ---------------------------------------------------------------- helpers


def _fail(name: str, problem: str) -> SeedError:
    return SeedError(f"{name}: {' '.join(str(problem).split())}")


def _decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), else CP949 (legacy Korean); garbage is an error."""
    if not data.strip():
        raise _fail(name, "empty file")
    if b"\x00" in data:
        raise _fail(name, "binary data (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp949")
        except UnicodeDecodeError:
            raise _fail(name, f"not UTF-8 or CP949 text (undecodable byte at offset {exc.start})") from None
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 100):
        raise _fail(name, "binary data (control characters), not a text document")
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- formats


def _parse_text(name: str, data: bytes) -> dict:
    text = _decode_text(name, data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise _fail(name, "empty file")
    title = " ".join(lines[first].split())
    if len(title) > _MAX_TITLE:
        raise _fail(name, f"the first line is {len(title)} characters: expected a headline on the first line")
    cleaned = clean_lines(lines[first + 1:])
    if not cleaned.body:
        raise _fail(name, "no article text after the headline")
    language = text_language(f"{title}\n{cleaned.body}")
    published_at, published_raw = printed_date(text, language)
    body = drop_date_lines(cleaned.body, published_raw)
    return {
        "title": title,
        "body": body,
        "source_name": outlet(cleaned.outlets),
        "authors": cleaned.authors,
        "published_at": published_at,
        "published_raw": published_raw,
        "language": language,
        "links": find_links(text),
    }


def _html_links(html: str) -> tuple[Optional[str], list[str]]:
    """The page's canonical (or og:url) URL, and the links inside its <article>."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises several types on junk; the extractor reports it
        return None, []
    canonical = None
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for value in tree.xpath(xpath):
            value = str(value).strip()
            if value.lower().startswith(("http://", "https://")):
                canonical = value
                break
        if canonical:
            break
    hrefs: list[str] = []
    for article in tree.xpath("//article"):
        for href in article.xpath(".//a/@href"):
            href = urljoin(canonical, str(href).strip()) if canonical else str(href).strip()
            if href.lower().startswith(("http://", "https://")) and href not in hrefs:
                hrefs.append(href.split("#", 1)[0])
    return canonical, hrefs


def _parse_html(name: str, key: str, data: bytes | str) -> dict:
    from newsmon.pages.encoding import decode_html
    from newsmon.pages.extract import extract_article

    if isinstance(data, bytes):
        if not data.strip():
            raise _fail(name, "empty file")
        if b"\x00" in data:
            raise _fail(name, "binary data (NUL bytes), not an HTML page")
        html, _ = decode_html(data, None)
    else:
        html = data
    if "<" not in html:
        raise _fail(name, "no HTML markup found")
    canonical, hrefs = _html_links(html)
    try:
        article = extract_article(html, canonical or key)
    except Exception as exc:  # noqa: BLE001 - any extractor failure is this file's problem
        raise _fail(name, f"cannot extract an article: {type(exc).__name__}: {exc}") from None
    title = " ".join((article.title or "").split())
    if not title:
        raise _fail(name, "no headline found in the page")
    cleaned = clean_lines(article.body.split("\n"))
    if not cleaned.body:
        raise _fail(name, "no article text found in the page")
    language = article.language if article.language in ("ko", "en") else text_language(f"{title}\n{cleaned.body}")
    published_at, published_raw = article.published_at, article.published_raw
    if published_at is None:
        published_at, published_raw = printed_date(cleaned.body, language)
    outlets = ([article.site_name] if article.site_name else []) + cleaned.outlets
    return {
        "title": title,
        "body": cleaned.body,
        "source_name": outlets[0] if article.site_name else outlet(outlets),
        "authors": list(article.authors) or cleaned.authors,
        "published_at": published_at,
        "published_raw": published_raw,
        "language": language,
        "links": merge_links([canonical] if canonical else [], hrefs, find_links(cleaned.body)),
    }


def _parse_email(name: str, key: str, data: bytes) -> dict:
    if not data.strip():
        raise _fail(name, "empty file")
    try:
        msg = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # noqa: BLE001 - the parser's errors vary by defect
        raise _fail(name, f"not an e-mail message: {exc}") from None
    assert isinstance(msg, EmailMessage)
    if msg.defects and not (msg["subject"] or msg["from"]):
        raise _fail(name, f"not an e-mail message ({type(msg.defects[0]).__name__})")
    subject = " ".join(str(msg["subject"] or "").split())
    if not subject and not msg["from"]:
        raise _fail(name, "not an e-mail message (no Subject or From header)")
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise _fail(name, "the e-mail has no text or HTML part")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError) as exc:
        raise _fail(name, f"cannot decode the e-mail body: {exc}") from None
    if not isinstance(content, str):
        raise _fail(name, "the e-mail body is not text")
    if part.get_content_subtype() == "html":
        doc = _parse_html(name, key, content)
        title = subject or doc["title"]
        body, authors, source, links = doc["body"], doc["authors"], doc["source_name"], doc["links"]
        printed = (doc["published_at"], doc["published_raw"])
    else:
        content = unicodedata.normalize("NFC", content.replace("\r\n", "\n"))
        cleaned = clean_lines(content.split("\n"))
        title, body, authors, source = subject, cleaned.body, cleaned.authors, outlet(cleaned.outlets)
        links = find_links(content)
        printed = printed_date(content, text_language(content))
    if not title:
        raise _fail(name, "the e-mail has no Subject")
    if not body:
        raise _fail(name, "the e-mail body is empty")
    language = text_language(f"{title}\n{body}")
    published_at, published_raw = None, None
    date_header = msg["date"]
    if date_header is not None:
        published_raw = str(date_header)
        published_at = getattr(date_header, "datetime", None)
        if published_at is not None and published_at.tzinfo is None:
            published_at = published_at.replace(tzinfo=timezone.utc)  # "-0000": UTC, sender zone unknown
    if published_at is None:
        published_at, published_raw = printed
    return {
        "title": title,
        "body": body,
        "source_name": source,
        "authors": authors,
        "published_at": published_at,
        "published_raw": published_raw,
        "language": language,
        "links": [u for u in links if "unsubscribe" not in u.lower()],
    }


# ---------------------------------------------------------------- public


def parse_seed_document(name: str, data: bytes) -> SeedDocument:
    """Parse one seed file's bytes; ``name`` is its file name (it picks the format).

    Raises :class:`SeedError` (one line, starting with the file name) for an
    empty, binary, undecodable or headline-less file.
    """
    suffix = Path(name).suffix.lower()
    key = f"seed:{name}"
    if suffix == ".txt":
        fields = _parse_text(name, data)
    elif suffix in (".html", ".htm"):
        fields = _parse_html(name, key, data)
    elif suffix == ".eml":
        fields = _parse_email(name, key, data)
    else:
        raise _fail(name, f"not a seed document (expected one of {', '.join(SEED_SUFFIXES)})")
    return SeedDocument(
        path=name,
        key=key,
        content_hash=hashlib.sha256(data).hexdigest(),
        **fields,
    )


def read_seed_document(path: Path, *, name: Optional[str] = None) -> SeedDocument:
    """Read and parse one seed file."""
    label = name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(label, f"cannot read: {exc.strerror or exc}") from None
    return parse_seed_document(label, data)


def load_seed_documents(seeds_dir: Path) -> list[SeedDocument]:
    """Every seed document in the folder (not profiles, not hidden files), sorted by file name."""
    folder = Path(seeds_dir)
    paths = sorted(
        (p for p in folder.iterdir() if p.suffix.lower() in SEED_SUFFIXES and not p.name.startswith(".")),
        key=lambda p: p.name,
    )
    return [read_seed_document(p) for p in paths if p.is_file()]
