"""decode_html on correctly labelled, mislabelled and unlabelled pages."""

from __future__ import annotations

import pytest

from newsmon.pages.encoding import decode_html, normalize_encoding_name
from newsmon.pages.extract import extract_article

TITLE = "KT·MS ‘한국형 GPT-4o’ 만든다…5년간 수조원 대 파트너십"
TEXT = "글로벌 인공지능(AI) 서비스 개발 경쟁이 치열해지는 가운데 KT가 마이크로소프트(MS)와 협력 청사진을 내놨다."


def page(meta: str = "") -> str:
    return f"<html><head>{meta}<title>{TITLE}</title></head><body><p>{TEXT}</p></body></html>"


def test_http_header_charset() -> None:
    text, enc = decode_html(page().encode("utf-8"), "text/html; charset=UTF-8")
    assert enc == "utf_8" and TITLE in text


def test_meta_http_equiv_euc_kr_decodes_as_cp949() -> None:
    raw = page('<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">').encode("cp949")
    text, enc = decode_html(raw, None)
    assert enc == "cp949" and TITLE in text


def test_cp949_only_characters_under_euc_kr_label() -> None:
    # "똠" and "햏" exist in CP949 but not in strict EUC-KR.
    raw = page('<meta charset="euc-kr">').replace("만든다", "똠햏 만든다").encode("cp949")
    text, enc = decode_html(raw, "text/html; charset=EUC-KR")
    assert enc == "cp949" and "똠햏 만든다" in text


@pytest.mark.parametrize("label", ["text/html; charset=ISO-8859-1", "text/html; charset=windows-1252", None])
def test_mislabelled_or_unlabelled_cp949(label: str | None) -> None:
    raw = page().encode("cp949")
    text, enc = decode_html(raw, label)
    assert enc == "cp949"
    assert TITLE in text


def test_header_label_is_tried_before_the_meta_label() -> None:
    html = '<html><head><meta charset="koi8-r"><title>Новости</title></head><body><p>Новая политика.</p></body></html>'
    raw = html.encode("cp1251")
    text, enc = decode_html(raw, "text/html; charset=windows-1251")
    assert enc == "cp1251" and "Новая политика." in text
    # Without a header the <meta> label is the declaration.
    assert decode_html(raw, None)[1] == "koi8_r"


def test_utf8_page_labelled_euc_kr_in_meta() -> None:
    raw = page('<meta charset="euc-kr">').encode("utf-8")
    text, enc = decode_html(raw, None)
    assert enc == "utf_8" and TITLE in text


def test_utf8_bom_wins_over_header() -> None:
    raw = b"\xef\xbb\xbf" + page().encode("utf-8")
    text, enc = decode_html(raw, "text/html; charset=euc-kr")
    assert enc == "utf_8" and text.startswith("<html>") and TITLE in text


def test_real_latin1_page_stays_latin() -> None:
    raw = "<html><title>Café crème à la française</title></html>".encode("latin-1")
    text, enc = decode_html(raw, "text/html; charset=ISO-8859-1")
    assert enc == "cp1252" and "Café crème à la française" in text


def test_ascii_only_and_unknown_label() -> None:
    text, enc = decode_html(b"<html><title>Hello</title></html>", "text/html; charset=x-unknown")
    assert enc == "utf_8" and "Hello" in text


def test_normalize_encoding_name() -> None:
    assert normalize_encoding_name("EUC-KR") == "cp949"
    assert normalize_encoding_name("ks_c_5601-1987") == "cp949"
    assert normalize_encoding_name("x-windows-949") == "cp949"
    assert normalize_encoding_name("latin1") == "cp1252"
    assert normalize_encoding_name("bogus-charset") is None


def test_extract_article_decodes_mislabelled_bytes() -> None:
    raw = page().encode("cp949")
    art = extract_article(raw, "http://old.example.co.kr/read.asp?no=1",
                          headers={"content-type": "text/html; charset=iso-8859-1"})
    assert art.title == TITLE
    assert art.encoding == "cp949"


def test_a_latin_label_with_bytes_cp1252_leaves_undefined_still_decodes() -> None:
    """0x81, 0x8D, 0x8F, 0x90 and 0x9D have no cp1252 character: replaced, not a crash."""
    text, codec = decode_html(b"<p>caf\xe9 \x81\x8d\x8f\x90\x9d</p>", "text/html; charset=ISO-8859-1")
    assert text.startswith("<p>caf\u00e9 ") and text.count("\ufffd") == 5
