"""One time limit for a whole search, seen by each of its steps.

A search expands wildcard and fuzzy words, reads and scores postings segment by segment, makes
snippets and may look for a spelling that finds something. Each step asks `expired()` (or calls
`check()`) at its own boundaries, so that the limit holds for the whole search, not for one
step of it. The limit lives in a context variable: each thread (each of the app's workers) has
its own, and code outside a `time_limit` block runs unlimited.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


class TimeUp(Exception):
    """The search's time ran out; what was found so far stands, marked partial."""


@dataclass
class Clock:
    """The end of one search's time, and whether any step was cut short by it."""

    ends: float
    cut: bool = False


_CLOCK: ContextVar[Clock | None] = ContextVar("newsreader_deadline", default=None)


@contextmanager
def time_limit(seconds: float) -> Iterator[Clock]:
    """Limit the steps run inside the block to `seconds` in all (an enclosing limit that ends
    sooner stays in force)."""
    outer = _CLOCK.get()
    ends = time.perf_counter() + seconds
    clock = Clock(min(ends, outer.ends) if outer else ends)
    token = _CLOCK.set(clock)
    try:
        yield clock
    finally:
        _CLOCK.reset(token)
        if outer is not None and clock.cut:
            outer.cut = True


def expired() -> bool:
    """True once the current limit has passed (and marks the search cut short)."""
    clock = _CLOCK.get()
    if clock is None or time.perf_counter() <= clock.ends:
        return False
    clock.cut = True
    return True


def mark_cut() -> None:
    """Mark the current search cut short (a step that stopped on its own timer, inside the limit)."""
    clock = _CLOCK.get()
    if clock is not None:
        clock.cut = True


def check() -> None:
    """Raise TimeUp once the current limit has passed."""
    if expired():
        raise TimeUp


def remaining() -> float | None:
    """Seconds left of the current limit (0 when past it), or None when there is none."""
    clock = _CLOCK.get()
    return None if clock is None else max(0.0, clock.ends - time.perf_counter())
