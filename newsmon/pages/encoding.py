"""Decode fetched HTML bytes to text, surviving mislabelled Korean pages.

Old Korean news sites serve EUC-KR/CP949 with no label, with a wrong HTTP
label (ISO-8859-1 is a classic server default) or with the charset only in a
``<meta http-equiv>`` tag.  Trusting the first label we see turns every
headline into mojibake, so each declared encoding is *checked*: a declaration
that does not decode the bytes strictly, or a single-byte Latin label on bytes
that are valid UTF-8/CP949 Korean, loses to the evidence.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

__all__ = ["decode_html", "normalize_encoding_name"]

# Labels whose real-world meaning is a superset codec (WHATWG encoding standard).
_SUPERSETS = {
    "euc_kr": "cp949",
    "euckr": "cp949",
    "ks_c_5601_1987": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "korean": "cp949",
    "uhc": "cp949",
    "ms949": "cp949",
    "x_windows_949": "cp949",
    "windows_949": "cp949",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
}
# Labels that accept any byte sequence, so a strict decode proves nothing.
_PERMISSIVE = {"cp1252", "iso8859_15", "cp1250", "cp1251", "koi8_r", "mac_roman"}
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_HIGH_BYTE_RE = re.compile(rb"[\x80-\xff]")
_MOJIBAKE_RE = re.compile(r"[\u00c0-\u00ff]")
_META_SCAN_BYTES = 4096


def normalize_encoding_name(name: str | None) -> str | None:
    """Map an encoding label to the Python codec we decode with, or None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower().replace("-", "_")
    if label in _SUPERSETS:
        return _SUPERSETS[label]
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    key = codec.replace("-", "_")
    return _SUPERSETS.get(key, key)


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_korean(text: str) -> bool:
    """True when decoded high-byte text is mostly Hangul (not mojibake)."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii > 0 and len(_HANGUL_RE.findall(text)) >= 0.6 * non_ascii


def _header_codec(content_type: str | None) -> str | None:
    return normalize_encoding_name(http_content_type_encoding(content_type or ""))


def _meta_codec(body: bytes) -> str | None:
    """The ``<meta>`` charset; scanned only when the header does not settle it."""
    head = body[:_META_SCAN_BYTES].decode("ascii", errors="replace")
    return normalize_encoding_name(html_body_declared_encoding(head))


def _decode_declared(body: bytes, codec: str | None) -> tuple[str, str] | None:
    """(text, codec) if the declared ``codec`` holds up (see :func:`decode_html`)."""
    if codec is None:
        return None
    if codec in _PERMISSIVE:
        # Any byte decodes; check the likelier multi-byte readings first.
        for alt in ("utf_8", "cp949"):
            text = _strict(body, alt)
            if text is not None and (alt == "utf_8" or _looks_korean(text)):
                return text, alt
        return body.decode(codec, errors="replace"), codec  # cp1252 leaves 5 bytes undefined
    text = _strict(body, codec)
    return (text, codec) if text is not None else None


def _detect(body: bytes) -> str | None:
    best = from_bytes(body[:65536]).best()
    return normalize_encoding_name(best.encoding) if best is not None else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML response body; return (text, codec name used).

    Order of evidence: byte-order mark, HTTP ``Content-Type`` charset,
    ``<meta charset>``/``http-equiv``, then detection.  A label is used only if
    it decodes the bytes strictly; a permissive single-byte label (ISO-8859-1,
    windows-1252) loses to UTF-8 or CP949 when those decode the bytes as Korean.
    "euc-kr" is always decoded as cp949, its superset.
    """
    bom = read_bom(body)
    if bom[0]:
        codec = normalize_encoding_name(bom[0]) or "utf_8"
        return body[len(bom[1]) :].decode(codec, errors="replace"), codec

    header = _header_codec(content_type)
    if not _HIGH_BYTE_RE.search(body):
        codec = header or _meta_codec(body) or "utf_8"
        if codec in {"utf_16", "utf_16_le", "utf_16_be", "utf_32"}:
            codec = "utf_8"  # an ASCII-only body cannot be UTF-16
        return body.decode(codec, errors="replace"), codec

    decoded = _decode_declared(body, header)
    if decoded is not None:
        return decoded
    meta = _meta_codec(body)
    decoded = _decode_declared(body, meta)
    if decoded is not None:
        return decoded

    for codec in ("utf_8", "cp949"):
        text = _strict(body, codec)
        if text is not None and (codec == "utf_8" or _looks_korean(text)):
            return text, codec

    detected = _detect(body)
    if detected is not None:
        text = _strict(body, detected)
        if text is not None:
            return text, detected
    # Damaged bytes: the best declared guess, with replacement characters.
    codec = header or meta or detected or "utf_8"
    if codec in _PERMISSIVE and _MOJIBAKE_RE.search(body.decode(codec, errors="replace")):
        korean = body.decode("cp949", errors="replace")
        if _looks_korean(korean):
            return korean, "cp949"
    return body.decode(codec, errors="replace"), codec
