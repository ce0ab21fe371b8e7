"""A user's corrections of the grouping: split a development, merge two.

Grouping is automatic and can be wrong both ways. A correction moves
articles, rebuilds the affected developments from their members (counts,
outlets, time window, headline, and the terms later articles are matched
against), fixes the outbox so the next digest tells the truth, and is
recorded in ``development_edits``: nothing changes silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from newsmon.events.developments import _add_terms, _extract, _outlet
from newsmon.events.terms import Vocabulary
from newsmon.store.models import Alert, Article, Development, DevelopmentEdit, DevelopmentTerm, TermStat, utcnow


class EditError(Exception):
    """A correction that cannot be made, worded for the user."""


@dataclass(frozen=True)
class EditResult:
    edit_id: int
    development_id: int  # the development split, or the one merged into
    other_ids: tuple[int, ...]  # the new development, or those merged away
    moved: tuple[int, ...]  # article ids that changed development


def _live(session: Session, dev_id: int) -> Development:
    dev = session.get(Development, dev_id)
    if dev is None:
        raise EditError(f"no development {dev_id}")
    if dev.merged_into is not None:
        raise EditError(f"development {dev_id} was merged into {dev.merged_into}")
    return dev


def _members(session: Session, dev_id: int) -> list[Article]:
    return list(session.scalars(select(Article).where(Article.development_id == dev_id).order_by(Article.id)))


def _order(a: Article) -> tuple:
    return (a.published_at is None, a.published_at or a.first_seen_at, a.id)


def _forget_terms(session: Session, dev: Development) -> None:
    """Take the development's terms out of the index and the document frequencies."""
    terms = [t for t in (dev.terms or {}) if not t.startswith("#")]
    session.execute(delete(DevelopmentTerm).where(DevelopmentTerm.development_id == dev.id))
    if terms:
        session.execute(update(TermStat).where(TermStat.term.in_(terms)).values(df=TermStat.df - 1))
    dev.terms = {}


def rebuild(session: Session, dev: Development, vocabulary: Vocabulary) -> None:
    """Recompute a development from the articles it holds now."""
    _forget_terms(session, dev)
    members = sorted(_members(session, dev.id), key=_order)
    ids = {a.id for a in members}
    dated = [a.published_at for a in members if a.published_at is not None]
    dev.article_count = len(members)
    dev.published_first = min(dated) if dated else None
    dev.published_last = max(dated) if dated else None
    dev.seeded = any(a.origin == "seed" for a in members)
    dev.sources = list(dict.fromkeys(_outlet(a) for a in members))
    originals = [a for a in members if a.duplicate_of is None or a.duplicate_of not in ids]
    if originals:
        dev.title = originals[0].title or dev.title
        dev.summary = _extract(originals[0].body) or dev.summary
    session.flush()
    for a in originals:  # copies of a member add no terms, as when they were assigned
        found = vocabulary.terms(a.title or "", a.body or "", a.published_at or a.first_seen_at)
        _add_terms(session, dev, found.terms, found.lang)
    session.flush()


def _with_copies(session: Session, ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    copies = session.scalars(select(Article.id).where(Article.duplicate_of.in_(wanted))) if wanted else []
    return wanted | set(copies)


def split_development(
    session: Session, dev_id: int, article_ids: Sequence[int], vocabulary: Vocabulary, *, note: Optional[str] = None
) -> EditResult:
    """Move ``article_ids`` (and their copies) out of a development into a new one, announced as new."""
    from newsmon.alerts import enqueue_development

    dev = _live(session, dev_id)
    members = {a.id: a for a in _members(session, dev.id)}
    strangers = sorted(set(article_ids) - set(members))
    if strangers:
        raise EditError(f"article(s) {', '.join(map(str, strangers))} are not in development {dev_id}")
    moving = _with_copies(session, article_ids) & set(members)
    if not moving:
        raise EditError("name at least one article to split off")
    if moving == set(members):
        raise EditError(f"that is every article of development {dev_id}: nothing would be left")
    now = utcnow()
    new = Development(title="", summary="", first_seen=now, last_seen=now, article_count=0, sources=[],
                      seeded=False, terms={})
    session.add(new)
    session.flush()
    session.execute(update(Article).where(Article.id.in_(moving)).values(development_id=new.id))
    # Their "more coverage" alerts would now point at the wrong event: the new one is announced whole.
    session.execute(
        update(Alert).where(Alert.article_id.in_(moving), Alert.status == "pending").values(status="skipped")
    )
    session.expire_all()
    dev, new = session.get(Development, dev_id), session.get(Development, new.id)
    rebuild(session, dev, vocabulary)
    rebuild(session, new, vocabulary)
    enqueue_development(session, new)
    edit = DevelopmentEdit(kind="split", development_id=dev.id, other_id=new.id, article_ids=sorted(moving),
                           note=note, created_at=now)
    session.add(edit)
    session.flush()
    return EditResult(edit.id, dev.id, (new.id,), tuple(sorted(moving)))


def merge_developments(
    session: Session, into_id: int, other_ids: Sequence[int], vocabulary: Vocabulary, *, note: Optional[str] = None
) -> EditResult:
    """Move every article of ``other_ids`` into ``into_id``; the others are kept, marked merged."""
    from newsmon.alerts import enqueue_update

    if into_id in other_ids:
        raise EditError(f"cannot merge development {into_id} into itself")
    if not other_ids:
        raise EditError("name at least one development to merge")
    into = _live(session, into_id)
    others = [_live(session, i) for i in dict.fromkeys(other_ids)]
    now = utcnow()
    moved: list[int] = []
    for other in others:
        arts = _members(session, other.id)
        # Its news still waiting in the outbox becomes news of the merged event.
        unannounced = session.execute(
            update(Alert)
            .where(Alert.development_id == other.id, Alert.kind == "development", Alert.status == "pending")
            .values(status="skipped")
        ).rowcount
        session.execute(
            update(Alert)
            .where(Alert.development_id == other.id, Alert.kind == "update", Alert.status == "pending")
            .values(development_id=into.id)
        )
        session.execute(update(Article).where(Article.development_id == other.id).values(development_id=into.id))
        _forget_terms(session, other)
        other.merged_into, other.article_count, other.sources = into.id, 0, []
        other.published_first = other.published_last = None
        moved += [a.id for a in arts]
        session.flush()
        if unannounced:
            for a in arts:
                session.refresh(a)
                enqueue_update(session, into, a)
        session.add(DevelopmentEdit(kind="merge", development_id=into.id, other_id=other.id,
                                    article_ids=[a.id for a in arts], note=note, created_at=now))
    session.expire_all()
    into = session.get(Development, into_id)
    rebuild(session, into, vocabulary)
    into.last_seen = now
    session.flush()
    edit_id = session.scalars(
        select(DevelopmentEdit.id).where(DevelopmentEdit.development_id == into_id).order_by(DevelopmentEdit.id.desc())
    ).first()
    return EditResult(int(edit_id), into_id, tuple(o.id for o in others), tuple(sorted(moved)))


def edits_of(session: Session, dev_id: int) -> list[DevelopmentEdit]:
    """The corrections that touched a development, oldest first."""
    return list(session.scalars(
        select(DevelopmentEdit)
        .where((DevelopmentEdit.development_id == dev_id) | (DevelopmentEdit.other_id == dev_id))
        .order_by(DevelopmentEdit.id)
    ))
