"""How `make eval` scores an answer against the public evaluation data.

Kept apart from the runner so the rules are easy to read and to test: token
precision/recall/F1 for main text, day precision for dates, and a name-token
rule for bylines.  Every rule is stated in its docstring and in docs/accuracy.md.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from typing import Optional

import lxml.html

_WORD_RE = re.compile(r"\w+")
# CJK ideographs, kana and hangul: scored one character at a time (no spaces between words).
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "blockquote", "pre", "section",
           "article", "figcaption", "dd", "dt", "td", "th")


def tokens(text: Optional[str]) -> list[str]:
    """Lowercased word tokens; a word holding CJK characters counts each character."""
    out: list[str] = []
    for word in _WORD_RE.findall((text or "").lower()):
        if _CJK_RE.search(word):
            out.extend(ch for ch in word)
        else:
            out.append(word)
    return out


def prf(predicted: Optional[str], expected: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of ``predicted`` against ``expected`` (bags of tokens)."""
    pred, gold = Counter(tokens(predicted)), Counter(tokens(expected))
    overlap = sum((pred & gold).values())
    p = overlap / sum(pred.values()) if pred else 0.0
    r = overlap / sum(gold.values()) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def html_text(markup: str) -> str:
    """The visible text of an ``expected.html`` fragment, one line per block."""
    if not markup.strip():
        return ""
    root = lxml.html.fromstring(markup)
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter("script", "style"):
        el.drop_tree()
    return root.text_content()


def day(value: object) -> Optional[date]:
    """The calendar day of a datetime, date or ISO-8601-ish string, as printed (no zone shift)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def norm_title(text: Optional[str]) -> str:
    """Title compared case- and whitespace-insensitively, quotes unified."""
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


_NAME_RE = re.compile(r"[^\W\d_]+")
_BYLINE_NOISE = frozenset({"by", "par", "von", "written", "edited", "and", "avec", "et", "und", "staff", "writer",
                           "reporter", "correspondent", "editor", "the", "of", "for", "with"})


def name_tokens(text: Optional[str]) -> set[str]:
    """Letter-only, lowercased tokens of a byline, without "By"/"and"/role words."""
    return {t for t in _NAME_RE.findall((text or "").lower()) if t not in _BYLINE_NOISE}


def byline_matches(predicted: Optional[str], expected: str) -> bool:
    """Right when every predicted name token is in the expected byline and the
    prediction covers at least two of its tokens (or all, if it has fewer).

    Expected bylines are raw page text ("By JOHN SMITH, Staff Writer",
    "by Lucas Nolan22 Dec 2016"), so exact string equality would be meaningless.
    """
    pred, gold = name_tokens(predicted), name_tokens(expected)
    if not pred or not gold:
        return False
    return pred <= gold and len(pred & gold) >= min(2, len(gold))
