"""The date and body rules added for pages nobody on the team wrote (issue 14).

Each rule has a small page of its own in tests/pages/saved/, written for the rule
(not copied from the evaluation data), and these tests say what a user of the
extractor sees on it.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from newsmon.pages.dates import parse_date, parse_date_fields
from newsmon.pages.extract import extract_article
from newsmon.pages.html_tree import parse_tree
from newsmon.pages.page_dates import printed_snippet, visible_lines

SAVED = Path(__file__).parent / "saved"
NOW = datetime(2024, 12, 31, tzinfo=timezone.utc)


def extract(name: str, url: str = "https://example.org/news/item"):
    return extract_article((SAVED / name).read_bytes(), url, now=NOW)


@pytest.mark.parametrize(("page", "url", "published", "source"), [
    # RDFa on a <span>, two properties in one attribute.
    ("microdata_rdfa_date.html", "https://example.de/radwege", date(2021, 6, 14), "meta"),
    # Blogger wraps its posts in a "widget"; an explicit abbr.published there is the post's date,
    # while a plain <time> in the archive widget is not.
    ("abbr_published_in_widget.html", "https://example.blogspot.com/x.html", date(2016, 12, 23), "time"),
    # itemprop=datePublished given as text; the body's layout class "right-sidebar" is not page chrome.
    ("itemprop_text_date_right_sidebar.html", "https://example.de/saison", date(2019, 6, 20), "time"),
    # Modified before published (a post edited before it was scheduled to go out): published stands.
    ("time_published_updated_scheduled.html", "https://example.org/garden", date(2022, 1, 28), "meta"),
    # A publication key in the page's script state.
    ("script_state_date.html", "https://example.org/products/sidamo", date(2019, 3, 2), "script"),
    # "Mon Oct 11 14:57:21 CEST 2021": the year printed after the time, not this year's October 11.
    ("ctime_meta_date.html", "https://example.de/frauen", date(2021, 10, 11), "meta"),
])
def test_page_dates_from_markup_scripts_and_meta(page: str, url: str, published: date, source: str) -> None:
    art = extract(page, url)
    assert art.published_at is not None and art.published_at.date() == published
    assert art.published_source == source


def test_layout_classes_on_body_are_not_chrome() -> None:
    # <body class="... right-sidebar">: the densest block inside it is still the story.
    art = extract("itemprop_text_date_right_sidebar.html", "https://example.de/saison")
    assert art.body_source == "density"
    assert art.body.startswith("Mit einer kleinen Regatta") and "Sommerfest" not in art.body


def test_dateline_below_the_headline_not_in_it_nor_in_prose_nor_above() -> None:
    # The headline names the event's date (19.5.2007), a line above it an older notice, the prose
    # a future final (30. Juni 2007): the dateline under the headline is the publication date.
    page = (SAVED / "world_dateline_below_headline.html").read_text(encoding="utf-8")
    tree = parse_tree(page)
    title = "Ergebnisse vom Kreissportfest in Aalen, 19.5.2007"
    assert printed_snippet(visible_lines(tree), title) == "20. Mai 2007, 11:51"
    art = extract("world_dateline_below_headline.html", "https://example.de/ergebnisse")
    assert art.title == title
    assert art.published_at is not None and art.published_at.date() == date(2007, 5, 20)


def test_archived_copy_url_gives_the_original_not_the_capture_time() -> None:
    # The capture timestamp (2011-01-06) is when the archive fetched the page: a crawl time.
    art = extract("archived_copy.html", "https://web.archive.org/web/20110106023242/http://clan.example.de/news/111")
    assert art.published_at is None or art.published_at.date() != date(2011, 1, 6)
    art = extract("archived_copy.html", "https://web.archive.org/web/20130217080612/http://clan.example.de/2012/08/02/server")
    assert art.published_source == "url" and art.published_at is not None
    assert art.published_at.date() == date(2012, 8, 2)


def test_no_date_means_none_not_a_copyright_year() -> None:
    art = extract("copyright_only.html", "https://example.org/about")
    assert art.published_at is None and art.published_raw is None and art.published_source is None


@pytest.mark.parametrize(("text", "expected"), [
    ("6. November 2023, 15:25", datetime(2023, 11, 6, 15, 25, tzinfo=timezone.utc)),
    ("5 de noviembre de 2023", datetime(2023, 11, 5, tzinfo=timezone.utc)),
    ("29 mars 2024", datetime(2024, 3, 29, tzinfo=timezone.utc)),
    ("12 dicembre 2022", datetime(2022, 12, 12, tzinfo=timezone.utc)),
    ("Veröffentlicht am 06.10.2023", datetime(2023, 10, 6, tzinfo=timezone.utc)),
    ("Mon Oct 11 14:57:21 CEST 2021", datetime(2021, 10, 11, 12, 57, 21, tzinfo=timezone.utc)),
])
def test_world_dates_are_read(text: str, expected: datetime) -> None:
    assert parse_date(text, now=NOW, tz="UTC") == expected


def test_world_labels_split_published_from_modified() -> None:
    published, modified = parse_date_fields("Aktualisiert am 4. März 2020 Erstellt am 3. März 2020", now=NOW, tz="UTC")
    assert (published, modified) == (datetime(2020, 3, 3, tzinfo=timezone.utc), datetime(2020, 3, 4, tzinfo=timezone.utc))
    # A month word alone ("Mars", "mai") is not a date.
    assert parse_date("Mars 3 rover update", now=NOW, tz="UTC") is None
    assert parse_date("Fête de mai", now=NOW, tz="UTC") is None


STORY_START = "The city council voted on Tuesday to turn the old tram depot into a public library"
STORY_END = "expected to open in the autumn of the following year."


@pytest.mark.parametrize("page", ["comment_bodies.html", "split_story_containers.html", "teaser_articles.html",
                                  "short_pull_quote_container.html"])
def test_body_is_the_whole_story_and_nothing_else(page: str) -> None:
    # Comments styled like a text area, a story split over three containers (on a <body> whose
    # class says "paywall story"), teaser <article>s beside the story, a short pull quote marked
    # as the entry content: the body is the story from its first to its last sentence.
    art = extract(page)
    assert art.body.startswith(STORY_START), art.body[:200]
    assert art.body.endswith(STORY_END), art.body[-200:]
    for elsewhere in ("grandfather", "swimming pool", "Old Bridge", "airport", "Advertisement", "The depot in 2008"):
        assert elsewhere not in art.body


def test_bylines_among_other_stories_and_comments_are_not_the_authors() -> None:
    art = extract("bylines_elsewhere.html")
    assert art.authors == ["Mara Quinn"]
