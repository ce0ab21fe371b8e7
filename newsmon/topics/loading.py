"""Loading topic profiles: ``seeds/<name>.toml`` read, checked and built into a Topic.

Profiles are edited by hand, so every mistake is reported as one line naming
the file and the key (``TopicError``); an unknown key is a typo, not ignored.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

from newsmon.config import SOURCE_TYPES  # a profile's [[sources]] are the config's sources
from newsmon.tomltables import TableReader, read_toml
from newsmon.topics.matcher import TopicError, _compile_deny, _TermSet
from newsmon.topics.profile import Alias, Entity, EventName, EventWords, Lookalike, Rule, Topic

__all__ = ["default_seeds_dir", "load_topic", "load_topics", "parse_topic"]


_TOP_KEYS = {"name", "description", "rule", "entities", "sources", "developments"}
_DEVELOPMENTS_KEYS = {"names", "story_words", "alias_weight"}
_EVENT_NAME_KEYS = {"name", "ko", "en", "story"}
_RULE_KEYS = {"title_weight", "body_weight", "list_factor", "link_window"}
_ENTITY_KEYS = {
    "name", "threshold", "required", "names", "related", "related_weight", "peers", "contextual", "lookalikes",
}
_CONTEXTUAL_KEYS = {"alias", "kind", "weight", "confirm", "deny", "deny_window", "why", "label"}
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
    developments = _parse_developments(r, r.get(data, "developments", dict, "", {}))
    owner = {t: (e.name, lk.why) for e in entities for lk in e.lookalikes for t in lk.terms}
    lookalikes = _TermSet(owner, "lookalikes", r.path) if owner else None
    return Topic(
        name=topic_name,
        description=description,
        entities=entities,
        sources=sources,
        rule=rule,
        path=Path(path) if path != "<profile>" else None,
        developments=developments,
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
        label=r.get(table, "label", str, where, "").strip(),
    )


def _factor(r: _Reader, value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise r.fail(f"{where} must be a number in (0, 1], not {value!r}")
    return float(value)


def _parse_developments(r: _Reader, table: dict[str, Any]) -> EventWords:
    r.keys(table, _DEVELOPMENTS_KEYS, "developments.")
    names = []
    for i, t in enumerate(r.get(table, "names", list, "developments.", [])):
        where = f"developments.names[{i}]."
        if not isinstance(t, dict):
            raise r.fail(f"{where[:-1]} must be a table ([[developments.names]])")
        r.keys(t, _EVENT_NAME_KEYS, where)
        name = r.get(t, "name", str, where, "").strip()
        if not re.fullmatch(r"[\w.-]+", name):
            raise r.fail(f"{where}name must be one word (letters, digits, _ . -), not {name!r}")
        en = r.strings(t, "en", where)
        for pattern in en:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise r.fail(f"{where}en: bad regular expression {pattern!r}: {exc}") from None
        ko = r.strings(t, "ko", where)
        if not ko and not en:
            raise r.fail(f"{where}ko and en are both empty")
        story = _factor(r, t["story"], f"{where}story") if "story" in t else 1.0
        names.append(EventName(name, tuple(ko), tuple(en), story))
    words = r.get(table, "story_words", dict, "developments.", {})
    story_words = {w: _factor(r, f, f"developments.story_words.{w}") for w, f in words.items()}
    alias_weight = _factor(r, table["alias_weight"], "developments.alias_weight") if "alias_weight" in table else 0.3
    return EventWords(tuple(names), story_words, alias_weight)


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
    data = read_toml(path, label, TopicError)
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
