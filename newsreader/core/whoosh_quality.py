"""Right top N from the pinned whoosh-reloaded 2.7.5: its shortcuts fixed, applied on import.

To find the top N quickly, Whoosh skips blocks of postings, and rewrites its matchers, once their
best possible score cannot beat the N-th hit so far. Three of those shortcuts lost hits that
belong in the top N (6 of 72 sampled two-word queries on 10,000 articles had a wrong top 20);
each is fixed below, and tests compare top N with exhaustive searches.

First: for two words (AND, OR, or "one word plus the other where present") Whoosh skipped the
first word's blocks against the second word's *current* block, and could run past the end of
that block into postings where the second word scores higher (7 of the top 20 of
`to politics` wrong on 3,000 articles). Here a compound matcher skips only to the end of the
block that ends first among its words: every document in between scores at most the sum of the
current block bounds, so nothing that could reach the top N is skipped.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ReadTooFar, binary, combo, wrappers


def _block_end(matcher) -> int:
    """The last document id covered by the current block bound of `matcher` (its current id
    where it is not known: skipping only the current document is always safe)."""
    if isinstance(matcher, W3LeafMatcher):
        return matcher.block_max_id()
    if isinstance(matcher, combo.ArrayUnionMatcher):  # its bound covers the part it has read
        return matcher._limit - 1
    if isinstance(matcher, wrappers.WrappingMatcher):
        return _block_end(matcher.child)
    if isinstance(matcher, binary.BiMatcher):
        ends = [_block_end(m) for m in (matcher.a, matcher.b) if m.is_active()]
        return min(ends) if ends else matcher.id()
    return matcher.id()


def _skip_to_quality(self, minquality) -> int:
    """Skip whole blocks whose bound is not above `minquality`; return how many were skipped."""
    skipped = 0
    while self.is_active() and self.block_quality() <= minquality:
        self.skip_to(_block_end(self) + 1)
        skipped += 1
    return skipped


ORIGINAL = {cls: cls.skip_to_quality
            for cls in (binary.IntersectionMatcher, binary.UnionMatcher, binary.AndMaybeMatcher)}
"""Whoosh's own methods, kept for tests that show what the fix changes."""

for _cls in ORIGINAL:
    _cls.skip_to_quality = _skip_to_quality


# - The matcher of a prefix or fuzzy term (many words, read 2,048 documents at a time) worked out
#   the bound of its part by scanning all 2,048 scores each time it was asked, which a search
#   does after almost every block of postings: a third of a `tri*` search at 10,000 articles.
#   The bound is now worked out once per part.
_original_read_part = combo.ArrayUnionMatcher._read_part


def _read_part(self):
    _original_read_part(self)
    self._newsreader_bound = max(self._a)


def _part_quality(self):
    return self._newsreader_bound


# - That matcher adds its words' scores up, yet claimed as its best possible score the best of
#   any one word (and only of the words not yet read): Whoosh then dropped it from an AND whose
#   top N it belonged to (`(ceasefire OR truce) talks` lost its best article on 10,000 articles).
#   Its bound is now the best score in the part it holds or the sum of what is left to read.
def _union_max_quality(self):
    rest = sum(m.max_quality() for m in self._submatchers if m.is_active()) * self._boost
    return max(self._newsreader_bound, rest)


combo.ArrayUnionMatcher._read_part = _read_part
combo.ArrayUnionMatcher.block_quality = _part_quality
combo.ArrayUnionMatcher.max_quality = _union_max_quality


# - When Whoosh finds that an OR of two words can only reach the top N through its first word,
#   it turns it into "first word, plus the second's score where present" (`AndMaybeMatcher`).
#   That matcher's `skip_to` moved the optional word to the requested document rather than to
#   where the required word landed, so the optional word's score went missing from the documents
#   after a skip: on 10,000 articles `leader Khalifa` ranked its best article (12.28) at 9.91,
#   out of the top 20. The optional word now follows the required one.
def _and_maybe_skip_to(self, id):
    if not self.a.is_active():
        raise ReadTooFar
    moved = self.a.skip_to(id)
    if self.a.is_active() and self.b.is_active():
        moved = self.b.skip_to(self.a.id()) or moved
    return moved


binary.AndMaybeMatcher.skip_to = _and_maybe_skip_to
