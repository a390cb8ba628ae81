"""Expand each wildcard, fuzzy or range term once per search.

Whoosh expands a term like `hafter~` or `tripo*` into index words again and again for one
search: to estimate its size, to build its matcher, and here to check the expansion cap and to
highlight. Inside `one_expansion_per_search()` each (reader, term) pair is expanded once; the
answers are dropped when the block ends, so no search ever sees another's.

Past the search's time limit, an expansion stops where it is: the search is then partial.

The whole index's expansion (for the cap and for highlighting) is the union of its segments'
expansions, which the segments' matchers need anyway: Whoosh's own merged reading of the
segments' word lists cost more than the segments' (a third of a `hafter~` search at 10,000
articles in five segments).
"""

from __future__ import annotations

import contextlib
import contextvars
from itertools import islice

from whoosh.query import ranges, terms
from whoosh.reading import MultiReader

from .deadline import expired

_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar("newsreader_expansions", default=None)
_MAX_REMEMBERED = 5000  # a larger expansion is refused by the search anyway; don't hold it


def _until_expired(words):
    """The words of an expansion until the search's time runs out (see `deadline`): a search
    of hundreds of fuzzy words spent seconds expanding them before any time check. Past the
    limit, an expansion not yet started yields nothing (it scans before its first word)."""
    if expired():
        return
    for n, word in enumerate(words, start=1):
        yield word
        if n % 64 == 0 and expired():
            return


def _remembering(original):
    def _btexts(self, ixreader):
        memo = _MEMO.get()
        if memo is None:
            return original(self, ixreader)
        key = (id(ixreader), self)
        found = memo.get(key)
        if found is None:
            if isinstance(ixreader, MultiReader):
                found = sorted(set().union(*(self._btexts(segment) for segment in ixreader.readers)))
            else:
                found = list(islice(_until_expired(original(self, ixreader)), _MAX_REMEMBERED + 1))
            if len(found) > _MAX_REMEMBERED:
                return original(self, ixreader)
            memo[key] = found
        # Read again to build a matcher per word and segment: past the limit, no more of them.
        return _until_expired(found)

    _btexts.newsreader_memo = True
    return _btexts


for _cls in (terms.MultiTerm, terms.PatternQuery, terms.Prefix, terms.Wildcard, terms.Regex,
             terms.ExpandingTerm, terms.FuzzyTerm, terms.Variations, ranges.TermRange):
    _method = _cls.__dict__.get("_btexts")
    if _method is not None and not getattr(_method, "newsreader_memo", False):
        _cls._btexts = _remembering(_method)


@contextlib.contextmanager
def one_expansion_per_search():
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)
