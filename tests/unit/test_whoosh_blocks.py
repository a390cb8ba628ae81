"""Posting blocks in the split layout (core/whoosh_blocks.py) read back exactly what Whoosh's own
layout holds, also with positions stored as arrays (core/positions_format.py), and skipping to a
document (core/whoosh_patches.py) lands where Whoosh's does."""

from __future__ import annotations

import random

import pytest
from whoosh.analysis import StandardAnalyzer
from whoosh.codec import whoosh3
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from newsreader.core import whoosh_blocks
from newsreader.core.positions_format import ArrayPositions, use_array_positions

WORDS = [f"w{i}" for i in range(40)]


def _documents() -> list[str]:
    """1,500 documents: common words (many blocks of postings, frequencies above one) and rare
    ones (short lists, frequencies of one)."""
    rng = random.Random(3)
    return [" ".join(WORDS[min(len(WORDS) - 1, int(rng.expovariate(0.1)))] for _ in range(rng.choice([3, 30, 90])))
            for _ in range(1500)]


def _index(documents, array_positions=False):
    schema = Schema(body=TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True))
    if array_positions:
        use_array_positions(schema)
    ix = RamStorage().create_index(schema)
    writer = ix.writer()
    for text in documents:
        writer.add_document(body=text)
    writer.commit()
    return ix


def _postings(ix) -> dict:
    """Every word's postings as (document, frequency, positions), and the layouts of its blocks."""
    found, layouts = {}, set()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for word in reader.lexicon("body"):
            matcher = reader.postings("body", word)
            rows = []
            while matcher.is_active():
                layouts.add(matcher._compression >= whoosh_blocks.SPLIT)
                rows.append((matcher.id(), matcher.weight(), matcher.value_as("positions")))
                matcher.next()
            found[word] = rows
    return found, layouts


@pytest.fixture(scope="module")
def documents():
    return _documents()


@pytest.fixture(scope="module")
def split_index(documents):
    return _index(documents)


def test_split_blocks_hold_what_whooshs_own_blocks_hold(documents, split_index, monkeypatch):
    ours, our_layouts = _postings(split_index)
    monkeypatch.setattr(whoosh3.W3PostingsWriter, "_write_block", whoosh_blocks._original_write_block)
    theirs, their_layouts = _postings(_index(documents))
    assert our_layouts == {True} and their_layouts == {False}, "both layouts are read here"
    assert ours == theirs
    assert any(len(rows) > 128 for rows in ours.values()), "some words span several blocks"
    assert any(weight > 1 for rows in ours.values() for _, weight, _ in rows)


def test_positions_stored_as_arrays_read_back_as_whooshs_own(documents, split_index):
    arrays = _index(documents, array_positions=True)
    assert type(arrays.schema["body"].format) is ArrayPositions
    assert _postings(arrays) == _postings(split_index)


def test_a_blocks_values_are_cut_one_by_one_from_what_is_stored():
    values = whoosh_blocks._Values(whoosh_blocks._join_values((b"ab", b"", b"cde")), 3)
    assert len(values) == 3
    assert [values[0], values[1], values[2], values[-1]] == [b"ab", b"", b"cde", b"cde"]
    with pytest.raises(IndexError):
        values[3]


def test_positions_are_decoded_only_when_asked_for(split_index):
    with split_index.searcher() as searcher:
        matcher = searcher.reader().postings("body", "w0")
        matcher.id(), matcher.weight()
        assert isinstance(matcher._data[2], whoosh_blocks._Encoded)
        assert matcher.value_as("positions")
        assert not isinstance(matcher._data[2], whoosh_blocks._Encoded)


def test_skip_to_lands_on_the_first_posting_at_or_after_the_target(split_index):
    rng = random.Random(8)
    with split_index.searcher() as searcher:
        reader = searcher.reader()
        ids = list(reader.postings("body", "w1").all_ids())
        assert len(ids) > 3 * 128
        for _ in range(300):
            matcher = reader.postings("body", "w1")
            start = rng.randrange(ids[-1])
            matcher.skip_to(start)
            for target in sorted(rng.sample(range(start, ids[-1] + 50), 3)):
                if not matcher.is_active():
                    break
                before, block_end = matcher.id(), matcher.block_max_id()
                entered = matcher.skip_to(target)
                expected = [i for i in ids if i >= max(target, before)]
                assert (matcher.id() if matcher.is_active() else None) == (expected[0] if expected else None)
                assert bool(entered) == (target > block_end), "True exactly when a new block was entered"

