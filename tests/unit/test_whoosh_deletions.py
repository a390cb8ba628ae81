"""Deleted documents (core/whoosh_deletions.py): never among the hits, nor brought back among the
top hits by block skipping."""

from __future__ import annotations

import random

import pytest
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.matching import wrappers
from whoosh.qparser import QueryParser


WORDS = [f"w{i}" for i in range(30)]
QUERIES = ["w0", "w1 w7", "w0 OR w12", "w2 NOT w3", '"w0 w1"', "w1*", "w3~", "(w4 OR w5) w0"]


@pytest.fixture(scope="module")
def index():
    """Two segments of 800 documents; every sixth document replaced by a new version."""
    rng = random.Random(4)
    ix = RamStorage().create_index(Schema(id=ID(stored=True, unique=True),
                                          body=TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True)))

    def text():
        return " ".join(WORDS[min(len(WORDS) - 1, int(rng.expovariate(0.15)))] for _ in range(rng.choice([5, 40])))

    for start in (0, 800):
        writer = ix.writer()
        for n in range(start, start + 800):
            writer.add_document(id=str(n), body=text())
        writer.commit(merge=False)
    writer = ix.writer()
    for n in range(0, 1600, 6):
        writer.update_document(id=str(n), body="replaced " + text())
    writer.commit(merge=False)
    return ix


def _hits(searcher, text, limit):
    q = QueryParser("body", searcher.schema).parse(text)
    return [(hit.docnum, round(hit.score, 9)) for hit in searcher.search(q, limit=limit)]


@pytest.mark.parametrize("text", QUERIES)
def test_top_hits_are_the_best_live_hits(index, text):
    with index.searcher() as searcher:
        assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
        assert not any(searcher.reader().is_deleted(docnum) for docnum, _ in _hits(searcher, text, None))
        everything = sorted(_hits(searcher, text, None), key=lambda hit: (-hit[1], hit[0]))
        assert [hit for hit in _hits(searcher, text, 10)] == everything[:10]


def test_an_article_is_found_by_id_in_its_new_version(index):
    with index.searcher() as searcher:
        assert searcher.document(id="6")["body"].startswith("replaced ")


def _strong_deleted_document_index():
    """Documents of one word; the strongest one (far ahead of the rest) is deleted, and it is the
    first document of its block of postings."""
    rng = random.Random(2)
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT(analyzer=StandardAnalyzer(stoplist=None))))
    writer = ix.writer()
    for n in range(2000):
        writer.add_document(id=str(n), body=" ".join(["w"] * (9 if n == 640 else rng.choice([1, 2])) + ["x"] * 30))
    writer.commit()
    writer = ix.writer()
    writer.delete_by_term("id", "640")
    writer.commit(merge=False)
    return ix


def test_a_deleted_document_never_comes_back_when_blocks_are_skipped():
    with _strong_deleted_document_index().searcher() as searcher:
        top = [docnum for docnum, _ in _hits(searcher, "w", 5)]
        assert 640 not in top and len(top) == 5


def test_whooshs_own_skipping_brought_a_deleted_document_back(monkeypatch):
    """Guards the test above: Whoosh's filter skipped blocks onto a deleted document."""
    monkeypatch.setattr(wrappers.FilterMatcher, "skip_to_quality", wrappers.WrappingMatcher.skip_to_quality)
    with _strong_deleted_document_index().searcher() as searcher:
        assert 640 in [docnum for docnum, _ in _hits(searcher, "w", 5)]


def test_a_filtered_posting_list_tells_when_it_enters_a_new_block():
    """In a segment with deleted documents every posting list is filtered; the collector only
    looks for blocks it can skip when `next` says a new block began, so the filter must say so."""
    ix = RamStorage().create_index(Schema(body=TEXT(analyzer=StandardAnalyzer(stoplist=None))))
    writer = ix.writer()
    for n in range(1000):
        writer.add_document(body="w x" if n % 2 else "x")
    writer.commit()
    with ix.searcher() as searcher:
        plain = searcher.reader().postings("body", "w")
        filtered = wrappers.FilterMatcher(searcher.reader().postings("body", "w"), frozenset({5, 7, 301}), exclude=True)
        blocks_plain = blocks_filtered = 0
        while plain.is_active():
            blocks_plain += bool(plain.next())
        while filtered.is_active():
            blocks_filtered += bool(filtered.next())
        assert blocks_plain > 2 and blocks_filtered == blocks_plain
