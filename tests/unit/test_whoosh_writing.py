"""The leaner index writer (core/whoosh_writing.py) files exactly the postings Whoosh's does, and
counts the posting pool's memory as Whoosh does (which decides when it spills to disk)."""

from __future__ import annotations

from whoosh import writing
from whoosh.codec import whoosh3
from whoosh.filedb.filestore import RamStorage

from newsreader.bench.synthetic import generate
from newsreader.core import whoosh_writing
from newsreader.core.corpus import load_file
from newsreader.core.schema import analyse_body, make_schema

ORIGINAL_POOL_ADD = whoosh_writing._original_pool_add
ORIGINAL_ADD_POSTING = whoosh_writing._original_add_posting


def _build(articles) -> tuple[dict, int]:
    ix = RamStorage().create_index(make_schema())
    writer = ix.writer()
    for n, article in enumerate(articles):
        writer.add_document(id=str(n), path=str(n), title=article.title, body=analyse_body(article.body),
                            _stored_body=article.body)
    pool_size = writer.pool.currentsize
    writer.commit()
    postings = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for fieldname, word in reader.all_terms():
            matcher, rows = reader.postings(fieldname, word), []
            while matcher.is_active():  # each posting, with the bounds of its block
                rows.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_min_length(),
                             matcher.block_max_length(), matcher.block_max_weight()))
                matcher.next()
            postings[fieldname, word] = rows
    return postings, pool_size


def test_the_lean_writer_files_what_whooshs_own_files(tmp_path, monkeypatch):
    articles = [load_file(path).articles[0] for path in generate(tmp_path, 150, seed=3)]
    ours, our_pool = _build(articles)
    monkeypatch.setattr(writing.PostingPool, "add", ORIGINAL_POOL_ADD)
    monkeypatch.setattr(whoosh3.W3PostingsWriter, "add_posting", ORIGINAL_ADD_POSTING)
    theirs, their_pool = _build(articles)
    assert ours == theirs and len(ours) > 1000
    assert our_pool == their_pool > 0
