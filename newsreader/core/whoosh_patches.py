"""Small, measured fixes to the pinned whoosh-reloaded 2.7.5, put in place by `apply()`.

Here: answers that cannot change for an open segment reader are cached, and fuzzy words are found
by reading the index's words in order, and a word's postings are skipped to a document by binary
search. In their own modules: `whoosh_blocks` (posting blocks whose document numbers are read
without their positions), `whoosh_deletions` (replaced articles kept out of the top hits, and
blocks still skipped after updates), `whoosh_quality` (top-N block skipping that lost hits, and a
score bound worked out once per part), `whoosh_phrase` (exact phrases) and `whoosh_writing` (a
leaner index writer). Each leaves search results as Whoosh defines them; tests compare them.
Each module lists what it replaces in `PATCHES`; nothing is replaced on import.

- `W3PerDocReader.has_column` asks the file system whether a column file exists, and
  `doc_field_length` asks it again for every posting of a field that has no length column (the
  spelling fields): a quarter of a full build went to `stat` calls. The answer cannot change for
  an open segment, so it is cached per reader.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from bisect import bisect_left

from .engine_version import EngineVersionError, check_version

check_version()  # before Whoosh's internals are read below: another release fails here, in one line

from whoosh.codec import whoosh3  # noqa: E402  (after the version check)
from whoosh.filedb import filestore, filetables  # noqa: E402
from whoosh.matching import ReadTooFar  # noqa: E402
from whoosh.reading import MultiReader, SegmentReader  # noqa: E402
from whoosh.support.levenshtein import damerau_levenshtein  # noqa: E402

from . import bm25, whoosh_blocks, whoosh_deletions, whoosh_phrase, whoosh_quality, whoosh_writing  # noqa: E402
from .deadline import expired  # noqa: E402

__all__ = ["EngineVersionError", "apply"]

_original_has_column = whoosh3.W3PerDocReader.has_column


def _cached_has_column(self, fieldname):
    cache = self.__dict__.setdefault("_newsreader_has_column", {})
    if fieldname not in cache:
        cache[fieldname] = _original_has_column(self, fieldname)
    return cache[fieldname]


# - While a segment is written, `doc_field_length` is asked once per posting for the same few
#   (document, field) pairs (a third of a million calls for 600 articles); the answers of an open
#   segment never change, so they are remembered per reader.
_original_doc_field_length = whoosh3.W3PerDocReader.doc_field_length
_MAX_CACHED_LENGTHS = 50_000


def _cached_doc_field_length(self, docnum, fieldname, default=0):
    cache = self.__dict__.setdefault("_newsreader_lengths", {})
    key = (docnum, fieldname, default)
    found = cache.get(key)
    if found is None:
        if len(cache) >= _MAX_CACHED_LENGTHS:  # a long-lived searcher must not grow without end
            cache.clear()
        found = cache[key] = _original_doc_field_length(self, docnum, fieldname, default)
    return found


# - A fuzzy term that keeps its first letters (all of ours do: see query._anchor_fuzzy_terms) is
#   found faster by reading the words with those letters in order and measuring each than by
#   Whoosh's automaton, which looks each candidate up in the on-disk word table (2-5x, measured
#   at 10,000 articles). Words whose length alone puts them too far are not measured, and a
#   measure is remembered: the same words come back in every segment and every search (this
#   step was a third of a `hafter~` search at 10,000 articles).
_original_terms_within = SegmentReader.terms_within


@functools.lru_cache(maxsize=65_536)
def _distance(word: str, text: str, maxdist: int) -> int:
    return damerau_levenshtein(word, text, limit=maxdist)


def _near_words(reader, fieldname, text, maxdist, prefix):
    field = reader.schema[fieldname]
    size = len(text)
    for n, btext in enumerate(reader.expand_prefix(fieldname, text[:prefix]), start=1):
        if n % 512 == 0 and expired():  # a short prefix can mean thousands of words to measure
            return
        word = field.from_bytes(btext)
        if abs(len(word) - size) <= maxdist and _distance(word, text, maxdist) <= maxdist:
            yield word


def _terms_within(self, fieldname, text, maxdist, prefix=0):
    if prefix:
        return _near_words(self, fieldname, text, maxdist, prefix)
    return _original_terms_within(self, fieldname, text, maxdist, prefix)


# - Over several segments (a `MultiReader`: the spelling suggestion of a search that finds nothing)
#   Whoosh merged every segment's words with the prefix into one ordered stream before measuring
#   them: most of a zero-hit search. Each segment's near words, measured as above, are the same set.
def _multi_terms_within(self, fieldname, text, maxdist, prefix=0):
    found: set[str] = set()
    for reader in self.readers:
        found.update(reader.terms_within(fieldname, text, maxdist, prefix))
    return iter(sorted(found))


# - `W3LeafMatcher.skip_to` found the target inside a block by stepping one posting at a time
#   (three Python calls a posting); an AND, a phrase or a `person:` alias skips a word's postings
#   to the other word's document all the time. The ids of a block are sorted, so a binary search
#   finds the same posting. It also says, as `next` does, when it entered a new block, so that the
#   collector looks again for blocks that cannot reach the top N (Whoosh's said nothing).
def _skip_to(self, targetid):
    if not self.is_active():
        raise ReadTooFar
    if targetid <= self.id():
        return False
    entered = targetid > self._maxid
    if entered:
        while self.is_active() and targetid > self._maxid:
            self._next_block()
        if not self.is_active():
            return True
        if self._ids is None:
            self._read_ids()
    self._i = bisect_left(self._ids, targetid, self._i)
    return entered


# - Every word of a query is looked up in each segment's on-disk word table two or three times per
#   search (its postings, its statistics for the score), and each lookup hashes the word and reads
#   slot after slot a few bytes at a time: the 700 words of `tri*` in five segments spent more time
#   there than in their postings. A segment's table never changes, so where a word sits in it is
#   remembered per open table.
_original_ranges_for_key = filetables.HashReader.ranges_for_key
_MAX_CACHED_KEYS = 50_000


def _cached_ranges_for_key(self, key):
    cache = self.__dict__.setdefault("_newsreader_ranges", {})
    found = cache.get(key)
    if found is None:
        if len(cache) >= _MAX_CACHED_KEYS:
            cache.clear()
        found = cache[key] = tuple(_original_ranges_for_key(self, key))
    return found


# - An index in memory (`RamStorage`, the tests' indexes) writes its temporary files into a folder
#   named after the index in the system's temp folder, `MAIN.tmp`, the same for every process:
#   two test runs on one machine removed each other's files (one run gave 113 errors). Each
#   writer now gets a folder of its own, inside one folder of the process's that goes when the
#   process ends (Whoosh never removes the folder its column writer takes).
@functools.cache
def _process_temp_folder() -> str:
    folder = tempfile.mkdtemp(prefix="newsreader-ram-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _own_temp_storage(self, name=None):
    folder = tempfile.mkdtemp(prefix=f"{name or 'ram'}-", dir=_process_temp_folder())
    os.rmdir(folder)  # FileStorage.create makes it again
    return filestore.FileStorage(folder).create()


PATCHES = [
    (whoosh3.W3PerDocReader, "has_column", _cached_has_column),
    (whoosh3.W3PerDocReader, "doc_field_length", _cached_doc_field_length),
    (SegmentReader, "terms_within", _terms_within),
    (MultiReader, "terms_within", _multi_terms_within),
    (whoosh3.W3LeafMatcher, "skip_to", _skip_to),
    (filetables.HashReader, "ranges_for_key", _cached_ranges_for_key),
    (filestore.RamStorage, "temp_storage", _own_temp_storage),
]
"""This module's own fixes (owner, attribute, replacement); the other modules list theirs."""

_applied = False


def apply() -> None:
    """Put every fix in place, once (a second call does nothing). Called where an index is
    opened or made (`index_meta.storage`, and the tests' in-memory indexes), never as a side
    effect of an import; the pinned release was checked when this module was imported."""
    global _applied
    if _applied:
        return
    check_version()
    for module in (bm25, whoosh_blocks, whoosh_deletions, whoosh_phrase, whoosh_quality, whoosh_writing):
        for owner, attribute, replacement in module.PATCHES:
            setattr(owner, attribute, replacement)
    for owner, attribute, replacement in PATCHES:
        setattr(owner, attribute, replacement)
    _applied = True
