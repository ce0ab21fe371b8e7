"""A large synthetic archive, filled fast, for the benchmarks that need one.

Costs that grow with the archive (the near-duplicate lookup, development
candidates, full-text search) only show on a database that already holds tens
of thousands of articles. Crawling that many would take hours, so this module
writes the rows directly: articles in Korean and English (~30% relevant, ~8%
near-copies of an earlier one), their LSH band rows, developments grouping the
relevant ones with inverted-index terms and document frequencies, spread over
two years. Signatures are random (real ones cost ~0.5 ms each) except that a
copy carries its original's, so the band index has realistic collisions.

Everything goes through the schema the migrations build; bulk rows use the
driver's fastest path (SQLite ``executemany``, PostgreSQL ``COPY``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import struct
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator, Optional

from sqlalchemy import create_engine, insert, text

from newsmon.events import neardup
from newsmon.store.database import Database
from newsmon.events.developments import default_vocabulary
from newsmon.events.terms import article_terms
from newsmon.items import ArticleItem
from newsmon.store.models import Article, Development

PG_ADMIN_URL = os.environ.get("NEWSMON_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
#: The archive spans these two years; new articles arrive in its last weeks.
START = datetime(2023, 1, 1, tzinfo=timezone.utc)
END = datetime(2024, 12, 31, tzinfo=timezone.utc)

_SLOTS: dict[str, tuple[str, ...]] = {
    "topic": ("AI", "클라우드", "AI 인재 양성", "공공 클라우드", "AI 보안", "데이터센터", "소형언어모델"),
    "sector": ("금융", "공공", "제조", "의료", "유통", "교육", "물류", "통신"),
    "product": ("AI 상담 서비스", "문서 요약 솔루션", "AI 비서", "보안 관제 서비스", "코딩 도우미", "번역 서비스"),
    "company": ("SK텔레콤", "LG유플러스", "네이버", "카카오", "삼성전자", "현대차", "LG CNS", "쿠팡"),
    "item": ("요금제", "스마트폰", "전기차", "결제 서비스", "게임", "배터리", "반도체"),
    "city": ("서울", "부산", "대전", "광주", "판교", "광화문"),
    "topic_en": ("AI", "cloud", "AI talent", "public cloud", "AI security", "data center", "small language model"),
    "sector_en": ("finance", "public", "manufacturing", "healthcare", "retail", "education", "logistics"),
    "product_en": ("an AI contact-center service", "a document summarizer", "an AI assistant", "a coding copilot"),
    "company_en": ("SK Telecom", "LG Uplus", "Naver", "Kakao", "Samsung", "Hyundai", "Coupang"),
    "item_en": ("rate plan", "smartphone", "EV", "payment service", "game", "battery", "chip"),
}
_KO_REL = (
    "KT와 마이크로소프트(MS)가 {topic} 분야 협력을 확대한다고 {day}일 밝혔다.",
    "두 회사는 애저(Azure) 오픈AI 서비스를 바탕으로 {sector} 고객을 위한 {product}을 선보인다.",
    "KT는 MS와 맺은 5년간 수조원 규모 파트너십의 후속 조치로 {num}개 기업과 {product} 시범 사업을 진행 중이다.",
    "김영섭 KT 대표는 \"MS와의 협력으로 {sector} 분야 AI 전환 속도가 빨라질 것\"이라고 말했다.",
    "한국형 GPT-4o와 파이(Phi) 기반 소형언어모델은 {sector} 업무에 맞게 추가 학습됐다.",
    "KT는 {city} AI 이노베이션 센터에서 {sector} 고객 대상 {product} 체험 행사를 연다.",
    "업계는 KT와 MS의 {topic} 협력이 국내 클라우드 시장 판도에 영향을 줄 것으로 본다.",
    "고객 데이터는 애저 한국 리전에 저장되며 {product} 학습에는 쓰이지 않는다고 KT는 설명했다.",
    "KT클라우드는 {sector} 기관의 망분리 규제에 맞춘 전용 클라우드를 {num}월 출시한다.",
)
_KO_OTHER = (
    "{company}가 {sector} 시장에서 새 {item}을 {day}일 공개했다.",
    "회사 측은 올해 {sector} 부문 매출이 지난해보다 {num}% 늘 것으로 내다봤다.",
    "{company} 관계자는 \"{sector} 고객 반응이 예상보다 좋다\"고 말했다.",
    "업계에서는 {item} 경쟁이 연말까지 이어질 것이라는 전망이 나온다.",
    "정부는 {sector} 분야 규제 개선안을 다음 달 발표할 예정이다.",
    "{company}는 {city}에 {num}번째 연구소를 열고 인력을 확충한다.",
    "코레일은 KTX 시간표를 바꿔 {num}회 증편한다고 밝혔다.",
    "{company}의 클라우드 사업부는 {sector} 고객을 {num}% 늘렸다.",
)
_EN_REL = (
    "KT and Microsoft said on the {day}th that they will expand their {topic_en} cooperation.",
    "The partners will offer {product_en} to {sector_en} customers on the Azure OpenAI Service.",
    "KT is piloting {product_en} with {num} companies under its five-year partnership with Microsoft.",
    "The Korean-tuned GPT-4o and a Phi-based small language model were further trained for {sector_en} work.",
    "Analysts expect the KT-Microsoft alliance to reshape Korea's {topic_en} market.",
    "Customer data stays in Azure's Korea region and is not used to train {product_en}, KT said.",
    "The companies opened an AI innovation center in Seoul for {sector_en} customers.",
)
_EN_OTHER = (
    "{company_en} unveiled a new {item_en} for the {sector_en} market on the {day}th.",
    "The company expects {sector_en} revenue to grow {num}% this year.",
    "Regulators plan to publish new {sector_en} rules next month.",
    "Rivals are expected to answer with {item_en} launches of their own before the holidays.",
    "Microsoft also shipped a Copilot update that adds {item_en} features for Windows users.",
    "{company_en} said its cloud unit signed {num} new {sector_en} customers.",
)
_TITLES = {
    ("ko", True): ("KT·MS, {sector} AI 협력 확대…{product} 공개", "KT, MS 애저 기반 {product} {sector} 시장 출시",
                   "KT-마이크로소프트 {topic} 동맹 {num}개 기업으로 확대"),
    ("ko", False): ("{company}, {sector} 시장에 새 {item} 내놔", "{company} {item} 판매 {num}% 증가", "{sector} 규제 완화 논의 본격화"),
    ("en", True): ("KT and Microsoft expand {topic_en} alliance to {sector_en}", "KT launches {product_en} on Azure for {sector_en}"),
    ("en", False): ("{company_en} unveils {item_en} for {sector_en}", "{company_en} {item_en} sales up {num}%"),
}
_BODIES = {("ko", True): _KO_REL, ("ko", False): _KO_OTHER, ("en", True): _EN_REL, ("en", False): _EN_OTHER}
OUTLETS = ("한빛일보", "서울테크리뷰", "동방신문", "한빛통신", "Seoul Tech Review", "Korea Wire")


def _fill(rng: random.Random, template: str) -> str:
    values = {k: rng.choice(v) for k, v in _SLOTS.items() if "{" + k + "}" in template}
    return template.format(day=rng.randint(1, 28), num=rng.randint(2, 90), **values)


@dataclass(frozen=True)
class Text:
    title: str
    body: str
    language: str
    relevant: bool


_SENTENCES: dict[tuple[str, bool], list[str]] = {}
#: Sentences naming something specific are rarer than the story's staples, so a
#: search for them is selective (a few percent of articles), as in a real archive.
_RARE = {"이노베이션": 0.08, "innovation center": 0.1, "망분리": 0.05, "Copilot": 0.1, "KTX": 0.3}


def _sentences(key: tuple[str, bool]) -> list[str]:
    """A fixed pool of filled-in sentences per kind (filling each one anew is the slow part)."""
    pool = _SENTENCES.get(key)
    if pool is None:
        rng = random.Random(repr(key))
        templates = _BODIES[key]
        weights = [next((w for word, w in _RARE.items() if word in t), 1.0) for t in templates]
        pool = _SENTENCES[key] = [_fill(rng, rng.choices(templates, weights)[0]) for _ in range(3000)]
    return pool


def make_text(rng: random.Random, serial: int, *, relevant: Optional[bool] = None, language: Optional[str] = None) -> Text:
    """A synthetic article: 6-24 sentences (~0.6-3 KB), on topic or not; ``serial`` makes it unique."""
    relevant = rng.random() < 0.3 if relevant is None else relevant
    language = ("ko" if rng.random() < 0.7 else "en") if language is None else language
    key = (language, relevant)
    pool = _sentences(key)
    other = _sentences((language, False))
    count = rng.randint(6, 24)
    on_topic = round(count * 0.7) if relevant else 0
    sentences = rng.sample(pool, on_topic) + rng.sample(other, count - on_topic)
    rng.shuffle(sentences)
    tail = f"기사번호 {serial:07d}." if language == "ko" else f"Story no. {serial:07d}."
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return Text(_fill(rng, rng.choice(_TITLES[key])), "\n\n".join(paragraphs + [tail]), language, relevant)


def new_item(rng: random.Random, serial: int, published: datetime) -> ArticleItem:
    """An item as the extract pipeline hands it on (raw strings, before normalize)."""
    t = make_text(rng, serial)
    outlet = rng.choice(OUTLETS)
    return ArticleItem(
        url=f"https://news{serial % 7}.example/article/{serial}?utm_source=feed",
        title="  " + t.title + " ",
        body=t.body.replace(". ", ".  "),
        summary=t.body[:120],
        published_at=published.replace(tzinfo=None) if rng.random() < 0.3 else published,
        published_raw=published.isoformat(),
        published_source="jsonld",
        authors=[f"기자{serial % 50}"],
        site_name=outlet,
        source_name=outlet,
    )


def _random_signature(rng: random.Random, shingles: int) -> bytes:
    return struct.pack("<I", shingles) + rng.randbytes(4 * neardup.NUM_PERM)


@dataclass(frozen=True)
class FillResult:
    articles: int
    developments: int
    band_rows: int
    seconds: float
    #: of which: generating the rows in Python, and writing them (with index builds)
    generate_seconds: float = 0.0


def _sqlite_ts(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def fill_archive(db: Database, n_articles: int, seed: int = 7) -> FillResult:
    """Write ``n_articles`` articles (with bands and developments) into an empty, migrated database."""
    import time

    started = time.perf_counter()
    rng = random.Random(seed)
    span = (END - START).total_seconds()
    times = sorted(START + timedelta(seconds=rng.random() * span) for _ in range(n_articles))
    term_pool = [article_terms(t.title, t.body, None, default_vocabulary()) for t in (make_text(rng, -i, relevant=True) for i in range(1, 151))]

    articles: list[dict[str, Any]] = []
    signatures: list[bytes] = []
    devs: list[dict[str, Any]] = []
    dev_terms: list[tuple[str, int]] = []
    df: dict[str, int] = {}
    open_dev: Optional[dict[str, Any]] = None
    for i, when in enumerate(times, start=1):
        t = make_text(rng, i)
        copy_of = None
        if i > 50 and rng.random() < 0.08:
            copy_of = rng.randint(max(1, i - 400), i - 1)
            sig = signatures[copy_of - 1]
        else:
            sig = _random_signature(rng, len(t.body) // 2)
        signatures.append(sig)
        dev_id = None
        if t.relevant:
            if open_dev is None or open_dev["article_count"] >= rng.randint(3, 8) or when - open_dev["published_last"] > timedelta(days=3):
                terms = dict(rng.choice(term_pool))
                open_dev = {
                    "id": len(devs) + 1, "title": t.title, "summary": t.body[:200], "first_seen": when, "last_seen": when,
                    "published_first": when, "published_last": when, "article_count": 0, "sources": [],
                    "seeded": False, "terms": {k: 1 for k in list(terms)[:300]}, "announced_at": when,
                }
                devs.append(open_dev)
                for term in open_dev["terms"]:
                    dev_terms.append((term[:128], open_dev["id"]))
                    df[term[:128]] = df.get(term[:128], 0) + 1
            open_dev["article_count"] += 1
            open_dev["published_last"] = open_dev["last_seen"] = when
            dev_id = open_dev["id"]
        outlet = OUTLETS[i % len(OUTLETS)]
        articles.append({
            "id": i, "url": f"https://news{i % 7}.example/a/{i}", "canonical_url": f"https://news{i % 7}.example/a/{i}",
            "body_hash": hashlib.sha256(t.body.encode()).hexdigest(), "title": t.title, "body": t.body,
            "summary": t.body[:160], "published_at": when, "published_raw": when.isoformat(), "published_source": "jsonld",
            "authors": [], "source": outlet, "language": t.language, "origin": "crawl", "relevant": t.relevant,
            "relevance": 1.0 if t.relevant else 0.1, "topics": ["kt-microsoft"] if t.relevant else [],
            "duplicate_of": copy_of, "development_id": dev_id, "minhash": sig, "first_seen_at": when,
            "sort_at": when, "updated_at": when,
        })
    for d in devs:
        d["terms"]["#members"] = d["article_count"]
        d["terms"]["#lang:ko"] = d["article_count"]
    # Primary-key order turns the bulk load into appends instead of random B-tree inserts.
    dev_terms.sort()
    generated = time.perf_counter() - started
    # The band rows (article ids count from 1) are made by the writers, as they need them.
    if db.dialect == "postgresql":
        _write_postgresql(db, devs, articles, signatures, dev_terms, df)
    else:
        _write_sqlite(db, devs, articles, signatures, dev_terms, df)
    band_rows = neardup.BANDS * sum(1 for sig in signatures if struct.unpack_from("<I", sig)[0])  # non-empty texts
    return FillResult(len(articles), len(devs), band_rows, time.perf_counter() - started, generated)


def _band_rows(signatures: list[bytes]) -> Iterator[tuple[int, int, int]]:
    """(band, bucket, article_id) for every article, ids counting from 1."""
    for article_id, sig in enumerate(signatures, start=1):
        for band, bucket in neardup.bands(sig):
            yield band, bucket, article_id


def _sorted_band_rows(signatures: list[bytes]) -> Iterator[tuple[int, int, int]]:
    """:func:`_band_rows` in primary-key order, which turns the load into appends
    instead of random B-tree inserts. Sorted per band as ``bucket << 32 | id``
    integers: three times faster than sorting 3 million tuples."""
    keys: list[list[int]] = [[] for _ in range(neardup.BANDS)]
    for band, bucket, article_id in _band_rows(signatures):
        keys[band].append(bucket << 32 | article_id)
    for band, band_keys in enumerate(keys):
        band_keys.sort()
        for key in band_keys:
            yield band, key >> 32, key & 0xFFFFFFFF


def _write_sqlite(db: Database, devs: list, articles: list, signatures: list, dev_terms: list, df: dict) -> None:
    with db.engine.connect() as conn:
        # The rows are consistent by construction; checking 3 million band
        # rows' foreign keys one by one would triple the load time.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                _load_sqlite(conn, devs, articles, signatures, dev_terms, df)
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
    with db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def _load_sqlite(conn: Any, devs: list, articles: list, signatures: list, dev_terms: list, df: dict) -> None:
    # Index the text once at the end ('rebuild') rather than row by row
    # through the insert trigger; the trigger is put back as it was.
    trigger = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'articles_fts_ai'")).scalar()
    if trigger:
        conn.execute(text("DROP TRIGGER articles_fts_ai"))
    conn.execute(insert(Development), devs)
    for start in range(0, len(articles), 5000):
        conn.execute(insert(Article), articles[start : start + 5000])
    if trigger:
        conn.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"))
        conn.execute(text(trigger))
    raw = conn.connection.driver_connection
    raw.executemany("INSERT INTO neardup_bands (band, bucket, article_id) VALUES (?, ?, ?)", _sorted_band_rows(signatures))
    raw.executemany("INSERT INTO development_terms (term, development_id) VALUES (?, ?)", dev_terms)
    raw.executemany("INSERT INTO term_stats (term, df) VALUES (?, ?)", list(df.items()))


def _write_postgresql(db: Database, devs: list, articles: list, signatures: list, dev_terms: list, df: dict) -> None:
    def naive(value: Optional[datetime]) -> Optional[datetime]:
        return value.astimezone(timezone.utc).replace(tzinfo=None) if value is not None else None

    with db.engine.begin() as conn:
        _skip_foreign_key_checks(conn)
        text_index, bands_key = _drop_for_load(conn)
        conn.execute(insert(Development), devs)
        cols = list(articles[0])
        with conn.connection.driver_connection.cursor() as cur:
            with cur.copy(f"COPY articles ({', '.join(cols)}) FROM STDIN") as copy:
                for a in articles:
                    copy.write_row([
                        json.dumps(v) if isinstance(v, list) else naive(v) if isinstance(v, datetime) else v
                        for v in (a[c] for c in cols)
                    ])
        for table in ("articles", "developments"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
        # What the insert trigger (off in replica mode) would have written, in one statement.
        conn.execute(text("INSERT INTO article_search (article_id, doc) SELECT id, title || ' ' || body FROM articles"))
    # The trigram index takes longest to build: it starts now, on the other
    # core, while the band rows are made and loaded.
    with ThreadPoolExecutor(1) as pool:
        building = pool.submit(_run_maintenance, db, text_index)
        with db.engine.begin() as conn:
            _skip_foreign_key_checks(conn)
            with conn.connection.driver_connection.cursor() as cur:
                # Plain rows: one text block is far cheaper than a write_row call each.
                with cur.copy("COPY neardup_bands (band, bucket, article_id) FROM STDIN") as copy:
                    rows = _band_rows(signatures)
                    while chunk := "".join(f"{b}\t{k}\t{a}\n" for b, k, a in itertools.islice(rows, 200_000)):
                        copy.write(chunk)
                with cur.copy("COPY development_terms (term, development_id) FROM STDIN") as copy:
                    copy.write("".join(f"{_copy_text(t)}\t{d}\n" for t, d in dev_terms))
                with cur.copy("COPY term_stats (term, df) FROM STDIN") as copy:
                    copy.write("".join(f"{_copy_text(t)}\t{n}\n" for t, n in df.items()))
        _run_maintenance(db, bands_key)
        building.result()
    _run_maintenance(db, "VACUUM ANALYZE")
    # Write the load out now: otherwise the checkpoint its WAL triggered
    # flushes and fsyncs it while the benchmark that follows is being timed.
    _run_maintenance(db, "CHECKPOINT")


def _skip_foreign_key_checks(conn: Any) -> None:
    """For this transaction: the rows are consistent by construction, and the
    foreign-key triggers would look up each of 3 million band rows' article one
    by one. Needs a superuser (the benchmark server's ``postgres``)."""
    conn.execute(text("SET LOCAL session_replication_role = replica"))


def _copy_text(value: str) -> str:
    """A value escaped for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _drop_for_load(conn: Any) -> tuple[str, str]:
    """Drop the indexes a bulk load would maintain row by row; return the
    statements that build them again from their own definitions.

    The trigram index over every article's text, and the band table's primary
    key (3 million rows in random key order).
    """
    text_index = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_article_search_trgm'")).scalar_one()
    conn.execute(text("DROP INDEX ix_article_search_trgm"))
    name, definition = conn.execute(text(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'neardup_bands'::regclass AND contype = 'p'"
    )).one()
    conn.execute(text(f"ALTER TABLE neardup_bands DROP CONSTRAINT {name}"))
    return text_index, f"ALTER TABLE neardup_bands ADD CONSTRAINT {name} {definition}"


def _run_maintenance(db: Database, sql: str) -> None:
    """One index build (or VACUUM, CHECKPOINT) on a connection of its own, outside a transaction."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("SET maintenance_work_mem = '256MB'"))
        conn.execute(text(sql))


@contextmanager
def throwaway_postgresql(tag: str = "") -> Iterator[str]:
    """A fresh PostgreSQL database ``newsmon_bench_<pid>[_tag]``, dropped afterwards; yields its URL."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"newsmon_bench_{os.getpid()}" + (f"_{tag}" if tag else "")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgresql_available() -> bool:
    """Whether the benchmark PostgreSQL server answers."""
    try:
        engine = create_engine(PG_ADMIN_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "skip PostgreSQL"
        return False
