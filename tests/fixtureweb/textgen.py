"""Synthetic news text whose unrelated articles share no more than real news does.

A small sentence bank makes every generated article a near-duplicate of every
other one under newsmon's detector (MinHash over character 5-grams). Here
each sentence is a template with inline alternatives (``[a|b]``) and slots
(``{co}``, ``{amt}``, ``{topic}``) filled from combinatorial vocabularies:
invented companies, people, brands and compound nouns, places and random
figures. Each article has its own cast (recast every few paragraphs, as in a
round-up), so two unrelated articles share only common phrases.

Relevant (KT–Microsoft) articles report an `Event`: one development with its
own facts (kind, day, programme name, place, partner, amount, count,
executives). Every report of an event, Korean or English, names those facts
in its headline and lead, and reports of different events differ in them.

    rng = random.Random(7)
    event = new_event(rng, date(2024, 9, 14), key="dev-1")
    text = write_article(rng, language="ko", relevant=True, event=event, size=3000)

``mentions`` adds a sentence naming a given search word to a share of the
articles (``{"망분리": 0.05}``); `MENTIONS` lists the words it knows. The
vocabularies avoid those words otherwise, so the share is what a search finds.
Output depends only on the ``rng`` state and the arguments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Mapping, Optional, Sequence, Union

__all__ = ["Event", "EVENT_KINDS", "MENTIONS", "Text", "new_event", "write_article"]

# ---------------------------------------------------------------- templates
#
# "{name}" is a slot, "{name:을}" a slot followed by the Korean particle that
# fits its last syllable (을/를, 은/는, 이/가, 과/와, 으로/로), "{name:a}" one
# preceded by the English "a" or "an", "[a|b|c]" one
# of the alternatives (which may hold slots). Templates are compiled once.

_Part = Union[str, tuple]
_PARTICLES = {
    "은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"), "을": ("을", "를"),
    "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와"), "으로": ("으로", "로"), "로": ("으로", "로"),
    "이라고": ("이라고", "라고"), "라고": ("이라고", "라고"), "이다": ("이다", "다"), "다": ("이다", "다"),
}


def _compile(src: str) -> tuple[_Part, ...]:
    return _parse(src, 0, nested=False)[0]


def _parse(src: str, i: int, nested: bool) -> tuple[tuple[_Part, ...], int]:
    """Parts from ``src[i:]`` up to the end, or (``nested``) to the ``|`` or ``]`` that closes them."""
    parts: list[_Part] = []
    text: list[str] = []

    def flush() -> None:
        if text:
            parts.append("".join(text))
            text.clear()

    while i < len(src):
        c = src[i]
        if c == "{":
            end = src.index("}", i)
            name, _, particle = src[i + 1 : end].partition(":")
            if particle and particle not in _PARTICLES and particle != "a":
                raise ValueError(f"unknown particle {particle!r} in {src!r}")
            flush()
            parts.append((0, name, particle or None))
            i = end + 1
        elif c == "[":
            flush()
            alternatives = []
            i += 1
            while True:
                alternative, i = _parse(src, i, nested=True)
                alternatives.append(alternative)
                if i >= len(src):
                    raise ValueError(f"unclosed '[' in {src!r}")
                i += 1
                if src[i - 1] == "]":
                    break
            parts.append((1, tuple(alternatives)))
        elif nested and c in "|]":
            break
        elif c == "]":
            raise ValueError(f"unbalanced ']' in {src!r}")
        else:
            text.append(c)
            i += 1
    flush()
    return tuple(parts), i


def _particle(word: str, particle: str) -> str:
    """The form of ``particle`` that follows ``word`` (batchim or not; ㄹ takes 로)."""
    last = word.rstrip("'’\")」』 ")[-1:] or "가"
    if "가" <= last <= "힣":
        code = (ord(last) - 0xAC00) % 28
        final, rieul = code != 0, code == 8
    elif last.isdigit():
        final, rieul = last in "013678", last in "178"
    else:  # a Latin word as Korean reads it: One 원, Pixel 픽셀, Home 홈; Core 코어, Hub 허브
        tail = word.rstrip("'’\")」』 ").lower()
        if tail.endswith("e") and tail[-2:-1] in ("n", "m"):
            tail = tail[:-1]
        final, rieul = tail[-1:] in ("l", "m", "n") or tail.endswith("ng"), tail[-1:] == "l"
    with_final, without = _PARTICLES[particle]
    if with_final == "으로" and rieul:
        return "로"
    return with_final if final else without


Slots = dict[str, Union[str, Callable[[], str]]]


def _flatten(parts: tuple[_Part, ...], picked: dict[int, int], rand: Callable[[], float], out: list) -> list:
    """``parts`` with each ``[a|b]`` resolved as ``picked`` says (drawing and keeping new picks);
    adjacent literals merged, slots left as ``(0, name, particle)``.

    Keeping the pick makes an article's house style: unrelated articles phrase
    a template differently, so they share fewer 5-grams, and one article
    stays consistent, as an edited one is.
    """
    for p in parts:
        if p.__class__ is str:
            if out and out[-1].__class__ is str:
                out[-1] += p
            else:
                out.append(p)
        elif p[0] == 0:
            out.append(p)
        else:
            alternatives = p[1]
            k = picked.get(id(alternatives))
            if k is None:
                k = picked[id(alternatives)] = int(rand() * len(alternatives))
            _flatten(alternatives[k], picked, rand, out)
    return out


def _render(flat: list, slots: Slots) -> str:
    out = []
    for p in flat:
        if p.__class__ is str:
            out.append(p)
            continue
        value = slots[p[1]]
        if value.__class__ is not str:
            value = value()  # type: ignore[operator]
        if p[2] == "a":  # English "{x:a}": "a x" or "an x"
            out.append("an " if value[:1] in "aeiouAEIOU8" else "a ")  # type: ignore[index]
            out.append(value)  # type: ignore[arg-type]
        else:
            out.append(value)  # type: ignore[arg-type]
            if p[2]:
                out.append(_particle(value, p[2]))  # type: ignore[arg-type]
    return "".join(out)


class _Draw:
    """Uniform draws from one ``random.Random``: ``random.choice``/``randint`` cost ~1 µs each,
    indexing with ``random()`` a fifth of that (10,000 pages draw millions of times)."""

    def __init__(self, rng: random.Random) -> None:
        rand = self.random = rng.random
        self.choice: Callable[[Sequence], Any] = lambda seq: seq[int(rand() * len(seq))]
        self.int: Callable[[int, int], int] = lambda lo, hi: lo + int(rand() * (hi - lo + 1))


#: Characters at the start of a relevant article that stay on its event (newsmon's
#: developments read the headline and the first 1,500 characters of the body).
OPENING_CHARS = 1_500
_FIGURES = frozenset({"amt", "amt2", "pct", "pct2", "big", "won", "n", "year", "month", "day", "q"})
_NAMES = frozenset({"analyst", "firm", "person", "univ", "company", "co", "co2", "rival", "place", "place2", "topic",
                    "topic2", "ceo", "exec", "brand", "product"})


def _slot_names(parts: tuple[_Part, ...]) -> set[str]:
    names: set[str] = set()
    for p in parts:
        if p.__class__ is str:
            continue
        if p[0] == 0:
            names.add(p[1])
        else:
            for alternative in p[1]:
                names |= _slot_names(alternative)
    return names


def _pool(*sources: str) -> tuple[tuple[_Part, ...], ...]:
    return tuple(_compile(s) for s in sources)


# ---------------------------------------------------------------- vocabularies: (Korean, English) pairs


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"한결/Hangyeol, 누리/Nuri"`` -> pairs; one source for both languages keeps them parallel."""
    out = []
    for item in text.split(","):
        item = item.strip()
        if item:
            ko, en = item.split("/")
            out.append((ko.strip(), en.strip()))
    return tuple(out)


_CO_PREFIX = _pairs("""
    한결/Hangyeol, 누리/Nuri, 새빛/Saebit, 다온/Daon, 가람/Garam, 라온/Raon, 해솔/Haesol, 도담/Dodam, 한울/Hanul,
    청운/Cheongun, 대성/Daesung, 동진/Dongjin, 세진/Sejin, 우진/Woojin, 태영/Taeyoung, 금강/Geumgang, 백두/Baekdu,
    한라/Halla, 소백/Sobaek, 가온/Gaon, 아름/Areum, 나래/Narae, 마루/Maru, 보람/Boram, 솔빛/Solbit, 미르/Mir,
    온누리/Onnuri, 새롬/Saerom, 이음/Ieum, 여울/Yeoul, 윤슬/Yunseul, 다솜/Dasom, 비채/Bichae, 하람/Haram,
    초록/Chorok, 은빛/Eunbit, 서진/Seojin, 삼익/Samik, 영진/Youngjin, 정우/Jungwoo, 광명/Gwangmyeong, 성진/Sungjin,
    명인/Myungin, 신화/Shinhwa, 제일/Jeil, 창성/Changsung, 태평/Taepyeong, 동해/Donghae, 서해/Seohae, 남강/Namgang,
    유진/Eugene, 아란/Aran, 케이원/K-One, 에이펙스/Apex, 넥스트/Next, 유니온/Union, 퀀텀/Quantum, 트리니티/Trinity
""")
_CO_SUFFIX = _pairs("""
    테크/Tech, 바이오/Bio, 소재/Materials, 에너지/Energy, 로보틱스/Robotics, 모빌리티/Mobility, 솔루션/Solutions,
    시스템즈/Systems, 제약/Pharm, 전자/Electronics, 화학/Chemical, 물산/Trading, 건설/E&C, 식품/Foods, 정밀/Precision,
    반도체/Semiconductor, 디스플레이/Display, 네트웍스/Networks, 랩스/Labs, 헬스케어/Healthcare, 메디컬/Medical,
    파이낸셜/Financial, 캐피탈/Capital, 로지스/Logis, 게임즈/Games, 엔터/Entertainment, 중공업/Heavy Industries,
    해운/Shipping, 항공/Aviation, 코스메틱/Cosmetics, 소프트/Soft, 일렉트릭/Electric, 파워/Power, 머티리얼즈/Materials Co
""")
_FIRM_SUFFIX = _pairs("증권/Securities, 투자증권/Investment & Securities, 자산운용/Asset Management, 리서치/Research")
_SURNAME = _pairs("""
    김/Kim, 이/Lee, 박/Park, 최/Choi, 정/Jung, 강/Kang, 조/Cho, 윤/Yoon, 장/Jang, 임/Lim, 한/Han, 오/Oh, 서/Seo,
    신/Shin, 권/Kwon, 황/Hwang, 안/Ahn, 송/Song, 류/Ryu, 전/Jeon, 홍/Hong, 고/Ko, 문/Moon, 양/Yang, 손/Son, 배/Bae,
    백/Baek, 허/Heo, 남/Nam, 노/Noh, 하/Ha, 곽/Kwak, 성/Sung, 차/Cha, 주/Joo, 우/Woo, 구/Koo, 민/Min, 유/Yoo, 진/Jin
""")
_GIVEN = _pairs("""
    민/min, 서/seo, 지/ji, 현/hyun, 준/jun, 도/do, 하/ha, 예/ye, 수/su, 윤/yun, 재/jae, 승/seung, 태/tae, 은/eun,
    유/yu, 동/dong, 영/young, 진/jin, 상/sang, 혜/hye, 경/kyung, 호/ho, 우/woo, 원/won, 소/so, 다/da, 채/chae,
    시/si, 연/yeon, 희/hee, 훈/hoon, 빈/bin, 석/seok, 혁/hyuk, 규/gyu, 린/rin, 주/ju, 철/cheol, 환/hwan, 기/ki,
    아/a, 나/na, 람/ram, 율/yul, 찬/chan, 범/beom, 용/yong, 인/in, 택/taek, 건/geon
""")
_ROLE = _pairs("""
    대표/CEO, 사장/president, 부사장/vice president, 전무/executive vice president, 상무/senior vice president,
    본부장/division head, 연구소장/head of research, 센터장/center director, 사업부장/business unit head,
    최고기술책임자/chief technology officer, 최고재무책임자/chief financial officer, 전략담당 임원/head of strategy
""")
_OFFICIAL = _pairs("장관/minister, 차관/vice minister, 위원장/chairperson, 국장/director general, 과장/division director, 청장/commissioner")
_PLACE = _pairs("""
    서울 강남구/Gangnam in Seoul, 서울 마포구/Mapo in Seoul, 서울 성수동/Seongsu-dong in Seoul, 판교/Pangyo, 경기 수원/Suwon,
    경기 화성/Hwaseong, 경기 평택/Pyeongtaek, 경기 용인/Yongin, 인천 송도/Songdo in Incheon, 부산 해운대/Haeundae in Busan,
    부산 강서구/Gangseo in Busan, 대구 달성/Dalseong in Daegu, 대전 유성구/Yuseong in Daejeon, 광주 광산구/Gwangsan in Gwangju,
    울산 울주/Ulju in Ulsan, 세종/Sejong, 충북 오송/Osong, 충북 청주/Cheongju, 충남 아산/Asan, 충남 천안/Cheonan,
    전북 전주/Jeonju, 전북 새만금/Saemangeum, 전남 여수/Yeosu, 전남 나주/Naju, 경북 구미/Gumi, 경북 포항/Pohang,
    경남 창원/Changwon, 경남 거제/Geoje, 강원 원주/Wonju, 강원 춘천/Chuncheon, 제주/Jeju, 서울 구로구/Guro in Seoul,
    서울 영등포구/Yeongdeungpo in Seoul, 경기 안산/Ansan, 경기 이천/Icheon, 충북 음성/Eumseong, 경북 경주/Gyeongju,
    전남 광양/Gwangyang, 경남 김해/Gimhae, 부산 기장/Gijang in Busan, 서울 용산구/Yongsan in Seoul, 경기 고양/Goyang
""")
_SECTOR = _pairs("""
    금융/finance, 공공/public sector, 제조/manufacturing, 의료/healthcare, 유통/retail, 교육/education, 물류/logistics,
    바이오/biotech, 조선/shipbuilding, 철강/steel, 석유화학/petrochemical, 건설/construction, 게임/gaming, 식품/food,
    화장품/cosmetics, 자동차/automotive, 항공/aviation, 해운/shipping, 에너지/energy, 반도체/semiconductor,
    디스플레이/display, 2차전지/battery, 방산/defense, 농업/agriculture, 관광/tourism, 미디어/media, 보험/insurance,
    부동산/real estate, 패션/fashion, 가전/home appliance, 제약/pharmaceutical, 로봇/robotics
""")
_TOPIC_MOD = _pairs("""
    공급망/supply-chain, 탄소/carbon, 물류/logistics, 배터리/battery, 설비/equipment, 품질/quality, 재고/inventory,
    고객/customer, 결제/payment, 에너지/energy, 수출/export, 원가/cost, 생산/production, 안전/safety, 인력/workforce,
    데이터/data, 디지털/digital, 전력/power, 수소/hydrogen, 로봇/robot, 자율주행/autonomous driving, 친환경/green,
    스마트/smart, 해외/overseas, 온라인/online, 모바일/mobile, 구독/subscription, 부품/parts, 정비/maintenance,
    유통망/distribution, 연구개발/R&D, 신약/drug discovery, 의료기기/medical device, 콘텐츠/content, 광고/advertising,
    폐기물/waste, 원자재/raw material, 냉장/cold-chain, 소재/materials, 반도체/chip, 금융/financial, 교육/training,
    위성/satellite, 드론/drone, 해양/marine, 농식품/agrifood, 주거/housing, 교통/transport, 관광/tourism
""")
_TOPIC_HEAD = _pairs("""
    관리/management, 자동화/automation, 효율화/efficiency, 투자/investment, 플랫폼/platform, 전략/strategy,
    시스템/system, 인프라/infrastructure, 역량/capability, 사업/business, 설비/facilities, 규제/rules,
    경쟁력/competitiveness, 표준/standards, 분석/analytics, 서비스/services, 거점/hub, 재편/restructuring,
    전환/transition, 수요/demand, 공정/process, 솔루션/solutions, 모니터링/monitoring, 인증/certification,
    상용화/commercialization, 고도화/upgrade, 실증/pilot, 내재화/in-sourcing, 현지화/localization, 다변화/diversification
""")
_PRODUCT = _pairs("""
    전기차 배터리/EV battery, 양극재/cathode material, 세포치료제/cell therapy, 협동 로봇/collaborative robot,
    물류 로봇/warehouse robot, 간편결제 앱/mobile payment app, 폴더블 스마트폰/foldable phone,
    후공정 장비/chip packaging equipment, 친환경 포장재/eco-friendly packaging, 수소 연료전지/hydrogen fuel cell,
    태양광 모듈/solar module, 스마트팜 설비/smart farm system, 무선 이어폰/wireless earbuds, 공기청정기/air purifier,
    전동 킥보드/e-scooter, 건강기능식품/health supplement, 선케어 제품/sun-care line, 가정간편식/ready meal,
    모바일 게임/mobile game, 전력 반도체/power chip, 의료 영상장비/medical imaging system, 산업용 드론/industrial drone,
    에너지저장장치/energy storage system, 라이다 센서/lidar sensor, 디지털 보험 상품/digital insurance product,
    적금 상품/savings account, 신용카드/credit card, 전기 트럭/electric truck, 냉동 창고/cold-storage warehouse,
    웨어러블 기기/wearable device, 로봇청소기/robot vacuum, 전기 선박/electric ship, 항체 신약/antibody drug,
    진단 키트/diagnostic kit, 식물성 대체육/plant-based meat, 스마트워치/smartwatch, 태블릿/tablet,
    전장 부품/automotive electronics, 고용량 메모리/high-capacity memory, 배양육/cultivated meat
""")
_BRAND_STEM = _pairs("""
    에어로/Aero, 네오/Neo, 프라임/Prime, 루나/Luna, 제니스/Zenith, 솔라/Sola, 오로라/Aurora, 바이브/Vibe, 노바/Nova,
    아톰/Atom, 코어/Core, 엣지/Edge, 플렉스/Flex, 웨이브/Wave, 픽셀/Pixel, 포커스/Focus, 알파/Alpha, 오메가/Omega,
    베가/Vega, 시리우스/Sirius, 아리아/Aria, 카이로스/Kairos, 헤일로/Halo, 이온/Ion, 퓨전/Fusion, 메이븐/Maven,
    에코/Eco, 버텍스/Vertex, 릴리/Lily, 오닉스/Onyx
""")
_MODEL_LETTERS = "ABCDEFGHJLNPRVXZ"  # no K, M, S or T: no accidental "KT" or "MS"
_ORG = _pairs("""
    산업통상자원부/Trade Ministry, 과학기술정보통신부/Ministry of Science and ICT,
    금융위원회/Financial Services Commission, 공정거래위원회/Fair Trade Commission, 국토교통부/Ministry of Land,
    환경부/Ministry of Environment, 보건복지부/Ministry of Health and Welfare, 중소벤처기업부/Ministry of SMEs and Startups,
    기획재정부/Ministry of Economy and Finance, 금융감독원/Financial Supervisory Service,
    고용노동부/Ministry of Employment and Labor, 식품의약품안전처/Ministry of Food and Drug Safety,
    관세청/Korea Customs Service, 해양수산부/Ministry of Oceans and Fisheries, 농림축산식품부/Ministry of Agriculture,
    행정안전부/Ministry of the Interior, 교육부/Ministry of Education, 문화체육관광부/Ministry of Culture
""")
_UNIV = _pairs("""
    서울대/Seoul National University, 연세대/Yonsei University, 고려대/Korea University, KAIST/KAIST,
    포스텍/POSTECH, 성균관대/Sungkyunkwan University, 한양대/Hanyang University, 부산대/Pusan National University,
    경북대/Kyungpook National University, 전남대/Chonnam National University, 충남대/Chungnam National University,
    UNIST/UNIST, 이화여대/Ewha Womans University, 중앙대/Chung-Ang University, 경희대/Kyung Hee University,
    인하대/Inha University, 아주대/Ajou University, 서강대/Sogang University
""")
_TEAM = _pairs("""
    LG 트윈스/LG Twins, 두산 베어스/Doosan Bears, SSG 랜더스/SSG Landers, 키움 히어로즈/Kiwoom Heroes,
    KIA 타이거즈/KIA Tigers, 삼성 라이온즈/Samsung Lions, 롯데 자이언츠/Lotte Giants, 한화 이글스/Hanwha Eagles,
    NC 다이노스/NC Dinos
""")
_FC = _pairs("""
    울산 HD/Ulsan HD, 전북 현대/Jeonbuk Hyundai, 포항 스틸러스/Pohang Steelers, FC 서울/FC Seoul, 강원 FC/Gangwon FC,
    대구 FC/Daegu FC, 광주 FC/Gwangju FC, 인천 유나이티드/Incheon United, 제주 유나이티드/Jeju United, 대전 하나시티즌/Daejeon Hana Citizen
""")
_VENUE = _pairs("""
    시립미술관/city art museum, 문화예술회관/arts center, 아트센터/art center, 복합문화공간/cultural complex,
    기념관/memorial hall, 갤러리/gallery, 도서관/public library, 컨벤션센터/convention center
""")
_WORK_A = _pairs("""
    푸른/Blue, 먼/Distant, 느린/Slow, 고요한/Quiet, 낯선/Strange, 오래된/Old, 잃어버린/Lost, 보이지 않는/Unseen,
    두 번째/Second, 마지막/Last, 작은/Small, 뜨거운/Burning, 하얀/White, 깊은/Deep, 긴/Long
""")
_WORK_B = _pairs("""
    시간/Hours, 정원/Garden, 바다/Sea, 도시/City, 계절/Season, 편지/Letters, 기억/Memory, 섬/Island, 숲/Forest,
    창문/Window, 골목/Alley, 항구/Harbor, 여름/Summer, 겨울/Winter, 목소리/Voices, 지도/Map, 얼굴/Faces
""")
_EV_NAME_A = ("Agent", "Secure", "Cloud", "Data", "Vision", "Voice", "Insight", "Nova", "Atlas", "Bridge", "Pilot",
              "Forge", "Horizon", "Pulse", "Sky", "Prism", "Beacon", "Orbit", "Spark", "Summit")
_EV_NAME_B = ("Hub", "Desk", "Studio", "Works", "Link", "Gate", "Lab", "Suite", "Campus", "Port", "Base", "Core",
              "Stack", "One", "Flow", "Edge")


# ---------------------------------------------------------------- number formats


def _won_ko(eok: int) -> str:
    """An amount in 억원 as Korean papers write it: 1,240억원, 3조2,000억원."""
    jo, rest = divmod(eok, 10_000)
    if not jo:
        return f"{rest:,}억원"
    return f"{jo}조원" if not rest else f"{jo}조{rest:,}억원"


def _won_en(eok: int) -> str:
    """The same amount in English: 124 billion won, 3.2 trillion won (same value, three digits)."""
    value = eok * 1e8
    if value >= 1e12:
        return f"{value / 1e12:.3g} trillion won"
    return f"{value / 1e9:.3g} billion won"


def _round3(x: float) -> int:
    """``x`` rounded to three significant digits (a figure both languages print alike)."""
    digits = len(str(int(x)))
    scale = 10 ** max(0, digits - 3)
    return max(1, int(round(x / scale)) * scale)


_EN_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_EN_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December")
_EN_ORDINAL = ("first", "second", "third", "fourth")


# ---------------------------------------------------------------- the cast of an article


class _Cast:
    """Slot values for one language: a section's fixed cast plus fresh draws (figures, nouns)."""

    def __init__(self, rng: random.Random, lang: int) -> None:
        self.rng, self.lang = rng, lang
        self.draw = _Draw(rng)
        self.choice = self.draw.choice
        self.slots: Slots = self._fresh()
        self.recast()

    def _pick(self, pool: Sequence[tuple[str, str]]) -> str:
        return self.choice(pool)[self.lang]

    def person(self) -> str:
        c = self.choice
        sur, a, b = c(_SURNAME), c(_GIVEN), c(_GIVEN)
        if self.lang == 0:
            return sur[0] + a[0] + b[0]
        return f"{sur[1]} {a[1].capitalize()}-{b[1]}"

    def company(self) -> str:
        a, b = self.choice(_CO_PREFIX), self.choice(_CO_SUFFIX)
        return a[0] + b[0] if self.lang == 0 else f"{a[1]} {b[1]}"

    def firm(self) -> str:
        a, b = self.choice(_CO_PREFIX), self.choice(_FIRM_SUFFIX)
        return a[0] + b[0] if self.lang == 0 else f"{a[1]} {b[1]}"

    def brand(self) -> str:
        stem = self._pick(_BRAND_STEM)
        r = self.draw.random()
        if r < 0.5:
            return f"{stem} {self.choice(_MODEL_LETTERS)}{self.draw.int(1, 99)}"
        if r < 0.8:
            return f"{stem} {self.draw.int(2, 9)}"
        extra = ("프로", "플러스", "울트라", "라이트", "맥스") if self.lang == 0 else ("Pro", "Plus", "Ultra", "Lite", "Max")
        return f"{stem} {self.choice(extra)}"

    def topic(self) -> str:
        a, b = self.choice(_TOPIC_MOD), self.choice(_TOPIC_HEAD)
        return f"{a[0]} {b[0]}" if self.lang == 0 else f"{a[1]} {b[1]}"

    def work(self) -> str:
        a, b = self.choice(_WORK_A), self.choice(_WORK_B)
        return f"{a[0]} {b[0]}" if self.lang == 0 else f"The {a[1]} {b[1]}"

    def amount(self) -> str:
        eok = int(10 ** self.rng.uniform(1, 4.6))
        if eok > 1000:
            eok = eok // 10 * 10
        return _won_ko(eok) if self.lang == 0 else _won_en(eok)

    def _fresh(self) -> Slots:
        r, c, num = self.rng, self.choice, self.draw.int
        ko = self.lang == 0

        def pct() -> str:
            return f"{r.uniform(0.3, 48):.1f}%" if ko or r.random() < 0.5 else f"{r.uniform(0.3, 48):.1f} percent"

        def big() -> str:
            n = num(1_200, 98_000)
            if ko and r.random() < 0.5 and n >= 10_000:
                head, rest = divmod(n, 10_000)
                return f"{head}만{rest // 100 * 100:,}" if rest >= 100 else f"{head}만"
            return f"{n:,}"

        def won() -> str:
            v = num(30, 9_900) * 100
            if not ko:
                return f"{v:,} won"
            head, rest = divmod(v, 10_000)
            return (f"{head}만{rest:,}원" if rest else f"{head}만원") if head else f"{v:,}원"

        return {
            "topic": self.topic, "topic2": self.topic, "person": self.person, "company": self.company,
            "brand2": self.brand, "amt": self.amount, "amt2": self.amount, "pct": pct, "pct2": pct, "big": big,
            "won": won,
            "n": lambda: str(num(2, 60)),
            "n2": lambda: str(num(3, 5)),
            "n3": lambda: str(num(1, 3)),
            "year": lambda: str(num(2025, 2032)),
            "month": lambda: str(num(1, 12)),
            "month_en": lambda: c(_EN_MONTH_NAMES),
            "day": lambda: str(num(1, 28)),
            "q": lambda: str(num(1, 4)) if ko else c(_EN_ORDINAL),
            "role": lambda: self._pick(_ROLE),
            "official": lambda: self._pick(_OFFICIAL),
            "sector_any": lambda: self._pick(_SECTOR),
            "product_any": lambda: self._pick(_PRODUCT),
            "place_any": lambda: self._pick(_PLACE),
            "pt": lambda: f"{r.uniform(0.5, 60):.2f}",
            "idx": lambda: f"{num(2_380, 2_920):,}.{num(10, 99)}",
            "kosdaq": lambda: f"{num(640, 890)}.{num(10, 99)}",
            "oil": lambda: f"{r.uniform(62, 94):.2f}",
            "fx": lambda: f"{num(1_290, 1_420):,}.{num(0, 9)}",
            "rate": lambda: f"{r.uniform(2.6, 3.9):.3f}",
            "bp": lambda: f"{r.uniform(0.5, 12):.1f}",
            "mm": lambda: str(num(5, 120)),
            "temp": lambda: str(num(-9, 33)),
            "s1": lambda: str(num(3, 11)),
            "s2": lambda: str(num(0, 2)),
            "inn": lambda: str(num(5, 8)),
            "rank": lambda: str(num(1, 9)),
            "w": lambda: str(num(30, 80)),
            "l": lambda: str(num(30, 70)),
        }

    def recast(self, keep_company: bool = False) -> None:
        """A new section: new people, places and products (the main company may stay)."""
        s, pick = self.slots, self._pick
        if not keep_company or "co" not in s:
            s["co"] = self.company()
        for name in ("co2", "rival"):
            s[name] = self.company()
        for name in ("ceo", "exec", "analyst", "prof", "player", "player2", "coach"):
            s[name] = self.person()
        s["firm"] = self.firm()
        s["ceo_t"], s["exec_t"] = pick(_ROLE), pick(_ROLE)
        s["product"], s["brand"], s["work"] = pick(_PRODUCT), self.brand(), self.work()
        s["place"], s["place2"] = pick(_PLACE), pick(_PLACE)
        s["sector"], s["sector2"] = pick(_SECTOR), pick(_SECTOR)
        s["org"], s["univ"], s["venue"] = pick(_ORG), pick(_UNIV), pick(_VENUE)
        s["team"], s["team2"], s["fc"], s["fc2"] = pick(_TEAM), pick(_TEAM), pick(_FC), pick(_FC)


# ---------------------------------------------------------------- events: the developments of the story

EVENT_KINDS = ("center", "launch", "mou", "invest", "datacenter", "training", "model", "public")


@dataclass(frozen=True)
class Event:
    """One development of the KT–Microsoft story: the facts all its reports share."""

    key: str
    kind: str
    day: date
    facts: tuple[dict[str, str], dict[str, str]] = field(compare=False)  # slot values, Korean and English

    @property
    def name(self) -> str:
        """The programme's name, quoted in every headline ('Agent Hub 2')."""
        return self.facts[0]["ev_name"]


def new_event(rng: random.Random, day: date, key: str = "", kind: Optional[str] = None) -> Event:
    """An event on ``day`` with its own programme name, place, partner, figures and people."""
    kind = kind or rng.choice(EVENT_KINDS)
    name = f"{rng.choice(_EV_NAME_A)} {rng.choice(_EV_NAME_B)}"
    if rng.random() < 0.6:
        name += f" {rng.randint(2, 9)}" if rng.random() < 0.5 else f" {rng.randint(1, 4)}.0"
    eok = _round3(10 ** rng.uniform(2, 4.5))
    count = _round3(rng.choice((rng.randint(12, 95), rng.randint(100, 990), rng.randint(1_000, 9_000))))
    area, mw = _round3(rng.randint(600, 9_000)), rng.choice((20, 30, 40, 50, 60, 80, 100, 120, 150, 200))
    place, sector = rng.choice(_PLACE), rng.choice(_SECTOR)
    partner = rng.choice(_CO_PREFIX), rng.choice(_CO_SUFFIX)
    people = [(rng.choice(_SURNAME), rng.choice(_GIVEN), rng.choice(_GIVEN)) for _ in range(2)]
    role, ms_role = rng.choice(_ROLE[:8]), rng.choice(_ROLE[:8])
    month = day.month
    facts = []
    for lang in (0, 1):
        person, ms = (p[0][0] + p[1][0] + p[2][0] if lang == 0 else f"{p[0][1]} {p[1][1].capitalize()}-{p[2][1]}"
                      for p in people)
        facts.append({
            "ev_name": name, "ev_q": f"'{name}'", "ev_place": place[lang], "ev_sector": sector[lang],
            "ev_partner": partner[0][0] + partner[1][0] if lang == 0 else f"{partner[0][1]} {partner[1][1]}",
            "ev_amt": _won_ko(eok) if lang == 0 else _won_en(eok),
            "ev_count": f"{count:,}", "ev_area": f"{area:,}", "ev_mw": str(mw),
            "ev_person": person, "ev_role": role[lang], "ev_ms": ms, "ev_ms_role": ms_role[lang],
            "ev_day": str(day.day), "ev_month": str(month % 12 + 1),
            "ev_date": f"{_EN_MONTHS[month - 1]} {day.day}", "ev_month_en": _EN_MONTH_NAMES[month % 12],
        })
    return Event(key=key, kind=kind, day=day, facts=(facts[0], facts[1]))


# ---------------------------------------------------------------- Korean sentences

_KO_GENRES: dict[str, tuple] = {
    "business": _pool(
        "{co:은} {place}에 {amt:을} 들여 {product} [생산 설비를|신규 공장을|연구개발 거점을] [짓는다고|증설한다고|구축한다고] {day}일 [밝혔다|발표했다].",
        "{co:은} 올해 {q}분기 매출이 {amt:으로} [지난해 같은 기간보다|전년 동기 대비] {pct} [늘었다고|증가했다고|줄었다고|감소했다고] [공시했다|밝혔다].",
        "영업이익은 {amt2:으로} [시장 예상치를|증권가 전망치를] {pct2} [웃돌았다|밑돌았다].",
        "{ceo} {co} {ceo_t:은} \"{topic}에 [역량을 모아|투자를 늘려] {year}년까지 [매출|수출] {amt:을} [달성하겠다|넘기겠다]\"고 [말했다|강조했다].",
        "회사 측은 {product} [수요가|주문이] [예상보다 빠르게|꾸준히] [늘고 있다|회복되고 있다]며 {sector} [부문의|사업의] 성장세가 [이어질 것|계속될 것]으로 [내다봤다|전망했다].",
        "{co:은} 지난달 {co2:와} {topic} [협약을 맺고|업무협약을 체결하고] [공동 연구에|실증 사업에] [착수했다|들어갔다].",
        "{analyst} {firm} 연구원은 \"{co:은} {topic} [측면에서|분야에서] [경쟁사보다|동종 업계보다] [한발 앞서 있다|우위에 있다]\"며 목표주가를 {won:으로} [올렸다|제시했다].",
        "{co:은} {place} [공장의|사업장의] [생산능력을|가동률을] {year}년까지 {pct} [끌어올릴|높일] 계획이다.",
        "이번 [결정으로|투자로] {co:은} {sector} 시장에서 {rival:과}의 격차를 [좁힐 수 있을 것으로|벌릴 것으로] [기대된다|보인다].",
        "{co:은} '{brand}' [라인업을|제품군을] {n}종으로 늘리고 [북미|유럽|동남아|중동|일본] 시장 [공략에|진출에] [나선다|속도를 낸다].",
        "{exec} {exec_t:은} \"{product} [판매량이|주문량이] [월|분기] 평균 {big}[개|대|건]을 [넘어섰다|기록했다]\"고 [설명했다|전했다].",
        "업계에 따르면 국내 {sector} 분야 {topic} 시장 규모는 {year}년 {amt}에 이를 [전망이다|것으로 추산된다].",
        "{co:은} [협력사|중소 협력업체] {n}곳과 {topic} [상생 프로그램을|공동 과제를] [운영한다|추진한다].",
        "{co:은} {place2}에 [물류센터를|연구소를|사옥을|전시관을] [새로 열고|확장 이전하고] [인력|직원] {n}0명을 [채용한다|뽑는다].",
        "{rival}도 최근 {product} [신제품을|새 모델을] [내놓으며|선보이며] [맞불을 놓았다|추격에 나섰다].",
        "[소비자 반응은|시장 반응은] [엇갈린다|긍정적이다]. 한 {sector} [업계|유통업계] 관계자는 \"'{brand}'의 [가격 경쟁력이|품질이] [관건|핵심]\"이라고 [말했다|전했다].",
        "{co:은} 이사회를 열고 {amt} 규모의 [자사주 매입을|유상증자를|회사채 발행을] [결의했다|의결했다].",
        "{co:은} {year}년 [상반기까지|하반기까지] {topic:을} [마무리하고|끝내고] {sector2} 사업에도 [진출할|뛰어들] 방침이다.",
        "[지난해|올해 들어] {co}의 [수출액은|해외 매출은] {amt:으로} 전체 매출의 {pct:를} 차지했다.",
        "{co:은} {univ:와} 손잡고 {topic} [인재를 키우는|전문 인력을 기르는] 계약학과를 {year}년 [개설한다|연다].",
        "{co2:는} {co}의 [최대 고객사|핵심 공급사]로 지난해 거래액이 {amt2}에 달했다.",
        "{co}의 [부채비율은|영업이익률은] {pct:로} [낮아졌고|높아졌고] 현금성 자산은 {amt:을} 넘었다.",
        "{co:은} {product} 가격을 {month}월부터 평균 {pct} [인상한다|내린다]고 [공지했다|알렸다].",
        "[노사는|노조와 회사는] 올해 임금을 {pct} 올리는 데 [합의했다|잠정 합의했다].",
        "{co:은} {co2:와} {amt} 규모의 합작법인을 세워 {place}에서 {product:을} [생산한다|만든다].",
        "{co:은} [유럽|미국|일본|중동] [고객사와|업체와] {amt} 규모의 {product} 공급 계약을 [맺었다고|체결했다고] 공시했다.",
        "계약 기간은 {year}년까지이며 계약 금액은 지난해 매출의 {pct}에 [해당한다|이른다].",
        "{co:은} {sector2} [사업부를|부문을] [매각하고|정리하고] {topic}에 [집중하기로 했다|힘을 싣기로 했다].",
        "{co:은} {sector} 수요 부진과 {topic} 비용 증가를 이유로 연간 [실적 전망을|가이던스를] [낮췄다|하향 조정했다].",
        "'{brand}'의 [출하는|판매는] {month}월 [국내를 시작으로|미국을 시작으로|베트남에서 먼저] [이뤄진다|시작된다].",
        "{place2} 공장이 {year}년 [완공되면|본격 가동되면] 일자리 {n}0개가 새로 생긴다.",
        "{ceo} {ceo_t:은} [취임 이후|지난해 취임한 뒤] {topic:을} [핵심 과제로 내세웠다|사업의 중심에 놓았다].",
    ),
    "markets": _pool(
        "{day}일 유가증권시장에서 {co} 주가는 [전 거래일보다|전날보다] {pct} [오른|내린] {won}에 [거래를 마쳤다|장을 마감했다].",
        "[외국인은|기관은] 이날 {co} 주식을 {amt}어치 [순매수했다|순매도했다].",
        "코스피는 [전날보다|전 거래일 대비] {pt}포인트({pct}) [오른|내린] {idx}에 [마감했다|장을 마쳤다].",
        "원·달러 환율은 {fx}원에 [마감했다|거래를 마쳤다].",
        "{sector} [업종은|관련주는] {topic} 기대감에 [강세를|약세를] [보였다|나타냈다].",
        "{analyst} {firm} 연구원은 \"{sector} [업황이|수요가] [바닥을 지나고 있다|회복 국면에 들어섰다]\"고 [분석했다|평가했다].",
        "{firm:은} {co}의 올해 영업이익 추정치를 {amt:으로} [상향했다|하향했다].",
        "[개인|기관] 투자자는 {n}거래일 연속 {sector} 업종을 [사들였다|팔아치웠다].",
        "{co}의 시가총액은 {amt:으로} [불어났다|줄었다].",
        "[증권가에서는|시장에서는] 한국은행의 [기준금리|통화정책] 결정이 {sector} 주가의 [분수령이 될 것으로|변수가 될 것으로] 보고 있다.",
        "국고채 3년물 금리는 연 {rate}%로 {bp}bp [올랐다|내렸다].",
        "{co:은} 공모가를 {won:으로} 확정하고 {month}월 [코스닥에|유가증권시장에] 상장한다.",
        "수요예측에는 기관 {big}곳이 참여해 경쟁률 {n}00대 1을 기록했다.",
        "{co2} 주가는 [실적 발표 이후|장 초반부터] {pct2} [급등했다|급락했다].",
        "[선물 시장에서|파생 시장에서는] 외국인이 {big}계약을 [순매수했다|순매도했다].",
        "{co} 주가는 장중 {won:으로} 52주 [신고가를|신저가를] [새로 썼다|기록했다].",
        "{co}의 거래량은 {big}주로 20일 평균을 [크게 웃돌았다|밑돌았다].",
        "{firm:은} {topic} [성장성을|모멘텀을] 이유로 {co}에 대한 매수 의견을 [유지했다|내놨다].",
        "코스닥지수는 {pct2} [오른|내린] {kosdaq}에 [마감했다|거래를 마쳤다].",
        "국제유가는 브렌트유 기준 배럴당 {oil}달러로 [올랐다|내렸다].",
    ),
    "policy": _pool(
        "{org:은} {sector} 분야 {topic} [개선안을|지원 방안을|가이드라인을] {month}월 [발표할|내놓을] 예정이라고 {day}일 밝혔다.",
        "[개선안에는|방안에는] {topic} [규제를 풀고|절차를 간소화하고] {n}개 [과제에|사업에] {amt:을} [지원하는|투입하는] 내용이 담겼다.",
        "{person} {org} {official:은} \"{sector} [현장의|업계의] [목소리를 반영해|어려움을 덜기 위해] {topic:을} [서두르겠다|속도감 있게 추진하겠다]\"고 말했다.",
        "정부는 {year}년까지 {place} 일대에 {topic} [특화단지를|클러스터를] [조성한다|지정한다].",
        "[업계는|전문가들은] [실효성이|재원 마련이] [관건|숙제]이라고 [지적한다|입을 모은다].",
        "{org:은} {co} 등 {n}개 기업에 [과징금|시정명령과 과징금] {amt:을} 부과했다.",
        "국회에는 {topic} 관련 법안 {n}건이 [계류돼 있다|상정됐다].",
        "{prof} {univ} 교수는 \"{topic:은} [속도보다 방향이 중요하다|민관 협력이 관건이다]\"고 [말했다|조언했다].",
        "지방자치단체 {n}곳도 {topic} [공모에|사업에] [신청서를 냈다|참여 의사를 밝혔다].",
        "{org}에 따르면 지난달 {sector} [수출은|생산은] {amt:으로} {n}개월 [연속 증가했다|만에 감소했다].",
        "[내년|올해] 예산안에는 {topic} 예산 {amt2:이} [반영됐다|새로 편성됐다].",
        "{org:은} [의견 수렴을 거쳐|공청회를 열고] {month}월 중 최종안을 [확정한다|마련한다].",
        "[야당은|여당은] {topic} 방안이 [대기업에 치우쳤다|현장과 동떨어졌다]며 [보완을 요구했다|재검토를 주문했다].",
        "[시민단체는|노동계는] {sector} [노동자의|소비자의] [안전이|권익이] 먼저라며 {org}에 [면담을 요청했다|의견서를 냈다].",
        "새 규정은 {n}개월의 [유예 기간을|계도 기간을] 거쳐 {year}년 {month}월부터 [시행된다|적용된다].",
        "규정을 어긴 기업에는 매출의 최대 {pct}에 해당하는 과징금이 [부과된다|매겨진다].",
        "{org:은} {day}일 {place}에서 [공청회를|설명회를] 열고 업계 의견을 듣는다.",
        "{person} {org} {official:은} {sector} 기업 대표 {n}명과 만나 [방안을 설명했다|의견을 나눴다].",
        "{place:과} {place2} 등 지자체들이 [유치전에|공모에] 뛰어들었다.",
    ),
    "tech": _pool(
        "{co:은} 자체 개발한 {topic} [플랫폼|솔루션] '{brand}'를 {day}일 [공개했다|출시했다].",
        "'{brand}'는 [생성형 AI|머신러닝|컴퓨터 비전] 기술로 {sector} [현장의|기업의] {topic} [업무를|작업을] [자동화한다|돕는다].",
        "회사 측은 '{brand}'를 [도입하면|적용하면] [처리 시간이|비용이] {pct} [줄어든다|절감된다]고 설명했다.",
        "{co:은} [구글|아마존웹서비스(AWS)|오라클|엔비디아] [인프라|GPU] 위에서 '{brand}'를 [운영한다|서비스한다].",
        "{co:은} {year}년까지 {topic} [특허|관련 특허] {n}건을 [확보했다|출원했다].",
        "[베타 서비스|시범 운영] 기간 {big}명이 '{brand}'를 [사용했다|이용했다].",
        "{exec} {co} {exec_t:은} \"{topic:은} [더 이상 선택이 아니다|경쟁력의 핵심이 됐다]\"고 말했다.",
        "{co:은} [시리즈A|시리즈B|시리즈C|프리IPO] 투자에서 {amt:을} [유치했다|확보했다].",
        "[이번 투자에는|투자에는] {firm} 등 {n}곳이 참여했다.",
        "{co:은} {place}에 [GPU 서버|데이터 처리 설비] {big}대를 [들여놓는다|증설한다].",
        "{sector} [업계에서는|분야에서는] {topic:을} 둘러싼 [보안 우려도|개인정보 논란도] [나온다|제기된다].",
        "{co:은} 지난해 [연구개발비로|R&D에] {amt:을} [썼다|투자했다].",
        "{co2} 연구진은 {topic} 분야 [논문|연구 결과] {n}편을 [국제 학회에서|해외 학술지에] 발표했다.",
        "[오픈소스로|무료로] 공개된 '{brand2}' [모델은|도구는] [내려받기|다운로드] {big}회를 넘었다.",
        "{co:은} '{brand}' 출시 {n}주 만에 유료 [고객|이용자] {big}명을 [모았다|확보했다].",
        "'{brand2}' [칩은|모듈은|센서는] 이전 제품보다 전력을 {pct} 덜 쓴다고 {co:은} 설명했다.",
        "{co:은} {place}의 {topic} [조직에서|팀에서] 개발자 {n}0명을 [뽑는다|채용한다].",
        "{co2:는} {topic} 기술과 관련해 {co:을} 상대로 특허 [침해 소송을|소송을] [냈다|제기했다].",
        "{firm:은} 올해 국내 {topic} 소프트웨어 시장을 {amt:으로} [추산했다|내다봤다].",
    ),
    "society": _pool(
        "{place} 일대에서 {day}일부터 {n}일간 [지역 축제가|문화 행사가|먹거리 장터가] 열린다.",
        "[주최 측은|지자체는] 행사 기간 [방문객|관람객] {big}명이 [찾을 것으로|몰릴 것으로] 예상했다.",
        "{place}의 [전통시장|상점가] {n}곳은 [할인 행사를|상품권 환급 행사를] [연다|진행한다].",
        "[경찰은|소방당국은] {day}일 {place}에서 [발생한|일어난] [화재의|교통사고의] [원인을 조사하고 있다|경위를 파악하고 있다].",
        "이 [사고로|불로] {n3}명이 [다쳐|경상을 입어] 병원으로 옮겨졌고 재산 피해는 {won:으로} 추산된다.",
        "기상청은 {day}일 {place} 등지에 [비가|눈이] {mm}㎜ [내릴 것으로|올 것으로] 예보했다.",
        "[아침 최저기온은|낮 최고기온은] {temp}도로 [평년보다 높겠다|평년과 비슷하겠다].",
        "{place2} [주민들은|상인들은] {topic} [문제를|계획을] 두고 [반발하고 있다|의견이 갈렸다].",
        "{person} [주민자치회장은|상인회장은] \"[주차 공간이|교통 대책이] [부족하다|먼저 마련돼야 한다]\"고 말했다.",
        "[교육청은|지자체는] {sector} [분야|관련] 직업체험 프로그램에 참여할 학생 {big}명을 [모집한다|지원한다].",
        "{place}[ 보건소는| 시청은] {month}월 말까지 [무료 건강검진을|독감 예방접종을] [실시한다|진행한다].",
        "[구청은|군청은] {topic} 민원이 {n}0건 넘게 접수되자 [현장 점검에|실태 조사에] 나섰다.",
    ),
    "sports": _pool(
        "{team:은} {day}일 홈구장에서 열린 {team2:와}의 경기에서 {s1}-{s2:로} [이겼다|승리했다].",
        "{player:은} 이날 {n2}타수 {n3}안타 {n3}타점으로 [활약했다|맹타를 휘둘렀다].",
        "선발 투수 {player2:은} {inn}이닝 동안 공 {n}0개를 던지며 {s2}실점으로 [호투했다|버텼다].",
        "이로써 {team:은} 시즌 {w}승 {l}패를 기록하며 리그 {rank}위로 [올라섰다|내려앉았다].",
        "{coach} 감독은 \"[선수들이 끝까지 집중했다|불펜이 잘 버텨줬다|수비가 흔들리지 않았다]\"고 [말했다|소감을 밝혔다].",
        "이날 경기장에는 {big}명의 관중이 [입장했다|들어찼다].",
        "{player:은} [시즌|통산] {n}호 홈런을 [터뜨렸다|기록했다].",
        "프로축구 K리그1 {fc:은} 홈에서 {fc2:를} {s1}-{s2:로} [꺾었다|눌렀다].",
        "{player:은} 후반 {n}분 [결승골을|동점골을] [넣었다|터뜨렸다].",
        "{fc:은} 승점 {w:을} 쌓아 [선두를 지켰다|상위권 경쟁에 뛰어들었다].",
    ),
    "culture": _pool(
        "{place} {venue}에서 {day}일 [개막한|시작된] [전시|기획전] '{work}'에는 [작가|예술가] {n}명의 작품 {big}점이 [걸렸다|나왔다].",
        "[영화|다큐멘터리] '{work}'는 개봉 {n}일 만에 누적 관객 {big}명을 [넘었다|돌파했다].",
        "{person} 감독은 \"[관객이|시청자가] {topic}[의 의미를| 문제를] 함께 생각해 보길 바란다\"고 말했다.",
        "[공연은|전시는] {month}월 {day}일까지 이어지며 [관람료는|입장료는] {won}이다.",
        "[출판계에서는|서점가에서는] 소설 '{work}'가 {n}주째 베스트셀러 1위를 [지켰다|기록했다].",
        "{venue:은} 올해 [관람객|방문객] {big}명을 [넘었다고|돌파했다고] 밝혔다.",
        "{person} 작가의 신작 '{work}'는 {place}의 [골목과|항구와] 사람들을 [그렸다|담았다].",
        "[평론가들은|관객들은] '{work}'에 대해 [섬세한 연출이 돋보인다|이야기의 힘이 크다]고 [평가했다|입을 모았다].",
    ),
}
_KO_COMMON = _pool(
    "한편 {co2:는} {product} 사업에서 {amt:을} [투자할 계획이라고|들일 방침이라고] [밝혔다|전했다].",
    "[전문가들은|업계 관계자들은] {topic:이} 향후 {n}년간 {sector} 시장의 [화두가 될 것|경쟁 구도를 바꿀 것]이라고 [내다봤다|전망했다].",
    "{person} {company} {role:은} \"{topic}[ 없이는| 없이] [성장도 없다|경쟁에서 살아남기 어렵다]\"고 말했다.",
    "{company:는} [지난해|올해] {topic:을} [앞세워|바탕으로] 매출 {amt:을} [올렸다|기록했다].",
    "[다만|그러나] {topic} [비용이|부담이] 커지면서 [수익성은|이익률은] {pct} [떨어졌다|낮아졌다].",
    "통계청에 따르면 {month}월 {sector_any} [생산은|소비는] [전월보다|지난해보다] {pct} [늘었다|줄었다].",
    "{place_any}에서는 {topic} [설명회가|박람회가] {day}일 열려 {big}명이 [다녀갔다|참석했다].",
    "{company:는} {product_any} [시장에|사업에] 뒤늦게 [뛰어들었지만|진출했지만] 점유율을 {pct:로} [끌어올렸다|높였다].",
    "{company:는} {q}분기 [순이익|순손실] {amt:을} [냈다|기록했다].",
    "[소식이 알려지자|발표 직후] {company} 주가는 {pct} [올랐다|내렸다].",
    "한국무역협회에 따르면 {month}월 {sector_any} 수출은 [지난해보다|전년 동월 대비] {pct} [늘었다|줄었다].",
    "[소비자들은|구매자들은] {product_any} [구매를 미루고 있다|지출을 늘리고 있다]는 조사 결과가 나왔다.",
)
_KO_TITLES = {
    "business": _pool("{co}, {place}에 {amt} 투자…{product} 증설", "{co} {q}분기 매출 {pct} [증가|감소]",
                      "{co}·{co2}, {topic} [맞손|협력]", "{co}, '{brand}'로 [해외 공략|시장 공략] [본격화|속도]",
                      "{co} \"{year}년까지 {topic} 매출 {amt}\""),
    "markets": _pool("코스피 {idx} 마감…{sector} [강세|약세]", "{co} 주가 {pct} [급등|급락]…{topic} [기대감|우려]",
                     "[외국인|기관], {co} {amt} [순매수|순매도]", "{co} 공모가 {won} 확정"),
    "policy": _pool("{org}, {sector} {topic} [개선안|지원책] {month}월 발표", "정부, {place}에 {topic} [특화단지|클러스터] 조성",
                    "{org}, {co} 등 {n}곳에 과징금 {amt}", "{topic} 법안 {n}건 국회 [계류|상정]"),
    "tech": _pool("{co}, {topic} [플랫폼|솔루션] '{brand}' [공개|출시]", "{co}, {amt} 투자 유치…{topic} 고도화",
                  "'{brand}' 써보니…{topic} 시간 {pct} 단축"),
    "society": _pool("{place}서 {n}일간 [축제|행사] 개최", "{place} [화재|사고]로 {n3}명 부상", "{place} 등 [비|눈] 최대 {mm}㎜"),
    "sports": _pool("{team}, {team2} 꺾고 [연승|반등]…{player} {n3}타점", "{fc}, {fc2}에 {s1}-{s2} 승"),
    "culture": _pool("[전시|기획전] '{work}' {place} {venue}서 개막", "'{work}' 누적 관객 {big}명 [돌파|넘어]"),
}
_KO_GENRE_WEIGHTS = {"business": 5, "markets": 2, "policy": 3, "tech": 3, "society": 2, "sports": 1, "culture": 1}

# A look-alike in an unrelated article (once per article): KT without Microsoft,
# Microsoft without KT, KTX, kt wiz, KT&G, "MS" meaning market share.
_KO_TRAPS = _pool(
    "kt wiz는 {day}일 경기에서 {team:을} {s1}-{s2:로} [꺾고 연승을 이어갔다|이겼다].",
    "KT&G는 {place}에 [신규 공장을|연구센터를] 짓는 데 {amt:을} 투자한다.",
    "{co}의 국내 {sector} 시장 점유율(MS)은 {pct:로} [집계됐다|조사됐다].",
    "KT는 {month}월부터 5G [요금제를|무제한 요금제를] 월 {won}에 [판매한다|내놓는다].",
    "통신3사(SKT·KT·LG유플러스)의 {month}월 [가입자 수는|무선 매출은] [전월보다|지난해보다] {pct} [늘었다|줄었다].",
    "마이크로소프트는 윈도 업데이트를 통해 {topic} 기능을 [추가했다|선보였다].",
)

_KO_EVENT_TITLES = {
    "center": _pool("KT·MS, {ev_place}에 AI 혁신센터 {ev_q} 연다", "KT-마이크로소프트, {ev_q} 개소…{ev_sector} 기업 {ev_count}곳 지원",
                    "KT·MS 공동 AI 거점 {ev_q} {ev_place}에 문 열어"),
    "launch": _pool("KT, MS 애저 기반 {ev_q} 출시…{ev_sector} 고객 겨냥", "KT·마이크로소프트, {ev_sector} 특화 AI {ev_q} 선보여",
                    "KT {ev_q} 공개…MS와 {ev_sector} 시장 공략"),
    "mou": _pool("KT·MS, {ev_partner:와} AI 전환 협약…{ev_q} 공급", "KT-마이크로소프트, {ev_partner}에 {ev_q} 도입 MOU",
                 "{ev_partner}, KT·MS {ev_q:로} AI 전환"),
    "invest": _pool("KT·MS, {ev_amt} 규모 AI 인프라 공동 투자…{ev_q} 추진", "KT, MS와 {ev_q}에 {ev_amt} 투입",
                    "KT-마이크로소프트 {ev_amt} 투자 {ev_q} 가동"),
    "datacenter": _pool("KT, MS와 {ev_place}에 {ev_mw}MW AI 데이터센터 {ev_q} 구축", "KT·MS {ev_q} 데이터센터 착공…{ev_mw}MW 규모",
                        "KT-마이크로소프트, {ev_place} {ev_q} 데이터센터에 {ev_amt}"),
    "training": _pool("KT·MS, AI 인재 {ev_count}명 양성…{ev_q} 과정 개설", "KT-마이크로소프트 {ev_q} 교육 {ev_count}명 선발",
                      "KT·MS {ev_q} 아카데미 {ev_place}서 출범"),
    "model": _pool("KT, MS 파이 기반 소형언어모델 {ev_q} 공개", "KT·마이크로소프트 한국형 AI {ev_q} 첫선…{ev_sector} 특화",
                   "KT {ev_q} 모델 공개…MS 애저로 {ev_sector} 공략"),
    "public": _pool("KT·MS, {ev_amt} 공공 클라우드 {ev_q} 사업 수주", "KT-마이크로소프트 컨소시엄, {ev_q} 사업자 선정",
                    "KT·MS {ev_q} 수주…{ev_amt} 규모 공공 AI 전환"),
}
# Headlines any kind of event can have: outlets word the same news differently.
_KO_EVENT_HEADLINES = _pool(
    "{ev_q} [내놓은|공개한] KT, MS와 {ev_sector} [공략|시장 정조준]",
    "KT·마이크로소프트 {ev_q}, {ev_partner:와} [첫발|첫 단추]",
    "{ev_person} KT {ev_role} \"{ev_q:은} 시작일 뿐\"",
    "[KT·MS 협력 2라운드|KT·MS 동맹 속도]…{ev_q}로 {ev_sector} AI 전환",
    "KT, MS 손잡고 {ev_q}…{ev_place} [거점|현장]부터",
)
_KO_EVENT_LEADS = {
    "center": _pool("KT가 마이크로소프트(MS)와 [함께|손잡고] {ev_place}에 AI 혁신센터 {ev_q:을} [열었다고|개소했다고] {ev_day}일 밝혔다.",
                    "KT와 마이크로소프트(MS)의 공동 AI 거점 {ev_q:이} {ev_day}일 {ev_place}에서 문을 열었다.",
                    "[{ev_sector} 기업의 AI 도입을 돕는|기업 고객이 AI를 시험해 보는] KT·마이크로소프트(MS) 공동 센터 {ev_q:이} {ev_place}에 [들어섰다|문을 열었다]. KT는 {ev_day}일 개소식을 열었다고 밝혔다."),
    "launch": _pool("KT가 마이크로소프트(MS) 애저(Azure) 오픈AI 서비스를 [기반으로|바탕으로] 한 {ev_sector} 특화 AI 서비스 {ev_q:을} [출시했다고|선보였다고] {ev_day}일 밝혔다.",
                    "KT는 {ev_day}일 마이크로소프트(MS)와 함께 개발한 {ev_sector} 전용 AI 서비스 {ev_q:을} 내놨다.",
                    "{ev_sector} 현장을 겨냥한 KT의 AI 서비스 {ev_q:이} {ev_day}일 [출시됐다|나왔다]. 마이크로소프트(MS) 애저 위에서 돌아가는 서비스다."),
    "mou": _pool("KT와 마이크로소프트(MS)가 {ev_partner:와} AI 전환 업무협약을 [맺었다고|체결했다고] {ev_day}일 밝혔다.",
                 "{ev_partner:이} KT·마이크로소프트(MS)와 손잡고 AI 전환에 나선다. 세 회사는 {ev_day}일 {ev_place}에서 협약식을 열었다.",
                 "KT는 {ev_day}일 마이크로소프트(MS)와 함께 {ev_partner}에 {ev_q:을} 공급하는 협약을 맺었다고 밝혔다."),
    "invest": _pool("KT와 마이크로소프트(MS)가 AI 인프라 [구축 사업|프로젝트] {ev_q}에 {ev_amt:을} 공동 투자한다고 {ev_day}일 밝혔다.",
                    "KT는 {ev_day}일 마이크로소프트(MS)와 {ev_amt} 규모의 {ev_q} 투자 계획을 발표했다.",
                    "{ev_amt:이} 들어가는 KT·마이크로소프트(MS)의 AI 인프라 사업 {ev_q:이} [본격화한다|첫발을 뗐다]. KT는 {ev_day}일 이 같은 계획을 밝혔다."),
    "datacenter": _pool("KT가 마이크로소프트(MS)와 {ev_place}에 {ev_mw}MW 규모의 AI 데이터센터 {ev_q:을} [짓는다고|구축한다고] {ev_day}일 밝혔다.",
                        "KT는 {ev_day}일 {ev_place}에서 마이크로소프트(MS)와 함께 짓는 {ev_mw}MW급 데이터센터 {ev_q}의 착공식을 열었다.",
                        "{ev_place}에 {ev_mw}MW 규모의 AI 데이터센터 {ev_q:이} [들어선다|세워진다]. KT와 마이크로소프트(MS)는 {ev_day}일 이 같은 계획을 내놨다."),
    "training": _pool("KT와 마이크로소프트(MS)가 AI 인재 {ev_count}명을 기르는 교육 과정 {ev_q:을} [개설했다고|열었다고] {ev_day}일 밝혔다.",
                      "KT는 {ev_day}일 마이크로소프트(MS)와 함께 {ev_place}에서 AI 전문 인력 양성 과정 {ev_q:을} 시작했다.",
                      "AI 인재 {ev_count}명을 길러낼 KT·마이크로소프트(MS)의 {ev_q} 과정이 {ev_day}일 {ev_place}에서 [출범했다|문을 열었다]."),
    "model": _pool("KT가 마이크로소프트(MS)의 파이(Phi) 소형언어모델을 바탕으로 만든 한국형 AI 모델 {ev_q:을} {ev_day}일 공개했다.",
                   "KT는 {ev_day}일 마이크로소프트(MS)와 공동 개발한 {ev_sector} 특화 소형언어모델 {ev_q:을} [선보였다|내놨다].",
                   "KT와 마이크로소프트(MS)가 함께 만든 한국형 소형언어모델 {ev_q:이} {ev_day}일 [베일을 벗었다|공개됐다]."),
    "public": _pool("KT와 마이크로소프트(MS) 컨소시엄이 {ev_amt} 규모의 공공 클라우드 전환 사업 {ev_q:을} [수주했다고|따냈다고] {ev_day}일 밝혔다.",
                    "KT는 {ev_day}일 마이크로소프트(MS)와 꾸린 컨소시엄이 공공 클라우드 사업 {ev_q}의 우선협상대상자로 선정됐다고 밝혔다.",
                    "{ev_amt} 규모의 공공 클라우드 사업 {ev_q:을} KT·마이크로소프트(MS) 컨소시엄이 [가져갔다|따냈다]. KT는 {ev_day}일 이 같이 밝혔다."),
}
# Facts of an event, each in two or three phrasings: every report states them
# all (in its own order and wording), so reports of one event share the facts,
# not the sentences.
_KO_EVENT_FACTS = {
    "center": _pool(
        "[{ev_q:은} 약 {ev_area}㎡ 규모로 {ev_sector} 기업이 애저 오픈AI 서비스를 직접 시험할 수 있는 체험 공간과 개념검증(PoC) 랩을 갖췄다.|센터 면적은 {ev_area}㎡이며 체험 공간과 개념검증(PoC) 랩, 교육장이 들어섰다.|{ev_area}㎡ 규모의 센터에서는 기업 고객이 자사 데이터로 AI 모델을 시험해 볼 수 있다.]",
        "[두 회사는 {ev_q}에서 {ev_sector} 분야 기업 {ev_count}곳의 AI 도입을 [돕는다|지원한다].|KT와 MS는 이곳에서 {ev_sector} 기업 {ev_count}곳의 AI 전환을 돕기로 했다.|센터의 목표는 {ev_sector} 기업 {ev_count}곳의 AI 도입이다.]",
        "[개소식은 {ev_place}에서 [열렸다|진행됐다].|센터는 {ev_place} KT 사옥 안에 자리 잡았다.|{ev_place:를} 고른 것은 {ev_sector} 기업이 몰려 있어서라고 KT는 설명했다.]",
    ),
    "launch": _pool(
        "[{ev_q:은} {ev_sector} 현장의 상담과 문서 업무를 자동화한다.|이 서비스는 {ev_sector} 기업의 상담, 보고서 작성 같은 반복 업무를 AI가 대신 처리하도록 설계됐다.|{ev_q:를} 쓰면 {ev_sector} 현장의 문서 작업을 AI가 맡는다.]",
        "[{ev_partner} 등 기업 {ev_count}곳이 먼저 도입했다.|출시 전 시범 운영에는 {ev_partner:를} 비롯한 {ev_count}개 기업이 참여했다.|이미 {ev_count}곳이 도입 계약을 맺었고 {ev_partner}도 그중 하나다.]",
        "[KT는 {ev_q:을} 애저 한국 리전에서 운영하고 월 구독 방식으로 판매한다.|서비스는 애저 한국 리전에서 돌아가며 요금은 월 구독제다.|가격은 월 구독 방식이며 데이터는 애저 한국 리전에 머문다.]",
    ),
    "mou": _pool(
        "[협약에 따라 KT와 MS는 {ev_partner}에 {ev_q:을} 공급한다.|세 회사는 {ev_partner}의 업무 시스템에 {ev_q:을} 적용하기로 했다.|{ev_partner:은} KT·MS의 {ev_q:을} 전사에 도입한다.]",
        "[AI가 적용되는 {ev_sector} 업무는 {ev_count}건에 이른다.|{ev_partner:은} {ev_sector} 업무 {ev_count}건을 AI로 바꿀 계획이다.|적용 대상은 {ev_sector} 관련 업무 {ev_count}건이다.]",
        "[{ev_partner:은} {ev_place}에 있는 본사부터 {ev_q:을} 도입한다.|첫 적용 현장은 {ev_place}의 {ev_partner} 사업장이다.|협약식은 {ev_place}의 {ev_partner} 본사에서 열렸다.]",
    ),
    "invest": _pool(
        "[투자금은 {ev_place}의 GPU 클러스터와 {ev_sector} 특화 모델 개발에 쓰인다.|돈은 주로 {ev_place}에 들어설 GPU 클러스터에 들어간다.|{ev_place}에 GPU 클러스터를 짓고 {ev_sector} 특화 모델을 만드는 데 투자금이 쓰인다.]",
        "[{ev_q:은} {ev_sector} 기업 {ev_count}곳에 AI 인프라를 제공한다.|인프라는 {ev_sector} 기업 {ev_count}곳이 나눠 쓴다.|KT는 {ev_sector} 고객 {ev_count}곳을 첫 이용자로 확보했다.]",
        "[{ev_partner}도 투자에 참여한다.|투자에는 {ev_partner:이} 함께한다.|{ev_partner:은} 인프라 운영을 맡는다.]",
    ),
    "datacenter": _pool(
        "[{ev_q}에는 총 {ev_amt:이} 투입된다.|사업비는 {ev_amt:이다}.|건립 비용으로 {ev_amt:이} 책정됐다.]",
        "[데이터센터는 연면적 {ev_area}㎡ 규모로 내년 가동을 목표로 한다.|연면적은 {ev_area}㎡이며 내년 문을 연다.|{ev_area}㎡ 부지에 들어서는 센터는 내년 가동된다.]",
        "[{ev_sector} 고객을 위한 애저 전용 구역도 갖춘다.|센터 한쪽에는 {ev_sector} 고객 전용 애저 구역이 마련된다.|{ev_sector} 기업은 이곳의 애저 전용 구역을 쓸 수 있다.]",
    ),
    "training": _pool(
        "[{ev_q:은} {ev_place}에서 열리며 애저 기반 생성형 AI 개발과 데이터 분석을 가르친다.|교육은 {ev_place}에서 진행되고 생성형 AI 개발과 데이터 분석이 핵심이다.|교육장은 {ev_place}에 마련됐다.]",
        "[수료생 {ev_count}명은 {ev_sector} 기업 {ev_partner} 등에서 실무 과제를 수행한다.|교육생은 {ev_partner} 같은 {ev_sector} 기업에서 현장 실습을 한다.|{ev_partner:은} 실습 기업으로 참여한다.]",
        "[수료생에게는 MS 공인 자격 시험 응시 기회가 주어진다.|과정을 마치면 MS 자격증 시험을 볼 수 있다.|MS 공인 자격 취득도 지원한다.]",
    ),
    "model": _pool(
        "[{ev_q:은} {ev_sector} 데이터셋 {ev_count}종으로 추가 학습해 한국어 이해력을 높였다.|모델은 {ev_sector} 분야 데이터셋 {ev_count}종을 더 학습했다.|추가 학습에는 {ev_sector} 데이터셋 {ev_count}종이 쓰였다.]",
        "[KT는 {ev_q:을} 애저 AI 파운드리와 KT클라우드에서 제공한다.|모델은 애저 AI 파운드리와 KT클라우드로 공급된다.|고객은 애저 AI 파운드리나 KT클라우드에서 {ev_q:을} 쓸 수 있다.]",
        "[첫 고객은 {ev_partner:이다}.|{ev_partner:이} 가장 먼저 도입한다.|{ev_partner:은} 이미 시범 적용을 마쳤다.]",
    ),
    "public": _pool(
        "[KT와 MS는 {ev_place} 지역 공공기관 {ev_count}곳의 업무 시스템을 클라우드로 옮긴다.|전환 대상은 {ev_place} 일대 공공기관 {ev_count}곳이다.|{ev_place} 지역 기관 {ev_count}곳의 시스템이 애저 기반 클라우드로 이전된다.]",
        "[사업에는 {ev_partner} 등 중소 협력사가 참여한다.|{ev_partner:이} 협력사로 참여한다.|중소기업 {ev_partner}도 컨소시엄에 이름을 올렸다.]",
        "[보안 인증은 {ev_sector} 분야부터 받는다.|KT는 {ev_sector} 분야 보안 인증을 먼저 받을 계획이다.|첫 단계는 {ev_sector} 분야 보안 인증이다.]",
    ),
}
_KO_EVENT_COMMON = _pool(
    "[행사에는 {ev_person} KT {ev_role:과} {ev_ms} 한국마이크로소프트 {ev_ms_role} 등이 참석했다.|이날 자리에는 {ev_person} KT {ev_role}, {ev_ms} 한국마이크로소프트 {ev_ms_role:이} 함께했다.|{ev_person} KT {ev_role:과} {ev_ms} 한국마이크로소프트 {ev_ms_role:이} 직접 발표에 나섰다.]",
    "[{ev_person} KT {ev_role:은} \"{ev_q:은} {ev_sector} 고객이 AI 전환을 가장 먼저 경험하는 자리가 될 것\"이라고 말했다.|{ev_person} {ev_role:은} \"{ev_sector} 고객의 AI 전환 속도를 {ev_q:이} 끌어올릴 것\"이라고 밝혔다.|\"{ev_q:은} 시작일 뿐\"이라고 {ev_person} {ev_role:은} 강조했다.]",
    "[{ev_ms} 한국마이크로소프트 {ev_ms_role:은} \"KT와 함께 {ev_sector} 분야에서 성과를 보여주겠다\"고 밝혔다.|{ev_ms} {ev_ms_role:은} \"KT는 MS의 가장 중요한 한국 파트너\"라고 말했다.|MS 측 {ev_ms} {ev_ms_role:은} {ev_sector} 분야 성과를 자신했다.]",
    "[이번 사업에는 총 {ev_amt:이} 투입된다.|두 회사가 들이는 돈은 {ev_amt:이다}.|전체 사업 규모는 {ev_amt:로} 알려졌다.]",
    "[두 회사는 {ev_sector} 분야를 시작으로 적용 범위를 넓힌다.|KT는 {ev_sector} 다음으로 다른 업종에도 같은 모델을 적용할 계획이다.|{ev_sector} 업계의 반응이 확대 여부를 가를 전망이다.]",
    "[{ev_q:은} {ev_month}월부터 본격 운영된다.|KT는 {ev_month}월 중 {ev_q}의 정식 운영을 시작한다.|본격 가동 시점은 {ev_month}월이다.]",
    "[MS는 {ev_q}에 애저 인프라와 기술 인력을 지원한다.|MS 측은 {ev_q}에 기술 전문가를 파견한다.|기술 지원은 한국마이크로소프트가 맡는다.]",
    "[{ev_person} {ev_role:은} \"{ev_partner} 같은 {ev_sector} 기업이 AI 효과를 가장 먼저 체감할 것\"이라고 덧붙였다.|KT는 {ev_partner} 사례를 {ev_sector} 업계 전반으로 넓히겠다는 계획이다.|{ev_partner}의 성과가 다른 {ev_sector} 기업의 도입을 이끌 것으로 KT는 기대한다.]",
)
# The event's surroundings (its partner, sector, place), without figures: what
# a report adds around the facts, shared by reports of this event and no other.
_KO_EVENT_CONTEXT = _pool(
    "[{ev_partner:은} {ev_place}에 본사를 둔 {ev_sector} 기업이다.|{ev_place}에 본사가 있는 {ev_partner:은} {ev_sector} 업계에서 손꼽히는 회사다.|{ev_partner:은} {ev_sector} 분야에서 오래 사업해 온 {ev_place} 기업이다.]",
    "[{ev_sector} 업계는 그동안 AI 도입이 [더딘 편이었다|늦은 편으로 꼽혔다].|{ev_sector} 기업들은 데이터 보안 문제로 클라우드 전환을 미뤄 왔다.|{ev_sector} 분야는 규제 탓에 AI 도입 속도가 느렸다.]",
    "[{ev_place} 일대에는 {ev_sector} 기업이 [몰려 있다|모여 있다].|{ev_place:은} {ev_sector} 기업이 많은 지역이다.|KT가 {ev_place:을} 고른 것도 {ev_sector} 고객과 가깝기 때문이다.]",
    "[{ev_person} {ev_role:은} KT에서 AI 사업을 이끌어 왔다.|{ev_person} {ev_role:은} 이번 {ev_q} 사업을 총괄한다.|사업 총괄은 {ev_person} {ev_role:이} 맡는다.]",
    "[{ev_ms} {ev_ms_role:은} 한국마이크로소프트에서 클라우드 사업을 담당하고 있다.|MS 쪽 책임자는 {ev_ms} {ev_ms_role:이다}.|{ev_ms} {ev_ms_role:은} KT와의 협력을 직접 챙겨 왔다.]",
    "[업계는 {ev_q:이} {ev_sector} 시장에 어떤 변화를 가져올지 주목하고 있다.|{ev_q}의 성패는 {ev_sector} 고객의 반응에 달렸다는 분석이 나온다.|{ev_sector} 업계 관계자들은 {ev_q}의 효과를 지켜보겠다는 반응이다.]",
    "[KT는 {ev_place}에서 {ev_sector} 기업을 대상으로 [설명회를|시연회를] 열 계획이다.|{ev_sector} 기업 대상 설명회는 {ev_place}에서 먼저 열린다.|KT는 {ev_place} 지역 {ev_sector} 기업부터 찾아가 {ev_q:을} 소개한다.]",
    "[{ev_partner:은} 이번 협력으로 {ev_sector} 업무의 AI 전환을 앞당길 수 있게 됐다.|{ev_partner} 측은 {ev_q}에 큰 기대를 걸고 있다.|{ev_partner} 관계자는 {ev_q} 도입 효과를 [자신했다|기대했다].]",
    "[{ev_person} {ev_role:은} 지난해부터 {ev_partner:와} [협의를 이어 왔다|논의를 해 왔다].|KT와 {ev_partner}의 논의는 지난해 시작됐다.|{ev_partner:와}의 협의에는 한 해 가까이 걸렸다.]",
    "[{ev_sector} 고객들은 {ev_q}의 보안 수준을 가장 먼저 물었다고 KT는 전했다.|KT는 {ev_sector} 고객의 보안 요구에 맞춰 {ev_q:을} 설계했다고 설명했다.|보안은 {ev_sector} 고객이 {ev_q}에 요구한 첫 조건이었다.]",
    "[{ev_place} 지역 대학과 연계한 인력 [채용도|양성도] 함께 추진한다.|KT는 {ev_place} 지역 인재를 {ev_q} 운영 인력으로 뽑을 계획이다.|{ev_place} 지자체도 {ev_q}에 행정 지원을 약속했다.]",
    "[{ev_partner:은} {ev_q} 도입을 위해 전담 조직을 꾸렸다.|{ev_partner}에는 {ev_q} 전담 팀이 새로 생겼다.|{ev_partner:은} 사내 AI 전담 조직이 {ev_q} 도입을 맡는다.]",
    "[{ev_ms} {ev_ms_role:은} \"{ev_place}의 {ev_sector} 기업들이 좋은 사례가 될 것\"이라고 말했다.|MS는 {ev_q:을} 아시아 지역 협력 사례로 소개할 계획이다.|{ev_q:은} MS 본사에도 보고된 사업이라고 한국마이크로소프트는 전했다.]",
    "[업계는 {ev_q:이} KT·MS 협력의 [첫 시험대|중요한 이정표]가 될 것으로 본다.|{ev_q}의 성과는 KT·MS 협력 전체의 평가로 이어질 전망이다.|KT 내부에서도 {ev_q:을} 올해 가장 중요한 AI 사업으로 꼽는다.]",
)
_KO_BACKGROUND = _pool(
    "KT와 MS는 지난해 9월 5년간 수조원 규모의 AI·클라우드 파트너십을 [맺었다|체결했다].",
    "[두 회사는|양사는] 애저 오픈AI 서비스를 바탕으로 한국형 GPT-4o와 [소형언어모델(SLM)을|파이 기반 소형언어모델을] [공동 개발하고 있다|함께 만들고 있다].",
    "KT는 [이번 협력을|MS와의 협력을] 발판 삼아 {sector} [고객의|기업의] AI 전환(AX)을 [지원한다는|돕는다는] 구상이다.",
    "고객 데이터는 애저 한국 리전에 [저장되며|보관되며] [모델 학습에는 쓰이지 않는다고|외부로 나가지 않는다고] KT는 [설명했다|강조했다].",
    "{analyst} {firm} 연구원은 \"KT와 MS의 협력이 {sector} [클라우드 시장의|AI 시장의] 판도를 [바꿀 수 있다|흔들 수 있다]\"고 [평가했다|분석했다].",
    "KT클라우드는 [공공|금융] [기관을 위한|고객 전용] [보안 클라우드를|전용 리전을] [준비하고 있다|구축 중이다].",
    "[KT 관계자는|KT 측은] \"MS와 함께 {sector} 분야 [레퍼런스를|성공 사례를] [꾸준히 만들겠다|늘려가겠다]\"고 말했다.",
    "MS는 국내 AI 인프라 확충을 위해 [데이터센터 투자를|GPU 공급을] [늘리고 있다|확대하고 있다].",
    "KT는 자체 초거대 AI '믿:음'과 MS의 GPT-4o를 [함께 쓰는|조합한] [멀티 모델 전략을|하이브리드 전략을] 펴고 있다.",
    "업계에서는 KT가 MS와의 협력으로 {sector} 시장에서 [존재감을 키울 것|입지를 넓힐 것]으로 보고 있다.",
    "[증권가는|시장은] KT의 AI·클라우드 매출이 MS와의 협력 효과로 {year}년 {amt}에 이를 것으로 [본다|추산한다].",
    "{person} {univ} 교수는 \"KT·MS 협력의 성패는 {sector} 고객이 [실제로 돈을 내느냐|얼마나 빨리 쓰느냐]에 달렸다\"고 [말했다|지적했다].",
    "KT는 MS 애저와 KT클라우드를 잇는 하이브리드 환경에서 {topic} [컨설팅도|설계 지원도] [제공한다|함께 한다].",
    "[경쟁사들도|다른 통신사들도] 글로벌 빅테크와의 AI 협력을 [서두르고 있다|늘리고 있다].",
    "MS의 [한국 내 매출|국내 클라우드 사업]에서 KT가 차지하는 [비중도|몫도] [커지고 있다|늘고 있다]는 분석이 나온다.",
    "KT는 {place}의 [데이터센터에|전산센터에] 애저 [전용 구역을|연결 거점을] 두고 있다.",
    "[KT는|KT 측은] 올해 들어 MS와 [공동 사업 발굴에|신규 고객 확보에] [속도를 내고 있다|집중하고 있다].",
    "[두 회사의|양사의] 협력은 [클라우드 인프라에서|인프라 구축에서] [AI 서비스로|서비스 판매로] [넓어지는|옮겨가는] 흐름이다.",
    "KT는 MS 제품을 국내 기업에 [공급하는|재판매하는] [클라우드 관리 서비스(MSP) 사업도|관리형 서비스 사업도] 키우고 있다.",
    "[통신 본업의|유무선 사업의] 성장이 [정체되면서|둔화하면서] KT는 AI·클라우드를 [새 성장축으로|미래 먹거리로] 삼고 있다.",
)

# ---------------------------------------------------------------- English sentences

_EN_GENRES: dict[str, tuple] = {
    "business": _pool(
        "{co} said on {month_en} {day} that it will [invest|spend] {amt} on a new {product} [plant|production line|research site] in {place}.",
        "{co} reported {q}-quarter sales of {amt}, [up|down] {pct} from a year earlier, in a regulatory filing.",
        "Operating profit came to {amt2}, {pct2} [above|below] [the market consensus|analysts' forecasts].",
        "\"We will [focus|double down] on {topic} and reach {amt} in [sales|exports] by {year},\" {co} {ceo_t} {ceo} [said|told reporters].",
        "The company said [demand|orders] for its {product} [kept rising|recovered faster than expected] and [expects|forecast] its {sector} [business|unit] to keep growing.",
        "Last month {co} [signed|struck] {topic:a} agreement with {co2} and [began joint research|launched a pilot project].",
        "{firm} analyst {analyst} said {co} was [ahead of|outpacing] its rivals in {topic} and [raised|set] the target price to {won}.",
        "{co} plans to [raise|lift] [capacity|utilization] at its [plant|site] in {place} by {pct} by {year}.",
        "The [move|investment] is expected to help {co} [close the gap with|pull further ahead of] {rival} in the {sector} market.",
        "{co} will expand its {brand} [lineup|range] to {n} models and [push into|step up sales in] [North America|Europe|Southeast Asia|the Middle East|Japan].",
        "\"Monthly [sales|orders] of the {product} have [passed|reached] {big} units,\" {exec_t} {exec} said.",
        "Industry data show the domestic {sector} market for {topic} could reach {amt} by {year}.",
        "{co} runs {topic:a} [program|project] with {n} [suppliers|smaller partners].",
        "{co} will open a new [logistics center|research lab|office|showroom] in {place2} and hire {n}0 [people|staff].",
        "{rival} has answered with a new {product} of its own.",
        "Consumer reaction has been [mixed|positive]. \"[Price|Quality] will decide whether the {brand} sells,\" {sector:a} industry official said.",
        "The board of {co} approved {amt:a} [share buyback|rights offering|bond issue].",
        "{co} aims to complete its {topic} by the [first|second] half of {year} and then enter the {sector2} business.",
        "Overseas sales made up {pct} of {co}'s revenue, or {amt}, [last year|so far this year].",
        "{co} will open {topic:a} degree program with {univ} in {year}.",
        "{co2} is one of {co}'s [largest customers|key suppliers], with orders worth {amt2} last year.",
        "{co} will [raise|cut] the price of its {product} by an average of {pct} from {month_en}.",
        "{co} expects its {sector} [revenue|sales] to [grow|rise] {pct} next year as {product} [shipments|orders] pick up.",
        "{co} and {co2} will set up {amt:a} joint venture to make {product} in {place}.",
        "{co} has [won|landed] {amt:a} order for {product} from a [European|U.S.|Japanese|Middle Eastern] [buyer|customer], it said in a filing.",
        "The [contract|order] runs until {year} and equals {pct} of {co}'s sales last year.",
        "{co} said it would [close|sell] its {sector2} [unit|business] to focus on {topic}.",
        "[Labor and management|The union and management] at {co} agreed on a {pct} pay [rise|increase] for this year.",
        "{co} [cut|lowered] its full-year [guidance|outlook], citing [weaker|slowing] {sector} demand and higher {topic} costs.",
        "{co}'s debt ratio [fell|rose] to {pct}, and it [held|had] {amt} in cash at the end of the quarter.",
        "[Shipments|Deliveries] of the {brand} [begin|will start] in {month_en}, starting with [Korea|the U.S.|Europe|Vietnam|India].",
        "{rival} [plans|is expected] to [unveil|ship] a competing {product} [later this year|in {month_en}].",
        "The [plant|factory] in {place2} will employ {n}0 [workers|people] when it [opens|reaches full output] in {year}.",
        "{ceo}, who became {ceo_t} of {co} [in {year}|last year|earlier this year], [has pushed|is pushing] the company into {topic}.",
    ),
    "markets": _pool(
        "Shares of {co} [rose|fell] {pct} to {won} on {month_en} {day}.",
        "[Foreign|Institutional] investors were net [buyers|sellers] of {amt} of {co} stock on the day.",
        "The benchmark KOSPI [gained|lost] {pt} points, or {pct}, to close at {idx}.",
        "The won closed at {fx} per dollar.",
        "{sector} [stocks|shares] [rallied|slipped] on {topic} [hopes|worries].",
        "\"The {sector} [cycle|market] has [bottomed out|entered a recovery],\" said {analyst}, an analyst at {firm}.",
        "{firm} [raised|lowered] its estimate of {co}'s operating profit this year to {amt}.",
        "[Retail|Institutional] investors bought {sector} stocks for {n} [straight sessions|consecutive days].",
        "The yield on three-year treasury bonds [rose|fell] {bp} basis points to {rate} percent.",
        "{co} set its IPO price at {won} and will list on the [KOSDAQ|main board] in {month_en}.",
        "{co2} shares [jumped|plunged] {pct2} after its earnings report.",
        "{co} [hit|touched] a 52-week [high|low] of {won} during the session.",
        "Trading volume in {co} shares reached {big}, [well above|below] its 20-day average.",
        "{firm} kept its [buy|outperform] rating on {co}, citing {topic} [momentum|prospects].",
        "The tech-heavy KOSDAQ [rose|fell] {pct2} to {kosdaq}.",
        "[Brent crude|West Texas Intermediate] [rose|fell] to {oil} dollars a barrel.",
        "[Short sellers|Hedge funds] have [built|trimmed] positions in {sector} names ahead of {co}'s results.",
    ),
    "policy": _pool(
        "The {org} said on {month_en} {day} that it will [announce|unveil] {topic:a} [reform|support package|guideline] for the {sector} industry in {month_en}.",
        "The plan [eases|simplifies] {topic} [rules|procedures] and [puts|allocates] {amt} into {n} projects.",
        "\"We will [speed up|push ahead with] {topic} to [ease the burden on|listen to] the {sector} industry,\" {org} {official} {person} said.",
        "The government will designate {topic:a} cluster around {place} by {year}.",
        "[Industry officials|Experts] say [funding|enforcement] will be the [key|real test].",
        "The {org} fined {co} and {n} other companies {amt}.",
        "{n} bills on {topic} are [pending in|before] the National Assembly.",
        "\"With {topic}, [direction matters more than speed|cooperation between government and business is key],\" said {prof}, a professor at {univ}.",
        "{sector} [exports|output] [rose|fell] to {amt} last month, according to the {org}.",
        "Next year's budget [includes|sets aside] {amt2} for {topic}.",
        "[Opposition lawmakers|Civic groups] said the {topic} plan [favors large companies|ignores workers] and [called for changes|demanded a review].",
        "The rules take effect in {month_en} {year} after a [grace period|consultation] of {n} months.",
        "Companies that break the rules face fines of up to {pct} of their [sales|revenue].",
        "The {org} will hold a public hearing on the plan in {place} on {month_en} {day}.",
        "{org} {official} {person} met [heads|executives] of {n} {sector} companies to [explain|discuss] the plan.",
        "Local governments in {place} and {place2} have [applied|bid] to host the [project|cluster].",
        "[Small businesses|Trade groups] in the {sector} [sector|industry] [welcomed|criticized] the plan as [overdue|too costly].",
    ),
    "tech": _pool(
        "{co} [unveiled|launched] {brand}, {topic:a} [platform|tool] it developed in-house, on {month_en} {day}.",
        "{brand} uses [generative AI|machine learning|computer vision] to automate {topic} work for {sector} [companies|sites].",
        "The company said {brand} cuts [processing time|costs] by {pct}.",
        "{co} runs {brand} on [Google|Amazon Web Services|Oracle|Nvidia] [infrastructure|GPUs].",
        "{co} has [secured|filed for] {n} {topic} patents since {year}.",
        "{big} people [used|tried] {brand} during its [beta|pilot].",
        "\"{topic} is [no longer optional|now the core of competitiveness],\" said {exec}, {exec_t} at {co}.",
        "{co} raised {amt} in a [Series A|Series B|Series C|pre-IPO] round led by {firm}.",
        "{co} will install {big} [GPU servers|data processing units] at a site in {place}.",
        "[Privacy|Security] concerns around {topic} are growing in the {sector} industry.",
        "{co2} researchers presented {n} {topic} papers at [an international conference|overseas journals].",
        "The open-source {brand2} [model|toolkit] has been downloaded more than {big} times.",
        "{co} signed up {big} paying [users|customers] for {brand} in the first {n} weeks.",
        "The {brand2} [chip|module|sensor] [uses|draws] {pct} less power than its predecessor, {co} said.",
        "{co} is [hiring|looking for] {n}0 engineers for its {topic} team in {place}.",
        "{exec} said the company would [open-source|license] parts of {brand} to {sector} partners next year.",
        "{co2} [filed|brought] a patent suit against {co} over {topic} technology.",
        "[A court|The regulator] is expected to rule on the [case|dispute] in {month_en}.",
        "Analysts at {firm} [put|estimate] the {topic} software market at {amt} this year.",
    ),
    "society": _pool(
        "A [local festival|street market|cultural fair] will run for {n} days in {place} from {month_en} {day}.",
        "Organizers expect {big} [visitors|people] to attend.",
        "[Police|Firefighters] are investigating the cause of a [fire|traffic accident] in {place} on {month_en} {day}.",
        "{n3} people were [injured|taken to hospital] and damage was estimated at {won}.",
        "The weather agency forecast up to {mm} millimeters of [rain|snow] in {place} and nearby areas.",
        "[Residents|Shop owners] in {place2} are divided over the {topic} plan.",
        "\"[Parking|Traffic measures] must come first,\" said {person}, who heads a local [residents' council|merchants' association].",
        "The [education office|city] is recruiting {big} students for {sector} job-experience programs.",
        "The [city|county] will offer free [health checks|flu shots] at [community centers|clinics] in {place} until the end of {month_en}.",
        "[Complaints|Petitions] about {topic} [topped|exceeded] {n}0 this year, prompting an inspection.",
        "[Morning lows|Daytime highs] will hover around {temp} degrees Celsius.",
    ),
    "sports": _pool(
        "The {team} beat the {team2} {s1}-{s2} at home on {month_en} {day}.",
        "{player} went {n3}-for-{n2} with {n3} RBIs.",
        "Starter {player2} gave up {s2} runs over {inn} innings on {n}0 pitches.",
        "The {team} improved to {w}-{l} and moved to [first|second|third|fourth|fifth] in the league.",
        "\"[The players stayed focused to the end|Our bullpen held on],\" manager {coach} said.",
        "{fc} beat {fc2} {s1}-{s2} in the K League 1, with {player} scoring in the {n}th minute.",
    ),
}
_EN_COMMON = _pool(
    "Meanwhile, {co2} said it plans to invest {amt} in its {product} business.",
    "[Experts|Industry officials] expect {topic} to [dominate|reshape] the {sector} market over the next {n} years.",
    "\"Without {topic} there is no growth,\" said {person}, {role} of {company}.",
    "{company} [booked|reported] {amt} in sales last year on the back of {topic}.",
    "[However|Still], rising {topic} costs cut margins by {pct}.",
    "{sector_any} [output|spending] [rose|fell] {pct} in {month_en}, according to Statistics Korea.",
    "{company} entered the {product_any} market late but has raised its share to {pct}.",
    "{company} [posted|booked] a net [profit|loss] of {amt} in the {q} quarter.",
    "Shares in {company} [rose|fell] {pct} after the [news|announcement].",
    "[Data from|According to] the Korea International Trade Association, {sector_any} exports [rose|fell] {pct} in {month_en}.",
    "[Consumers|Buyers] are [holding back|spending more] on {product_any}, [a survey|retail data] showed.",
)
_EN_TITLES = {
    "business": _pool("{co} to invest {amt} in {product} [plant|line] in {place}", "{co} {q}-quarter sales [up|down] {pct}",
                      "{co}, {co2} team up on {topic}", "{co} bets on {brand} [overseas|abroad]"),
    "markets": _pool("KOSPI closes at {idx} as {sector} stocks [rally|slip]", "{co} shares [jump|plunge] {pct} on {topic} [hopes|worries]",
                     "{co} sets IPO price at {won}"),
    "policy": _pool("{org} to unveil {sector} {topic} plan in {month_en}", "Government to build {topic} cluster in {place}",
                    "{org} fines {co}, {n} others {amt}"),
    "tech": _pool("{co} launches {topic} platform {brand}", "{co} raises {amt} to upgrade {topic}"),
    "society": _pool("{n}-day festival opens in {place}", "Up to {mm} mm of [rain|snow] forecast for {place}"),
    "sports": _pool("{team} beat {team2} behind {player}", "{fc} down {fc2} {s1}-{s2}"),
}
_EN_GENRE_WEIGHTS = {"business": 5, "markets": 2, "policy": 3, "tech": 4, "society": 1, "sports": 1}
_EN_TRAPS = _pool(
    "The kt wiz beat the {team} {s1}-{s2} on {month_en} {day}.",
    "KT&G will invest {amt} in a new factory in {place}.",
    "KT will sell a 5G [plan|unlimited plan] for {won} a month from {month_en}.",
    "Subscribers at the three carriers (SKT, KT, LG Uplus) [rose|fell] {pct} in {month_en}.",
    "Microsoft added {topic} features in its latest Windows update.",
)

_EN_EVENT_TITLES = {
    "center": _pool("KT, Microsoft open AI hub {ev_q} in {ev_place}", "KT and Microsoft launch {ev_q} to help {ev_count} {ev_sector} firms adopt AI"),
    "launch": _pool("KT launches {ev_q} on Microsoft Azure for {ev_sector}", "KT, Microsoft roll out {ev_sector} AI service {ev_q}"),
    "mou": _pool("KT, Microsoft sign AI deal with {ev_partner} for {ev_q}", "{ev_partner} to adopt KT-Microsoft {ev_q}"),
    "invest": _pool("KT, Microsoft to invest {ev_amt} in {ev_q}", "KT and Microsoft commit {ev_amt} to AI infrastructure project {ev_q}"),
    "datacenter": _pool("KT to build {ev_mw}MW AI data center {ev_q} with Microsoft in {ev_place}", "KT, Microsoft break ground on {ev_q} data center"),
    "training": _pool("KT, Microsoft to train {ev_count} AI specialists in {ev_q}", "KT and Microsoft open {ev_q} academy in {ev_place}"),
    "model": _pool("KT unveils {ev_q}, a Korean model built on Microsoft's Phi", "KT, Microsoft release {ev_sector} AI model {ev_q}"),
    "public": _pool("KT-Microsoft group wins {ev_amt} public cloud project {ev_q}", "KT and Microsoft selected for {ev_q} public cloud deal"),
}
_EN_EVENT_HEADLINES = _pool(
    "KT bets on {ev_q} with Microsoft to win {ev_sector} clients",
    "Microsoft and KT take {ev_q} to {ev_sector}",
    "KT's {ev_q}: what the Microsoft [deal|alliance] brings to {ev_sector}",
    "{ev_partner} first to [sign up for|adopt] KT-Microsoft {ev_q}",
)
_EN_EVENT_LEADS = {
    "center": _pool("KT Corp. and Microsoft opened {ev_q}, a joint AI hub in {ev_place}, on {ev_date}, KT said.",
                    "A joint AI hub of KT and Microsoft, {ev_q}, opened in {ev_place} on {ev_date}."),
    "launch": _pool("KT Corp. launched {ev_q}, an AI service for {ev_sector} customers built on Microsoft's Azure OpenAI Service, on {ev_date}.",
                    "KT Corp. on {ev_date} released {ev_q}, {ev_sector:a} AI service it developed with Microsoft."),
    "mou": _pool("KT Corp. and Microsoft signed an AI transformation agreement with {ev_partner} on {ev_date}, KT said.",
                 "{ev_partner} will adopt {ev_q} from KT and Microsoft under an agreement signed on {ev_date}."),
    "invest": _pool("KT Corp. and Microsoft will jointly invest {ev_amt} in {ev_q}, an AI infrastructure project, KT said on {ev_date}.",
                    "KT Corp. said on {ev_date} that it will put {ev_amt} into {ev_q} together with Microsoft."),
    "datacenter": _pool("KT Corp. will build {ev_q}, a {ev_mw}MW AI data center, with Microsoft in {ev_place}, the company said on {ev_date}.",
                        "KT Corp. and Microsoft broke ground on {ev_q}, a {ev_mw}MW data center in {ev_place}, on {ev_date}."),
    "training": _pool("KT Corp. and Microsoft launched {ev_q}, a program to train {ev_count} AI specialists, on {ev_date}.",
                      "KT Corp. and Microsoft will train {ev_count} AI specialists in {ev_q}, a course that opened in {ev_place} on {ev_date}."),
    "model": _pool("KT Corp. on {ev_date} unveiled {ev_q}, a Korean AI model built on Microsoft's Phi small language model.",
                   "KT Corp. released {ev_q}, {ev_sector:a} small language model developed with Microsoft, on {ev_date}."),
    "public": _pool("A consortium of KT Corp. and Microsoft won {ev_q}, a public cloud project worth {ev_amt}, KT said on {ev_date}.",
                    "KT Corp. said on {ev_date} that its consortium with Microsoft was picked for {ev_q}, {ev_amt:a} public cloud project."),
}
_EN_EVENT_FACTS = {
    "center": _pool(
        "[The {ev_area}-square-meter hub lets {ev_sector} companies test the Azure OpenAI Service in a proof-of-concept lab.|The hub covers {ev_area} square meters, with a showroom, a proof-of-concept lab and classrooms.|At the {ev_area}-square-meter site, companies can try AI models on their own data.]",
        "[The partners plan to help {ev_count} {ev_sector} companies adopt AI at {ev_q}.|KT and Microsoft aim to bring AI to {ev_count} {ev_sector} companies through the hub.|The goal is AI adoption at {ev_count} {ev_sector} firms.]",
        "[The opening ceremony took place in {ev_place}.|The hub sits inside a KT building in {ev_place}.|KT said it picked {ev_place} because many {ev_sector} companies are nearby.]",
    ),
    "launch": _pool(
        "[{ev_q} automates call center and document work in {ev_sector}.|The service takes over repetitive {ev_sector} tasks such as customer calls and reports.|With {ev_q}, AI handles paperwork at {ev_sector} sites.]",
        "[{ev_count} companies including {ev_partner} already use it.|{ev_partner} and {ev_count} other companies tested it before launch.|{ev_count} firms, {ev_partner} among them, have signed up.]",
        "[KT runs {ev_q} in Azure's Korea region and sells it as a monthly subscription.|It runs in Azure's Korea region and is sold by monthly subscription.|Data stays in Azure's Korea region; pricing is a monthly subscription.]",
    ),
    "mou": _pool(
        "[Under the deal, KT and Microsoft will supply {ev_q} to {ev_partner}.|The three companies will bring {ev_q} into {ev_partner}'s systems.|{ev_partner} will roll out {ev_q} company-wide.]",
        "[AI will be applied to {ev_count} {ev_sector} tasks.|{ev_partner} plans to move {ev_count} {ev_sector} tasks to AI.|The deal covers {ev_count} {ev_sector} tasks.]",
        "[{ev_partner} will first deploy {ev_q} at its headquarters in {ev_place}.|The first site is {ev_partner}'s office in {ev_place}.|The signing took place at {ev_partner}'s headquarters in {ev_place}.]",
    ),
    "invest": _pool(
        "[The money will go to a GPU cluster in {ev_place} and {ev_sector} models.|Most of the money goes to a GPU cluster in {ev_place}.|A GPU cluster in {ev_place} and {ev_sector} models will get the funds.]",
        "[{ev_q} will provide AI infrastructure to {ev_count} {ev_sector} companies.|{ev_count} {ev_sector} companies will share the infrastructure.|KT has signed up {ev_count} {ev_sector} customers as first users.]",
        "[{ev_partner} joins the investment.|{ev_partner} is also investing.|{ev_partner} will operate the infrastructure.]",
    ),
    "datacenter": _pool(
        "[The project costs {ev_amt}.|Construction will cost {ev_amt}.|KT put the budget at {ev_amt}.]",
        "[The {ev_area}-square-meter facility is set to open next year.|The center, with {ev_area} square meters of floor space, opens next year.|It will occupy {ev_area} square meters and start operating next year.]",
        "[It includes an Azure zone for {ev_sector} customers.|A dedicated Azure zone is reserved for {ev_sector} clients.|{ev_sector} companies can use a dedicated Azure zone there.]",
    ),
    "training": _pool(
        "[{ev_q} runs in {ev_place} and teaches generative AI development on Azure.|Classes take place in {ev_place} and cover generative AI and data analysis.|The course is held in {ev_place}.]",
        "[The {ev_count} trainees will work on projects at {ev_sector} companies such as {ev_partner}.|Trainees do fieldwork at {ev_sector} firms including {ev_partner}.|{ev_partner} is one of the host companies.]",
        "[Graduates can sit Microsoft certification exams.|The course leads to Microsoft certification.|Microsoft certification is part of the program.]",
    ),
    "model": _pool(
        "[{ev_q} was further trained on {ev_count} {ev_sector} datasets to improve its Korean.|The model learned from {ev_count} more {ev_sector} datasets.|{ev_count} {ev_sector} datasets were used for extra training.]",
        "[KT offers {ev_q} through Azure AI Foundry and KT Cloud.|The model is available on Azure AI Foundry and KT Cloud.|Customers can use {ev_q} on Azure AI Foundry or KT Cloud.]",
        "[The first customer is {ev_partner}.|{ev_partner} will adopt it first.|{ev_partner} has already finished a pilot.]",
    ),
    "public": _pool(
        "[KT and Microsoft will move the systems of {ev_count} public bodies in {ev_place} to the cloud.|{ev_count} public agencies around {ev_place} will switch to Azure-based cloud.|The systems of {ev_count} agencies in {ev_place} will move to the cloud.]",
        "[Smaller partners such as {ev_partner} join the project.|{ev_partner} joins as a partner.|{ev_partner} is also part of the consortium.]",
        "[Security certification starts with {ev_sector}.|KT will first seek security certification for {ev_sector}.|The first step is {ev_sector} security certification.]",
    ),
}
_EN_EVENT_COMMON = _pool(
    "[{ev_person}, {ev_role} at KT, and {ev_ms}, {ev_ms_role} at Microsoft Korea, attended the event.|{ev_person} of KT and {ev_ms} of Microsoft Korea presented the plan together.|KT's {ev_person} and Microsoft Korea's {ev_ms} were at the ceremony.]",
    "[\"{ev_q} is where {ev_sector} customers will first experience AI transformation,\" said {ev_person}, {ev_role} at KT.|\"{ev_q} will speed up AI adoption in {ev_sector},\" KT's {ev_person} said.|\"{ev_q} is only the start,\" said {ev_person} of KT.]",
    "[\"With KT we will show results in {ev_sector},\" said {ev_ms}, {ev_ms_role} at Microsoft Korea.|\"KT is our most important partner in Korea,\" Microsoft Korea's {ev_ms} said.|Microsoft's {ev_ms} said he expected results in {ev_sector} soon.]",
    "[The project is worth {ev_amt} in total.|The two companies are spending {ev_amt}.|The total budget is {ev_amt}.]",
    "[The partners will start with {ev_sector} and expand to other industries.|KT plans to take the same model beyond {ev_sector}.|Demand from {ev_sector} will decide how far the plan goes.]",
    "[{ev_q} will be fully running from {ev_month_en}.|KT will start full operation of {ev_q} in {ev_month_en}.|Full operation begins in {ev_month_en}.]",
    "[Microsoft supports {ev_q} with Azure infrastructure and engineers.|Microsoft is sending technical staff to {ev_q}.|Microsoft Korea handles the technical support.]",
    "[\"{ev_sector} companies like {ev_partner} will feel the benefit first,\" {ev_person} added.|KT wants to take the {ev_partner} case to the rest of the {ev_sector} industry.|KT expects {ev_partner}'s results to draw other {ev_sector} firms.]",
)
_EN_EVENT_CONTEXT = _pool(
    "[{ev_partner} is {ev_sector:a} company based in {ev_place}.|Based in {ev_place}, {ev_partner} is one of the larger names in {ev_sector}.|{ev_partner} has long worked in {ev_sector} from {ev_place}.]",
    "[The {ev_sector} industry has been slow to adopt AI.|{ev_sector} companies have held back on cloud over data security.|Regulation has slowed AI adoption in {ev_sector}.]",
    "[Many {ev_sector} companies are based around {ev_place}.|{ev_place} is home to many {ev_sector} firms.|KT chose {ev_place} to be close to {ev_sector} customers.]",
    "[{ev_person} has led KT's AI business.|{ev_person} oversees the {ev_q} project at KT.|{ev_person} is in charge of the project.]",
    "[{ev_ms} heads the cloud business at Microsoft Korea.|Microsoft's lead on the project is {ev_ms}.|{ev_ms} has handled the KT partnership at Microsoft Korea.]",
    "[The industry is watching what {ev_q} will change in {ev_sector}.|{ev_sector} customers' response will decide whether {ev_q} succeeds.|{ev_sector} executives say they will wait and see.]",
    "[KT will hold [briefings|demonstrations] for {ev_sector} companies in {ev_place}.|Briefings for {ev_sector} firms start in {ev_place}.|KT will first visit {ev_sector} companies around {ev_place}.]",
    "[{ev_partner} expects to speed up its move to AI.|{ev_partner} has high hopes for {ev_q}.|An official at {ev_partner} said the company expected quick results.]",
    "[Talks between KT and {ev_partner} began last year.|{ev_person} has been in talks with {ev_partner} since last year.|The deal with {ev_partner} took nearly a year to negotiate.]",
    "[{ev_sector} customers asked first about the security of {ev_q}, KT said.|KT said it designed {ev_q} around the security demands of {ev_sector} clients.|Security was the first thing {ev_sector} customers asked of {ev_q}.]",
    "[KT plans to hire local graduates in {ev_place} to run {ev_q}.|The local government in {ev_place} promised administrative support for {ev_q}.|KT will work with universities around {ev_place} on staffing.]",
    "[{ev_partner} has set up a dedicated team for {ev_q}.|A new team at {ev_partner} will handle the rollout of {ev_q}.|{ev_partner}'s in-house AI unit is in charge of adopting {ev_q}.]",
    "[\"{ev_sector} companies in {ev_place} will be a good example,\" {ev_ms} said.|Microsoft plans to present {ev_q} as a showcase for the region.|{ev_q} has been reported to Microsoft's headquarters, Microsoft Korea said.]",
    "[The industry sees {ev_q} as [a first test|a milestone] for the KT-Microsoft alliance.|Results from {ev_q} will shape how the alliance is judged.|Inside KT, {ev_q} is seen as this year's most important AI project.]",
)
_EN_BACKGROUND = _pool(
    "KT and Microsoft signed a five-year AI and cloud partnership worth trillions of won last September.",
    "The partners are building a Korean-tuned GPT-4o and small language models on the Azure OpenAI Service.",
    "KT plans to use the alliance to help {sector} customers with their AI transformation.",
    "Customer data stays in Azure's Korea region and is not used to train models, KT said.",
    "\"The KT-Microsoft alliance could reshape the {sector} [cloud|AI] market,\" said {analyst}, an analyst at {firm}.",
    "KT Cloud is preparing a [secure|dedicated] cloud region for [public|financial] customers.",
    "Microsoft has been expanding its AI infrastructure in Korea with [data center investment|GPU supply].",
    "KT combines its own Mi:dm model with Microsoft's GPT-4o in a [multi-model|hybrid] strategy.",
    "[Brokers|Analysts] expect KT's AI and cloud sales to reach {amt} by {year}, helped by the Microsoft deal.",
    "\"Whether {sector} customers [actually pay|adopt it quickly] will decide the alliance's success,\" said {person}, a professor at {univ}.",
    "KT also offers {topic} [consulting|design support] for hybrid setups linking Azure and KT Cloud.",
    "[Rival carriers|Competitors] are [rushing|moving] to strike AI deals with global tech giants of their own.",
    "KT keeps a dedicated Azure [zone|connection point] at its [data center|computing center] in {place}.",
    "[Kim Young-shub, KT's chief executive,|KT CEO Kim Young-shub] signed the Microsoft deal in Redmond [last year|in September last year].",
    "KT has [stepped up|expanded] joint sales with Microsoft this year.",
    "The alliance is [shifting|moving] from cloud infrastructure to AI services.",
    "With growth in its telecom business [slowing|flat], KT is betting on AI and cloud.",
)

# ---------------------------------------------------------------- search words (``mentions``)

#: word -> (Korean relevant, Korean other, English relevant, English other) sentence; "" = none in that kind.
MENTIONS: dict[str, tuple[str, str, str, str]] = {
    "이노베이션": ("KT는 광화문 AI 이노베이션 센터에서 {sector} 고객 대상 체험 행사를 [연다|진행한다].",
               "{co:은} {place}에 '{brand} 이노베이션 랩'을 [열었다|개소했다].", "", ""),
    "innovation center": ("", "", "The partners also run an AI innovation center in Seoul for {sector} customers.",
                          "{co} opened an innovation center in {place} for {topic}."),
    "망분리": ("KT클라우드는 {sector} 기관의 망분리 규제에 맞춘 전용 클라우드를 {month}월 출시한다.",
            "금융당국은 {sector} 업계의 망분리 규제 완화 방안을 {month}월 발표한다.", "", ""),
    "Copilot": ("KT는 임직원 업무에 마이크로소프트 Copilot을 도입해 {topic} 시간을 {pct} 줄였다.",
                "[업계에서는|시장에서는] Copilot 같은 업무용 AI 비서 경쟁이 [치열해지고 있다|본격화했다].",
                "KT also rolled out Microsoft Copilot to its staff, cutting {topic} time by {pct}.",
                "Rivals are racing to match Copilot-style assistants in office software."),
    "KTX": ("", "코레일은 {month}월부터 KTX [운행을|열차를] 주 {n}회 [증편한다|늘린다].",
            "", "Korail will add {n} KTX trains a week from {month_en}."),
    # In unrelated articles Azure stands next to AWS: a passing mention, never Microsoft news.
    "Azure": ("KT는 {sector} 고객의 업무 시스템을 Azure로 옮기는 작업도 [돕는다|지원한다].",
              "{co:은} AWS와 Azure를 함께 쓰는 멀티 클라우드 체계로 [전환했다|바꿨다].",
              "KT also helps {sector} customers move their systems to Azure.",
              "{co} now runs its systems on both AWS and Azure."),
    "클라우드": ("KT는 {sector} 고객의 클라우드 전환도 [함께 지원한다|돕는다].",
             "{co:은} 사내 시스템을 클라우드로 옮기는 작업을 {month}월 [마무리한다|끝낸다].", "", ""),
}
_MENTIONS = {word: tuple(_compile(s) if s else None for s in sources) for word, sources in MENTIONS.items()}


# ---------------------------------------------------------------- writing an article


@dataclass(frozen=True)
class Text:
    """A generated article: headline and body paragraphs."""

    title: str
    paragraphs: tuple[str, ...]
    language: str
    relevant: bool
    genre: str = ""


@dataclass(frozen=True)
class _Lang:
    genres: dict[str, tuple]
    weights: dict[str, int]
    common: tuple
    titles: dict[str, tuple]
    traps: tuple
    event_titles: dict[str, tuple]
    event_leads: dict[str, tuple]
    event_facts: dict[str, tuple]
    event_common: tuple
    event_context: tuple
    event_headlines: tuple
    background: tuple
    section_openers: tuple[str, ...]

    @property
    def context(self) -> tuple:
        """Background sentences without figures, dates or names (they would blur the event's own)."""
        return tuple(t for t in self.background if not _slot_names(t) & (_FIGURES | _NAMES))


_LANGS = {
    "ko": _Lang(_KO_GENRES, _KO_GENRE_WEIGHTS, _KO_COMMON, _KO_TITLES, _KO_TRAPS, _KO_EVENT_TITLES, _KO_EVENT_LEADS,
                _KO_EVENT_FACTS, _KO_EVENT_COMMON, _KO_EVENT_CONTEXT, _KO_EVENT_HEADLINES, _KO_BACKGROUND, ("한편 ", "이와 별도로 ", "", "", "")),
    "en": _Lang(_EN_GENRES, _EN_GENRE_WEIGHTS, _EN_COMMON, _EN_TITLES, _EN_TRAPS, _EN_EVENT_TITLES, _EN_EVENT_LEADS,
                _EN_EVENT_FACTS, _EN_EVENT_COMMON, _EN_EVENT_CONTEXT, _EN_EVENT_HEADLINES, _EN_BACKGROUND, ("Separately, ", "Meanwhile, ", "", "", "")),
}


def write_article(
    rng: random.Random,
    *,
    language: str = "ko",
    relevant: bool = False,
    size: float = 2000,
    measure: Callable[[str], float] = len,
    event: Optional[Event] = None,
    mentions: Optional[Mapping[str, float]] = None,
    traps: float = 0.4,
    min_paragraphs: int = 4,
    opening: int = OPENING_CHARS,
    genre: Optional[str] = None,
) -> Text:
    """One article: paragraphs are added while they fit in ``size`` (the summed ``measure`` of
    the paragraphs; characters by default), but never fewer than ``min_paragraphs``.

    A relevant article reports ``event`` (a random one when None): its
    headline and its first ``opening`` characters state the event's facts and
    surroundings (so a short report may exceed ``size``), then it goes on with
    business context. An unrelated article belongs to a genre (business,
    markets, policy, tech, society, sports, culture) and, with probability
    ``traps``, holds one look-alike (KTX, kt wiz, KT&G, "MS" as market share,
    KT or Microsoft alone). ``mentions`` maps `MENTIONS` words to the share of
    articles that get a sentence naming them (where the language and kind have one).
    """
    lang = _LANGS[language]
    li = 0 if language == "ko" else 1
    cast = _Cast(rng, li)
    slots, choice, rand = cast.slots, cast.choice, rng.random
    picked: dict[int, int] = {}
    flat: dict[int, list] = {}  # template -> its text in this article's style

    def fill(template: tuple[_Part, ...]) -> str:
        resolved = flat.get(id(template))
        if resolved is None:
            resolved = flat[id(template)] = _flatten(template, picked, rand, [])
        text = _render(resolved, slots)
        if li:  # an English sentence starts with a capital, also inside an opening quote
            k = 1 if text[0] == '"' else 0
            if text[k].islower():
                text = text[:k] + text[k].upper() + text[k + 1 :]
        return text

    if genre is None:
        # A KT-Microsoft report goes on with business or technology context.
        names = [g for g in lang.weights if not relevant or g in ("business", "tech", "markets")]
        genre = rng.choices(names, [lang.weights[g] for g in names])[0]
    # Only part of the genre's sentences: a long article must not hold every phrase a short one uses.
    pool = rng.sample(lang.genres[genre], max(6, len(lang.genres[genre]) // 2))
    common = rng.sample(lang.common, len(lang.common) // 2)
    extra: list[str] = []  # sentences placed once, early (traps, mentions)
    if relevant:
        if event is None:
            event = new_event(rng, date(2024, rng.randint(1, 12), rng.randint(1, 28)))
        slots.update(event.facts[li])
        title = fill(choice(lang.event_titles[event.kind] + lang.event_headlines))
        paragraphs = _report_opening(rng, lang, event, fill, opening)
    else:
        title = fill(choice(lang.titles[genre]))
        paragraphs = []
        if rng.random() < traps:
            extra.append(fill(choice(lang.traps)))
    for word, share in (mentions or {}).items():
        source = _MENTIONS[word][(0 if relevant else 1) + 2 * li]
        if source is not None and rng.random() < share:
            extra.append(fill(source))
    total = sum(measure(p) for p in paragraphs)
    section_left = rng.randint(3, 8)
    while len(paragraphs) < min_paragraphs or extra or total < size:
        opener = ""
        if section_left == 0:  # a new section: new people, places, products
            cast.recast(keep_company=rng.random() < 0.3)
            section_left = rng.randint(3, 8)
            opener = choice(lang.section_openers)
        section_left -= 1
        sentences = []
        shared = rng.sample(common, len(common))
        for template in rng.sample(pool, rng.randint(3, 5)):  # no template twice in a paragraph
            r = rng.random()
            if relevant and r < 0.15:
                template = choice(lang.background)
            elif r < 0.25 and shared:
                template = shared.pop()
            sentences.append(fill(template))
        carries_extra = bool(extra)
        if extra:
            sentences.insert(rng.randint(0, len(sentences)), extra.pop())
        para = opener + " ".join(sentences)
        cost = measure(para)
        if total + cost > size and len(paragraphs) >= min_paragraphs and not carries_extra:
            break
        paragraphs.append(para)
        total += cost
    return Text(title, tuple(paragraphs), language, relevant, genre)


def _report_opening(rng: random.Random, lang: _Lang, event: Event, fill: Callable[[tuple], str], chars: int) -> list[str]:
    """The first paragraphs of a report: what newsmon's developments read (the headline and
    ~1,500 characters) is about the event.

    The lead, then most of the event's facts in this report's order and
    wording, then its surroundings (partner, sector, place) and a little of the
    story's background: story-wide sentences would pull events together.
    """
    facts = list(lang.event_facts[event.kind]) + list(lang.event_common)
    rng.shuffle(facts)
    del facts[len(facts) - rng.randint(2, 4) :]  # no report states every fact
    context = rng.sample(lang.context, 3) + rng.sample(lang.event_context, len(lang.event_context))
    paragraphs = [" ".join([fill(rng.choice(lang.event_leads[event.kind]))] + [fill(t) for t in facts[:2]])]
    for start in range(2, len(facts), 2):
        paragraphs.append(" ".join([fill(t) for t in facts[start : start + 2]] + [fill(context.pop())]))
    while context and sum(map(len, paragraphs)) < chars:
        paragraphs.append(" ".join(fill(context.pop()) for _ in range(min(2, len(context)))))
    return paragraphs
