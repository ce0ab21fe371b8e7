"""What news pages print around an article: date labels, bylines, copyright lines.

One home for these patterns, because two readers need them and must agree: the
page extractor (body cleanup, the printed-date scan, bylines) and the seed
parser (copied article text).  When a page prints "입력 2024.09.29 15:00" or
"권유진 기자 kwen@joongang.co.kr", both must read it the same way.
"""

from __future__ import annotations

import re

from newsmon.pages.date_forms import WORLD_MONTH_RE

__all__ = [
    "COPYRIGHT_RE", "EMAIL", "EMAIL_RE", "EN_BYLINE_LINE_RE", "EN_BYLINE_NAMES_RE", "KO_BYLINE_LINE_RE",
    "KO_BYLINE_RE", "KO_BYLINE_UNIT_RE", "KO_NAMES", "KO_ROLE", "MODIFIED_LABELS", "PRINTED_DATE_RE",
    "PUBLISHED_LABELS", "first_chars", "label_kind",
]

# --------------------------------------------------------------------------- date labels

# Regex alternations (case-insensitive).  "입력" is when the story went up, "수정" when
# it was last changed; the English words likewise.
KO_PUBLISHED = r"기사\s*입력|최초\s*입력|입력|등록|송고|승인|게재|발행|작성"
KO_MODIFIED = r"최종\s*수정|최종\s*업데이트|수정|업데이트|갱신"
EN_PUBLISHED = r"first\s+published|published|posted|created"
EN_MODIFIED = r"last[\s-]+(?:updated|modified)|updated|modified"
# The same labels in the other languages whose pages a crawl meets most (de, fr, es, it, pt, nl).
WORLD_PUBLISHED = r"veröffentlicht|publiziert|erstellt|publié|publicado|pubblicato|gepubliceerd"
WORLD_MODIFIED = r"aktualisiert|geändert|mis\s+à\s+jour|modifié|actualizado|aggiornato|atualizado|bijgewerkt"
PUBLISHED_LABELS = f"{KO_PUBLISHED}|{EN_PUBLISHED}|{WORLD_PUBLISHED}"
MODIFIED_LABELS = f"{KO_MODIFIED}|{EN_MODIFIED}|{WORLD_MODIFIED}"
# What may follow a label before the date: "입력일시", "송고시간", "Published on:".
LABEL_TAIL = r"(?:일시|시간|시각|일자|일)?(?:\s+(?:on|at|am|le|el|il|em|op)\b)?\s*[:：]?"

_MODIFIED_RE = re.compile(rf"^(?:{MODIFIED_LABELS})", re.IGNORECASE)


def label_kind(label: str) -> str:
    """"mod" for an updated/수정 label, "pub" for any other date label."""
    return "mod" if _MODIFIED_RE.match(label.strip()) else "pub"


def first_chars(alternation: str) -> str:
    """The first letters of a regex alternation's branches, for a cheap lookahead.

    A pattern opening with ``(?=[...])`` on these lets the regex engine skip
    most positions of a long page at C speed.
    """
    firsts = {branch[0].lower() for branch in alternation.split("|") if branch}
    firsts |= {c.upper() for c in firsts}
    return "".join(sorted(firsts))


# --------------------------------------------------------------------------- printed dates

_MONTH_NAMES = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH = rf"(?:{_MONTH_NAMES})[a-z]*\.?"
# Year, month and day: "29일" or "Sept. 29" alone is not a full date.
_DATE_CORE = (
    r"(?:\d{4}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}\s*일?\.?(?:\s*\([월화수목금토일]\))?"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{1,2}\.\s?\d{1,2}\.\s?\d{4}(?!\d)"  # 06.11.2023: day first, as Europe prints it
    r"|\d{1,2}(?:\.\s*|\s+(?:de\s+)?)" + WORLD_MONTH_RE + r"\b\.?,?\s+(?:de\s+)?\d{4})"
)
_DATE_TIME = (
    r"(?:\s*(?:\([월화수목금토일]\)|[,|]|at)?\s*(?:오전|오후|AM|PM)?\s*"
    r"\d{1,2}(?:(?::\d{2}){1,2}|\s*시(?:\s*\d{1,2}\s*분)?)"
    r"(?:\s*(?:AM|PM|a\.m\.|p\.m\.))?(?:\s*(?:KST|UTC|GMT|ET|EST|EDT|PT|PST|PDT|BST|CET))?)?"
)
_LABELS = f"{PUBLISHED_LABELS}|{MODIFIED_LABELS}"
# A match starts with two digits, a digit and a space, or the first two letters
# of a label or a month: the lookahead tests for that (loosely) at each position.
_WORDS = f"{_LABELS}|{_MONTH_NAMES}".split("|")
_START = (
    rf"[\d{re.escape(''.join(sorted({w[0] for w in _WORDS})))}]"
    rf"[\d\s.{re.escape(''.join(sorted({w[1] for w in _WORDS})))}]"
)
PRINTED_DATE_RE = re.compile(
    rf"(?={_START})(?:(?P<label>{_LABELS})\s*{LABEL_TAIL}\s*)?(?P<date>{_DATE_CORE}{_DATE_TIME})",
    re.IGNORECASE,
)
"""A full printed date (``date``), with the label before it (``label``) when there is one."""

# --------------------------------------------------------------------------- bylines

EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
EMAIL_RE = re.compile(EMAIL)
KO_NAMES = r"[가-힣]{2,4}(?:\s*[·,]\s*[가-힣]{2,4})*"
KO_ROLE = r"(?:선임|수석|객원|인턴|전문|사진|영상)?\s*(?:기자|특파원|통신원|논설위원|에디터)"
KO_BYLINE_RE = re.compile(rf"(?<![가-힣])(?P<names>{KO_NAMES})\s*{KO_ROLE}(?![가-힣])")
"""Reporter names anywhere in a line: "김철수·이영희 기자"."""
# "워싱턴=김철수 특파원 kim@example.com": dateline, names, role, e-mail.
_KO_UNIT = rf"(?:[가-힣]{{1,6}}\s?=\s?)?(?P<names>{KO_NAMES})\s*{KO_ROLE}(?:\s*{EMAIL})?"
KO_BYLINE_UNIT_RE = re.compile(_KO_UNIT)
KO_BYLINE_LINE_RE = re.compile(
    r"^[\[(/<]*\s*(?:" + _KO_UNIT.replace("?P<names>", "") + r"[\s,·/]*)+[\])>]?\s*$"
)
"""A line that is nothing but Korean bylines."""
EN_BYLINE_LINE_RE = re.compile(
    r"^(?:By|BY|Written by|Reporting by|Edited by|Editing by)\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,12}\.?$"
)
"""A line that is an English byline ("By Jane Doe", "Reporting by ...")."""
# Two to four capitalised words per name, so "By Tuesday, the deal..." is not a byline.
_EN_NAME = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}"
EN_BYLINE_NAMES_RE = re.compile(
    rf"^By\s+(?P<names>{_EN_NAME}(?:\s*(?:,|and|&)\s*{_EN_NAME})*)\s*(?:[,|]\s*[^.]{{0,40}})?$"
)
"""A byline line whose names can be read: "By Min-ji Lee and Tom Kim, Staff Writers"."""

# --------------------------------------------------------------------------- copyright

# The lookahead holds the first letters of the alternatives (keep it in step).
COPYRIGHT_RE = re.compile(
    r"(?=[무재저ⓒ©ca기보(])(?:"
    r"무단\s*전재|재배포\s*금지|무단\s*복제|저작권자|저작권\s*[ⓒ©]|copyright|[ⓒ©]|all rights reserved"
    r"|\(c\)\s*(?:19|20)\d{2}"
    r"|AI\s*학습\s*(?:및\s*)?(?:활용|이용)\s*금지|기사\s*제보|보도자료\s*제보)",
    re.IGNORECASE,
)
"""A copyright, no-redistribution or tip-line notice."""
