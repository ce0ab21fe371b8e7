"""Tell Korean from English text, cheaply and predictably.

Korean news copy is full of Latin brand names (KT, MS, GPT-4o, Azure), so a
naive "most letters are Latin" test calls Korean articles English.  We count
letters by script instead and weigh each Hangul syllable as a few Latin
letters: one syllable carries roughly the information of a short English word
fragment.  No model, no I/O: it runs on every crawled page.
"""

from __future__ import annotations

import re

__all__ = ["detect_language", "hangul_ratio"]

# Runs of Hangul syllables, Jamo and compatibility Jamo; of Latin letters (a
# "word"); of kana or hanzi.  Letters are counted as the summed run lengths:
# far fewer matches than one per letter.
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_KANA_HAN_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]+")

# One Hangul syllable ~ 2.5 Latin letters of information (a Korean syllable
# block is a consonant-vowel(-consonant) cluster).
_HANGUL_WEIGHT = 2.5
# Weighted Hangul share above which the text is Korean.  Korean prose with
# heavy English brand usage stays far above it; English copy quoting a Korean
# name stays far below.
_KO_THRESHOLD = 0.3
_MIN_LETTERS = 2

_EN_FUNCTION_WORDS = frozenset(
    "the a an and of to in is are was were for on with by that this it as at "
    "from be has have had will said says its their not or but".split()
)


def _letters(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


def hangul_ratio(text: str) -> float:
    """Share of Hangul among Hangul+Latin letters (unweighted), 0.0 for none."""
    hangul = _letters(_HANGUL_RE, text)
    latin = _letters(_WORD_RE, text)
    total = hangul + latin
    return hangul / total if total else 0.0


def detect_language(text: str) -> str | None:
    """Return "ko", "en" or None (too little text, or another script/language).

    Korean wins when Hangul, weighted per syllable, is at least 30% of the
    letters; English needs mostly Latin letters and, for longer texts, some
    English function words (so French or German copy is not called "en").
    """
    if not text:
        return None
    hangul = _letters(_HANGUL_RE, text)
    words = _WORD_RE.findall(text)
    latin = sum(map(len, words))
    cjk_other = _letters(_KANA_HAN_RE, text)
    if hangul + latin + cjk_other < _MIN_LETTERS:
        return None
    weighted_hangul = hangul * _HANGUL_WEIGHT
    # Japanese or Chinese text (kana/hanzi dominate, little Hangul) is neither.
    if cjk_other > weighted_hangul + latin:
        return None
    if weighted_hangul / (weighted_hangul + latin + cjk_other) >= _KO_THRESHOLD:
        return "ko"
    if latin < _MIN_LETTERS or hangul * _HANGUL_WEIGHT > latin:
        return None
    if len(words) < 8:
        # Headlines and short snippets rarely carry function words.
        return "en"
    function_share = sum(1 for w in words if w.lower() in _EN_FUNCTION_WORDS) / len(words)
    return "en" if function_share >= 0.15 else None
