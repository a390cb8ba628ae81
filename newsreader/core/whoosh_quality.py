"""Right top N from the pinned whoosh-reloaded 2.7.5: its shortcuts fixed, applied on import.

To find the top N quickly, Whoosh skips blocks of postings, and rewrites its matchers, once their
best possible score cannot beat the N-th hit so far. Three of those shortcuts lost hits that
belong in the top N (6 of 72 sampled two-word queries on 10,000 articles had a wrong top 20), and
a NOT could stop excluding what it should; each is fixed below, with the matcher of prefixes and
many-word ORs made to skip as the others do. Tests compare top N with exhaustive searches.

First: for two words (AND, OR, or "one word plus the other where present") Whoosh skipped the
first word's blocks against the second word's *current* block, and could run past the end of
that block into postings where the second word scores higher (7 of the top 20 of
`to politics` wrong on 3,000 articles). Here a compound matcher skips only to the end of the
block that ends first among its words: every document in between scores at most the sum of the
current block bounds, so nothing that could reach the top N is skipped.
"""

from __future__ import annotations

from whoosh import scoring
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import NullMatcher, ReadTooFar, binary, combo, wrappers

from . import bm25


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

PATCHES = [(cls, "skip_to_quality", _skip_to_quality) for cls in ORIGINAL]
"""What `whoosh_patches.apply()` puts in place: (owner, attribute, replacement)."""


# - The matcher of a prefix or fuzzy term (many words, read 2,048 documents at a time) worked out
#   the bound of its part by scanning all 2,048 scores each time it was asked, which a search
#   does after almost every block of postings: a third of a `tri*` search at 10,000 articles.
#   The bound is now worked out once per part. The part itself is read straight from each word's
#   blocks of postings (document numbers, frequencies, and the deleted documents to pass over)
#   rather than through a dozen matcher calls per posting; the scores are the same numbers, added
#   in the same order.
_original_read_part = combo.ArrayUnionMatcher._read_part


def _plain_postings(matcher):
    """(postings, deleted documents) when `matcher` is a word's postings, filtered or not, scored
    from frequency and length alone (BM25); else None."""
    deleted = frozenset()
    if type(matcher) is wrappers.FilterMatcher and matcher._exclude and matcher.boost == 1.0:
        matcher, deleted = matcher.child, matcher._ids
    scorer = getattr(matcher, "scorer", None)
    if type(matcher) is W3LeafMatcher and isinstance(scorer, scoring.WeightLengthScorer) \
            and type(scorer).score is scoring.WeightLengthScorer.score and hasattr(scorer, "dfl"):
        return matcher, deleted
    return None


def _add_scores(postings, deleted, limit: int, offset: int, scores, boost: float | None) -> None:
    """Add the scores of `postings` below document `limit` into `scores` (or set them to 1 when
    `boost` is None: unscored) and leave the postings on the first document at or after `limit`."""
    score, length = postings.scorer._score, postings.scorer.dfl
    tables = bm25.tables(postings.scorer)
    while postings.is_active():
        if postings._ids is None:
            postings._read_ids()
        if postings._weights is None:
            postings._read_weights()
        ids, weights, end = postings._ids, postings._weights, postings._blocklength
        i = postings._i
        while i < end:
            docnum = ids[i]
            if docnum >= limit:
                postings._i = i
                return
            if docnum not in deleted:
                if boost is None:
                    scores[docnum - offset] = 1
                elif tables:
                    tf = weights[i]
                    scores[docnum - offset] += \
                        tables.idf * ((tf * tables.k1p1) / (tf + tables.norms[tables.lengths[docnum]])) * boost
                else:
                    scores[docnum - offset] += score(weights[i], length(docnum)) * boost
            i += 1
        postings._i = end - 1
        postings.next()


def _read_part(self):
    plain = [_plain_postings(m) for m in self._submatchers]
    if not all(plain):
        _original_read_part(self)
    else:
        limit = min(self._docnum + self._partsize, self._doccount)
        offset, scores = self._docnum, self._a
        boost = self._boost if self._scored else None
        for i in range(self._partsize):
            scores[i] = 0
        for matcher, (postings, deleted) in zip(self._submatchers, plain):
            _add_scores(postings, deleted, limit, offset, scores, boost)
            if matcher is not postings:
                matcher._find_next()  # the filter passes over deleted documents from there
        self._offset = offset
        self._limit = limit
    self._newsreader_bound = max(self._a)


def _find_next(self):
    """Whoosh's own, which also says when it read a new part: the collector looks for parts that
    cannot reach the top N only when told that one began (Whoosh's said nothing, so a prefix
    search scored every document after its first part)."""
    scores, docnum, offset, limit = self._a, self._docnum, self._offset, self._limit
    while docnum < limit and not scores[docnum - offset] > 0:
        docnum += 1
    if docnum < limit:
        self._docnum = docnum
        return False
    self._docnum = self._min_id()
    self._read_part()
    return True


def _part_quality(self):
    return self._newsreader_bound


# - That matcher adds its words' scores up, yet claimed as its best possible score the best of
#   any one word (and only of the words not yet read): Whoosh then dropped it from an AND whose
#   top N it belonged to (`(ceasefire OR truce) talks` lost its best article on 10,000 articles).
#   Its bound is now the best score in the part it holds or the sum of what is left to read.
def _union_max_quality(self):
    rest = sum(m.max_quality() for m in self._submatchers if m.is_active()) * self._boost
    return max(self._newsreader_bound, rest)


PATCHES.append((combo.ArrayUnionMatcher, "_read_part", _read_part))
PATCHES.append((combo.ArrayUnionMatcher, "_find_next", _find_next))
PATCHES.append((combo.ArrayUnionMatcher, "block_quality", _part_quality))
PATCHES.append((combo.ArrayUnionMatcher, "max_quality", _union_max_quality))


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


PATCHES.append((binary.AndMaybeMatcher, "skip_to", _and_maybe_skip_to))


# - An OR whose words can each at best tie the N-th hit so far kept visiting every document of
#   both: Whoosh narrows it to "first word, plus the second where present" only when the second
#   cannot reach the N-th score, yet the collector takes a document only when it *beats* that
#   score (the earlier of equal scores stays). So reaching it is not enough either. This matters
#   for prefixes, whose body matches all score alike (1.0): once the top N holds such a match,
#   only articles with the prefix in their title can still enter (`tri*` 23 -> 19 ms and `mil*`
#   26 -> 20 ms at 10,000 articles, measured side by side).
_original_union_replace = binary.UnionMatcher.replace


def _union_replace(self, minquality=0):
    a, b = self.a, self.b
    a_active, b_active = a.is_active(), b.is_active()
    if minquality and a_active and b_active:
        a_max, b_max = a.max_quality(), b.max_quality()
        if a_max <= minquality and b_max <= minquality:
            return binary.IntersectionMatcher(a, b).replace(minquality)
        if a_max <= minquality:
            return binary.AndMaybeMatcher(b, a)
        if b_max <= minquality:
            return binary.AndMaybeMatcher(a, b)
    return _original_union_replace(self, minquality)


PATCHES.append((binary.UnionMatcher, "replace", _union_replace))


# - A NOT passed the score a document must beat on to the words it excludes, as if they added to
#   the score: Whoosh could then drop an excluded word whose best score is low, or (our phrases
#   pass over documents that score too little) stop excluding some of its documents. What a NOT
#   excludes is now left whole.
def _inverse_replace(self, minquality=0):
    return self if self.is_active() else NullMatcher()


PATCHES.append((wrappers.InverseMatcher, "replace", _inverse_replace))


# - A NOT scores every document it lets through with its weight (1.0), but reported the best score
#   of what it excludes as its own bound. Once the excluded words ran out near the end of a
#   segment, that bound fell to 0, and the AND around the NOT gave up on documents that could
#   still enter the top N (`haftar NOT "national army"`: 4 of the top 300 missing on 1,200
#   articles). Its bound is now its weight.
def _inverse_quality(self):
    return self._weight


PATCHES.append((wrappers.InverseMatcher, "max_quality", _inverse_quality))
PATCHES.append((wrappers.InverseMatcher, "block_quality", _inverse_quality))
