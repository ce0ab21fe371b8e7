"""Near-duplicate detection: find the original a syndicated copy was made from.

Korean wire stories and press releases are republished by many outlets with a
new headline, another byline, a trimmed or added paragraph, a caption or a
copyright line. Each copy is stored, but marked as a duplicate of the first-seen
article of its group, so a development counts an event once, not once per outlet.

A signature is a MinHash over character 5-grams of the text with whitespace and
punctuation removed: Korean words carry particles (KT가, KT는, KT와), so word
shingles would miss copies that character shingles catch. The LSH index lives in
the database (``neardup_bands``): checking a new article is one indexed query
over its bands, whatever the size of the archive, then an exact comparison of
the few candidate signatures.

Signature layout (little-endian): ``uint32`` shingle count, then
``NUM_PERM`` ``uint32`` minimum hash values. The hash parameters are derived
from fixed strings with BLAKE2, so signatures are identical across processes,
machines and library versions (they are stored, and must stay comparable).
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from typing import Any, Optional

import numpy as np
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from newsmon.store.models import Article, NearDupBand

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
# Estimated Jaccard similarity at or above which two texts are copies of one
# another. Calibrated on tests/data/neardup_pairs.json: syndicated copies with
# a new headline, byline, caption or a trimmed/added paragraph score >= 0.55;
# two outlets' own reports of one event score < 0.15.
THRESHOLD = 0.5
# A shorter text whose shingles lie almost all inside a longer one is a trimmed
# copy even when the Jaccard similarity is low (a wire story cut to its lead).
CONTAINMENT_THRESHOLD = 0.85
MIN_SHINGLES_FOR_CONTAINMENT = 150
# When the body is this short (in normalized characters), the headline joins it.
_SHORT_BODY = 200
# Candidates verified per lookup, most shared bands first: bounds the cost
# when some boilerplate makes many stored articles collide.
MAX_CANDIDATES = 64

_HEADER = struct.Struct("<I")
_SIG_BYTES = _HEADER.size + 4 * NUM_PERM
_MASK32 = np.uint64(0xFFFFFFFF)
_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


def _param(name: str, i: int) -> int:
    digest = hashlib.blake2b(f"newsmon-minhash-v1-{name}-{i}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


# Multiply-shift hash family h_i(x) = ((a_i * x + b_i) mod 2^64) >> 32, a_i odd.
_A = np.array([_param("a", i) | 1 for i in range(NUM_PERM)], dtype=np.uint64)[:, None]
_B = np.array([_param("b", i) for i in range(NUM_PERM)], dtype=np.uint64)[:, None]
# Polynomial base for hashing a shingle's code points, and a 64-bit finalizer.
_BASE = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)


def normalize(text: str) -> str:
    """NFKC, lower case, with whitespace and punctuation removed."""
    return _NOT_TEXT.sub("", unicodedata.normalize("NFKC", text).lower())


def _shingle_hashes(text: str) -> np.ndarray:
    """Distinct 32-bit hashes of the character 5-grams of normalized ``text``."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size == 0:
        return np.empty(0, dtype=np.uint64)
    if codes.size < SHINGLE:
        windows = [codes]
        n = 1
    else:
        n = codes.size - SHINGLE + 1
        windows = [codes[k : k + n] for k in range(SHINGLE)]
    h = np.zeros(n, dtype=np.uint64)
    for window in windows:
        h = h * _BASE + window
    h ^= h >> np.uint64(33)
    h *= _MIX1
    h ^= h >> np.uint64(33)
    h *= _MIX2
    h ^= h >> np.uint64(33)
    return np.unique(h & _MASK32)


def _text_for(title: str, body: str) -> str:
    norm_body = normalize(body or "")
    if len(norm_body) >= _SHORT_BODY:
        return norm_body
    return normalize(title or "") + norm_body


def signature(title: str, body: str) -> bytes:
    """The MinHash signature of an article's text (pure and deterministic).

    The body is what a copy keeps; the headline is what syndication changes, so
    it only counts when the body is too short to stand alone.
    """
    shingles = _shingle_hashes(_text_for(title, body))
    if shingles.size == 0:
        mins = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    else:
        mins = ((_A * shingles[None, :] + _B) >> np.uint64(32)).min(axis=1).astype(np.uint32)
    return _HEADER.pack(int(shingles.size)) + mins.astype("<u4").tobytes()


def _unpack(sig: bytes) -> tuple[int, np.ndarray]:
    if len(sig) != _SIG_BYTES:
        raise ValueError(f"not a newsmon signature ({len(sig)} bytes, expected {_SIG_BYTES})")
    (count,) = _HEADER.unpack_from(sig)
    return count, np.frombuffer(sig, dtype="<u4", offset=_HEADER.size)


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (0.0 if either is empty)."""
    count_a, mins_a = _unpack(sig_a)
    count_b, mins_b = _unpack(sig_b)
    if count_a == 0 or count_b == 0:
        return 0.0
    return float(np.count_nonzero(mins_a == mins_b)) / NUM_PERM


def containment(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated share of the smaller text's shingles found in the other one."""
    count_a, _ = _unpack(sig_a)
    count_b, _ = _unpack(sig_b)
    jaccard = similarity(sig_a, sig_b)
    if jaccard == 0.0:
        return 0.0
    intersection = jaccard * (count_a + count_b) / (1.0 + jaccard)
    return min(1.0, intersection / min(count_a, count_b))


def is_near_duplicate(sig_a: bytes, sig_b: bytes) -> bool:
    """Whether two signatures belong to copies of one text, at the calibrated thresholds."""
    if similarity(sig_a, sig_b) >= THRESHOLD:
        return True
    count_a, _ = _unpack(sig_a)
    count_b, _ = _unpack(sig_b)
    return (
        min(count_a, count_b) >= MIN_SHINGLES_FOR_CONTAINMENT
        and containment(sig_a, sig_b) >= CONTAINMENT_THRESHOLD
    )


def bands(sig: bytes) -> list[tuple[int, int]]:
    """The (band, bucket) pairs an article is filed under; none for an empty text."""
    count, mins = _unpack(sig)
    if count == 0:
        return []
    raw = mins.astype("<u4").tobytes()
    width = 4 * ROWS
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(raw[band * width : (band + 1) * width], digest_size=4).digest()
        out.append((band, int.from_bytes(digest, "little", signed=True)))
    return out


# The LSH statements, written once: a signature always has BANDS bands, in
# band order, so their shape never changes. Plain SQL with bound buckets costs
# nothing to build per article, hits the statement caches (SQLAlchemy's, the
# driver's and PostgreSQL's prepared statements), and works on both databases.
_BUCKETS = " OR ".join(f"(band = {b} AND bucket = :k{b})" for b in range(BANDS))
_LOOKUP_SQL = (
    f"SELECT a.id, a.minhash, a.duplicate_of FROM {Article.__tablename__} a JOIN ("
    f"SELECT article_id, count(*) AS shared FROM {NearDupBand.__tablename__} WHERE ({_BUCKETS}){{exclude}} "
    "GROUP BY article_id ORDER BY shared DESC, article_id LIMIT :limit) c ON c.article_id = a.id"
)
_LOOKUP = text(_LOOKUP_SQL.format(exclude="")).columns(Article.id, Article.minhash, Article.duplicate_of)
_LOOKUP_EXCLUDING = text(_LOOKUP_SQL.format(exclude=" AND article_id <> :exclude")).columns(
    Article.id, Article.minhash, Article.duplicate_of
)
_INDEX = text(
    f"INSERT INTO {NearDupBand.__tablename__} (band, bucket, article_id) VALUES "
    + ", ".join(f"({b}, :k{b}, :article_id)" for b in range(BANDS))
    + " ON CONFLICT DO NOTHING"
)


def _bucket_params(keys: list[tuple[int, int]]) -> dict[str, int]:
    return {f"k{band}": bucket for band, bucket in keys}


def find_original(session: Session, sig: bytes, *, exclude_id: Optional[int] = None) -> Optional[int]:
    """The id of the root original of the article with signature ``sig``, or None.

    One indexed query over the signature's bands finds the candidates (the
    ``MAX_CANDIDATES`` sharing most bands) with their stored signatures; each
    is verified on its signature. When copies of several groups match, the
    group whose root ranks first (``original_rank``) wins.
    """
    keys = bands(sig)
    if not keys:
        return None
    params: dict[str, Any] = _bucket_params(keys)
    params["limit"] = MAX_CANDIDATES
    if exclude_id is not None:
        params["exclude"] = exclude_id
    rows = session.execute(_LOOKUP if exclude_id is None else _LOOKUP_EXCLUDING, params).all()
    roots = {
        row.duplicate_of or row.id
        for row in rows
        if row.minhash is not None and is_near_duplicate(sig, row.minhash)
    }
    roots.discard(exclude_id)  # type: ignore[arg-type]
    if not roots:
        return None
    if len(roots) == 1:
        return roots.pop()
    rows = session.execute(
        select(Article.id, Article.origin, Article.published_at, Article.url).where(Article.id.in_(roots))
    ).all()
    return int(min(rows, key=original_rank).id)


def original_rank(article: Any) -> tuple:
    """Which article of a duplicate group is the original: the lowest rank.

    A seed document first (its copies point at it), then the earliest
    published, undated last, then the smallest URL; never the order pages
    happened to be downloaded in.
    """
    published = article.published_at
    return (article.origin != "seed", published is None, published.timestamp() if published else 0.0, article.url or "")


def index_article(session: Session, article_id: int, sig: bytes) -> None:
    """File the article under its bands (idempotent) and store its signature."""
    article = session.get(Article, article_id)
    if article is None:
        raise ValueError(f"no article {article_id}")
    if article.minhash != sig:
        article.minhash = sig
    keys = bands(sig)
    if keys:
        session.flush()
        params: dict[str, Any] = _bucket_params(keys)
        params["article_id"] = article_id
        session.execute(_INDEX, params)
