"""Newest first: the top N of a query in date order, read from the `published` column.

Whoosh sorts by a column by reading one document's value at a time (10,000 small reads for every
article of a 10,000-article index: 17 ms of the app's first screen, measured). Here the matches
come from `bulk` and each segment's column is read in one go. The order is Whoosh's (date, then
document number, both descending) with two differences made for readers: articles without a date
come last (Whoosh puts them first: its column default is the highest value), and each hit keeps
its relevance score (Whoosh reports the date's raw number as the score).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from itertools import chain

import numpy as np

from ..extract.models import Top
from .bulk import in_order, segment_parts
from .column_range import column_bytes


def column_array(reader, fieldname: str) -> tuple[np.ndarray, int] | None:
    """A segment's numeric column as an array of every document's value (the documents after
    the stored ones hold the default), and that default; None when the field has no column."""
    column = column_bytes(reader, fieldname)
    if column is None:
        return None
    data, typecode, missing = column
    values = np.full(reader.doc_count_all(), missing, dtype=typecode)
    stored = np.frombuffer(data, dtype=np.dtype(typecode).newbyteorder(">"))
    values[:len(stored)] = stored
    return values, missing


def newest(searcher, q, limit: int, fieldname: str) -> Top | None:
    """The `limit` matches of `q` with the highest `fieldname` values, with their scores, or None
    when the query or the index is one this does not read (Whoosh's own sort then answers).
    Past the search's time limit, what the segments read so far hold is returned, marked partial."""
    if fieldname not in searcher.schema or not searcher.schema[fieldname].column_type:
        return None
    found = segment_parts(searcher, q)
    if found is None:
        return None
    segments, partial = found
    best: list[tuple] = []    # (date, global document, score), newest first
    unsure: list[tuple] = []  # parts a phrase may match: (their documents' dates, offset, part)
    total = 0
    for reader, offset, part in segments:
        column = column_array(reader, fieldname)
        if column is None:
            return None
        values, missing = column
        lowest = np.iinfo(values.dtype).min if values.dtype.kind in "iu" else -np.inf
        dates = np.where(values == missing, lowest, values)[part.docs]  # no date: below every date
        if part.exact:
            unsure.append((dates, offset, part))
        else:
            best = heapq.nlargest(limit, chain(best, _segment_newest(dates, offset, part, limit)))
            total += len(part.docs)
    exact_total = not partial
    if unsure:
        best, confirmed, left = _confirm(best, unsure, limit)
        total += confirmed + left
        exact_total = exact_total and not left
    return Top([(docnum, score) for _, docnum, score in best], total, exact_total, partial)


def _segment_newest(dates, offset: int, part, limit: int) -> list[tuple]:
    """The `limit` newest (date, global document, score) of one segment's part (any order)."""
    chosen = np.arange(len(dates))
    if len(dates) > limit:  # only those as new as the limit-th newest can place
        chosen = np.flatnonzero(dates >= np.partition(dates, len(dates) - limit)[len(dates) - limit])
    chosen = chosen[np.lexsort((part.docs[chosen], dates[chosen]))[-limit:]]
    return list(zip(dates[chosen].tolist(), (part.docs[chosen] + offset).tolist(), part.scores[chosen].tolist()))


def _confirm(best: list, unsure: list, limit: int) -> tuple[list, int, int]:
    """Merge the documents a phrase may match into `best`, newest first, checking each only while
    it could still place. Returns the new best, how many were confirmed and how many were left
    unchecked (the count of matches is then an upper bound)."""
    offsets = [offset for _, offset, _ in unsure]
    dates = np.concatenate([d for d, _, _ in unsure])
    docs = np.concatenate([part.docs + offset for _, offset, part in unsure])
    order = np.lexsort((docs, dates))[::-1]  # newest first, then the highest document
    confirmed = 0
    for i, (date, docnum) in enumerate(in_order(order, dates, docs)):
        if len(best) >= limit and (date, docnum) < best[limit - 1][:2]:
            return best, confirmed, len(order) - i
        _, offset, part = unsure[bisect_right(offsets, docnum) - 1]
        score = part.exact(docnum - offset)
        if score is None:
            continue
        confirmed += 1
        best = heapq.nlargest(limit, chain(best, [(date, docnum, score)]))
    return best, confirmed, 0
