"""Hand-written article texts behind the extraction evaluation pages.

Each entry is the ground truth for one page: the article's own text, written
for this evaluation (invented outlets, invented reporters).  ``generate.py``
wraps each text in the markup of a typical news CMS; the saved pages and their
``NN.json`` files are what the tests read.
"""

from __future__ import annotations

ARTICLES: list[dict] = [
    {
        "lang": "ko", "title": "KT·MS, 5년간 수조원 규모 AI·클라우드 파트너십 체결",
        "reporter": "김하늘", "email": "sky@hanbit-ilbo.co.kr", "date": "2024-09-29T15:05:00+09:00",
        "paras": [
            "KT가 마이크로소프트(MS)와 향후 5년간 수조원 규모의 인공지능(AI)·클라우드 전략적 파트너십을 맺었다고 29일 밝혔다.",
            "김영섭 KT 대표는 27일(현지시간) 미국 워싱턴주 레드먼드 MS 본사에서 사티아 나델라 최고경영자(CEO)를 만나 협약서에 서명했다. 지난 6월 업무협약에 이어 석 달 만에 협력 규모와 방안을 구체화한 것이다.",
            "두 회사는 애저 오픈AI 서비스를 기반으로 GPT-4o의 한국 맞춤형 버전을 공동 개발한다. MS의 소형언어모델 파이(Phi)를 바탕으로 한국 시장에 최적화한 모델도 함께 만든다.",
            "KT는 공공·금융 분야 고객이 MS 애저를 도입할 수 있도록 국내 규제 요건 준수를 지원하는 역할도 맡는다. 업계에서는 망 분리 규제 완화 논의와 맞물려 외산 클라우드의 공공 시장 진출이 빨라질 것으로 보고 있다.",
            "김 대표는 “MS와의 파트너십은 단순한 기술 협력을 넘어 국내 AI 저변을 넓히는 계기가 될 것”이라고 말했다.",
        ],
    },
    {
        "lang": "en", "title": "KT and Microsoft sign multibillion-dollar AI and cloud pact",
        "reporter": "Daniel Marsh", "email": "dmarsh@harborledger.com", "date": "2024-09-29T09:30:00-04:00",
        "paras": [
            "South Korean telecom operator KT Corp. said on Sunday it had signed a five-year partnership with Microsoft worth trillions of won, covering artificial intelligence models, cloud services and joint research.",
            "Under the agreement, the two companies will build a Korean-language version of OpenAI's GPT-4o on Microsoft's Azure OpenAI Service and adapt Microsoft's small Phi models to local industries.",
            "KT chief executive Kim Young-shub met Microsoft CEO Satya Nadella at the company's Redmond, Washington, headquarters to finalize the deal, which builds on a memorandum of understanding signed in June.",
            "KT also plans to set up an AI transformation center and help public-sector and financial customers move workloads to Azure while meeting Korean data-protection rules.",
            "Analysts said the tie-up could intensify competition with rivals SK Telecom and LG Uplus, which have backed their own large language models.",
        ],
    },
    {
        "lang": "ko", "title": "내일 전국 흐리고 비…남부지방 최대 80㎜",
        "reporter": "박소율", "email": "soyul@dongnyeok.co.kr", "date": "2024-10-02T17:20:00+09:00",
        "paras": [
            "목요일인 3일은 전국이 흐리고 곳곳에 비가 내리겠다.",
            "기상청에 따르면 비는 새벽 제주도에서 시작돼 오전 중 남부지방으로 확대되고, 오후에는 중부지방에도 내리겠다. 예상 강수량은 남해안과 지리산 부근 30∼80㎜, 그 밖의 남부지방 10∼40㎜, 중부지방 5∼20㎜다.",
            "아침 최저기온은 12∼19도, 낮 최고기온은 17∼24도로 평년보다 조금 낮겠다. 비가 그친 뒤에는 북서쪽에서 찬 공기가 내려오면서 주말까지 쌀쌀한 날씨가 이어질 전망이다.",
            "기상청은 “비가 내리는 지역에서는 시야가 짧아지고 도로가 미끄러우니 차량 운행 시 감속 운행해 달라”고 당부했다.",
        ],
    },
    {
        "lang": "en", "title": "City council approves new bike lanes along Harbor Avenue",
        "reporter": "Priya Nandakumar", "email": "priya.n@bayvillepost.com", "date": "2024-08-14T18:45:00-07:00",
        "paras": [
            "The Bayville City Council voted 6-1 on Tuesday to add protected bike lanes along a two-mile stretch of Harbor Avenue, ending more than a year of debate over parking and traffic.",
            "The $4.2 million project will remove about 140 street parking spaces and narrow the avenue to one travel lane in each direction between Fifth Street and the ferry terminal.",
            "Supporters said the change would reduce crashes on one of the city's most dangerous corridors, where two cyclists were killed last year. Several shop owners told the council they feared losing customers who drive.",
            "Construction is expected to begin next spring and last about eight months, according to the city's transportation department.",
        ],
    },
    {
        "lang": "ko", "title": "마이크로소프트, 한국에 애저 데이터센터 추가 구축 검토",
        "reporter": "이도현", "email": "dohyun@techpeak.kr", "date": "2024-10-05T09:12:00+09:00",
        "paras": [
            "마이크로소프트(MS)가 국내에 애저(Azure) 클라우드 데이터센터를 추가로 짓는 방안을 검토하고 있는 것으로 알려졌다.",
            "5일 업계에 따르면 MS는 수도권과 부산 지역 부지를 놓고 전력 공급 여건과 인허가 일정을 따져보고 있다. 생성형 AI 수요가 급증하면서 기존 서울·부산 리전만으로는 그래픽처리장치(GPU) 자원을 감당하기 어렵다는 판단이다.",
            "MS는 최근 KT와 맺은 파트너십을 통해 공공·금융 시장 공략에 나선 만큼, 국내 데이터 주권 요건을 충족하는 인프라 확충이 필요하다는 분석이 나온다.",
            "MS 관계자는 “구체적인 투자 계획은 정해진 바 없다”면서도 “한국 고객의 AI 수요에 대응하기 위해 다양한 방안을 검토 중”이라고 말했다.",
        ],
    },
    {
        "lang": "en", "title": "Microsoft expands Azure OpenAI capacity in Asia as demand surges",
        "reporter": "Helen Cho", "email": "hcho@pacificwire.com", "date": "2024-10-07T06:00:00+00:00",
        "paras": [
            "Microsoft is adding graphics-processor capacity for its Azure OpenAI Service in Japan, South Korea and Australia, the company said on Monday, as corporate customers in the region race to deploy generative AI.",
            "The expansion includes new clusters of Nvidia H100 chips in existing data centers and a faster rollout of the company's own Maia accelerators, according to a Microsoft blog post.",
            "Regional telecom operators have become important partners. Korea's KT agreed last month to resell Azure services and co-develop Korean-language models, while Japan's SoftBank has its own arrangement with OpenAI.",
            "Microsoft did not disclose the cost of the expansion. The company has said it expects capital spending to keep rising through its current fiscal year.",
        ],
    },
    {
        "lang": "ko", "title": "프로야구 가을야구 막차 주인공은…마지막 3경기에 달렸다",
        "reporter": "정민재", "email": "minjae@sportsnara.co.kr", "date": "2024-09-25T22:40:00+09:00",
        "paras": [
            "프로야구 정규시즌 종료를 일주일 앞두고 포스트시즌 마지막 티켓을 둘러싼 경쟁이 안갯속으로 빠져들었다.",
            "25일 현재 5위 팀과 6위 팀의 승차는 단 반 경기다. 두 팀 모두 3경기씩을 남겨두고 있어 마지막 주말 맞대결 결과에 따라 순위가 갈릴 가능성이 크다.",
            "5위 팀은 선발진이 안정적이라는 점이 강점이다. 반면 6위 팀은 최근 10경기에서 8승을 거두는 상승세를 타고 있다.",
            "한 해설위원은 “단기전 같은 분위기 속에서는 불펜 운용과 수비 집중력이 승부를 가를 것”이라고 내다봤다.",
        ],
    },
    {
        "lang": "en", "title": "Local bakery wins national award for sourdough bread",
        "reporter": "Tom Ellery", "email": "tellery@riverdalecourier.com", "date": "2024-07-03T11:00:00-05:00",
        "paras": [
            "A family-run bakery on Main Street has won first place in the sourdough category at the National Bread Awards, beating more than 300 entries from across the country.",
            "Owner Maria Kowalski said the winning loaf uses a starter her grandmother brought from Poland in 1962 and is fermented for 36 hours before baking.",
            "“We never expected this,” Kowalski said on Wednesday, as a line of customers stretched out the door. “We just bake the bread we like to eat.”",
            "The bakery plans to keep its prices unchanged but will add a second morning bake to keep up with demand.",
        ],
    },
    {
        "lang": "ko", "title": "서울 아파트값 상승폭 3주 연속 둔화",
        "reporter": "최유진", "email": "yujin@maeilbiz.co.kr", "date": "2024-10-10T14:00:00+09:00",
        "paras": [
            "서울 아파트값 상승폭이 3주 연속 줄어든 것으로 나타났다.",
            "한국부동산원이 10일 발표한 10월 둘째 주 주간 아파트 가격 동향에 따르면 서울 아파트값은 전주 대비 0.11% 올라 지난주(0.12%)보다 오름폭이 축소됐다.",
            "대출 규제 강화로 매수 심리가 위축된 영향이라는 분석이다. 강남 3구와 마포·용산·성동구 등 선호 지역은 여전히 상승세를 보였지만, 외곽 지역은 보합권에 머물렀다.",
            "전문가들은 기준금리 인하 여부가 연말 시장 흐름을 좌우할 변수가 될 것으로 보고 있다.",
        ],
    },
    {
        "lang": "en", "title": "Researchers find new species of frog in mountain rainforest",
        "reporter": "Aisha Bello", "email": "abello@sciencedispatch.org", "date": "2024-06-18T08:15:00+00:00",
        "paras": [
            "Biologists have described a new species of tree frog from a remote cloud forest, a discovery they say underlines how much remains unknown about the region's wildlife.",
            "The frog, about the size of a thumbnail, has bright orange thighs and a call that sounds like a dripping tap, according to the study published in the journal Zoological Records.",
            "The team found the animals during night surveys at altitudes above 2,000 meters. Genetic tests showed they were distinct from all known relatives.",
            "The authors recommend that the species be listed as endangered because its known range covers less than ten square kilometers.",
        ],
    },
    {
        "lang": "ko", "title": "KT, 공공기관 전용 'AI 클라우드' 출시…MS 애저 기반",
        "reporter": "한지우", "email": "jiwoo@itdaily.kr", "date": "2024-11-12T10:30:00+09:00",
        "paras": [
            "KT가 마이크로소프트(MS)의 애저 기술을 바탕으로 공공기관 전용 AI 클라우드 서비스를 선보였다.",
            "KT는 12일 서울 광화문 사옥에서 간담회를 열고 국가정보원 보안 인증 요건에 맞춘 '공공 AI 클라우드'를 공개했다. 데이터는 국내 데이터센터에만 저장되며, 행정 문서 요약과 민원 상담에 특화된 생성형 AI 기능을 제공한다.",
            "KT는 지난 9월 MS와 체결한 파트너십의 첫 성과물이라고 설명했다. 회사는 내년 상반기까지 지방자치단체와 공공기관 30곳 이상에 서비스를 공급한다는 목표를 세웠다.",
            "KT 관계자는 “보안과 규제 때문에 생성형 AI 도입을 망설이던 공공기관의 부담을 크게 덜 수 있을 것”이라고 말했다.",
        ],
    },
    {
        "lang": "en", "title": "Central bank holds rates steady, signals cut later this year",
        "reporter": "Marcus Feld", "email": "mfeld@capitalbrief.com", "date": "2024-09-18T14:05:00-04:00",
        "paras": [
            "The central bank left its benchmark interest rate unchanged on Wednesday but signaled that it could begin lowering borrowing costs before the end of the year if inflation keeps easing.",
            "Policymakers voted unanimously to hold the rate at 5.25 percent, the highest level in more than two decades. In a statement, they said price growth had moved closer to the 2 percent target.",
            "Markets rallied after the decision, with the main stock index closing up 1.1 percent and government bond yields falling.",
            "Some economists warned that a slowing labor market could force the bank to act sooner than it has indicated.",
        ],
    },
    {
        "lang": "ko", "title": "전기차 배터리 화재 대책 발표…지하주차장 충전 제한",
        "reporter": "윤서연", "email": "seoyeon@hankyoreh-daily.kr", "date": "2024-09-06T11:00:00+09:00",
        "paras": [
            "정부가 잇따른 전기차 화재에 대응해 배터리 제조사 공개 의무화와 지하주차장 충전 제한 등을 담은 종합 대책을 내놨다.",
            "국토교통부와 산업통상자원부는 6일 정부서울청사에서 관계부처 합동 브리핑을 열고 이 같은 내용을 발표했다. 앞으로 전기차를 판매할 때는 배터리 셀 제조사와 주요 원료 정보를 소비자에게 공개해야 한다.",
            "새로 짓는 아파트 지하주차장에는 화재 감지 성능이 높은 스프링클러 설치가 의무화된다. 충전율을 90% 이하로 제한하는 '과충전 방지' 충전기 보급도 확대된다.",
            "업계는 대책 취지에는 공감하면서도 충전 인프라 확충이 늦어질 수 있다고 우려했다.",
        ],
    },
    {
        "lang": "en", "title": "Review: A quiet, devastating film about two brothers",
        "reporter": "Claire Dubois", "email": "cdubois@screenweekly.com", "date": "2024-05-10T16:00:00+01:00",
        "paras": [
            "There are no car chases in this film, and hardly any raised voices. Yet by the final scene, the story of two brothers clearing out their late father's farmhouse lands with the force of a thriller.",
            "The director, working from her own script, lets long silences do the work. The brothers argue about a tractor, a debt and a letter neither of them wants to read aloud.",
            "Both lead actors are superb, but the younger of the two gives a performance of remarkable restraint, saying more with a shrug than most actors manage with a monologue.",
            "It is a small film about large things, and it deserves a wide audience.",
        ],
    },
    {
        "lang": "ko", "title": "초등 늘봄학교 2학기부터 전면 시행…인력 확보가 관건",
        "reporter": "오세린", "email": "serin@edunews.co.kr", "date": "2024-08-20T09:00:00+09:00",
        "paras": [
            "방과 후 돌봄과 교육을 통합한 늘봄학교가 2학기부터 전국 모든 초등학교에서 시행된다.",
            "교육부는 20일 늘봄학교 추진 현황을 발표하고 초등학교 1학년을 대상으로 하루 2시간 무료 맞춤형 프로그램을 제공한다고 밝혔다.",
            "현장에서는 전담 인력 확보가 여전히 과제로 꼽힌다. 일부 학교에서는 교사들이 프로그램 운영 업무를 떠맡으면서 업무 부담이 커졌다는 지적이 나온다.",
            "교육부는 늘봄 전담 실장을 연내 2500명까지 늘려 교사 업무를 줄이겠다고 설명했다.",
        ],
    },
    {
        "lang": "en", "title": "KT to train 10,000 employees in AI skills with Microsoft",
        "reporter": "Sung-min Park", "email": "smpark@seoulbizreview.com", "date": "2024-10-15T08:00:00+09:00",
        "paras": [
            "KT Corp. will put about 10,000 of its employees through artificial intelligence training programs designed with Microsoft, the Korean carrier said on Tuesday.",
            "The courses cover prompt engineering, Azure cloud architecture and responsible AI practices, and will be offered both online and at KT's training center in Daejeon.",
            "The program is part of the broader partnership the two companies signed in September, under which KT committed to hiring AI specialists and building a transformation consultancy.",
            "A KT executive said the company wanted every business unit to have staff able to design AI services without relying on outside contractors.",
        ],
    },
    {
        "lang": "ko", "title": "가을 축제 시즌 개막…주말 나들이객 몰린다",
        "reporter": "강다은", "email": "daeun@jibangnews.co.kr", "date": "2024-10-04T18:00:00+09:00",
        "paras": [
            "본격적인 가을 축제 시즌을 맞아 전국 곳곳에서 지역 축제가 잇따라 열린다.",
            "이번 주말에는 억새꽃 축제와 전통 음식 축제, 불꽃 축제 등이 동시에 개막한다. 지방자치단체들은 교통 혼잡에 대비해 임시 주차장과 셔틀버스를 운영하기로 했다.",
            "경찰은 축제장 주변 도로의 정체가 심할 것으로 보고 대중교통 이용을 권했다. 특히 불꽃 축제가 열리는 강변 일대는 오후 4시부터 차량 통행이 전면 통제된다.",
            "한 지자체 관계자는 “안전 요원을 지난해보다 두 배 늘려 인파 관리에 만전을 기하겠다”고 말했다.",
        ],
    },
    {
        "lang": "en", "title": "Heat wave pushes power demand to record high",
        "reporter": "Jorge Alvarez", "email": "jalvarez@southernstar.com", "date": "2024-07-22T19:30:00-05:00",
        "paras": [
            "Electricity demand hit an all-time high on Monday as temperatures topped 40 degrees Celsius across much of the state, the grid operator said.",
            "The operator asked residents to conserve power between 4 p.m. and 9 p.m. but said it did not expect rolling blackouts, thanks in part to record output from solar farms.",
            "Hospitals reported a rise in heat-related illnesses, and several cities opened cooling centers in libraries and community halls.",
            "Forecasters expect the heat to ease slightly by the weekend, though highs will remain well above normal.",
        ],
    },
    {
        "lang": "ko", "title": "삼성전자, 3분기 영업이익 9조원대…반도체 회복 더뎌",
        "reporter": "신재훈", "email": "jaehoon@chosun-biz.co.kr", "date": "2024-10-08T08:45:00+09:00",
        "paras": [
            "삼성전자가 올해 3분기 9조원대 영업이익을 거뒀다. 시장 기대치에는 미치지 못했다.",
            "삼성전자는 8일 연결 기준 3분기 매출 79조원, 영업이익 9조1000억원의 잠정 실적을 공시했다. 영업이익은 전년 같은 기간보다 274% 늘었지만 직전 분기보다는 12% 줄었다.",
            "고대역폭메모리(HBM) 공급이 예상보다 늦어지고 일회성 비용이 반영되면서 반도체 부문 실적이 부진했던 것으로 풀이된다.",
            "회사는 이례적으로 실적 관련 설명 자료를 내고 “근원적 기술 경쟁력을 회복하겠다”고 밝혔다.",
        ],
    },
    {
        "lang": "en", "title": "Marathon runners brave rain as record field crosses finish line",
        "reporter": "Nina Petrova", "email": "npetrova@lakeshoretimes.com", "date": "2024-10-13T15:10:00-05:00",
        "paras": [
            "More than 48,000 runners finished the city marathon on Sunday despite steady rain and gusty winds, setting a new record for the race.",
            "The men's winner crossed the line in 2 hours, 5 minutes and 12 seconds, while the women's race was decided in a sprint over the final 200 meters.",
            "Volunteers handed out thousands of plastic ponchos at the start, and medical tents treated mostly minor injuries and cases of hypothermia.",
            "Organizers said the race raised more than $30 million for local charities.",
        ],
    },
    {
        "lang": "ko", "title": "KT 'AI 전환' 전담 조직 신설…MS와 공동 컨설팅",
        "reporter": "배준호", "email": "junho@digitaltimes-kr.co.kr", "date": "2024-10-21T13:20:00+09:00",
        "paras": [
            "KT가 기업 고객의 AI 전환(AX)을 돕는 전담 조직을 새로 만들었다.",
            "KT는 21일 AX 사업본부 산하에 'AX 컨설팅센터'를 신설하고 마이크로소프트(MS) 출신 전문가를 포함한 인력 300여 명을 배치했다고 밝혔다. 센터는 제조·금융·유통 기업을 대상으로 AI 도입 전략 수립부터 시스템 구축까지 지원한다.",
            "KT는 MS와 공동으로 컨설팅 방법론을 개발했으며, 고객사가 애저 오픈AI와 코파일럿을 업무에 바로 적용할 수 있도록 패키지 상품도 내놓을 계획이다.",
            "업계에서는 통신사들이 AI 서비스 사업을 새로운 성장 동력으로 삼으면서 기업용 시장을 둘러싼 경쟁이 거세질 것으로 보고 있다.",
        ],
    },
    {
        "lang": "en", "title": "School district adds later start times for high schools",
        "reporter": "Rachel Kim", "email": "rkim@valleygazette.com", "date": "2024-08-05T12:00:00-07:00",
        "paras": [
            "High schools in the Valley Unified School District will start classes at 8:45 a.m. this fall, nearly an hour later than last year, after the school board approved the change in a split vote.",
            "Board members who supported the change cited research linking later start times to better attendance and fewer car crashes involving teenage drivers.",
            "Parents who opposed it said the later schedule would complicate child care and push after-school sports into the evening.",
            "The district said it would review attendance and grades after the first semester.",
        ],
    },
    {
        "lang": "ko", "title": "국내 연구진, 상온 작동 초소형 배터리 개발",
        "reporter": "문가영", "email": "gayoung@sciencetimes-kr.co.kr", "date": "2024-06-27T12:00:00+09:00",
        "paras": [
            "국내 연구진이 상온에서 안정적으로 작동하는 쌀알 크기의 전고체 배터리를 개발했다.",
            "한 대학 신소재공학과 연구팀은 황화물계 고체 전해질을 얇은 막 형태로 만드는 공정을 개발해 두께 0.3㎜의 초소형 배터리를 구현했다고 27일 밝혔다.",
            "이 배터리는 500회 충·방전 이후에도 초기 용량의 92%를 유지했다. 웨어러블 기기와 체내 삽입형 의료기기에 활용할 수 있을 것으로 기대된다.",
            "연구 결과는 국제 학술지 에너지 머티리얼즈에 게재됐다.",
        ],
    },
    {
        "lang": "en", "title": "Opinion: Telecom carriers are becoming cloud resellers. That's fine.",
        "reporter": "Graham Whitlock", "email": "gwhitlock@networkreview.com", "date": "2024-10-01T07:00:00+00:00",
        "paras": [
            "When KT announced its partnership with Microsoft last week, some critics complained that Korea's second-largest carrier was giving up on building its own cloud. They are missing the point.",
            "Telecom operators have spent a decade trying to compete with hyperscalers on infrastructure and mostly lost. What they still own is the customer relationship with banks, hospitals and government agencies.",
            "Reselling Azure, and wrapping it in local compliance and support, plays to that strength. It is the same bet European carriers made with Google and Amazon, with mixed but mostly positive results.",
            "The risk is dependence. If Microsoft changes its pricing or its priorities, KT will have little leverage. That is worth watching, but it is not a reason to stay out of the market.",
        ],
    },
    {
        "lang": "ko", "title": "추석 연휴 귀성길 정체 절정…서울→부산 8시간",
        "reporter": "임태윤", "email": "taeyun@ytn-like.co.kr", "date": "2024-09-15T10:30:00+09:00",
        "paras": [
            "추석 연휴 이틀째인 15일 오전 고속도로 귀성 방향 정체가 절정에 달했다.",
            "한국도로공사에 따르면 이날 오전 10시 서울요금소에서 출발하면 부산까지 8시간, 광주까지 6시간 30분이 걸릴 것으로 예상된다.",
            "귀성 방향 정체는 오후 2∼3시께 절정을 이룬 뒤 밤늦게 해소될 전망이다. 귀경 방향은 대체로 원활한 흐름을 보이고 있다.",
            "도로공사는 출발 전 교통 정보를 확인하고 졸음운전 예방을 위해 2시간마다 휴식을 취해 달라고 당부했다.",
        ],
    },
    {
        "lang": "en", "title": "Microsoft and KT open joint AI innovation center in Seoul",
        "reporter": "Olivia Grant", "email": "ogrant@techbeacon-news.com", "date": "2024-12-03T02:00:00+00:00",
        "paras": [
            "Microsoft and KT Corp. opened a joint AI innovation center in central Seoul on Tuesday, where startups and enterprise customers can test generative AI services built on Azure.",
            "The center includes demonstration rooms, a lab with dedicated GPU capacity and a team of engineers from both companies who will help clients build prototypes.",
            "The opening is one of the first visible results of the five-year partnership the companies announced in September, which also includes a Korean-tuned version of GPT-4o.",
            "KT said about 40 companies had already signed up to use the center in its first three months.",
        ],
    },
    {
        "lang": "ko", "title": "제철 맞은 전어…수산시장 주말 손님 북적",
        "reporter": "노은비", "email": "eunbi@busanilbo-like.co.kr", "date": "2024-09-21T16:00:00+09:00",
        "paras": [
            "가을 전어가 제철을 맞으면서 주말 수산시장이 손님들로 북적였다.",
            "21일 부산의 한 수산시장에서는 전어회와 전어구이를 맛보려는 시민과 관광객들로 좌판마다 긴 줄이 늘어섰다. 올해는 어획량이 늘어 가격이 지난해보다 20%가량 내렸다.",
            "상인들은 “9월 말부터 10월 초까지 기름이 올라 맛이 가장 좋다”며 “날이 선선해지면서 손님도 늘었다”고 말했다.",
            "시장 측은 다음 달 초 전어 축제를 열고 시식 행사와 할인 판매를 진행할 예정이다.",
        ],
    },
    {
        "lang": "en", "title": "Hospital network hit by ransomware attack, diverts ambulances",
        "reporter": "Ben Okafor", "email": "bokafor@metroherald.com", "date": "2024-11-20T21:15:00-05:00",
        "paras": [
            "A regional hospital network diverted ambulances from three of its emergency rooms on Wednesday after a ransomware attack disabled its electronic health records system.",
            "Staff switched to paper charts and some scheduled surgeries were postponed, a spokeswoman said, adding that patient care remained safe.",
            "The network said it had notified law enforcement and hired an outside firm to investigate. It did not say whether patient data had been stolen.",
            "Cybersecurity experts said health care providers remain attractive targets because they cannot afford long outages.",
        ],
    },
    {
        "lang": "ko", "title": "KT-MS 협력에 네이버·카카오 긴장…'소버린 AI' 경쟁 격화",
        "reporter": "류시원", "email": "siwon@platformnews.kr", "date": "2024-10-02T07:00:00+09:00",
        "paras": [
            "KT와 마이크로소프트(MS)의 대규모 협력이 국내 AI 플랫폼 업계에 파장을 일으키고 있다.",
            "자체 초거대 AI 모델을 앞세워 공공·기업 시장을 공략해 온 네이버와 카카오는 글로벌 빅테크와 손잡은 통신사의 공세에 대응 전략 마련에 나섰다. 네이버는 하이퍼클로바X의 경량 모델을 잇달아 내놓으며 비용 경쟁력을 강조하고 있다.",
            "업계에서는 이른바 '소버린 AI' 논쟁도 다시 불붙었다. 자국 언어와 문화를 반영한 AI를 국내 기업이 직접 만들어야 한다는 주장과, 글로벌 모델을 현지화하는 것이 효율적이라는 주장이 맞선다.",
            "한 업계 관계자는 “결국 공공 시장에서 누가 더 많은 레퍼런스를 확보하느냐가 승부처가 될 것”이라고 말했다.",
        ],
    },
    {
        "lang": "en", "title": "Farmers turn to drones to spray crops as labor shortage bites",
        "reporter": "Lucy Hartmann", "email": "lhartmann@ruralpress.com", "date": "2024-05-28T10:00:00-05:00",
        "paras": [
            "Faced with a shortage of farmhands, growers across the region are increasingly using drones to spray fertilizer and pesticide on their fields.",
            "A single drone can cover about 40 acres an hour, according to equipment dealers, and can reach wet or hilly ground where tractors get stuck.",
            "Regulators have eased some licensing rules for agricultural drones, but pilots still need certification and must keep the aircraft within sight.",
            "Some environmental groups have raised concerns about spray drift and called for more research on the effects on nearby waterways.",
        ],
    },
    {
        "lang": "ko", "title": "국립중앙박물관, 고려 청자 특별전 개막",
        "reporter": "서하람", "email": "haram@munhwanews.co.kr", "date": "2024-11-05T15:00:00+09:00",
        "paras": [
            "고려 청자의 아름다움을 한자리에서 볼 수 있는 특별전이 국립중앙박물관에서 막을 올렸다.",
            "박물관은 5일부터 내년 2월까지 기획전시실에서 국보와 보물 12점을 포함해 청자 250여 점을 선보인다고 밝혔다. 해외 박물관에 소장된 작품 20여 점도 처음으로 국내에 공개된다.",
            "전시는 청자의 탄생과 전성기, 쇠퇴기를 세 부분으로 나눠 구성했다. 상감 기법의 변화를 보여주는 디지털 영상도 함께 마련됐다.",
            "관람료는 무료이며 온라인 사전 예약을 통해 입장할 수 있다.",
        ],
    },
    {
        "lang": "en", "title": "Korean carriers bet on AI partnerships to revive growth",
        "reporter": "Yuna Seo", "email": "yseo@asiamarketsdaily.com", "date": "2024-10-25T04:30:00+00:00",
        "paras": [
            "South Korea's three big mobile carriers are pinning their hopes on artificial intelligence as subscriber growth stalls and 5G investment winds down.",
            "KT has tied up with Microsoft, SK Telecom has invested in US model developers and LG Uplus is building its own small models for call centers.",
            "Investors have so far rewarded the strategy. KT shares have risen about 20 percent since the Microsoft deal was first reported in June.",
            "Still, analysts caution that AI revenue remains small compared with the carriers' core wireless businesses and may take years to matter.",
        ],
    },
    {
        "lang": "ko", "title": "‘한국형 GPT-4o’ 내년 상반기 공개…KT “산업별 특화 모델도”",
        "reporter": "장보람", "email": "boram@aitimes-like.kr", "date": "2024-12-10T11:40:00+09:00",
        "paras": [
            "KT가 마이크로소프트(MS)와 함께 개발 중인 한국형 GPT-4o를 내년 상반기 공개한다.",
            "KT는 10일 열린 기자간담회에서 한국어와 한국 문화 데이터를 추가 학습한 GPT-4o 기반 모델의 개발 일정을 공개했다. 금융·의료·법률 등 산업별로 특화한 소형 모델도 순차적으로 내놓을 예정이다.",
            "KT는 자체 모델 믿:음과 MS 모델을 고객 요구에 맞게 조합하는 '멀티 모델' 전략을 유지하겠다고 밝혔다.",
            "회사는 이날 국내 대학 5곳과 AI 공동 연구 협약도 체결했다.",
        ],
    },
]
