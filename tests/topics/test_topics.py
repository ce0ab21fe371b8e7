"""Topic profiles: aliases, particles, look-alikes, contextual MS, a second profile, bad files."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from newsmon.pages.seeds import read_seed_document
from newsmon.topics import Topic, TopicError, default_seeds_dir, load_topic, load_topics

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
LABELLED = Path(__file__).resolve().parent.parent / "data" / "relevance_labelled.tsv"
# A lede that names Microsoft, so a bare "MS" in the headline is confirmed.
MS_LEDE = "두 회사는 마이크로소프트 애저 기반 AI 협력을 확대한다."


@pytest.fixture(scope="module")
def topic() -> Topic:
    return load_topic("kt-microsoft", seeds_dir=SEEDS)


# ---------------------------------------------------------------- profile


def test_profile_loads_by_name_and_by_path(topic: Topic) -> None:
    assert topic.name == "kt-microsoft"
    assert "Microsoft" in topic.description
    assert [e.name for e in topic.entities] == ["KT", "Microsoft"]
    by_path = load_topic(SEEDS / "kt-microsoft.toml")
    assert by_path.name == topic.name
    assert [t.name for t in load_topics(SEEDS)] == ["kt-microsoft"]


def test_profile_sources_are_config_shaped(topic: Topic) -> None:
    assert len(topic.sources) >= 6
    assert {s["type"] for s in topic.sources} <= {"feed", "sitemap", "page"}
    urls = [s["url"] for s in topic.sources]
    assert any(u.startswith("https://news.google.com/rss/search?q=KT+마이크로소프트") for u in urls)
    assert any("bing.com/news" in u for u in urls)
    assert all(u.startswith("https://") for u in urls)
    assert all(set(s) == {"type", "url", "name"} for s in topic.sources)


def test_default_seeds_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(tmp_path))
    assert default_seeds_dir() == tmp_path
    monkeypatch.delenv("NEWSMON_SEEDS_DIR")
    monkeypatch.chdir(tmp_path)
    assert default_seeds_dir() == ROOT / "seeds"  # no ./seeds here: the project's folder
    (tmp_path / "seeds").mkdir()
    assert default_seeds_dir() == Path("seeds")


def test_describe_names_the_rule_and_the_traps(topic: Topic) -> None:
    text = topic.describe()
    assert "kt-microsoft" in text
    assert "KT, Microsoft" in text
    assert "KT&G" in text and "kt wiz" in text
    assert "MS only with" in text
    assert "news.google.com" in text


# ---------------------------------------------------------------- the seed


def test_seed_document_is_relevant(topic: Topic) -> None:
    doc = read_seed_document(SEEDS / "000_ae8dcea07d6c2241.txt")
    m = topic.match(doc.title, doc.body)
    assert m.relevant
    assert m.score == 1.0
    assert {"KT", "김영섭"} <= set(m.matched["KT"])
    assert {"MS", "마이크로소프트", "사티아 나델라", "애저 오픈AI"} <= set(m.matched["Microsoft"])
    assert "파이" in m.matched["Microsoft"]  # "파이(Phi)" next to 소형언어모델: confirmed


# ---------------------------------------------------------------- particles and separators


@pytest.mark.parametrize(
    "title",
    [
        "KT가 MS와 손잡았다",
        "KT는 마이크로소프트(MS)와 협력",
        "KT·MS ‘한국형 GPT-4o’ 만든다",
        "KT-MS 동맹 1년",
        "KT/MS 공동 연구",
        "KT와MS 합작법인 출범",
        "MS의 파트너 KT의 선택",
        "KT, MS에 AI 데이터 제공",
        "KT ‘MS 동맹’ 강화",
    ],
)
def test_both_entities_with_korean_particles_and_separators(topic: Topic, title: str) -> None:
    m = topic.match(title, MS_LEDE + " KT는 이를 통해 공공 시장을 공략한다.")
    assert m.relevant, m.explain()
    assert "KT" in m.matched["KT"]
    assert "MS" in m.matched["Microsoft"]


@pytest.mark.parametrize(
    ("title", "kt_alias", "ms_alias"),
    [
        ("케이티는 마이크로소프트와 AI 협력", "케이티", "마이크로소프트"),
        ("KT클라우드, 애저 기반 상품 출시", "KT클라우드", "애저"),
        ("kt cloud joins Microsoft Azure program", "kt cloud", "Microsoft"),
        ("Korea Telecom and Microsoft sign deal", "Korea Telecom", "Microsoft"),
        ("KT's deal with MICROSOFT", "KT", "Microsoft"),
        ("한국마이크로소프트, KT와 교육 협력", "KT", "한국마이크로소프트"),
        ("ＫＴ·마이크로소프트 협력", "KT", "마이크로소프트"),  # full-width letters
    ],
)
def test_aliases_in_both_scripts(topic: Topic, title: str, kt_alias: str, ms_alias: str) -> None:
    m = topic.match(title, "")
    assert m.relevant, m.explain()
    assert kt_alias in m.matched["KT"]
    assert ms_alias in m.matched["Microsoft"]


@pytest.mark.parametrize(
    "text",
    ["KTX 예매", "SKT 가입자", "KTOWN4U 매장", "케이티엑스 노선", "KT&G 실적", "KTB투자증권", "MKT 지수", "KT2 모델"],
)
def test_kt_does_not_match_inside_other_words(topic: Topic, text: str) -> None:
    m = topic.match(text + " 마이크로소프트", "")
    assert "KT" not in m.matched
    assert not m.relevant


@pytest.mark.parametrize("text", ["MSO 인수", "MSP 사업", "MSCI 지수", "SMS 발송", "MS&AD 보험", "모델 MS-2000"])
def test_ms_does_not_match_inside_other_words(topic: Topic, text: str) -> None:
    m = topic.match("KT " + text, "마이크로소프트")  # confirming term present: only the boundary can reject
    assert "MS" not in m.matched.get("Microsoft", [])


# ---------------------------------------------------------------- one entity, look-alikes, MS != Microsoft


@pytest.mark.parametrize(
    ("title", "lede"),
    [
        ("KT, 자체 LLM ‘믿:음’ 공개", "KT가 자체 개발한 거대언어모델을 공개했다."),
        ("MS, 오픈AI와 새 계약", "마이크로소프트가 오픈AI와 지분 구조 재편에 합의했다."),
        ("KT, AWS와 클라우드 협력", "KT가 아마존웹서비스와 생성형 AI 협력을 확대한다."),
        ("Microsoft invests in Japan", "Microsoft will invest $2.9 billion in Japan with SoftBank."),
    ],
)
def test_one_entity_only_is_not_relevant(topic: Topic, title: str, lede: str) -> None:
    m = topic.match(title, lede)
    assert not m.relevant
    assert len(m.matched) == 1
    assert m.score < 0.5


@pytest.mark.parametrize(
    ("title", "lede", "lookalike"),
    [
        ("SK텔레콤, MS와 AI 데이터센터 협력", "SK텔레콤이 마이크로소프트와 손잡았다.", "SK텔레콤"),
        ("SKT, 마이크로소프트 애저 도입", "SKT가 MS 애저 오픈AI를 활용한다.", "SKT"),
        ("KT&G, 마이크로소프트와 협약", "KT&G가 한국마이크로소프트와 협약을 맺었다.", "KT&G"),
        ("KTX 앱, MS 애저 장애로 먹통", "코레일의 KTX 앱이 마이크로소프트 애저 장애를 겪었다.", "KTX"),
        ("kt wiz, 마이크로소프트 서피스 도입", "프로야구 kt wiz가 마이크로소프트 장비를 쓴다.", "kt wiz"),
        ("KT 위즈, MS 서피스로 전력분석", "KT 위즈가 마이크로소프트 서피스를 도입했다.", "KT 위즈"),
        ("KT 소닉붐, 마이크로소프트 후원", "프로농구 KT 소닉붐이 마이크로소프트와 후원 계약을 맺었다.", "KT 소닉붐"),
        ("KT-1 trainer in Microsoft Flight Simulator", "The KT-1 trainer joins Microsoft's simulator.", "KT-1"),
        ("Storm with 60 kt gusts hits Microsoft data center", "Gusts of 60 kt cut power to Azure.", "'kt'"),
        ("KT Tape maker adopts Microsoft Dynamics", "KT Tape moved to Microsoft Dynamics 365.", "KT Tape"),
    ],
)
def test_lookalikes_never_count(topic: Topic, title: str, lede: str, lookalike: str) -> None:
    m = topic.match(title, lede)
    assert not m.relevant, m.explain()
    assert "KT" not in m.matched
    assert any(lookalike in v for v in m.vetoed), m.vetoed


def test_kt_skylife_is_a_subsidiary_and_counts(topic: Topic) -> None:
    m = topic.match("KT스카이라이프, MS 애저로 방송 인프라 이전", "KT스카이라이프가 마이크로소프트 애저로 옮긴다.")
    assert m.relevant
    assert "KT스카이라이프" in m.matched["KT"]


@pytest.mark.parametrize(
    ("title", "lede", "why"),
    [
        ("KT, 5G 가입자 MS 30% 회복", "KT의 5G 시장점유율(MS)이 30%대를 회복했다.", "confirming"),
        ("KT, 다발성경화증(MS) 환자용 AI 플랫폼", "KT가 다발성경화증 환자 재활 AI를 만든다.", "confirming"),
        ("모건스탠리(MS) “KT 목표가 상향”", "모건스탠리는 KT의 AI 사업을 높이 평가했다.", "confirming"),
        ("KT, AI 연구인력 MS·박사 우대", "KT가 석·박사 연구직을 뽑는다.", "confirming"),
    ],
)
def test_bare_ms_without_microsoft_context_is_rejected(topic: Topic, title: str, lede: str, why: str) -> None:
    m = topic.match(title, lede)
    assert not m.relevant
    assert "Microsoft" not in m.matched
    assert any("'MS'" in v and why in v for v in m.vetoed), m.vetoed


def test_ms_next_to_market_share_is_rejected_even_when_microsoft_is_named(topic: Topic) -> None:
    m = topic.match(
        "KT클라우드, 국내 IDC 시장 MS 1위 굳히기",
        "KT클라우드는 데이터센터 시장점유율(MS) 1위를 지키면서 마이크로소프트 애저와의 협력도 검토한다.",
    )
    assert any("'MS' (title)" in v and "MS 1위" in v for v in m.vetoed), m.vetoed
    assert any("'MS' (body)" in v and "점유" in v for v in m.vetoed), m.vetoed
    assert m.matched["Microsoft"] == ["마이크로소프트", "애저"]


@pytest.mark.parametrize(
    ("title", "lede"),
    [
        ("KT, 5G 시장 파이 키운다", "KT가 중저가 요금제로 시장 파이를 키운다."),
        ("KT 지니TV, 전통 보양식 애저찜 소개", "새끼 돼지로 만드는 애저찜 조리법을 소개했다."),
        ("KT, 목장에 스마트축산…마소 건강 관리", "말과 소, 마소의 체온을 AI로 분석한다."),
    ],
)
def test_ordinary_words_are_not_microsoft(topic: Topic, title: str, lede: str) -> None:
    m = topic.match(title, lede)
    assert not m.relevant
    assert "Microsoft" not in m.matched


def test_passing_mentions_in_competitor_lists(topic: Topic) -> None:
    m = topic.match(
        "AI 기본법 공청회…네이버·카카오·KT·MS·구글 참석",
        "공청회에 네이버, 카카오, KT, 한국마이크로소프트, 구글코리아 관계자가 참석했다.",
    )
    assert not m.relevant
    assert "KT (title, listed with peers)" in m.hits
    # The same pair, linked by a verb rather than listed, is the story.
    linked = topic.match("통신3사 합종연횡…SKT는 앤트로픽, KT는 MS와 손잡아", "KT는 마이크로소프트와 협력한다.")
    assert linked.relevant


def test_mentions_far_apart_in_a_long_text_are_not_linked(topic: Topic) -> None:
    filler = "국내 통신 시장의 경쟁이 치열해지고 있다. " * 40
    m = topic.match("통신업계 동향", "KT가 신규 요금제를 내놨다. " + filler + "마이크로소프트는 실적을 발표했다.")
    assert m.raw["KT"] >= 1 and m.raw["Microsoft"] >= 1
    assert not m.linked and not m.relevant
    assert "mentioned together: no" in m.explain()


def test_explain_is_readable(topic: Topic) -> None:
    m = topic.match("KT&G, MS 코파일럿 도입", "KT&G가 마이크로소프트 코파일럿을 쓴다.")
    text = m.explain()
    assert text.splitlines()[0] == "kt-microsoft: not relevant (score 0.00)"
    assert "KT: 0.00 / threshold 1.00 (too weak)" in text
    assert "rejected: 'KT&G' is not KT" in text


# ---------------------------------------------------------------- the labelled set


def _labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_labelled_set_is_big_and_hard_enough() -> None:
    rows = _labelled()
    assert len(rows) >= 80
    assert {r["label"] for r in rows} == {"relevant", "irrelevant"}
    assert {r["lang"] for r in rows} == {"ko", "en"}
    traps = [r for r in rows if r["trap"] != "-"]
    assert len(traps) * 2 >= len(rows)
    assert sum(r["trap"] == "lookalike" for r in rows) >= 15
    assert len({r["id"] for r in rows}) == len(rows)


def test_labelled_set_accuracy(topic: Topic) -> None:
    rows = _labelled()
    wrong = []
    lookalikes_relevant = []
    for r in rows:
        m = topic.match(r["title"], r["lede"])
        if (r["label"] == "relevant") != m.relevant:
            wrong.append(f"{r['id']} ({r['trap']}): {r['title']}")
        if r["trap"] == "lookalike" and m.relevant:
            lookalikes_relevant.append(r["id"])
    accuracy = 1 - len(wrong) / len(rows)
    print(f"\nlabelled relevance set: {len(rows) - len(wrong)}/{len(rows)} correct, accuracy {accuracy:.1%}")
    for w in wrong:
        print("  wrong:", w)
    assert lookalikes_relevant == []
    assert accuracy >= 0.97, wrong


def test_match_is_fast(topic: Topic) -> None:
    doc = read_seed_document(SEEDS / "000_ae8dcea07d6c2241.txt")
    body = (doc.body * 3)[:5000]  # 5 KB, dense with hits
    plain = ("국내 통신 시장의 경쟁이 치열해지는 가운데 정부는 새로운 규제를 검토하고 있다. " * 120)[:5000]
    for text in (body, plain):
        topic.match(doc.title, text)
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(20):
                topic.match(doc.title, text)
            runs.append((time.perf_counter() - t0) / 20)
        # Typically ~0.4 ms (plain) to ~1.5 ms (dense); the bound only catches a regex blow-up.
        assert min(runs) < 0.010


# ---------------------------------------------------------------- a second profile, broken profiles

ONE = '[[entities]]\nname = "A"\nnames = ["AA"]\n'
SAMSUNG_GOOGLE = """
name = "samsung-google"
description = "Samsung Electronics and Google"

[[entities]]
name = "Samsung"
names = ["삼성전자", "Samsung", "삼성"]
related = ["이재용"]
peers = ["LG전자", "애플", "Apple"]

[[entities.lookalikes]]
terms = ["삼성생명", "삼성화재", "삼성증권", "Samsung Life"]
why = "a Samsung financial affiliate"

[[entities]]
name = "Google"
names = ["Google", "구글", "알파벳", "Alphabet"]
related = ["제미나이", "Gemini", "순다르 피차이"]

[[entities.contextual]]
alias = "GG"
confirm = ["구글", "Google"]
deny = ["GG 주식회사"]

[[sources]]
type = "feed"
url = "https://news.google.com/rss/search?q=삼성전자+구글&hl=ko&gl=KR&ceid=KR:ko"
name = "Google News: 삼성전자 구글"
"""


def test_a_second_profile_needs_only_a_file(tmp_path: Path) -> None:
    (tmp_path / "samsung-google.toml").write_text(SAMSUNG_GOOGLE, encoding="utf-8")
    (tmp_path / "kt-microsoft.toml").write_bytes((SEEDS / "kt-microsoft.toml").read_bytes())
    topics = load_topics(tmp_path)
    assert [t.name for t in topics] == ["kt-microsoft", "samsung-google"]
    sg = load_topic("samsung-google", seeds_dir=tmp_path)
    assert sg.sources[0]["name"] == "Google News: 삼성전자 구글"

    m = sg.match("삼성전자, 구글과 XR 헤드셋 공동 개발", "삼성전자가 구글 제미나이를 탑재한다.")
    assert m.relevant
    assert m.matched == {"Samsung": ["삼성전자"], "Google": ["구글", "제미나이"]}
    assert not topics[0].match("삼성전자, 구글과 XR 헤드셋 공동 개발", "").relevant

    life = sg.match("삼성생명, 구글 클라우드 도입", "삼성생명이 구글 클라우드로 옮긴다.")
    assert not life.relevant
    assert any("삼성생명" in v and "financial affiliate" in v for v in life.vetoed)
    listed = sg.match("LG전자·삼성·애플, 구글 AI 탑재 경쟁", "")
    assert not listed.relevant  # Samsung only in a list of its peers


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('name = "x"\n[[entities]\n', "invalid TOML"),
        ('name = "x"\ncolour = "red"\n[[entities]]\nname = "A"\nnames = ["A"]\n', "unknown key 'colour'"),
        ('name = "x"\n', "no [[entities]]"),
        ('[[entities]]\nname = "A"\nnames = ["re:(unclosed"]\n', "bad term 're:(unclosed'"),
        (ONE + 'threshhold = 2\n', "unknown key entities[A].'threshhold'"),
        ('[[entities]]\nname = "A"\nrelated = ["b"]\n', "names is empty"),
        (ONE + '[[entities.contextual]]\nalias = "B"\n', "confirm is empty"),
        (ONE + '[[sources]]\ntype = "rss"\nurl = "https://a.b/"\n', "type must be"),
        (ONE + '[[sources]]\ntype = "feed"\nurl = "ftp://a.b/"\n', "not an http(s) URL"),
        (ONE + 'threshold = -1\n', "threshold must be > 0"),
        ('[[entities]]\nname = "A"\nnames = [3]\n', "list of non-empty strings"),
    ],
)
def test_bad_profile_is_a_one_line_error_naming_the_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TopicError) as err:
        load_topic(path)
    message = str(err.value)
    assert message.startswith("broken.toml: ")
    assert problem in message
    assert "\n" not in message
    with pytest.raises(TopicError):
        load_topics(tmp_path)


def test_unknown_topic_name(tmp_path: Path) -> None:
    with pytest.raises(TopicError, match="no topic profile named 'nope'"):
        load_topic("nope", seeds_dir=tmp_path)


def test_ms_as_kts_partner_counts_and_its_traps_do_not(topic: Topic) -> None:
    """"KT·MS", "KT-MS", "KT와 MS", "KT, MS", "MS와 KT" and MS 리서치/MSR are Microsoft with no
    other Microsoft word; MS as market share, Morgan Stanley or a degree next to KT, SKT·MS,
    KT&G·MS and kt wiz stay out (the q rows of the labelled set)."""
    rows = [r for r in _labelled() if r["id"].startswith("q")]
    assert sum(r["label"] == "relevant" for r in rows) >= 8 and sum(r["label"] == "irrelevant" for r in rows) >= 8
    for r in rows:
        m = topic.match(r["title"], r["lede"])
        assert m.relevant is (r["label"] == "relevant"), (r["id"], r["title"], m.explain())


def test_readme_topics_check_example_gives_the_verdict_shown(tmp_path: Path) -> None:
    import re

    from tests.conftest import ROOT, run_newsmon

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r'newsmon topics check --title "(KT·MS, 광화문에 AI 센터)"[^\n]*\n((?:#[^\n]*\n)+)', readme)
    assert block, "README lost its topics check example"
    shown = [line[2:].rstrip() for line in block.group(2).splitlines()]
    result = run_newsmon("topics", "check", "--title", block.group(1), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[: len(shown)] == shown


def test_a_second_watch_brings_its_own_event_names(tmp_path: Path) -> None:
    """Story names for developments come from the profile: another watch, another vocabulary."""
    from newsmon.events.terms import Vocabulary, article_terms

    profile = SAMSUNG_GOOGLE + (
        '\n[developments]\nalias_weight = 0.5\nstory_words = { "xr" = 0.4 }\n'
        '[[developments.names]]\nname = "gemini"\nko = ["제미나이"]\nen = ["gemini"]\nstory = 0.3\n'
    )
    (tmp_path / "samsung-google.toml").write_text(profile, encoding="utf-8")
    sg = load_topic("samsung-google", seeds_dir=tmp_path)
    vocabulary = Vocabulary.from_topics([sg])
    ko = article_terms("삼성전자, 구글 제미나이 탑재", "삼성전자가 제미나이를 넣는다.", None, vocabulary)
    en = article_terms("Samsung puts Gemini on its XR headset", "Samsung will ship Gemini.", None, vocabulary)
    assert "e:gemini" in ko and "e:gemini" in en and "e:kt" not in ko
    assert vocabulary.story["e:gemini"] == 0.3 and vocabulary.story["w:xr"] == 0.4
    assert vocabulary.story["w:구글"] == 0.5  # an alias of the profile, as a plain word
    kt = Vocabulary.from_topics([load_topic(SEEDS / "kt-microsoft.toml")])
    assert "e:gemini" not in article_terms("삼성전자, 구글 제미나이 탑재", "", None, kt)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (ONE + '[developments]\ncolour = 1\n', "unknown key developments.'colour'"),
        (ONE + '[[developments.names]]\nname = "a b"\nko = ["x"]\n', "must be one word"),
        (ONE + '[[developments.names]]\nname = "x"\nen = ["(unclosed"]\n', "bad regular expression"),
        (ONE + '[[developments.names]]\nname = "x"\n', "ko and en are both empty"),
        (ONE + '[[developments.names]]\nname = "x"\nko = ["x"]\nstory = 2\n', "story must be a number in (0, 1]"),
        (ONE + '[developments]\nstory_words = { ai = 0 }\n', "story_words.ai must be a number in (0, 1]"),
    ],
)
def test_bad_developments_table_is_a_one_line_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TopicError) as err:
        load_topic(path)
    assert str(err.value).startswith("broken.toml: ") and problem in str(err.value) and "\n" not in str(err.value)
