"""Developments: group relevant articles into the events they report.

An alert should say "KT and Microsoft opened a joint AI centre", once, not once
per outlet and not again when a follow-up appears. Every relevant article
therefore belongs to exactly one development, chosen by what it reports (named
entities, event words, numbers) and when (events are close in time).

The article's terms come from ``newsmon.events.terms`` (pure, computed in the
analysis worker). Everything in a story mentions its own names (KT, Microsoft,
Azure), so terms are weighted by how rare they are among stored developments,
and the topic profile's story words weigh less from the first article on.
Candidates come from the
``development_terms`` inverted index, limited to developments whose publication
window is near the article's, so a lookup never scans the archive (the reads
are in ``newsmon.events.lookups``).

Assignment is incremental and deterministic: an article that has a development
keeps it, and a duplicate goes where its original went.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable, Optional
from urllib.parse import urlsplit

from sqlalchemy import or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from newsmon.events import lookups, neardup
from newsmon.events.lookups import Idf
from newsmon.events.terms import EventTerms, Vocabulary, term_language
from newsmon.store.models import Article, Development, DevelopmentTerm, TermStat, utcnow

# A development whose publication window ends more than this before the
# article (or starts more than this after it) cannot take the article.
#: Joining a development with no dated member yet (an undated seed) needs a
#: close match: on the fixture web same-event coverage scored 0.49, other
#: events of the story at most 0.34 against the seed alone.
UNDATED_JOIN_THRESHOLD = 0.42
TIME_WINDOW = timedelta(days=10)
# Minimum score (see `score`) for joining; below it the article starts a
# development of its own. Calibrated on tests/data/neardup_pairs.json and the
# fixture web: reports of one event score >= 0.22, other events <= 0.17.
JOIN_THRESHOLD = 0.2
# Document frequencies are counted up to this many developments: past it a
# term is story-wide, carries little weight and is never used to find candidates.
DF_CAP = 200
_MAX_LOOKUP_TERMS = 40
_MAX_CANDIDATES = 20
_MAX_DEV_TERMS = 300
_OTHER_NAME_FACTOR = 0.6
# Bookkeeping keys kept in Development.terms next to term counts.
_MEMBERS = "#members"
_LANG = "#lang:"
_DATELINE = re.compile(r"^\s*(?:[\[\(（【][^\]\)）】]{0,40}[\]\)）】]\s*)?(?:[가-힣]{2,4}\s*기자\s*=\s*)?")


@functools.lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The vocabulary of the profiles in the default seeds folder, for callers that bring no terms."""
    from newsmon.topics import load_topics

    return Vocabulary.from_topics(load_topics())


@dataclass(frozen=True)
class Assignment:
    """Where an article went: ``created`` a development, or ``joined_existing`` one."""

    development: Development
    created: bool
    joined_existing: bool
    score: float = 0.0


@dataclass(frozen=True)
class ProcessResult:
    """The outcome of :func:`process_article`: the root original, and the development (if relevant)."""

    duplicate_of: Optional[int]
    assignment: Optional[Assignment]


# Built once per dialect, run as executemany: the inverted-index rows of a
# development's new terms, and their document-frequency counts.
_TERM_INSERTS = {
    name: (
        insert(DevelopmentTerm.__table__),
        insert(TermStat.__table__).on_conflict_do_update(
            index_elements=[TermStat.term], set_={"df": TermStat.__table__.c.df + 1}
        ).execution_options(**lookups.KEEPS_MEMO),
    )
    for name, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


def _when(article: Article, now: datetime) -> datetime:
    return article.published_at or article.first_seen_at or now


def _outlet(article: Article) -> str:
    return article.source or urlsplit(article.url or "").hostname or "unknown"


def _candidates(session: Session, terms: dict[str, float], idf: Idf, when: datetime) -> list[Development]:
    """Developments near ``when`` sharing the most distinctive terms with the article, by id.

    The lookup uses the article's rarest terms that some development holds;
    story-wide terms (in ``DF_CAP`` developments or more) would read long postings.
    """
    lookup = sorted(
        (t for t in terms if 0 < idf.df.get(t, 0) < DF_CAP and idf(t) > 0),
        key=lambda t: (-terms[t] * idf(t), t),
    )[:_MAX_LOOKUP_TERMS]
    if not lookup:
        return []
    ids = lookups.candidate_ids(session, lookup, when - TIME_WINDOW, when + TIME_WINDOW, _MAX_CANDIDATES)
    return lookups.developments(session, ids)


def _article_vector(terms: dict[str, float], lang: str, idf: Callable[[str], float], neutral: bool) -> tuple[dict[str, float], float]:
    """The article's weighted terms (``neutral``: language-neutral ones only) and their norm."""
    vec: dict[str, float] = {}
    for term, weight in terms.items():
        term_lang = term_language(term)
        if term_lang is not None and (neutral or term_lang != lang):
            continue
        value = weight * idf(term)
        if value > 0:
            vec[term] = value
    return vec, math.sqrt(sum(v * v for v in vec.values()))


class DevTerms:
    """A development's term counts laid out for scoring: each term with its count and
    language, the member counts, the term set. Built once per version of
    ``Development.terms`` (a new dict whenever it changes) and kept on the loaded
    development, not once per article that considers it: scoring is most of
    assigning an article. The terms keep the dict's order, so sums add up as before."""

    __slots__ = ("counts", "members", "langs", "terms", "keys", "has_names")

    def __init__(self, counts: dict[str, Any]) -> None:
        self.counts = counts  # its identity says which version this is
        self.members = max(1.0, float(counts.get(_MEMBERS, 1)))
        self.langs = {k[len(_LANG):]: float(v) for k, v in counts.items() if k.startswith(_LANG)}
        self.terms = [(t, float(c), term_language(t)) for t, c in counts.items() if not t.startswith("#")]
        self.keys = frozenset(t for t, _, _ in self.terms)
        self.has_names = any(t.startswith("q:") for t in self.keys)

    @classmethod
    def of(cls, dev: Development) -> "DevTerms":
        counts = dev.terms or {}
        held = dev.__dict__.get("_newsmon_dev_terms")
        if held is None or held.counts is not counts:
            held = cls(counts)
            dev.__dict__["_newsmon_dev_terms"] = held  # a plain attribute, not a mapped one
        return held


def _cosines(
    terms: dict[str, float], lang: str, dev: DevTerms, idf: Idf, vectors: Optional[dict] = None
) -> tuple[float, float]:
    """The two cosines of ``score``, (over all terms, over the language-neutral ones),
    in one pass over the development's terms (scoring is most of assigning an article)."""
    members = dev.members
    lang_members = dev.langs.get(lang, 0.0)
    # With no member in the article's language, "all terms" are the neutral ones.
    same = lang_members == 0
    # The article side takes one of two forms whatever the development: built once per article.
    vectors = {} if vectors is None else vectors
    for neutral in (True,) if same else (True, False):
        if neutral not in vectors:
            vectors[neutral] = _article_vector(terms, lang, idf, neutral)
    all_vec, all_norm = vectors[same]
    neutral_vec, neutral_norm = vectors[True]
    known = idf.values  # idf(term) already computed for this article, read without a call
    dot_all = norm_all = dot_neutral = norm_neutral = 0.0
    for term, count, term_lang in dev.terms:
        if term_lang is None:
            weight = known.get(term)
            value = min(1.0, count / members) * (idf(term) if weight is None else weight)
            norm_neutral += value * value
            dot_neutral += value * neutral_vec.get(term, 0.0)
        elif same or term_lang != lang:
            continue
        else:
            weight = known.get(term)
            value = min(1.0, count / lang_members) * (idf(term) if weight is None else weight)
        norm_all += value * value
        dot_all += value * all_vec.get(term, 0.0)
    return _ratio(dot_all, all_norm, norm_all), _ratio(dot_neutral, neutral_norm, norm_neutral)


def _ratio(dot: float, article_norm: float, dev_norm_squared: float) -> float:
    if dot == 0.0 or article_norm == 0.0:
        return 0.0
    return dot / (article_norm * math.sqrt(dev_norm_squared))


def score(terms: dict[str, float], lang: str, dev: DevTerms, idf: Idf, vectors: Optional[dict] = None) -> float:
    """How well an article fits a development (0..1).

    The mean of two cosine similarities: over all terms, and over the
    language-neutral ones (concepts, names, numbers) alone, which is all an
    English report and a Korean development have in common. The development's
    vector weights a term by the share of its articles that carry it, so a word
    one member happened to use pulls less than one they all share. When both
    quote names and none is shared, they are about different things: the
    score is scaled down. ``dev``: the development's terms (``DevTerms.of``);
    ``vectors``: a dict kept across one article's candidates, holding the
    article's side (its two vectors and its quoted names), the same for each.
    """
    all_terms, neutral_terms = _cosines(terms, lang, dev, idf, vectors)
    value = 0.5 * (all_terms + neutral_terms)
    names = _names(terms, vectors)
    if names and dev.has_names and names.isdisjoint(dev.keys):
        value *= _OTHER_NAME_FACTOR
    return value


def _names(terms: dict[str, float], vectors: Optional[dict]) -> frozenset[str]:
    """The article's quoted names (kept in ``vectors``, when given, for its next candidate)."""
    names = vectors.get("names") if vectors is not None else None
    if names is None:
        names = frozenset(t for t in terms if t.startswith("q:"))
        if vectors is not None:
            vectors["names"] = names
    return names


def _extract(body: str, limit: int = 240) -> str:
    """A short extract: the opening of the body, without a dateline, cut at a sentence end."""
    text = _DATELINE.sub("", " ".join((body or "").split()), count=1)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    stop = max(cut.rfind(". "), cut.rfind("다. "), cut.rfind("다."))
    return cut[: stop + 1].strip() if stop > limit // 3 else cut.rstrip() + "…"


def _add_terms(session: Session, dev: Development, terms: Iterable[str], lang: str) -> None:
    """Count the article's terms into the development and index the new ones."""
    counts = dict(dev.terms or {})
    known = sum(1 for t in counts if not t.startswith("#"))
    new = []
    for term in sorted(set(terms)):
        term = term[:128]
        if term in counts:
            counts[term] += 1
        elif known < _MAX_DEV_TERMS:
            counts[term] = 1
            known += 1
            new.append(term)
    counts[_MEMBERS] = counts.get(_MEMBERS, 0) + 1
    counts[_LANG + lang] = counts.get(_LANG + lang, 0) + 1
    dev.terms = counts
    if not new:
        return
    if dev.id is None:
        session.flush()
    terms_insert, df_upsert = _TERM_INSERTS[session.get_bind().dialect.name]
    session.execute(terms_insert, [{"term": t, "development_id": dev.id} for t in new])
    session.execute(df_upsert, [{"term": t, "df": 1} for t in new])
    lookups.count_new_terms(session, new)


def _record_member(dev: Development, article: Article, when: datetime, now: datetime) -> None:
    dev.article_count = (dev.article_count or 0) + 1
    dev.last_seen = max(dev.last_seen, now) if dev.last_seen else now
    if article.published_at is not None:
        # Only printed dates place an event in time: an undated seed document
        # must not stretch its development's window to the day it was read.
        dev.published_first = min(dev.published_first, when) if dev.published_first else when
        dev.published_last = max(dev.published_last, when) if dev.published_last else when
    outlet = _outlet(article)
    if outlet not in (dev.sources or []):
        dev.sources = [*(dev.sources or []), outlet]
    if article.origin == "seed":
        dev.seeded = True


def assign_development(
    session: Session, article: Article, *, now: Optional[datetime] = None, event_terms: Optional[EventTerms] = None
) -> Assignment:
    """Put a flushed, relevant article into a development, creating one if none fits.

    An article that already has a development keeps it; a duplicate joins its
    original's development. ``event_terms`` are the article's event terms when the
    caller computed them (the crawl does, in its analysis worker); else they
    are read with the default seeds folder's vocabulary. Does not commit.
    """
    if article.id is None:
        raise ValueError("assign_development needs a flushed article (with an id)")
    now = now or utcnow()
    if article.development_id is not None:
        dev = session.get(Development, article.development_id)
        if dev is None:
            raise ValueError(f"article {article.id} points at missing development {article.development_id}")
        return Assignment(dev, created=False, joined_existing=False)
    when = _when(article, now)
    if article.duplicate_of is not None:
        original = session.get(Article, article.duplicate_of)
        if original is not None and original.development_id is not None:
            dev = session.get(Development, original.development_id)
            if dev is not None:
                _record_member(dev, article, when, now)
                article.development_id = dev.id
                session.flush()
                return Assignment(dev, created=False, joined_existing=True, score=1.0)

    found = event_terms or default_vocabulary().terms(article.title or "", article.body or "", when)
    terms, lang = found.terms, found.lang
    idf = Idf(session, terms, found.story)
    candidates = _candidates(session, terms, idf, when)
    idf.load(frozenset().union(*(DevTerms.of(dev).keys for dev in candidates)))
    best: Optional[tuple[float, Development]] = None
    vectors: dict = {}
    for dev in candidates:
        value = score(terms, lang, DevTerms.of(dev), idf, vectors)
        # A development not yet placed in time (only an undated seed so far)
        # is open to any date, so it takes only close matches.
        needed = JOIN_THRESHOLD if dev.published_first is not None else UNDATED_JOIN_THRESHOLD
        if value >= needed and (best is None or value > best[0] + 1e-12):
            best = (value, dev)
    if best is not None:
        value, dev = best
        if article.duplicate_of is None and dev.published_first is not None and when < dev.published_first:
            dev.title = article.title or dev.title
            dev.summary = _extract(article.body) or dev.summary
        _record_member(dev, article, when, now)
        _add_terms(session, dev, terms, lang)
        article.development_id = dev.id
        session.flush()
        return Assignment(dev, created=False, joined_existing=True, score=value)

    dev = Development(
        title=article.title or "",
        summary=_extract(article.body),
        first_seen=now,
        last_seen=now,
        article_count=0,
        sources=[],
        seeded=False,
        terms={},
    )
    session.add(dev)
    _record_member(dev, article, when, now)
    session.flush()
    _add_terms(session, dev, terms, lang)
    article.development_id = dev.id
    session.flush()
    return Assignment(dev, created=True, joined_existing=False, score=best[0] if best else 0.0)


def process_article(
    session: Session,
    article: Article,
    *,
    now: Optional[datetime] = None,
    signature: Optional[bytes] = None,
    new: bool = False,
    event_terms: Optional[EventTerms] = None,
) -> ProcessResult:
    """Mark a stored article's original (if it is a copy), index it, and assign
    its development when relevant. Does not commit: the caller owns the transaction.

    Re-processing changes nothing: an article that already has a signature keeps
    its ``duplicate_of``. ``signature`` is the article's MinHash when the caller
    already computed it (the crawl does, outside the database thread). ``new``
    says the caller just inserted the article with that signature and its
    ``duplicate_of`` already looked up (``neardup.find_original``), as
    ``archive.record_article`` does to save an UPDATE of the row.
    ``event_terms``: see :func:`assign_development`.
    """
    if article.id is None:
        session.flush()
    sig = signature or neardup.signature(article.title or "", article.body or "")
    fresh = new or article.minhash is None
    if fresh and not new:
        article.duplicate_of = neardup.find_original(session, sig, exclude_id=article.id)
    neardup.index_article(session, article.id, sig)
    assignment = assign_development(session, article, now=now, event_terms=event_terms) if article.relevant else None
    if fresh and article.duplicate_of is not None:
        _take_over_group_if_earlier(session, article)
    return ProcessResult(duplicate_of=article.duplicate_of, assignment=assignment)


def _take_over_group_if_earlier(session: Session, article: Article) -> None:
    """A copy's group is rooted at its first publication, not at the page crawled first.

    One crawl meets a wire story and its copies in any order; when the newcomer
    ranks before the group's root (``neardup.original_rank``: a seed document,
    else the earliest published, then the smallest URL), the group's copies
    (and the old root) point to the newcomer instead, so two crawls of one web
    agree on the original whatever their download order.
    """
    root = session.get(Article, article.duplicate_of)
    if root is None or neardup.original_rank(article) >= neardup.original_rank(root):
        return
    session.execute(
        update(Article)
        .where(or_(Article.duplicate_of == root.id, Article.id == root.id))
        .values(duplicate_of=article.id)
    )
    article.duplicate_of = None
    session.flush()
