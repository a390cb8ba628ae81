"""Reading an index: search with snippets, articles by id, entity facets, the corpus timeline.

`Library` is the small interface the CLI and the app use, so that the engine can change later.
Every search, timeline and entity count runs under one time limit (see `deadline`). A failure
to read the index becomes one line: IndexMissing when its folder went away, IndexDamaged when
its files are damaged.
"""

from __future__ import annotations

import functools
import pickle
import struct
import time
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from whoosh import query, sorting
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.searching import Searcher

from ..extract.models import Article, SearchHit, SearchResult
from ..extract.safety import neutralise, safe_name
from ..extract.timeline import Event, Mention, in_range, merge
from . import deadline
from .collector import collector_paused
from .coverage import Coverage, coverage, coverage_of_counts
from .date_order import newest_of_all, undated_last
from .expansions import one_expansion_per_search
from .highlight import highlight_targets, match_spans
from .index_meta import (IndexDamaged, IndexError_, IndexMissing, damage, damaged_message, index_exists,
                         index_name, open_index)
from .query import QueryError, make_parser, parse_query
from .snippets import make_snippet

SEARCH_TIME_LIMIT_S = 3.0
MAX_EXPANSIONS = 2000
# Counting entities reads every matching article's facets through Whoosh (3 s at 10,000
# articles): a limit of its own, so that the counts of a large corpus stay whole.
ENTITY_COUNT_TIME_LIMIT_S = 10.0
SUGGEST_MAX_WORDS = 12  # a spelling suggestion for a longer query is no help, and costs a word at a time
# What Whoosh raises when it reads damaged bytes (a truncated, zeroed or missing file).
_DAMAGE_ERRORS = (EOFError, pickle.UnpicklingError, zlib.error, struct.error, UnicodeDecodeError,
                  FileNotFoundError)


@dataclass
class TimelineResult:
    """The merged events of a timeline, the number of articles drawn on, and whether the time
    limit cut it short (the events of the articles read by then)."""

    events: list[Event]
    articles: int
    partial: bool = False


def _reads(method):
    """Turn a failure to read the index inside `method` into one line (see `Library._failure`)."""
    @functools.wraps(method)
    def reading(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (QueryError, IndexError_):
            raise
        except Exception as err:
            failure = self._failure(err)
            if failure is err:
                raise
            raise failure from None
    return reading


def _fold_copies(hits: list[SearchHit], bodies: list[str]) -> list[SearchHit]:
    """The hits (with their `bodies`) with each group of copies folded into its best-ranked member."""
    from .copies import groups

    folded = []
    # An article edited in place keeps its id: its signature is cached under its id and its body.
    keys = [f"{h.id}:{hash(body)}" for h, body in zip(hits, bodies)]
    for members in groups(bodies, keys=keys):
        leader = hits[members[0]]
        leader.copies = [(hits[i].id, hits[i].source) for i in members[1:]]
        folded.append(leader)
    return folded


def _restricted(q, restrict):
    """`q` limited to the ids kept and without the ids left out; its scores are `q`'s own."""
    if not restrict:
        return q
    keep, drop = restrict
    if keep is not None:
        q = query.Require(q, query.Or([query.Term("id", i) for i in sorted(keep)]) if keep else query.NullQuery)
    if drop:
        q = query.AndNot(q, query.Or([query.Term("id", i) for i in sorted(drop)]))
    return q


def _to_date(value) -> date | None:
    return value.date() if isinstance(value, datetime) else None


class Library:
    """A long-lived reader of one index: search, fetch articles, refresh after commits.

    One instance per thread (Whoosh searchers are not shared across threads).
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        if not index_exists(index_dir):
            raise IndexMissing(f"no index at {index_dir}; run 'newsreader index' first")
        try:
            self._open()
        except Exception as err:  # a damaged index: tell the user how to recover
            raise IndexDamaged(damaged_message(self.index_dir, damage(self.index_dir) or
                                               f"{type(err).__name__}: {err}".splitlines()[0])) from None

    def _open(self) -> None:
        self._name = index_name(self.index_dir)
        self._ix = open_index(self.index_dir)
        self._searcher: Searcher = self._ix.searcher()
        self._parser = make_parser(self._ix.schema)
        self._analyzer = self._ix.schema["body"].analyzer

    def _failure(self, err: Exception) -> Exception:
        """The one-line error for a failure to read the index, or `err` itself when the index
        reads well (the failure is something else)."""
        if not index_exists(self.index_dir):
            return IndexMissing(f"the index at {self.index_dir} is gone; run 'newsreader index' to build it")
        reason = damage(self.index_dir)
        if reason is None and isinstance(err, _DAMAGE_ERRORS):
            reason = f"{type(err).__name__}: {err}".splitlines()[0]
        return IndexDamaged(damaged_message(self.index_dir, reason)) if reason else err

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def refresh(self) -> None:
        """Pick up what writers committed since this library was opened, and a rebuild that was
        swapped in (every query does this first; it costs a look at the index folder when
        nothing changed)."""
        try:
            if index_name(self.index_dir) != self._name:
                old = self._searcher
                self._open()
                old.close()
            else:
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
    @_reads
    def article_count(self) -> int:
        return self._searcher.doc_count()

    def _article(self, fields: dict) -> Article:
        return Article(
            id=fields["id"], key=fields["key"], path=fields["path"], title=fields.get("title", ""),
            source=fields.get("source", ""), url=fields.get("url", ""),
            published=_to_date(fields.get("published")), body=fields.get("body", ""),
            extra=fields.get("extra") or {},
        )

    @_reads
    def get(self, ref: str) -> Article | None:
        """Return the article whose id (or unique id prefix), key or file path is `ref` (a path
        as written on disk, or as newsreader shows it: see `safety.safe_name`)."""
        ref = safe_name(ref.strip())
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
               time_limit: float = SEARCH_TIME_LIMIT_S,
               restrict: tuple[set[str] | None, set[str]] | None = None, group: bool = True) -> SearchResult:
        """Return the top `limit` hits for query `text` (sort: relevance or date, newest first).

        A search that runs past `time_limit` seconds in all (expanding its words, reading and
        scoring, a spelling suggestion) returns the hits found by then, marked `partial`.
        With `group`, hits that are copies of one story (a wire story republished) are one hit,
        the best-ranked, listing the others in `copies` (not for "*", every article newest
        first: the app's first screen, drawn without NumPy).
        `restrict` is (ids to keep or None, ids to leave out): the reader's state terms
        (`is:unread`, `is:flagged`), see `state.restriction`.
        Raises QueryError with a one-line message for a malformed query.
        """
        text = neutralise(text)  # the query is echoed back, and its suggestion built from it
        with one_expansion_per_search(), deadline.time_limit(time_limit) as clock:
            result = self._search(text, limit, sort, snippet_width, restrict,
                                  group and text.strip() != "*")  # the first screen stays free of NumPy
        result.partial = result.partial or clock.cut
        return result

    @_reads
    def _search(self, text: str, limit: int, sort: str, snippet_width: int, restrict=None,
                group: bool = False) -> SearchResult:
        started = time.perf_counter()
        self.refresh()
        q = _restricted(self._query(text), restrict)
        if sort == "date" and type(q) is query.Every:  # the app's first screen: no NumPy needed
            found = newest_of_all(self._searcher, max(1, limit), "published")
        elif sort == "date":
            from .newest import newest  # imported on first use: see load_engine
            found = newest(self._searcher, q, max(1, limit), "published")
        else:
            from .bulk import top  # imported on first use: see load_engine
            found = top(self._searcher, q, max(1, limit))
        ranked, total, exact, partial = (found.hits, found.total, found.exact_total, found.partial) if found \
            else self._whoosh_top(q, limit, sort)
        terms, phrases = highlight_targets(q, self._searcher.reader(), self._analyzer)
        hits, bodies = [], []
        for docnum, score in ranked:
            fields = self._searcher.stored_fields(docnum)
            body = fields.get("body", "")
            bodies.append(body)
            spans = match_spans(body, terms, phrases, self._analyzer)
            snippet, highlights = make_snippet(body, spans, snippet_width)
            hits.append(SearchHit(
                id=fields["id"], key=fields["key"], path=fields["path"], title=fields.get("title", ""),
                source=fields.get("source", ""), url=fields.get("url", ""),
                published=_to_date(fields.get("published")), score=float(score or 0.0),
                snippet=snippet, highlights=highlights,
            ))
        if group and len(hits) > 1:
            hits = _fold_copies(hits, bodies)
        suggestion = None
        if total == 0 and not deadline.expired():
            suggestion = self._suggest(q, text)
        return SearchResult(query=text, hits=hits, total=total, exact_total=exact,
                            elapsed_ms=(time.perf_counter() - started) * 1000, suggestion=suggestion,
                            partial=partial)

    def _whoosh_top(self, q, limit: int, sort: str) -> tuple[list, int, bool, bool]:
        """Whoosh's own top N (for queries `bulk` and `newest` do not evaluate): (document,
        score) pairs, the number of matches, whether that number is exact, whether time ran out."""
        kwargs = {"sortedby": undated_last(self._ix.schema, "published"), "reverse": True} if sort == "date" else {}
        results, partial = self._collect(q, self._searcher.collector(limit=max(1, limit), **kwargs))
        # Counting every match of a broad query costs a second pass over its postings: when the
        # top N did not take them all, the count is the index's estimate (exact for one term).
        exact = results.scored_length() < max(1, limit) and not partial
        total = results.scored_length() if exact else max(results.estimated_length(), results.scored_length())
        # Sorted by date, Whoosh gives each hit its date's raw number as a score: not shown.
        return [(hit.docnum, hit.score if sort != "date" else 0.0) for hit in results], total, exact, partial

    def _collect(self, q, collector):
        """Run `q` through a Whoosh `collector` within the search's time left; return its
        results and whether time ran out."""
        left = deadline.remaining()
        if left is not None:
            collector = TimeLimitCollector(collector, timelimit=max(left, 0.001), use_alarm=False)
        try:
            self._searcher.search_with_collector(q, collector)
        except TimeLimit:
            deadline.mark_cut()  # Whoosh's own timer stopped it: whatever asked gets a partial answer
            return collector.results(), True
        return collector.results(), False

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
                        raise QueryError(f"'{getattr(node, 'text', node)}' matches over {MAX_EXPANSIONS} "
                                         "different words; add letters to narrow it")

    @_reads
    def match_spans(self, body: str, text: str) -> list[tuple[int, int]]:
        """Return the spans of `body` that query `text` matches (empty for a malformed query)."""
        try:
            q = parse_query(text, self._ix.schema, self._parser)
        except QueryError:
            return []
        return match_spans(body, *highlight_targets(q, self._searcher.reader(), self._analyzer), self._analyzer)

    @_reads
    def matching_ids(self, text: str, limit: int = 100_000, time_limit: float = SEARCH_TIME_LIMIT_S) -> list[str]:
        """The ids of the articles matching query `text` (every article for "*"), in index
        order; raises QueryError."""
        self.refresh()
        with one_expansion_per_search(), deadline.time_limit(time_limit):
            q = self._query(neutralise(text))
            results, _ = self._collect(q, self._searcher.collector(limit=limit, scored=False))
        return [self._searcher.stored_fields(docnum)["id"] for docnum in results.docs()]

    @_reads
    def coverage(self, text: str, width: int = 40, time_limit: float = SEARCH_TIME_LIMIT_S,
                 restrict=None) -> Coverage:
        """Matching articles of query `text` per day or week over their date range, in at most
        `width` bins (see `coverage.py`); `restrict` as for `search`. Raises QueryError."""
        self.refresh()
        with one_expansion_per_search(), deadline.time_limit(time_limit):
            q = _restricted(self._query(neutralise(text)), restrict)
            from .day_counts import day_counts  # NumPy: imported on first use (see load_engine)
            found = day_counts(self._searcher, q, "published")
            if found is None:  # a query the array code does not read: Whoosh's collector, then each date
                results, _ = self._collect(q, self._searcher.collector(limit=None, scored=False))
                return coverage([_to_date(self._searcher.stored_fields(d).get("published")) for d in results.docs()],
                                width)
        per_day, undated = found
        return coverage_of_counts(per_day, undated, width)

    @_reads
    def entity_counts(self, text: str | None = None, label: str | None = None,
                      limit: int = 20, time_limit: float = ENTITY_COUNT_TIME_LIMIT_S) -> list[tuple[str, str, int]]:
        """Return (label, canonical name, article count) of the most frequent entities in the
        articles matching query `text` (all articles when None), optionally of one label;
        past `time_limit` seconds, of the articles counted by then.

        Raises QueryError for a malformed query.
        """
        self.refresh()
        facet = sorting.FieldFacet("facets", allow_overlap=True, maptype=sorting.Count)
        with one_expansion_per_search(), deadline.time_limit(time_limit):
            q = self._query(text or None)
            results, _ = self._collect(q, self._searcher.collector(limit=None, groupedby={"facets": facet},
                                                                   scored=False))
        counts = []
        for value, count in results.groups("facets").items():
            if value is None:  # Whoosh's group of the articles that have no entity at all
                continue
            value = value.decode() if isinstance(value, bytes) else value
            entity_label, _, name = value.partition(":")
            if label and entity_label != label and not (label == "GPE" and entity_label == "LOC"):
                continue
            counts.append((entity_label, name, count))
        counts.sort(key=lambda row: (-row[2], row[1]))
        return counts[:limit]

    @_reads
    def timeline(self, text: str | None = None, start: date | None = None, end: date | None = None,
                 max_articles: int = 10_000, time_limit: float = SEARCH_TIME_LIMIT_S) -> TimelineResult:
        """Return the merged timeline of the articles matching query `text` (all when None),
        limited to events overlapping [start, end], and the number of articles it drew on;
        past `time_limit` seconds, of the articles read by then (marked partial).

        Reads the stored per-article timelines (no re-extraction). Raises QueryError.
        """
        self.refresh()
        with one_expansion_per_search(), deadline.time_limit(time_limit) as clock:
            q = self._query(text or None)
            results, _ = self._collect(q, self._searcher.collector(limit=max_articles, scored=bool(text)))
            # Tens of thousands of small objects are made and kept here: the cyclic garbage
            # collector would walk them again and again for nothing (none of them form cycles).
            with collector_paused():
                events, articles = self._merged_timeline(results, start, end)
        return TimelineResult(events, articles, clock.cut)

    @_reads
    def entity_timeline(self, name: str, text: str | None = None, start: date | None = None,
                        end: date | None = None, max_articles: int = 500,
                        time_limit: float = SEARCH_TIME_LIMIT_S) -> TimelineResult:
        """Return the timeline of the entity called `name` (see `entity_timeline.py`): the dated
        sentences that mention it in the articles naming it (and matching query `text`), merged
        across articles, the best-ranked articles read first; past `time_limit`, of the articles read by
        then (marked partial). Raises QueryError."""
        from .entity_timeline import entity_entries, name_forms
        from ..extract.pipeline import extract

        name = " ".join(neutralise(name).replace('"', " ").split())
        if not name:
            raise QueryError("an entity name is needed")
        self.refresh()
        named = "(" + " OR ".join(f'{field}"{form}"' for form in name_forms(name)
                                  for field in ("", "person:", "org:", "place:", "norp:")) + ")"
        with one_expansion_per_search(), deadline.time_limit(time_limit) as clock:
            q = self._query(f"{named} AND ({text})" if text else named)
            results, _ = self._collect(q, self._searcher.collector(limit=max_articles))
            items, read = [], 0
            for docnum in results.docs():
                if deadline.expired():
                    clock.cut = True
                    break
                read += 1
                article = self._article(self._searcher.stored_fields(docnum))
                about = (article.id, article.title, article.source,
                         article.published.isoformat() if article.published else None)
                for entry in entity_entries(article, extract(article), name):
                    if (start or end) and not in_range(entry.value, start, end):
                        continue
                    items.append((entry.value, entry.mod, entry.sentence, None,
                                  Mention(*about, entry.text, entry.start, entry.end, entry.inferred)))
        return TimelineResult(merge(items), read, clock.cut)

    def _merged_timeline(self, results, start: date | None, end: date | None) -> tuple[list[Event], int]:
        column = self._searcher.reader().column_reader("timeline")
        items = []
        read = 0
        for docnum in results.docs():
            if read % 256 == 0 and deadline.expired():
                break
            read += 1
            raw = column[docnum]
            if not raw:
                continue
            *article, entries = pickle.loads(raw)
            for value, mod, written, s, e, sentence, key in entries:
                if (start or end) and not in_range(value, start, end):
                    continue
                items.append((value, mod, sentence, key, Mention(*article, written, s, e)))
        return merge(items), read

    def _suggest(self, q, text: str) -> str | None:
        """A corrected query that finds something, within the search's time left, or None."""
        if sum(1 for _ in q.leaves()) > SUGGEST_MAX_WORDS:
            return None
        try:
            corrected = self._searcher.correct_query(q, text, prefix=1, maxdist=2)
        except Exception:
            return None
        if corrected.query == q or corrected.string == text or deadline.expired():
            return None
        try:
            results, partial = self._collect(corrected.query, self._searcher.collector(limit=1))
        except Exception:
            return None
        if partial or results.is_empty():
            return None
        return self._surface(corrected.string, text, results[0])

    def _surface(self, corrected: str, typed: str, hit) -> str:
        """`corrected` with each word the corrector changed written as the article that matched
        writes it: the corrector works on stems ("ceasefir"), a reader wants "ceasefire"."""
        typed_words = set(typed.lower().split())
        changed = {w for w in corrected.split() if w.lower() not in typed_words and w.isalpha()}
        if not changed:
            return corrected
        fields = hit.fields()
        text = f"{fields.get('title', '')}\n{fields.get('body', '')[:20_000]}"
        forms: dict[str, str] = {}
        for token in self._analyzer(text, chars=True, mode="query"):
            if token.text in changed and token.text not in forms:
                forms[token.text] = text[token.startchar:token.endchar].lower()
                if len(forms) == len(changed):
                    break
        return " ".join(forms.get(w, w) for w in corrected.split())
