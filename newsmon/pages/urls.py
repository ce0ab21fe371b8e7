"""One URL per article: canonical forms for deduplication and storage.

The same story reaches us as an AMP page, a mobile page, a link with
``utm_*``/``fbclid`` tracking, and the desktop page.  Storing them as four
articles breaks dedupe and alert counts, so every URL is reduced to one
canonical spelling: tracking parameters and fragments dropped, scheme and host
lowercased, query sorted, AMP and mobile variants mapped to the desktop page,
while the parameters that *identify* the article (``idxno``, ``aid``, ``no``
...) are kept.  A page's own ``rel=canonical``/``og:url`` is trusted only when
it stays on the same registrable site: syndication partners and broken CMS
templates point elsewhere.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url

__all__ = ["canonicalize_url", "choose_canonical", "registrable_domain", "same_site"]

# Parameters that only say how the reader arrived, never which article it is.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "ttclid",
        "mc_cid", "mc_eid", "igshid", "igsh", "_ga", "_gl", "_hsenc", "_hsmi",
        "mkt_tok", "ref", "ref_src", "ref_url", "referer", "referrer", "cmpid",
        "ocid", "from", "spm", "sr_share", "share", "src", "source", "feature",
        "ncid", "cid_source", "s_cid", "smid", "partner", "guccounter", "amp",
        "outputtype", "output", "fromapp", "nclick", "sns", "via", "wt.mc_id",
        "trk", "trkcampaign", "rss", "rssid", "cmp", "icid", "intcmp",
    }
)
# Prefixes of tracking parameter families.
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "hmb_", "pk_", "mtm_", "vero_", "oly_", "__twitter")
# Parameters that identify an article on common CMSs; never dropped even when a
# prefix rule above would match.
ARTICLE_ID_PARAMS: frozenset[str] = frozenset(
    {
        "idxno", "aid", "oid", "sid", "sid1", "sid2", "no", "id", "article_id", "articleid",
        "newsid", "news_id", "nid", "idx", "seq", "num", "p", "page_id", "story",
        "storyid", "arcid", "ar_id", "artid", "code", "key", "cntn_cd",
    }
)
# Second-level labels under which registrations happen (example.co.kr).
_SECOND_LEVEL = frozenset(
    {"co", "or", "go", "ac", "ne", "re", "pe", "es", "hs", "ms", "sc", "kg", "mil",
     "com", "net", "org", "gov", "edu", "ltd", "plc", "nhs", "police", "gv", "ad"}
)
_MOBILE_AMP_LABELS = frozenset({"m", "mobile", "amp", "mobi"})
_AMP_PATH_RE = re.compile(r"(?:/amp(?=/|$)|\.amp(?=\.html?$|$))", re.IGNORECASE)
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def registrable_domain(host: str) -> str:
    """Naive registrable domain: last two labels, three under ``co.kr``-style SLDs."""
    host = host.lower().rstrip(".").split(":")[0]
    labels = [label for label in host.split(".") if label]
    if len(labels) <= 2 or re.fullmatch(r"[\d.]+", host):
        return host
    if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(url_a: str, url_b: str) -> bool:
    """True when both URLs are on the same registrable domain."""
    host_a, host_b = urlsplit(url_a).hostname, urlsplit(url_b).hostname
    if not host_a or not host_b:
        return False
    return registrable_domain(host_a) == registrable_domain(host_b)


def _is_tracking(name: str) -> bool:
    key = name.lower()
    if key in ARTICLE_ID_PARAMS:
        return False
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _strip_variant_host(host: str) -> str:
    """Drop a leading ``m.``/``mobile.``/``amp.`` label when a site remains."""
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in _MOBILE_AMP_LABELS:
        candidate = ".".join(labels[1:])
        if registrable_domain(candidate) != registrable_domain(host):
            break
        labels = labels[1:]
    return ".".join(labels)


def _strip_amp_path(path: str) -> str:
    stripped = _AMP_PATH_RE.sub("", path)
    stripped = re.sub(r"/{2,}", "/", stripped)
    return stripped or "/"


def canonicalize_url(url: str, *, base: str | None = None) -> str:
    """Return the canonical spelling of an article URL (see module docstring).

    Relative URLs are resolved against ``base``.  Non-HTTP(S) URLs are returned
    resolved but otherwise untouched.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        return url
    host = (parts.hostname or "").lower().rstrip(".")
    host = _strip_variant_host(host)
    port = parts.port
    netloc = host if port is None or str(port) == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = _strip_amp_path(parts.path or "/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    rebuilt = urlunsplit((scheme, netloc, path, urlencode(query), ""))
    # w3lib sorts the query and normalizes percent-encoding and path dots.
    return w3lib_canonicalize_url(rebuilt, keep_blank_values=True, keep_fragments=False)


def _is_site_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in {"", "/"} and not parts.query


def choose_canonical(page_url: str, rel_canonical: str | None, og_url: str | None) -> str:
    """Pick the article's canonical URL and canonicalize it.

    ``rel=canonical`` (then ``og:url``) wins when it resolves to an HTTP(S) URL
    on the page's registrable site and is not the bare home page (a common
    CMS-template bug); otherwise the fetched page URL is used.
    """
    for candidate in (rel_canonical, og_url):
        if not candidate or not candidate.strip():
            continue
        resolved = urljoin(page_url, candidate.strip())
        if urlsplit(resolved).scheme.lower() not in {"http", "https"}:
            continue
        if not same_site(page_url, resolved):
            continue
        if _is_site_root(resolved) and not _is_site_root(page_url):
            continue
        return canonicalize_url(resolved)
    return canonicalize_url(page_url)
