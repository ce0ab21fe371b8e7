"""The multi-event scenario: nine KT–Microsoft events in three weeks, labelled.

Every event is reported by 3–6 outlets in their own words (Korean and
English), some with a follow-up days later, and every headline carries the
story's own vocabulary (KT·MS, AI, 클라우드, 애저), so only what the event
is (a product, a place, a counterpart, a number, an action) tells them apart.
Invented text throughout. ``events_web`` renders it; ``COPIES`` are
word-for-word copies of some of these reports at other URLs.
"""

from __future__ import annotations

from typing import NamedTuple


class Report(NamedTuple):
    event: str
    outlet: str
    published: str  # ISO, KST
    title: str
    paragraphs: tuple[str, ...]


def _r(event: str, outlet: str, day: str, title: str, *paragraphs: str) -> Report:
    return Report(event, outlet, f"2025-03-{day}+09:00", title, paragraphs)


REPORTS: tuple[Report, ...] = (
    # ----------------------------------------------------------- 1. SLM launch (3 Mar)
    _r("slm", "newswire", "03T09:10:00", "KT·MS, 한국어 소형언어모델 '믿:음 파이' 공개",
       "KT와 마이크로소프트(MS)가 한국어에 특화한 소형언어모델(SLM) '믿:음 파이'를 3일 공개했다. KT의 믿:음 기술과 MS의 파이-4를 결합한 모델로 매개변수는 38억개다.",
       "두 회사는 이 모델을 노트북과 스마트폰에서도 인터넷 연결 없이 돌아가도록 만들었다고 설명했다. 애저 AI 파운드리에서도 내려받을 수 있다.",
       "KT는 상담 요약과 문서 초안 작성 등 기업 업무에 먼저 적용할 계획이다."),
    _r("slm", "hanbit", "03T11:30:00", "KT-MS 손잡고 만든 '믿:음 파이'…38억 매개변수 경량 AI",
       "KT가 마이크로소프트와 함께 개발한 경량 인공지능 모델 '믿:음 파이'가 베일을 벗었다. 38억 매개변수 규모로 기기 안에서 바로 돌아가는 것이 특징이다.",
       "개발진은 파이-4 구조 위에 한국어 말뭉치 2천억 토큰을 추가 학습시켰다고 밝혔다. 한국어 이해 평가에서 같은 크기 모델 가운데 가장 높은 점수를 받았다.",
       "모델 가중치는 애저 AI 파운드리와 KT 클라우드 양쪽에 올라간다."),
    _r("slm", "seoultech", "03T14:00:00", "KT and Microsoft unveil 'Mi:dm Phi', a Korean small language model",
       "KT and Microsoft on Monday unveiled Mi:dm Phi, a 3.8-billion-parameter small language model for Korean that runs on laptops and phones without a network connection.",
       "The model combines KT's Mi:dm technology with Microsoft's Phi-4 architecture and was trained on 200 billion additional Korean tokens.",
       "It will be offered through Azure AI Foundry and KT Cloud, starting with call summaries and document drafting for business customers."),
    _r("slm", "nuri", "06T10:00:00", "'믿:음 파이' 공개 사흘 만에 내려받기 1만건…KT·MS 경량 AI 관심",
       "KT와 MS가 지난 3일 공개한 소형언어모델 '믿:음 파이'의 내려받기 건수가 사흘 만에 1만건을 넘었다.",
       "6일 KT에 따르면 내려받은 곳의 절반 이상이 개발사와 스타트업이었다. 38억 매개변수 모델을 노트북에서 바로 시험해 보려는 수요가 많았다.",
       "KT는 이달 말 금융과 법률 분야에 맞춘 파생 모델을 추가로 공개할 예정이다."),
    # ------------------------------------------------------- 2. public cloud (5 Mar)
    _r("publiccloud", "newswire", "05T10:20:00", "KT·MS, 공공기관 전용 '애저 공공 클라우드' 출시",
       "KT와 마이크로소프트(MS)가 중앙부처와 지방자치단체를 위한 '애저 공공 클라우드'를 5일 출시했다. KT 목동 데이터센터 안에 애저 환경을 따로 구축해 망분리 요건을 맞췄다.",
       "이 서비스는 행정안전부 클라우드 보안인증(CSAP) 상 등급을 받았다. 데이터와 운영 인력은 모두 국내에 둔다.",
       "KT는 올해 안에 공공기관 50곳을 고객으로 확보하겠다는 목표를 내놨다."),
    _r("publiccloud", "seoultech", "05T15:40:00", "KT, Microsoft launch Azure public cloud for Korean government agencies",
       "KT and Microsoft have launched an Azure cloud for Korean ministries and local governments, hosted in a separate enclave of KT's Mokdong data center to meet network-separation rules.",
       "The service holds the top grade of the Ministry of the Interior's cloud security certification, CSAP, and keeps data and operators in Korea.",
       "KT aims to sign up 50 public agencies this year."),
    _r("publiccloud", "hanriver", "05T18:05:00", "Microsoft's Azure enters Korea's public sector through KT's Mokdong data center",
       "Korean public institutions can now use Microsoft Azure for the first time, after KT opened a government-only Azure region inside its Mokdong facility in Seoul.",
       "Officials said the CSAP certification had been the main barrier for foreign clouds; KT operates the enclave with Korean staff.",
       "The first customers are expected to be two ministries and the city of Daejeon."),
    _r("publiccloud", "dongbang", "10T09:00:00", "'애저 공공 클라우드' 첫 고객은 대전시…KT·MS 공공 시장 첫발",
       "KT와 MS의 공공기관 전용 클라우드 첫 고객으로 대전시가 확정됐다. 대전시는 민원 상담과 재난 안전 시스템을 목동 데이터센터의 애저 공공 클라우드로 옮긴다.",
       "시 관계자는 \"보안인증 상 등급을 받은 덕분에 도입을 결정할 수 있었다\"고 말했다.",
       "KT는 대전시 사례를 바탕으로 다른 광역자치단체와도 협의를 이어가고 있다."),
    # -------------------------------------------------------- 3. Busan centre (6 Mar)
    _r("busan", "newswire", "06T14:00:00", "KT·MS, 부산 센텀시티에 'AI 혁신센터' 개소",
       "KT와 마이크로소프트가 부산 해운대구 센텀시티에 'AI 혁신센터'를 열었다고 6일 밝혔다. 수도권 밖에 두 회사가 함께 만든 첫 거점이다.",
       "센터는 800㎡ 규모로 동남권 제조·물류 기업이 애저 기반 AI를 시험해 볼 수 있는 실습실을 갖췄다.",
       "개소식에는 박형준 부산시장과 김영섭 KT 대표가 참석했다."),
    _r("busan", "dongbang", "06T16:20:00", "부산에 KT·MS AI 혁신센터…동남권 제조업 AI 전환 돕는다",
       "부산 센텀시티에 KT와 MS의 AI 혁신센터가 문을 열었다. 조선·자동차 부품·항만 물류 기업의 AI 도입을 지원하는 것이 목표다.",
       "센터에는 800㎡ 공간에 시제품 시험실과 교육장이 들어섰다. 부산시는 입주 기업에 임대료 일부를 지원한다.",
       "지역 업계는 수도권에 몰린 AI 인프라가 부산에도 생겼다며 반겼다."),
    _r("busan", "hanriver", "07T08:30:00", "KT and Microsoft open AI innovation center in Busan's Centum City",
       "KT and Microsoft opened an AI innovation center in Busan's Centum City on Thursday, their first joint site outside the Seoul metropolitan area.",
       "The 800-square-meter center offers labs where shipbuilders, auto-parts makers and port logistics firms can test Azure-based AI tools.",
       "Busan mayor Park Heong-joon attended the opening with KT CEO Kim Young-shub."),
    # ---------------------------------------------------------- 4. talent (10 Mar)
    _r("talent", "hanbit", "10T10:00:00", "KT·MS, 청년 AI 인재 3천명 키운다…'AI 아카데미' 개설",
       "KT와 마이크로소프트(MS)가 만 34세 이하 청년 3천명을 대상으로 하는 'AI 아카데미'를 연다고 10일 밝혔다.",
       "교육은 6개월 과정으로 애저 클라우드 실습과 생성형 AI 개발 프로젝트로 짜였다. 수료생에게는 KT 그룹사 채용 때 가산점을 준다.",
       "1기 모집은 이달 24일까지 받는다."),
    _r("talent", "nuri", "10T13:15:00", "KT-MS 'AI 아카데미' 청년 3천명 모집…수료하면 채용 가산점",
       "청년 3천명에게 AI 개발 교육을 제공하는 KT와 MS의 'AI 아카데미'가 첫 모집을 시작했다.",
       "6개월 동안 주 4일 수업이 열리고 교육비와 월 100만원의 훈련 장려금이 지원된다. 마이크로소프트 공인 자격 시험 응시료도 전액 지원한다.",
       "KT는 수료생 가운데 300명 이상을 그룹사에서 채용할 계획이다."),
    _r("talent", "seoultech", "10T16:00:00", "KT and Microsoft to train 3,000 young Koreans in AI",
       "KT and Microsoft will train 3,000 people aged 34 or under in a six-month AI Academy, the companies said Monday.",
       "Trainees get a monthly stipend of 1 million won and Microsoft certification exams paid for; graduates get extra points when applying to KT group companies.",
       "Applications for the first class close on March 24."),
    _r("talent", "dongbang", "12T11:00:00", "KT·MS AI 아카데미 지원자 1만명 몰려…경쟁률 3대1 넘어",
       "KT와 MS가 여는 청년 대상 AI 아카데미에 모집 이틀 만에 1만명이 넘게 지원했다.",
       "KT는 지원자가 몰리자 부산과 광주에도 교육장을 추가로 열기로 했다. 비수도권 지원자 비율은 40%였다.",
       "최종 합격자는 다음 달 발표된다."),
    # --------------------------------------------------- 5. Shinhan copilot (11 Mar)
    _r("shinhan", "newswire", "11T09:40:00", "KT·MS, 신한은행에 코파일럿 기반 AI 상담원 공급",
       "KT가 마이크로소프트(MS)의 코파일럿 스튜디오로 만든 AI 상담원을 신한은행 콜센터에 공급한다고 11일 밝혔다.",
       "AI 상담원은 예금·대출 상품 문의와 카드 분실 신고 같은 단순 업무를 맡는다. 신한은행은 상담 대기 시간이 절반으로 줄 것으로 기대한다.",
       "계약 규모는 3년간 450억원이다."),
    _r("shinhan", "hanbit", "11T12:10:00", "신한은행 콜센터에 KT-MS AI 상담원…3년 450억 계약",
       "신한은행이 KT와 마이크로소프트가 함께 만든 AI 상담원을 콜센터에 들인다. 3년간 450억원 규모 계약이다.",
       "KT는 코파일럿 스튜디오 위에 은행 상품 설명서와 내부 규정을 학습시켜 상담 정확도를 높였다고 설명했다.",
       "신한은행은 올해 하반기 모든 콜센터 상담 채널에 AI 상담원을 배치한다."),
    _r("shinhan", "hanriver", "11T17:25:00", "Shinhan Bank picks KT, Microsoft Copilot agents for its call centers",
       "Shinhan Bank will deploy AI call-center agents built by KT on Microsoft Copilot Studio, in a three-year contract worth 45 billion won.",
       "The agents will handle deposit and loan questions and lost-card reports, which the bank expects to halve waiting times.",
       "It is KT's largest AI contract with a financial institution so far."),
    # ----------------------------------------------- 6. Yongin data centre (13 Mar)
    _r("yongin", "newswire", "13T10:05:00", "KT·MS, 용인에 1조원 들여 AI 데이터센터 짓는다",
       "KT와 마이크로소프트가 경기 용인시 처인구에 1조원을 투자해 AI 전용 데이터센터를 짓는다고 13일 발표했다.",
       "데이터센터는 전력 용량 100메가와트 규모로 2027년 가동이 목표다. 엔비디아 그래픽처리장치(GPU) 2만장이 들어간다.",
       "완공되면 애저 한국 중부 리전의 AI 연산 용량이 세 배로 늘어난다."),
    _r("yongin", "nuri", "13T14:40:00", "KT-MS 용인 AI 데이터센터 1조 투자…GPU 2만장 들어간다",
       "KT와 MS가 용인 처인구에 짓는 AI 데이터센터에 1조원이 투입된다. 100메가와트 전력을 쓰는 국내 최대급 AI 시설이다.",
       "두 회사는 부지 매입을 마쳤고 다음 달 착공한다. 냉각에는 액체 냉각 방식을 처음 도입한다.",
       "용인시는 인허가를 서둘러 지원하겠다고 밝혔다."),
    _r("yongin", "seoultech", "13T18:00:00", "KT and Microsoft to build 1 trillion won AI data center in Yongin",
       "KT and Microsoft will invest 1 trillion won in a 100-megawatt AI data center in Yongin, south of Seoul, due to open in 2027.",
       "The site will house 20,000 Nvidia GPUs and triple the AI capacity of Azure's Korea Central region.",
       "Construction starts next month on land the partners have already bought."),
    _r("yongin", "dongbang", "13T19:30:00", "용인 AI 데이터센터 1조 투자…KT·MS '전력 100MW' 확보가 관건",
       "KT와 MS가 용인에 1조원 규모의 AI 데이터센터를 짓기로 하면서 전력 확보가 과제로 떠올랐다.",
       "100메가와트 전력을 안정적으로 끌어오려면 새 변전소가 필요하다. 한국전력은 2026년 말까지 송전선로를 놓겠다는 입장이다.",
       "업계는 수도권 데이터센터 전력 부족이 일정에 변수가 될 수 있다고 본다."),
    _r("yongin", "hanbit", "18T09:00:00", "KT·MS 용인 AI 데이터센터 착공식…2027년 가동 목표",
       "KT와 마이크로소프트의 용인 AI 데이터센터가 18일 착공식을 열고 공사에 들어갔다.",
       "착공식에는 이상일 용인시장과 두 회사 임원들이 참석했다. 100메가와트 규모 시설은 2027년 상반기 가동이 목표다.",
       "KT는 공사 기간 지역 업체 참여 비율을 30% 이상으로 유지하겠다고 약속했다."),
    # ------------------------------------------------------ 7. security SOC (17 Mar)
    _r("security", "hanbit", "17T10:30:00", "KT·MS, AI 보안관제 서비스 'AI 시큐어 SOC' 공동 출시",
       "KT와 마이크로소프트(MS)가 AI로 해킹 시도를 찾아내는 보안관제 서비스 'AI 시큐어 SOC'를 17일 출시했다.",
       "서비스는 MS의 시큐리티 코파일럿과 KT의 보안관제센터 경험을 합쳤다. 하루 40억건의 보안 로그를 분석해 위협을 15분 안에 알려준다.",
       "중견기업은 월 500만원부터 쓸 수 있다."),
    _r("security", "newswire", "17T11:50:00", "KT-MS 'AI 시큐어 SOC' 내놨다…보안 로그 하루 40억건 분석",
       "KT가 마이크로소프트와 손잡고 AI 보안관제 서비스 'AI 시큐어 SOC'를 선보였다.",
       "KT 보안관제센터 인력 200명이 AI가 걸러낸 경보를 다시 확인하는 방식이다. 랜섬웨어 탐지 시간을 기존의 4분의 1로 줄였다고 회사 측은 설명했다.",
       "KT는 3년 안에 고객사 1천곳을 확보할 계획이다."),
    _r("security", "hanriver", "17T15:15:00", "KT and Microsoft launch AI Secure SOC managed security service",
       "KT and Microsoft launched AI Secure SOC, a managed security service that pairs Microsoft Security Copilot with KT's security operations center.",
       "It analyses four billion log events a day and flags threats within 15 minutes; prices start at 5 million won a month for mid-sized firms.",
       "KT wants 1,000 corporate customers within three years."),
    _r("security", "dongbang", "17T17:40:00", "KT·MS 'AI 시큐어 SOC' 출시…지역 중견기업 랜섬웨어 대응 숨통",
       "랜섬웨어 피해가 잇따르는 가운데 KT와 MS가 AI 보안관제 서비스 'AI 시큐어 SOC'를 내놨다.",
       "보안 인력을 따로 두기 어려운 지역 중견기업이 월 500만원 안팎으로 24시간 관제를 받을 수 있다.",
       "부산의 한 부품업체 관계자는 \"작년 랜섬웨어로 공장이 사흘 멈췄다\"며 도입을 검토하겠다고 했다."),
    # ---------------------------------------------------- 8. startup fund (19 Mar)
    _r("fund", "nuri", "19T09:30:00", "KT·MS, AI 스타트업에 500억 펀드…'AX 스타트업 펀드' 조성",
       "KT와 마이크로소프트가 국내 AI 스타트업에 투자하는 500억원 규모의 'AX 스타트업 펀드'를 만든다고 19일 밝혔다.",
       "펀드는 KT인베스트먼트가 운용하며 초기 단계 스타트업 40곳 안팎에 투자한다. 투자받은 기업에는 애저 크레딧 최대 2억원어치를 준다.",
       "첫 투자처는 6월에 발표한다."),
    _r("fund", "seoultech", "19T13:00:00", "KT and Microsoft set up 50 billion won fund for Korean AI startups",
       "KT and Microsoft are creating a 50-billion-won AX Startup Fund to back about 40 early-stage Korean AI startups.",
       "KT Investment will manage the fund, and portfolio companies will receive up to 200 million won in Azure credits.",
       "The first investments will be announced in June."),
    _r("fund", "hanbit", "19T15:20:00", "KT-MS 500억 'AX 스타트업 펀드'…애저 크레딧 2억원까지 지원",
       "KT와 MS가 조성하는 AI 스타트업 전용 펀드 규모가 500억원으로 정해졌다.",
       "KT인베스트먼트가 운용을 맡고, 마이크로소프트는 투자 기업에 애저 크레딧과 기술 멘토링을 제공한다. 창업 3년 이내 기업이 주 대상이다.",
       "업계에서는 투자 혹한기 속 AI 초기 기업에 단비가 될 것이라는 평가가 나온다."),
    # --------------------------------------------------- 9. hospital AI (20 Mar)
    _r("hospital", "newswire", "20T10:00:00", "KT·MS, 서울대병원과 의료 AI 협력…'판독 보조 AI' 공동 개발",
       "KT와 마이크로소프트(MS)가 서울대학교병원과 의료 AI를 함께 개발하는 업무협약을 20일 맺었다.",
       "세 기관은 흉부 엑스레이와 컴퓨터단층촬영(CT) 영상을 읽어 의사의 판독을 돕는 AI를 먼저 만든다. 학습 데이터는 비식별 처리한 영상 50만장이다.",
       "개발한 AI는 애저 헬스케어 플랫폼을 통해 지방 병원에도 공급할 계획이다."),
    _r("hospital", "hanriver", "20T14:30:00", "KT, Microsoft and Seoul National University Hospital team up on radiology AI",
       "KT and Microsoft signed an agreement with Seoul National University Hospital on Thursday to develop AI that helps doctors read chest X-rays and CT scans.",
       "The partners will train the model on 500,000 de-identified images and distribute it to regional hospitals through Azure's healthcare platform.",
       "Regulatory approval as a medical device will be sought next year."),
    _r("hospital", "dongbang", "20T16:10:00", "서울대병원·KT·MS 판독 보조 AI 개발…지방 병원 영상 판독 공백 메운다",
       "서울대병원이 KT, MS와 함께 영상 판독을 돕는 의료 AI 개발에 나선다.",
       "지방 중소병원은 영상의학과 전문의가 부족해 판독이 며칠씩 밀리는 일이 잦다. 세 기관은 완성된 AI를 지방 병원에 우선 보급하기로 했다.",
       "서울대병원은 비식별 영상 50만장을 학습용으로 제공한다."),
)

#: Word-for-word copies at other URLs: (index in REPORTS of the original, outlet carrying the copy, its own
#: headline, minutes after the original). The body is the original's, byte for byte in text.
COPIES: tuple[tuple[int, str, str, int], ...] = (
    (4, "hanbit", "[한빛통신] KT·MS, 공공기관 전용 '애저 공공 클라우드' 출시", 25),
    (4, "dongbang", "KT·MS 공공기관 전용 클라우드 출시 (한빛통신)", 70),
    (8, "nuri", "[통신사 전재] KT·MS, 부산 센텀시티에 'AI 혁신센터' 개소", 40),
)
