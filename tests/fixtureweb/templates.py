"""Markup of the four fixture outlets, their feeds and sitemaps.

Each outlet has its own template, the way real sites differ: 한빛일보 (modern,
JSON-LD NewsArticle, og tags), Seoul Tech Review (English, article:published_time,
no JSON-LD), 동방신문 (an old EUC-KR table layout whose dates are only printed) and
한빛통신 (a wire service with microdata and 송고시간). Pages carry the chrome a
crawler has to see past: nav, sidebars, related lists, share bars, footers.
Absolute URLs are written as ``{base}`` + path; the server fills in its own base
URL at serve time. `build_site` (the hand-written web) and `generate` (the
synthetic benchmark web) both render through these functions.
"""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape
from typing import Iterable, Optional, Protocol, Sequence

BASE = "{base}"


class Page(Protocol):
    """What a template needs of an article (`articles.Article` satisfies it)."""

    outlet: str
    path: str
    title: str
    published: str
    modified: Optional[str]
    author: str
    paragraphs: tuple[str, ...]
    language: str
    section: str
    caption: Optional[str]
    copyright: Optional[str]
    tags: tuple[str, ...]

    @property
    def summary(self) -> str: ...


OUTLET_NAMES = {
    "hanbit": "한빛일보",
    "seoultech": "Seoul Tech Review",
    "dongbang": "동방신문",
    "newswire": "한빛통신",
}

#: Pages are served in UTF-8 except the old EUC-KR site.
OUTLET_ENCODING = {"hanbit": "utf-8", "seoultech": "utf-8", "newswire": "utf-8", "dongbang": "cp949"}


def a_url(path: str) -> str:
    """Absolute URL of a path, with the server's base left as a placeholder."""
    return BASE + path


def _e(text: str) -> str:
    return escape(text, quote=True)


def _dt(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _links(items: Iterable[Page], limit: int = 6) -> str:
    out = []
    for i, item in enumerate(items):
        if i >= limit:
            break
        out.append(f'<li><a href="{_e(item.path)}">{_e(item.title)}</a></li>')
    return "\n".join(out)


# ------------------------------------------------------------------- 한빛일보 (hanbit)


def _hanbit_jsonld(a: Page) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": a.published,
        "dateModified": a.modified or a.published,
        "author": [{"@type": "Person", "name": a.author}],
        "publisher": {
            "@type": "Organization",
            "name": "한빛일보",
            "logo": {"@type": "ImageObject", "url": a_url("/hanbit/static/logo.png")},
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": a_url(a.path)},
        "image": [a_url("/hanbit/static/photo/" + a.path.rsplit("=", 1)[-1] + ".jpg")],
        "articleSection": a.section,
        "inLanguage": "ko-KR",
    }
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def hanbit_article(a: Page, others: Sequence[Page]) -> str:
    """한빛일보 article page: JSON-LD NewsArticle, og tags, canonical, share bar."""
    pub, mod = _dt(a.published), _dt(a.modified or a.published)
    body = "\n".join(f"<p>{_e(p)}</p>" for p in a.paragraphs)
    figure = ""
    if a.caption:
        figure = (
            f'<figure class="photo"><img src="/hanbit/static/photo/{_e(a.path.rsplit("=", 1)[-1])}.jpg" alt="{_e(a.title)}">'
            f"<figcaption>{_e(a.caption)}</figcaption></figure>"
        )
    copyright_line = f'<p class="copyright-src">{_e(a.copyright)}</p>' if a.copyright else ""
    tags = " ".join(f'<a href="/hanbit/tag/{_e(t)}">#{_e(t)}</a>' for t in a.tags)
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(a.title)} - 한빛일보</title>
<meta name="description" content="{_e(a.summary)}">
<link rel="canonical" href="{_e(a_url(a.path))}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="한빛일보">
<meta property="og:title" content="{_e(a.title)}">
<meta property="og:description" content="{_e(a.summary)}">
<meta property="og:url" content="{_e(a_url(a.path))}">
<meta property="og:image" content="{_e(a_url('/hanbit/static/og-default.png'))}">
<meta name="twitter:card" content="summary_large_image">
<link rel="alternate" type="application/rss+xml" title="한빛일보 전체기사" href="/hanbit/rss.xml">
<link rel="stylesheet" href="/hanbit/static/site.css">
<script type="application/ld+json">
{_hanbit_jsonld(a)}
</script>
</head>
<body class="article-page">
<header id="header">
 <div class="top-bar"><a href="/hanbit/">한빛일보</a> <a href="/hanbit/member/login.html">로그인</a> <a href="/hanbit/member/join.html">회원가입</a> <a href="/hanbit/subscribe.html">구독신청</a></div>
 <nav id="gnb"><ul>
  <li><a href="/hanbit/section/politics.html">정치</a></li><li><a href="/hanbit/section/economy.html">경제</a></li>
  <li><a href="/hanbit/section/society.html">사회</a></li><li><a href="/hanbit/section/it.html">IT·과학</a></li>
  <li><a href="/hanbit/section/world.html">국제</a></li><li><a href="/hanbit/section/opinion.html">오피니언</a></li>
 </ul></nav>
</header>
<div id="wrap" class="container">
<main id="article-view">
 <div class="breadcrumb"><a href="/hanbit/">홈</a> &gt; <a href="/hanbit/section/it.html">{_e(a.section)}</a></div>
 <article class="article">
  <header class="article-head">
   <h1 class="headline">{_e(a.title)}</h1>
   <div class="info"><span class="byline">{_e(a.author)}</span>
    <span class="date">입력 {pub:%Y.%m.%d %H:%M}</span> <span class="date">수정 {mod:%Y.%m.%d %H:%M}</span></div>
   <div class="share-bar"><button class="share fb">페이스북</button><button class="share x">X</button>
    <button class="share kakao">카카오톡</button><button class="share link">URL복사</button><button class="font-size">글씨크기</button></div>
  </header>
  <div id="article-body" class="article-body" itemprop="articleBody">
   {figure}
   {body}
   {copyright_line}
  </div>
  <div class="article-tags">{tags}</div>
  <p class="article-copy">저작권자 © 한빛일보 무단전재 및 재배포 금지</p>
 </article>
 <section class="related"><h2>관련기사</h2><ul>
{_links(others[:4])}
 </ul></section>
</main>
<aside id="sidebar">
 <section class="popular"><h2>많이 본 뉴스</h2><ol>
{_links(others[2:8])}
 </ol></section>
 <section class="ad-box"><a href="/hanbit/ad/click?id=77">[광고] 연말 특가 노트북 최대 40% 할인</a></section>
</aside>
</div>
<footer id="footer">
 <ul class="footer-menu"><li><a href="/hanbit/company/about.html">회사소개</a></li><li><a href="/hanbit/company/privacy.html">개인정보처리방침</a></li>
 <li><a href="/hanbit/company/youth.html">청소년보호정책</a></li><li><a href="/hanbit/rss.xml">RSS</a></li></ul>
 <address>서울특별시 중구 세종대로 000 한빛빌딩 · 대표전화 02-000-0000 · 발행·편집인 홍길동 · 등록번호 서울 아00000</address>
 <p>Copyright © 2024 한빛일보. All rights reserved.</p>
</footer>
</body>
</html>
"""


# ----------------------------------------------------------- Seoul Tech Review (seoultech)


def _en_date(dt: datetime) -> str:
    hour = dt.hour % 12 or 12
    ampm = "a.m." if dt.hour < 12 else "p.m."
    return f"{dt:%b} {dt.day}, {dt.year} {hour}:{dt.minute:02d} {ampm} KST"


def seoultech_article(a: Page, others: Sequence[Page]) -> str:
    """Seoul Tech Review article page: og tags and article:published_time, no JSON-LD."""
    pub = _dt(a.published)
    body = "\n".join(f"<p>{_e(p)}</p>" for p in a.paragraphs)
    modified = f'<meta property="article:modified_time" content="{_e(a.modified)}">' if a.modified else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{_e(a.title)} | Seoul Tech Review</title>
<meta name="description" content="{_e(a.summary)}">
<meta name="author" content="{_e(a.author)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Seoul Tech Review">
<meta property="og:title" content="{_e(a.title)}">
<meta property="og:url" content="{_e(a_url(a.path))}">
<meta property="og:description" content="{_e(a.summary)}">
<meta property="article:published_time" content="{_e(a.published)}">
{modified}
<meta property="article:section" content="{_e(a.section)}">
<link rel="canonical" href="{_e(a_url(a.path))}">
<link rel="alternate" type="application/atom+xml" href="/seoultech/atom.xml" title="Seoul Tech Review">
<link rel="stylesheet" href="/seoultech/assets/main.css">
</head>
<body>
<div class="site-header">
 <a class="logo" href="/seoultech/">Seoul Tech Review</a>
 <ul class="menu"><li><a href="/seoultech/category/telecom/">Telecom</a></li><li><a href="/seoultech/category/ai/">AI</a></li>
 <li><a href="/seoultech/category/chips/">Chips</a></li><li><a href="/seoultech/category/startups/">Startups</a></li>
 <li><a href="/seoultech/newsletter/">Newsletter</a></li><li><a href="/seoultech/login/">Sign in</a></li></ul>
</div>
<div class="layout">
 <div class="story">
  <p class="kicker">{_e(a.section)}</p>
  <h1 class="story-title">{_e(a.title)}</h1>
  <p class="dek">{_e(a.summary)}</p>
  <div class="meta">By <a rel="author" href="/seoultech/author/{_e(a.author.lower().replace(' ', '-'))}/">{_e(a.author)}</a>
   &middot; <span class="published">{_e(_en_date(pub))}</span></div>
  <div class="share-tools"><a href="#" class="share-linkedin">LinkedIn</a> <a href="#" class="share-x">Post</a> <a href="#" class="share-mail">Email</a></div>
  <div class="story-body">
{body}
  </div>
  <div class="newsletter-box">Get the Seoul Tech Review briefing in your inbox every weekday. <a href="/seoultech/newsletter/">Subscribe</a></div>
  <div class="read-next"><h3>Read next</h3><ul>
{_links(others[:3])}
  </ul></div>
 </div>
 <div class="rail">
  <h3>Most read</h3><ol>
{_links(others[1:6])}
  </ol>
  <h3>Topics</h3><p><a href="/seoultech/tag/5g/">5G</a> <a href="/seoultech/tag/semiconductors/">Semiconductors</a> <a href="/seoultech/tag/generative-ai/">Generative AI</a></p>
 </div>
</div>
<div class="site-footer">
 <p><a href="/seoultech/about/">About</a> · <a href="/seoultech/contact/">Contact</a> · <a href="/seoultech/privacy/">Privacy</a> · <a href="/seoultech/atom.xml">Atom feed</a></p>
 <p>© 2024 Seoul Tech Review. Independent technology journalism from Seoul.</p>
</div>
</body>
</html>
"""


# --------------------------------------------------------------- 동방신문 (dongbang, EUC-KR)


def _ko_ampm(dt: datetime) -> str:
    hour = dt.hour % 12 or 12
    return f"{dt:%Y-%m-%d} {'오전' if dt.hour < 12 else '오후'} {hour}:{dt.minute:02d}"


_DONGBANG_HEAD = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>{title}</title>
<link rel="stylesheet" type="text/css" href="/dongbang/css/style.css">
<script language="javascript" src="/dongbang/js/common.js"></script>
</head>
<body bgcolor="#ffffff" leftmargin="0" topmargin="0">
<table width="960" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td height="80" class="top_logo"><a href="/dongbang/"><img src="/dongbang/img/logo.gif" alt="동방신문" border="0"></a>
 <span class="top_menu"><a href="/dongbang/member/login.php">로그인</a> | <a href="/dongbang/member/join.php">회원가입</a> | <a href="/dongbang/list.html">전체기사</a></span></td></tr>
<tr><td class="menu_bar" bgcolor="#003366">
 <a href="/dongbang/list.html?section=politics"><font color="#ffffff">정치</font></a> &nbsp;
 <a href="/dongbang/list.html?section=economy"><font color="#ffffff">경제</font></a> &nbsp;
 <a href="/dongbang/list.html?section=society"><font color="#ffffff">사회</font></a> &nbsp;
 <a href="/dongbang/list.html?section=sports"><font color="#ffffff">스포츠</font></a> &nbsp;
 <a href="/dongbang/list.html?section=local"><font color="#ffffff">지역</font></a>
</td></tr>
</table>
"""

_DONGBANG_FOOT = """<table width="960" border="0" cellspacing="0" cellpadding="0" align="center" class="bottom">
<tr><td align="center"><a href="/dongbang/company/intro.html">회사소개</a> | <a href="/dongbang/company/ad.html">광고안내</a> |
 <a href="/dongbang/company/privacy.html">개인정보취급방침</a> | <a href="/dongbang/company/email.html">이메일무단수집거부</a></td></tr>
<tr><td align="center" class="copy">동방신문 | 부산광역시 동구 중앙대로 000 | 전화 051-000-0000 | 등록번호 부산 다00000<br>
Copyright ⓒ 1998-2024 동방신문 All rights reserved.</td></tr>
</table>
</body>
</html>
"""


def dongbang_article(a: Page, others: Sequence[Page]) -> str:
    """동방신문 article: table layout, the date only printed ("기사입력 … 오후 3:05")."""
    body = "<br><br>\n".join(f"&nbsp;&nbsp;{_e(p)}" for p in a.paragraphs)
    copyright_line = f"<br><br>{_e(a.copyright)}" if a.copyright else ""
    popular = "\n".join(
        f'<tr><td class="pop">· <a href="{_e(o.path)}">{_e(o.title)}</a></td></tr>' for o in others[:6]
    )
    return (
        _DONGBANG_HEAD.format(title=_e(a.title) + " - 동방신문")
        + f"""<table width="960" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td width="700" valign="top">
 <table width="100%" border="0" cellspacing="0" cellpadding="8">
 <tr><td class="sec_title">{_e(a.section)}</td></tr>
 <tr><td class="view_title"><font size="5"><b>{_e(a.title)}</b></font></td></tr>
 <tr><td class="view_date" align="right"><font color="#666666">{_e(a.author)} | 기사입력 {_ko_ampm(_dt(a.published))}</font></td></tr>
 <tr><td class="view_btn" align="right"><a href="javascript:print_article()">인쇄</a> | <a href="javascript:send_mail()">메일</a> | <a href="javascript:font_up()">글자크게</a></td></tr>
 <tr><td class="view_text" style="line-height:180%">
{body}{copyright_line}
 </td></tr>
 <tr><td class="view_copy"><font size="2" color="#999999">저작권자 ⓒ 동방신문. 무단전재 및 재배포 금지</font></td></tr>
 </table>
</td>
<td width="20"></td>
<td width="240" valign="top" class="right_area">
 <table width="100%" border="0" cellspacing="0" cellpadding="3">
 <tr><td class="right_title"><b>많이 본 기사</b></td></tr>
{popular}
 <tr><td><a href="/dongbang/event/subscribe.html"><img src="/dongbang/img/banner_subscribe.gif" border="0" alt="신문 구독 신청"></a></td></tr>
 </table>
</td>
</tr>
</table>
"""
        + _DONGBANG_FOOT
    )


def dongbang_listing(articles: Sequence[Page], extra_links: Sequence[tuple[str, str]] = ()) -> str:
    """동방신문 전체기사 listing: article links one hop away among chrome links."""
    rows = []
    items = [(a.path, a.title, a.summary, _ko_ampm(_dt(a.published))) for a in articles]
    items += [(path, title, "", "") for path, title in extra_links]
    for path, title, summary, when in items:
        rows.append(
            f'<tr><td class="list_title"><a href="{_e(path)}"><b>{_e(title)}</b></a></td></tr>\n'
            f'<tr><td class="list_summary"><font size="2" color="#555555">{_e(summary[:80])}</font> '
            f'<font size="1" color="#999999">{when}</font></td></tr>'
        )
    return (
        _DONGBANG_HEAD.format(title="전체기사 - 동방신문")
        + f"""<table width="960" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td width="700" valign="top">
 <table width="100%" border="0" cellspacing="0" cellpadding="6" class="news_list">
 <tr><td class="sec_title"><b>전체기사</b></td></tr>
{chr(10).join(rows)}
 </table>
 <table width="100%" class="paging"><tr><td align="center">
 <b>1</b> <a href="/dongbang/list.html?page=2">2</a> <a href="/dongbang/list.html?page=3">3</a> <a href="/dongbang/list.html?page=2">다음 페이지로 이동</a>
 </td></tr></table>
</td>
<td width="20"></td>
<td width="240" valign="top" class="right_area">
 <table width="100%"><tr><td class="right_title"><b>동방 포토</b></td></tr>
 <tr><td><a href="/dongbang/photo/gallery.html">사진으로 보는 한 주 모음</a></td></tr>
 <tr><td><a href="/dongbang/company/notice.html?id=12">[알림] 동방신문 홈페이지 개편 안내</a></td></tr></table>
</td></tr>
</table>
"""
        + _DONGBANG_FOOT
    )


# ------------------------------------------------------------------ 한빛통신 (newswire)


def newswire_article(a: Page, others: Sequence[Page]) -> str:
    """한빛통신 wire story: schema.org microdata and a printed 송고시간."""
    pub = _dt(a.published)
    body = "\n".join(f"<p>{_e(p)}</p>" for p in a.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="UTF-8">
<title>{_e(a.title)} | 한빛통신</title>
<meta name="description" content="{_e(a.summary)}">
<meta property="og:title" content="{_e(a.title)}">
<meta property="og:url" content="{_e(a_url(a.path))}">
<meta property="og:site_name" content="한빛통신">
<link rel="canonical" href="{_e(a_url(a.path))}">
</head>
<body>
<div id="nw-header"><a href="/newswire/" class="nw-logo">한빛통신</a>
 <ul class="nw-menu"><li><a href="/newswire/politics/">정치</a></li><li><a href="/newswire/economy/">경제</a></li><li><a href="/newswire/industry/">산업</a></li>
 <li><a href="/newswire/it/">IT</a></li><li><a href="/newswire/world/">세계</a></li><li><a href="/newswire/photo/">포토</a></li></ul></div>
<div id="nw-container">
 <div class="nw-article" itemscope itemtype="https://schema.org/NewsArticle">
  <h1 class="tit" itemprop="headline">{_e(a.title)}</h1>
  <div class="info-box">
   <span class="writer" itemprop="author">{_e(a.author)}</span>
   <span class="update-time">송고시간 {pub:%Y-%m-%d %H:%M}</span>
   <meta itemprop="datePublished" content="{_e(a.published)}">
  </div>
  <div class="story-news" itemprop="articleBody">
{body}
  <p class="adrs">{_e(a.author)} · 제보는 카톡 hanbitjebo</p>
  </div>
  <p class="txt-copyright">&lt;저작권자(c) 한빛통신, 무단 전재-재배포, AI 학습 및 활용 금지&gt; {pub:%Y/%m/%d %H:%M} 송고</p>
  <div class="keyword-zone"><h3>관련 뉴스</h3><ul>
{_links(others[:4])}
  </ul></div>
 </div>
 <div class="nw-aside"><h3>최신 뉴스</h3><ul>
{_links(others[1:7])}
 </ul></div>
</div>
<div id="nw-footer"><a href="/newswire/corp/">회사소개</a> | <a href="/newswire/corp/terms.html">이용약관</a> | <a href="/newswire/sitemap-index.xml">사이트맵</a>
 <p>한빛통신 | 서울 종로구 율곡로 000 | Copyright © 한빛통신. All rights reserved.</p></div>
</body>
</html>
"""


ARTICLE_TEMPLATES = {
    "hanbit": hanbit_article,
    "seoultech": seoultech_article,
    "dongbang": dongbang_article,
    "newswire": newswire_article,
}


def render_article(a: Page, others: Sequence[Page]) -> bytes:
    """The article page as the bytes its outlet serves (EUC-KR/CP949 for 동방신문)."""
    html_text = ARTICLE_TEMPLATES[a.outlet](a, others)
    return html_text.encode(OUTLET_ENCODING[a.outlet], errors="xmlcharrefreplace")


def outlet_index(outlet: str, articles: Sequence[Page]) -> bytes:
    """A plain front page for an outlet: headlines linking to its articles."""
    name = OUTLET_NAMES[outlet]
    items = "\n".join(
        f'<li class="headline"><a href="{_e(a.path)}">{_e(a.title)}</a> <span class="date">{_e(a.published[:10])}</span></li>'
        for a in articles
    )
    feeds = {"hanbit": "/hanbit/rss.xml", "seoultech": "/seoultech/atom.xml", "newswire": "/newswire/sitemap-index.xml", "dongbang": "/dongbang/list.html"}
    text = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{_e(name)}</title></head>
<body><nav class="menu"><a href="/{outlet}/">{_e(name)}</a> <a href="{feeds[outlet]}">feed</a></nav>
<main><ul class="news-list">
{items}
</ul></main>
<footer>© 2024 {_e(name)}</footer></body></html>
"""
    if outlet == "dongbang":
        text = text.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">')
    return text.encode(OUTLET_ENCODING[outlet], errors="xmlcharrefreplace")


# ---------------------------------------------------------------- feeds and sitemaps


def _rfc822(iso: str) -> str:
    return format_datetime(_dt(iso))


def rss_feed(title: str, home: str, items: Sequence[tuple[str, str, str, str, str]]) -> bytes:
    """RSS 2.0: items are (link as written, title, pubDate ISO, summary, author)."""
    out = []
    for link, item_title, published, summary, author in items:
        out.append(
            f"""<item>
 <title><![CDATA[{item_title}]]></title>
 <link>{_e(link)}</link>
 <description><![CDATA[{summary}]]></description>
 <author>{_e(author)}</author>
 <pubDate>{_rfc822(published)}</pubDate>
 <guid isPermaLink="false">{_e(link.rsplit('=', 1)[-1].rsplit('/', 1)[-1])}</guid>
</item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{_e(title)}</title>
<link>{_e(a_url(home))}</link>
<description>{_e(title)} 전체기사</description>
<language>ko</language>
<atom:link href="{_e(a_url(home + 'rss.xml'))}" rel="self" type="application/rss+xml"/>
{chr(10).join(out)}
</channel>
</rss>
""".encode("utf-8")


def atom_feed(title: str, home: str, articles: Sequence[Page]) -> bytes:
    """Atom 1.0 feed of articles (absolute alternate links)."""
    updated = max((a.modified or a.published) for a in articles) if articles else "2024-09-01T00:00:00+09:00"
    entries = []
    for a in articles:
        entries.append(
            f"""<entry>
 <title type="html">{_e(a.title)}</title>
 <link rel="alternate" type="text/html" href="{_e(a_url(a.path))}"/>
 <id>tag:seoultechreview.example,{a.published[:10]}:{_e(a.path)}</id>
 <published>{a.published}</published>
 <updated>{a.modified or a.published}</updated>
 <author><name>{_e(a.author)}</name></author>
 <summary>{_e(a.summary)}</summary>
</entry>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>{_e(title)}</title>
<link rel="alternate" href="{_e(a_url(home))}"/>
<link rel="self" href="{_e(a_url(home + 'atom.xml'))}"/>
<id>{_e(a_url(home))}</id>
<updated>{updated}</updated>
{chr(10).join(entries)}
</feed>
""".encode("utf-8")


def news_sitemap(articles: Sequence[Page], publication: str, language: str = "ko") -> bytes:
    """Google News sitemap (urlset with news:news, lastmod)."""
    urls = []
    for a in articles:
        urls.append(
            f"""<url>
 <loc>{_e(a_url(a.path))}</loc>
 <lastmod>{a.modified or a.published}</lastmod>
 <news:news>
  <news:publication><news:name>{_e(publication)}</news:name><news:language>{language}</news:language></news:publication>
  <news:publication_date>{a.published}</news:publication_date>
  <news:title>{_e(a.title)}</news:title>
 </news:news>
</url>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{chr(10).join(urls)}
</urlset>
""".encode("utf-8")


def plain_sitemap(articles: Sequence[Page]) -> bytes:
    """A plain urlset with lastmod only."""
    urls = "\n".join(
        f"<url><loc>{_e(a_url(a.path))}</loc><lastmod>{a.modified or a.published}</lastmod></url>" for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + urls
        + "\n</urlset>\n"
    ).encode("utf-8")


def sitemap_index(paths: Sequence[str], lastmod: str) -> bytes:
    """A sitemapindex pointing at child sitemaps by path."""
    items = "\n".join(f"<sitemap><loc>{_e(a_url(p))}</loc><lastmod>{lastmod}</lastmod></sitemap>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + items
        + "\n</sitemapindex>\n"
    ).encode("utf-8")
