"""Merged timelines: periods, ordering, grouping of one event told by several sources."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from newsreader.core.index import update_index
from newsreader.core.library import Library
from newsreader.extract.timeline import Mention, in_range, merge, parse_bound, period, sort_key

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value, expected", [
    ("2019-04-07", (date(2019, 4, 7), date(2019, 4, 7), "day")),
    ("2019-04", (date(2019, 4, 1), date(2019, 4, 30), "month")),
    ("2020-02", (date(2020, 2, 1), date(2020, 2, 29), "month")),
    ("2019-12", (date(2019, 12, 1), date(2019, 12, 31), "month")),
    ("2019", (date(2019, 1, 1), date(2019, 12, 31), "year")),
    ("2019-W14", (date(2019, 4, 1), date(2019, 4, 7), "week")),
    ("2019-W14-WE", (date(2019, 4, 6), date(2019, 4, 7), "weekend")),
    ("2020-W53", (date(2020, 12, 28), date(2021, 1, 3), "week")),
    ("nonsense", None),
    ("2019-13", None),
])
def test_period(value, expected):
    assert period(value) == expected


def test_order_is_by_date_day_values_first():
    values = ["2019", "2019-04", "2019-04-01", "2019-W14", "2019-03-31", "2018-12"]
    assert sorted(values, key=sort_key) == ["2018-12", "2019", "2019-03-31", "2019-04-01", "2019-W14", "2019-04"]


def test_range_bounds_and_containment():
    assert parse_bound("2019-04") == date(2019, 4, 1) and parse_bound("2019-04", end=True) == date(2019, 4, 30)
    with pytest.raises(ValueError, match="not a date"):
        parse_bound("April")
    start, end = date(2019, 4, 1), date(2019, 4, 30)
    assert in_range("2019-04-07", start, end) and in_range("2019-W14", start, end)
    assert not in_range("2019", start, end) and not in_range("2019-05-01", start, end)
    assert in_range("2011", None, None)


def _mention(article, source, start=0):
    return Mention(article, f"title {article}", source, "2019-04-08", "Sunday", start, start + 6)


def test_near_identical_sentences_with_one_value_are_one_event():
    items = [
        ("2019-04-07", None, "Forces said Sunday they struck a suburb of Tripoli.", None, _mention("a1", "AFP")),
        ("2019-04-07", None, "Forces said on Sunday they struck a suburb of Tripoli.", None, _mention("a2", "Reuters")),
        ("2019-04-06", None, "Forces said on Sunday they struck a suburb of Tripoli.", None, _mention("a3", "AP")),
        ("2019-04-07", None, "An entirely different thing happened in Misrata.", None, _mention("a4", "AP")),
    ]
    events = merge(items)
    assert [(e.value, e.sources) for e in events] == [("2019-04-06", 1), ("2019-04-07", 2), ("2019-04-07", 1)]
    assert {m.article_id for m in events[1].mentions} == {"a1", "a2"}


def test_corpus_timeline_from_the_index(seed_corpus, tmp_path):
    (seed_corpus / "copy.txt").write_text(
        "---\ntitle: Wire copy\nsource: Agency X\npublished: 2019-04-08\n---\n"
        "Since the unrest started on April 4, an estimated 2,200 people have fled the fighting south of "
        "Tripoli, the United Nations humanitarian office said, adding that many civilians were trapped and "
        "cut off from emergency services.\n")
    update_index(tmp_path / "ix", seed_corpus)
    with Library(tmp_path / "ix") as lib:
        found = lib.timeline()
        events, articles = found.events, found.articles
        assert articles == 6
        keys = [sort_key(e.value) for e in events]
        assert keys == sorted(keys)
        (fled,) = [e for e in events if "2,200 people have fled" in e.sentence]
        assert fled.value == "2019-04-04" and fled.sources == 2
        april = lib.timeline("misrata", date(2019, 4, 1), date(2019, 4, 30)).events
        assert april and all(e.value.startswith("2019-04") or e.value.startswith("2019-W1") for e in april)
        assert {m.article_id for e in april for m in e.mentions} == {lib.search("misrata").hits[0].id}


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_dates", REPO / "benchmarks" / "eval_dates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", ["tests/data/timeline_gold", "tests/data/timeline_heldout"])
def test_timeline_quality_on_annotated_articles(folder):
    f1, accuracy = _eval_module().score(REPO / folder)
    assert f1 >= 0.95 and accuracy >= 0.95, (folder, f1, accuracy)


@pytest.mark.parametrize("value, mod, said", [
    ("2019-04-06", None, "6 Apr 2019"), ("2019-W15", None, "week of 8 Apr 2019"),
    ("2020-W15-WE", None, "weekend 11–12 Apr 2020"), ("2019-W35-WE", None, "weekend 31 Aug–1 Sep 2019"),
    ("2019-04", None, "Apr 2019"), ("2019-04", "START", "early Apr 2019"), ("2019", "END", "late 2019"),
    ("2019", None, "2019"), ("not a value", None, "not a value"),
])
def test_human_date(value, mod, said):
    from newsreader.extract.timeline import human_date

    assert human_date(value, mod) == said
