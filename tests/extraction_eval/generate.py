"""Write the extraction evaluation pages (``NN.html`` + ``NN.json``).

The article texts in ``articles.py`` are wrapped in the markup that real news
CMSs emit: a React SSR page with JSON-LD ``articleBody``, an ndsoft-style
Korean CMS, a Naver-style ``#dic_area`` page, an old ASP table layout in
EUC-KR, a Yonhap-style wire page, Korean and English "div soup" without any
semantic hint, WordPress, an Arc-style page with ads between paragraphs, a
``@graph`` JSON-LD page, AMP and mobile pages.  Each page carries the usual
furniture (menus, most-read lists, related articles, share bars, captions,
comment sections, cookie banners, copyright footers) that a good extractor must
leave out.  Outlets, reporters and URLs are invented.

Run ``python -m tests.extraction_eval.generate`` after editing a text or a
template; the output is deterministic.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path

from tests.extraction_eval.articles import ARTICLES

HERE = Path(__file__).parent
KO_OUTLETS = ["한빛일보", "테크피크", "동녘신문", "매일비즈", "IT데일리", "지방뉴스", "에듀뉴스"]
EN_OUTLETS = ["Harbor Ledger", "Pacific Wire", "Bayville Post", "Capital Brief", "Science Dispatch"]
KO_MENU = ["정치", "경제", "사회", "국제", "IT·과학", "문화", "스포츠", "오피니언", "포토", "영상"]
EN_MENU = ["World", "Business", "Tech", "Politics", "Sports", "Culture", "Opinion", "Video"]


def e(text: str) -> str:
    return html.escape(text, quote=True)


def other_titles(index: int, lang: str, count: int = 5) -> list[str]:
    same = [a["title"] for i, a in enumerate(ARTICLES) if a["lang"] == lang and i != index]
    start = index % len(same)
    return (same[start:] + same[:start])[:count]


def ld_script(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


def human_ko(iso: str) -> str:
    d = datetime.fromisoformat(iso)
    return d.strftime("%Y.%m.%d %H:%M")


def human_en(iso: str) -> str:
    d = datetime.fromisoformat(iso)
    return d.strftime("%B %-d, %Y %-I:%M %p").replace("AM", "a.m.").replace("PM", "p.m.")


def ko_footer(outlet: str) -> str:
    return (f'<footer id="footer"><p>{e(outlet)} | 서울특별시 중구 세종대로 00 | 등록번호 서울 아00000 | 발행인 홍길동</p>'
            f'<p>Copyright © {e(outlet)}. All rights reserved. 무단 전재 및 재배포, AI 학습 이용 금지</p></footer>')


def ko_header(outlet: str) -> str:
    items = "".join(f'<li><a href="/section/{i}">{m}</a></li>' for i, m in enumerate(KO_MENU))
    return (f'<header class="site-header"><div class="logo"><a href="/">{e(outlet)}</a></div>'
            f'<nav class="gnb"><ul>{items}</ul></nav><div class="util"><a href="/login">로그인</a> <a href="/join">회원가입</a></div></header>')


def en_header(outlet: str) -> str:
    items = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in EN_MENU)
    return (f'<header class="masthead"><a class="brand" href="/">{e(outlet)}</a><nav class="primary-nav"><ul>{items}</ul></nav>'
            '<a class="subscribe-btn" href="/subscribe">Subscribe</a></header>')


def most_read_ko(index: int) -> str:
    items = "".join(f'<li><a href="/news/{900 + k}">{e(t)}</a></li>' for k, t in enumerate(other_titles(index, "ko")))
    return f'<aside class="sidebar"><div class="ranking"><h3>많이 본 뉴스</h3><ol>{items}</ol></div></aside>'


def most_read_en(index: int) -> str:
    items = "".join(f'<li><a href="/story/{700 + k}">{e(t)}</a></li>' for k, t in enumerate(other_titles(index, "en")))
    return f'<aside class="rail"><section class="most-read"><h2>Most read</h2><ol>{items}</ol></section></aside>'


# ----------------------------------------------------------------- Korean templates

def k_react_jsonld(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://www.{host}/article/{20240000 + i * 37}"
    body = "\n".join(a["paras"])
    ld = ld_script({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
                    "datePublished": a["date"], "dateModified": a["date"], "articleBody": body,
                    "author": [{"@type": "Person", "name": f"{a['reporter']} 기자"}],
                    "publisher": {"@type": "Organization", "name": outlet}, "inLanguage": "ko-KR"})
    paras = "".join(f'<p class="text">{e(p)}</p>' for p in a["paras"][:2])
    paras += ('<figure class="photo"><img src="/img/1.jpg" alt=""><figcaption>행사 현장 모습. [사진 제공=관계사]</figcaption></figure>')
    paras += "".join(f'<p class="text">{e(p)}</p>' for p in a["paras"][2:])
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{e(a['title'])} | {e(outlet)}</title>
<meta property="og:title" content="{e(a['title'])}"><meta property="og:site_name" content="{e(outlet)}">
<meta property="og:url" content="{url}"><link rel="canonical" href="{url}">{ld}
<script>window.__NEXT_DATA__={{"props":{{"page":"article","id":{i}}}}}</script></head>
<body><div id="__next">{ko_header(outlet)}<main class="layout"><div class="article-wrap">
<div class="article-header"><span class="section">IT·과학</span><h1 class="headline">{e(a['title'])}</h1>
<div class="byline"><span class="name">{e(a['reporter'])} 기자</span><span class="date">입력 {human_ko(a['date'])}</span></div>
<div class="share-bar"><button>페이스북</button><button>카카오톡</button><button>URL복사</button></div></div>
<div class="article-body">{paras}</div>
<div class="reporter-card"><strong>{e(a['reporter'])} 기자</strong> <a href="mailto:{a['email']}">{a['email']}</a> <button>구독</button></div>
<div class="related-news"><h3>관련기사</h3><ul>{''.join(f'<li><a href="/article/{k}">{e(t)}</a></li>' for k, t in enumerate(other_titles(i, 'ko', 3)))}</ul></div>
</div>{most_read_ko(i)}</main>{ko_footer(outlet)}</div></body></html>"""
    return page, url


def k_ndsoft(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://www.{host}/news/articleView.html?idxno={300000 + i}"
    ld = ld_script({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
                    "datePublished": a["date"], "author": {"@type": "Person", "name": a["reporter"]},
                    "publisher": {"@type": "Organization", "name": outlet}})
    paras = "".join(f"<p>{e(p)}</p>" for p in a["paras"][:1])
    paras += ('<figure class="photo-layout image photo-center"><img src="/news/photo/1.jpg" alt="">'
              '<figcaption>/사진=연합뉴스</figcaption></figure>')
    paras += "".join(f"<p>{e(p)}</p>" for p in a["paras"][1:])
    paras += f"<p>{e(a['reporter'])} 기자 {a['email']}</p>"
    related = "".join(f'<li><a href="/news/articleView.html?idxno={k}">{e(t)}</a></li>' for k, t in enumerate(other_titles(i, 'ko', 4)))
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>{e(a['title'])} &lt; IT &lt; 기사본문 - {e(outlet)}</title>
<meta property="og:site_name" content="{e(outlet)}"><meta property="og:title" content="{e(a['title'])} - {e(outlet)}">
<meta property="article:published_time" content="{a['date']}"><link rel="canonical" href="{url}">{ld}</head>
<body><div id="user-wrap">{ko_header(outlet)}<div id="user-container"><div class="float-center max-width-1080">
<section class="article-head"><h3 class="heading">{e(a['title'])}</h3>
<article class="info-group"><ul class="infomation"><li><i class="icon-user"></i> {e(a['reporter'])} 기자</li><li><i class="icon-clock-o"></i> 입력 {human_ko(a['date'])}</li></ul>
<div class="share-btns"><a>페이스북</a> <a>트위터</a> <a>카카오톡</a> <a>URL복사</a></div></article></section>
<section class="article-body"><article id="article-view-content-div" class="article-veiw-body view-page font-size17" itemprop="articleBody">{paras}</article>
<div class="view-copyright">저작권자 © {e(outlet)} 무단전재 및 재배포 금지</div>
<div class="view-editors"><div class="float-left"><strong>{e(a['reporter'])} 기자</strong> 다른기사 보기</div></div>
<section class="relation"><h4>관련기사</h4><ul>{related}</ul></section>
<div id="comment-area"><h4>댓글 0</h4><p>로그인 후 댓글을 남길 수 있습니다.</p></div></section>
{most_read_ko(i)}</div></div>{ko_footer(outlet)}</div></body></html>"""
    return page, url


def k_naver(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://n.news.{host}/mnews/article/{100 + i:03d}/{1000000 + i:010d}?sid=105"
    text = "<br><br>".join(e(p) for p in a["paras"][:2])
    text += ('<br><br><span class="end_photo_org"><img src="/p.jpg"><em class="img_desc">사진은 기사 내용과 직접 관련 없음'
             '</em></span><br><br>')
    text += "<br><br>".join(e(p) for p in a["paras"][2:])
    text += f"<br><br>{e(a['reporter'])} 기자 ({a['email']})"
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{e(a['title'])} : 네이브 뉴스</title>
<meta property="og:title" content="{e(a['title'])}"><meta property="og:article:author" content="{e(outlet)} | 네이브">
<meta name="twitter:creator" content="{e(outlet)}"></head>
<body><div id="ct_wrap"><div class="media_end_head"><div class="media_end_head_top"><a class="media_end_head_top_logo"><img alt="{e(outlet)}"></a></div>
<h2 id="title_area" class="media_end_head_headline"><span>{e(a['title'])}</span></h2>
<div class="media_end_head_info_datestamp"><span class="media_end_head_info_datestamp_time _ARTICLE_DATE_TIME" data-date-time="{a['date'][:16].replace('T', ' ')}">입력 {human_ko(a['date'])}</span></div>
<div class="media_end_head_journalist"><em class="media_end_head_journalist_name">{e(a['reporter'])} 기자</em></div>
<div class="media_end_head_autosummary"><button>요약봇</button></div><div class="media_end_head_fontsize"><button>본문 글씨 키우기</button></div></div>
<div id="newsct_article" class="newsct_article _article_body"><article id="dic_area" class="go_trans _article_content">{text}</article></div>
<div class="byline"><p class="byline_p"><span class="byline_s">{e(a['reporter'])} 기자 ({a['email']})</span></p></div>
<div class="copyright"><p>Copyright ⓒ {e(outlet)}. All rights reserved. 무단 전재 및 재배포 금지.</p></div>
<div class="media_end_linked"><h4 class="media_end_linked_title">{e(outlet)} 관련뉴스</h4><ul>{''.join(f'<li><a>{e(t)}</a></li>' for t in other_titles(i, 'ko', 4))}</ul></div>
<div id="cbox_module" class="u_cbox"><h5>댓글</h5><ul><li>좋은 기사 감사합니다</li><li>기대됩니다</li></ul></div></div></body></html>"""
    return page, url


def k_asp_table(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"http://www.{host}/news/read.asp?no={50000 + i}&section=it"
    text = "<br><br>\r\n".join("&nbsp;&nbsp;" + e(p) for p in a["paras"])
    d = datetime.fromisoformat(a["date"])
    printed = d.strftime("%Y-%m-%d ") + ("오후" if d.hour >= 12 else "오전") + f" {(d.hour - 1) % 12 + 1}:{d.minute:02d}"
    menu = " | ".join(f'<a href="/list.asp?s={k}"><font color="#ffffff">{m}</font></a>' for k, m in enumerate(KO_MENU))
    others = "".join(f'<tr><td><img src="/img/dot.gif"> <a href="/news/read.asp?no={k}">{e(t)}</a></td></tr>' for k, t in enumerate(other_titles(i, 'ko')))
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>{e(outlet)} - {e(a['title'])}</title></head>
<body leftmargin="0" topmargin="0"><table width="980" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td bgcolor="#003366" height="30">{menu}</td></tr>
<tr><td><table width="100%" border="0"><tr><td width="680" valign="top">
<table width="100%" border="0" cellpadding="5"><tr><td><font size="4"><b>{e(a['title'])}</b></font></td></tr>
<tr><td align="right"><font size="2" color="#666666">기사입력 {printed} | {e(a['reporter'])} 기자</font></td></tr>
<tr><td><table align="center"><tr><td><img src="/photo/{i}.jpg" width="400"></td></tr><tr><td><font size="2">▲ 자료사진</font></td></tr></table></td></tr>
<tr><td style="line-height:160%"><font size="3">{text}</font><br><br>
<font size="2">{e(a['reporter'])} 기자 {a['email']}</font></td></tr>
<tr><td><font size="2" color="#999999">&lt;저작권자 ⓒ {e(outlet)} 무단전재 및 재배포금지&gt;</font></td></tr></table>
</td><td width="300" valign="top"><table width="100%"><tr><td><b>많이 본 뉴스</b></td></tr>{others}</table></td></tr></table></td></tr>
<tr><td align="center"><font size="2">회사소개 | 광고안내 | 개인정보처리방침 | 청소년보호정책<br>Copyright ⓒ {e(outlet)} All rights reserved.</font></td></tr>
</table></body></html>"""
    return page, url


def k_wire(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://www.{host}/view/AKR{a['date'][:10].replace('-', '')}0{i:02d}00017"
    first = f"(서울=뉴스통신) {a['reporter']} 기자 = " + a["paras"][0]
    paras = [first] + a["paras"][1:]
    body = "".join(f"<p>{e(p)}</p>" for p in paras)
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{e(a['title'])} | 뉴스통신</title>
<meta property="og:site_name" content="뉴스통신"><meta property="og:title" content="{e(a['title'])}">
<meta name="author" content="{e(a['reporter'])}"><meta property="article:published_time" content="{a['date']}">
<link rel="canonical" href="{url}"></head>
<body>{ko_header('뉴스통신')}<div class="container"><div class="content03"><header class="title-article01"><h1 class="tit">{e(a['title'])}</h1>
<p class="update-time" data-published-time="{a['date']}">송고시간 {human_ko(a['date'])}</p></header>
<div class="share-sns"><ul><li>페이스북</li><li>트위터</li><li>카카오톡</li></ul></div>
<article class="story-news article">{body}<p class="adrs">{a['email']}</p></article>
<div class="writer-zone01"><strong class="tit-name">{e(a['reporter'])} 기자</strong></div>
<div class="keyword-zone"><ul><li>#KT</li><li>#AI</li></ul></div>
<div class="related-zone"><strong class="tit">관련 뉴스</strong><ul>{''.join(f'<li><a>{e(t)}</a></li>' for t in other_titles(i, 'ko', 3))}</ul></div>
<p class="txt-copyright">제보는 카카오톡 okjebo &lt;저작권자(c) 뉴스통신, 무단 전재-재배포, AI 학습 및 활용 금지&gt;</p></div>
{most_read_ko(i)}</div>{ko_footer('뉴스통신')}</body></html>"""
    return page, url


def k_div_soup(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://{host}/{a['date'][:4]}/{a['date'][5:7]}/{a['date'][8:10]}/{2000 + i}"
    body = "".join(f'<div class="txt">{e(p)}</div>' for p in a["paras"])
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{e(a['title'])} - {e(outlet)}</title>
<meta name="description" content="{e(a['paras'][0][:80])}"></head>
<body><div class="wrap">{ko_header(outlet)}<div class="cont_wrap"><div class="left_cont">
<div class="tit_area"><h2 class="tit">{e(a['title'])}</h2><div class="info"><span>{e(a['reporter'])} 기자</span> <span>승인 {human_ko(a['date'])}</span></div></div>
<div class="sns_area"><a>페이스북</a><a>트위터</a><a>카카오스토리</a><a>인쇄</a><a>스크랩</a></div>
<div class="view_cont">{body}<div class="img_area"><img src="/x.jpg"><p class="cap">사진=게티이미지뱅크</p></div>
<div class="writer">{e(a['reporter'])} 기자 {a['email']}</div></div>
<div class="ad_area"><a>광고</a></div>
<div class="cmt_area"><h4>댓글 3</h4><div class="cmt">정말 유익한 정보네요. 앞으로도 좋은 기사 부탁드립니다.</div><div class="cmt">이런 소식은 처음 듣네요.</div></div></div>
<div class="right_cont"><div class="rank_box"><h4>실시간 인기기사</h4><ul>{''.join(f'<li>{e(t)}</li>' for t in other_titles(i, 'ko'))}</ul></div></div>
</div>{ko_footer(outlet)}</div></body></html>"""
    return page, url


def k_mobile(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://m.{host}/news/view.php?id={70000 + i}&from=main_top"
    canonical = f"https://www.{host}/news/view.php?id={70000 + i}"
    ld = ld_script({"@context": "https://schema.org", "@graph": [
        {"@type": "NewsMediaOrganization", "name": outlet, "url": f"https://www.{host}/"},
        {"@type": "NewsArticle", "headline": a["title"], "datePublished": a["date"],
         "author": {"@type": "Person", "name": a["reporter"], "email": a["email"]}}]})
    paras = "".join(f"<p>{e(p)}</p>" for p in a["paras"])
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{e(a['title'])} :: {e(outlet)} 모바일</title><link rel="canonical" href="{canonical}">{ld}</head>
<body><div id="m_header"><a class="m_logo">{e(outlet)}</a><button class="btn_menu">메뉴</button></div>
<div id="m_container"><h1 class="m_tit">{e(a['title'])}</h1><p class="m_date">입력 {human_ko(a['date'])}</p>
<div id="articleBody" class="m_article">{paras}<p class="m_copy">ⓒ {e(outlet)}, 무단전재 및 재배포 금지</p></div>
<div class="m_share"><a>카카오톡</a><a>링크복사</a></div>
<div class="m_related"><h3>이 기사와 관련된 기사</h3><ul>{''.join(f'<li>{e(t)}</li>' for t in other_titles(i, 'ko', 3))}</ul></div></div>
<div id="m_footer">ⓒ {e(outlet)} All rights reserved</div></body></html>"""
    return page, url


# ---------------------------------------------------------------- English templates

def cookie_banner() -> str:
    return ('<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your experience and for '
            'marketing. By continuing to browse you agree to our use of cookies.</p><button>Accept all</button></div>')


def e_wordpress(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    slug = a["title"].lower().replace(" ", "-").replace(",", "").replace(":", "").replace(".", "")[:60]
    url = f"https://{host}/{a['date'][:4]}/{a['date'][5:7]}/{a['date'][8:10]}/{slug}/?utm_source=twitter&utm_medium=social"
    paras = "".join(f"<p>{e(p)}</p>" for p in a["paras"])
    page = f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>{e(a['title'])} &#8211; {e(outlet)}</title>
<meta property="og:site_name" content="{e(outlet)}"><meta property="og:title" content="{e(a['title'])}">
<meta property="article:published_time" content="{a['date']}"><meta name="author" content="{e(a['reporter'])}">
<link rel="canonical" href="{url.split('?')[0]}"></head>
<body class="post-template-default single single-post">{cookie_banner()}{en_header(outlet)}
<div id="page" class="site"><div id="content" class="site-content"><div id="primary" class="content-area"><main id="main">
<article id="post-{i}" class="post type-post status-publish"><header class="entry-header"><h1 class="entry-title">{e(a['title'])}</h1>
<div class="entry-meta"><span class="byline">By <a class="url fn n" href="/author/x">{e(a['reporter'])}</a></span>
<span class="posted-on"><time class="entry-date published" datetime="{a['date']}">{human_en(a['date'])}</time></span></div></header>
<div class="entry-content">{paras}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li>Twitter</li><li>Facebook</li><li>Email</li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3><p>{e(other_titles(i, 'en', 1)[0])}</p></div></div>
<footer class="entry-footer"><span class="cat-links">Posted in News</span></footer></article>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on this story</h2><ol class="comment-list">
<li class="comment"><p>Great reporting, thanks for covering this.</p></li><li class="comment"><p>I disagree with the premise entirely.</p></li></ol></div>
</main></div>{most_read_en(i)}</div><footer class="site-footer"><p>Copyright © 2024 {e(outlet)}. All rights reserved.</p></footer></div></body></html>"""
    return page, url


def e_arc(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://www.{host}/business/{a['date'][:10]}/story-{i}-{'x' * 3}/"
    ld = ld_script({"@context": "http://schema.org", "@type": "NewsArticle", "headline": a["title"],
                    "datePublished": a["date"], "dateModified": a["date"],
                    "author": [{"@type": "Person", "name": a["reporter"]}],
                    "publisher": {"@type": "Organization", "name": outlet}, "description": a["paras"][0][:120]})
    chunks = []
    for k, p in enumerate(a["paras"]):
        chunks.append(f'<p class="article-body__paragraph" data-type="text">{e(p)}</p>')
        if k == 1:
            chunks.append('<div class="ad-slot ad-slot--inline"><span>Advertisement</span></div>')
            chunks.append('<div class="newsletter-signup"><h4>Sign up for our Morning Briefing</h4><p>Get the top stories in your inbox every weekday.</p><button>Sign up</button></div>')
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(a['title'])} | {e(outlet)}</title>
<meta property="og:title" content="{e(a['title'])}"><meta property="og:site_name" content="{e(outlet)}">{ld}
<link rel="canonical" href="{url}"></head><body>{en_header(outlet)}<main id="main-content"><article class="article">
<header class="article-header"><h1 class="article-headline">{e(a['title'])}</h1>
<div class="article-byline">By <a href="/people/x">{e(a['reporter'])}</a></div>
<time class="article-date" datetime="{a['date']}">{human_en(a['date'])}</time>
<div class="share-tools"><button>Share</button><button>Copy link</button></div></header>
<figure class="lead-art"><img src="/a.jpg"><figcaption>A file photo. (Photo: Staff photographer)</figcaption></figure>
<div class="article-body">{''.join(chunks)}</div>
<div class="article-tags"><a>Technology</a><a>Asia</a></div></article>
<section class="related-stories"><h2>Related coverage</h2><ul>{''.join(f'<li><a>{e(t)}</a></li>' for t in other_titles(i, 'en', 3))}</ul></section>
{most_read_en(i)}</main><footer class="site-footer">© 2024 {e(outlet)}. All Rights Reserved.</footer></body></html>"""
    return page, url


def e_div_soup(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://{host}/news/{a['date'][:10].replace('-', '')}/{i}"
    body = "".join(f'<div class="c-6f2a"><span class="t-b1">{e(p)}</span></div>' for p in a["paras"])
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(a['title'])} - {e(outlet)}</title></head>
<body>{cookie_banner()}<div class="x1a">{en_header(outlet)}<div class="x2b"><div class="x3c">
<h1 class="x4d">{e(a['title'])}</h1><div class="x5e">By {e(a['reporter'])} | <time datetime="{a['date']}">{human_en(a['date'])}</time></div>
<div class="x6f"><a>Facebook</a> <a>Twitter</a> <a>LinkedIn</a> <a>Email</a></div>
<div class="x7g">{body}<div class="x8h"><img src="/b.jpg"><div class="x8i">Photo: Getty Images</div></div></div>
<div class="x9j"><h3>More from {e(outlet)}</h3><ul>{''.join(f'<li><a>{e(t)}</a></li>' for t in other_titles(i, 'en', 4))}</ul></div>
<div class="xak"><h3>Comments</h3><div>Posted by reader42: This is exactly what the city needed, finally some action.</div></div>
</div></div><div class="xbl"><p>© {e(outlet)} 2024. All rights reserved. Terms | Privacy</p></div></div></body></html>"""
    return page, url


def e_graph(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://www.{host}/news/{i}/{a['title'].lower().split(':')[0].replace(' ', '-')[:40]}"
    ld = ld_script({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": outlet, "url": f"https://www.{host}/"},
        {"@type": "WebPage", "@id": url, "url": url},
        {"@type": ["NewsArticle", "Article"], "headline": a["title"], "datePublished": a["date"],
         "articleBody": "\n\n".join(a["paras"]),
         "author": [{"@type": "Person", "name": a["reporter"]}],
         "publisher": {"@type": "NewsMediaOrganization", "name": outlet}}]})
    paras = "".join(f"<p>{e(p)}</p>" for p in a["paras"])
    page = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{e(a['title'])}</title>{ld}
<meta property="og:url" content="https://syndication-partner.example.net/copy/{i}"></head>
<body>{cookie_banner()}{en_header(outlet)}<div class="page"><h1>{e(a['title'])}</h1>
<p class="meta">By {e(a['reporter'])}</p><div class="story">{paras}</div>
<div class="promo">Support independent journalism. Donate today.</div>{most_read_en(i)}</div></body></html>"""
    return page, url


def e_amp(i: int, a: dict, outlet: str, host: str) -> tuple[str, str]:
    url = f"https://amp.{host}/{a['date'][:4]}/{a['date'][5:7]}/{a['date'][8:10]}/story-{i}/amp/"
    canonical = f"https://www.{host}/{a['date'][:4]}/{a['date'][5:7]}/{a['date'][8:10]}/story-{i}/"
    paras = "".join(f"<p>{e(p)}</p>" for p in a["paras"])
    page = f"""<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>{e(a['title'])} | {e(outlet)}</title>
<link rel="canonical" href="{canonical}"><meta name="viewport" content="width=device-width">
<meta property="og:site_name" content="{e(outlet)}"><meta property="article:published_time" content="{a['date']}">
<meta name="author" content="{e(a['reporter'])}"><style amp-custom>body{{font-family:serif}}</style>
<script async src="https://cdn.ampproject.org/v0.js"></script></head>
<body><amp-sidebar id="sidebar" layout="nodisplay"><ul>{''.join(f'<li>{m}</li>' for m in EN_MENU)}</ul></amp-sidebar>
<header class="amp-header"><a href="/">{e(outlet)}</a></header><article class="amp-article"><h1>{e(a['title'])}</h1>
<div class="amp-byline">By {e(a['reporter'])}</div><amp-img src="/c.jpg" width="600" height="400" layout="responsive"></amp-img>
<div class="amp-caption">Photo: {e(outlet)} staff</div>{paras}
<amp-social-share type="twitter"></amp-social-share><amp-social-share type="facebook"></amp-social-share></article>
<div class="amp-related"><h2>Read next</h2><ul>{''.join(f'<li>{e(t)}</li>' for t in other_titles(i, 'en', 3))}</ul></div>
<footer>© 2024 {e(outlet)}</footer></body></html>"""
    return page, url


KO_TEMPLATES = [k_react_jsonld, k_ndsoft, k_naver, k_asp_table, k_wire, k_div_soup, k_mobile]
EN_TEMPLATES = [e_wordpress, e_arc, e_div_soup, e_graph, e_amp]
KO_HOSTS = ["hanbit-ilbo.co.kr", "techpeak.kr", "dongnyeok.co.kr", "maeilbiz.co.kr", "itdaily.kr", "jibangnews.co.kr", "edunews.co.kr"]
EN_HOSTS = ["harborledger.com", "pacificwire.com", "bayvillepost.com", "capitalbrief.co.uk", "sciencedispatch.org"]


def build() -> list[dict]:
    """Write every page and its ground truth; return the ground-truth records."""
    records = []
    ko_n = en_n = 0
    for index, article in enumerate(ARTICLES):
        if article["lang"] == "ko":
            template = KO_TEMPLATES[ko_n % len(KO_TEMPLATES)]
            outlet, host = KO_OUTLETS[ko_n % len(KO_OUTLETS)], KO_HOSTS[ko_n % len(KO_HOSTS)]
            ko_n += 1
        else:
            template = EN_TEMPLATES[en_n % len(EN_TEMPLATES)]
            outlet, host = EN_OUTLETS[en_n % len(EN_OUTLETS)], EN_HOSTS[en_n % len(EN_HOSTS)]
            en_n += 1
        page, url = template(index, article, outlet, host)
        paras = list(article["paras"])
        if template is k_wire:
            paras[0] = f"(서울=뉴스통신) {article['reporter']} 기자 = " + paras[0]
        name = f"{index + 1:02d}"
        encoding = "cp949" if template is k_asp_table else "utf-8"
        (HERE / f"{name}.html").write_bytes(page.encode(encoding))
        record = {"url": url, "title": article["title"], "body": "\n\n".join(paras),
                  "language": article["lang"], "template": template.__name__, "encoding": encoding}
        (HERE / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        records.append(record)
    return records


if __name__ == "__main__":
    print(f"wrote {len(build())} pages to {HERE}")
