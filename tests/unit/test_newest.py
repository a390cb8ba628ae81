"""Newest first from the `published` column: Whoosh's own date order, document for document."""

from __future__ import annotations

from datetime import datetime

import pytest
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Every, Phrase, Require, Term

from newsreader.core.deadline import time_limit
from newsreader.bench.synthetic import generate
from newsreader.core.expansions import one_expansion_per_search
from newsreader.core.date_order import newest_of_all, undated_last
from newsreader.core.newest import newest
from newsreader.core.query import column_range, make_parser, parse_query
from newsreader.core.schema import make_schema

QUERIES = ["ceasefire", "forces capital", '"national army"', '"national army" OR militias', "hafter~", "tri*",
           "haftar NOT tripoli", "published:[2016-01-01 TO 2018-12-31]", "zzzunknown"]


@pytest.fixture(scope="module")
def dated(tmp_path_factory, segmented_index):
    """Three segments with deletions; dates cut to the month, so that many articles tie, and
    every fifth article without a date."""
    files = generate(tmp_path_factory.mktemp("corpus"), 600, seed=5)

    def month_or_none(n, article):
        day = article.published
        return {"published": datetime(day.year, day.month, 1) if day and n % 5 else None}

    with segmented_index(files, 200, 9, month_or_none).searcher() as searcher:
        yield searcher


def _expected(searcher, q, limit):
    """Whoosh's date order, the articles without a date moved last, each with its relevance."""
    relevance = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
    order = [hit.docnum for hit in searcher.search(q, limit=None, sortedby="published", reverse=True)]
    dated = [d for d in order if "published" in searcher.stored_fields(d)]
    undated = [d for d in order if "published" not in searcher.stored_fields(d)]
    return [(d, relevance[d]) for d in (dated + undated)[:limit]]


@pytest.mark.parametrize("text", ["*"] + QUERIES)
@pytest.mark.parametrize("limit", [1, 20, 500])
def test_newest_first_as_whoosh_orders_them_with_their_relevance(dated, text, limit):
    with one_expansion_per_search():
        q = Every() if text == "*" else parse_query(text, dated.schema, make_parser(dated.schema))
        expected = _expected(dated, q, limit)
        ours = newest(dated, q, limit, "published")
    assert ours is not None and not ours.partial
    assert ours.hits == expected  # documents, order among equal dates, scores (exact floats)
    matches = len(dated.search(q, limit=None))
    assert ours.total == matches if ours.exact_total else ours.total >= matches


@pytest.mark.parametrize("limit", [1, 20, 500, 1000])
def test_every_article_newest_first_without_numpy_is_the_same_list(dated, limit):
    """The app's first screen reads every article's date in plain Python: the same documents,
    order, scores and count as `newest` (and so as Whoosh), deletions and undated included."""
    expected = newest(dated, Every(), limit, "published")
    ours = newest_of_all(dated, limit, "published")
    assert ours.hits == expected.hits == _expected(dated, Every(), limit)
    assert ours.total == expected.total == dated.doc_count() and ours.exact_total
    assert newest_of_all(dated, limit, "title") is None  # no such column


def test_a_range_read_from_the_column_is_read_here_too(dated):
    q = column_range(parse_query("published:[2016-01-01 TO 2018-12-31]", dated.schema,
                                 make_parser(dated.schema)), dated.schema)
    ours = newest(dated, q, 50, "published")
    assert ours.hits == _expected(dated, q, 50) and ours.exact_total and len(ours.hits) == 50


def test_articles_without_a_date_come_last(dated):
    hits = newest(dated, Every(), 1000, "published").hits
    undated = [i for i, (docnum, _) in enumerate(hits) if "published" not in dated.stored_fields(docnum)]
    assert undated and undated == list(range(len(hits) - len(undated), len(hits)))


def test_a_segment_without_any_date_is_all_undated():
    ix = RamStorage().create_index(make_schema())
    for n, published in enumerate([None, datetime(2019, 4, 4), None]):
        with ix.writer() as writer:  # one segment each
            writer.add_document(id=str(n), path=str(n), body="tripoli", published=published)
    with ix.searcher() as searcher:
        for found in (newest(searcher, Every(), 10, "published"), newest_of_all(searcher, 10, "published")):
            assert [searcher.stored_fields(d)["id"] for d, _ in found.hits] == ["1", "2", "0"]


def test_whooshs_own_sort_also_puts_the_undated_last(dated):
    q = Phrase("body", ["nation", "armi"], slop=3)  # a phrase with slop: left to Whoosh
    assert newest(dated, q, 20, "published") is None
    hits = dated.search(q, limit=None, sortedby=undated_last(dated.schema, "published"), reverse=True)
    order = [hit.docnum for hit in dated.search(q, limit=None, sortedby="published", reverse=True)]
    dated_first = [d for d in order if "published" in dated.stored_fields(d)]
    undated = [d for d in order if "published" not in dated.stored_fields(d)]
    assert dated_first and undated and [hit.docnum for hit in hits] == dated_first + undated


def test_what_it_cannot_read_is_left_to_whoosh(dated):
    assert newest(dated, Every(), 20, "title") is None  # no such column
    assert newest(dated, Require(Term("body", "forces"), Term("body", "capital")), 20, "published") is None


def test_out_of_time_returns_what_it_has_marked_partial(dated):
    with time_limit(-1):
        found = newest(dated, Every(), 20, "published")
    assert found.partial and not found.exact_total and found.hits == []
