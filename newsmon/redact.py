"""Masking secrets in anything newsmon prints, logs or stores.

Two nets, because one is not enough: the secret values this process knows
(the SMTP password from its environment variable, every password form the
database URL can carry), which are replaced wherever they appear, however
the text around them looks; and patterns for password fields in text from
elsewhere (a URL's ``user:password@``, ``?password=``, libpq's
``password=...`` keyword form), which catch secrets this process was never
told about, e.g. in an error message quoting another URL.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

MASK = "***"
#: Shorter values are not treated as secrets: masking every "a" would garble text.
MIN_SECRET_CHARS = 3
#: Names under which URLs and libpq keyword strings carry a password.
PASSWORD_KEYS = ("password", "passwd", "pwd", "pass", "sslpassword")

_known: set[str] = set()

_KEYS = "|".join(PASSWORD_KEYS)
_PATTERNS = (
    # scheme://user:password@host
    (re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)([^@\s]+)(@)"), r"\1" + MASK + r"\3"),
    # ?password=... / &password=... in a URL query
    (re.compile(rf"([?&;](?:{_KEYS})=)([^&#\s]*)", re.I), r"\1" + MASK),
    # libpq keyword form: password='quoted \' value' or password=value
    (re.compile(rf"(\b(?:{_KEYS})\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'&]+)", re.I), r"\1" + MASK),
)


def remember(*values: Optional[str]) -> None:
    """Add secret values to mask from now on (with the encoded forms they take in URLs)."""
    for value in values:
        if value and len(value) >= MIN_SECRET_CHARS:
            _known.update({value, quote(value, safe=""), quote_plus(value)})


def forget_all() -> None:
    """Clear the remembered values (tests, and a process that loads another config)."""
    _known.clear()


def url_passwords(url: str) -> list[str]:
    """Every password a database URL carries: userinfo, query parameters, libpq keywords."""
    found = []
    try:
        parts = urlsplit(url)
        if parts.password:
            found.append(unquote(parts.password))
        found += [v for k, v in parse_qsl(parts.query, keep_blank_values=False) if k.lower() in PASSWORD_KEYS]
    except ValueError:
        pass
    for m in re.finditer(rf"\b(?:{_KEYS})\s*=\s*('(?:[^'\\]|\\.)*'|[^\s'&]+)", url, re.I):
        value = m.group(1)
        found.append(value[1:-1].replace("\\'", "'") if value.startswith("'") else unquote(value))
    return [v for v in found if v]


def mask(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret and every password-looking field replaced by ``***``."""
    for value in sorted({*_known, *(s for s in secrets if s and len(s) >= MIN_SECRET_CHARS)}, key=len, reverse=True):
        text = text.replace(value, MASK)
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text
