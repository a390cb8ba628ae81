"""One-line snippets around query matches, with match offsets inside the snippet."""

from __future__ import annotations

from bisect import bisect_left

Span = tuple[int, int]


def best_window(spans: list[Span], width: int) -> int:
    """Return the start offset of the `width`-character window holding the most spans."""
    starts = [s for s, _ in spans]
    best_start, best_count = starts[0], 0
    for i, start in enumerate(starts):
        count = bisect_left(starts, start + width) - i
        if count > best_count:
            best_start, best_count = start, count
    return best_start


def make_snippet(text: str, spans: list[Span], width: int = 180) -> tuple[str, list[Span]]:
    """Return (snippet, highlights): about `width` characters of `text` around the densest run of
    `spans`, on one line, and the spans' offsets within it. With no spans, the text's start."""
    spans = sorted(spans)
    if spans:
        anchor = best_window(spans, width)
        start = max(0, anchor - width // 4)
        # Start at a word boundary.
        while 0 < start < anchor and not text[start - 1].isspace():
            start += 1
    else:
        start = 0
    end = min(len(text), start + width)
    while end < len(text) and end > start and not text[end].isspace() and end - start < width + 20:
        end += 1
    out: list[str] = []
    mapping: list[int] = []  # snippet offset -> text offset, for spans
    last_space = True
    for pos in range(start, end):
        ch = text[pos]
        if ch.isspace():
            if last_space:
                continue
            ch, last_space = " ", True
        else:
            last_space = False
        out.append(ch)
        mapping.append(pos)
    snippet = "".join(out).rstrip()
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    highlights: list[Span] = []
    for s, e in spans:
        if s < start or e > end:
            continue
        i = bisect_left(mapping, s)
        j = bisect_left(mapping, e - 1)
        if i < len(snippet) and j < len(snippet):
            highlights.append((i + len(prefix), j + 1 + len(prefix)))
    return prefix + snippet + suffix, highlights
