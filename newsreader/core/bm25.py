"""Whoosh's BM25 scores from tables, for reading many postings at once; applied on import.

Whoosh scores a posting with two Python calls (the formula, then the document's field length
from a column). Readers of whole posting lists (`bulk`, and the matcher of prefixes in
`whoosh_quality`) work out the same numbers, by the same operations in the same order, from the
segment's byte-coded field lengths and the length part of the formula for each of the 256 codes.
For that, a scorer now remembers the segment reader and field it was made for.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from whoosh import scoring
from whoosh.codec import whoosh3


class Tables(NamedTuple):
    """`idf * ((tf * k1p1) / (tf + norms[lengths[docnum]]))` is Whoosh's score of a posting."""

    idf: float
    k1p1: float
    norms: list[float]
    lengths: bytes


def length_bytes(reader, fieldname: str) -> bytes | None:
    """The byte-coded length of `fieldname` in each document of a segment (read once)."""
    cache = reader.__dict__.setdefault("_newsreader_length_bytes", {})
    if fieldname not in cache:
        perdoc = getattr(reader, "_perdoc", None)
        column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN) if perdoc else None
        if column is None or getattr(column, "_fixedlen", None) != 1:
            cache[fieldname] = None
        else:
            data = column._dbfile.get(column._basepos, column._count)
            cache[fieldname] = bytes(data) + bytes(max(0, reader.doc_count_all() - len(data)))
    return cache[fieldname]


@functools.lru_cache(maxsize=64)
def _norms(B: float, K1: float, avgfl: float) -> list[float]:
    # bm25(): idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
    return [K1 * ((1 - B) + B * whoosh3.byte_to_length(code) / avgfl) for code in range(256)]


def tables(scorer) -> Tables | None:
    """The tables of a BM25F scorer made for one segment, or None for any other scorer."""
    made_for = getattr(scorer, "_newsreader_made_for", None)
    if type(scorer) is not scoring.BM25FScorer or made_for is None:
        return None
    lengths = length_bytes(*made_for)
    if lengths is None:
        return None
    return Tables(scorer.idf, scorer.K1 + 1, _norms(scorer.B, scorer.K1, scorer.avgfl), lengths)


_original_setup = scoring.WeightLengthScorer.setup


def _setup(self, searcher, fieldname, text):
    self._newsreader_made_for = (searcher.reader(), fieldname)
    return _original_setup(self, searcher, fieldname, text)


PATCHES = [(scoring.WeightLengthScorer, "setup", _setup)]
"""What `whoosh_patches.apply()` puts in place: (owner, attribute, replacement)."""
