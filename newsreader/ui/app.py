"""The reader app: search pane, article viewer, timeline and entity panels.

Slow work (searching, indexing, building the search timeline) runs in thread workers that call
the headless core and post the result back as a message; the UI never blocks. One lock keeps the
core's Library (a Whoosh searcher) to one thread at a time.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.worker import get_current_worker
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Footer, Header, Input, OptionList, Static
from rich.text import Text

from ..core.as_you_type import as_you_type
from ..core.coverage import Coverage
from ..core.entity_groups import group_entities
from ..core.index_meta import IndexDamaged, IndexError_, IndexMissing, index_exists
from ..core.library import SEARCH_TIME_LIMIT_S, Library
from ..core.query import QueryError
from ..core.state import State, StateError, restriction, split_state_terms
from ..extract.models import Article, Entity, Problem, SearchResult, TimelineEntry
from ..extract.safety import neutralise
from ..extract.timeline import Event
from .coverage_line import CoverageLine
from .keys import APP_BINDINGS, load_keymap
from .results import ResultList
from .screens import HelpScreen, LineScreen, NewsreaderCommands, SavedScreen
from .side_panel import EntityList, SidePanel, TimelineList
from .viewer import ArticleViewer
from .widgets import BackRequested, SearchBox

if TYPE_CHECKING:
    from ..core.index import UpdateReport

INDEX_CHECK_DELAY_S = 2.0
COVERAGE_DELAY_S = 0.3
TYPING_TIME_LIMIT_S = 0.25
TIMELINE_ARTICLES = 1000  # the search timeline draws on the best-ranked articles (about 0.2 s)
ENTITY_TIMELINE_ARTICLES = 300  # an entity's timeline tags each article again (~5 ms each)
NARROW_BELOW = 110
SIDE_OVER_BELOW = 160  # below this width an open side panel takes the results' place
MIN_SIZE = (60, 20)  # below this the panes are unusable: the app says so instead
RESULT_LIMIT = 50
ROWS_PER_HIT = 4  # the fewest a hit takes: title, source · date, snippet, the line between hits


def typing_result_limit(rows: int) -> int:
    """The hits listed while typing: a screenful of `rows` and a few more, never fewer than 10.
    A shorter list is drawn faster on the keys that make a new one (BENCHMARKS.md, issue 22)."""
    return max(10, rows // ROWS_PER_HIT + 2)


@dataclass
class SearchFinished(Message):
    """A search worker finished: the result, or a one-line error (`lost` when the index went
    missing or was found damaged, so that it is built again)."""

    query: str
    result: SearchResult | None
    error: str | None = None
    lost: IndexError_ | None = None
    matches: list[tuple[int, int]] | None = None
    """The new query's matches in the article open when the search ran."""
    typed: bool = False
    """Run while typing: the first hits only (`typing_result_limit`)."""


@dataclass
class IndexProgressed(Message):
    """The background index run read another file."""

    done: int
    total: int


@dataclass
class IndexFinished(Message):
    """The background index run ended (report), or failed (error)."""

    report: UpdateReport | None
    error: str | None = None


@dataclass
class ArticleLoaded(Message):
    """An article was read and tagged in the background (article None: no longer indexed)."""

    article_id: str
    article: Article | None
    extraction: object | None
    matches: list[tuple[int, int]]
    reveal: tuple[int, int] | None
    lost: IndexError_ | None = None


@dataclass
class CoverageBuilt(Message):
    """The per-week coverage of the search shown is ready."""

    query: str
    coverage: Coverage | None


@dataclass
class SearchTimelineBuilt(Message):
    """The merged timeline of the current search is ready."""

    query: str
    events: list[Event]
    articles: int
    entity: str | None = None
    """The entity whose own timeline this is, when the search asked for one entity alone."""


class NewsreaderApp(App):
    """Search, read and follow the timeline of a news corpus."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    BINDINGS = APP_BINDINGS
    COMMANDS = App.COMMANDS | {NewsreaderCommands}

    # The state the screen shows; each watcher redraws its part. Set on the event loop only.
    # `var`, not `reactive`: a reactive also repaints the whole screen when it changes, which
    # doubled the bytes sent over SSH per typed key (BENCHMARKS.md).
    current_query: var[str] = var("", init=False)
    """The search shown, "" for every article (not `query`: that is Textual's App.query())."""
    results: var[SearchResult | None] = var(None, init=False, always_update=True)
    """The hits listed; None when a search failed (nothing listed under its error)."""
    article: var[Article | None] = var(None, init=False, always_update=True)
    """The article open in the viewer; `entities` and `article_timeline` are set before it."""
    side_mode: var[str | None] = var(None, init=False)
    """The side panel shown: None, "timeline" or "entities"."""
    timeline_scope: var[str] = var("article", init=False)
    """What the timeline follows: "article", or "search" (the search, or the entity it asks for)."""

    def __init__(self, corpus: Path, index_dir: Path, *, show_timings: bool = True,
                 follow_links: bool = False) -> None:
        super().__init__()
        self.corpus = Path(corpus)
        self.index_dir = Path(index_dir)
        self.follow_links = follow_links
        self.library: Library | None = None
        self.lock = threading.Lock()
        self.sort = "relevance"
        self.show_timings = show_timings
        self.no_color = bool(os.environ.get("NO_COLOR"))
        self.entities: list[Entity] = []
        self.article_timeline: list[TimelineEntry] = []
        self.search_events: list[Event] = []
        self._engine_loading = False
        self._lost_in_a_row = 0  # rebuilds started for a lost index since it last opened
        self.keymap, self.keymap_problems = load_keymap()
        from .. import paths

        self.state = State(paths.state_file(), str(self.corpus.resolve()))
        self.current_saved: str | None = None  # the saved search the list shows, when it is one
        self._set_by_app: str | None = None  # query text the app put in the box with its own search
        self.coverage: Coverage | None = None  # matches per week of the search shown (all its dates)
        self.span: int | None = None  # the coverage bin that narrows the results, when one does
        self._charted: str | None = None  # the query whose coverage is shown (or on its way)
        self._coverage_timer = None
        self._typed_list = False  # the list shown was made while typing (its first hits only)
        self._opened_matches: list[tuple[int, int]] = []  # the query's matches in the article opened
        self.expanded: set[str] = set()  # hits whose wire copies are listed under them

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="too-small")
        with Horizontal(id="body"):
            with Vertical(id="search-pane"):
                yield SearchBox(placeholder="search… (e.g. haftar, person:haftar, \"national army\")", id="query")
                yield Static("", id="status")
                yield CoverageLine("", id="coverage")
                yield ResultList(id="results")
            with Horizontal(id="reading"):
                viewer = ArticleViewer(id="viewer")
                viewer.no_color = self.no_color
                yield viewer
                yield SidePanel(id="side")
        yield Footer()

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in self.keymap_problems:
            self.notify(problem, severity="warning")
        if self.state.problem:
            self.notify(neutralise(self.state.problem), severity="warning", timeout=10)
        box = self.query_one("#query", SearchBox)
        for query in self.state.history(50):
            box.remember(query)
        self._apply_size(self.size.width, self.size.height)
        self.query_one(SidePanel).show_mode(None, self.timeline_scope)
        self.sub_title = corpus_label(self.corpus)
        if index_exists(self.index_dir):
            if self._open_library():
                self.run_search("*")
                # Catch up with corpus changes once the first screen is up.
                self.set_timer(INDEX_CHECK_DELAY_S, self.run_index)
        else:
            self._status("No index yet: building it in the background…")
            self.run_index()
        self.query_one("#query", SearchBox).focus()

    def on_descendant_focus(self, event) -> None:
        # On a small terminal the search pane shrinks to its box while the reader reads.
        reading = self.query_one("#reading")
        self.screen.set_class(event.widget is reading or reading in event.widget.ancestors, "-reading")
        shown = self.results
        if isinstance(event.widget, ResultList) and self._typed_list and shown and len(shown.hits) < shown.total:
            self._typed_list = False  # the reader goes to a list made while typing: all of it
            self.run_search(self.current_query or "*")

    def on_resize(self, event) -> None:
        self._apply_size(event.size.width, event.size.height)

    def _place_side(self, width: int | None = None) -> None:
        width = self.size.width if width is None else width
        over = self.side_mode is not None and NARROW_BELOW <= width < SIDE_OVER_BELOW
        self.screen.set_class(over, "-side-over")

    def _apply_size(self, width: int, height: int) -> None:
        narrow = width < NARROW_BELOW
        self.screen.set_class(narrow, "-narrow")
        self._place_side(width)
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        self.screen.set_class(small, "-too-small")
        self.query_one("#too-small", Static).update(
            f"The terminal is too small: {width}×{height}. "
            f"newsreader needs at least {MIN_SIZE[0]}×{MIN_SIZE[1]}; make the window larger." if small else "")

    def use_theme(self, name: str) -> None:
        self.theme = name

    # -- library and index ----------------------------------------------------------------------

    def _open_library(self) -> bool:
        """Open the index for reading; False (and a rebuild started, when it is missing or
        damaged) when it cannot be read."""
        try:
            library = Library(self.index_dir)
            count = library.article_count
        except (IndexMissing, IndexDamaged) as err:
            self._lost_index(err)
            return False
        except IndexError_ as err:
            self._status(str(err), error=True)
            return False
        with self.lock:
            old, self.library = self.library, library
        if old is not None:
            old.close()
        self._lost_in_a_row = 0
        self.sub_title = f"{corpus_label(self.corpus)} — {count:,} article{'' if count == 1 else 's'}"
        return True

    @work(thread=True, exclusive=True, group="index")
    def run_index(self) -> None:
        """Bring the index up to date in the background, reporting progress."""
        def progress(done: int, total: int, _path: str) -> None:
            if done == 1 or done % 50 == 0 or done == total:
                self.post_message(IndexProgressed(done, total))
        from ..core.index import update_index  # the writing side: not needed for the first screen

        try:
            # In this process's thread, without worker processes: the app's terminal handling
            # and threads make starting processes from here unsafe.
            report = update_index(self.index_dir, self.corpus, progress=progress, workers=1,
                                  follow_links=self.follow_links)
            try:
                self.state.move(report.moved)  # files moved in the corpus: their marks go with them
            except StateError as err:
                report.warnings.append(Problem(str(self.state.path), str(err)))
        except IndexError_ as err:
            self.post_message(IndexFinished(None, str(err)))
            return
        except Exception as err:  # never take the reader down with a failed background update
            self.post_message(IndexFinished(None, f"index update failed: {type(err).__name__}: {err}"))
            return
        self.post_message(IndexFinished(report))

    def action_reindex(self) -> None:
        self.run_index()

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        self._status(f"Indexing {message.done}/{message.total} files…")

    @on(IndexFinished)
    def _index_finished(self, message: IndexFinished) -> None:
        if message.error:
            self._status(message.error, error=True)
            return
        report = message.report
        if report.problems:
            self.notify(f"{len(report.problems)} files skipped (see 'newsreader index')", severity="warning")
        if report.set_aside:
            self.notify(f"the index was damaged: set aside in {neutralise(str(report.set_aside))} and built anew",
                        severity="warning", timeout=10)
        if report.changed or self.library is None:
            self._open_library()
            typed = self.query_one("#query", SearchBox).value
            self.run_search(as_you_type(typed) if typed else "*")

    # -- searching ------------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        if event.value == self._set_by_app:  # put there with its own search (a pivot, a saved search)
            self._set_by_app = None
            return
        # At once, on every key: a search takes tens of milliseconds, and the next key's search
        # cancels this one (only the newest is drawn). A typing delay would add its length to
        # every keystroke's wait.
        self.run_search(as_you_type(event.value) or "*", TYPING_TIME_LIMIT_S)

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        box = self.query_one("#query", SearchBox)
        box.remember(event.value)
        self.state.remember(event.value)
        self.current_saved = None
        self.run_search(event.value or "*")
        self.query_one("#results", ResultList).focus()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, time_limit: float | None = None) -> None:
        """Search in the background; the newest search cancels older ones. Searches made while
        typing get a short time limit, so that a broad prefix never holds up the next keystroke."""
        with self.lock:
            library = self.library
            if library is None:
                self.post_message(SearchFinished(text, None, "the index is being built; results come when it is ready"))
                return
            sort = self.sort if text != "*" else "date"
            searched, terms = split_state_terms(text)  # is:unread, is:flagged: the reader's own marks
            restrict = restriction(self.state, terms) if terms else None
            # The week chosen on the coverage line narrows the search it was chosen on, not a new one.
            span = self._span_bin() if text == (self.current_query or "*") else None
            if span is not None:
                searched = f"({searched or '*'}) {span.query()}"
            try:
                typing = time_limit == TYPING_TIME_LIMIT_S
                limit = typing_result_limit(self.size.height) if typing else RESULT_LIMIT
                result = library.search(searched, limit=limit, sort=sort,
                                        time_limit=time_limit or SEARCH_TIME_LIMIT_S, restrict=restrict)
                typed = as_you_type(text)
                if result.total == 0 and typed != text:
                    # Enter on a half-typed word ("tripol") keeps what the list showed while typing.
                    prefixed = library.search(typed, limit=RESULT_LIMIT, sort=sort)
                    if prefixed.total:
                        text, result = typed, prefixed
                result.query = text  # as typed: the status line and the list's "same search" test
                if result.total == 0 and not result.suggestion and text.endswith("*"):
                    # Typing a misspelt word: the suggestion for the word so far ("misratt").
                    result.suggestion = library.search(text[:-1], limit=1, time_limit=TYPING_TIME_LIMIT_S).suggestion
                open_body = self.article.body if self.article is not None else None
                matches = library.match_spans(open_body, searched) if open_body and searched != "*" else []
            except QueryError as err:
                self.post_message(SearchFinished(text, None, str(err)))
                return
            except (IndexMissing, IndexDamaged) as err:
                self.post_message(SearchFinished(text, None, str(err), lost=err))
                return
            except Exception as err:  # a worker's failure is one line, never a traceback
                self.post_message(SearchFinished(text, None, _one_line(err)))
                return
        if get_current_worker().is_cancelled:
            return  # a newer search is on its way: drawing this one would only be redrawn
        self.post_message(SearchFinished(text, result, matches=matches, typed=limit < RESULT_LIMIT))

    @work(thread=True, group="engine")
    def load_engine(self) -> None:
        """Import the search engine's array code (NumPy, 50-90 ms) while the reader looks at the
        first screen, rather than when the first query is typed."""
        Library.load_engine()

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        if message.lost is not None:
            self._lost_index(message.lost)
            return
        if message.error:
            # A malformed query lists nothing: results under the error would be the last query's.
            self.results = None
            self._status(message.error, error=True)
            return
        if not self._engine_loading:  # once the first list is painted, load what searches need
            self._engine_loading = True
            self.call_after_refresh(self.load_engine)
        self.current_query = "" if message.query == "*" else message.query
        if message.query != self._charted:  # a new search: its own coverage, over all its dates
            self._charted, self.span = message.query, None
            # Once typing pauses: counting every match competes with the next keystroke's search.
            if self._coverage_timer is not None:
                self._coverage_timer.stop()
            query = message.query
            self._coverage_timer = self.set_timer(COVERAGE_DELAY_S, lambda: self._chart(query))
        self._typed_list = message.typed
        self._opened_matches = message.matches or []
        self.results = message.result
        if self.side_mode == "timeline" and self.timeline_scope == "search":
            self.build_search_timeline(self.current_query)

    @property
    def hits_ids(self) -> list[str]:
        """The ids of the hits listed, best first."""
        return [hit.id for hit in self.results.hits] if self.results else []

    def watch_current_query(self) -> None:
        self.expanded = set()  # a new search lists its hits folded

    def watch_results(self, old: SearchResult | None, result: SearchResult | None) -> None:
        """List the hits, follow the new search in the open article, and say what was found."""
        hits = result.hits if result else []
        same = old is not None and result is not None and old.query == result.query
        self.query_one("#results", ResultList).show_hits(hits, self.state.marks(self.hits_ids),
                                                         keep_highlight=same and not self._typed_list,
                                                         expanded=self.expanded)
        if result is not None:
            self._remark_open_article(self._opened_matches)
            self._status(self._status_line(result))

    def _status_line(self, result: SearchResult) -> str:
        if result.query == "*":
            line = f"{result.total:,} article{'' if result.total == 1 else 's'}, newest first"
        else:
            line = f"{'' if result.exact_total else 'about '}{result.total:,} match{'es' if result.total != 1 else ''}"
            if self.show_timings:
                line += f" in {result.elapsed_ms:.0f} ms"
            line += f" · by {self.sort}"
            if result.partial:
                line += " · partial: press Enter for all"
            if result.suggestion:  # first: the status line is narrow, and this is what to read
                line = f"did you mean: {result.suggestion} · {line}"
        span = self._span_bin()
        return line if span is None else f"{span.label()}: {line}"

    def _chart(self, query: str) -> None:
        line = self.query_one_optional("#coverage", CoverageLine)
        if line is not None:  # None while the app closes: the timer can outlive the screen
            self.build_coverage(query, line.bins_for_width())

    @work(thread=True, exclusive=True, group="coverage")
    def build_coverage(self, text: str, width: int) -> None:
        """Count the search's matches per day or week (at most `width` bins), off the event loop."""
        searched, terms = split_state_terms(text)
        with self.lock:
            library = self.library
            if library is None:
                return
            try:
                restrict = restriction(self.state, terms) if terms else None
                found = library.coverage(searched or "*", width, restrict=restrict)
            except Exception:  # no chart is better than a wrong one; the search line says what failed
                found = None
        if not get_current_worker().is_cancelled:  # a newer search's chart is on its way
            self.post_message(CoverageBuilt(text, found))

    @on(CoverageBuilt)
    def _coverage_built(self, message: CoverageBuilt) -> None:
        if message.query != (self.current_query or "*"):
            return  # a later search is on its way
        self.coverage = message.coverage
        self.query_one("#coverage", CoverageLine).show(self.coverage, self.span)

    def _clear_span(self) -> None:
        self.span = None
        self.query_one("#coverage", CoverageLine).show(self.coverage, None)
        self.run_search(self.current_query or "*")

    def _span_bin(self):
        if self.span is None or self.coverage is None or not 0 <= self.span < len(self.coverage.bins):
            return None
        return self.coverage.bins[self.span]

    def action_step_span(self, step: int) -> None:
        """Move along the coverage line: narrow the results to the next (or previous) week with
        matches; past either end, all dates again."""
        if self.coverage is None or not self.coverage.bins:
            self.notify("This search has no dated articles to step through.", timeout=3)
            return
        counts = [b.count for b in self.coverage.bins]
        order = range(len(counts)) if step > 0 else range(len(counts) - 1, -1, -1)
        if self.span is not None:
            order = [i for i in order if (i - self.span) * step > 0]
        self.span = next((i for i in order if counts[i]), None)
        self.query_one("#coverage", CoverageLine).show(self.coverage, self.span)
        self.run_search(self.current_query or "*")

    def _remark_open_article(self, matches: list[tuple[int, int]] | None) -> None:
        """The open article follows the new search: its marks become the new query's (an entity
        pivot, a new word); a search that found nothing closes it."""
        viewer = self.query_one("#viewer", ArticleViewer)
        if viewer.article is None:
            return
        if not self.hits_ids:
            self.entities, self.article_timeline = [], []
            self.article = None
            return
        viewer.set_matches(matches or [])

    def _lost_index(self, why: IndexError_) -> None:
        """The index went missing or was found damaged: close it and build it again in the
        background, as on first start (a damaged one is set aside first)."""
        with self.lock:
            old, self.library = self.library, None
        if old is not None:
            try:
                old.close()
            except Exception:
                pass
        self._lost_in_a_row += 1
        if self._lost_in_a_row > 2:  # building it again did not help: say so, and stop trying
            self._status(str(why), error=True)
            return
        self._status(("The index is gone" if isinstance(why, IndexMissing) else "The index is damaged (set aside)")
                     + ": building it again in the background…", error=True)
        self.run_index()

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        # One row whatever it says (cut with an ellipsis): a layout pass would repaint the
        # result list's scrollbar on every key, bytes sent over SSH for nothing.
        status.update(Text(neutralise(text), style="bold red" if error else "dim", no_wrap=True, overflow="ellipsis"),
                      layout=False)

    def action_toggle_copies(self) -> None:
        """c on a hit with "+N copies": list its copies under it (c again folds them)."""
        results = self.query_one("#results", ResultList)
        option = results.highlighted_option
        hit = next((h for h in results.hits if option is not None and h.id == option.id), None)
        if hit is None or not hit.copies:
            self.notify("The highlighted hit has no copies to show.", timeout=3)
            return
        self.expanded ^= {hit.id}
        results.show_hits(results.hits, self.state.marks(self.hits_ids), keep_highlight=True, expanded=self.expanded)

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.run_search(self.current_query or "*")

    # -- reading --------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#results")
    def _result_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_article(event.option.id)
        self.query_one("#viewer").focus()

    @work(thread=True, exclusive=True, group="article")
    def open_article(self, article_id: str, reveal: tuple[int, int] | None = None,
                     sentence: str | None = None) -> None:
        """Read, clean and tag the article `article_id` off the event loop (a long one takes tens
        of milliseconds, and the engine lock may be held by a search); then show it."""
        query = self.current_query
        with self.lock:
            if self.library is None:
                return
            try:
                article = self.library.get(article_id)
                matches = self.library.match_spans(article.body, query) if article and query else []
            except (IndexMissing, IndexDamaged) as err:
                self.post_message(ArticleLoaded(article_id, None, None, [], reveal, lost=err))
                return
        extraction = None
        if article is not None:
            from ..extract.pipeline import extract  # imported once, on the first article opened

            extraction = extract(article)
        if article is not None and reveal and sentence:
            # Flash the whole sentence, as the article timeline does, not only its date words.
            at = article.body.find(sentence, max(0, reveal[0] - len(sentence)))
            if 0 <= at <= reveal[0]:
                reveal = (at, at + len(sentence))
        if not get_current_worker().is_cancelled:  # J pressed again: the newer article wins
            self.post_message(ArticleLoaded(article_id, article, extraction, matches, reveal))

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        if message.lost is not None:
            self._lost_index(message.lost)
            return
        if message.article is None:
            self._status(f"article {message.article_id} is no longer in the index", error=True)
            return
        self.entities, self.article_timeline = message.extraction.entities, message.extraction.timeline
        self._opened_matches = message.matches
        self.article = message.article
        if message.reveal:
            self.call_after_refresh(self.query_one("#viewer", ArticleViewer).reveal, *message.reveal)

    def watch_article(self, article: Article | None) -> None:
        """Show the article opened (marked read), with its entities and timeline in the side
        panel; with None, show none."""
        viewer = self.query_one("#viewer", ArticleViewer)
        side = self.query_one(SidePanel)
        if article is None:
            viewer.clear()
        else:
            self._mark(read=True, quiet=True)
            viewer.show(article, self.entities, self._opened_matches)
        side.show_entities(group_entities(self.entities))
        if self.timeline_scope == "article":
            side.show_article_timeline(self.article_timeline)

    def _step_article(self, step: int) -> None:
        results = self.query_one("#results", ResultList)
        if not self.hits_ids:
            return
        current = self.hits_ids.index(self.article.id) if self.article and self.article.id in self.hits_ids else -1
        target = max(0, min(len(self.hits_ids) - 1, current + step))
        results.highlighted = target
        self.open_article(self.hits_ids[target])

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    # -- side panel: timeline and entities ------------------------------------------------------

    def watch_side_mode(self) -> None:
        self._place_side()
        self._show_side()

    def watch_timeline_scope(self) -> None:
        self._show_side()

    def _show_side(self) -> None:
        """The side panel as `side_mode` and `timeline_scope` say, the timeline filled."""
        self.query_one(SidePanel).show_mode(self.side_mode, self.timeline_scope)
        if self.side_mode != "timeline":
            return
        if self.timeline_scope == "search":
            self.build_search_timeline(self.current_query)  # drawn when it is built
        else:
            self.query_one(SidePanel).show_article_timeline(self.article_timeline)

    def action_toggle_side(self, mode: str) -> None:
        self.side_mode = None if self.side_mode == mode else mode
        if self.side_mode:
            self.query_one(f"#{mode}").focus()

    def action_switch_timeline(self) -> None:
        self.timeline_scope = "search" if self.timeline_scope == "article" else "article"
        self.side_mode = "timeline"
        self.query_one("#timeline").focus()

    @work(thread=True, exclusive=True, group="timeline")
    def build_search_timeline(self, text: str) -> None:
        """The timeline of the search; of one entity's own events when the search asks for that
        entity alone (`person:"…"`, as the entities panel pivots)."""
        from ..core.entity_timeline import entity_of_query

        entity = entity_of_query(text)
        with self.lock:
            if self.library is None:
                return
            try:
                if entity:
                    found = self.library.entity_timeline(entity, max_articles=ENTITY_TIMELINE_ARTICLES)
                else:
                    found = self.library.timeline(text or None, max_articles=TIMELINE_ARTICLES)
                events, articles = found.events, found.articles
            except (QueryError, IndexError_):  # the search itself reports what is wrong
                events, articles = [], 0
        if not get_current_worker().is_cancelled:  # a newer search's timeline is on its way
            self.post_message(SearchTimelineBuilt(text, events, articles, entity))

    @on(SearchTimelineBuilt)
    def _search_timeline_built(self, message: SearchTimelineBuilt) -> None:
        if self.timeline_scope != "search":
            return
        self.search_events = message.events[:2000]
        limit = ENTITY_TIMELINE_ARTICLES if message.entity else TIMELINE_ARTICLES
        self.query_one(SidePanel).show_search_timeline(self.search_events, message.articles, limit, message.entity)

    @on(OptionList.OptionSelected, "#timeline")
    def _timeline_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("a"):
            start = int(option_id[1:])
            entry = next((t for t in self.article_timeline if t.start == start), None)
            if entry:
                sentence_start = self.article.body.find(entry.sentence)
                span = (sentence_start, sentence_start + len(entry.sentence)) if sentence_start >= 0 else (entry.start, entry.end)
                self.query_one("#viewer", ArticleViewer).reveal(*span)
        elif option_id.startswith("s"):
            event_ = self.search_events[int(option_id[1:])]
            mention = event_.mentions[0]
            self.open_article(mention.article_id, reveal=(mention.start, mention.end), sentence=event_.sentence)

    @on(OptionList.OptionSelected, "#entities")
    def _entity_selected(self, event: OptionList.OptionSelected) -> None:
        query = event.option.id
        box = self.query_one("#query", SearchBox)
        self._set_by_app = box.value = query
        box.remember(query)
        self.run_search(query)
        self.query_one("#results").focus()

    # -- screenshots (the palette's "Screenshot") -------------------------------------------------

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Save into ~/Downloads when there is one, else into the user data folder's
        `screenshots/` (most server accounts have no Downloads folder: Textual's default failed)."""
        return super().deliver_screenshot(filename, path or str(screenshot_folder()), time_format)

    @on(events.DeliveryComplete)
    def _delivered(self, event: events.DeliveryComplete) -> None:
        if event.name == "screenshot":
            self.notify(f"Screenshot saved: {neutralise(str(event.path or ''))}", timeout=5)

    @on(events.DeliveryFailed)
    def _delivery_failed(self, event: events.DeliveryFailed) -> None:
        self.notify(f"Screenshot not saved: {_one_line(event.exception)}", severity="error", timeout=8)

    # -- the source in a browser ------------------------------------------------------------------

    def action_open_url(self) -> None:
        """The article's URL in $BROWSER (a terminal browser runs with the app suspended) or
        Python's `webbrowser`; never through a shell. With no browser (SSH), says so."""
        url = self.article.url if self.article else ""
        if not url.startswith(("http://", "https://")):
            self.notify("this article has no web address", severity="warning")
            return
        browser = os.environ.get("BROWSER", "").split(os.pathsep)[0].strip()
        if browser:
            command = shlex.split(browser)
            if "%s" in browser:
                command = [part.replace("%s", url) for part in command]
            else:
                command.append(url)
            try:
                if Path(command[0]).name in TERMINAL_BROWSERS:
                    with self.suspend():
                        subprocess.run(command, check=False)
                else:
                    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
            except OSError as err:
                self.notify(f"cannot start {neutralise(command[0])}: {err.strerror or err}", severity="error")
            return
        import webbrowser

        if (os.environ.get("SSH_CONNECTION") and not os.environ.get("DISPLAY")) or not _has_browser(webbrowser):
            self.notify("no browser here (over SSH): y copies the URL instead", severity="warning")
            return
        webbrowser.open(url)

    # -- the reader's state: read, flag, note, saved searches, briefings ---------------------------

    def _mark(self, quiet: bool = False, **change) -> None:
        if self.article is None:
            if not quiet:
                self.bell()
            return
        try:
            mark = self.state.mark(self.article.id, **change)
        except StateError as err:
            if not quiet:
                self.notify(neutralise(str(err)), severity="error")
            return
        results = self.query_one("#results", ResultList)
        results.show_hits(results.hits, self.state.marks(self.hits_ids), keep_highlight=True)
        if not quiet:
            what = ("flagged" if mark.flagged else "not flagged") if "flagged" in change else \
                ("read" if mark.read else "unread") if "read" in change else f"note: {mark.note or '(none)'}"
            self.notify(f"{what}", timeout=2)

    def action_toggle_flag(self) -> None:
        marks = self.state.marks([self.article.id]) if self.article else {}
        self._mark(flagged=not (self.article and self.article.id in marks and marks[self.article.id].flagged))

    def action_toggle_read(self) -> None:
        marks = self.state.marks([self.article.id]) if self.article else {}
        self._mark(read=not (self.article and self.article.id in marks and marks[self.article.id].read))

    def action_note(self) -> None:
        if self.article is None:
            self.bell()
            return
        current = self.state.marks([self.article.id]).get(self.article.id)
        self.push_screen(LineScreen("Note on this article (Enter saves, escape cancels):",
                                    current.note if current else ""),
                         lambda note: None if note is None else self._mark(note=note))

    def action_save_search(self) -> None:
        query = self.current_query or self.query_one("#query", SearchBox).value.strip()
        if not query:
            self.bell()
            return
        self.push_screen(LineScreen(f"Save '{query}' as (Enter saves):", query),
                         lambda name: self.save_search(" ".join(name.split()), query) if name else None)

    @work(thread=True, group="saved")
    def save_search(self, name: str, query: str) -> None:
        """Save `query` as `name`, with what it matches now as already seen."""
        try:
            ids = self._matching_ids(query)
            self.state.save(name, query)
            self.state.seen(name, ids)
        except (StateError, QueryError, IndexError_) as err:
            self.call_from_thread(self.notify, neutralise(str(err)), severity="error")
            return

        def saved() -> None:
            self.current_saved = name
            self.notify(f"Saved search '{neutralise(name)}': {neutralise(query)}", timeout=3)

        self.call_from_thread(saved)

    def _matching_ids(self, query: str) -> list[str]:
        """Every article `query` matches; called in a worker (it takes the engine lock)."""
        with self.lock:
            return self.library.matching_ids(query) if self.library else []

    @work(thread=True, exclusive=True, group="saved")
    def action_saved_list(self) -> None:
        """The saved searches with what each matches now and how much of it is new."""
        rows = []
        for saved in self.state.saved():
            try:
                ids = self._matching_ids(saved.query)
            except (QueryError, IndexError_):
                ids = []
            rows.append((saved.name, saved.query, len(ids), saved.new_among(ids)))
        self.call_from_thread(self.push_screen, SavedScreen(rows), self._run_saved)

    def _run_saved(self, name: str | None) -> None:
        saved = self.state.get_saved(name) if name else None
        if saved is None:
            return
        box = self.query_one("#query", SearchBox)
        self._set_by_app = box.value = saved.query
        self.current_saved = saved.name
        self.run_search(saved.query)
        self.mark_seen(saved.name, saved.query)
        self.query_one("#results").focus()

    @work(thread=True, group="saved")
    def mark_seen(self, name: str, query: str) -> None:
        """What the saved search `name` matches now is no longer new."""
        try:
            self.state.seen(name, self._matching_ids(query))
        except (StateError, QueryError, IndexError_):
            pass  # the search itself says what is wrong with the query or the index

    def action_brief(self) -> None:
        if not self.current_query or self.library is None:
            self.bell()
            return
        self.write_briefing(self.current_query, self.current_saved)

    @work(thread=True, exclusive=True, group="brief")
    def write_briefing(self, query: str, saved_name: str | None) -> None:
        """The briefing of `query` as Markdown in the user data folder's `briefings/`."""
        from .. import paths
        from ..core import briefing

        try:
            with self.lock:
                if self.library is None:
                    return
                searched, terms = split_state_terms(query)
                found = briefing.build(self.library, searched, state=self.state)
        except (QueryError, IndexError_) as err:
            self.call_from_thread(self.notify, neutralise(str(err)), severity="error")
            return
        name = re.sub(r"[^\w-]+", "-", saved_name or query).strip("-")[:60] or "briefing"
        folder = paths.user_data_dir() / "briefings"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{name}.md"
            target.write_text(briefing.markdown(found), encoding="utf-8")
        except OSError as err:
            self.call_from_thread(self.notify, f"briefing not written: {err.strerror or err}", severity="error")
            return
        self.call_from_thread(self.notify, f"Briefing written: {neutralise(str(target))}", timeout=8)

    # -- global actions -------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        if self.screen.has_class("-side-over"):
            self.side_mode = None  # the search box lives where the panel is
        self.query_one("#query").focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keymap))

    def action_copy(self) -> None:
        """y: the highlighted timeline entry as a quote with its citation, else the article's URL."""
        focused = self.focused
        if isinstance(focused, TimelineList) and focused.highlighted is not None:
            option = focused.get_option_at_index(focused.highlighted)
            option_id = option.id or ""
            if option_id.startswith("s"):
                self.copy_search_quote(int(option_id[1:]))  # its article's URL is in the index
                return
            entry = next((t for t in self.article_timeline if f"a{t.start}" == option_id), None)
            if entry is not None and self.article is not None:
                published = self.article.published.isoformat() if self.article.published else None
                text = quote(entry.sentence, self.article.source, published, self.article.url)
            else:
                text = str(option.prompt.plain if isinstance(option.prompt, Text) else option.prompt)
        elif self.article is not None:
            text = self.article.url or str(self.corpus / self.article.key)  # neutralised below
        else:
            self.bell()
            return
        self._copy(text)

    @work(thread=True, group="copy")
    def copy_search_quote(self, index: int) -> None:
        event_ = self.search_events[index]
        mention = event_.mentions[0]
        with self.lock:
            try:
                article = self.library.get(mention.article_id) if self.library else None
            except IndexError_:
                article = None
        self.call_from_thread(self._copy, quote(event_.sentence, mention.source, mention.published,
                                                article.url if article else ""))

    def _copy(self, text: str) -> None:
        self.copy_to_clipboard(neutralise(" ".join(text.split())))
        self.notify("Copied to the clipboard", timeout=2)

    @on(BackRequested)
    def _back(self, event: BackRequested) -> None:
        """Escape: side panel -> article -> results -> search box -> results."""
        focused = self.focused
        if isinstance(focused, ResultList) and self.span is not None:
            self._clear_span()  # Escape on narrowed results: all the search's dates again
        elif isinstance(focused, ResultList):
            self.query_one("#query").focus()
        elif isinstance(focused, SearchBox):
            self.query_one("#results").focus()
        else:
            self._step_back()

    def _step_back(self) -> bool:
        """Move from a panel to the article, or from the article to the results; False when the
        focus is already on the results or the search box (the top)."""
        focused = self.focused
        if isinstance(focused, (TimelineList, EntityList)):
            self.query_one("#viewer").focus()
        elif isinstance(focused, ArticleViewer):
            self.query_one("#results").focus()
        else:
            return False
        return True

    def action_back_or_quit(self) -> None:
        """q: back one step (panel -> article -> results), then quit."""
        if not self._step_back():
            self.exit()


def quote(sentence: str, source: str | None, published: str | None, url: str) -> str:
    """A sentence as a quote with its citation: "…" — Source, date, url."""
    cite = ", ".join(part for part in (source or "unknown source", published or "undated", url) if part)
    return f"\u201c{' '.join(sentence.split())}\u201d \u2014 {cite}"


def _one_line(err: Exception) -> str:
    return f"unexpected error: {type(err).__name__}: {err}".splitlines()[0][:300]


def screenshot_folder() -> Path:
    """~/Downloads when it exists, else `screenshots/` in the user data folder (made if needed)."""
    from platformdirs import user_downloads_path  # where Textual saves by default

    from .. import paths

    downloads = Path(user_downloads_path())
    if downloads.is_dir() and os.access(downloads, os.W_OK):
        return downloads
    folder = paths.user_data_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def corpus_label(corpus: Path) -> str:
    """The corpus as the header names it: its path, with the home folder written `~` (the
    bundled corpus by that name: its path is deep inside the installed package)."""
    from ..paths import bundled_corpus

    if Path(corpus).resolve() == bundled_corpus().resolve():
        return "bundled corpus"
    path = str(corpus)
    home = str(Path.home())
    if path == home or path.startswith(home + os.sep):
        path = "~" + path[len(home):]
    return neutralise(path)


TERMINAL_BROWSERS = {"lynx", "w3m", "links", "elinks", "browsh", "links2", "carbonyl"}


def _has_browser(webbrowser) -> bool:
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


_FEW_COLOUR_TERMS = {"linux", "xterm", "vt100", "vt102", "vt220", "ansi", "screen", "tmux", "cons25"}


def auto_theme(environ=os.environ) -> str | None:
    """The ANSI theme on a terminal of 16 colours or fewer (the Linux console, plain `xterm`,
    `screen`): Textual's own themes, drawn in 256 or true colours, come out there as ragged
    black bands. None (Textual's default) elsewhere."""
    term = environ.get("TERM", "")
    if environ.get("COLORTERM") in ("truecolor", "24bit") or "256" in term or "direct" in term:
        return None
    return "ansi-dark" if term in _FEW_COLOUR_TERMS or term.endswith("-16color") else None


def make_app(corpus: Path, index_dir: Path, theme: str | None = None, show_timings: bool = True,
             follow_links: bool = False) -> NewsreaderApp:
    """Build the app for the CLI, the tests and the snapshot tests alike.

    Raises ValueError for a theme Textual does not know.
    """
    app = NewsreaderApp(corpus, index_dir, show_timings=show_timings, follow_links=follow_links)
    theme = theme or auto_theme()
    if theme:
        if theme not in app.available_themes:
            raise ValueError(f"unknown theme '{theme}' (try: {', '.join(sorted(app.available_themes))})")
        app.theme = theme
    return app
