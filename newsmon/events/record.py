"""Recording one article: every row it touches, in one transaction.

The article, its duplicate link and LSH bands, its development, and the
alert that announces a new development are written together or not at all,
so a crash mid-run leaves nothing half-done and a re-run adds nothing twice
(the unique constraints turn a replayed insert into a no-op).

Every article page is stored once per URL. A word-for-word copy at another URL
(same body hash: a portal's copy of a wire story, another encoding, other
markup) is stored too, with ``duplicate_of`` pointing at the group's original,
so the reader sees which outlets carried it and the next crawl does not fetch
it again; near-duplicates are found through the LSH index the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import bindparam, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newsmon.events import neardup
from newsmon.items import ArticleItem
from newsmon.events.terms import EventTerms
from newsmon.store.models import Article, PendingAssignment

#: Article fields an update (the source says the page changed) may rewrite.
UPDATABLE = ("title", "body", "summary", "modified_at", "modified_raw", "authors", "source_lastmod")


def database_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` says the database itself cannot take writes (locked past
    its busy timeout, disk full, connection gone), not that one article was bad.
    Writing the next article would only fail the same way, after the same wait."""
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError)):
        return True
    return isinstance(exc, sa_exc.DBAPIError) and bool(exc.connection_invalidated)


@dataclass(frozen=True)
class RecordResult:
    status: str  # new | updated | unchanged | duplicate_exact (lost a race to another writer)
    article_id: Optional[int] = None
    duplicate_of: Optional[int] = None
    development_id: Optional[int] = None
    development_created: bool = False
    relevant: bool = False
    identical: bool = False  # a word-for-word copy of its original
    pending: bool = False  # stored, its development not yet assigned (record_article(assign=False))


# Built once: the statements every article runs (a NULL body hash matches nothing).
_EXISTING = select(Article).where(Article.canonical_url == bindparam("canonical"))
# The original holding a body hash (copies of it carry the same hash).
_HASH_ORIGINAL = select(Article.id).where(
    Article.body_hash == bindparam("body_hash"), Article.duplicate_of.is_(None)
)
_INSERT = {
    name: insert(Article).on_conflict_do_nothing().returning(Article)
    for name, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}


def _insert_ignore(session: Session, values: dict) -> Optional[Article]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING the row, as a persistent Article
    (no reload); None when it already existed."""
    stmt = _INSERT[session.get_bind().dialect.name]
    return session.scalars(stmt, [values]).first()


def write_order(article: Any) -> tuple:
    """The order articles are written and assigned in (an ArticleItem or a stored Article):
    seeds first, then oldest published first, undated last; URL breaks ties."""
    published = article.published_at.timestamp() if article.published_at else float("inf")
    return (article.origin != "seed", published, article.url)


def article_values(item: ArticleItem, *, run_id: Optional[int], now: datetime) -> dict:
    return {
        "url": item.url,
        "canonical_url": item.canonical_url or item.url,
        "body_hash": item.body_hash,
        "title": item.title,
        "body": item.body,
        "summary": item.summary,
        "published_at": item.published_at,
        "published_raw": (item.published_raw or None) and item.published_raw[:256],
        "published_source": item.published_source,
        "modified_at": item.modified_at,
        "modified_raw": (item.modified_raw or None) and item.modified_raw[:256],
        "authors": list(item.authors),
        "source": item.outlet,
        "source_id": item.source_id,
        "language": item.language,
        "origin": item.origin,
        "source_lastmod": item.source_lastmod,
        "relevant": item.relevant,
        "relevance": item.relevance,
        "topics": list(item.topics),
        "first_seen_at": now,
        "sort_at": item.published_at or now,
        "updated_at": now,
        "run_id": run_id,
    }


def record_article(
    session: Session,
    item: ArticleItem,
    *,
    run_id: Optional[int] = None,
    now: Optional[datetime] = None,
    assign: bool = True,
) -> RecordResult:
    """Store ``item`` with its duplicate link, development and alert. Does not commit.

    ``assign=False`` (a frontier worker): store the article with its exact-copy
    link only, and queue it (``pending_assignments``) for :func:`assign_pending_article`,
    which the run's coordinator calls in write order.
    """
    now = now or datetime.now(timezone.utc)
    canonical = item.canonical_url or item.url
    existing = session.scalars(_EXISTING, {"canonical": canonical}).first()
    if existing is not None:
        return _update_existing(existing, item, now)

    # The article goes in with its signature and original, found before the
    # insert (nothing to exclude yet): one INSERT, no UPDATE after it.
    sig = item.minhash or neardup.signature(item.title or "", item.body or "")
    values = article_values(item, run_id=run_id, now=now)
    values["minhash"] = sig
    identical = session.scalars(_HASH_ORIGINAL, {"body_hash": item.body_hash}).first() if item.body_hash else None
    if identical is not None:
        values["duplicate_of"] = identical
    elif assign:
        values["duplicate_of"] = neardup.find_original(session, sig)
    article = _insert_ignore(session, values)
    if article is None and identical is None and item.body_hash:
        # Another writer stored this body at another URL meanwhile: be its copy.
        identical = session.scalars(_HASH_ORIGINAL, {"body_hash": item.body_hash}).first()
        if identical is not None:
            values["duplicate_of"] = identical
            article = _insert_ignore(session, values)
    if article is None:  # another process stored this URL between our check and insert
        return RecordResult("duplicate_exact")
    if not assign:
        session.add(PendingAssignment(article_id=article.id, run_id=run_id, event_terms=_terms_json(item.event_terms),
                                      queued_at=now))
        return RecordResult("new", article_id=article.id, duplicate_of=article.duplicate_of, relevant=article.relevant,
                            identical=identical is not None, pending=True)
    return _assign(session, article, sig, item.event_terms, identical=identical is not None, now=now)


def assign_pending_article(session: Session, article: Article, event_terms: Optional[dict], *,
                           now: Optional[datetime] = None) -> RecordResult:
    """Give an article a worker stored and queued its near-duplicate original,
    development and alert, as :func:`record_article` would have. ``event_terms``:
    its queue row's. The caller dequeues it in the same transaction. Does not commit."""
    now = now or datetime.now(timezone.utc)
    sig = article.minhash or neardup.signature(article.title or "", article.body or "")
    identical = article.duplicate_of is not None
    if not identical:
        article.duplicate_of = neardup.find_original(session, sig, exclude_id=article.id)
    return _assign(session, article, sig, _terms_from_json(event_terms), identical=identical, now=now)


def _assign(session: Session, article: Article, sig: bytes, event_terms: Optional[EventTerms], *, identical: bool,
            now: datetime) -> RecordResult:
    """The stored ``article``'s band index, development and alert."""
    from newsmon.alerts import enqueue_development, enqueue_update
    from newsmon.events.developments import process_article

    if article.duplicate_of is not None:
        # Another writer may have displaced our original since we looked it up.
        root = session.scalar(select(Article.duplicate_of).where(Article.id == article.duplicate_of))
        if root is not None:
            article.duplicate_of = root
    result = process_article(session, article, signature=sig, now=now, new=True, event_terms=event_terms)
    assignment = result.assignment
    development = assignment.development if assignment is not None else None
    if development is not None:
        if assignment.created and not development.seeded:
            enqueue_development(session, development)
        elif not assignment.created and article.duplicate_of is None:
            enqueue_update(session, development, article)
    return RecordResult(
        "new",
        article_id=article.id,
        duplicate_of=article.duplicate_of,
        development_id=development.id if development is not None else None,
        development_created=bool(assignment is not None and assignment.created),
        relevant=article.relevant,
        identical=identical,
    )


def _terms_json(found: Optional[EventTerms]) -> Optional[dict]:
    return None if found is None else {"terms": found.terms, "lang": found.lang, "story": found.story}


def _terms_from_json(data: Optional[dict]) -> Optional[EventTerms]:
    return None if not data else EventTerms(terms=dict(data["terms"]), lang=data["lang"], story=dict(data.get("story") or {}))


def _update_existing(existing: Article, item: ArticleItem, now: datetime) -> RecordResult:
    """A stored article seen again: rewrite its text only when the source says it changed."""
    changed = (
        item.origin == "crawl"
        and item.source_lastmod is not None
        and item.source_lastmod != existing.source_lastmod
    )
    if not changed:
        return RecordResult("unchanged", article_id=existing.id, relevant=existing.relevant)
    new = {
        "title": item.title or existing.title,
        "body": item.body or existing.body,
        "summary": item.summary,
        "modified_at": item.modified_at,
        "modified_raw": item.modified_raw,
        "authors": list(item.authors) or existing.authors,
        "source_lastmod": item.source_lastmod,
    }
    for key in UPDATABLE:
        setattr(existing, key, new[key])
    existing.updated_at = now
    return RecordResult("updated", article_id=existing.id, relevant=existing.relevant)


_FLATTEN = text(
    "UPDATE articles SET duplicate_of = (SELECT o.duplicate_of FROM articles o WHERE o.id = articles.duplicate_of) "
    "WHERE duplicate_of IN (SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"
)


def flatten_duplicate_links(session: Session) -> int:
    """Point copies of a displaced original at the group's current original; returns rows changed.

    Writers in other processes can displace an original while a copy of it is
    being stored; the copy then points at a copy. One indexed statement per
    level (there is rarely more than one) puts it right; run after a crawl.
    """
    changed = 0
    for _ in range(8):
        n = session.execute(_FLATTEN).rowcount or 0
        changed += n
        if not n:
            break
    return changed
