"""Topic profiles: what a watch is about, and whether an article matches it.

A watch follows one story ("KT and Microsoft"), so relevance is a question of
*which companies an article is about*.  Plain keyword search fails both ways
in Korean business news: "KT" hides inside KTX, SKT and KT&G, bare "MS" is as
often market share (시장점유율) or multiple sclerosis as Microsoft, and "파이"
is pie before it is Microsoft's Phi model.  This module keeps every such
judgement in a TOML profile (``seeds/<name>.toml``) so that ambiguity is data,
not code, and a second watch needs only a second file.

Matching, per entity (e.g. KT, Microsoft):

* ``names`` weigh 1.0, ``related`` people/products weigh ``related_weight``;
  hits in the title count ``title_weight`` times, body hits ``body_weight``.
* ``contextual`` aliases (bare "MS", "파이", "Phi") count only when one of
  their ``confirm`` terms appears somewhere in the article, and never when a
  ``deny`` term sits within ``deny_window`` characters of the occurrence.
* ``lookalikes`` (KT&G, kt wiz, MS&AD ...) never count; an alias hit inside
  one is rejected and reported in ``TopicMatch.vetoed``.
* A hit listed next to one of the entity's ``peers`` ("SKT·KT·LGU+",
  "MS·구글·메타") is a passing mention and counts ``list_factor`` times.

An article is relevant when every required entity reaches its ``threshold``
and (when ``link_window`` > 0) the entities are mentioned together: both in
the title, or a title hit with any body hit, or body hits within
``link_window`` characters of each other.

Alias boundaries: Latin aliases need a non-letter, non-digit character on
both sides ("KT" does not match KTX, SKT or KTOWN; "KT가", "KT·MS" and
"한국MS" do match).  A Korean alias may be followed only by particles
(가/는/와/와의/에서도 ...), so 케이티 matches in "케이티는" but not in
"케이티엑스"; a Korean alias of up to three syllables must also not follow
other Hangul.  Latin aliases of up to four characters match exactly as
written (KT, kt, MS, Phi); longer ones ignore case after the first letter,
which must be a capital when written as one ("Microsoft" matches MICROSOFT,
not "microsoft" in a URL; "kt cloud" also matches "Kt Cloud").  A term
starting with ``re:`` is a regular expression, used as written.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional
from urllib.parse import urlsplit

from newsmon.config import SOURCE_TYPES  # a profile's [[sources]] are the config's sources
from newsmon.tomltables import TableReader

__all__ = [
    "Topic",
    "TopicMatch",
    "TopicError",
    "Entity",
    "default_seeds_dir",
    "load_topic",
    "load_topics",
    "parse_topic",
]


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


class TopicError(Exception):
    """A broken topic profile, worded as one line naming the file."""


# ---------------------------------------------------------------- patterns


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


# ---------------------------------------------------------------- profile


@dataclass(frozen=True)
class Alias:
    """One way of naming an entity, as written in the profile."""

    term: str
    weight: float
    kind: str  # "name" | "related"
    confirm: Optional[_TermSet] = None  # contextual aliases only
    confirm_terms: tuple[str, ...] = ()
    deny: Optional[re.Pattern[str]] = None
    deny_window: int = 0
    why: str = ""

    @property
    def contextual(self) -> bool:
        return self.confirm is not None


@dataclass(frozen=True)
class Lookalike:
    """Strings that resemble an alias but name something else."""

    terms: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Entity:
    """One company (or person, product...) the watch is about."""

    name: str
    threshold: float
    required: bool
    aliases: tuple[Alias, ...]
    lookalikes: tuple[Lookalike, ...]
    peers: tuple[str, ...]
    scan: _TermSet  # every alias: the one combined regex of this entity
    alias_by_term: dict[str, Alias]
    peer_scan: Optional[_TermSet]


@dataclass(frozen=True)
class Rule:
    title_weight: float = 2.0
    body_weight: float = 1.0
    list_factor: float = 0.25
    link_window: int = 300


@dataclass(frozen=True)
class _Hit:
    entity: str
    alias: Alias
    in_title: bool
    start: int
    end: int
    weight: float
    listed: bool


@dataclass
class TopicMatch:
    """The verdict on one article for one topic."""

    topic: str
    relevant: bool
    score: float  # 0..1: min over entities of raw/(2*threshold), halved when unlinked
    matched: dict[str, list[str]]  # entity -> aliases that counted
    vetoed: list[str]  # rejected hits and look-alikes, with the reason
    raw: dict[str, float] = field(default_factory=dict)  # entity -> weighted hits
    thresholds: dict[str, float] = field(default_factory=dict)
    linked: bool = False
    hits: list[str] = field(default_factory=list)  # "KT (title)", "MS (body, listed)" ...

    def explain(self) -> str:
        """Several lines a person can read: why this article is (not) relevant."""
        verdict = "RELEVANT" if self.relevant else "not relevant"
        lines = [f"{self.topic}: {verdict} (score {self.score:.2f})"]
        for name, raw in self.raw.items():
            thr = self.thresholds.get(name, 0.0)
            ok = "ok" if raw >= thr else "too weak"
            aliases = ", ".join(self.matched.get(name, [])) or "nothing"
            lines.append(f"  {name}: {raw:.2f} / threshold {thr:.2f} ({ok}) from {aliases}")
        if len(self.raw) > 1:
            lines.append(f"  mentioned together: {'yes' if self.linked else 'no'}")
        if self.hits:
            lines.append("  hits: " + "; ".join(self.hits))
        for v in self.vetoed:
            lines.append(f"  rejected: {v}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Topic:
    """A loaded profile; ``match()`` is the hot path (runs on every article)."""

    name: str
    description: str
    entities: tuple[Entity, ...]
    sources: list[dict[str, Optional[str]]]
    rule: Rule
    path: Optional[Path] = None
    _lookalikes: Optional[_TermSet] = None
    _lookalike_owner: dict[str, tuple[str, str]] = field(default_factory=dict)  # term -> (entity, why)

    def __repr__(self) -> str:
        return f"Topic(name={self.name!r}, entities={[e.name for e in self.entities]!r}, path={self.path!r})"

    # ------------------------------------------------------------ matching

    def match(self, title: Optional[str], text: Optional[str]) -> TopicMatch:
        """Score one article (title and body text) against this topic."""
        segments = (_nfkc(title or ""), _nfkc(text or ""))
        vetoed: list[str] = []
        blocked = self._lookalike_spans(segments, vetoed)
        confirm_cache: dict[int, bool] = {}
        hits: list[_Hit] = []
        for entity in self.entities:
            for seg_no, seg in enumerate(segments):
                found = entity.scan.finditer(seg)
                if not found:
                    continue
                peers = entity.peer_scan.finditer(seg) if entity.peer_scan is not None else []
                for i, start, end in found:
                    alias = entity.alias_by_term[entity.scan.terms[i]]
                    hit = self._judge(
                        entity, alias, seg_no, segments, start, end, peers, blocked, confirm_cache, vetoed
                    )
                    if hit is not None:
                        hits.append(hit)
        return self._verdict(hits, vetoed)

    def _lookalike_spans(self, segments: tuple[str, str], vetoed: list[str]) -> list[set[tuple[int, int]]]:
        spans: list[set[tuple[int, int]]] = [set(), set()]
        if self._lookalikes is None:
            return spans
        seen: set[str] = set()
        for seg_no, seg in enumerate(segments):
            for i, start, end in self._lookalikes.finditer(seg):
                spans[seg_no].add((start, end))
                text = seg[start:end]
                if text not in seen:
                    seen.add(text)
                    entity, why = self._lookalike_owner[self._lookalikes.terms[i]]
                    vetoed.append(f"{text!r} is not {entity}: {why}")
        return spans

    def _judge(
        self,
        entity: Entity,
        alias: Alias,
        seg_no: int,
        segments: tuple[str, str],
        start: int,
        end: int,
        peers: list[tuple[int, int, int]],
        blocked: list[set[tuple[int, int]]],
        confirm_cache: dict[int, bool],
        vetoed: list[str],
    ) -> Optional[_Hit]:
        seg = segments[seg_no]
        text = seg[start:end]
        where = "title" if seg_no == 0 else "body"
        for b_start, b_end in blocked[seg_no]:
            if b_start < end and start < b_end:
                return None  # already reported as a look-alike
        if alias.contextual:
            key = id(alias)
            if key not in confirm_cache:
                confirm_cache[key] = any(alias.confirm.search(s) for s in segments if s)  # type: ignore[union-attr]
            if not confirm_cache[key]:
                vetoed.append(
                    f"{text!r} ({where}) not counted for {entity.name}: no confirming term "
                    f"({', '.join(alias.confirm_terms[:4])}...) in the article"
                )
                return None
            if alias.deny is not None:
                lo, hi = max(0, start - alias.deny_window), end + alias.deny_window
                d = alias.deny.search(seg, lo, hi)
                if d:
                    why = f" ({alias.why})" if alias.why else ""
                    vetoed.append(f"{text!r} ({where}) not counted for {entity.name}: next to {d.group(0)!r}{why}")
                    return None
        listed = _is_listed(seg, start, end, peers)
        weight = alias.weight * (self.rule.title_weight if seg_no == 0 else self.rule.body_weight)
        if listed:
            weight *= self.rule.list_factor
        return _Hit(entity.name, alias, seg_no == 0, start, end, weight, listed)

    def _verdict(self, hits: list[_Hit], vetoed: list[str]) -> TopicMatch:
        raw = {e.name: 0.0 for e in self.entities}
        matched: dict[str, list[str]] = {e.name: [] for e in self.entities}
        described: list[str] = []
        for h in hits:
            raw[h.entity] += h.weight
            if h.alias.term not in matched[h.entity]:
                matched[h.entity].append(h.alias.term)
            tag = "title" if h.in_title else "body"
            d = f"{h.alias.term} ({tag}{', listed with peers' if h.listed else ''})"
            if d not in described:
                described.append(d)
        required = [e for e in self.entities if e.required]
        strong = all(raw[e.name] >= e.threshold for e in required)
        linked = self._linked(hits, [e.name for e in required])
        scores = [min(1.0, raw[e.name] / (2 * e.threshold)) for e in required] or [0.0]
        score = min(scores) * (1.0 if linked else 0.5)
        return TopicMatch(
            topic=self.name,
            relevant=strong and linked,
            score=round(score, 4),
            matched={k: v for k, v in matched.items() if v},
            vetoed=vetoed,
            raw={k: round(v, 4) for k, v in raw.items()},
            thresholds={e.name: e.threshold for e in self.entities},
            linked=linked,
            hits=described,
        )

    def _linked(self, hits: list[_Hit], names: list[str]) -> bool:
        if len(names) < 2 or self.rule.link_window <= 0:
            return True
        by_entity = {n: [h for h in hits if h.entity == n] for n in names}
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if not _pair_linked(by_entity[a], by_entity[b], self.rule.link_window):
                    return False
        return True

    # ------------------------------------------------------------ describing

    def describe(self) -> str:
        """What this topic matches, in words (for ``newsmon topics``)."""
        r = self.rule
        lines = [f"{self.name}: {self.description}".rstrip(": ")]
        names = ", ".join(e.name for e in self.entities if e.required)
        together = f", mentioned within {r.link_window} characters of each other" if r.link_window > 0 else ""
        lines.append(
            f"Relevant when the article is about all of: {names}{together}. "
            f"Title hits count x{r.title_weight:g}, body hits x{r.body_weight:g}, "
            f"mentions in a list of competitors x{r.list_factor:g}."
        )
        for e in self.entities:
            lines.append(f"{e.name} (needs {e.threshold:g}{'' if e.required else ', optional'}):")
            plain_names = [a.term for a in e.aliases if a.kind == "name" and not a.contextual]
            related = [f"{a.term} x{a.weight:g}" for a in e.aliases if a.kind == "related" and not a.contextual]
            lines.append(f"  names: {', '.join(plain_names)}")
            if related:
                lines.append(f"  people/products: {', '.join(related)}")
            for a in e.aliases:
                if a.contextual:
                    why = f" — {a.why}" if a.why else ""
                    lines.append(f"  {a.term} only with {', '.join(a.confirm_terms[:6])}...{why}")
            for lk in e.lookalikes:
                lines.append(f"  never: {', '.join(lk.terms)} ({lk.why})")
            if e.peers:
                lines.append(f"  peers (list mentions): {', '.join(e.peers)}")
        if self.sources:
            lines.append(f"Default sources: {len(self.sources)}")
            for s in self.sources:
                lines.append(f"  {s['type']:<7} {s.get('name') or ''} {s['url']}".rstrip())
        return "\n".join(lines)


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


def _pair_linked(a: list[_Hit], b: list[_Hit], window: int) -> bool:
    if not a or not b:
        return False
    if any(h.in_title for h in a) or any(h.in_title for h in b):
        return True
    starts = sorted(h.start for h in b)
    for h in a:
        for s in starts:
            if abs(s - h.start) <= window:
                return True
    return False


# ---------------------------------------------------------------- loading


_TOP_KEYS = {"name", "description", "rule", "entities", "sources"}
_RULE_KEYS = {"title_weight", "body_weight", "list_factor", "link_window"}
_ENTITY_KEYS = {
    "name", "threshold", "required", "names", "related", "related_weight", "peers", "contextual", "lookalikes",
}
_CONTEXTUAL_KEYS = {"alias", "kind", "weight", "confirm", "deny", "deny_window", "why"}
_LOOKALIKE_KEYS = {"terms", "why"}
_SOURCE_KEYS = {"type", "url", "name"}


class _Reader(TableReader):
    """Typed access to one TOML table, raising TopicError with the file name."""

    def __init__(self, path: str) -> None:
        super().__init__(self.fail)
        self.path = path

    def fail(self, message: str) -> TopicError:
        return TopicError(f"{self.path}: {message}")

    def strings(self, table: dict[str, Any], key: str, where: str) -> list[str]:
        value = self.get(table, key, list, where, [])
        for v in value:
            if not isinstance(v, str) or not v.strip():
                raise self.fail(f"{where}{key} must be a list of non-empty strings, found {v!r}")
        return value

    def positive(self, table: dict[str, Any], key: str, where: str, default: float) -> float:
        value = self.get(table, key, float, where, default)
        if value <= 0:
            raise self.fail(f"{where}{key} must be > 0, not {value!r}")
        return value


def parse_topic(data: dict[str, Any], *, name: str, path: str = "<profile>") -> Topic:
    """Check a parsed TOML profile and build a Topic (pure: no I/O)."""
    r = _Reader(path)
    r.keys(data, _TOP_KEYS, "")
    topic_name = r.get(data, "name", str, "", name).strip() or name
    description = r.get(data, "description", str, "", "").strip()
    rule_t = r.get(data, "rule", dict, "", {})
    r.keys(rule_t, _RULE_KEYS, "rule.")
    rule = Rule(
        title_weight=r.positive(rule_t, "title_weight", "rule.", Rule.title_weight),
        body_weight=r.positive(rule_t, "body_weight", "rule.", Rule.body_weight),
        list_factor=r.get(rule_t, "list_factor", float, "rule.", Rule.list_factor),
        link_window=r.get(rule_t, "link_window", int, "rule.", Rule.link_window),
    )
    if not 0 <= rule.list_factor <= 1:
        raise r.fail(f"rule.list_factor must be between 0 and 1, not {rule.list_factor!r}")
    entities_l = r.get(data, "entities", list, "", [])
    if not entities_l:
        raise r.fail("no [[entities]]: a topic needs at least one entity")
    entities = tuple(_parse_entity(r, t, i) for i, t in enumerate(entities_l))
    if len({e.name for e in entities}) != len(entities):
        raise r.fail("two entities share a name")
    if not any(e.required for e in entities):
        raise r.fail("every entity is optional: at least one must be required")
    sources = _parse_sources(r, r.get(data, "sources", list, "", []))
    owner = {t: (e.name, lk.why) for e in entities for lk in e.lookalikes for t in lk.terms}
    lookalikes = _TermSet(owner, "lookalikes", r.path) if owner else None
    return Topic(
        name=topic_name,
        description=description,
        entities=entities,
        sources=sources,
        rule=rule,
        path=Path(path) if path != "<profile>" else None,
        _lookalikes=lookalikes,
        _lookalike_owner=owner,
    )


def _parse_entity(r: _Reader, table: Any, i: int) -> Entity:
    where = f"entities[{i}]."
    if not isinstance(table, dict):
        raise r.fail(f"entities[{i}] must be a table ([[entities]])")
    name = r.get(table, "name", str, where, "").strip()
    if not name:
        raise r.fail(f"{where}name is missing")
    where = f"entities[{name}]."
    r.keys(table, _ENTITY_KEYS, where)
    threshold = r.positive(table, "threshold", where, 1.0)
    required = r.get(table, "required", bool, where, True)
    related_weight = r.positive(table, "related_weight", where, 0.5)
    aliases: list[Alias] = [Alias(t, 1.0, "name") for t in r.strings(table, "names", where)]
    aliases += [Alias(t, related_weight, "related") for t in r.strings(table, "related", where)]
    for j, c in enumerate(r.get(table, "contextual", list, where, [])):
        aliases.append(_parse_contextual(r, c, f"{where}contextual[{j}].", related_weight))
    if not any(a.kind == "name" for a in aliases):
        raise r.fail(f"{where}names is empty: an entity needs at least one name")
    lookalikes = []
    for j, lk in enumerate(r.get(table, "lookalikes", list, where, [])):
        w = f"{where}lookalikes[{j}]."
        if not isinstance(lk, dict):
            raise r.fail(f"{w[:-1]} must be a table")
        r.keys(lk, _LOOKALIKE_KEYS, w)
        terms = r.strings(lk, "terms", w)
        if not terms:
            raise r.fail(f"{w}terms is empty")
        _TermSet(terms, f"{w}terms", r.path)  # checks every term
        lookalikes.append(Lookalike(tuple(terms), r.get(lk, "why", str, w, "a different company")))
    peers = r.strings(table, "peers", where)
    alias_by_term: dict[str, Alias] = {}
    for a in aliases:
        alias_by_term.setdefault(a.term, a)
    scan = _TermSet(alias_by_term, f"{where}aliases", r.path)
    peer_scan = _TermSet(peers, f"{where}peers", r.path, particles=False) if peers else None
    return Entity(
        name, threshold, required, tuple(aliases), tuple(lookalikes), tuple(peers),
        scan, alias_by_term, peer_scan,
    )


def _parse_contextual(r: _Reader, table: Any, where: str, related_weight: float) -> Alias:
    if not isinstance(table, dict):
        raise r.fail(f"{where[:-1]} must be a table")
    r.keys(table, _CONTEXTUAL_KEYS, where)
    term = r.get(table, "alias", str, where, "").strip()
    if not term:
        raise r.fail(f"{where}alias is missing")
    kind = r.get(table, "kind", str, where, "name")
    if kind not in ("name", "related"):
        raise r.fail(f"{where}kind must be 'name' or 'related', not {kind!r}")
    weight = r.positive(table, "weight", where, 1.0 if kind == "name" else related_weight)
    confirm_terms = r.strings(table, "confirm", where)
    if not confirm_terms:
        raise r.fail(f"{where}confirm is empty: a contextual alias needs confirming terms")
    confirm = _TermSet(confirm_terms, f"{where}confirm", r.path)
    deny = _compile_deny(r.strings(table, "deny", where), f"{where}deny", r.path)
    deny_window = r.get(table, "deny_window", int, where, 12)
    if deny_window < 0:
        raise r.fail(f"{where}deny_window must be >= 0")
    return Alias(
        term, weight, kind, confirm=confirm, confirm_terms=tuple(confirm_terms),
        deny=deny, deny_window=deny_window, why=r.get(table, "why", str, where, ""),
    )


def _parse_sources(r: _Reader, items: list[Any]) -> list[dict[str, Optional[str]]]:
    out: list[dict[str, Optional[str]]] = []
    for i, s in enumerate(items):
        where = f"sources[{i}]."
        if not isinstance(s, dict):
            raise r.fail(f"sources[{i}] must be a table ([[sources]])")
        r.keys(s, _SOURCE_KEYS, where)
        stype = r.get(s, "type", str, where, "")
        if stype not in SOURCE_TYPES:
            raise r.fail(f"{where}type must be one of {', '.join(SOURCE_TYPES)}, not {stype!r}")
        url = r.get(s, "url", str, where, "").strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
            raise r.fail(f"{where}url is not an http(s) URL: {url!r}")
        out.append({"type": stype, "url": url, "name": r.get(s, "name", str, where, None)})
    return out


def default_seeds_dir() -> Path:
    """``$NEWSMON_SEEDS_DIR``, else ``./seeds`` if present, else the project's ``seeds/``."""
    env = os.environ.get("NEWSMON_SEEDS_DIR")
    if env:
        return Path(env).expanduser()
    local = Path("seeds")
    if local.is_dir():
        return local
    return Path(__file__).resolve().parents[2] / "seeds"


def _read_profile(path: Path) -> Topic:
    label = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TopicError(f"{label}: cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TopicError(f"{label}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"{label}: TOML syntax error: {exc}") from None
    return parse_topic(data, name=path.stem, path=label)


def load_topic(name_or_path: str | os.PathLike[str], *, seeds_dir: Optional[Path] = None) -> Topic:
    """A profile by name (``seeds_dir/<name>.toml``) or by path to a ``.toml`` file."""
    text = os.fspath(name_or_path)
    candidate = Path(text)
    if text.endswith(".toml") or os.sep in text or candidate.is_file():
        if not candidate.is_file():
            raise TopicError(f"{candidate.name}: no such topic profile ({candidate})")
        return _read_profile(candidate)
    folder = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    path = folder / f"{text}.toml"
    if path.is_file():
        return _read_profile(path)
    for topic in load_topics(folder):
        if topic.name == text:
            return topic
    raise TopicError(f"{text}.toml: no topic profile named {text!r} in {folder}")


def load_topics(seeds_dir: Optional[Path] = None) -> list[Topic]:
    """Every ``*.toml`` profile in the folder, sorted by topic name."""
    folder = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    if not folder.is_dir():
        return []
    topics = [_read_profile(p) for p in sorted(folder.glob("*.toml")) if p.is_file()]
    names = [t.name for t in topics]
    for n in names:
        if names.count(n) > 1:
            raise TopicError(f"{n}: two profiles in {folder} share the name {n!r}")
    return sorted(topics, key=lambda t: t.name)
