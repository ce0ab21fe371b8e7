"""Write a large synthetic news web for benchmarks and the crash soak test.

`generate_web(root, n)` renders N article pages through the same outlet
templates as the hand-made web (Korean and English, 5–50 KB each, ~30% about
KT–Microsoft, ~10% syndicated near-copies of an earlier story), plus RSS/Atom
feeds, listing pages and sitemaps split at 500 URLs with a sitemap index, and a
``_manifest.json`` (not served) in the hand-made web's format. The output depends only on
(n, seed), and `FixtureWeb(root=...)` serves it.

    python -m tests.fixtureweb.generate /tmp/web 10000
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from . import templates as T
from .articles import Article
from .build_site import path_to_file

KST = timezone(timedelta(hours=9))
OUTLETS = ("hanbit", "seoultech", "dongbang", "newswire")
MAX_URLS_PER_FILE = 500
LISTING_PAGE_SIZE = 50

_KO_REL = (
    "KT와 마이크로소프트(MS)가 {topic} 분야 협력을 확대한다고 {day}일 밝혔다.",
    "두 회사는 애저(Azure) 오픈AI 서비스를 바탕으로 {sector} 고객을 위한 {product}을 선보인다.",
    "KT는 MS와 맺은 5년간 수조원 규모 파트너십의 후속 조치로 {num}개 기업과 {product} 시범 사업을 진행 중이다.",
    "김영섭 KT 대표는 \"MS와의 협력으로 {sector} 분야 AI 전환 속도가 빨라질 것\"이라고 말했다.",
    "한국형 GPT-4o와 파이(Phi) 기반 소형언어모델은 {sector} 업무에 맞게 추가 학습됐다.",
    "KT는 광화문 AI 이노베이션 센터에서 {sector} 고객 대상 {product} 체험 행사를 연다.",
    "업계는 KT와 MS의 {topic} 협력이 국내 클라우드 시장 판도에 영향을 줄 것으로 본다.",
    "고객 데이터는 애저 한국 리전에 저장되며 {product} 학습에는 쓰이지 않는다고 KT는 설명했다.",
)
_KO_OTHER = (
    "{company}가 {sector} 시장에서 새 {item}을 {day}일 공개했다.",
    "회사 측은 올해 {sector} 부문 매출이 지난해보다 {num}% 늘 것으로 내다봤다.",
    "{company} 관계자는 \"{sector} 고객 반응이 예상보다 좋다\"고 말했다.",
    "업계에서는 {item} 경쟁이 연말까지 이어질 것이라는 전망이 나온다.",
    "정부는 {sector} 분야 규제 개선안을 다음 달 발표할 예정이다.",
    "전문가들은 {company}의 이번 전략이 {sector} 시장 점유율(MS) 변화로 이어질지 주목하고 있다.",
    "kt wiz는 {day}일 경기에서 {num}-3으로 이겨 연승을 이어갔다.",
    "코레일은 KTX 시간표를 바꿔 {num}회 증편한다고 밝혔다.",
)
_EN_REL = (
    "KT and Microsoft said on the {day}th that they will expand their {topic_en} cooperation.",
    "The partners will offer {product_en} to {sector_en} customers on the Azure OpenAI Service.",
    "KT is piloting {product_en} with {num} companies under its five-year partnership with Microsoft.",
    "The Korean-tuned GPT-4o and a Phi-based small language model were further trained for {sector_en} work.",
    "Analysts expect the KT-Microsoft alliance to reshape Korea's {topic_en} market.",
    "Customer data stays in Azure's Korea region and is not used to train {product_en}, KT said.",
)
_EN_OTHER = (
    "{company_en} unveiled a new {item_en} for the {sector_en} market on the {day}th.",
    "The company expects {sector_en} revenue to grow {num}% this year.",
    "Regulators plan to publish new {sector_en} rules next month.",
    "Rivals are expected to answer with {item_en} launches of their own before the holidays.",
    "Microsoft also shipped a Copilot update that adds {item_en} features for Windows users.",
)
_SLOTS: dict[str, tuple[str, ...]] = {
    "topic": ("AI", "클라우드", "AI 인재 양성", "공공 클라우드", "AI 보안", "데이터센터"),
    "sector": ("금융", "공공", "제조", "의료", "유통", "교육", "물류"),
    "product": ("AI 상담 서비스", "문서 요약 솔루션", "AI 비서", "보안 관제 서비스", "코딩 도우미"),
    "company": ("SK텔레콤", "LG유플러스", "네이버", "카카오", "KT&G", "삼성전자", "현대차"),
    "item": ("요금제", "스마트폰", "전기차", "결제 서비스", "게임", "배터리"),
    "topic_en": ("AI", "cloud", "AI talent", "public cloud", "AI security", "data center"),
    "sector_en": ("finance", "public", "manufacturing", "healthcare", "retail", "education"),
    "product_en": ("an AI contact-center service", "a document summarizer", "an AI assistant", "a coding copilot"),
    "company_en": ("SK Telecom", "LG Uplus", "Naver", "Kakao", "Samsung", "Hyundai"),
    "item_en": ("rate plan", "smartphone", "EV", "payment service", "game", "battery"),
}
_KO_REL_TITLES = (
    "KT·MS, {sector} AI 협력 확대…{product} 공개",
    "KT, MS 애저 기반 {product} {sector} 시장 출시",
    "KT-마이크로소프트 {topic} 동맹 {num}개 기업으로 확대",
)
_KO_OTHER_TITLES = ("{company}, {sector} 시장에 새 {item} 내놔", "{company} {item} 판매 {num}% 증가", "{sector} 규제 완화 논의 본격화")
_EN_REL_TITLES = ("KT and Microsoft expand {topic_en} alliance to {sector_en}", "KT launches {product_en} on Azure for {sector_en}")
_EN_OTHER_TITLES = ("{company_en} unveils {item_en} for {sector_en}", "{company_en} {item_en} sales up {num}%")


def _fill(rng: random.Random, template: str, day: int) -> str:
    values = {k: rng.choice(v) for k, v in _SLOTS.items() if "{" + k + "}" in template}
    return template.format(day=day, num=rng.randint(2, 90), **values)


def _paragraph(rng: random.Random, pool: tuple[str, ...], day: int) -> str:
    return " ".join(_fill(rng, rng.choice(pool), day) for _ in range(rng.randint(3, 5)))


class _ParagraphBank:
    """Pre-written paragraphs per sentence pool: drawing from a bank keeps 10,000 pages fast."""

    SIZE = 1500

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._banks: dict[int, list[str]] = {}

    def draw(self, pool: tuple[str, ...], count: int) -> list[str]:
        bank = self._banks.get(id(pool))
        if bank is None:
            bank = [_paragraph(self._rng, pool, 1 + k % 28) for k in range(self.SIZE)]
            self._banks[id(pool)] = bank
        return self._rng.choices(bank, k=count)


def _path(outlet: str, i: int, when: datetime) -> str:
    if outlet == "hanbit":
        return f"/hanbit/news/articleView.html?idxno={100000 + i}"
    if outlet == "seoultech":
        return f"/seoultech/{when:%Y/%m/%d}/story-number-{i}-from-seoul/"
    if outlet == "dongbang":
        return f"/dongbang/read.php?no={when:%Y%m%d}{i:06d}"
    return f"/newswire/article/AKR{when:%Y%m%d}{i:07d}"


def _article(
    rng: random.Random, bank: _ParagraphBank, i: int, developments: int, originals: list[Article]
) -> tuple[Article, int]:
    outlet = OUTLETS[i % len(OUTLETS)]
    english = outlet == "seoultech"
    when = datetime(2024, 9, 1, 6, 0, tzinfo=KST) + timedelta(minutes=i * 17 + rng.randint(0, 16))
    path = _path(outlet, i, when)
    target_bytes = int(5_500 * (10 ** rng.uniform(0, 0.95)))  # 5.5–49 KB, log-uniform
    if originals and not english and rng.random() < 0.10:
        src = rng.choice(originals)
        paras = list(src.paragraphs)
        if len(paras) > 3:
            del paras[rng.randrange(1, len(paras))]
        # A long CP949 original grows by half in UTF-8: keep the copy under ~50 KB.
        ratio = 0.75 if outlet == "dongbang" else 1.0
        size, kept = 5_000.0, []
        for para in paras:
            size += len(para.encode("utf-8")) * ratio + 8
            if size > 49_000 and len(kept) >= 4:
                break
            kept.append(para)
        paras = kept
        art = Article(
            outlet=outlet, path=path, title=src.title.replace("…", " ") + " (종합)", published=when.isoformat(),
            author=rng.choice(("온라인뉴스팀", "디지털뉴스부", "산업부")), paragraphs=tuple(paras), relevant=src.relevant,
            scenario="syndicated", development=src.development, duplicate_of=src.path,
            copyright="ⓒ 한빛통신 제공. 무단전재-재배포 금지",
        )
        return art, target_bytes
    relevant = rng.random() < 0.30
    pools = {
        (False, True): (_KO_REL, _KO_REL_TITLES),
        (False, False): (_KO_OTHER, _KO_OTHER_TITLES),
        (True, True): (_EN_REL, _EN_REL_TITLES),
        (True, False): (_EN_OTHER, _EN_OTHER_TITLES),
    }
    pool, titles = pools[(english, relevant)]
    # Chrome and markup cost ~4 KB; CP949 (동방신문) spends 2 bytes a syllable, UTF-8 3.
    overhead = {"hanbit": 5_000, "seoultech": 4_500, "dongbang": 3_500, "newswire": 4_000}[outlet]
    ratio = 0.75 if outlet == "dongbang" else 1.0
    first = _paragraph(rng, pool, when.day)
    paras = [first]
    size = len(first.encode("utf-8")) * ratio
    for para in bank.draw(pool, max(4, target_bytes // 250)):
        if size >= target_bytes - overhead and len(paras) >= 4:
            break
        paras.append(para)
        size += len(para.encode("utf-8")) * ratio + 8
    art = Article(
        outlet=outlet, path=path, title=_fill(rng, rng.choice(titles), when.day) + f" #{i}", published=when.isoformat(),
        author=rng.choice(("정다은 기자", "최현우 기자", "한지수 기자", "Daniel Oh", "Grace Yoon") if english else ("정다은 기자", "최현우 기자", "한지수 기자")),
        paragraphs=tuple(paras), relevant=relevant, scenario="generated",
        development=f"gen-dev-{rng.randrange(developments)}" if relevant else None,
        language="en" if english else "ko",
    )
    return art, target_bytes


def _manifest_entry(a: Article) -> dict[str, Any]:
    return {
        "path": a.path, "outlet": a.outlet, "title": a.title, "language": a.language, "relevant": a.relevant,
        "published": a.published, "scenario": a.scenario, "duplicate_of": a.duplicate_of,
        "development": a.development, "edition": 1,
    }


def _chunks(items: list[Article], size: int) -> list[list[Article]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def generate_web(root: Path, n_articles: int, seed: int = 0) -> dict[str, Any]:
    """Write a synthetic web of ``n_articles`` pages under ``root``; returns its manifest.

    Feeds: ``/hanbit/rss-N.xml``, ``/newswire/rss-N.xml``, ``/seoultech/atom-N.xml``;
    listings ``/dongbang/list-N.html``; sitemaps ``/<outlet>/sitemap-N.xml`` listed
    by ``/sitemap-index.xml`` (also named in robots.txt). Every file holds <= 500 URLs.
    """
    rng = random.Random(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    developments = max(3, n_articles // 150)
    bank = _ParagraphBank(random.Random(seed + 1))
    articles: list[Article] = []
    originals: list[Article] = []
    recent: dict[str, list[Article]] = {o: [] for o in OUTLETS}
    made_dirs: set[Path] = set()
    for i in range(n_articles):
        art, _ = _article(rng, bank, i, developments, originals)
        if art.relevant and art.duplicate_of is None and art.language == "ko":
            originals.append(art)
            if len(originals) > 200:
                originals.pop(0)
        target = root / path_to_file(art.path)
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        others = recent[art.outlet][-8:][::-1]
        target.write_bytes(T.render_article(art, others))
        recent[art.outlet].append(art)
        if len(recent[art.outlet]) > 16:
            del recent[art.outlet][:8]
        articles.append(art)

    by_outlet = {o: sorted((a for a in articles if a.outlet == o), key=lambda a: a.published, reverse=True) for o in OUTLETS}
    sitemap_paths: list[str] = []
    for outlet, items in by_outlet.items():
        for n, chunk in enumerate(_chunks(items, MAX_URLS_PER_FILE), 1):
            rel = f"{outlet}/sitemap-{n}.xml"
            (root / outlet).mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(T.news_sitemap(chunk, T.OUTLET_NAMES[outlet], "en" if outlet == "seoultech" else "ko"))
            sitemap_paths.append("/" + rel)
            if outlet in ("hanbit", "newswire"):
                feed = [(T.a_url(a.path), a.title, a.published, a.summary, a.author) for a in chunk]
                (root / f"{outlet}/rss-{n}.xml").write_bytes(T.rss_feed(T.OUTLET_NAMES[outlet], f"/{outlet}/", feed))
            elif outlet == "seoultech":
                (root / f"seoultech/atom-{n}.xml").write_bytes(T.atom_feed("Seoul Tech Review", "/seoultech/", chunk))
        if outlet == "dongbang":
            for n, chunk in enumerate(_chunks(items, LISTING_PAGE_SIZE), 1):
                (root / f"dongbang/list-{n}.html").write_bytes(
                    T.dongbang_listing(chunk).encode("cp949", errors="xmlcharrefreplace")
                )
    (root / "sitemap-index.xml").write_bytes(T.sitemap_index(sitemap_paths, "2024-12-31T00:00:00+09:00"))
    (root / "robots.txt").write_bytes(b"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap-index.xml\n")
    manifest = {
        "articles": [_manifest_entry(a) for a in articles],
        "sitemaps": ["/sitemap-index.xml"],
        "feeds": sorted(
            f"/{p.parent.name}/{p.name}" for p in list(root.glob("*/rss-*.xml")) + list(root.glob("*/atom-*.xml"))
        ),
        "listings": sorted(f"/dongbang/{p.name}" for p in root.glob("dongbang/list-*.html")),
        "seed": seed,
    }
    (root / "_manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    return manifest


if __name__ == "__main__":
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    started = datetime.now()
    generate_web(out, count, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    print(f"{count} pages in {(datetime.now() - started).total_seconds():.1f}s -> {out}")
