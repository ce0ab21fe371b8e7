"""What one digest e-mail says, and the e-mail itself.

A digest is built from a recipient's outbox rows in two steps: ``load_digest``
reads the developments and articles those rows name (applying the last guard:
seeded developments, irrelevant articles and duplicate copies are never
announced as new), and the pure functions below turn that into a multipart
``EmailMessage``. Article text is untrusted: it is autoescaped in the HTML
part, only http(s) links become anchors, and control characters are removed
before anything reaches a header.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid, parseaddr
from functools import lru_cache
from typing import Iterable, Optional, Sequence
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmon.store.models import Alert, Article, Development

DISPLAY_TZ = "Asia/Seoul"  # the default; [timezone] in the config decides
SUBJECT_TITLE_CHARS = 70
MAX_ARTICLES_PER_DEVELOPMENT = 20
SUMMARY_CHARS = 400


class _SubjectKeepsSpaces(EmailPolicy):
    """policy.SMTP, except a non-ASCII Subject is folded the classic way.

    The default folder may end one encoded word just before a space and put
    the space between two encoded words, where RFC 2047 says to ignore it:
    "기반 금융" arrived as "기반금융". ``email.header.Header`` keeps every
    space inside an encoded word.
    """

    def _subject(self, name: str, value: str) -> str:
        encoded = Header(str(value), "utf-8", header_name=name, maxlinelen=self.max_line_length).encode(linesep=self.linesep)
        return f"{name}: {encoded}{self.linesep}"

    def fold(self, name: str, value: str) -> str:
        if name.lower() == "subject" and not str(value).isascii():
            return self._subject(name, value)
        return super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() == "subject" and not str(value).isascii():
            return self._subject(name, value).encode("ascii")
        return super().fold_binary(name, value)


MAIL_POLICY = _SubjectKeepsSpaces(linesep="\r\n")


@dataclass(frozen=True)
class ArticleLink:
    """One article as the digest lists it; ``url`` is None unless http(s)."""

    title: str
    url: Optional[str]
    source: str
    published: str
    copies: tuple["ArticleLink", ...] = ()


@dataclass(frozen=True)
class DevelopmentEntry:
    """A development announced for the first time."""

    development_id: int
    title: str
    when: str
    sources: tuple[str, ...]
    articles: tuple[ArticleLink, ...]
    more: int = 0  # originals left out beyond MAX_ARTICLES_PER_DEVELOPMENT
    happened_at: Optional[datetime] = None  # for ordering; ``when`` is what readers see
    summary: str = ""  # two or three sentences: the development's, else its first article's

    @property
    def outlets(self) -> int:
        """How many outlets carried it (originals and copies)."""
        return len(self.sources)


@dataclass(frozen=True)
class AttentionItem:
    """A source that needs a person's look (failing for runs in a row, or stale)."""

    name: str
    url: str
    reason: str


@dataclass(frozen=True)
class UpdateEntry:
    """New articles on a development announced earlier."""

    development_id: int
    title: str
    articles: tuple[ArticleLink, ...]


@dataclass(frozen=True)
class Digest:
    """The content of one e-mail and the outbox rows it accounts for.

    ``alert_ids`` are the rows the e-mail covers (shown, or folded into a
    development shown in the same e-mail); ``skipped_ids`` failed a guard.
    """

    developments: tuple[DevelopmentEntry, ...] = ()
    updates: tuple[UpdateEntry, ...] = ()
    alert_ids: tuple[int, ...] = ()
    skipped_ids: tuple[int, ...] = field(default=())
    #: "Sources needing attention", said once per episode (see newsmon.alerts.outbox).
    attention: tuple[AttentionItem, ...] = ()
    tz: str = DISPLAY_TZ  # the time zone every time in it is shown in

    @property
    def empty(self) -> bool:
        return not self.developments and not self.updates

    @property
    def update_count(self) -> int:
        return sum(len(u.articles) for u in self.updates)


# ---------------------------------------------------------------- pure helpers


def one_line(text: Optional[str]) -> str:
    """``text`` with control/format characters and line breaks turned to spaces, collapsed."""
    if not text:
        return ""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in text
    )
    return " ".join(cleaned.split())


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_when(moment: Optional[datetime], *, short: bool = False, tz: str = DISPLAY_TZ) -> str:
    """An aware datetime as Seoul time with its offset, e.g. ``2024-09-27 10:00 KST (UTC+09:00)``.

    ``short`` leaves out the offset (for article lines under a development).
    """
    if moment is None:
        return "date unknown"
    local = moment.astimezone(ZoneInfo(tz))
    if short:
        return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} (UTC{offset[:3]}:{offset[3:]})"


def safe_link(url: Optional[str]) -> Optional[str]:
    """The URL if it is an absolute http(s) URL without control characters, else None."""
    if not url or one_line(url) != url or " " in url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def subject_for(digest: Digest) -> str:
    """A one-line subject: how many developments, and the first one's title."""
    if digest.developments:
        n = len(digest.developments)
        first = clip(digest.developments[0].title or "(untitled)", SUBJECT_TITLE_CHARS)
        tail = " …" if n > 1 and not first.endswith("…") else ""
        noun = "development" if n == 1 else "developments"
        return one_line(f"[newsmon] {n} new {noun}: {first}{tail}")
    k, m = digest.update_count, len(digest.updates)
    first = clip(digest.updates[0].title or "(untitled)", SUBJECT_TITLE_CHARS) if digest.updates else ""
    noun = "article" if k == 1 else "articles"
    where = f"on {first}" if m == 1 else f"on {m} developments: {first}"
    return one_line(f"[newsmon] {k} new {noun} {where}")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsmon.alerts", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render_text(digest: Digest) -> str:
    """The plain-text part."""
    return _environment().get_template("digest.txt.j2").render(digest=digest, tz=digest.tz)


def render_html(digest: Digest, *, image_cid: Optional[str] = None) -> str:
    """The HTML part (every value autoescaped); ``image_cid`` shows the timeline picture."""
    return _environment().get_template("digest.html.j2").render(
        digest=digest, subject=subject_for(digest), tz=digest.tz, image_cid=image_cid, image_alt=timeline_alt(digest)
    )


def timeline_alt(digest: Digest) -> str:
    """The timeline picture's alt text: what it shows, in words."""
    titles = [d.title for d in digest.developments] + [u.title for u in digest.updates]
    return "Coverage per day of: " + "; ".join(clip(t, 60) for t in titles)


def message_domain(from_addr: str) -> str:
    """The domain for Message-IDs: the sender's, else a reserved one."""
    addr = parseaddr(from_addr)[1]
    domain = addr.rpartition("@")[2] if "@" in addr else ""
    domain = "".join(ch for ch in domain if ch.isalnum() or ch in ".-")
    return domain or "newsmon.invalid"


def build_message(
    digest: Digest,
    *,
    from_addr: str,
    to: Optional[str],
    message_id: str,
    date: datetime,
    timeline_png: Optional[bytes] = None,
) -> EmailMessage:
    """The multipart (text + HTML) e-mail for ``digest``; headers hold only sanitized text.

    ``timeline_png``: the coverage timeline, shown inline in the HTML part
    (multipart/related, by Content-ID); the text part never depends on it.
    """
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["Subject"] = subject_for(digest)
    msg["From"] = one_line(from_addr)
    if to:
        msg["To"] = one_line(to)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = one_line(message_id)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(render_text(digest), charset="utf-8")
    if not timeline_png:
        msg.add_alternative(render_html(digest), subtype="html", charset="utf-8")
        return msg
    cid = make_msgid("timeline", domain=message_domain(from_addr))
    msg.add_alternative(render_html(digest, image_cid=cid[1:-1]), subtype="html", charset="utf-8")
    html = msg.get_payload()[1]
    html.add_related(timeline_png, "image", "png", cid=cid, filename="timeline.png", disposition="inline")
    return msg


# ---------------------------------------------------------------- loading


def _sort_key(article: Article) -> tuple[datetime, int]:
    return (article.published_at or article.first_seen_at, article.id)


def _link(article: Article, copies: Sequence[Article] = (), tz: str = DISPLAY_TZ) -> ArticleLink:
    return ArticleLink(
        title=one_line(article.title) or "(untitled)",
        url=safe_link(article.url) or safe_link(article.canonical_url),
        source=one_line(article.source) or (urlsplit(article.url).hostname or ""),
        published=format_when(article.published_at, short=True, tz=tz) if article.published_at else "",
        copies=tuple(_link(c, tz=tz) for c in sorted(copies, key=_sort_key)),
    )


def _announceable(article: Optional[Article]) -> bool:
    return article is not None and bool(article.relevant) and article.duplicate_of is None


def _copies_of(session: Session, originals: Iterable[Article]) -> dict[int, list[Article]]:
    ids = [a.id for a in originals]
    copies: dict[int, list[Article]] = {}
    if not ids:
        return copies
    for c in session.scalars(select(Article).where(Article.duplicate_of.in_(ids))):
        copies.setdefault(c.duplicate_of or 0, []).append(c)
    return copies


def _ordered_unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for v in values:
        v = one_line(v)
        if v and v not in seen:
            seen[v] = None
    return tuple(seen)


def _development_entry(session: Session, dev: Development, tz: str = DISPLAY_TZ) -> Optional[DevelopmentEntry]:
    originals = sorted(
        (
            a
            for a in session.scalars(select(Article).where(Article.development_id == dev.id))
            if _announceable(a)
        ),
        key=_sort_key,
    )
    if not originals:
        return None
    shown = originals[:MAX_ARTICLES_PER_DEVELOPMENT]
    copies = _copies_of(session, shown)
    links = tuple(_link(a, copies.get(a.id, ()), tz) for a in shown)
    outlets = [a.source or "" for a in originals]
    outlets += [c.source or "" for cs in copies.values() for c in cs]
    outlets += [str(s) for s in (dev.sources or [])]
    happened = dev.published_first or min(a.published_at or a.first_seen_at for a in originals)
    summary = one_line(dev.summary) or next((one_line(a.summary) for a in originals if a.summary), "")
    return DevelopmentEntry(
        summary=clip(summary, SUMMARY_CHARS),
        development_id=dev.id,
        title=one_line(dev.title) or links[0].title,
        when=format_when(happened, tz=tz),
        sources=_ordered_unique(outlets),
        articles=links,
        more=len(originals) - len(shown),
        happened_at=happened,
    )


def load_digest(
    session: Session, alerts: Sequence[Alert], *, tz: str = DISPLAY_TZ, attention: Sequence[AttentionItem] = ()
) -> Digest:
    """Read what ``alerts`` announce and build the digest (read-only).

    Guards: a development alert needs an unseeded development with at least one
    relevant original article; an update alert needs a relevant original article
    of an unseeded development. An update whose development is announced in the
    same digest is folded into it (the development lists all its articles).
    """
    alerts = sorted(alerts, key=lambda a: a.id)
    dev_ids = {a.development_id for a in alerts}
    devs = {d.id: d for d in session.scalars(select(Development).where(Development.id.in_(dev_ids)))} if dev_ids else {}
    art_ids = {a.article_id for a in alerts if a.article_id is not None}
    arts = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(art_ids)))} if art_ids else {}

    covered: list[int] = []
    skipped: list[int] = []
    entries: list[DevelopmentEntry] = []
    announced_here: set[int] = set()
    for alert in alerts:
        if alert.kind != "development":
            continue
        dev = devs.get(alert.development_id)
        entry = _development_entry(session, dev, tz) if dev is not None and not dev.seeded else None
        if entry is None:
            skipped.append(alert.id)
            continue
        entries.append(entry)
        announced_here.add(dev.id)  # type: ignore[union-attr]
        covered.append(alert.id)

    updates: dict[int, list[Article]] = {}
    for alert in alerts:
        if alert.kind != "update":
            continue
        dev = devs.get(alert.development_id)
        art = arts.get(alert.article_id) if alert.article_id is not None else None
        if dev is None or dev.seeded or not _announceable(art) or art.development_id != dev.id:  # type: ignore[union-attr]
            skipped.append(alert.id)
            continue
        covered.append(alert.id)
        if dev.id not in announced_here:
            updates.setdefault(dev.id, []).append(art)  # type: ignore[arg-type]

    entries.sort(key=lambda e: (e.happened_at is None, e.happened_at or datetime.min, e.development_id))
    update_entries = tuple(
        UpdateEntry(
            development_id=dev_id,
            title=one_line(devs[dev_id].title) or "(untitled)",
            articles=tuple(_link(a, cs, tz) for a, cs in _with_copies(session, arts_)),
        )
        for dev_id, arts_ in updates.items()
    )
    return Digest(
        developments=tuple(entries),
        updates=update_entries,
        alert_ids=tuple(sorted(covered)),
        skipped_ids=tuple(sorted(skipped)),
        attention=tuple(attention),
        tz=tz,
    )


def _with_copies(session: Session, articles: Sequence[Article]) -> list[tuple[Article, list[Article]]]:
    ordered = sorted(articles, key=_sort_key)
    copies = _copies_of(session, ordered)
    return [(a, copies.get(a.id, [])) for a in ordered]

