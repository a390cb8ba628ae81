"""Reading an index: search with snippets, articles by id, entity facets, the corpus timeline.

`Library` is the small interface the CLI and the app use, so that the engine can change later.
"""

from __future__ import annotations

import pickle
import time
from datetime import date, datetime
from pathlib import Path

from whoosh import query, sorting
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.searching import Searcher

from . import whoosh_patches  # noqa: F401  (applies measured fixes to the pinned Whoosh)
from .collector import collector_paused
from .expansions import one_expansion_per_search
from .highlight import highlight_targets, match_spans
from .index_meta import IndexError_, index_exists, storage
from .models import Article, SearchHit, SearchResult
from .date_order import newest_of_all, undated_last
from .query import QueryError, make_parser, parse_query
from .snippets import make_snippet
from .timeline import Event, Mention, in_range, merge

SEARCH_TIME_LIMIT_S = 3.0
MAX_EXPANSIONS = 2000


def _to_date(value) -> date | None:
    return value.date() if isinstance(value, datetime) else None


class Library:
    """A long-lived reader of one index: search, fetch articles, refresh after commits.

    One instance per thread (Whoosh searchers are not shared across threads).
    """

    def __init__(self, index_dir: Path) -> None:
        if not index_exists(index_dir):
            raise IndexError_(f"no index at {index_dir}; run 'newsreader index' first")
        try:
            self._ix = storage(index_dir).open_index()
        except Exception as err:  # a damaged index: tell the user how to recover
            raise IndexError_(f"cannot open the index at {index_dir} ({err}); run 'newsreader index --rebuild'") from None
        self.index_dir = Path(index_dir)
        self._searcher: Searcher = self._ix.searcher()
        self._parser = make_parser(self._ix.schema)
        self._analyzer = self._ix.schema["body"].analyzer

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def refresh(self) -> None:
        """Pick up what writers committed since this library was opened (every query does this
        first; it costs one look at the index folder when nothing changed)."""
        try:
            self._searcher = self._searcher.refresh()
        except Exception:  # a commit in progress: keep answering from what is open
            pass

    @staticmethod
    def load_engine() -> None:
        """Import the readers of whole posting lists (`bulk`, `newest`) now. They need NumPy,
        whose import (50-90 ms) the first screen does not wait for: the first search that needs
        them imports them, unless this was called before (the app calls it once its first
        screen is up)."""
        from . import bulk, newest  # noqa: F401

    @property
    def article_count(self) -> int:
        return self._searcher.doc_count()

    def _article(self, fields: dict) -> Article:
        return Article(
            id=fields["id"], key=fields["key"], path=fields["path"], title=fields.get("title", ""),
            source=fields.get("source", ""), url=fields.get("url", ""),
            published=_to_date(fields.get("published")), body=fields.get("body", ""),
            extra=fields.get("extra") or {},
        )

    def get(self, ref: str) -> Article | None:
        """Return the article whose id (or unique id prefix), key or file path is `ref`."""
        ref = ref.strip()
        for fieldname in ("id", "key", "path"):
            fields = self._searcher.document(**{fieldname: ref})
            if fields:
                return self._article(fields)
        if len(ref) >= 4 and all(c in "0123456789abcdef" for c in ref.lower()):
            matches = list(self._searcher.reader().expand_prefix("id", ref.lower()))
            if len(matches) == 1:
                fields = self._searcher.document(id=matches[0].decode() if isinstance(matches[0], bytes) else matches[0])
                return self._article(fields) if fields else None
        return None

    def search(self, text: str, limit: int = 20, sort: str = "relevance", snippet_width: int = 180,
               time_limit: float = SEARCH_TIME_LIMIT_S) -> SearchResult:
        """Return the top `limit` hits for query `text` (sort: relevance or date, newest first).

        A search that runs past `time_limit` seconds returns the hits found by then, marked
        `partial`. Raises QueryError with a one-line message for a malformed query.
        """
        with one_expansion_per_search():
            return self._search(text, limit, sort, snippet_width, time_limit)

    def _search(self, text: str, limit: int, sort: str, snippet_width: int, time_limit: float) -> SearchResult:
        started = time.perf_counter()
        self.refresh()
        q = self._query(text)
        if sort == "date" and type(q) is query.Every:  # the app's first screen: no NumPy needed
            found = newest_of_all(self._searcher, max(1, limit), "published")
        elif sort == "date":
            from .newest import newest  # imported on first use: see load_engine
            found = newest(self._searcher, q, max(1, limit), "published", time_limit)
        else:
            from .bulk import top  # imported on first use: see load_engine
            found = top(self._searcher, q, max(1, limit), time_limit)
        ranked, total, exact, partial = (found.hits, found.total, found.exact_total, found.partial) if found \
            else self._whoosh_top(q, limit, sort, time_limit)
        terms, phrases = highlight_targets(q, self._searcher.reader(), self._analyzer)
        hits = []
        for docnum, score in ranked:
            fields = self._searcher.stored_fields(docnum)
            body = fields.get("body", "")
            spans = match_spans(body, terms, phrases, self._analyzer)
            snippet, highlights = make_snippet(body, spans, snippet_width)
            hits.append(SearchHit(
                id=fields["id"], key=fields["key"], path=fields["path"], title=fields.get("title", ""),
                source=fields.get("source", ""), url=fields.get("url", ""),
                published=_to_date(fields.get("published")), score=float(score or 0.0),
                snippet=snippet, highlights=highlights,
            ))
        suggestion = None
        if total == 0:
            suggestion = self._suggest(q, text)
        return SearchResult(query=text, hits=hits, total=total, exact_total=exact,
                            elapsed_ms=(time.perf_counter() - started) * 1000, suggestion=suggestion,
                            partial=partial)

    def _whoosh_top(self, q, limit: int, sort: str, time_limit: float) -> tuple[list, int, bool, bool]:
        """Whoosh's own top N (for queries `bulk` and `newest` do not evaluate): (document,
        score) pairs, the number of matches, whether that number is exact, whether time ran out."""
        kwargs = {"sortedby": undated_last(self._ix.schema, "published"), "reverse": True} if sort == "date" else {}
        collector = TimeLimitCollector(self._searcher.collector(limit=max(1, limit), **kwargs),
                                       timelimit=time_limit, use_alarm=False)
        partial = False
        try:
            self._searcher.search_with_collector(q, collector)
        except TimeLimit:
            partial = True
        results = collector.results()
        # Counting every match of a broad query costs a second pass over its postings: when the
        # top N did not take them all, the count is the index's estimate (exact for one term).
        exact = results.scored_length() < max(1, limit) and not partial
        total = results.scored_length() if exact else max(results.estimated_length(), results.scored_length())
        # Sorted by date, Whoosh gives each hit its date's raw number as a score: not shown.
        return [(hit.docnum, hit.score if sort != "date" else 0.0) for hit in results], total, exact, partial

    def _query(self, text: str | None) -> query.Query:
        """The query of `text` (every article for None or "*"). Raises QueryError when it is
        malformed or a wildcard or fuzzy term in it would expand to a large part of the vocabulary."""
        if text is None or text.strip() == "*":
            return query.Every()
        q = parse_query(text, self._ix.schema, self._parser)
        self._check_expansions(q)
        return q

    def _check_expansions(self, q) -> None:
        reader = self._searcher.reader()
        for node in q.leaves():
            if isinstance(node, query.MultiTerm):
                for count, _ in enumerate(node._btexts(reader), start=1):
                    if count > MAX_EXPANSIONS:
                        raise QueryError(f"'{node.text}' matches over {MAX_EXPANSIONS} different words; "
                                         "add letters to narrow it")

    def match_spans(self, body: str, text: str) -> list[tuple[int, int]]:
        """Return the spans of `body` that query `text` matches (empty for a malformed query)."""
        try:
            q = parse_query(text, self._ix.schema, self._parser)
        except QueryError:
            return []
        return match_spans(body, *highlight_targets(q, self._searcher.reader(), self._analyzer), self._analyzer)

    def entity_counts(self, text: str | None = None, label: str | None = None,
                      limit: int = 20) -> list[tuple[str, str, int]]:
        """Return (label, canonical name, article count) of the most frequent entities in the
        articles matching query `text` (all articles when None), optionally of one label.

        Raises QueryError for a malformed query.
        """
        self.refresh()
        q = self._query(text or None)
        facet = sorting.FieldFacet("facets", allow_overlap=True, maptype=sorting.Count)
        with one_expansion_per_search():
            results = self._searcher.search(q, limit=None, groupedby={"facets": facet}, scored=False)
        counts = []
        for value, count in results.groups("facets").items():
            value = value.decode() if isinstance(value, bytes) else value
            entity_label, _, name = value.partition(":")
            if label and entity_label != label and not (label == "GPE" and entity_label == "LOC"):
                continue
            counts.append((entity_label, name, count))
        counts.sort(key=lambda row: (-row[2], row[1]))
        return counts[:limit]

    def timeline(self, text: str | None = None, start: date | None = None, end: date | None = None,
                 max_articles: int = 10_000) -> tuple[list[Event], int]:
        """Return the merged timeline of the articles matching query `text` (all when None),
        limited to events overlapping [start, end], and the number of articles it drew on.

        Reads the stored per-article timelines (no re-extraction). Raises QueryError.
        """
        self.refresh()
        q = self._query(text or None)
        with one_expansion_per_search():
            results = self._searcher.search(q, limit=max_articles, scored=bool(text))
        # Tens of thousands of small objects are made and kept here: the cyclic garbage collector
        # would walk them again and again for nothing (none of them form cycles).
        with collector_paused():
            return self._merged_timeline(results, start, end)

    def _merged_timeline(self, results, start: date | None, end: date | None) -> tuple[list[Event], int]:
        column = self._searcher.reader().column_reader("timeline")
        items = []
        for docnum in results.docs():
            raw = column[docnum]
            if not raw:
                continue
            *article, entries = pickle.loads(raw)
            for value, mod, written, s, e, sentence, key in entries:
                if (start or end) and not in_range(value, start, end):
                    continue
                items.append((value, mod, sentence, key, Mention(*article, written, s, e)))
        return merge(items), len(results)

    def _suggest(self, q, text: str) -> str | None:
        try:
            corrected = self._searcher.correct_query(q, text, prefix=1, maxdist=2)
        except Exception:
            return None
        if corrected.query == q or corrected.string == text:
            return None
        try:
            if self._searcher.search(corrected.query, limit=1).is_empty():
                return None
        except Exception:
            return None
        return corrected.string
