"""extract_article on saved pages of each markup style, and quality vs trafilatura."""

from __future__ import annotations

import json
import pickle
import random
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

import newsmon.pages.boilerplate as boilerplate
import newsmon.pages.html_tree as html_tree
import newsmon.pages.page_dates as page_dates
from bench.bench_extract_quality import run as run_quality_bench
from newsmon.pages.extract import ExtractedArticle, extract_article

EVAL = Path(__file__).parent.parent / "extraction_eval"
NOW = datetime(2024, 12, 31, tzinfo=timezone.utc)
BOILERPLATE = ("무단전재", "무단 전재", "재배포", "Copyright", "ⓒ", "©", "저작권자", "관련기사", "관련 뉴스",
               "많이 본 뉴스", "페이스북", "카카오톡", "URL복사", "@", "Most read", "Share this",
               "Advertisement", "cookies", "Comments", "댓글", "사진=", "Related")


def page(name: str) -> tuple[bytes, dict]:
    truth = json.loads((EVAL / f"{name}.json").read_text(encoding="utf-8"))
    return (EVAL / f"{name}.html").read_bytes(), truth


def assert_clean(body: str) -> None:
    for marker in BOILERPLATE:
        assert marker not in body, marker


def test_modern_korean_jsonld_page() -> None:
    raw, truth = page("01")
    art = extract_article(raw, truth["url"], now=NOW)
    assert art.title == "KT·MS, 5년간 수조원 규모 AI·클라우드 파트너십 체결"
    assert art.body.startswith("KT가 마이크로소프트(MS)와 향후 5년간")
    assert art.body.endswith("계기가 될 것”이라고 말했다.")
    assert art.body == truth["body"]
    assert_clean(art.body)
    assert art.body_source == "jsonld"
    assert art.published_at == datetime.fromisoformat("2024-09-29T15:05:00+09:00")
    assert art.published_raw == "2024-09-29T15:05:00+09:00"
    assert art.published_source == "jsonld"
    assert art.authors == ["김하늘"]
    assert art.language == "ko"
    assert art.site_name == "한빛일보"
    assert art.canonical_url == "https://www.hanbit-ilbo.co.kr/article/20240000"


def test_english_meta_dates_without_jsonld() -> None:
    raw, truth = page("02")
    assert b"ld+json" not in raw
    art = extract_article(raw, truth["url"], now=NOW)
    assert art.title == "KT and Microsoft sign multibillion-dollar AI and cloud pact"
    assert art.body.startswith("South Korean telecom operator KT Corp. said on Sunday")
    assert art.body.endswith("which have backed their own large language models.")
    assert_clean(art.body)
    assert art.published_source == "meta"
    assert art.published_at == datetime(2024, 9, 29, 13, 30, tzinfo=timezone.utc)
    assert art.authors == ["Daniel Marsh"]
    assert art.language == "en"
    assert art.site_name == "Harbor Ledger"
    # utm_* tracking dropped; rel=canonical on the same site.
    assert art.canonical_url == ("https://harborledger.com/2024/09/29/"
                                 "kt-and-microsoft-sign-multibillion-dollar-ai-and-cloud-pact/")


def test_old_euc_kr_table_layout_with_printed_date() -> None:
    raw, truth = page("07")
    assert b"charset=euc-kr" in raw and "기사입력".encode("cp949") in raw
    # The server mislabels the page; the <meta http-equiv> and the bytes win.
    art = extract_article(raw, truth["url"], headers={"Content-Type": "text/html; charset=ISO-8859-1"}, now=NOW)
    assert art.encoding == "cp949"
    assert art.title == "프로야구 가을야구 막차 주인공은…마지막 3경기에 달렸다"
    assert art.body.startswith("프로야구 정규시즌 종료를 일주일 앞두고")
    assert art.body.endswith("승부를 가를 것”이라고 내다봤다.")
    assert_clean(art.body)
    assert "기사입력" not in art.body and "많이 본" not in art.body
    assert art.published_source == "printed"
    assert art.published_raw == "기사입력 2024-09-25 오후 10:40"
    assert art.published_at == datetime.fromisoformat("2024-09-25T22:40:00+09:00")
    assert art.authors == ["정민재"]
    assert art.language == "ko"
    assert art.site_name is None
    assert art.canonical_url == "http://www.maeilbiz.co.kr/news/read.asp?no=50006&section=it"


def test_amp_page_maps_to_canonical() -> None:
    raw, truth = page("10")
    assert truth["url"].startswith("https://amp.")
    art = extract_article(raw, truth["url"], now=NOW)
    assert art.canonical_url == "https://www.sciencedispatch.org/2024/06/18/story-9/"
    assert art.title == "Researchers find new species of frog in mountain rainforest"
    assert art.body == truth["body"]
    assert "Photo:" not in art.body and "Read next" not in art.body
    assert art.published_at == datetime(2024, 6, 18, 8, 15, tzinfo=timezone.utc)
    assert art.authors == ["Aisha Bello"]
    assert art.site_name == "Science Dispatch"


def test_mobile_page_graph_jsonld() -> None:
    raw, truth = page("13")
    assert "://m." in truth["url"]
    art = extract_article(raw, truth["url"], now=NOW)
    assert art.canonical_url == "https://www.edunews.co.kr/news/view.php?id=70012"
    assert art.title == "전기차 배터리 화재 대책 발표…지하주차장 충전 제한"
    assert art.body.startswith("정부가 잇따른 전기차 화재에 대응해")
    assert art.body.endswith("우려했다.")
    assert_clean(art.body)
    assert art.site_name == "에듀뉴스"  # JSON-LD publisher organisation
    assert art.authors == ["윤서연"]  # the JSON-LD author's e-mail is not a name
    assert art.published_source == "jsonld"


URL_ONLY_PAGE = """<html><head><title>KT 클라우드, 부산 데이터센터 증설 - 바다일보</title></head><body>
<div class="top"><a href="/">바다일보</a></div><h2>KT 클라우드, 부산 데이터센터 증설</h2>
<div class="news_txt"><p>KT 클라우드가 부산 강서구 데이터센터의 전력 용량을 두 배로 늘린다고 밝혔다.
증설 공사는 내년 3월 마무리되며, 마이크로소프트 애저 고객을 위한 전용 구역도 마련된다.</p>
<p>회사는 이번 증설로 영남권 기업 고객의 AI 학습 수요에 대응할 수 있을 것으로 기대했다.</p>
<p>박바다 기자 bada@badailbo.co.kr</p></div><div class="foot">ⓒ 바다일보 무단전재 및 재배포 금지</div></body></html>"""


def test_date_only_in_url() -> None:
    url = "https://www.badailbo.co.kr/news/2024/10/03/kt-cloud-busan?utm_campaign=feed#comments"
    art = extract_article(URL_ONLY_PAGE, url, now=NOW)
    assert art.published_source == "url"
    assert art.published_raw == "2024/10/03"
    assert art.published_at == datetime.fromisoformat("2024-10-03T00:00:00+09:00")
    assert art.title == "KT 클라우드, 부산 데이터센터 증설"
    assert art.body.startswith("KT 클라우드가 부산 강서구")
    assert art.body.endswith("대응할 수 있을 것으로 기대했다.")
    assert_clean(art.body)
    assert art.authors == ["박바다"]
    assert art.canonical_url == "https://www.badailbo.co.kr/news/2024/10/03/kt-cloud-busan"


def conflict_page(published: str, modified: str) -> str:
    ld = json.dumps({"@type": "NewsArticle", "headline": "MS, 서울 리전 GPU 증설",
                     "datePublished": published, "dateModified": modified,
                     "author": "최서울 기자, 김부산 기자", "publisher": {"name": "클라우드타임즈"}},
                    ensure_ascii=False)
    return f"""<html lang="ko"><head><script type="application/ld+json">{ld}</script>
<meta property="article:published_time" content="2024-09-30T08:00:00+09:00">
<link rel="canonical" href="https://partner-portal.example.org/copy/1"></head><body><h1>MS, 서울 리전 GPU 증설</h1>
<div class="article-info">입력 2024.09.29 07:30 수정 2024.09.30 09:10</div>
<div itemprop="articleBody"><p>마이크로소프트가 애저 서울 리전의 그래픽처리장치(GPU) 용량을 늘린다. 생성형 AI 수요가 몰리면서
기존 설비로는 고객 요청을 감당하기 어렵다는 판단이다.</p><p>업계는 KT와의 파트너십에 따른 공공 시장 수요도 반영된 것으로 보고 있다.</p></div>
</body></html>"""


def test_jsonld_published_after_modified_is_discarded() -> None:
    html = conflict_page("2024-10-02T10:00:00+09:00", "2024-09-30T09:10:00+09:00")
    art = extract_article(html, "https://www.cloudtimes.co.kr/news/123?from=rss", now=NOW)
    assert art.modified_at == datetime.fromisoformat("2024-09-30T09:10:00+09:00")
    assert art.modified_source == "jsonld"
    assert art.published_source == "meta"
    assert art.published_at == datetime.fromisoformat("2024-09-30T08:00:00+09:00")
    assert art.authors == ["최서울", "김부산"]
    assert art.site_name == "클라우드타임즈"
    # rel=canonical on another site is ignored; tracking "from" dropped.
    assert art.canonical_url == "https://www.cloudtimes.co.kr/news/123"


def test_future_published_falls_through_to_next_sources() -> None:
    html = conflict_page("2031-01-01T00:00:00+09:00", "2032-01-01T00:00:00+09:00")
    html = html.replace('<meta property="article:published_time" content="2024-09-30T08:00:00+09:00">', "")
    art = extract_article(html, "https://www.cloudtimes.co.kr/news/123", now=NOW)
    assert art.published_source == "printed"
    assert art.published_at == datetime.fromisoformat("2024-09-29T07:30:00+09:00")
    assert art.modified_source == "printed"
    assert art.modified_at == datetime.fromisoformat("2024-09-30T09:10:00+09:00")
    assert art.published_raw is not None and "입력 2024.09.29 07:30" in art.published_raw


def test_printed_dates_are_scanned_only_when_trusted_sources_leave_a_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[str | None] = []
    scan = page_dates.printed_snippet
    monkeypatch.setattr(page_dates, "printed_snippet",
                        lambda lines, title: scanned.append(title) or scan(lines, title))
    url = "https://www.cloudtimes.co.kr/news/123"
    art = extract_article(conflict_page("2024-09-29T07:30:00+09:00", "2024-09-30T09:10:00+09:00"), url, now=NOW)
    assert (art.published_source, art.modified_source) == ("jsonld", "jsonld")
    assert scanned == []
    # No dateModified anywhere but in print: the scan runs and supplies it.
    art = extract_article(conflict_page("2024-09-29T07:30:00+09:00", ""), url, now=NOW)
    assert scanned == ["MS, 서울 리전 GPU 증설"]
    assert (art.published_source, art.modified_source) == ("jsonld", "printed")
    assert art.modified_at == datetime.fromisoformat("2024-09-30T09:10:00+09:00")


@pytest.mark.parametrize("label", ["기사입력", "기사 입력", "최종수정", "최종 업데이트", "입력", "수정", "등록", "승인",
                                   "송고", "발행", "게재", "업데이트", "First published", "LAST UPDATED",
                                   "published", "Posted", "Updated", "Modified"])
def test_every_printed_date_label_is_read(label: str) -> None:
    line = f"{label}: 2024.09.29 07:30"
    assert page_dates.printed_snippet(["헤드라인", line], "헤드라인") == line


@pytest.mark.parametrize("date", ["Sept. 29, 2024", "29 OCT 2024", "jan 5, 2024", "December 1, 2024", "2024년 9월 29일"])
def test_printed_dates_in_words_are_read(date: str) -> None:
    assert page_dates.printed_snippet([f"Story — {date}"], None) == date


@pytest.mark.parametrize("line", ["ⓒ 바다일보", "Ⓒ 바다일보", "© 2024 Harbor Ledger", "COPYRIGHT 2024 HL",
                                  "All Rights Reserved.", "무단 전재 및 재배포 금지", "재배포금지", "무단복제 금지",
                                  "저작권자 © 바다일보", "AI 학습 및 활용 금지", "AI학습 이용금지", "기사 제보: 02-123",
                                  "보도자료 제보"])
def test_copyright_lines_are_boilerplate(line: str) -> None:
    assert boilerplate.is_boilerplate_line(line)


def test_lines_squash_each_whitespace_run_to_one_space() -> None:
    # The rule text_lines implements with str methods, as a regex.
    ws_run = re.compile(r"[ \t\r\f\v\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff]+")
    pieces = [" ", "  ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2028", "\x1c", "a", "가", "."]
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        expected = [line for line in (ws_run.sub(" ", raw).strip() for raw in text.split("\n")) if line]
        assert html_tree.text_lines(text) == expected, repr(text)
        assert html_tree.squash_ws(text) == ws_run.sub(" ", text), repr(text)


def test_class_attribute_is_matched_token_by_token() -> None:
    # One search over the class attribute must agree with a search per whitespace-separated token.
    pieces = ["nav", "Nav", "share", "navigation", "navigator", "ads", "adsl", "recommendations", "x", "-", "_",
              "2", " ", "\t", "\n", "\u3000", "\u00a0"]
    rng = random.Random(4)
    for _ in range(3000):
        classes = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        el = etree.Element("div", {"class": classes})
        expected = any(html_tree.CHROME_RE.search(token) for token in classes.split())
        assert html_tree.is_chrome(el) == expected, repr(classes)
    # An id is one token even with a space inside.
    assert html_tree.is_chrome(etree.Element("div", {"id": "gnb"}))
    assert not html_tree.is_chrome(etree.Element("div", {"id": "top nav"}))


def test_feed_hint_is_only_a_fallback() -> None:
    bare = "<html><body><div><p>" + "짧은 공지입니다. " * 20 + "</p></div></body></html>"
    hint = {"title": "공지", "published_raw": "2024-09-01T09:00:00+09:00"}
    art = extract_article(bare, "https://notice.example.co.kr/n/77", hint=hint, now=NOW)
    assert art.title == "공지"
    assert art.published_source == "feed"
    assert art.published_at == datetime.fromisoformat("2024-09-01T09:00:00+09:00")
    html = conflict_page("2024-09-29T07:30:00+09:00", "2024-09-30T09:10:00+09:00")
    art = extract_article(html, "https://www.cloudtimes.co.kr/news/123", hint=hint, now=NOW)
    assert art.published_source == "jsonld"
    assert art.title == "MS, 서울 리전 GPU 증설"


@pytest.mark.parametrize("name", sorted(p.stem for p in EVAL.glob("*.html")))
def test_eval_pages_title_language_and_no_boilerplate(name: str) -> None:
    raw, truth = page(name)
    art = extract_article(raw, truth["url"], now=NOW)
    assert art.title == truth["title"]
    assert art.language == truth["language"]
    assert art.published_at is not None and art.published_at.tzinfo is not None
    assert len(art.authors) == 1 and "@" not in art.authors[0]
    assert_clean(art.body)


def test_result_is_frozen_picklable_and_serializable() -> None:
    raw, truth = page("01")
    art = extract_article(raw, truth["url"], now=NOW)
    assert isinstance(art, ExtractedArticle)
    with pytest.raises(AttributeError):
        art.title = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(art)) == art
    data = json.loads(json.dumps(art.to_dict(), ensure_ascii=False))
    assert data["published_at"] == "2024-09-29T15:05:00+09:00"
    assert data["authors"] == ["김하늘"]


def test_empty_and_garbage_input() -> None:
    art = extract_article(b"", "https://example.com/a")
    assert art.body == "" and art.title is None and art.published_at is None
    art = extract_article("<<<>>>", "https://example.com/a")
    assert art.body == ""


def test_newsmon_beats_plain_trafilatura_on_eval_set() -> None:
    result = run_quality_bench()
    assert result["pages"] >= 30
    assert result["newsmon_mean_f1"] >= result["trafilatura_mean_f1"]
    assert result["newsmon_mean_f1"] >= 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KT·MS ‘한국형 GPT-4o’ 만든다…5년간 수조원 대 파트너십", "ko"),
        ("KT는 MS Azure OpenAI 기반 GPT-4o 모델과 Phi-3 SLM을 KT Cloud에서 제공한다.", "ko"),
        ("KT and Microsoft will build a Korean version of GPT-4o on Azure, the company said.", "en"),
        ("Kim Young-shub (김영섭), chief executive of KT, met Satya Nadella in Redmond on Friday.", "en"),
        ("Le gouvernement a annoncé une nouvelle politique pour les entreprises de la région.", None),
        ("マイクロソフトは日本でクラウド事業を拡大する。", None),
        ("1234 5678", None),
        ("", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    from newsmon.pages.language import detect_language

    assert detect_language(text) == expected
