"""Reading whole posting lists gives Whoosh's own top N: the same documents, the same scores to
the last bit, the same order among ties; and phrases are confirmed from their positions."""

from __future__ import annotations

import pytest
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.matching import combo
from whoosh.query import And, ConstantScoreQuery, Every, Not, Or, Phrase, Require, Term

from newsreader.core.deadline import time_limit
from newsreader.core import bulk
from newsreader.core.expansions import one_expansion_per_search
from newsreader.core.query import make_parser, parse_query

QUERIES = ["leader Khalifa", "forces vast", "haftar the", "(ceasefire OR truce) talks", "tripoli OR benghazi",
           '"national army"', "militias tripoli", "talks Geneva", "oil ports", "government accord",
           "hafter~", "tri*", "trip*", "mil*", "ceasefire", 'haftar NOT "national army"',
           '"the government" OR "national army"', 'forces "the government"', '"the national army"',
           "title:haftar", "haftar NOT tripoli", '"political solution" OR militias', "zzzunknown",
           '"army national"']


def _both(searcher, text: str, limit: int):
    with one_expansion_per_search():
        q = parse_query(text, searcher.schema, make_parser(searcher.schema))
        theirs = [(hit.docnum, hit.score) for hit in searcher.search(q, limit=limit)]
        ours = bulk.top(searcher, q, limit)
    return q, theirs, ours


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("limit", [1, 20, 300])
def test_the_top_n_is_whooshs_exactly(news_searcher, text, limit):
    _, theirs, ours = _both(news_searcher, text, limit)
    assert ours is not None
    assert ours.hits == theirs  # documents, scores (exact floats) and order
    assert not ours.partial


@pytest.mark.parametrize("text", ["leader Khalifa", "tripoli OR benghazi", "tri*", "hafter~", "haftar NOT tripoli"])
def test_word_queries_count_every_match(news_searcher, text):
    q, _, ours = _both(news_searcher, text, 20)
    assert ours.exact_total and ours.total == len(news_searcher.search(q, limit=None))


@pytest.mark.parametrize("text", ['"national army"', '"the government" OR "national army"', '"army national"'])
def test_phrase_counts_are_exact_or_within_a_tenth(news_searcher, text):
    """A broad phrase's count is estimated from a sample of the candidates it did not read (the
    app says "about"); the issue's bar is 10 %."""
    q, _, ours = _both(news_searcher, text, 20)
    matches = len(news_searcher.search(q, limit=None))
    assert ours.total == matches if ours.exact_total else abs(ours.total - matches) <= 0.1 * matches
    _, _, everything = _both(news_searcher, text, 5000)  # every candidate checked: exact
    assert everything.exact_total and everything.total == matches


@pytest.fixture(scope="module")
def tagged():
    """An unscored field (like the entity facets) whose postings fill blocks, and a deletion."""
    ix = RamStorage().create_index(Schema(id=ID(stored=True), tags=KEYWORD(scorable=False), body=TEXT))
    writer = ix.writer()
    for n in range(300):
        writer.add_document(id=str(n), tags="red" if n % 3 else "red blue", body="word " * (1 + n % 5))
    writer.commit()
    writer = ix.writer()
    writer.delete_by_term("id", "7")
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        yield searcher


@pytest.mark.parametrize("q", [Term("tags", "red"), Or([Term("tags", "blue"), Term("body", "word")])])
def test_an_unscored_field_weighs_one_as_in_whoosh(tagged, q):
    theirs = [(hit.docnum, hit.score) for hit in tagged.search(q, limit=60)]
    ours = bulk.top(tagged, q, 60)
    assert ours.hits == theirs and len(theirs) == 60
    assert 7 not in {docnum for docnum, _ in ours.hits}, "the deleted document stays out"


def test_a_lone_not_is_every_other_live_document(news_searcher):
    """(Whoosh's own answer here also holds document 399, deleted: the last of a segment.)"""
    reader = news_searcher.reader()
    with_word = {h.docnum for h in news_searcher.search(Term("body", "tripoli"), limit=None)}
    expected = [d for d in range(reader.doc_count_all()) if d not in with_word and not reader.is_deleted(d)]
    found = bulk.top(news_searcher, Not(Term("body", "tripoli")), 5000)
    assert found.hits == [(d, 1.0) for d in expected] and found.total == len(expected) and found.exact_total


@pytest.mark.parametrize("q", [Every(), ConstantScoreQuery(Term("body", "tripoli"), 2.5),
                               And([Every(), Term("body", "militias")])])
def test_listed_documents_score_the_lists_weight_as_in_whoosh(news_searcher, q):
    for limit in (1, 20, 2000):
        assert bulk.top(news_searcher, q, limit).hits == [(h.docnum, h.score) for h in news_searcher.search(q, limit=limit)]


def test_queries_it_does_not_read_are_left_to_whoosh(news_searcher):
    assert bulk.top(news_searcher, Require(Term("body", "forces"), Term("body", "capital")), 20) is None


def test_out_of_time_returns_what_it_has_marked_partial(news_searcher):
    q = parse_query("tripoli", news_searcher.schema, make_parser(news_searcher.schema))
    with time_limit(-1):
        found = bulk.top(news_searcher, q, 20)
    assert found.partial and not found.exact_total and found.hits == []


@pytest.fixture
def small():
    schema = Schema(id=ID(stored=True), body=TEXT(phrase=True))
    ix = RamStorage().create_index(schema)
    texts = ["national army units", "army national guard", "the national army", "national guard army",
             "army", "army", "army", "national army national army"]
    for start in (0, 4):  # two segments
        with ix.writer() as writer:
            for n, text in enumerate(texts[start:start + 4], start=start):
                writer.add_document(id=str(n), body=text)
        ix = ix.refresh() if hasattr(ix, "refresh") else ix
    with ix.searcher() as s:
        yield s


def test_a_phrase_needs_its_words_next_to_each_other_in_order(small):
    found = bulk.top(small, Phrase("body", ["national", "army"]), 10)
    assert sorted(small.stored_fields(d)["id"] for d, _ in found.hits) == ["0", "2", "7"]
    assert found.hits == [(h.docnum, h.score) for h in small.search(Phrase("body", ["national", "army"]), limit=10)]


def test_ties_go_to_the_lowest_document_numbers_as_in_whoosh(small):
    q = Term("body", "army")  # the one-word articles tie
    for limit in (1, 2, 5):
        assert bulk.top(small, q, limit).hits == [(h.docnum, h.score) for h in small.search(q, limit=limit)]


def test_a_phrase_under_an_or_is_checked_per_document(small):
    q = Or([Phrase("body", ["army", "national"]), Term("body", "units")])
    found = bulk.top(small, q, 10)
    assert sorted(small.stored_fields(d)["id"] for d, _ in found.hits) == ["0", "1", "7"]
    assert found.hits == [(h.docnum, h.score) for h in small.search(q, limit=10)]


def test_a_phrase_search_stops_checking_once_the_top_n_is_settled(news_searcher):
    _, _, ours = _both(news_searcher, '"national army"', 20)
    assert not ours.exact_total  # candidates were left unchecked: their bounds could not place them


def test_a_boosted_or_of_many_parts_with_a_phrase(small, monkeypatch):
    original = combo.ArrayUnionMatcher.__init__

    def two_at_a_time(self, submatchers, doccount, boost=1.0, scored=True, partsize=2048):
        original(self, submatchers, doccount, boost, scored, partsize=2)  # past the first slice
    monkeypatch.setattr(combo.ArrayUnionMatcher, "__init__", two_at_a_time)
    q = Or([Phrase("body", ["national", "army"]), Term("body", "units"), Term("body", "guard")], boost=2.0)
    q.matcher_type = Or.ARRAY_MATCHER  # Whoosh's choice for many parts on small indexes
    assert bulk.top(small, q, 10).hits == [(h.docnum, h.score) for h in small.search(q, limit=10)]


def test_the_count_of_a_broad_phrase_is_within_ten_per_cent(news_searcher):
    for text in ('"national army"', '"the government"', 'haftar "national army"'):
        with one_expansion_per_search():
            q = parse_query(text, news_searcher.schema, make_parser(news_searcher.schema))
            ours = bulk.top(news_searcher, q, 5)
            true = len(news_searcher.search(q, limit=None))
        assert ours.exact_total or abs(ours.total - true) <= 0.1 * true, (text, ours.total, true)
