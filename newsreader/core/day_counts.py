"""How many of a query's matches fall on each day, from `bulk`'s matches and the `published`
column read a segment at a time (the coverage line counts every match of a search: through
Whoosh's collector and stored fields that took 50-115 ms at 10,000 articles, measured)."""

from __future__ import annotations

from datetime import date

import numpy as np

from .bulk import segment_parts
from .newest import column_array

_DAY_US = 86_400_000_000  # Whoosh stores a DATETIME as microseconds since datetime.min
_ORDINAL_OF_MIN = date.min.toordinal()


def day_counts(searcher, q, fieldname: str) -> tuple[dict[date, int], int] | None:
    """({day: matches}, matches without a date) for `q`, or None when the query or the index is
    one this does not read. A phrase's possible matches are each confirmed."""
    found = segment_parts(searcher, q)
    if found is None or fieldname not in searcher.schema:
        return None
    segments, _ = found
    days: list[np.ndarray] = []
    undated = 0
    for reader, _, part in segments:
        docs = part.docs
        if part.exact is not None:  # a phrase: only the documents that hold it
            docs = np.array([d for d in docs.tolist() if part.exact(d) is not None], dtype=np.int64)
        if not len(docs):
            continue
        column = column_array(reader, fieldname)
        if column is None:
            return None
        values, missing = column
        chosen = values[docs]
        dated = chosen[chosen != missing]
        undated += len(chosen) - len(dated)
        days.append(dated // _DAY_US)
    if not days:
        return {}, undated
    unique, counts = np.unique(np.concatenate(days), return_counts=True)
    return {date.fromordinal(int(day) + _ORDINAL_OF_MIN): int(n) for day, n in zip(unique, counts)}, undated
