"""Deleted documents (replaced or removed articles) in the pinned whoosh-reloaded 2.7.5: kept out
of the top hits, and no longer a reason to score every posting; applied on import.

An update deletes an article's old document and adds the new one; the old one stays in its
segment until segments are merged. Whoosh hides it by wrapping the postings of each word of a
query in a filter, in every segment that holds a deleted document. That filter had two faults:

- Its `next` and `skip_to` dropped the "entered a new block" answer of the postings below, and
  the collector looks for blocks that cannot reach the top N only when told so: after a 1 %
  update of 10,000 articles, phrases and `person:` searches scored every posting and ran twice as
  slow. The answer is now passed on.
- Its `skip_to_quality` (skip whole blocks that cannot reach the top N) landed on the first
  document of the next good block without checking it, so the old version of a replaced article
  could come back among the top hits (tested). It now moves past deleted documents, as `next`
  does.
"""

from __future__ import annotations

from whoosh.matching import wrappers


def _filter_next(self):
    entered = self.child.next()
    return self._find_next() or entered


def _filter_skip_to(self, id):
    entered = self.child.skip_to(id)
    return self._find_next() or entered


def _filter_skip_to_quality(self, minquality):
    skipped = self.child.skip_to_quality(minquality / self.boost)
    self._find_next()
    return skipped


PATCHES = [
    (wrappers.FilterMatcher, "next", _filter_next),
    (wrappers.FilterMatcher, "skip_to", _filter_skip_to),
    (wrappers.FilterMatcher, "skip_to_quality", _filter_skip_to_quality),
]
"""What `whoosh_patches.apply()` puts in place: (owner, attribute, replacement)."""
