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

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from newsmon.topics.matcher import _TermSet, _is_listed, _nfkc

__all__ = ["Alias", "Entity", "EventName", "EventWords", "Lookalike", "Rule", "Topic", "TopicMatch"]


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
    label: str = ""  # how explanations name a pattern alias ("KT·MS")

    @property
    def contextual(self) -> bool:
        return self.confirm is not None

    @property
    def shown(self) -> str:
        return self.label or self.term


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
class EventName:
    """A name of the story spelled in both languages (``[[developments.names]]``).

    Reports of one event in Korean and English meet on it; ``story`` < 1 says
    every event of the story uses it, so it weighs that much when grouping.
    """

    name: str
    ko: tuple[str, ...]  # lower-case substrings of the text without spaces
    en: tuple[str, ...]  # regular expressions over lower-cased English text, matched as whole words
    story: float = 1.0


@dataclass(frozen=True)
class EventWords:
    """How articles of this topic are grouped into developments (``[developments]``)."""

    names: tuple[EventName, ...] = ()
    #: plain words every event of the story uses ("AI", "인공지능") -> weight factor
    story_words: dict[str, float] = field(default_factory=dict)
    #: weight factor of the entities' aliases and confirming terms as plain words
    alias_weight: float = 0.3


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
    developments: EventWords = field(default_factory=EventWords)
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
            if h.alias.shown not in matched[h.entity]:
                matched[h.entity].append(h.alias.shown)
            tag = "title" if h.in_title else "body"
            d = f"{h.alias.shown} ({tag}{', listed with peers' if h.listed else ''})"
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
                    lines.append(f"  {a.shown} only with {', '.join(a.confirm_terms[:6])}...{why}")
            for lk in e.lookalikes:
                lines.append(f"  never: {', '.join(lk.terms)} ({lk.why})")
            if e.peers:
                lines.append(f"  peers (list mentions): {', '.join(e.peers)}")
        if self.sources:
            lines.append(f"Default sources: {len(self.sources)}")
            for s in self.sources:
                lines.append(f"  {s['type']:<7} {s.get('name') or ''} {s['url']}".rstrip())
        return "\n".join(lines)


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
