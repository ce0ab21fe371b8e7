"""The stories of the fixture news web, and what the tests expect of each.

Every outlet, byline and sentence here is invented for the tests (the one
exception is the seed article, republished by one outlet the way papers do).
Each `Article` carries its expected answers (relevant, published, duplicate-of,
development), which `build_site` writes to ``manifest.json`` next to the pages.
Syndicated copies are derived from the wire text in code, so "same text with a
new headline, a trimmed paragraph and a copyright line" stays true by
construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

SEED_PATH = Path(__file__).parent / "seeds" / "000_ae8dcea07d6c2241.txt"


@dataclass(frozen=True)
class Article:
    """One article page of the fixture web and its expected pipeline outcome."""

    outlet: str
    path: str
    title: str
    published: str
    author: str
    paragraphs: tuple[str, ...]
    relevant: bool
    scenario: str
    development: Optional[str] = None
    duplicate_of: Optional[str] = None
    modified: Optional[str] = None
    language: str = "ko"
    section: str = "IT·과학"
    caption: Optional[str] = None
    copyright: Optional[str] = None
    edition: int = 1
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> str:
        """The first paragraph, cut to feed-description length."""
        first = self.paragraphs[0]
        return first if len(first) <= 160 else first[:157].rstrip() + "…"


def seed_paragraphs() -> list[str]:
    """Body paragraphs of the seed article: its lines between the title and the byline."""
    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()
    return [line for line in lines[1:13] if len(line) > 40]


def _republished_seed() -> tuple[str, ...]:
    paras = seed_paragraphs()
    # Trim the research paragraph ("KT는 또 국내 대학 …"), keep the rest word for word.
    kept = [p for p in paras if not p.startswith("KT는 또 국내 대학")]
    return tuple(kept)


# ---------------------------------------------------------------- the wire story

WIRE_CENTER: tuple[str, ...] = (
    "KT와 마이크로소프트(MS)가 서울 광화문 KT 이스트 사옥에 공동 'AI 이노베이션 센터'를 열었다고 14일 밝혔다. "
    "지난 9월 두 회사가 5년간 수조원 규모의 AI·클라우드 파트너십을 맺은 뒤 처음으로 문을 연 오프라인 협력 거점이다.",
    "센터는 약 1천200㎡ 규모로 기업 고객이 애저(Azure) 오픈AI 서비스와 KT의 AI 솔루션을 직접 시험해 볼 수 있는 체험 공간, "
    "개념검증(PoC) 랩, 교육장으로 구성됐다. KT는 금융·공공·제조 분야 고객이 자사 데이터를 가져와 보안 환경에서 모델을 시험할 수 있도록 "
    "전용 네트워크와 GPU 자원을 배치했다고 설명했다.",
    "개소식에는 김영섭 KT 대표와 MS 아시아 지역 총괄 임원, 국내 스타트업 대표 등 100여명이 참석했다. "
    "김 대표는 \"센터는 KT와 MS가 함께 만든 AI 전환(AX) 역량을 국내 기업이 가장 먼저 경험하는 곳이 될 것\"이라며 "
    "\"내년까지 1천개 기업이 이곳에서 AI 도입을 검토하도록 돕겠다\"고 말했다.",
    "두 회사는 센터에서 연간 2천명 규모의 AI 전문 인력 교육 프로그램도 운영한다. 교육 과정은 애저 기반 생성형 AI 개발, "
    "데이터 거버넌스, 책임 있는 AI 등으로 짜였으며 수료생에게는 MS 공인 자격 시험 응시 기회가 주어진다.",
    "KT는 센터를 통해 중소·중견기업의 AI 도입 문턱을 낮추는 데 힘을 쏟을 계획이다. 기업이 센터에서 검증한 서비스를 "
    "KT 클라우드와 애저를 잇는 하이브리드 환경으로 바로 옮길 수 있도록 설계 지원과 비용 컨설팅을 함께 제공한다.",
    "업계에서는 이번 센터 개소로 KT와 MS의 협력이 선언 단계를 넘어 실행 단계에 들어섰다는 평가가 나온다. "
    "KT는 연내 한국형 특화 AI 모델 공개를 앞두고 있으며, 센터를 그 첫 시험 무대로 삼을 것으로 보인다.",
)

WIRE_GPT4O_FOLLOWUP: tuple[str, ...] = (
    "KT가 마이크로소프트(MS) 애저 기반으로 내놓은 '한국형 GPT-4o' 서비스에 출시 일주일 만에 300건이 넘는 기업 도입 문의가 몰렸다고 12일 밝혔다.",
    "KT에 따르면 문의의 40%가 금융권에서, 25%가 공공기관과 지방자치단체에서 들어왔다. 고객센터 상담 요약, 내부 규정 검색, "
    "민원 답변 초안 작성처럼 한국어 문서를 많이 다루는 업무에 먼저 쓰겠다는 요청이 많았다.",
    "KT는 이달 5일 GPT-4o를 한국어 데이터와 국내 법·제도 지식으로 보강한 기업용 모델을 출시했다. 서비스는 애저 한국 리전에서 돌아가며, "
    "고객 데이터는 국내에 저장되고 모델 재학습에 쓰이지 않는다.",
    "KT는 도입 문의가 예상보다 빠르게 늘자 전담 컨설팅 인력을 두 배로 늘리기로 했다. 광화문 AI 이노베이션 센터에서는 "
    "다음 주부터 금융권 대상 실습 세션이 매주 열린다.",
    "KT 관계자는 \"출시 초기 반응이 좋아 내년 1분기 중 중소기업용 요금제를 추가로 선보일 계획\"이라고 말했다.",
)

WIRE_SLM_FINANCE: tuple[str, ...] = (
    "KT가 마이크로소프트(MS)의 소형언어모델(SLM) '파이(Phi)'를 바탕으로 금융권 전용 AI 모델을 개발해 시범 서비스를 시작한다고 17일 밝혔다.",
    "이번 모델은 GPT-4o 같은 거대언어모델과 달리 은행 내부 서버에서도 돌아갈 만큼 가볍게 만든 것이 특징이다. KT는 파이 모델에 "
    "국내 금융 약관, 감독 규정, 상품 설명서 등을 학습시켜 여신 심사 보조와 금융상품 설명 업무에 특화했다.",
    "KT는 망 분리 규제 때문에 외부 클라우드를 쓰기 어려운 금융사를 위해 모델을 애저(Azure)와 사내 구축형 두 방식으로 제공한다. "
    "시범 서비스에는 시중은행 2곳과 카드사 1곳이 참여한다.",
    "회사 측은 \"금융 분야는 정확성과 설명 가능성이 가장 중요한 영역\"이라며 \"작은 모델로도 특정 업무에서는 대형 모델에 버금가는 성능을 낸다\"고 설명했다.",
    "KT는 시범 운영 결과를 바탕으로 내년 상반기 보험·증권 분야로 적용 범위를 넓힐 계획이다.",
)


def _wire_copy_trimmed() -> tuple[str, ...]:
    """Syndicated copy 1: the wire text with the training paragraph trimmed."""
    return tuple(p for p in WIRE_CENTER if not p.startswith("두 회사는 센터에서 연간"))


def _wire_copy_extended() -> tuple[str, ...]:
    """Syndicated copy 2: the wire text plus one local paragraph."""
    return WIRE_CENTER + (
        "한편 센터는 평일 오전 9시부터 오후 6시까지 운영되며, 방문을 원하는 기업은 KT 기업고객 홈페이지에서 예약할 수 있다.",
    )


H = "/hanbit/news/articleView.html?idxno="
D = "/dongbang/read.php?no="
W = "/newswire/article/"
S = "/seoultech/"

ARTICLES: tuple[Article, ...] = (
    # ------------------------------------------------------------- signing (Sep)
    Article(
        outlet="hanbit",
        path=H + "1001",
        title="KT, MS와 5년간 수조원 AI·클라우드 동맹…'한국형 GPT-4o' 만든다",
        published="2024-09-30T09:10:00+09:00",
        modified="2024-09-30T11:42:00+09:00",
        author="정다은 기자",
        paragraphs=_republished_seed(),
        caption="김영섭 KT 대표(왼쪽)와 사티아 나델라 MS 최고경영자가 27일(현지시간) 미국 레드먼드 MS 본사에서 전략적 파트너십을 체결한 뒤 기념촬영을 하고 있다. [사진 KT]",
        relevant=True,
        scenario="seed-republished",
        development="signing",
        duplicate_of="seed",
        tags=("KT", "마이크로소프트", "GPT-4o"),
    ),
    Article(
        outlet="seoultech",
        path=S + "2024/09/30/kt-microsoft-seal-five-year-ai-cloud-pact/",
        title="KT and Microsoft seal five-year AI and cloud pact worth trillions of won",
        published="2024-09-30T08:30:00+09:00",
        modified="2024-09-30T10:05:00+09:00",
        author="Daniel Oh",
        language="en",
        section="Telecom",
        paragraphs=(
            "KT, South Korea's second-largest mobile carrier, has signed a five-year strategic partnership with Microsoft that the two companies value "
            "in the trillions of won, deepening a memorandum of understanding first announced in June.",
            "KT chief executive Kim Young-shub met Microsoft CEO Satya Nadella at the company's headquarters in Redmond, Washington, on Friday, local time, "
            "to finalise the deal, KT said on Sunday.",
            "Under the agreement, the companies will build a Korean-tuned version of OpenAI's GPT-4o through the Azure OpenAI Service, and a small "
            "language model for the Korean market based on Microsoft's Phi family. KT will contribute Korean cultural and industry data.",
            "KT also plans to expand its role as a managed service provider for Azure, targeting public-sector and financial customers that have "
            "so far been kept away from foreign clouds by network-separation rules that regulators are now reviewing.",
            "The partnership marks a turn in KT's AI strategy. Under Kim, who took office last year, the carrier has moved from an all-domestic "
            "\"full stack\" of chips, cloud and models toward alliances with global platforms.",
            "Microsoft has struck similar national partnerships across Asia, pledging $2.9 billion for Japan and $2.2 billion for Malaysia this year.",
        ),
        relevant=True,
        scenario="english-report",
        development="signing",
        tags=("KT", "Microsoft", "Azure"),
    ),
    # ------------------------------------------------ different event, same vocabulary
    Article(
        outlet="newswire",
        path=W + "AKR20241017088100017",
        title="KT, MS '파이' 기반 금융 특화 소형언어모델 시범 서비스",
        published="2024-10-17T14:03:00+09:00",
        author="한빛통신 이서준 기자",
        paragraphs=WIRE_SLM_FINANCE,
        relevant=True,
        scenario="overlapping-vocabulary",
        development="slm-finance",
        tags=("KT", "Phi", "금융"),
    ),
    # ------------------------------------------------ the wire story and its copies
    Article(
        outlet="newswire",
        path=W + "AKR20241114051200017",
        title="KT·MS, 광화문에 'AI 이노베이션 센터' 공동 개소",
        published="2024-11-14T10:12:00+09:00",
        author="한빛통신 박지민 기자",
        paragraphs=WIRE_CENTER,
        relevant=True,
        scenario="wire-original",
        development="center-opening",
        tags=("KT", "MS", "AI 이노베이션 센터"),
    ),
    Article(
        outlet="hanbit",
        path=H + "1012",
        title="KT-마이크로소프트, 광화문에 AI 혁신 거점 열었다",
        published="2024-11-14T11:40:00+09:00",
        author="온라인뉴스팀",
        paragraphs=_wire_copy_trimmed(),
        copyright="<저작권자 © 한빛통신, 무단 전재 및 재배포 금지>",
        relevant=True,
        scenario="wire-syndicated",
        development="center-opening",
        duplicate_of=W + "AKR20241114051200017",
        tags=("KT", "MS"),
    ),
    Article(
        outlet="dongbang",
        path=D + "20241114003",
        title="KT·MS 손잡고 'AI 이노베이션 센터' 문 열어",
        published="2024-11-14T14:20:00+09:00",
        author="디지털뉴스부",
        paragraphs=_wire_copy_extended(),
        copyright="ⓒ 한빛통신 제공. 무단전재-재배포 금지",
        relevant=True,
        scenario="wire-syndicated-euckr",
        development="center-opening",
        duplicate_of=W + "AKR20241114051200017",
        section="경제",
    ),
    Article(
        outlet="seoultech",
        path=S + "2024/11/15/inside-kt-microsoft-ai-innovation-center-seoul/",
        title="Inside the AI Innovation Center that KT and Microsoft opened in Seoul",
        published="2024-11-15T07:00:00+09:00",
        author="Grace Yoon",
        language="en",
        section="AI",
        paragraphs=(
            "KT and Microsoft on Thursday opened a joint AI Innovation Center at KT's East building in Gwanghwamun, central Seoul, the first physical "
            "outpost of the multiyear partnership the two companies signed in September.",
            "The 1,200-square-meter space combines a showroom, a proof-of-concept lab and classrooms. Corporate customers can bring their own data "
            "and test Azure OpenAI models alongside KT's AI products on dedicated GPUs behind a private network.",
            "\"This is where Korean companies will first experience the AI transformation KT and Microsoft are building together,\" KT CEO Kim "
            "Young-shub told about 100 guests at the opening, adding that the center aims to host 1,000 companies by the end of next year.",
            "The partners will also train about 2,000 people a year in generative AI development, data governance and responsible AI.",
            "Analysts said the opening shows the alliance moving from announcements to execution, ahead of KT's planned launch of a Korean-tuned AI model later this year.",
        ),
        relevant=True,
        scenario="english-report",
        development="center-opening",
        tags=("KT", "Microsoft"),
    ),
    Article(
        outlet="hanbit",
        path=H + "1016",
        title="'AI 이노베이션 센터' 문 연 지 일주일…기업 120곳 다녀갔다",
        published="2024-11-21T15:30:00+09:00",
        author="정다은 기자",
        paragraphs=(
            "KT와 마이크로소프트(MS)가 서울 광화문에 함께 연 'AI 이노베이션 센터'에 개소 일주일 만에 기업 120곳이 방문했다.",
            "21일 KT에 따르면 방문 기업 가운데 절반가량은 직원 300명 미만 중소·중견기업이었다. 이들은 주로 고객 상담 자동화와 사내 문서 검색 "
            "서비스를 애저 오픈AI로 시험해 봤다.",
            "센터의 개념검증(PoC) 랩 예약은 다음 달 말까지 모두 찼다. KT는 수요가 몰리자 랩 운영 시간을 평일 저녁 9시까지 늘리기로 했다.",
            "한 제조업체 정보기술 담당 임원은 \"보안 때문에 외부 AI를 쓰기 망설였는데, 우리 데이터를 가져와 격리된 환경에서 시험할 수 있어 "
            "도입 판단이 빨라졌다\"고 말했다.",
            "KT는 다음 달 센터에서 첫 AI 인재 교육 과정을 시작한다. 1기 모집에는 정원의 세 배가 넘는 지원자가 몰린 것으로 알려졌다.",
        ),
        relevant=True,
        scenario="follow-up",
        development="center-opening",
        tags=("KT", "MS", "AI 이노베이션 센터"),
    ),
    # ------------------------------------------- one event, two outlets' own reporting
    Article(
        outlet="hanbit",
        path=H + "1021",
        title="KT, MS 애저 기반 '한국형 GPT-4o' 출시…기업 고객부터",
        published="2024-12-05T10:00:00+09:00",
        modified="2024-12-05T13:25:00+09:00",
        author="최현우 기자",
        paragraphs=(
            "KT가 마이크로소프트(MS)의 클라우드 애저(Azure)에서 돌아가는 '한국형 GPT-4o'를 5일 출시했다. 지난 9월 두 회사가 전략적 파트너십을 "
            "맺은 지 두 달여 만에 나온 첫 공동 AI 모델이다.",
            "새 모델은 오픈AI의 GPT-4o에 한국어 말뭉치와 국내 법령·판례, 공공 문서 양식을 추가로 학습시킨 것이다. KT는 존댓말과 반말의 구분, "
            "한자어가 많은 행정 문서 이해, 한국 지명과 인명 표기에서 원본 모델보다 정확도가 크게 높아졌다고 설명했다.",
            "서비스는 기업 고객에게 먼저 제공된다. 고객 데이터는 애저 한국 중부 리전에만 저장되며 모델 학습에는 쓰이지 않는다. "
            "요금은 사용량에 따라 매기는 방식으로, 구체적인 가격은 고객 규모에 따라 따로 정한다.",
            "KT는 내년 상반기에는 개인 고객용 AI 비서 서비스에도 이 모델을 적용할 계획이다. 통화 요약, 일정 관리, 생활 민원 안내 같은 기능이 먼저 들어간다.",
            "업계는 네이버, SK텔레콤 등이 각자 한국어 특화 모델을 내놓은 가운데 KT가 글로벌 빅테크와 손잡은 모델로 승부를 거는 셈이라고 본다.",
        ),
        relevant=True,
        scenario="own-reporting",
        development="gpt4o-launch",
        tags=("KT", "GPT-4o", "애저"),
    ),
    Article(
        outlet="dongbang",
        path=D + "20241205007",
        title="KT '한국형 GPT-4o' 내놨다…MS와 손잡은 지 두 달 만",
        published="2024-12-05T16:47:00+09:00",
        author="김상철 기자",
        section="경제",
        paragraphs=(
            "KT가 5일 마이크로소프트와 함께 만든 기업용 인공지능 모델 '한국형 GPT-4o'를 선보였다.",
            "이 모델은 MS 애저 클라우드 위에서 제공되며, 오픈AI의 최신 모델 GPT-4o를 바탕으로 우리말과 국내 제도에 맞게 다듬었다는 게 회사 측 설명이다. "
            "관공서 문서나 법률 용어처럼 외국 모델이 자주 틀리는 영역을 집중적으로 보강했다.",
            "기업 고객이 맡긴 자료는 국내 데이터센터 밖으로 나가지 않는다. 금융사와 공공기관이 외산 AI를 쓸 때 가장 걱정하던 부분이다.",
            "KT는 올해 9월 MS와 5년짜리 협력 계약을 맺으면서 한국형 모델 개발을 약속했다. 지난달에는 광화문에 두 회사의 공동 AI 센터도 문을 열었다.",
            "지역 중소기업계는 기대와 우려를 함께 내놨다. 한 경제단체 관계자는 \"도입 비용이 관건\"이라며 \"지역 기업도 쓸 만한 요금이 나와야 한다\"고 말했다.",
        ),
        relevant=True,
        scenario="own-reporting",
        development="gpt4o-launch",
    ),
    Article(
        outlet="newswire",
        path=W + "AKR20241212043700017",
        title="KT '한국형 GPT-4o' 출시 일주일…기업 도입 문의 300건 넘어",
        published="2024-12-12T09:31:00+09:00",
        author="한빛통신 이서준 기자",
        paragraphs=WIRE_GPT4O_FOLLOWUP,
        relevant=True,
        scenario="follow-up",
        development="gpt4o-launch",
        tags=("KT", "GPT-4o"),
    ),
    # ------------------------------------------------------------------ distractors
    Article(
        outlet="hanbit",
        path=H + "1005",
        title="SK텔레콤, 앤트로픽·AWS와 통신 특화 거대언어모델 고도화",
        published="2024-10-08T08:45:00+09:00",
        author="최현우 기자",
        paragraphs=(
            "SK텔레콤이 미국 AI 기업 앤트로픽, 아마존웹서비스(AWS)와 손잡고 통신 특화 거대언어모델(LLM)을 고도화한다고 8일 밝혔다.",
            "SK텔레콤은 앤트로픽의 클로드 모델을 바탕으로 고객센터 상담, 요금제 추천, 네트워크 장애 분석에 특화한 모델을 만들고 있다. "
            "학습과 추론에는 AWS의 클라우드 인프라를 쓴다.",
            "회사는 이 모델을 글로벌 통신사 연합과 함께 해외 통신사에도 공급할 계획이다.",
            "SK텔레콤 관계자는 \"통신 업무에 맞춘 모델은 범용 모델보다 답변 정확도가 높고 비용은 낮다\"고 말했다.",
        ),
        relevant=False,
        scenario="distractor-skt",
        tags=("SK텔레콤", "AWS"),
    ),
    Article(
        outlet="hanbit",
        path=H + "1009",
        title="갤럭시, 3분기 국내 스마트폰 시장 MS 72% 돌파",
        published="2024-10-24T17:20:00+09:00",
        author="한지수 기자",
        section="모바일",
        paragraphs=(
            "삼성전자 갤럭시 스마트폰의 국내 시장 MS(시장점유율)가 3분기 72%를 넘어섰다는 조사 결과가 나왔다.",
            "24일 시장조사업체 집계에 따르면 3분기 국내 스마트폰 판매량에서 삼성전자의 MS는 72.4%로 전 분기보다 4%포인트 올랐다. "
            "애플은 24.1%, 기타 제조사는 3.5%였다.",
            "폴더블 신제품 효과가 MS 상승을 이끌었다. 업계는 4분기에는 애플 신제품 출시로 MS 격차가 다소 줄어들 것으로 본다.",
            "이동통신 3사 판매 채널별로 보면 KT 유통망에서의 갤럭시 비중이 가장 높았다.",
        ),
        relevant=False,
        scenario="distractor-market-share",
        tags=("스마트폰", "점유율"),
    ),
    Article(
        outlet="hanbit",
        path=H + "1018",
        title="KT, 5G 요금제 개편…월 3만원대 중간 요금제 신설",
        published="2024-11-28T10:05:00+09:00",
        author="한지수 기자",
        section="통신",
        paragraphs=(
            "KT가 5G 요금제를 개편해 월 3만원대 중간 요금제를 새로 내놓는다고 28일 밝혔다.",
            "새 요금제는 데이터 30GB를 기본으로 주고, 다 쓰면 최대 1Mbps 속도로 계속 쓸 수 있다. 만 34세 이하 가입자는 데이터를 두 배로 받는다.",
            "KT는 기존 요금제 가입자도 위약금 없이 새 요금제로 바꿀 수 있다고 설명했다.",
            "정부의 가계 통신비 인하 정책에 맞춘 개편으로, 다른 통신사들도 비슷한 요금제를 준비하고 있는 것으로 알려졌다.",
        ),
        relevant=False,
        scenario="distractor-kt-only",
        tags=("KT", "5G", "요금제"),
    ),
    Article(
        outlet="dongbang",
        path=D + "20241002001",
        title="kt wiz, 두산 꺾고 준플레이오프 진출…로하스 결승타",
        published="2024-10-02T15:05:00+09:00",
        author="이준혁 기자",
        section="스포츠",
        paragraphs=(
            "프로야구 kt wiz가 와일드카드 결정전에서 두산 베어스를 꺾고 준플레이오프에 올랐다.",
            "kt는 2일 잠실구장에서 열린 경기에서 1-0으로 이겼다. 4회 로하스의 적시타가 결승점이 됐다. 선발 쿠에바스는 6이닝 무실점으로 마운드를 지켰다.",
            "정규시즌 5위로 가을야구에 오른 kt는 4위 팀을 상대로 두 경기를 모두 잡는 첫 기록을 세웠다.",
            "kt는 5일부터 LG 트윈스와 5전 3선승제 준플레이오프를 치른다.",
        ),
        relevant=False,
        scenario="distractor-baseball",
    ),
    Article(
        outlet="dongbang",
        path=D + "20241105002",
        title="KT&G 3분기 영업이익 3천억 돌파…해외 궐련 판매 호조",
        published="2024-11-05T09:40:00+09:00",
        author="김상철 기자",
        section="경제",
        paragraphs=(
            "KT&G가 3분기 연결 기준 영업이익 3천억원을 넘겼다고 5일 공시했다.",
            "매출은 1조6천억원으로 지난해 같은 기간보다 8% 늘었다. 해외 궐련 판매량이 크게 늘면서 실적을 끌어올렸다.",
            "궐련형 전자담배 부문도 성장세를 이어갔다. 회사는 연말까지 중동과 중앙아시아 시장을 중심으로 판매망을 넓힐 계획이다.",
            "KT&G는 주주환원 정책에 따라 자사주 추가 소각도 검토하고 있다.",
        ),
        relevant=False,
        scenario="distractor-ktng",
    ),
    Article(
        outlet="newswire",
        path=W + "AKR20241008072300051",
        title="다발성 경화증(MS) 신약 국내 허가…재발 위험 절반으로",
        published="2024-10-08T11:15:00+09:00",
        author="한빛통신 윤하늘 기자",
        section="건강",
        paragraphs=(
            "자가면역질환인 다발성 경화증(MS) 치료 신약이 국내 허가를 받았다고 식품의약품안전처가 8일 밝혔다.",
            "MS는 면역세포가 뇌와 척수의 신경을 공격해 시력 저하, 마비, 감각 이상을 일으키는 질환이다. 국내 환자는 약 2천500명으로 추산된다.",
            "임상시험에서 새 치료제는 기존 약보다 재발 위험을 절반 가까이 낮췄다. 한 달에 한 번 피하주사로 맞는 방식이라 환자 편의성도 높다.",
            "대한신경과학회는 \"MS 환자의 치료 선택지가 넓어졌다\"며 건강보험 적용 확대를 요청했다.",
        ),
        relevant=False,
        scenario="distractor-medical-ms",
    ),
    Article(
        outlet="newswire",
        path=W + "AKR20241125066400003",
        title="코레일, 연말연시 KTX 하루 24회 증편…시간표 바뀐다",
        published="2024-11-25T14:50:00+09:00",
        author="한빛통신 정우성 기자",
        section="사회",
        paragraphs=(
            "한국철도공사(코레일)가 연말연시 수요에 맞춰 다음 달 20일부터 KTX를 하루 24회 늘려 운행한다고 25일 밝혔다.",
            "경부선은 서울역 출발 오전 5시 5분 첫차가 새로 생기고, 호남선은 용산역 출발 심야 열차가 추가된다. 바뀐 시간표는 코레일 홈페이지에서 확인할 수 있다.",
            "승차권 예매는 이달 28일 오전 7시부터 시작된다. 코레일은 명절처럼 예매 대기열이 길어질 수 있다며 분산 예매를 당부했다.",
        ),
        relevant=False,
        scenario="distractor-ktx",
    ),
    Article(
        outlet="seoultech",
        path=S + "2024/10/30/microsoft-copilot-update-windows-voice-vision/",
        title="Microsoft rolls out Copilot update with voice and vision features for Windows",
        published="2024-10-30T06:15:00+09:00",
        author="Daniel Oh",
        language="en",
        section="Software",
        paragraphs=(
            "Microsoft has begun rolling out a major update to Copilot, its AI assistant, adding conversational voice and a vision mode that can "
            "describe what is on a user's screen.",
            "The update reaches Windows 11 users in English-speaking markets first, with more languages to follow early next year, the company said.",
            "Copilot Vision is opt-in and, according to Microsoft, does not store the screen contents it analyses.",
            "The release comes as Microsoft competes with Google and Apple to make AI assistants a daily habit on PCs and phones.",
        ),
        relevant=False,
        scenario="distractor-microsoft-only",
        tags=("Microsoft", "Copilot"),
    ),
    # --------------------------------------------------------------- edition 2 only
    Article(
        outlet="seoultech",
        path=S + "2024/12/06/kt-launches-korean-tuned-gpt-4o-on-azure/",
        title="KT launches a Korean-tuned GPT-4o on Microsoft Azure",
        published="2024-12-06T08:00:00+09:00",
        author="Grace Yoon",
        language="en",
        section="AI",
        paragraphs=(
            "KT has launched a Korean-tuned version of OpenAI's GPT-4o for business customers, running on Microsoft's Azure cloud, the first model "
            "to come out of the carriers' partnership with Microsoft signed in September.",
            "The model was further trained on Korean text, statutes, court rulings and public-sector document formats, which KT says makes it "
            "markedly better at honorifics and administrative language than the original.",
            "Customer data stays in Azure's Korea Central region and is not used for training. Pricing is usage-based.",
            "KT plans to bring the model to a consumer AI assistant in the first half of next year.",
        ),
        relevant=True,
        scenario="edition2-existing-development",
        development="gpt4o-launch",
        edition=2,
    ),
    Article(
        outlet="newswire",
        path=W + "AKR20241218039500017",
        title="KT·MS, 공공·금융 전용 '애저 소버린 클라우드' 출시",
        published="2024-12-18T10:20:00+09:00",
        author="한빛통신 박지민 기자",
        paragraphs=(
            "KT와 마이크로소프트(MS)가 공공기관과 금융회사 전용 클라우드 서비스 '애저 소버린 클라우드'를 18일 출시했다.",
            "이 서비스는 KT가 운영하는 국내 데이터센터 안에 MS 애저 환경을 따로 구축해, 데이터와 운영 인력을 모두 국내에 두는 방식이다. "
            "공공·금융 분야의 망 분리와 보안 인증 요건을 맞추기 위해 설계됐다.",
            "KT는 이 클라우드 위에서 GPT-4o 기반 AI 서비스도 함께 제공한다. 그동안 외산 클라우드를 쓰기 어려웠던 기관들이 최신 AI를 도입할 길이 열린다는 설명이다.",
            "KT는 내년 중 공공 부문 클라우드 보안 인증을 받고, 중앙부처와 지방자치단체를 상대로 영업을 시작할 계획이다.",
        ),
        relevant=True,
        scenario="edition2-new-development",
        development="public-cloud",
        edition=2,
    ),
    Article(
        outlet="hanbit",
        path=H + "1027",
        title="LG유플러스, AI 통화 비서 '익시오' 아이폰 버전 출시",
        published="2024-12-19T09:00:00+09:00",
        author="한지수 기자",
        section="모바일",
        paragraphs=(
            "LG유플러스가 AI 통화 비서 서비스 '익시오'의 아이폰 버전을 19일 출시했다.",
            "익시오는 통화 내용을 실시간으로 받아 적고 요약해 주며, 보이스피싱 의심 전화를 감지하면 경고 알림을 띄운다.",
            "LG유플러스는 통화 내용을 서버로 보내지 않고 단말기 안에서 처리해 개인정보 유출 걱정을 줄였다고 설명했다.",
            "회사는 내년 상반기까지 가입자 100만명을 확보하는 것이 목표다.",
        ),
        relevant=False,
        scenario="edition2-irrelevant",
        edition=2,
    ),
)

#: The /private/ page: linked from the dongbang listing, disallowed by robots.txt.
PRIVATE_ARTICLE = Article(
    outlet="dongbang",
    path="/private/read.php?no=20241120009",
    title="[단독] KT·MS 협력 내부 문건 입수…AI 센터 확장 계획",
    published="2024-11-20T08:00:00+09:00",
    author="특별취재팀",
    section="단독",
    paragraphs=(
        "이 페이지는 robots.txt가 금지한 경로에 있다. 크롤러가 이 페이지를 가져오면 robots.txt를 지키지 않은 것이다.",
        "KT와 마이크로소프트의 협력 확대를 다룬 것처럼 보이도록 쓴 미끼 문서다.",
    ),
    relevant=True,
    scenario="robots-disallowed",
    development=None,
)

#: Feed item that goes through a 301 before reaching its article.
REDIRECT_PATH = "/hanbit/go/1021"
REDIRECT_TARGET = H + "1021"
#: Feed items whose pages are broken: a missing page and a server error.
NOT_FOUND_PATH = H + "1099"
SERVER_ERROR_PATH = H + "1098"


def by_outlet(outlet: str, edition: int) -> list[Article]:
    """Articles of one outlet visible in an edition, newest first."""
    items = [a for a in ARTICLES if a.outlet == outlet and a.edition <= edition]
    return sorted(items, key=lambda a: a.published, reverse=True)
