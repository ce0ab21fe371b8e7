"""The reads behind development assignment, made for every relevant article.

Document frequencies of terms, the developments holding an article's rarest
terms, and developments by id. On PostgreSQL each is one primary-key probe per
term (or id), in a LATERAL subquery that OFFSET 0 keeps from being flattened
into a join, so no plan scans a table that grows with the archive, whatever
the statistics: the tables fill during a first crawl, and a generic plan
cached while they were small stays for the run (the candidate lookup scanned
development_terms: 20 ms per article at 13,000 rows). A list is one bound JSON
array, so a statement's text never changes and stays prepared.

Probes cost a few microseconds each, and the candidates of consecutive
articles share most terms, so what one transaction read is kept for its next
articles (:class:`Memo`).
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterable, Optional

from sqlalchemy import bindparam, event, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.util import identity_key

from newsmon.store.models import Development, TermStat, UTCDateTime

# Pseudo-count smoothing the inverse document frequency while the archive is small.
_IDF_PRIOR = 10

_QUERIES = {
    "postgresql": {
        "df": """SELECT (SELECT max(id) FROM developments), (SELECT json_object_agg(t.term, s.df)
            FROM json_array_elements_text(CAST(:terms AS json)) AS t(term)
            CROSS JOIN LATERAL (SELECT df FROM term_stats WHERE term = t.term OFFSET 0) AS s)""",
        "candidates": """SELECT h.development_id FROM (
                SELECT p.development_id, count(*) AS hits FROM json_array_elements_text(CAST(:terms AS json)) AS t(term)
                CROSS JOIN LATERAL (SELECT development_id FROM development_terms WHERE term = t.term OFFSET 0) AS p
                GROUP BY p.development_id) AS h
            CROSS JOIN LATERAL (SELECT 1 FROM developments AS d WHERE d.id = h.development_id AND {window} OFFSET 0) AS d
            ORDER BY h.hits DESC, h.development_id LIMIT :limit""",
        "developments": """SELECT d.* FROM json_array_elements_text(CAST(:ids AS json)) AS i(id)
            CROSS JOIN LATERAL (SELECT * FROM developments WHERE id = CAST(i.id AS integer) OFFSET 0) AS d""",
    },
    # SQLite plans these from the primary keys without statistics.
    "sqlite": {
        "df": """SELECT (SELECT max(id) FROM developments), (SELECT json_group_object(term, df) FROM term_stats
            WHERE term IN (SELECT value FROM json_each(:terms)))""",
        "candidates": """SELECT dt.development_id FROM development_terms AS dt
            JOIN developments AS d ON d.id = dt.development_id
            WHERE dt.term IN (SELECT value FROM json_each(:terms)) AND {window}
            GROUP BY dt.development_id ORDER BY count(*) DESC, dt.development_id LIMIT :limit""",
        "developments": "SELECT * FROM developments WHERE id IN (SELECT value FROM json_each(:ids))",
    },
}
#: Execution options of a statement on term_stats that keeps the memo in step (or only reads).
KEEPS_MEMO = {"newsmon_df_memo": True}
# Near in time, or not yet placed in time (only undated members, e.g. a seed): open to all.
_WINDOW = "(d.published_last >= :low AND d.published_first <= :high OR d.published_first IS NULL)"
_STATEMENTS = {
    dialect: {
        "df": text(q["df"]).execution_options(**KEEPS_MEMO),
        "candidates": text(q["candidates"].format(window=_WINDOW)).bindparams(
            bindparam("low", type_=UTCDateTime()), bindparam("high", type_=UTCDateTime())
        ),
        "developments": select(Development).from_statement(text(q["developments"]).columns(*Development.__table__.c)),
    }
    for dialect, q in _QUERIES.items()
}
_MEMO = "newsmon.lookups.memo"


def _statement(session: Session, name: str) -> Any:
    return _STATEMENTS[session.get_bind().dialect.name][name]


class Memo:
    """What assignment read in one transaction (a crawl commits 20 articles at a time).

    Document frequencies, kept current by :func:`count_new_terms`, and the
    developments read, held so that the session keeps them loaded. A new
    transaction, a savepoint, or any other write to term_stats (an edit)
    starts afresh, so the values are those a query would return (short of
    another process's commits meanwhile: a crawl's assignments have one writer).
    """

    def __init__(self, transaction: Any) -> None:
        self.transaction = transaction
        self.df: dict[str, int] = {}
        self.developments: dict[int, Development] = {}


def memo(session: Session) -> Memo:
    transaction = session.get_nested_transaction() or session.get_transaction()
    held = session.info.get(_MEMO)
    if held is not None and held.transaction is transaction and transaction is not None:
        return held
    if _MEMO not in session.info:
        event.listen(session, "do_orm_execute", _forget_on_df_write)
    held = session.info[_MEMO] = Memo(transaction)
    return held


def _forget_on_df_write(state: ORMExecuteState) -> None:
    if state.is_select or state.execution_options.get("newsmon_df_memo"):  # KEEPS_MEMO
        return
    statement = state.statement
    table = getattr(getattr(statement, "table", None), "name", None)
    if table == TermStat.__tablename__ or TermStat.__tablename__ in getattr(statement, "text", ""):
        state.session.info[_MEMO].transaction = None


def count_new_terms(session: Session, terms: Iterable[str]) -> None:
    """``terms`` were just counted into one more development's document frequency."""
    df = memo(session).df
    for term in terms:
        if term in df:
            df[term] += 1


class Idf:
    """Inverse document frequencies over stored developments, looked up on demand."""

    def __init__(self, session: Session, terms: Iterable[str], story: Optional[dict[str, float]] = None) -> None:
        self.session = session
        self.story = story or {}
        self.df = memo(session).df
        #: idf(term) of the terms asked so far (scoring reads it directly for speed).
        self.values: dict[str, float] = {}
        self.total = self._read(self._missing(terms))

    def _missing(self, terms: Iterable[str]) -> list[str]:
        return sorted(set(terms).difference(self.df))

    def _read(self, missing: list[str]) -> int:
        """Reads the document frequencies of ``missing``; returns the number of developments (the last id)."""
        total, found = self.session.execute(_statement(self.session, "df"), {"terms": json.dumps(missing)}).one()
        found = json.loads(found) if isinstance(found, str) else found or {}
        for term in missing:
            self.df[term] = int(found.get(term, 0))
            self.values.pop(term, None)
        return total or 0

    def load(self, terms: Iterable[str]) -> None:
        missing = self._missing(terms)
        if missing:
            self._read(missing)

    def __call__(self, term: str) -> float:
        value = self.values.get(term)
        if value is None:  # memoized: scoring asks for the same terms again and again
            idf = math.log((self.total + _IDF_PRIOR) / (self.df.get(term, 0) + 1))
            value = self.values[term] = max(idf, 0.0) * self.story.get(term, 1.0)
        return value


def candidate_ids(session: Session, lookup: list[str], low: Any, high: Any, limit: int) -> list[int]:
    """Developments whose window meets ``low``..``high`` holding most of the ``lookup`` terms (ties: oldest)."""
    params = {"terms": json.dumps(lookup), "low": low, "high": high, "limit": limit}
    return list(session.scalars(_statement(session, "candidates"), params))


def developments(session: Session, ids: list[int]) -> list[Development]:
    """The developments ``ids``, by id. Those the session holds loaded are not read
    again: a query would not refresh them either, it would only parse their terms again."""
    found = {}
    for dev_id in ids:
        dev = session.identity_map.get(identity_key(Development, dev_id))
        if dev is not None and not inspect(dev).unloaded:
            found[dev_id] = dev
    missing = [dev_id for dev_id in ids if dev_id not in found]
    if missing:
        loaded = session.scalars(_statement(session, "developments"), {"ids": json.dumps(missing)})
        found.update((dev.id, dev) for dev in loaded)
    memo(session).developments.update(found)
    return [found[dev_id] for dev_id in sorted(found)]
