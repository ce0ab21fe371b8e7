"""Event terms: what an article reports, as weighted terms (pure: text in, terms out).

Runs in the analysis worker beside the near-duplicate signature, so the crawl
process only looks terms up in the database (``newsmon.events.developments``).
Concept terms (``c:``, bilingual event words such as launch/출시, centre/센터)
are language knowledge and live here; the story's own names (``e:``, KT,
Azure, 나델라 ...) and how little its story-wide words weigh come from the
topic profile's ``[developments]`` table, so a second watch needs only a
second TOML file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Mapping, Optional

# Only the headline and the lead say what happened; background paragraphs
# (last year's deal, a competitor's investment) would blur events together.
_LEAD_CHARS = 1500
_TITLE_BOOST = 1.5
_LEXICON_BOOST = 1.5
_NUMBER_BOOST = 2.0
_QUOTE_BOOST = 2.0

# concept -> (Korean substrings, matched on text without spaces; English patterns)
CONCEPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
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
# Single quotes: Korean headlines put names in them ('한국형 GPT-4o') and
# speech in double quotes, which says nothing about the subject.
_QUOTED = re.compile(r"['‘]([^'‘’\n]{2,40})['’]")
_NOT_NAME = re.compile(r"[^\w-]+")


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

@dataclass(frozen=True)
class EventTerms:
    """An article's event terms, its language, and the story-word factors they were weighed with."""

    terms: dict[str, float]
    lang: str
    #: term -> factor (< 1) for the story's own words: every event of the story uses them.
    story: dict[str, float] = field(default_factory=dict)


class Vocabulary:
    """The words event terms are read with: the bilingual concepts, plus a watch's names and story words.

    ``names`` maps a term (``e:kt``) to its Korean spellings (substrings of the
    lower-cased text without spaces) and English patterns (regular expressions
    over lower-cased text, matched as whole words); ``story`` maps a term to
    the factor its weight is multiplied by when grouping (0.2: a word every
    event of the story uses).
    """

    def __init__(self, names: Mapping[str, tuple[Iterable[str], Iterable[str]]] = (), story: Mapping[str, float] = ()) -> None:
        self.lexicon: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = dict(CONCEPTS)
        for term, (ko, en) in dict(names).items():
            self.lexicon[term] = (tuple(k.lower() for k in ko), tuple(en))
        self.story = dict(story)
        self._en = {
            term: re.compile(r"(?<![\w-])(?:" + "|".join(pats) + r")(?![\w])") for term, (_ko, pats) in self.lexicon.items()
        }
        keys = {re.escape(k) for ko, _en in self.lexicon.values() for k in ko if _HANGUL.search(k)}
        self._ko_keys = re.compile("|".join(sorted(keys, key=len, reverse=True)))

    @classmethod
    def from_topics(cls, topics: Iterable[Any]) -> "Vocabulary":
        """The union of the topics' ``[developments]`` tables (``Topic.developments``)."""
        names: dict[str, tuple[list[str], list[str]]] = {}
        story: dict[str, float] = {}
        for topic in topics:
            words = topic.developments
            for n in words.names:
                ko, en = names.setdefault(f"e:{n.name}", ([], []))
                ko.extend(n.ko)
                en.extend(n.en)
                if n.story < 1.0:
                    story[f"e:{n.name}"] = min(story.get(f"e:{n.name}", 1.0), n.story)
            for word, factor in words.story_words.items():
                story[f"w:{word.lower()}"] = min(story.get(f"w:{word.lower()}", 1.0), factor)
            # The topic's own names, people, products and confirming words are in every
            # event of the story: as plain words they weigh ``alias_weight``.
            for term in _story_terms(topic):
                for word in _plain_words(term):
                    story[word] = min(story.get(word, 1.0), words.alias_weight)
        return cls(names, story)

    def terms(self, title: str, body: str, published: Optional[datetime] = None) -> EventTerms:
        """The article's terms and language, with this vocabulary's story factors."""
        return EventTerms(article_terms(title, body, published, self), article_language(title, body), self.story)


GENERIC = Vocabulary()


def _story_terms(topic: Any) -> Iterable[str]:
    for entity in topic.entities:
        for alias in entity.aliases:
            yield alias.term
            yield from alias.confirm_terms


def _plain_words(term: str) -> set[str]:
    """The ``w:`` terms a profile term turns into in article text (Korean bigrams, English words)."""
    if term.startswith("re:"):
        return set()
    text = unicodedata.normalize("NFKC", term).lower()
    out = {f"w:{w}" for w in re.findall(r"[a-z][a-z0-9-]{2,}", text)}
    for run in re.findall(r"[가-힣]{2,}", text):
        out.update(f"w:{run[i:i + 2]}" for i in range(len(run) - 1))
    return out


def article_terms(
    title: str, body: str, published: Optional[datetime] = None, vocabulary: Vocabulary = GENERIC
) -> dict[str, float]:
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
        for term, (ko_keys, _pats) in vocabulary.lexicon.items():
            if any(key in compact for key in ko_keys) or vocabulary._en[term].search(part):
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
                for piece in vocabulary._ko_keys.split(word):
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
def term_language(term: str) -> Optional[str]:
    """The language a plain-word term meets (cached: scoring asks for every term of every candidate, twice)."""
    if not term.startswith("w:"):
        return None
    return "ko" if _HANGUL.search(term) else "en"
