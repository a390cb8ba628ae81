"""A leaner index writer for the pinned whoosh-reloaded 2.7.5, applied on import.

A full build files about 500 postings an article in the one writer process, each through
several Python calls that check its types and estimate its size again: with the postings
themselves made in the worker processes (see `schema.analyse_body`), this is most of the
writer's time, and the writer shares two cores with the workers. Here:

- `PostingPool.add` (every posting, while documents are added) sums the same size estimate
  Whoosh does from one precomputed constant instead of nine, without its type assertions;
- `W3PostingsWriter.add_posting` (every posting again, at commit) skips the same assertions.

The postings written are the same; only the checks of values our own code makes are gone.
"""

from __future__ import annotations

from whoosh import writing
from whoosh.codec import whoosh3

# Whoosh's estimate of a posting's memory: tuple 28 + 4 * 5, field name 21 + len, text
# 26 + 2 * len, document number 18, weight 16, value 21 + len.
_POSTING_OVERHEAD = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21

_original_pool_add = writing.PostingPool.add
_original_add_posting = whoosh3.W3PostingsWriter.add_posting


def _pool_add(self, item):
    self.fieldnames.add(item[0])
    self.currentsize += _POSTING_OVERHEAD + len(item[0]) + 2 * len(item[1]) + len(item[4] or "")
    if self.currentsize > self.limit:
        self.save()
    self.current.append(item)


def _add_posting(self, id_, weight, vbytes, length=None):
    ids = self._ids
    if len(ids) >= self._blocklimit:
        self._write_block()
        ids = self._ids
    ids.append(id_)
    self._weights.append(weight)
    if weight > self._maxweight:
        self._maxweight = weight
    if vbytes:
        self._values.append(vbytes)
    if length:
        if self._minlength is None or length < self._minlength:
            self._minlength = length
        if length > self._maxlength:
            self._maxlength = length


if writing.PostingPool.add.__name__ != "_pool_add":
    writing.PostingPool.add = _pool_add
    whoosh3.W3PostingsWriter.add_posting = _add_posting
