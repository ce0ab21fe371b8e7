"""Lines of page furniture that survive any choice of article container.

Copyright notices, reporter sign-offs, photo credits, share bars, promos and the
"관련기사"/"Related" lists that end a story: a reader of the digest should see
none of them, and relevance scoring and near-duplicate detection must not count them.
"""

from __future__ import annotations

import re

from newsmon.pages.labels import (COPYRIGHT_RE, EMAIL_RE, EN_BYLINE_LINE_RE, KO_BYLINE_LINE_RE, LABEL_TAIL,
                                  MODIFIED_LABELS, PUBLISHED_LABELS)

# Lines of boilerplate that survive any container choice (copyright, bylines,
# e-mail: newsmon.pages.labels, shared with the seed parser).
_PHOTO_CREDIT_RE = re.compile(
    r"^[\[(<]?\s*/?\s*(?:사진|이미지|그래픽|자료|영상|일러스트|Photo|Photos|Image|Credit|Illustration"
    r"|Graphic|Video)\s*(?:제공)?\s*[=:/|]",
    re.IGNORECASE,
)
_PHOTO_TAIL_RE = re.compile(r"(?:\[|\(|<)\s*(?:사진|이미지|그래픽)\s*=?[^\])>]{0,30}(?:\]|\)|>)\s*$")
_CHROME_WORDS = frozenset(
    {"공유하기", "공유", "페이스북", "트위터", "카카오톡", "카카오스토리", "카카오", "네이버밴드",
     "밴드", "url복사", "링크복사", "url 복사", "facebook", "twitter", "x", "linkedin", "email",
     "e-mail", "share", "print", "인쇄", "스크랩", "글자크기", "가", "가가", "좋아요", "싫어요",
     "구독", "댓글", "advertisement", "광고", "sponsored", "read more", "더보기", "닫기", "close",
     "copy link", "whatsapp", "reddit", "pinterest", "save", "listen", "기사듣기", "추천",
     "기사 공유", "share this article", "sns 공유", "프린트", "메일", "북마크", "bookmark",
     "본문 글씨 키우기", "본문 글씨 줄이기", "글씨 크기", "목록", "top", "맨위로"}
)
_CHROME_SPLIT_RE = re.compile(r"\s*[|·/]\s*|\s{2,}")
_SECTION_END_RE = re.compile(
    r"^(?:관련\s*기사|관련\s*뉴스|많이\s*본\s*(?:기사|뉴스)|인기\s*기사|추천\s*기사|이\s*시각\s*주요뉴스"
    r"|주요\s*뉴스|최신\s*기사|related(?:\s+(?:articles|stories|coverage|news|content))?|more from .*"
    r"|more stories|recommended(?: for you)?|read next|most popular|most read|you may also like"
    r"|trending now|top stories|latest news|comments?|댓글.*|sign up for .*)\s*:?$",
    re.IGNORECASE,
)
_PROMO_RE = re.compile(
    r"^[▶☞▷►→]\s*.*(?:구독|바로\s*가기|보기|클릭|네이버|카카오|다운로드|채널|이벤트|관련\s*기사|뉴스|제보|앱|유튜브)"
)
_DATE_ONLY_RE = re.compile(
    rf"^(?:(?:{PUBLISHED_LABELS}|{MODIFIED_LABELS})\s*{LABEL_TAIL}\s*"
    r"[\d.\-/: 년월일오전후AMPamp()월화수목금토일]+\s*)+$",
    re.IGNORECASE,
)


def is_boilerplate_line(line: str) -> bool:
    # Runs on every line of every page: length and substring tests go before the regexes.
    size = len(line)
    if size < 200 and COPYRIGHT_RE.search(line):
        return True
    if size < 100 and "@" in line and EMAIL_RE.search(line):
        return True
    if KO_BYLINE_LINE_RE.match(line) or EN_BYLINE_LINE_RE.match(line):
        return True
    if size < 100 and (_PHOTO_CREDIT_RE.match(line) or size < 40 and _PHOTO_TAIL_RE.search(line)):
        return True
    lower = line.lower()
    if lower.strip(" |·/") in _CHROME_WORDS:
        return True
    if size < 80:
        words = [w for w in _CHROME_SPLIT_RE.split(lower) if w]
        if len(words) >= 2 and all(w in _CHROME_WORDS for w in words):
            return True
    return size < 90 and (_PROMO_RE.match(line) is not None or _DATE_ONLY_RE.match(line) is not None)


def clean_body(lines: list[str], title: str | None) -> list[str]:
    """Remove boilerplate lines and trailing related/popular lists."""
    out: list[str] = []
    norm_title = re.sub(r"\s+", " ", title).strip() if title else None
    for index, line in enumerate(lines):
        if _SECTION_END_RE.match(line):
            if index >= len(lines) * 0.5 or len(out) >= 3:
                break
            continue
        if norm_title and not out and line == norm_title:
            continue
        if is_boilerplate_line(line):
            continue
        out.append(line)
    # Trailing short link-like lines (headline lists without a header).
    while out and len(out) > 3 and len(out[-1]) < 40 and not re.search(r"[.!?다요”\"')\]]$", out[-1]):
        out.pop()
    return out

