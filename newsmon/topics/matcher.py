"""The term matcher: how one profile term is found in Korean and English text.

Aliases, confirm terms, peers and look-alikes are all plain terms written in a
topic profile; this module turns each into a pattern with the boundary rules
described in ``newsmon.topics.profile`` and finds many of them in one scan.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Iterator, Optional


class TopicError(Exception):
    """A broken topic profile, worded as one line naming the file."""


# Particles and bound nouns that may follow a Korean alias without changing
# which word it is.  Longest first so the alternation prefers them.
_PARTICLES = sorted(
    """
    에서는 에서도 에서의 에서만 에게는 에게도 으로는 으로도 으로의 이라는 이라고 이라며
    이었다 이지만 이나 이며 이랑 이다 이란 이자 이고 였다 와의 과의 와는 과는 와도 과도
    에서 에게 한테 으로 처럼 보다 까지 부터 마저 조차 하고 라는 라고 라며 에는 에도 에선
    로는 로도 로의 만의 만이 만을 측은 측이 측의 측과 측도 측에 코리아 이어 이면
    와 과 의 는 은 이 가 을 를 도 에 로 만 측 사 랑 께 엔 다 뿐 나 며 란 야 고 랑
    """.split(),
    key=len,
    reverse=True,
)
_PARTICLE_RE = "(?:" + "|".join(_PARTICLES) + ")*"
_HANGUL = "\uac00-\ud7a3"
_LATIN_OR_DIGIT = "A-Za-z0-9"
# Characters that separate the members of a list of companies.
_LIST_SEPARATORS = "·ㆍᆞ・‧,/、&;"
_SHORT_HANGUL = 3  # Korean aliases this short must not follow other Hangul
_EXACT_CASE_MAX = 4  # Latin aliases this short match exactly as written


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _nfkc(text: str) -> str:
    # Full-width "ＫＴ" -> "KT", decomposed Hangul (macOS files) -> composed.
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def term_pattern(term: str, *, particles: bool = True) -> str:
    """Regex source for one profile term, with the boundary rules above.

    ``particles=False`` drops the check after a Korean term (peers: "네이버"
    also stands for "네이버클라우드" in a list).
    """
    if term.startswith("re:"):
        return f"(?:{term[3:]})"
    term = _nfkc(term.strip())
    if not term:
        raise ValueError("empty term")
    compact = "".join(term.split())
    variants = ["".join(seq) for seq in _scan_tokens(term)]
    core = variants[0] if len(variants) == 1 else "(?:" + "|".join(variants) + ")"
    first, last = compact[0], compact[-1]
    left = right = ""
    if _is_latin(first):
        left = f"(?<![{_LATIN_OR_DIGIT}])"
    elif _is_hangul(first) and sum(map(_is_hangul, compact)) <= _SHORT_HANGUL:
        left = f"(?<![{_HANGUL}])"
    if _is_latin(last):
        right = f"(?![{_LATIN_OR_DIGIT}])"
    elif _is_hangul(last) and particles:
        right = f"(?={_PARTICLE_RE}(?![{_HANGUL}]))"
    return f"{left}{core}{right}"


def _key(text: str) -> str:
    return "".join(_nfkc(text).casefold().split())


def _scan_tokens(term: str) -> list[list[str]]:
    """Token sequences (regex atoms) for one literal term; the single source of its spelling rules.

    Latin terms longer than four characters ignore case, except that a term
    written with a capital first letter needs a capital there ("Microsoft",
    "MICROSOFT", not "microsoft" in a URL); a term written in lower case
    ("kt cloud") also matches capitalised.  Every sequence starts with a plain
    literal: CPython's regex engine skips ahead with a first-character set
    only then, which keeps the per-article scan fast.
    """
    words = _nfkc(term.strip()).split()
    compact = "".join(words)
    ignore_case = compact.isascii() and len(compact) > _EXACT_CASE_MAX
    tokens: list[str] = []
    for n, word in enumerate(words):
        if n:
            tokens.append(r"\s*")
        for ch in word:
            if ignore_case and ch.isalpha():
                tokens.append(f"[{ch.upper()}{ch.lower()}]")
            else:
                tokens.append(re.escape(ch))
    first = words[0][0]
    firsts = [first, first.upper()] if ignore_case and first.islower() else [first]
    return [[re.escape(f)] + tokens[1:] for f in firsts]


def _trie_regex(sequences: Iterable[list[str]]) -> str:
    """One regex for many token sequences, factored as a trie (fast alternation)."""
    root: dict[str, Any] = {}
    for seq in sequences:
        node = root
        for tok in seq:
            node = node.setdefault(tok, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [tok + emit(child) for tok, child in sorted(node.items()) if tok]
        if not alts:
            return ""
        if "" in node:
            alts.append("")  # a shorter term ends here: try longer ones first
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


class _TermSet:
    """A list of terms found fast: one combined scan, then a per-term boundary check."""

    def __init__(self, terms: Iterable[str], where: str, path: str, *, particles: bool = True) -> None:
        self.terms: list[str] = []
        self._full: list[re.Pattern[str]] = []
        seen: set[str] = set()
        for t in terms:
            try:
                src = term_pattern(t, particles=particles)
                full = re.compile(src)
            except (re.error, ValueError) as exc:
                raise TopicError(f"{path}: {where}: bad term {t!r}: {exc}") from None
            if src in seen:  # "KT클라우드" and "KT 클라우드" are one pattern
                continue
            seen.add(src)
            self.terms.append(t)
            self._full.append(full)
        literal = [i for i, t in enumerate(self.terms) if not t.startswith("re:")]
        regex = [i for i, t in enumerate(self.terms) if t.startswith("re:")]
        # Most specific (longest) term first when several start at one position.
        literal.sort(key=lambda i: len(self.terms[i].replace(" ", "")), reverse=True)
        self._by_first: dict[str, list[int]] = {}
        self._by_key: dict[str, list[int]] = {}
        for i in literal:
            self._by_first.setdefault(_nfkc(self.terms[i].strip())[0].casefold(), []).append(i)
            self._by_key.setdefault(_key(self.terms[i]), []).append(i)
        self._order: dict[str, list[int]] = {}  # cache: matched letters -> terms to check
        self._scans: list[tuple[re.Pattern[str], Optional[int]]] = []  # (scan, regex term or None)
        if literal:
            seqs = [seq for i in literal for seq in _scan_tokens(self.terms[i])]
            self._scans.append((re.compile(_trie_regex(seqs)), None))
        for i in regex:  # each alone: joined, they would lose their literal prefixes
            self._scans.append((self._full[i], i))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def _candidates(self, m: re.Match[str]) -> list[int]:
        key = "".join(m.group(0).casefold().split())
        order = self._order.get(key)
        if order is None:
            # The scan matched the longest term's letters: check that term first.
            exact = self._by_key.get(key, [])
            order = exact + [i for i in self._by_first.get(key[0], []) if i not in exact]
            self._order[key] = order
        return order

    def _iter(self, text: str) -> Iterator[tuple[int, int, int]]:
        for scan, regex_term in self._scans:
            if regex_term is not None:
                yield from ((regex_term, m.start(), m.end()) for m in scan.finditer(text) if m.end() > m.start())
                continue
            pos = 0
            while True:
                m = scan.search(text, pos)
                if m is None:
                    break
                p = m.start()
                hit = None
                for i in self._candidates(m):
                    fm = self._full[i].match(text, p)
                    if fm is not None and fm.end() > p:
                        hit = (i, p, fm.end())
                        break
                if hit is None:
                    pos = p + 1
                else:
                    yield hit
                    pos = hit[2]

    def finditer(self, text: str) -> list[tuple[int, int, int]]:
        """(term index, start, end) of every occurrence, left to right, not overlapping."""
        found = list(self._iter(text))
        if len(self._scans) > 1:
            found.sort(key=lambda h: (h[1], -h[2]))
            kept: list[tuple[int, int, int]] = []
            for h in found:
                if not kept or h[1] >= kept[-1][2]:
                    kept.append(h)
            found = kept
        return found

    def search(self, text: str) -> Optional[tuple[int, int, int]]:
        """Some occurrence (the first one found), or None."""
        return next(self._iter(text), None)


def _compile_deny(terms: Iterable[str], where: str, path: str) -> Optional[re.Pattern[str]]:
    """Deny terms are plain substrings (case-insensitive) or ``re:`` patterns."""
    sources = []
    for t in terms:
        src = t[3:] if t.startswith("re:") else "(?i:" + re.escape(_nfkc(t)) + ")"
        try:
            re.compile(src)
        except re.error as exc:
            raise TopicError(f"{path}: {where}: bad term {t!r}: {exc}") from None
        sources.append(f"(?:{src})")
    return re.compile("|".join(sources)) if sources else None



_SEP = rf"(?:\s*[{_LIST_SEPARATORS}]\s*|\s+(?:and|or|및|&)\s+|(?<=[와과])\s+)"
# Between a peer and the hit: the peer's tail ("클라우드", "(AWS)와") then a separator.
_GAP_BEFORE = re.compile(rf"[^\s{_LIST_SEPARATORS}]{{0,10}}{_SEP}")
# Between the hit and a peer: a particle or two, then a separator.
_GAP_AFTER = re.compile(rf"[^\s{_LIST_SEPARATORS}]{{0,4}}{_SEP}")


def _is_listed(seg: str, start: int, end: int, peers: list[tuple[int, int, int]]) -> bool:
    """True when a peer company is listed right next to the hit ("SKT·KT·LGU+")."""
    for _, p_start, p_end in peers:
        if p_end <= start and start - p_end <= 40 and _GAP_BEFORE.fullmatch(seg, p_end, start):
            return True
        if p_start >= end and p_start - end <= 40 and _GAP_AFTER.fullmatch(seg, end, p_start):
            return True
    return False

