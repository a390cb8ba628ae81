"""Copies of one story among search hits: the same wire copy republished with another headline,
trimmed, or with a paragraph added.

Two bodies are copies when their sets of 5-word shingles overlap enough, estimated by MinHash
(64 multiply-shift hash functions over the shingles' hashes, vectorised with NumPy): the estimated Jaccard
similarity is at least `THRESHOLD`. Stories on the same event told in other words share few
5-word runs; a copy trimmed to half keeps half of them. The hits are compared among themselves at
search time (a few dozen bodies, about 0.2 ms each), so the index holds nothing for it and its
build costs nothing more.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import numpy as np

SHINGLE_WORDS = 5
HASHES = 64
THRESHOLD = 0.4
LEAD_CHARS = 3000  # copies share their opening: the first ~500 words decide (1,500 lost 6 % of the pairs)
_rng = np.random.default_rng(20231207)  # fixed: the same groups on every run
_A = _rng.integers(1, 1 << 63, HASHES, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 1 << 63, HASHES, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of `text`'s 5-word shingles; None for a text under 5 words."""
    words = _WORD.findall(text[:LEAD_CHARS].lower())
    if len(words) < SHINGLE_WORDS:
        return None
    # Each 5-word shingle's hash is a polynomial of its words' hashes, computed for all shingles
    # at once (joining the words of each one in Python cost four fifths of the time). Python's
    # string hash is salted per process: signatures are only compared within one.
    word_hashes = np.fromiter((hash(w) & 0xFFFFFFFF for w in words), dtype=np.uint64, count=len(words))
    count = len(words) - SHINGLE_WORDS + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        mixed = mixed * np.uint64(0x100000001B3) + word_hashes[k:k + count]
    hashes = np.unique(mixed & np.uint64(0xFFFFFFFF))
    # a*h + b, wrapping at 2^64 (a multiply-shift hash family: no modulo, which cost half the time).
    products = _A[:, None] * hashes[None, :] + _B[:, None]
    return (products >> np.uint64(32)).min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / HASHES


_CACHE: OrderedDict[str, np.ndarray | None] = OrderedDict()
_CACHE_SIZE = 5000  # signatures of recent hits: typing a query finds the same articles again


def _signature_of(key: str | None, body: str) -> np.ndarray | None:
    if key is None:
        return signature(body)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    found = _CACHE[key] = signature(body)
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return found


def groups(bodies: list[str], threshold: float = THRESHOLD, keys: list[str] | None = None) -> list[list[int]]:
    """Indices of `bodies` grouped as copies of one story, each group in the order given (its
    first, the best-ranked, leads it), groups in the order of their leaders. `keys` (one per
    body, changing when the body does) let signatures be reused across searches."""
    signatures = [_signature_of(keys[i] if keys else None, body) for i, body in enumerate(bodies)]
    parent = list(range(len(bodies)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(signatures):
        if a is None:
            continue
        for j in range(i + 1, len(signatures)):
            b = signatures[j]
            if b is not None and similarity(a, b) >= threshold:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    grouped: dict[int, list[int]] = {}
    for i in range(len(bodies)):
        grouped.setdefault(find(i), []).append(i)
    return sorted(grouped.values(), key=lambda g: g[0])
