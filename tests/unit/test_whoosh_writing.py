"""The leaner index writer (core/whoosh_writing.py) files exactly the postings Whoosh's does,
block by block, and counts the posting pool's memory as Whoosh does (which decides when it
spills to disk): in one commit, when the pool spills, and when segments are merged. It checks
that memory once a field is in rather than before each posting, so a pool spills a field later."""

from __future__ import annotations

import pytest
from whoosh import writing
from whoosh.codec import whoosh3
from whoosh.filedb.filestore import RamStorage

from newsreader.bench.synthetic import generate
from newsreader.core import whoosh_writing
from newsreader.extract.corpus import load_file
from newsreader.core.schema import analyse_body, make_schema


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    return [load_file(path).articles[0] for path in generate(folder, 150, seed=3)]


def _build(articles, *, limitmb: int = 128, commits: int = 1, marks=()) -> tuple[dict, list[int]]:
    """Index `articles` in `commits` commits (the last one merging every segment); return each
    word's postings with their blocks' bounds, and the pool's counted size and spills at each
    commit."""
    ix = RamStorage().create_index(make_schema())
    pool_sizes, per_commit = [], -(-len(articles) // commits)
    for first in range(0, len(articles), per_commit):
        writer = ix.writer(limitmb=limitmb)
        for n, article in enumerate(articles[first:first + per_commit], start=first):
            writer.add_document(id=str(n), path=str(n), title=article.title, body=analyse_body(article.body),
                                _stored_body=article.body)
        for word in marks:  # Whoosh's mark of a word with no posting (docnum -1)
            writer.pool.add(("title", word, -1, 1.0, None))
        pool_sizes.append((writer.pool.currentsize, len(writer.pool.runs)))
        writer.commit(optimize=first + per_commit >= len(articles) and commits > 1)
    postings = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 1
        for fieldname, word in reader.all_terms():
            matcher, rows = reader.postings(fieldname, word), []
            while matcher.is_active():  # each posting, with the bounds of its block
                rows.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_min_length(),
                             matcher.block_max_length(), matcher.block_max_weight()))
                matcher.next()
            postings[fieldname, word] = rows
    return postings, pool_sizes


def _whooshs_own_writer(monkeypatch) -> None:
    monkeypatch.setattr(writing, "PostingPool", whoosh_writing._original_pool)
    monkeypatch.setattr(writing.SegmentWriter, "_flush_segment", whoosh_writing._original_flush_segment)
    monkeypatch.setattr(whoosh3.W3PostingsWriter, "add_posting", whoosh_writing._original_add_posting)
    monkeypatch.setattr(writing.SegmentWriter, "add_document", whoosh_writing._original_add_document)


@pytest.mark.parametrize("limitmb, commits", [(128, 1), (1, 1), (128, 3)],
                         ids=["one commit", "pool spilled to disk", "segments merged"])
def test_the_lean_writer_files_what_whooshs_own_files(articles, monkeypatch, limitmb, commits):
    ours, our_pools = _build(articles, limitmb=limitmb, commits=commits)
    _whooshs_own_writer(monkeypatch)
    theirs, their_pools = _build(articles, limitmb=limitmb, commits=commits)
    assert ours == theirs and len(ours) > 1000
    assert max(len(rows) for rows in ours.values()) > 128  # words whose postings fill several blocks
    if limitmb > 1:
        assert our_pools == their_pools and min(our_pools)[0] > 0 and not any(runs for _, runs in our_pools)
    else:  # both spilled about as often (ours a field later each time)
        [(_, our_runs)], [(_, their_runs)] = our_pools, their_pools
        assert our_runs > 5 and abs(our_runs - their_runs) <= 1


def test_words_marked_without_postings_are_skipped_as_whoosh_skips_them(articles, monkeypatch):
    plain, _ = _build(articles[:30])
    indexed = next(word for field, word in plain if field == "title")
    marks = [b"aaaa-only-marked", indexed]  # one word only marked, one with postings too
    ours, _ = _build(articles[:30], marks=marks)
    _whooshs_own_writer(monkeypatch)
    theirs, _ = _build(articles[:30], marks=marks)
    assert ours == theirs == plain


def test_a_spilled_pool_takes_whooshs_path(articles, monkeypatch):
    grouped = []
    monkeypatch.setattr(whoosh_writing, "_write_groups", lambda *args: grouped.append(args))
    ix = RamStorage().create_index(make_schema())
    writer = ix.writer(limitmb=1)
    for n, article in enumerate(articles[:40]):
        writer.add_document(id=str(n), body=analyse_body(article.body))
    assert writer.pool.runs and not grouped
    writer.commit()
    assert not grouped
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 40 and searcher.document(id="39") is not None


def test_a_commit_files_the_grouped_postings(articles, monkeypatch):
    calls = []
    original = whoosh_writing._write_groups
    monkeypatch.setattr(whoosh_writing, "_write_groups", lambda *args: calls.append(1) or original(*args))
    _build(articles[:20])
    assert calls == [1]
