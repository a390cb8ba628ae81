"""Date order without NumPy: Whoosh's sort key with the undated articles last, and every live
article newest first.

The app's first screen lists every article, newest first. `newest` answers any query in date
order, but through `bulk`, which needs NumPy, and NumPy takes 50–90 ms to import (measured): a
sixth of the first screen. Every article needs no scores, only each segment's date column, so
it is read here in plain Python (a few milliseconds at 10,000 articles), and NumPy is loaded
once the first screen is up.
"""

from __future__ import annotations

import heapq
from itertools import chain

from whoosh import sorting

from ..extract.models import Top
from .column_range import column_values

_UNDATED = float("-inf")  # below every date


def undated_last(schema, fieldname: str) -> sorting.FacetType:
    """A sort key for Whoosh's own collector (the queries `newest` does not read, such as phrases
    with slop) that, sorted in reverse, also puts the articles without a date last."""
    missing = schema[fieldname].column_type._default  # what the column holds for "no value"
    return sorting.TranslateFacet(lambda value: _UNDATED if value == missing else value,
                                  sorting.FieldFacet(fieldname))


def newest_of_all(searcher, limit: int, fieldname: str) -> Top | None:
    """The `limit` live documents with the highest `fieldname` values, in `newest`'s order (date,
    then document number, both descending; undated last), each scoring 1.0 as a match of every
    document does; None when the field has no column."""
    best: list[tuple] = []  # (date, global document), newest first
    total = 0
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        column = column_values(reader, fieldname)
        if column is None:
            return None
        dates, missing = column
        if missing in dates:
            dates = tuple(_UNDATED if value == missing else value for value in dates)
        keyed = zip(dates, range(offset, offset + len(dates)))
        if reader.has_deletions():
            keyed = ((date, docnum) for date, docnum in keyed if not reader.is_deleted(docnum - offset))
        best = heapq.nlargest(limit, chain(best, keyed))
        total += reader.doc_count()
    return Top([(docnum, 1.0) for _, docnum in best], total, True, False)
