"""Seed documents: the real seed, an HTML page, an e-mail, and broken files."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

from newsmon.pages.seeds import SeedDocument, SeedError, load_seed_documents, parse_seed_document, read_seed_document

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EXTRA = Path(__file__).resolve().parent.parent / "data" / "seeds_extra"
SEED_NAME = "000_ae8dcea07d6c2241.txt"


@pytest.fixture(scope="module")
def seed() -> SeedDocument:
    return read_seed_document(SEEDS / SEED_NAME)


def test_real_seed_title_key_and_hash(seed: SeedDocument) -> None:
    assert seed.title == "[팩플] KT·MS ‘한국형 GPT-4o’ 만든다…5년간 수조원 대 파트너십"
    assert seed.path == SEED_NAME
    assert seed.key == f"seed:{SEED_NAME}"
    assert seed.content_hash == hashlib.sha256((SEEDS / SEED_NAME).read_bytes()).hexdigest()


def test_real_seed_body_keeps_the_article_and_drops_the_footer(seed: SeedDocument) -> None:
    body = seed.body
    assert body.startswith("글로벌 인공지능(AI) 서비스 개발 경쟁이 치열해지는 가운데 KT가 마이크로소프트(MS)와")
    assert body.rstrip().endswith("AI 인프라 구축을 위해 대규모로 투자하는 중이다.")
    for section in ("무슨일이야", "KT와 MS 뭘 하려는거야", "이게 왜 중요해", "MS의 큰 그림", "애저 오픈AI"):
        assert section in body
    for junk in ("무단전재", "Copyright", "| 중앙일보", "팩플 : 생성AI", "데이터센터 전쟁", "https://",
                 "kwen.yujin", "권유진 기자", "노무현", "━"):
        assert junk not in body, junk
    assert seed.title not in body


def test_real_seed_metadata(seed: SeedDocument) -> None:
    assert seed.authors == ["권유진"]
    assert seed.source_name == "중앙일보"
    assert seed.language == "ko"
    assert seed.links == [
        "https://www.joongang.co.kr/article/25252098",
        "https://www.joongang.co.kr/article/25250486",
    ]


def test_real_seed_has_no_invented_date(seed: SeedDocument) -> None:
    # "29일 KT에 따르면" and "27일(현지시간)" name no month or year.
    assert seed.published_at is None
    assert seed.published_raw is None


def test_printed_full_date_is_read(tmp_path: Path) -> None:
    doc = parse_seed_document(
        "kt.txt",
        "KT·MS 협력 확대\n입력 2024.09.29 15:00 수정 2024.09.30 09:12\nKT가 마이크로소프트와 협력을 넓힌다.\n".encode(),
    )
    assert doc.published_at == datetime(2024, 9, 29, 6, 0, tzinfo=timezone.utc)
    assert doc.published_raw == "입력 2024.09.29 15:00"
    assert "입력" not in doc.body
    assert doc.body == "KT가 마이크로소프트와 협력을 넓힌다."


def test_english_text_seed_with_published_line() -> None:
    doc = read_seed_document(EXTRA / "030_english_dated.txt")
    assert doc.title == "KT, Microsoft to co-invest $1.8 billion in AI and cloud"
    assert doc.language == "en"
    assert doc.published_at == datetime(2024, 9, 29, 5, 0, tzinfo=timezone.utc)  # 14:00 KST
    assert doc.published_raw == "Published September 29, 2024 14:00 KST"
    assert doc.authors == ["Min-ji Lee"]
    assert doc.source_name == "Korea Tech Daily"
    assert doc.links == []
    assert "Samsung unveils" not in doc.body and "All rights reserved" not in doc.body
    assert doc.body.startswith("SEOUL -- KT Corp. said on Sunday")


def test_html_seed_uses_the_extractor_and_the_canonical_url() -> None:
    doc = read_seed_document(EXTRA / "010_zdnet_kt_ms_ax.html")
    assert doc.key == "seed:010_zdnet_kt_ms_ax.html"
    assert doc.title == 'KT, MS와 AX 전문법인 세운다…"공공 클라우드 문 연다"'
    assert doc.body.startswith("KT가 마이크로소프트(MS)와의 전략적 파트너십 후속 조치로")
    assert "무단전재" not in doc.body and "회사소개" not in doc.body and "홈" not in doc.body.split()
    assert doc.published_at == datetime(2024, 10, 1, 1, 15, tzinfo=timezone.utc)
    assert doc.authors == ["박수정"]
    assert doc.source_name == "지디넷코리아"
    assert doc.language == "ko"
    # The page's own canonical URL first, then the links inside <article>; no navigation links.
    assert doc.links == [
        "https://zdnet.co.kr/view/?no=20241001101500",
        "https://zdnet.co.kr/view/?no=20240929080000",
    ]


def test_eml_seed_prefers_the_plain_part() -> None:
    doc = read_seed_document(EXTRA / "020_newsletter_kt_microsoft.eml")
    assert doc.title == "KT and Microsoft open joint AI innovation center in Seoul"
    assert doc.published_raw == "Wed, 02 Oct 2024 08:30:00 +0900"
    assert doc.published_at == datetime(2024, 10, 1, 23, 30, tzinfo=timezone.utc)
    assert doc.language == "en"
    assert doc.authors == ["Jane Doe"]
    assert doc.source_name == "Korea Tech Brief"
    assert doc.links == [
        "https://www.koreatechbrief.example/2024/10/kt-microsoft-ai-center",
        "https://www.koreatechbrief.example/2024/09/kt-microsoft-deal",
    ]
    assert "Phi family" in doc.body
    for junk in ("Unsubscribe", "All rights reserved", "By Jane Doe", "https://"):
        assert junk not in doc.body


def test_eml_seed_with_only_an_html_part() -> None:
    msg = EmailMessage()
    msg["Subject"] = "KT·MS, 한국형 AI 공동 개발 착수"
    msg["From"] = "news@example.org"
    msg["Date"] = "Mon, 30 Sep 2024 10:00:00 +0900"
    msg.set_content(
        "<html><body><article><h1>KT·MS, 한국형 AI 공동 개발 착수</h1>"
        "<p>KT와 마이크로소프트가 한국형 AI 모델을 공동 개발한다. 두 회사는 애저 오픈AI를 활용한다.</p>"
        "<p>자세히: <a href='https://news.example.org/a/1'>기사</a></p></article></body></html>",
        subtype="html",
    )
    doc = parse_seed_document("html-only.eml", msg.as_bytes())
    assert doc.title == "KT·MS, 한국형 AI 공동 개발 착수"
    assert "KT와 마이크로소프트가" in doc.body
    assert doc.published_at == datetime(2024, 9, 30, 1, 0, tzinfo=timezone.utc)
    assert doc.links == ["https://news.example.org/a/1"]


def test_load_seed_documents_sorted_and_skips_profiles(tmp_path: Path) -> None:
    for p in EXTRA.iterdir():
        shutil.copy(p, tmp_path / p.name)
    shutil.copy(SEEDS / SEED_NAME, tmp_path / SEED_NAME)
    (tmp_path / "kt-microsoft.toml").write_text('name = "x"\n', encoding="utf-8")
    (tmp_path / "README.md").write_text("notes\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_bytes(b"\x00\x01")
    docs = load_seed_documents(tmp_path)
    assert [d.path for d in docs] == [
        SEED_NAME, "010_zdnet_kt_ms_ax.html", "020_newsletter_kt_microsoft.eml", "030_english_dated.txt",
    ]
    assert all(d.key == f"seed:{d.path}" for d in docs)


def test_project_seeds_folder_loads() -> None:
    docs = load_seed_documents(SEEDS)
    assert SEED_NAME in [d.path for d in docs]


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("garbage.txt", bytes(range(256)) * 8, "binary"),
        ("undecodable.txt", "KT·MS 협력".encode("utf-8") + b"\xff\xfe\xfa\xfb\x80\x81 text", "not UTF-8 or CP949"),
        ("headline-only.txt", "KT·MS 협력 확대\n\n".encode(), "no article text"),
        ("empty.html", b"", "empty"),
        ("binary.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("no-headline.html", b"<html><body><div></div></body></html>", "no headline"),
        ("empty.eml", b"", "empty"),
        ("not-mail.eml", b"\x00\x01\x02 just bytes", "not an e-mail"),
        ("notes.doc", b"KT\nMS\n", "not a seed document"),
    ],
)
def test_broken_seed_is_a_one_line_error_naming_the_file(name: str, data: bytes, problem: str) -> None:
    with pytest.raises(SeedError) as err:
        parse_seed_document(name, data)
    message = str(err.value)
    assert message.startswith(f"{name}: ")
    assert problem in message
    assert "\n" not in message


def test_broken_file_in_folder_names_it(tmp_path: Path) -> None:
    shutil.copy(SEEDS / SEED_NAME, tmp_path / SEED_NAME)
    (tmp_path / "999_corrupt.txt").write_bytes(b"\x00\xff" * 100)
    with pytest.raises(SeedError, match=r"^999_corrupt\.txt: binary"):
        load_seed_documents(tmp_path)


def test_cp949_text_seed_is_decoded() -> None:
    data = "KT, MS와 협력\nKT가 마이크로소프트와 손잡았다.\n".encode("cp949")
    doc = parse_seed_document("legacy.txt", data)
    assert doc.title == "KT, MS와 협력"
    assert doc.body == "KT가 마이크로소프트와 손잡았다."


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("김철수·이영희 기자", ["김철수", "이영희"]),
        ("워싱턴=김철수 특파원 kim@example.co.kr", ["김철수"]),
        ("By Min-ji Lee and Tom Kim, Staff Writers", ["Min-ji Lee", "Tom Kim"]),
    ],
)
def test_bylines_become_authors_and_leave_the_body(byline: str, authors: list[str]) -> None:
    text = f"KT·MS 협력\nKT가 마이크로소프트와 협력한다.\n{byline}\n"
    doc = parse_seed_document("byline.txt", text.encode())
    assert doc.authors == authors
    assert doc.body == "KT가 마이크로소프트와 협력한다."


def test_sentences_that_look_like_bylines_stay_in_the_body() -> None:
    text = "KT and Microsoft\nBy Tuesday, the two companies had agreed.\nKT 기자회견에서 발표됐다.\n"
    doc = parse_seed_document("prose.txt", text.encode())
    assert doc.authors == []
    assert doc.body == "By Tuesday, the two companies had agreed.\nKT 기자회견에서 발표됐다."
