"""Whoosh's top N equal the best of an exhaustive search, on a news-like index of several
segments with deleted documents (the shape in which its matcher shortcuts went wrong)."""

from __future__ import annotations

import pytest
from whoosh.query import FuzzyTerm, Prefix, TermRange, Wildcard

from newsreader.core.expansions import one_expansion_per_search
from newsreader.core.query import make_parser, parse_query

QUERIES = ["leader Khalifa", "forces vast", "haftar the", "international for", "(ceasefire OR truce) talks",
           "down groups", "tripoli OR benghazi", '"national army"', "militias tripoli", "fighting warns",
           "escalation haftar", "talks Geneva", "oil ports", "government accord",
           "hafter~", "tri*", "ceasefire", 'haftar NOT "national army"', '"the government" OR "national army"',
           'forces "the government"', '"political solution" -tripoli']


@pytest.fixture
def searcher(news_searcher):
    return news_searcher


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("limit", [20, 300])
def test_top_hits_are_the_best_of_all_hits(searcher, text, limit):
    q = parse_query(text, searcher.schema, make_parser(searcher.schema))
    everything = sorted(((round(h.score, 9), h.docnum) for h in searcher.search(q, limit=None)),
                        key=lambda pair: (-pair[0], pair[1]))
    assert everything
    top = [(round(h.score, 9), h.docnum) for h in searcher.search(q, limit=limit)]
    assert top == everything[:limit]


@pytest.mark.parametrize("q", [Prefix("body", "tri"), FuzzyTerm("body", "hafter", maxdist=1, prefixlength=2),
                               FuzzyTerm("body", "milita", maxdist=2, prefixlength=1), Wildcard("body", "t*i*"),
                               TermRange("body", "ca", "ce")], ids=repr)
def test_the_whole_index_expands_a_term_as_whoosh_does(searcher, q):
    """Within a search, the index's expansion is the union of its segments' (three segments
    here); Whoosh merges the segments' word lists itself."""
    reader = searcher.reader()
    assert len(reader.readers) == 3
    with one_expansion_per_search():
        ours = list(q._btexts(reader))
    assert ours == list(q._btexts(reader)) and ours


@pytest.mark.parametrize("word, maxdist, prefix", [("hafter", 1, 1), ("haftarr", 2, 1), ("tripolli", 2, 2)])
def test_near_words_over_several_segments_are_whooshs(searcher, word, maxdist, prefix):
    from whoosh.reading import IndexReader

    reader = searcher.reader()
    assert len(reader.readers) > 1  # a MultiReader
    ours = set(reader.terms_within("body", word, maxdist, prefix))
    assert ours and ours == set(IndexReader.terms_within(reader, "body", word, maxdist, prefix))
