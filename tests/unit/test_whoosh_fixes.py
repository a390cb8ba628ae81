"""The Whoosh fixes in core/whoosh_quality.py and core/whoosh_phrase.py: top hits found with
block skipping and the fast phrase matcher equal those of an exhaustive search."""

from __future__ import annotations

import random

import pytest
from whoosh import collectors
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.matching import ListMatcher, binary, combo, wrappers
from whoosh.qparser import QueryParser
from whoosh.query import Prefix, positional

from newsreader.core import whoosh_patches as patches
from newsreader.core import whoosh_phrase, whoosh_quality
from newsreader.core.expansions import one_expansion_per_search

WORDS = [f"w{i}" for i in range(60)]


@pytest.fixture(scope="module")
def searcher():
    """3,000 short documents; word frequencies and document lengths vary a lot, so that the
    score bounds of posting blocks (128 postings each) differ from block to block."""
    rng = random.Random(5)
    ix = RamStorage().create_index(Schema(body=TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True)))
    writer = ix.writer()
    for _ in range(3000):
        length = rng.choice([5, 20, 80, 300])
        words = [WORDS[min(len(WORDS) - 1, int(rng.expovariate(0.08)))] for _ in range(length)]
        writer.add_document(body=" ".join(words))
    writer.commit()
    with ix.searcher() as s:
        yield s


@pytest.fixture(scope="module")
def drifting():
    """2,000 documents of one length where 'rare' is frequent early, weak in the middle and
    strongest at the end: the shape (common in real corpora, where topics drift with time)
    that made Whoosh skip past the best documents."""
    rng = random.Random(1)
    ix = RamStorage().create_index(Schema(body=TEXT(analyzer=StandardAnalyzer(stoplist=None))))
    writer = ix.writer()
    for docnum in range(2000):
        if docnum < 13:
            repeats = 4 if docnum == 12 else 3
        elif docnum % 4:
            repeats = 0
        else:
            repeats = 6 if docnum >= 1800 else rng.choice([1, 2])
        words = ["common"] + ["rare"] * repeats
        words += [f"f{rng.randrange(300)}" for _ in range(40 - len(words))]
        rng.shuffle(words)
        writer.add_document(body=" ".join(words))
    writer.commit()
    with ix.searcher() as s:
        yield s


def _top(searcher, q, usequality: bool) -> list[tuple[int, float]]:
    collector = collectors.TopCollector(limit=10, usequality=usequality)
    searcher.search_with_collector(q, collector)
    return [(hit.docnum, round(hit.score, 6)) for hit in collector.results()]


QUERIES = ["w0 w25", "w1 w30", "w3 w40", "w0 OR w35", "w2 OR w28 OR w45", "w0 w1 w22", "w1*",
           "w2* w3", "w33~", "w5 (w2 OR w28 OR w45)", "w20 OR (w1 OR w30 OR w41)", '"w0 w1"', '"w0 w20"', '"w2 w0 w1"', '"w1 w31"']
DRIFTING = ["common rare", "common OR rare", "rare OR common"]


@pytest.mark.parametrize("text", QUERIES)
def test_block_skipping_keeps_every_top_hit(searcher, text):
    _check_top_hits(searcher, text)


@pytest.mark.parametrize("text", DRIFTING)
def test_block_skipping_keeps_top_hits_when_scores_drift(drifting, text):
    _check_top_hits(drifting, text)
    assert _top(drifting, QueryParser("body", drifting.schema).parse(text), True)[0][0] >= 1800


def _check_top_hits(searcher, text):
    q = QueryParser("body", searcher.schema).parse(text)
    exhaustive = _top(searcher, q, usequality=False)
    assert exhaustive, "the query should match something"
    assert _top(searcher, q, usequality=True) == exhaustive


def test_whoosh_own_skipping_loses_top_hits(drifting, monkeypatch):
    """Guards the tests above: with Whoosh's original skipping the best documents are lost."""
    for cls, method in whoosh_quality.ORIGINAL.items():
        monkeypatch.setattr(cls, "skip_to_quality", method)
    q = QueryParser("body", drifting.schema).parse("common OR rare")
    assert _top(drifting, q, usequality=True) != _top(drifting, q, usequality=False)


@pytest.mark.parametrize("text", [q for q in QUERIES if q.startswith('"')])
def test_fast_phrases_match_whooshs_own(searcher, text, monkeypatch):
    q = QueryParser("body", searcher.schema).parse(text)
    ours = [(hit.docnum, round(hit.score, 6)) for hit in searcher.search(q, limit=None)]
    monkeypatch.setattr(positional.Phrase, "matcher", whoosh_phrase._original_matcher)
    theirs = [(hit.docnum, round(hit.score, 6)) for hit in searcher.search(q, limit=None)]
    assert ours == theirs and ours


def test_a_phrase_is_its_words_in_order_and_adjacent(searcher):
    parse = QueryParser("body", searcher.schema).parse
    found = {hit.docnum for hit in searcher.search(parse('"w0 w1"'), limit=None)}
    expected = {docnum for docnum, fields in enumerate(searcher.all_stored_fields())
                if " w0 w1 " in f" {fields['body']} "}
    assert found == expected and found


@pytest.mark.parametrize("word,maxdist,prefix", [("w33", 1, 1), ("w3", 2, 1), ("w45", 1, 2), ("w12", 2, 2)])
def test_fuzzy_words_are_whooshs_own(searcher, word, maxdist, prefix):
    reader = searcher.reader()
    ours = sorted(reader.terms_within("body", word, maxdist, prefix))
    assert ours == sorted(patches._original_terms_within(reader, "body", word, maxdist, prefix)) and ours


def test_a_term_is_expanded_once_per_search(searcher, monkeypatch):
    reader = searcher.reader()
    calls = []
    original = reader.expand_prefix
    monkeypatch.setattr(reader, "expand_prefix", lambda *args: calls.append(args) or original(*args))
    q = Prefix("body", "w1")
    with one_expansion_per_search():
        first = list(q._btexts(reader))
        assert q.estimate_size(reader) > 0 and list(q._btexts(reader)) == first
    assert len(calls) == 1 and len(first) == 11
    list(q._btexts(reader))
    assert len(calls) == 2, "outside a search nothing is remembered"


def test_an_optional_word_follows_the_required_one_after_a_skip():
    """`AndMaybeMatcher.skip_to` left the optional word behind the required one, so its score
    went missing (a 10,000-article index lost its best hit for `leader Khalifa` that way)."""
    required = ListMatcher([1, 9], weights=[1.0, 1.0])
    optional = ListMatcher([1, 4, 9], weights=[2.0, 2.0, 2.0])
    matcher = binary.AndMaybeMatcher(required, optional)
    matcher.skip_to(2)
    assert matcher.id() == 9 and matcher.weight() == 3.0


def _whooshs_own_part_reading(self):
    whoosh_quality._original_read_part(self)
    self._newsreader_bound = max(self._a)


@pytest.mark.parametrize("text", ["w2 OR w28 OR w45", "w20 OR (w1 OR w30 OR w41)", "w1*", "w4*"])
def test_words_read_a_part_at_a_time_score_as_in_whoosh(searcher, text, monkeypatch):
    """An OR of several words (and a prefix, unscored) adds its words' scores 2,048 documents
    at a time, read here straight from the posting blocks: the same numbers as Whoosh's reading."""
    q = QueryParser("body", searcher.schema).parse(text)
    reads = []
    monkeypatch.setattr(whoosh_quality, "_add_scores", lambda *args: reads.append(1) or add_scores(*args))
    ours = [(hit.docnum, hit.score) for hit in searcher.search(q, limit=None)]
    assert reads, "the parts were read from the blocks"
    monkeypatch.setattr(combo.ArrayUnionMatcher, "_read_part", _whooshs_own_part_reading)
    assert ours == [(hit.docnum, hit.score) for hit in searcher.search(q, limit=None)] and ours


add_scores = whoosh_quality._add_scores


def test_a_part_at_a_time_matcher_tells_when_it_reads_a_new_part():
    """The collector looks for parts it can skip only when `next` says a new one began."""
    words = [ListMatcher(list(range(0, 5000, 3)), weights=[1.0] * 1667),
             ListMatcher(list(range(1, 5000, 7)), weights=[1.0] * 715)]
    matcher = combo.ArrayUnionMatcher(words, 5000, partsize=1000)
    new_parts = []
    while matcher.is_active():
        before = matcher.id()
        if matcher.next():
            new_parts.append((before, matcher.id() if matcher.is_active() else None))
    ids = sorted(set(range(0, 5000, 3)) | set(range(1, 5000, 7)))
    starts, start = [], 0
    while True:  # each part begins at the first document at or after the end of the last one
        start = next((i for i in ids if i >= start + 1000), None)
        starts.append(start)
        if start is None:
            break
    assert [after for _, after in new_parts] == starts and len(starts) == 5


def test_a_not_excludes_every_document_of_a_phrase_however_high_the_bar(searcher, monkeypatch):
    """The collector passes down the score a document must beat; what a NOT excludes does not
    add to any score, so it must stay whole (a phrase passes over documents scoring too little)."""
    phrase = QueryParser("body", searcher.schema).parse('"w0 w1"')
    reader = searcher.reader()
    with_phrase = set(phrase.matcher(searcher).all_ids())
    inverse = wrappers.InverseMatcher(phrase.matcher(searcher), reader.doc_count_all())
    inverse = inverse.replace(1000.0)
    assert set(inverse.all_ids()) == set(range(reader.doc_count_all())) - with_phrase and with_phrase
    monkeypatch.setattr(wrappers.InverseMatcher, "replace", wrappers.WrappingMatcher.replace)
    inverse = wrappers.InverseMatcher(phrase.matcher(searcher), reader.doc_count_all()).replace(1000.0)
    assert set(inverse.all_ids()) != set(range(reader.doc_count_all())) - with_phrase, "Whoosh's own replace"


def test_in_memory_indexes_share_no_temp_folder_and_leave_none_behind(tmp_path):
    """Two processes writing in-memory indexes at once must not share Whoosh's `MAIN.tmp`, and
    each leaves its temp folder as it found it."""
    import subprocess
    import sys

    script = ("import newsreader.core.whoosh_patches as patches; patches.apply()\n"
              "from whoosh.filedb.filestore import RamStorage\n"
              "from whoosh.fields import Schema, TEXT\n"
              "ix = RamStorage().create_index(Schema(t=TEXT(stored=True)))\n"
              "for n in range(20):\n"
              "    w = ix.writer(); w.add_document(t=f'word{n} common'); w.commit()\n"
              "w = ix.writer(); w.add_document(t='cancelled'); w.cancel()\n"
              "assert ix.searcher().doc_count() == 20\n")
    env = {"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.Popen([sys.executable, "-c", script], env=env) for _ in range(2)]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    assert list(tmp_path.iterdir()) == []
