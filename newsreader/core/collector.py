"""Python's cyclic garbage collector, kept from walking many live objects that form no cycles (a
build's postings and loaded data, a timeline's events) again and again."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the block (it is global to the process); the reference counts
    still free every object that is dropped."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@cache  # once a process
def settle_worker_process() -> None:
    """In a worker process that has loaded what every article needs (names, patterns, stems):
    keep those out of the collector's scans from now on, and let it run less often (the objects
    of one article are freed by their reference counts). Only the first call does anything."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
