"""The top N of a query by reading whole posting lists at once, with Whoosh's own scores.

Whoosh finds the top N by walking its tree of matchers one document at a time: a dozen Python
calls for each posting, and for words found in most articles block skipping rarely saves much.
Here the same tree, built by Whoosh for each segment, is read whole instead: each word's postings
block by block into arrays of documents and scores (BM25 with Whoosh's parameters and the same
operations in the same order, so the very same numbers), and its ORs, ANDs and NOTs combined as
array operations in the order Whoosh adds their scores. A tree holding anything else (a
weighting of another kind, say) is left to Whoosh: `top` returns None.

The arithmetic runs in NumPy: in Python, scoring and combining took about 100 ms of a two-word
search over 100,000 articles, one posting at a time (measured; see BENCHMARKS.md).

A phrase scores the sum of its words' scores, so that sum bounds the score of every document
holding all its words. Documents are then taken best bound first and their positions read until
N are confirmed: a handful of position reads instead of one per document holding the words.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable

import numpy as np
from whoosh import scoring
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import binary, combo, mcore, wrappers

from ..extract.models import Top
from . import bm25
from .deadline import TimeUp, check, expired
from .whoosh_blocks import SPLIT
from .whoosh_phrase import PhraseMatcher, phrase_starts

_NO_DOCS = np.zeros(0, dtype=np.intp)
_NO_SCORES = np.zeros(0)
_AT_ONCE = 256  # candidates turned into Python numbers at a time (most searches need few)


class Unsupported(Exception):
    """The matcher tree holds a node this module does not evaluate."""


@dataclass
class Part:
    """What one node of a matcher tree matches in a segment of `size` documents: the documents
    `docs` (ascending) that may match, with `scores`: their scores, or bounds on them when
    `exact` is set; `exact(doc)` then gives the document's score, or None when it does not
    match after all."""

    size: int
    docs: np.ndarray
    scores: np.ndarray
    exact: Callable[[int], float | None] | None = None

    @classmethod
    def from_dense(cls, dense: np.ndarray, exact=None) -> Part:
        """The part whose scores `dense` holds, one per document (NaN where none matches)."""
        docs = np.flatnonzero(~np.isnan(dense))
        return cls(len(dense), docs, dense[docs], exact)

    def dense(self) -> np.ndarray:
        """One score per document of the segment, NaN where this part does not match."""
        dense = np.full(self.size, np.nan)
        dense[self.docs] = self.scores
        return dense

    def plain_score(self, docnum: int) -> float | None:
        """The score (or bound) this part holds for `docnum`, or None when it holds none."""
        i = int(self.docs.searchsorted(docnum))
        return float(self.scores[i]) if i < len(self.docs) and self.docs[i] == docnum else None

    def score_of(self, docnum: int) -> float | None:
        return self.exact(docnum) if self.exact else self.plain_score(docnum)

    def kept(self, keep: np.ndarray) -> Part:
        """The documents where `keep` (one flag per document of this part) is set."""
        return Part(self.size, self.docs[keep], self.scores[keep], self.exact)


def _leaf_scores(matcher, size: int, blocks: list | None = None) -> Part:
    """Score every posting of `matcher` (a word's postings in a segment) as Whoosh's scorer does;
    with `blocks`, also note (last document, file offset) of each block for reading positions."""
    scorer = matcher.scorer
    scored = bm25.tables(scorer)
    if not scored and type(scorer) is not scoring.WeightScorer:  # a weight is its own score
        raise Unsupported(type(scorer).__name__)
    id_blocks, weight_blocks = [], []
    position = matcher._baseoffset
    while matcher.is_active():
        if blocks is not None:
            blocks.append((matcher._maxid, position))
        if matcher._ids is None:
            matcher._read_ids()
        ids = matcher._ids
        if matcher._compression >= SPLIT and matcher._data[1] is None:
            weights = np.ones(len(ids))  # every frequency (or weight) is 1
        else:
            if matcher._weights is None:
                matcher._read_weights()
            weights = matcher._weights
        start = matcher._i
        id_blocks.append(ids[start:] if start else ids)
        weight_blocks.append(weights[start:] if start else weights)
        position = matcher._nextoffset
        matcher._next_block()
    if not id_blocks:
        return Part(size, _NO_DOCS, _NO_SCORES)
    docs = np.concatenate(id_blocks, dtype=np.intp)
    tf = np.concatenate(weight_blocks, dtype=np.float64)
    if not scored:
        return Part(size, docs, tf)
    idf, k1p1, norms, lengths = scored
    norm = np.asarray(norms)[np.frombuffer(lengths, dtype=np.uint8)[docs]]
    return Part(size, docs, idf * ((tf * k1p1) / (tf + norm)))


def _scaled(part: Part, boost: float) -> Part:
    if boost == 1.0:
        return part
    exact = part.exact and _scaled_exact(part.exact, boost)
    return Part(part.size, part.docs, part.scores * boost, exact)


def _scaled_exact(exact, boost: float):
    def scaled(docnum):
        score = exact(docnum)
        return None if score is None else score * boost
    return scaled


def _union(a: Part, b: Part) -> Part:
    """OR: the sum where both match, else the one (x + y == y + x exactly in floating point)."""
    if not len(a.docs) or not len(b.docs):  # a part without documents matches none
        return b if not len(a.docs) else a
    small, large = (a, b) if len(a.docs) <= len(b.docs) else (b, a)
    dense = large.dense()
    other = dense[small.docs]
    dense[small.docs] = np.where(np.isnan(other), small.scores, small.scores + other)
    if not (a.exact or b.exact):
        return Part.from_dense(dense)

    def exact(docnum):
        x, y = a.score_of(docnum), b.score_of(docnum)
        return y if x is None else x if y is None else x + y
    return Part.from_dense(dense, exact)


def _intersection(a: Part, b: Part) -> Part:
    small, large = (a, b) if len(a.docs) <= len(b.docs) else (b, a)
    if not len(small.docs):
        return small
    other = large.dense()[small.docs]
    both = ~np.isnan(other)
    scores = small.scores[both] + other[both]  # x + y == y + x exactly in floating point
    if not (a.exact or b.exact):
        return Part(a.size, small.docs[both], scores)

    def exact(docnum):
        x = a.score_of(docnum)
        y = None if x is None else b.score_of(docnum)
        return None if y is None else x + y
    return Part(a.size, small.docs[both], scores, exact)


def _and_not(a: Part, b: Part) -> Part:
    """a without the documents b matches (b's bounds may hold documents it does not match)."""
    if b.exact:
        def exact(docnum):
            x = a.score_of(docnum)
            return None if x is None or b.score_of(docnum) is not None else x
        return Part(a.size, a.docs, a.scores, exact)
    return a.kept(np.isnan(b.dense()[a.docs]))


def _and_maybe(a: Part, b: Part) -> Part:
    other = b.dense()[a.docs]
    scores = np.where(np.isnan(other), a.scores, a.scores + other)
    if not (a.exact or b.exact):
        return Part(a.size, a.docs, scores)

    def exact(docnum):
        x = a.score_of(docnum)
        y = None if x is None else b.score_of(docnum)
        return x if y is None else x + y
    return Part(a.size, a.docs, scores, exact)


class _PhraseCheck:
    """Whether a phrase stands in a document, reading the words' positions from their blocks."""

    def __init__(self, reader, terms: list, blocks: list[list], decode) -> None:
        self._decode = decode
        self._cursors = [_unwrapped(reader.postings(*term)) for term in terms]
        self._blocks = blocks
        self._last_ids = [[last for last, _ in word_blocks] for word_blocks in blocks]
        self._read: list[dict] = [{} for _ in terms]  # per word: block offset -> (ids, values)

    def _positions(self, word: int, docnum: int):
        index = bisect_left(self._last_ids[word], docnum)
        if index == len(self._last_ids[word]):
            return ()
        offset = self._blocks[word][index][1]
        read = self._read[word]
        if offset not in read:
            cursor = self._cursors[word]
            cursor._goto(offset)
            cursor._read_ids()
            cursor._read_values()
            read[offset] = (cursor._ids, cursor._values)
        ids, values = read[offset]
        i = bisect_left(ids, docnum)
        return self._decode(values[i]) if i < len(ids) and ids[i] == docnum else ()

    def __call__(self, docnum: int) -> bool:
        return bool(phrase_starts(lambda word: self._positions(word, docnum), len(self._blocks)))


def _unwrapped(matcher):
    return matcher.child if type(matcher) is wrappers.FilterMatcher else matcher


def _phrase(matcher: PhraseMatcher, reader) -> Part:
    # The phrase matcher has already moved its words to its first match: read them afresh.
    postings = [_unwrapped(leaf) for leaf in matcher._leaves]
    if any(type(p) is not W3LeafMatcher for p in postings):
        raise Unsupported("phrase words")
    blocks: list[list] = [[] for _ in postings]
    words = []
    for word, word_blocks in zip(postings, blocks):
        fresh = reader.postings(*word._term, scorer=word.scorer)
        words.append(evaluate(fresh, reader, {id(_unwrapped(fresh)): word_blocks}))
    # Whoosh scores a phrase as its words' AND tree (make_binary_tree) times the boost.
    bound = _scaled(_tree_sum(words), matcher.boost)
    check = _PhraseCheck(reader, [p._term for p in postings], blocks, matcher.decode)

    def exact(docnum):
        score = bound.plain_score(docnum)
        return score if score is not None and check(docnum) else None
    return Part(bound.size, bound.docs, bound.scores, exact)


def _tree_sum(parts: list[Part]) -> Part:
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _intersection(_tree_sum(parts[:half]), _tree_sum(parts[half:]))


def evaluate(matcher, reader, blocks: dict | None = None) -> Part:
    """What `matcher` (a tree Whoosh built for the segment of `reader`) matches, with scores.

    Raises Unsupported for a node it does not know, TimeUp past the search's time limit; `blocks` maps id(leaf) to a list in which
    that leaf's block offsets are noted (for phrases)."""
    kind = type(matcher)
    size = reader.doc_count_all()
    if kind is W3LeafMatcher:
        check()  # a leaf at a time: a query of hundreds of words stops within the time limit
        return _leaf_scores(matcher, size, (blocks or {}).get(id(matcher)))
    if isinstance(matcher, mcore.NullMatcherClass):
        return Part(size, _NO_DOCS, _NO_SCORES)
    if kind is wrappers.FilterMatcher:
        part = evaluate(matcher.child, reader, blocks)
        listed = np.sort(np.fromiter(matcher._ids, dtype=np.intp, count=len(matcher._ids)))
        part = part.kept(_among(part.docs, listed) != matcher._exclude)
        if part.exact:  # the child's check knows nothing of the filter
            part.exact = _filtered_exact(part)
        return _scaled(part, matcher.boost)
    if kind is wrappers.WrappingMatcher:
        return _scaled(evaluate(matcher.child, reader, blocks), matcher.boost)
    if kind is PhraseMatcher:
        return _phrase(matcher, reader)
    if kind in _COMBINE:
        return _COMBINE[kind](evaluate(matcher.a, reader, blocks), evaluate(matcher.b, reader, blocks))
    if kind is combo.ArrayUnionMatcher:
        return _array_union(matcher, reader)
    if kind is wrappers.InverseMatcher:
        return _inverse(matcher, reader)
    if kind is mcore.ListMatcher and matcher._scorer is None and matcher._weights is None:
        # Every document, a date range read from its column, a constant-score query: each
        # listed document scores the list's one weight (1.0 when it has none, as in Whoosh).
        docs = np.asarray(matcher._ids[matcher._i:], dtype=np.intp)
        return Part(size, docs, np.full(len(docs), float(matcher._all_weights or 1.0)))
    raise Unsupported(kind.__name__)


_COMBINE = {binary.UnionMatcher: _union, binary.IntersectionMatcher: _intersection,
            binary.AndNotMatcher: _and_not, binary.AndMaybeMatcher: _and_maybe}


def _among(docs: np.ndarray, listed: np.ndarray) -> np.ndarray:
    """Whether each of `docs` is one of `listed` (ascending): one flag per document."""
    if not len(listed):
        return np.zeros(len(docs), dtype=bool)
    found = listed.searchsorted(docs)
    return listed[np.minimum(found, len(listed) - 1)] == docs


def _filtered_exact(part: Part):
    check = part.exact

    def exact(docnum):
        return check(docnum) if part.plain_score(docnum) is not None else None
    return exact


def _array_union(matcher, reader) -> Part:
    """Whoosh's matcher for many words (prefixes, fuzzy terms, ORs of many parts): each part's
    score times the boost, added part by part; 1 for every document when unscored."""
    size = reader.doc_count_all()
    boost, scored = matcher._boost, matcher._scored
    # Whoosh has already read the documents of its first slice into an array (exact scores), and
    # moved the parts past it; a phrase part is read afresh, so its first slice is left out here.
    offset, limit = matcher._offset, matcher._limit
    first = np.asarray(matcher._a[:limit - offset], dtype=np.float64)
    found = np.flatnonzero(first)
    totals = np.zeros(size)
    totals[found + offset] = first[found]
    seen = np.zeros(size, dtype=bool)
    seen[found + offset] = True
    parts = []
    for sub in matcher._submatchers:
        part = evaluate(sub, reader)
        if part.exact:
            part = part.kept(part.docs >= limit)
        parts.append(part)
        seen[part.docs] = True
        if scored:
            totals[part.docs] += part.scores * boost  # each document once per part: in order
        else:
            totals[part.docs] = 1
    whole = Part.from_dense(np.where(seen, totals, np.nan))
    if not any(part.exact for part in parts):
        return whole

    def exact(docnum):
        if docnum < limit:  # only the first slice holds documents below its limit
            return whole.plain_score(docnum)
        total = None
        for part in parts:
            score = part.score_of(docnum)
            if score is not None:
                total = (total or 0) + score * boost if scored else 1
        return total
    return Part(size, whole.docs, whole.scores, exact)


def _inverse(matcher, reader) -> Part:
    """A lone NOT: every document from the matcher's current one on that its child does not
    match and that is not deleted, each scoring the matcher's weight."""
    child = evaluate(matcher.child, reader)
    matched = child.docs
    if child.exact:
        matched = np.array([d for d in child.docs.tolist() if child.exact(d) is not None], dtype=np.intp)
    others = np.arange(matcher._id, matcher.limit)
    missing = matcher.missing
    docs = [d for d in others[~_among(others, matched)].tolist() if not missing(d)]
    return Part(child.size, np.array(docs, dtype=np.intp), np.full(len(docs), float(matcher._weight)))


def _segment_best(part: Part, limit: int) -> list[tuple[int, float]]:
    """The `limit` best (document, score) of one segment, ties at the last place going to the
    lowest document numbers, as in Whoosh (unscored prefixes tie everywhere)."""
    scores = part.scores
    if len(scores) > limit:
        least = np.partition(scores, len(scores) - limit)[len(scores) - limit]  # the last place's score
        above = np.flatnonzero(scores > least)
        tied = np.flatnonzero(scores == least)[:limit - len(above)]  # documents are in order
        chosen = np.concatenate([above, tied])
        return list(zip(part.docs[chosen].tolist(), scores[chosen].tolist()))
    return list(zip(part.docs.tolist(), scores.tolist()))


def _best(parts: list[tuple[int, Part]], limit: int) -> tuple[list[tuple[float, int]], int, bool]:
    """The best `limit` (negated score, global document) over the segments' parts (each with its
    first document number), best first; the number of documents matched, and whether that
    number is exact (else an estimate from a sample of the phrase's unread candidates)."""
    count = sum(len(part.docs) for _, part in parts)
    if not any(part.exact for _, part in parts):
        candidates = []
        for offset, part in parts:
            candidates.extend((-s, d + offset) for d, s in _segment_best(part, limit))
        return heapq.nsmallest(limit, candidates), count, True
    # Bounds first: a document is checked only while its bound could still place it.
    offsets = [offset for offset, _ in parts]
    bounds = np.concatenate([part.scores for _, part in parts])
    docs = np.concatenate([part.docs + offset for offset, part in parts])
    order = np.argsort(-bounds, kind="stable")  # best bound first; ties: lowest document first
    best: list[tuple[float, int]] = []  # a heap of the kept, worst first: (score, -document)
    confirmed = 0
    for i, (bound, docnum) in enumerate(in_order(order, bounds, docs)):
        if len(best) == limit and (bound < best[0][0] or (bound == best[0][0] and docnum > -best[0][1])):
            estimate = confirmed + _share_confirmed(parts, offsets, docs[order[i:]]) * (count - i)
            return sorted((-s, -d) for s, d in best), round(estimate), False
        offset, part = parts[bisect_right(offsets, docnum) - 1]
        score = part.score_of(docnum - offset)
        if score is None:
            continue
        confirmed += 1
        if len(best) < limit:
            heapq.heappush(best, (score, -docnum))
        elif (-score, docnum) < (-best[0][0], -best[0][1]):
            heapq.heapreplace(best, (score, -docnum))
    return sorted((-s, -d) for s, d in best), confirmed, True


_SAMPLE = 200


def _share_confirmed(parts, offsets: list[int], unchecked: np.ndarray) -> float:
    """The share of the `unchecked` documents (a phrase's possible matches, not read) that hold
    it, from an evenly spaced sample of them: the count of matches then comes within a few per
    cent (counting them all as matches said "about 6,423" for 4,085)."""
    if not len(unchecked):
        return 0.0
    step = max(1, len(unchecked) // _SAMPLE)
    sample = unchecked[::step][:_SAMPLE].tolist()
    held = 0
    for docnum in sample:
        offset, part = parts[bisect_right(offsets, docnum) - 1]
        held += part.score_of(docnum - offset) is not None
    return held / len(sample)


def in_order(order: np.ndarray, *columns: np.ndarray):
    """The values of `columns` at each position of `order` in turn, as tuples of Python
    numbers (converted a few hundred at a time: a search often stops after a handful)."""
    for start in range(0, len(order), _AT_ONCE):
        chosen = order[start:start + _AT_ONCE]
        yield from zip(*(column[chosen].tolist() for column in columns))


def segment_parts(searcher, q) -> tuple[list, bool] | None:
    """What `q` matches in each segment, as (segment reader, first document number, Part), and
    whether time ran out first (the search's limit, see `deadline`: the segments read by then);
    None when the query holds what this module does not evaluate."""
    context = searcher.context()
    segments = []
    for subsearcher, offset in searcher.leaf_searchers():
        if expired():
            return segments, True
        reader = subsearcher.reader()
        try:
            segments.append((reader, offset, evaluate(q.matcher(subsearcher, context), reader)))
        except Unsupported:
            return None
        except TimeUp:
            return segments, True
    return segments, False


def top(searcher, q, limit: int) -> Top | None:
    """The top `limit` documents for query `q` as Whoosh ranks them (score, then document
    number), or None when the query holds what this module does not evaluate. Past the search's
    time limit, what the segments read so far hold is returned, marked partial."""
    found = segment_parts(searcher, q)
    if found is None:
        return None
    segments, partial = found
    best, total, exact_total = _best([(offset, part) for _, offset, part in segments], max(1, limit))
    return Top([(d, -s) for s, d in best], total, exact_total and not partial, partial)
