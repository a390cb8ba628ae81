"""Saved web pages of the shapes that went wrong on real sites: several <article>s, no <article>
or <main>, a page inside a <form>, tables, and dates stated in JSON-LD, meta tags, the URL and in
UTC near midnight. Each page is small and written here; the body sentences are the article."""

from __future__ import annotations

from datetime import date

import pytest

from newsreader.extract.corpus import parse_file
from newsreader.extract.htmltext import extract_html

STORY = [
    "Forces loyal to the eastern commander advanced on the southern edge of Tripoli on Sunday, residents said.",
    "The United Nations envoy called for a humanitarian truce to let civilians leave the fighting zone.",
    "Officials at the health ministry said the clashes had killed at least twenty-one people since Thursday.",
    "Talks planned for the middle of the month in the city of Ghadames were put off until further notice.",
    "Diplomats in Geneva said the two sides had agreed to meet again once the fighting had eased.",
]
NAV = "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
FOOT = "<footer><p>Contact us</p><p>Terms of use</p><p>Newsletter sign-up and all the latest offers</p></footer>"


def _paragraphs(lines=STORY) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Clashes near Tripoli | The Daily Site</title>{head}</head><body>{body}</body></html>"


def _load(html: str, name: str = "page.html"):
    (article,) = parse_file(name, html.encode()).articles
    return article


def _assert_story_only(body: str, *absent: str) -> None:
    for line in STORY:
        assert line in body
    for text in absent:
        assert text not in body


def test_a_page_with_teaser_articles_keeps_the_story_only():
    teasers = "".join(f"<article><h2><a href='/t{n}'>Teaser headline number {n}</a></h2>"
                      f"<p><a href='/t{n}'>A short teaser line for another story {n}.</a></p></article>" for n in range(4))
    html = _page(f"{NAV}<main><article><h1>Clashes near Tripoli</h1>{_paragraphs()}</article>"
                 f"<section class='related'>{teasers}</section></main>{FOOT}")
    _assert_story_only(_load(html).body, "Teaser headline", "teaser line", "Terms of use")


def test_a_page_with_neither_article_nor_main_drops_menus_and_footers():
    menu = "<div class='menu'><ul>" + "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(12)) + "</ul></div>"
    ticker = "<div class='ticker'><a href='/m'>Markets: Dow up 0.4%</a> <a href='/o'>Oil: Brent $62</a></div>"
    html = _page(f"{menu}{ticker}<div class='content'><h1>Clashes near Tripoli</h1>{_paragraphs()}</div>{FOOT}")
    _assert_story_only(_load(html).body, "Section 3", "Brent", "Terms of use")


def test_a_page_inside_a_form_is_not_empty():
    html = _page(f"<form id='aspnetForm' action='/story'>{NAV}<div><h1>Clashes near Tripoli</h1>"
                 f"{_paragraphs()}</div></form>")
    _assert_story_only(_load(html).body)


def test_the_numbers_of_a_table_in_the_story_are_kept():
    table = ("<table><tr><th>Year</th><th>Casualties</th></tr><tr><td>2019</td><td>1,093</td></tr>"
             "<tr><td>2020</td><td>412</td></tr></table>")
    html = _page(f"<article><h1>Clashes near Tripoli</h1>{_paragraphs(STORY[:3])}{table}{_paragraphs(STORY[3:])}</article>")
    body = _load(html).body
    _assert_story_only(body)
    assert "1,093" in body and "412" in body


def test_a_page_too_short_for_trafilatura_still_gives_its_text():
    html = _page("<article><p>Short notice: the Tripoli airport reopened on Monday.</p></article>")
    assert "the Tripoli airport reopened on Monday" in _load(html).body


def test_title_source_and_url_come_from_the_page():
    head = ('<meta property="og:title" content="Clashes near Tripoli | The Daily Site">'
            '<meta property="og:site_name" content="The Daily Site">'
            '<link rel="canonical" href="https://daily.example/world/clashes-near-tripoli">')
    meta, _ = extract_html(_page(f"<article>{_paragraphs()}</article>", head))
    assert meta["title"] == "Clashes near Tripoli"
    assert meta["source"] == "The Daily Site"
    assert meta["url"] == "https://daily.example/world/clashes-near-tripoli"


def test_json_ld_gives_headline_publisher_and_date():
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
            '{"@type": "WebSite", "name": "Site"}, {"@type": "NewsArticle", "headline": "Clashes near Tripoli",'
            ' "datePublished": "2019-04-07T18:20:00+02:00", "publisher": {"@type": "Organization",'
            ' "name": "Libya Wire"}}]}</script>')
    meta, _ = extract_html(_page(f"<article>{_paragraphs()}</article>", head))
    assert (meta["title"], meta["source"], meta["published"]) == ("Clashes near Tripoli", "Libya Wire", "2019-04-07")


def test_broken_json_ld_still_gives_its_date():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-04-07", }</script>'
    assert extract_html(_page(f"<article>{_paragraphs()}</article>", head))[0]["published"] == "2019-04-07"


@pytest.mark.parametrize("head, expected", [
    ('<meta property="article:published_time" content="2019-04-07T22:30:00-04:00">', "2019-04-07"),  # never the UTC day
    ('<meta name="sn-post-date" content="2019/04/07">', "2019-04-07"),  # a site's own name for it
    ('<meta name="date" content="April 7, 2019 12:32">', "2019-04-07"),
    ('<meta property="article:modified_time" content="2019-05-01T10:00:00Z">', None),  # an update is no publication
])
def test_publication_day_from_meta_tags(head, expected):
    meta, _ = extract_html(_page(f"<article>{_paragraphs()}</article>", head))
    assert meta.get("published") == expected


def test_a_time_element_marked_as_published_wins_over_other_times():
    body = (f"<article><time datetime='2019-04-09'>Related, 9 April</time>{_paragraphs()}"
            f"<time itemprop='datePublished' datetime='2019-04-07T09:00:00'>7 April</time></article>")
    assert extract_html(_page(body))[0]["published"] == "2019-04-07"


def test_the_url_path_dates_a_page_with_no_other_date():
    head = '<link rel="canonical" href="https://daily.example/2019/04/07/clashes-near-tripoli/">'
    assert _load(_page(f"<article>{_paragraphs()}</article>", head)).published == date(2019, 4, 7)


@pytest.mark.parametrize("stamp", ["2019-04-08T03:10:00Z", "2019-04-08T03:10:00+00:00", "Mon Apr 08 2019 03:10:00 GMT"])
def test_a_utc_stamp_after_midnight_takes_the_local_day_of_the_url(stamp):
    head = (f'<meta property="article:published_time" content="{stamp}">'
            '<link rel="canonical" href="https://daily.example/2019/04/07/clashes-near-tripoli/">')
    assert extract_html(_page(f"<article>{_paragraphs()}</article>", head))[0]["published"] == "2019-04-07"


def test_a_utc_stamp_with_no_local_day_beside_it_is_taken_as_written():
    head = '<meta property="article:published_time" content="2019-04-08T03:10:00Z">'
    assert extract_html(_page(f"<article>{_paragraphs()}</article>", head))[0]["published"] == "2019-04-08"


def test_twice_escaped_meta_and_a_source_with_a_tagline_are_tidied():
    head = ('<meta property="og:title" content="&amp;#8216;Truce&amp;#8217; talks resume">'
            '<meta property="og:site_name" content="Daily Site | The best news in the region">')
    meta, _ = extract_html(_page(f"<article>{_paragraphs()}</article>", head))
    assert meta["title"] == "\u2018Truce\u2019 talks resume" and meta["source"] == "Daily Site"


def test_an_html_record_inside_json_is_read_as_a_page(tmp_path):
    import json

    record = {"title": "Clashes", "body": _page(f"{NAV}<article>{_paragraphs()}</article>{FOOT}")}
    (article,) = parse_file("feed.json", json.dumps(record).encode()).articles
    _assert_story_only(article.body, "Terms of use", "Sport")


def test_offsets_of_entities_and_events_point_into_the_page_body(tmp_path):
    from newsreader.extract.corpus import load_file
    from newsreader.extract.pipeline import article_json, extract

    head = '<meta property="article:published_time" content="2019-04-07T10:00:00+02:00">'
    page = tmp_path / "page.html"
    page.write_text(_page(f"{NAV}<article><h1>Clashes near Tripoli</h1>{_paragraphs()}</article>{FOOT}", head))
    (article,) = load_file(page).articles
    record = article_json(article, extract(article))
    spans = record["entities"] + record["timeline"]
    assert any(span["text"] == "Tripoli" for span in spans) and any(span["text"] == "Sunday" for span in spans)
    assert all(record["body"][span["start"]:span["end"]] == span["text"] for span in spans)
