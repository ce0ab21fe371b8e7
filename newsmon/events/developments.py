"""Developments: group relevant articles into the events they report.

An alert should say "KT and Microsoft opened a joint AI centre", once, not once
per outlet and not again when a follow-up appears. Every relevant article
therefore belongs to exactly one development, chosen by what it reports (named
entities, event words, numbers) and when (events are close in time).

Everything in this story mentions KT, Microsoft, Azure and GPT-4o, so terms are
weighted by how rare they are among stored developments, and a small built-in
Korean/English lexicon maps event words and names to shared concept terms so a
Korean and an English report of one event can meet. Candidates come from the
``development_terms`` inverted index, limited to developments whose publication
window is near the article's, so a lookup never scans the archive.

Assignment is incremental and deterministic: an article that has a development
keeps it, and a duplicate goes where its original went.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Optional
from urllib.parse import urlsplit

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from newsmon.events import neardup
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
# Pseudo-count smoothing the inverse document frequency while the archive is small.
_IDF_PRIOR = 10
_MAX_LOOKUP_TERMS = 40
_MAX_CANDIDATES = 20
_MAX_DEV_TERMS = 300
# Only the headline and the lead say what happened; background paragraphs
# (last year's deal, a competitor's investment) would blur events together.
_LEAD_CHARS = 1500
_TITLE_BOOST = 1.5
_LEXICON_BOOST = 1.5
_NUMBER_BOOST = 2.0
_QUOTE_BOOST = 2.0
_OTHER_NAME_FACTOR = 0.6
# Story-wide names: weighted down from the first article on, before document
# frequencies have had a chance to learn it.
_STORY_WIDE = {"e:kt": 0.2, "e:microsoft": 0.2, "e:azure": 0.3, "e:gpt4o": 0.3, "e:openai": 0.3, "w:ai": 0.2, "w:인공지능": 0.2}
# Bookkeeping keys kept in Development.terms next to term counts.
_MEMBERS = "#members"
_LANG = "#lang:"

# concept -> (Korean substrings, matched on text without spaces; English patterns)
LEXICON: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "c:launch": (("출시", "선보", "공개", "론칭", "출범"), (r"launch\w*", r"unveil\w*", r"roll(?:s|ed|ing)? out", r"releas\w*", r"debut\w*")),
    "c:partnership": (("파트너십", "협약", "mou", "제휴", "동맹"), (r"partnership\w*", r"agreements?", r"pacts?", r"alliances?", r"mou", r"memorandum", r"tie-up", r"deals?")),
    "c:sign": (("체결", "서명"), (r"sign(?:s|ed|ing)?",)),
    "c:center": (("센터",), (r"cent(?:er|re)s?", r"hubs?")),
    "c:open": (("개소", "개관", "문을열", "오픈", "개설", "문열"), (r"open(?:s|ed|ing)?", r"inaugurat\w*")),
    "c:invest": (("투자",), (r"invest\w*",)),
    "c:public": (("공공",), (r"public",)),
    "c:finance": (("금융", "은행", "보험", "증권"), (r"financ\w*", r"bank\w*", r"insur\w*", r"securities")),
    "c:slm": (("소형언어모델", "slm", "경량모델", "경량언어모델"), (r"small language models?", r"slms?", r"lightweight models?")),
    "c:innovation": (("혁신",), (r"innovat\w*",)),
    "c:joint": (("공동", "합작"), (r"joint\w*", r"jointly", r"co-develop\w*")),
    "c:research": (("연구",), (r"research\w*",)),
    "c:talent": (("인재", "양성", "교육"), (r"talent\w*", r"train(?:s|ed|ing)?", r"educat\w*")),
    "c:subsidiary": (("자회사", "전문기업", "신설법인", "합작법인"), (r"subsidiar\w*", r"joint venture", r"spin-?off")),
    "c:security": (("보안",), (r"secur(?:e|ity)",)),
    "c:datacenter": (("데이터센터",), (r"data ?cent(?:er|re)s?",)),
    "c:price": (("요금", "가격", "구독"), (r"pric\w*", r"subscri\w*", r"fees?")),
    "c:users": (("가입자", "이용자", "사용자"), (r"users?", r"subscribers?")),
    "c:startup": (("스타트업",), (r"start-?ups?",)),
    "c:smb": (("중소기업", "중소"), (r"small and medium", r"smes?", r"smbs?")),
    "c:government": (("정부", "부처", "지자체"), (r"government\w*", r"ministr\w*")),
    "c:regulation": (("규제", "망분리"), (r"regulat\w*", r"network separation")),
    "c:contact_center": (("고객센터", "콜센터", "컨택센터"), (r"contact cent(?:er|re)s?", r"call cent(?:er|re)s?")),
    "c:ax": (("ax",), (r"ax", r"ai transformation")),
    "e:kt": (("kt",), (r"kt",)),
    "e:microsoft": (("마이크로소프트", "ms"), (r"microsoft", r"ms")),
    "e:gpt4o": (("gpt-4o", "gpt4o"), (r"gpt-?4o",)),
    "e:azure": (("애저", "azure"), (r"azure",)),
    "e:openai": (("오픈ai", "openai"), (r"openai",)),
    "e:phi": (("phi", "파이-3", "파이3", "파이4", "파이-4"), (r"phi(?:-?\d[\w.]*)?",)),
    "e:copilot": (("코파일럿", "copilot"), (r"copilot\w*",)),
    "e:nadella": (("나델라",), (r"nadella",)),
    "e:kim_youngshub": (("김영섭",), (r"kim young[- ]?s(?:hub|hin|eop|ub)",)),
    "e:redmond": (("레드먼드",), (r"redmond",)),
    "e:ktcloud": (("kt클라우드", "ktcloud"), (r"kt cloud",)),
    "e:mideum": (("믿:음", "믿음"), (r"mi:dm", r"mideum")),
    "e:rebellions": (("리벨리온",), (r"rebellions",)),
    "e:msr": (("msr", "ms리서치"), (r"microsoft research", r"msr")),
}

_KO_PARTICLES = tuple(
    sorted(
        (
            "에서는", "으로는", "에게서", "으로서", "으로써", "이라는", "이라고", "에서도", "까지", "부터",
            "에서", "에게", "으로", "처럼", "보다", "라는", "라고", "이며", "와의", "과의", "에는", "에도",
            "했다", "한다", "하는", "하고", "하며", "하기", "하겠다", "된다", "됐다", "되는", "되며", "적인",
            "적으로", "하여", "해", "할", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도",
            "만", "로", "께",
        ),
        key=len,
        reverse=True,
    )
)
_KO_STOP = {
    "이번", "지난", "오는", "관련", "통해", "위해", "대한", "따르면", "밝혔다", "말했다", "전했다", "있다",
    "없다", "것이다", "예정", "계획", "기자", "무단전재", "재배포", "금지", "저작권자", "올해", "내년",
    "지난해", "이날", "현지시간", "것으로", "있는", "있도록", "함께", "또한", "특히", "이를", "바탕",
    "그동안", "최근", "가운데", "대해", "위한", "같은", "이후", "기반", "설명", "강조", "덧붙였다",
}
_EN_STOP = set(
    """the and for with that this from have has had was were are been will would its their they them
    into over under about after before also more most than then which while who whom what when where
    said says say according announced announce company companies including include includes new korea
    korean year years month months day days week weeks not but can could may might one two three four
    five other such these those there here our out all any per via both each well just like only first
    last next very much many some upon within between through during told officials official statement
    percent billion million trillion won""".split()
)
_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_HANGUL = re.compile(r"[가-힣]")
_LATIN = re.compile(r"[a-z]")
_EN_PATTERNS = {
    term: re.compile(r"(?<![\w-])(?:" + "|".join(pats) + r")(?![\w])") for term, (_ko, pats) in LEXICON.items()
}
_KO_LEXICON_KEYS = re.compile(
    "|".join(sorted({re.escape(k) for ko, _en in LEXICON.values() for k in ko if _HANGUL.search(k)}, key=len, reverse=True))
)
# Single quotes: Korean headlines put names in them ('한국형 GPT-4o') and
# speech in double quotes, which says nothing about the subject.
_QUOTED = re.compile(r"['‘]([^'‘’\n]{2,40})['’]")
_NOT_NAME = re.compile(r"[^\w-]+")
_DATELINE = re.compile(r"^\s*(?:[\[\(（【][^\]\)）】]{0,40}[\]\)）】]\s*)?(?:[가-힣]{2,4}\s*기자\s*=\s*)?")


def _lang(text: str) -> str:
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text.lower()))
    return "ko" if hangul >= 0.3 * max(1, hangul + latin) else "en"


def _strip_particle(token: str) -> str:
    for suffix in _KO_PARTICLES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 2:
            return token[: -len(suffix)]
    return token


_KO_UNITS = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3}
_EN_SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "thousand": 1e3}
_QUANTITY = re.compile(
    r"(?<![\w.-])((?:\d[\d,]*(?:\.\d+)?\s*[조억만천]\s*)*\d[\d,]*(?:\.\d+)?(?:\s*[조억만천])?)(?![\d])"
    r"(?:\s*(trillion|billion|bn|million|thousand)\b)?"
)
# A number followed by one of these is a date, a time or a rank, not a quantity.
_NOT_QUANTITY = re.compile(r"\s*(?:[일월시분초호차위층세]|년(?!\s*(?:간|동안)))")
_MONTH_BEFORE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$")


def _quantity_value(expr: str) -> float:
    total = 0.0
    for number, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*([조억만천]?)", expr):
        total += float(number.replace(",", "")) * _KO_UNITS.get(unit, 1.0)
    return total


def _number_terms(text: str) -> set[str]:
    """Durations, shares and amounts, in one notation for both languages.

    "2조4000억원" and "2.4 trillion won" both give ``n:q2.4e+12``; "1천200㎡"
    and "1,200-square-meter" give ``n:q1.2e+03``. Dates, times and years are
    left out: every article of the story has those.
    """
    terms: set[str] = set()
    for m in re.finditer(r"(\d+)\s*년\s*(?:간|동안)|향후\s*(\d+)\s*년", text):
        terms.add(f"n:{m.group(1) or m.group(2)}y")
    for m in re.finditer(r"\b(\d+|" + "|".join(_NUM_WORDS) + r")[- ]years?\b", text):
        word = m.group(1)
        terms.add(f"n:{_NUM_WORDS.get(word, word)}y")
    if re.search(r"수\s*조\s*원|조\s*단위|multi-?trillion|trillions of won", text):
        terms.add("n:krw-trillions")
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(?:%|퍼센트|percent)", text):
        terms.add(f"n:pct{float(m.group(1)):g}")
    for m in _QUANTITY.finditer(text):
        if _NOT_QUANTITY.match(text, m.end(1)) and not m.group(2):
            continue
        if _MONTH_BEFORE.search(text, 0, m.start()):
            continue
        value = _quantity_value(m.group(1)) * _EN_SCALES.get(m.group(2) or "", 1.0)
        if value < 10 or (1900 <= value <= 2100 and value == int(value) and not m.group(2)):
            continue
        terms.add(f"n:q{value:.3g}")
    return terms


_KST = timezone(timedelta(hours=9))
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_KO_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})월\s*(\d{1,2})일")
_KO_DAY = re.compile(r"(?<![\d.월])(?<!월\s)(\d{1,2})일(?!\s*(?:간|동안|째|부터\s*\d))")
_EN_MONTH_DAY = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b")
_EN_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")


def _date_terms(text: str, published: Optional[datetime]) -> set[str]:
    """The days an article says things happened on ("14일 밝혔다", "on Thursday",
    "Nov. 14"), as absolute dates: reports of one event name the same day,
    in either language, while another event of the same story names another.

    Days are resolved against the publication date in Korea time.
    """
    if published is None:
        return set()
    local = published.astimezone(_KST).date() if published.tzinfo else published.date()
    days: set[date] = set()

    def add(month: int, day: int, year: int) -> None:
        # A month and day later than the publication date were last year's
        # (a plan for later this month is not an event day yet).
        try:
            value = date(year, month, day)
            if value > local + timedelta(days=1) and month != local.month:
                value = date(year - 1, month, day)
        except ValueError:
            return
        days.add(value)

    for m in _KO_MONTH_DAY.finditer(text):
        add(int(m.group(1)), int(m.group(2)), local.year)
    for m in _EN_MONTH_DAY.finditer(text):
        add(_MONTHS[m.group(1)], int(m.group(2)), local.year)
    for m in _KO_DAY.finditer(text):
        day = int(m.group(1))
        if day > local.day + 1:
            previous = local.replace(day=1) - timedelta(days=1)
            add(previous.month, day, previous.year)
        else:
            add(local.month, day, local.year)
    for m in _EN_WEEKDAY.finditer(text):
        back = (local.weekday() - _WEEKDAYS.index(m.group(1))) % 7
        days.add(local - timedelta(days=back))
    return {f"d:{d.isoformat()}" for d in days if local - timedelta(days=60) <= d <= local + timedelta(days=1)}


def article_terms(title: str, body: str, published: Optional[datetime] = None) -> dict[str, float]:
    """Weighted terms saying what an article reports (pure).

    Concept, name, quoted-name and number terms (``c:``, ``e:``, ``q:``, ``n:``) are shared by both
    languages, and so are the days it says things happened on (``d:``, resolved
    against ``published``); plain-word terms (``w:``: syllable bigrams of Korean words,
    English words) only meet words of the same language.
    """
    title_n = unicodedata.normalize("NFKC", title or "").lower()
    lead_n = unicodedata.normalize("NFKC", (body or "")[:_LEAD_CHARS]).lower()
    terms: dict[str, float] = {}

    def add(term: str, weight: float) -> None:
        terms[term] = max(terms.get(term, 0.0), weight)

    lang = _lang(title_n + " " + lead_n)
    for part, boost in ((lead_n, 1.0), (title_n, _TITLE_BOOST)):
        compact = re.sub(r"\s+", "", part)
        for term, (ko_keys, _pats) in LEXICON.items():
            if any(key in compact for key in ko_keys) or _EN_PATTERNS[term].search(part):
                add(term, _LEXICON_BOOST * boost)
        for term in _number_terms(part) | _date_terms(part, published):
            add(term, _NUMBER_BOOST * boost)
        # A name quoted in the headline ('AI 이노베이션 센터', '한국형 GPT-4o')
        # is what the event is about; reports and follow-ups keep quoting it.
        for m in _QUOTED.finditer(part if part is title_n else ""):
            name = _NOT_NAME.sub("", m.group(1))
            if 2 <= len(name) <= 40:
                add(f"q:{name}", _QUOTE_BOOST * boost)
        if lang == "ko":
            # Syllable bigrams: Korean words inflect and compound (출시했다,
            # 출시, 금융특화), and bigrams meet across those forms.
            for token in re.findall(r"[가-힣]{2,}", part):
                word = _strip_particle(token)
                if len(word) < 2 or word in _KO_STOP:
                    continue
                # Names and event words the lexicon already counts do not count twice.
                for piece in _KO_LEXICON_KEYS.split(word):
                    for i in range(len(piece) - 1):
                        add(f"w:{piece[i:i + 2]}", boost)
        else:
            for token in re.findall(r"[a-z][a-z0-9-]{2,}", part):
                word = token[:-1] if token.endswith("s") and len(token) > 4 and not token.endswith("ss") else token
                if word not in _EN_STOP:
                    add(f"w:{word}", boost)
    return terms


def article_language(title: str, body: str) -> str:
    """"ko" or "en": the script most of the headline and lead are written in."""
    return _lang(unicodedata.normalize("NFKC", f"{title} {(body or '')[:_LEAD_CHARS]}").lower())


@functools.lru_cache(maxsize=1 << 16)
def _term_language(term: str) -> Optional[str]:
    # Cached: scoring asks for every term of every candidate, twice.
    if not term.startswith("w:"):
        return None
    return "ko" if _HANGUL.search(term) else "en"


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
        ),
    )
    for name, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


def _when(article: Article, now: datetime) -> datetime:
    return article.published_at or article.first_seen_at or now


def _outlet(article: Article) -> str:
    return article.source or urlsplit(article.url or "").hostname or "unknown"


# Document frequencies of a list of terms in one statement, whatever its length:
# the list is one bound parameter, a JSON array, so the statement text never
# changes (it stays cached and prepared) and the database hashes the list
# (a PostgreSQL array parameter was compared element by element, 10x slower).
_DF_QUERY = {
    "postgresql": text("SELECT term, df FROM term_stats WHERE term IN (SELECT json_array_elements_text(CAST(:terms AS json)))"),
    "sqlite": text("SELECT term, df FROM term_stats WHERE term IN (SELECT value FROM json_each(:terms))"),
}


class _Idf:
    """Inverse document frequencies over stored developments, looked up on demand."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.total = session.execute(select(func.max(Development.id))).scalar() or 0
        self.df: dict[str, int] = {}
        self._idf: dict[str, float] = {}

    def load(self, terms: Iterable[str]) -> None:
        missing = sorted({t for t in terms if t not in self.df})
        if not missing:
            return
        query = _DF_QUERY[self.session.get_bind().dialect.name]
        found = {term: df for term, df in self.session.execute(query, {"terms": json.dumps(missing)})}
        for term in missing:
            self.df[term] = int(found.get(term, 0))
            self._idf.pop(term, None)

    def __call__(self, term: str) -> float:
        value = self._idf.get(term)
        if value is None:  # memoized: scoring asks for the same terms again and again
            idf = math.log((self.total + _IDF_PRIOR) / (self.df.get(term, 0) + 1))
            value = self._idf[term] = max(idf, 0.0) * _STORY_WIDE.get(term, 1.0)
        return value


def _candidates(session: Session, terms: dict[str, float], idf: _Idf, when: datetime) -> list[Development]:
    """Developments near ``when`` sharing a distinctive term with the article.

    The lookup uses the article's rarest terms that some development holds;
    story-wide terms (in ``DF_CAP`` developments or more) would read long postings.
    """
    lookup = sorted(
        (t for t in terms if 0 < idf.df.get(t, 0) < DF_CAP and idf(t) > 0),
        key=lambda t: (-terms[t] * idf(t), t),
    )[:_MAX_LOOKUP_TERMS]
    if not lookup:
        return []
    hits = func.count().label("hits")
    best = (
        select(DevelopmentTerm.development_id, hits)
        .join(Development, Development.id == DevelopmentTerm.development_id)
        .where(
            DevelopmentTerm.term.in_(lookup),
            or_(
                and_(
                    Development.published_last >= when - TIME_WINDOW,
                    Development.published_first <= when + TIME_WINDOW,
                ),
                # Not yet placed in time (only undated members, e.g. a seed): open to all.
                Development.published_first.is_(None),
            ),
        )
        .group_by(DevelopmentTerm.development_id)
        .order_by(hits.desc(), DevelopmentTerm.development_id)
        .limit(_MAX_CANDIDATES)
    )
    ids = select(best.subquery().c.development_id)
    return list(session.scalars(select(Development).where(Development.id.in_(ids)).order_by(Development.id)))


def _cosine(terms: dict[str, float], lang: str, dev_terms: dict[str, Any], idf: Callable[[str], float],
            words: bool) -> float:
    members = max(1.0, float(dev_terms.get(_MEMBERS, 1)))
    lang_members = float(dev_terms.get(_LANG + lang, 0))
    article_vec: dict[str, float] = {}
    for term, weight in terms.items():
        term_lang = _term_language(term)
        if term_lang is not None and (not words or term_lang != lang or lang_members == 0):
            continue
        value = weight * idf(term)
        if value > 0:
            article_vec[term] = value
    dot = dev_norm = 0.0
    for term, count in dev_terms.items():
        if term.startswith("#"):
            continue
        term_lang = _term_language(term)
        if term_lang is not None and (not words or term_lang != lang or lang_members == 0):
            continue
        share = min(1.0, float(count) / (lang_members if term_lang else members))
        value = share * idf(term)
        dev_norm += value * value
        dot += value * article_vec.get(term, 0.0)
    article_norm = math.sqrt(sum(v * v for v in article_vec.values()))
    if dot == 0.0 or article_norm == 0.0:
        return 0.0
    return dot / (article_norm * math.sqrt(dev_norm))


def score(terms: dict[str, float], lang: str, dev_terms: dict[str, Any], idf: Callable[[str], float]) -> float:
    """How well an article fits a development (0..1).

    The mean of two cosine similarities: over all terms, and over the
    language-neutral ones (concepts, names, numbers) alone, which is all an
    English report and a Korean development have in common. The development's
    vector weights a term by the share of its articles that carry it, so a word
    one member happened to use pulls less than one they all share. When both
    quote names and none is shared, they are about different things: the
    score is scaled down.
    """
    value = 0.5 * (_cosine(terms, lang, dev_terms, idf, True) + _cosine(terms, lang, dev_terms, idf, False))
    names = {t for t in terms if t.startswith("q:")}
    if names and names.isdisjoint(dev_terms) and any(t.startswith("q:") for t in dev_terms):
        value *= _OTHER_NAME_FACTOR
    return value


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


def assign_development(session: Session, article: Article, *, now: Optional[datetime] = None) -> Assignment:
    """Put a flushed, relevant article into a development, creating one if none fits.

    An article that already has a development keeps it; a duplicate joins its
    original's development. Does not commit.
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

    terms = article_terms(article.title or "", article.body or "", when)
    lang = article_language(article.title or "", article.body or "")
    idf = _Idf(session)
    idf.load(terms)
    candidates = _candidates(session, terms, idf, when)
    idf.load(t for dev in candidates for t in (dev.terms or {}) if not t.startswith("#"))
    best: Optional[tuple[float, Development]] = None
    for dev in candidates:
        value = score(terms, lang, dev.terms or {}, idf)
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
) -> ProcessResult:
    """Mark a stored article's original (if it is a copy), index it, and assign
    its development when relevant. Does not commit: the caller owns the transaction.

    Re-processing changes nothing: an article that already has a signature keeps
    its ``duplicate_of``. ``signature`` is the article's MinHash when the caller
    already computed it (the crawl does, outside the database thread). ``new``
    says the caller just inserted the article with that signature and its
    ``duplicate_of`` already looked up (``neardup.find_original``), as
    ``archive.record_article`` does to save an UPDATE of the row.
    """
    if article.id is None:
        session.flush()
    sig = signature or neardup.signature(article.title or "", article.body or "")
    fresh = new or article.minhash is None
    if fresh and not new:
        article.duplicate_of = neardup.find_original(session, sig, exclude_id=article.id)
    neardup.index_article(session, article.id, sig)
    assignment = assign_development(session, article, now=now) if article.relevant else None
    if fresh and article.duplicate_of is not None:
        _take_over_group_if_earlier(session, article)
    return ProcessResult(duplicate_of=article.duplicate_of, assignment=assignment)


def _take_over_group_if_earlier(session: Session, article: Article) -> None:
    """A copy's group is rooted at the article published first, not the one crawled first.

    One crawl meets a wire story and its syndicated copies in any order; when
    the newcomer was published before the group's root, the group's copies
    (and the old root) point to the newcomer instead. Roots without a
    published time (seed documents) are never displaced.
    """
    root = session.get(Article, article.duplicate_of)
    if root is None or root.published_at is None or article.published_at is None:
        return
    if article.published_at >= root.published_at:
        return
    session.execute(
        update(Article)
        .where(or_(Article.duplicate_of == root.id, Article.id == root.id))
        .values(duplicate_of=article.id)
    )
    article.duplicate_of = None
    session.flush()
