"""Small, measured fixes to the pinned whoosh-reloaded 2.7.5, applied once on import.

- `W3PerDocReader.has_column` asks the file system whether a column file exists, and
  `doc_field_length` asks it again for every posting of a field that has no length column (the
  spelling fields): a quarter of a full build went to `stat` calls. The answer cannot change for
  an open segment, so it is cached per reader.
"""

from __future__ import annotations

from whoosh.codec import whoosh3

_original_has_column = whoosh3.W3PerDocReader.has_column


def _cached_has_column(self, fieldname):
    cache = self.__dict__.setdefault("_newsreader_has_column", {})
    if fieldname not in cache:
        cache[fieldname] = _original_has_column(self, fieldname)
    return cache[fieldname]


if getattr(whoosh3.W3PerDocReader.has_column, "__name__", "") != "_cached_has_column":
    whoosh3.W3PerDocReader.has_column = _cached_has_column
