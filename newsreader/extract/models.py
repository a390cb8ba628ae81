"""Plain data types shared by the core, the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Problem:
    """A file (or one record of it) that could not be loaded, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Article:
    """One cleaned article as a reader sees it."""

    id: str
    """Short stable id derived from `key`."""
    key: str
    """Unique key: the corpus-relative path, plus `#N` for record N of a JSON/JSONL file."""
    path: str
    """Corpus-relative path of the file the article came from."""
    title: str
    source: str
    url: str
    published: date | None
    body: str
    extra: dict[str, str] = field(default_factory=dict)
    """Front-matter keys other than the known ones."""


@dataclass(frozen=True)
class Entity:
    """A named-entity mention; `body[start:end] == text`."""

    text: str
    label: str
    start: int
    end: int
    canonical: str


@dataclass(frozen=True)
class TimelineEntry:
    """A dated expression in the body, resolved to a TIMEX3-style value."""

    value: str
    text: str
    start: int
    end: int
    sentence: str
    mod: str | None = None


@dataclass
class SearchHit:
    """One ranked search result."""

    id: str
    key: str
    path: str
    title: str
    source: str
    url: str
    published: date | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]]
    """(start, end) offsets of query matches inside `snippet`."""
    copies: list[tuple[str, str]] = field(default_factory=list)
    """(id, source) of the other hits that are copies of this story (see `copies.py`)."""


@dataclass
class SearchResult:
    """The answer to one query."""

    query: str
    hits: list[SearchHit]
    total: int
    """Number of matching articles (may be a lower bound when `exact_total` is False)."""
    exact_total: bool
    elapsed_ms: float
    suggestion: str | None = None
    """A corrected query that would find something, when this one found nothing."""
    partial: bool = False
    """True when the search hit its time limit: the hits are the best found by then."""


@dataclass
class Top:
    """The best documents of a search (global document numbers) with their scores, best first,
    how many matched, whether that count is exact, and whether time ran out before the end."""

    hits: list[tuple[int, float]]
    total: int
    exact_total: bool
    partial: bool
