"""Who wrote the article: JSON-LD, meta tags, byline elements, then byline lines in the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from newsmon.pages.html_tree import has_token, is_elsewhere, squash_ws, text_content, token_res
from newsmon.pages.labels import EMAIL_RE, KO_BYLINE_RE, KO_ROLE

_KO_NOT_NAMES = frozenset(
    {"이날", "한편", "당시", "담당", "취재", "현장", "소속", "모든", "관련", "해당", "본지", "사진",
     "영상", "인턴", "전문", "선임", "수석", "객원", "경제", "정치", "사회", "산업", "국제", "뉴스",
     "기자", "일부", "다른", "외신", "많은", "여러", "지역", "방송"}
)
_EN_BY_RE = re.compile(r"\bBy\s+(.+)", re.IGNORECASE)
_EN_ROLE_RE = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|bureau|reuters|"
    r"associated press|news|desk|updated|published|posted)\b",
    re.IGNORECASE,
)
_EN_NAME_RE = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")
_BYLINE_TOKEN_RE, _BYLINE_CLASS_RE = token_res(r"byline|author|authors|writer|reporter|journalist|name|profile")


def _clean_name(name: str) -> str | None:
    name = EMAIL_RE.sub("", name)
    name = re.sub(r"^(?:by|글|글=|written by)\s*", "", name.strip(), flags=re.IGNORECASE)
    name = re.sub(rf"\s*{KO_ROLE}\s*$", "", name)
    name = name.strip(" ,;:|/=()[]<>\t\"'")
    if not name or len(name) > 60 or "http" in name or "/" in name or re.search(r"\d", name):
        return None
    return name


def _split_names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|&|·|/)\s*", text)
    return [p for p in parts if p]


def _korean_bylines(text: str) -> list[str]:
    names: list[str] = []
    for match in KO_BYLINE_RE.finditer(text):
        for name in re.split(r"\s*[·,]\s*", match.group("names")):
            if name not in _KO_NOT_NAMES:
                names.append(name)
    return names


def _english_bylines(text: str) -> list[str]:
    match = _EN_BY_RE.search(text)
    if not match:
        return []
    tail = re.split(r"\s[|–—-]\s|\n|\bUpdated\b|\bPublished\b|\bPosted\b", match.group(1))[0]
    names = []
    for part in _split_names(tail):
        part = part.strip(" .")
        if _EN_ROLE_RE.search(part) or not _EN_NAME_RE.match(part):
            continue
        names.append(part)
    return names


def _ld_authors(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("name")
        if isinstance(item, str):
            names.extend(_split_names(item) if "," in item or "·" in item else [item])
    return names


def _dedupe_names(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for raw in names:
        name = _clean_name(raw)
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def extract_authors(tree: Any, article: Mapping[str, Any] | None, meta: Mapping[str, list[str]],
                     raw_text: Callable[[], str]) -> list[str]:
    """Names from JSON-LD, then meta, then byline elements, then ``raw_text()`` (called only then)."""
    if article is not None:
        names = _dedupe_names(_ld_authors(article.get("author")))
        if names:
            return names
    meta_names = [
        n for key in ("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author")
        for v in meta.get(key, []) if not v.lower().startswith(("http", "www.", "/"))
        for n in (_split_names(v) if key != "byl" else _english_bylines(v) or _split_names(v))
    ]
    names = _dedupe_names(meta_names)
    if names:
        return names
    byline_texts: list[str] = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in {"script", "style", "meta", "link"}:
            continue
        if has_token(el, _BYLINE_TOKEN_RE, _BYLINE_CLASS_RE) or any(
            _BYLINE_TOKEN_RE.search(value) for value in (el.get("rel"), el.get("itemprop")) if value
        ):
            text = squash_ws(text_content(el)).strip()
            # A byline among other stories, comments or widgets names someone else's work.
            if 0 < len(text) < 200 and not any(is_elsewhere(a) for a in el.iterancestors()):
                byline_texts.append(text)
    candidates: list[str] = []
    for text in byline_texts:
        candidates.extend(_korean_bylines(text))
        english = _english_bylines(text)
        if english:
            candidates.extend(english)
        elif _EN_NAME_RE.match(text) and not _EN_ROLE_RE.search(text) and len(text.split()) in (2, 3):
            candidates.append(text)
    body = "" if candidates else raw_text()
    if body:
        for line in body.split("\n"):
            candidates.extend(_korean_bylines(line[:300]))
            if not candidates:
                candidates.extend(_english_bylines(line[:200]))
    return _dedupe_names(candidates)


def raw_authors_text(lines: list[str], title: str | None) -> str:
    """Byline-bearing lines that body cleanup removes: the lines under the
    headline and short lines with an e-mail address (reporter sign-offs)."""
    start = 0
    if title:
        start = next((k for k, line in enumerate(lines) if title[:20] in line), 0)
    picked = lines[start : start + 6]
    picked += [line for line in lines if len(line) < 100 and EMAIL_RE.search(line)]
    return "\n".join(picked)

