"""The article's own text: which part of the page is the story.

JSON-LD ``articleBody`` when plausible, else the site's own article container
(``itemprop=articleBody``, ``#article_body``, ``.article-body`` ...), else the
densest prose block, else trafilatura; then boilerplate lines are removed
(:mod:`newsmon.pages.boilerplate`).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from newsmon.pages.boilerplate import clean_body
from newsmon.pages.html_tree import (SKIP_TAGS, element_text, is_chrome, is_furniture, is_other_story, text_content,
                                     text_lines)

_LD_TEASER_RATIO = 0.6
_MIN_BODY_CHARS = 120
# A container shorter than this is checked against the densest block (costly: a whole-tree walk).
_SHORT_CONTAINER = 500
# Normalized (lowercase, no "-"/"_") ids/classes of article-body containers.
_BODY_ID_NAMES = frozenset(
    {"articlebody", "articebody", "articleviewcontentdiv", "dicarea", "newsctarticle",
     "articlebodycontents", "newsbodyid", "newsendcontents", "articletxt", "articletext",
     "textbody", "newscontent", "contentbody", "articlecontent", "articlecontents", "storybody",
     "newsbody", "articlecont", "articlecon", "newstext", "arttxt", "viewcontent", "newsview",
     "articlebodytext", "storytext", "bodytext", "newsbodyarea", "newsviewbody", "articletextarea",
     "cntarticle", "articleview", "viewcon", "newstxt", "articlebodyarea", "newsarticle"}
)
_BODY_CLASS_NAMES = frozenset(
    {"articlebody", "articlebodytext", "articlecontent", "articletxt", "articletext", "storybody",
     "storycontent", "storytext", "entrycontent", "postcontent", "postbody", "newsbody",
     "newscontent", "newstext", "bodytext", "viewcon", "arttxt", "articlebodycontent",
     "articleview", "articlecont", "articlecon", "contentarticle", "articlebodywrapper",
     "newsviewbody", "textarea", "paywall", "richtext", "cmscontent", "contentbody",
     "articlemain", "newsarticle", "articledetail", "newsdetail", "articletextarea"}
)


def _norm_token(token: str) -> str:
    return token.replace("-", "").replace("_", "").lower()


def _container_candidates(tree: Any) -> list[tuple[int, Any]]:
    """(tier, element) pairs: itemprop=articleBody, known ids, known classes, <article>."""
    found: list[tuple[int, Any]] = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if (el.get("itemprop") or "").lower() == "articlebody":
            found.append((0, el))
            continue
        ident = el.get("id")
        if ident and _norm_token(ident) in _BODY_ID_NAMES:
            found.append((1, el))
            continue
        name = el.get("name")
        if name and _norm_token(name) == "articlebody":
            found.append((1, el))
            continue
        classes = el.get("class")
        # Normalizing the attribute then splitting gives the normalized tokens.
        if classes and not _BODY_CLASS_NAMES.isdisjoint(_norm_token(classes).split()):
            found.append((2, el))
            continue
        if el.tag == "article":
            found.append((3, el))
    return found


def _container_body(tree: Any) -> tuple[str | None, int | None]:
    """(text, tier) of the article container: the first tier with a candidate of at least
    ``_MIN_BODY_CHARS``, its longest candidate.

    A story some sites split over several containers of one kind (tiers 0-2: the same
    tag and class, none inside another) is joined in page order.  Candidates in comments
    or related-story lists never count, nor ``<body>`` whatever its class says.
    """
    by_tier: dict[int, list[Any]] = {}
    for tier, el in _container_candidates(tree):
        if el.tag in ("body", "html") or is_other_story(el) or any(is_other_story(a) for a in el.iterancestors()):
            continue
        by_tier.setdefault(tier, []).append(el)
    for tier in sorted(by_tier):
        texts = {el: "\n".join(text_lines(element_text(el, is_furniture))) for el in by_tier[tier]}
        best = max(by_tier[tier], key=lambda el: len(texts[el]))
        if len(texts[best]) < _MIN_BODY_CHARS:
            continue
        if tier < 3:
            kind = (best.tag, best.get("class"))
            parts = [el for el in by_tier[tier] if (el.tag, el.get("class")) == kind and texts[el]]
            parts = [el for el in parts if not any(a in parts for a in el.iterancestors())]
            if len(parts) > 1:
                return "\n".join(texts[el] for el in parts), tier
        return texts[best], tier
    return None, None


INLINE_TAGS = frozenset({"a", "b", "i", "em", "strong", "span", "font", "u", "small", "big", "sup", "sub",
                          "mark", "q", "cite", "abbr", "time", "br", "wbr", "s", "strike", "nobr"})


def _own_text_len(el: Any) -> int:
    """Length of the prose an element shows itself: its text plus inline, non-link children."""
    total = len((el.text or "").strip())
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        # Link text is navigation, not prose: ranking lists and menus score nothing.
        if tag in INLINE_TAGS and tag != "a" and child.find(".//a") is None:
            total += len(text_content(child).strip())
        total += len((child.tail or "").strip())
    return total


def _densest_block(tree: Any) -> str | None:
    """Readability-style fallback: the element holding the most paragraph text.

    Each block with at least 40 characters of its own text scores that length
    for itself and its parent, half for its grandparent; the top element's text
    (minus furniture) wins.  Catches old table layouts whose text sits in a
    ``<td>`` between ``<br>`` tags, which trafilatura flattens into "| cell |" rows.
    """
    body = tree.find("body")
    if body is None:
        return None
    if any(is_chrome(a) for a in body.iterancestors()):
        return None
    scores: dict[Any, float] = {}
    # Elements inside a chrome element never score: skip its subtree whole.
    walker = etree.iterwalk(body, events=("start",))
    for _, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if is_chrome(el):
            walker.skip_subtree()
            continue
        tag = tag.lower()
        if tag in INLINE_TAGS or tag in SKIP_TAGS:
            continue
        own = _own_text_len(el)
        if own < 40:
            continue
        scores[el] = scores.get(el, 0.0) + own
        parent = el.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + own
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + own / 2
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    text = "\n".join(text_lines(element_text(best, is_furniture)))
    return text or None


def _ld_body(article: Mapping[str, Any] | None) -> str | None:
    if article is None:
        return None
    raw = article.get("articleBody")
    if isinstance(raw, list):
        raw = "\n".join(str(x) for x in raw)
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = html_lib.unescape(raw)
    if "<" in text and re.search(r"</?(?:p|br|div|span|a|strong|em|b|i)\b", text, re.IGNORECASE):
        fragment = lxml.html.fragment_fromstring(text, create_parent="div")
        text = element_text(fragment, is_furniture)
    return "\n".join(text_lines(text)) or None


def _trafilatura_body(text: str, url: str) -> str | None:
    return trafilatura.extract(
        text,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )


def _dense_text(tree: Any, title: str | None) -> str:
    dense = _densest_block(tree)
    return "\n\n".join(clean_body(text_lines(dense), title)) if dense else ""


def extract_body(text: str, tree: Any, url: str, article: Mapping[str, Any] | None,
                  title: str | None) -> tuple[str, str | None]:
    container, tier = _container_body(tree)
    container_lines = clean_body(text_lines(container), title) if container else []
    container_text = "\n\n".join(container_lines)

    ld = _ld_body(article)
    if ld:
        ld_lines = clean_body(text_lines(ld), title)
        ld_text = "\n\n".join(ld_lines)
        plausible = len(ld_text) >= _MIN_BODY_CHARS and not ld_text.rstrip().endswith(("...", "…"))
        if plausible and (not container_text or len(ld_text) >= _LD_TEASER_RATIO * len(container_text)):
            return ld_text, "jsonld"
    if len(container_text) >= _MIN_BODY_CHARS:
        if tier != 3 and len(container_text) >= _SHORT_CONTAINER:
            return container_text, "container"
        # An <article> (often a teaser in a list) or a short container: the page's
        # densest prose wins when it is more than twice as long.
        dense_text = _dense_text(tree, title)
        if len(dense_text) <= 2 * len(container_text):
            return container_text, "container"
        return dense_text, "density"

    dense_text = _dense_text(tree, title)
    # Measured on tests/extraction_eval: the densest block matches trafilatura's
    # F1 on div-soup pages, beats it on table layouts, and costs a tenth of the time.
    if len(dense_text) >= _MIN_BODY_CHARS:
        return dense_text, "density"
    extracted = _trafilatura_body(text, url)
    if extracted:
        traf_text = "\n\n".join(clean_body(text_lines(extracted), title))
        if len(traf_text) >= max(len(container_text), 1):
            return traf_text, "trafilatura"
    if container_text:
        return container_text, "container"
    return "", None

