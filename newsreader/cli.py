"""The `newsreader` command: argument parsing and the subcommands over the headless core.

Every failure a user can cause ends in one line on stderr and a non-zero status: 2 for a usage
or query error, 1 for anything else. No traceback reaches the user unless NEWSREADER_DEBUG=1.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, paths
from .core.index_meta import IndexError_, index_exists
from .core.library import Library
from .core.query import QueryError
from .extract.resources import UserFileError, check_user_files
from .extract.safety import neutralise, safe_name
from .extract.timeline import parse_bound
from .paths import resolve_corpus, resolve_index
from .settings import setting

if TYPE_CHECKING:
    from .core.index import UpdateReport

# The writing side (core.index, the extraction pipeline, the corpus reader) and the CLI's Rich
# output are imported where a command needs them: the app's first screen does without them
# (BENCHMARKS.md: first screen in a pty).

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UserError(Exception):
    """A failure to report in one line; `status` is the exit code."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def _add_location_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # Subcommands accept the options too; SUPPRESS keeps their absence from hiding a value given
    # before the subcommand (`newsreader --corpus X search q`).
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--corpus", metavar="DIR", default=default,
                        help="corpus folder (default: $NEWSREADER_CORPUS, ./corpus, or the bundled corpus)")
    parser.add_argument("--index-dir", metavar="DIR", default=default,
                        help="index folder (default: $NEWSREADER_INDEX, or one per corpus in the user data folder)")
    parser.add_argument("--follow-links", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="read symbolic links that point outside the corpus folder "
                             "(default: skipped with one line each; $NEWSREADER_FOLLOW_LINKS=1 sets it)")


def _add_window_options(parser: argparse.ArgumentParser, what: str = "") -> None:
    """--from and --to, the date window of a timeline or a briefing (read by `_bounds`)."""
    parser.add_argument("--from", dest="date_from", metavar="DATE", help=f"{what}from this date (YYYY[-MM[-DD]])")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help=f"{what}up to this date (YYYY[-MM[-DD]])")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `newsreader` command."""
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="A keyboard-driven terminal reader for a corpus of news articles.",
        epilog="Without a COMMAND, newsreader opens the reader app on the corpus. "
               "Run 'newsreader COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    _add_location_options(parser, top=True)
    mouse = parser.add_mutually_exclusive_group()
    mouse.add_argument("--mouse", dest="mouse", action="store_true", default=None,
                       help="enable the mouse in the app (default: on, off over SSH)")
    mouse.add_argument("--no-mouse", dest="mouse", action="store_false", help="disable the mouse in the app")
    parser.add_argument("--theme", help="app theme, e.g. ansi-dark to follow the terminal's palette "
                                        "(default: $NEWSREADER_THEME or textual-dark)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="build or update the search index")
    _add_location_options(p)
    p.add_argument("--rebuild", action="store_true", help="throw the index away and build it anew")
    p.add_argument("--optimize", action="store_true",
                   help="then merge the index into one segment: faster searches, about a minute per 10,000 articles")

    p = sub.add_parser("search", help="search the corpus")
    _add_location_options(p)
    p.add_argument("query", nargs="+", help="query (see the README for the query language)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="number of hits (default 10)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--no-group", action="store_true",
                   help="list copies of one story (a wire story republished) as hits of their own")
    p.add_argument("--json", action="store_true", help="print a JSON list of hits")

    p = sub.add_parser("show", help="print one article, by id or path")
    _add_location_options(p)
    p.add_argument("ref", metavar="ID|PATH", help="article id (or a unique prefix), corpus path, or a file")
    p.add_argument("--json", action="store_true", help="print the article as JSON (as 'extract' does)")
    p.add_argument("--mark", action="store_true", help="when piped, mark entities as [[text|LABEL]]")

    p = sub.add_parser("entities", help="list the top entities of the corpus or of a search")
    _add_location_options(p)
    p.add_argument("query", nargs="*", help="only the articles matching this query")
    p.add_argument("--label", type=str.upper, choices=("PERSON", "ORG", "GPE", "LOC", "NORP"))
    p.add_argument("--limit", type=int, default=20, metavar="N", help="number of entities (default 20)")
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = sub.add_parser("timeline", help="dated events of the corpus or of a search, merged, in date order")
    _add_location_options(p)
    p.add_argument("query", nargs="*", help="only the articles matching this query")
    p.add_argument("--entity", metavar="NAME",
                   help="the entity's own timeline: the dated sentences that mention it (dates from context marked)")
    _add_window_options(p, "events ")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="at most N events (default: all)")
    p.add_argument("--json", action="store_true", help="print a JSON list of events")

    p = sub.add_parser("saved", help="saved searches: list them (with what is new), add, remove, run")
    _add_location_options(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "add", "remove", "run"))
    p.add_argument("name", nargs="?", help="the saved search's name (add, remove, run)")
    p.add_argument("query", nargs="*", help="the query to save (add)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="hits shown by run (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("mark", help="mark an article read or unread, flag it, or note it")
    _add_location_options(p)
    p.add_argument("article", metavar="ID", help="article id (or a unique prefix), key or path")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--read", dest="read", action="store_true", default=None)
    group.add_argument("--unread", dest="read", action="store_false")
    flag = p.add_mutually_exclusive_group()
    flag.add_argument("--flag", dest="flagged", action="store_true", default=None)
    flag.add_argument("--unflag", dest="flagged", action="store_false")
    p.add_argument("--note", metavar="TEXT", help="a one-line note ('' removes it)")
    p.add_argument("--json", action="store_true", help="print the article's marks as JSON")

    p = sub.add_parser("brief", help="write a briefing of a search: key names, flagged articles, timeline, sources")
    _add_location_options(p)
    p.add_argument("query", nargs="+", help="the search to brief on (or the name of a saved search)")
    _add_window_options(p)
    p.add_argument("--entity", metavar="NAME", help="the timeline of this entity (see timeline --entity)")
    p.add_argument("--format", choices=("md", "html"), default="md", help="Markdown (default) or HTML")
    p.add_argument("--output", metavar="FILE", help="write to FILE (default: standard output)")

    p = sub.add_parser("bench", help="benchmark every hot path on a synthetic corpus, beside SQLite FTS5")
    _add_location_options(p)
    p.add_argument("--articles", type=int, default=1000, metavar="N", help="synthetic articles (default 1000)")
    p.add_argument("--seed", type=int, default=7, help="random seed of the synthetic corpus")
    p.add_argument("--html", type=float, default=0.0, metavar="SHARE",
                   help="share of the articles written as saved web pages (0 to 1; default 0)")
    p.add_argument("--output", metavar="FILE",
                   help="report file to add this run's section to (default: newsreader-bench.md in the temp folder)")
    p.add_argument("--no-pty", dest="pty", action="store_false",
                   help="leave out the app in a pseudo-terminal (key to list, bytes per key; about 15 s)")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")

    p = sub.add_parser("serve", help="serve the reader app to web browsers (textual-serve), on localhost by default")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1; any other lets whoever reaches it read the corpus)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    _add_location_options(p)
    p = sub.add_parser("extract", help="run the full pipeline on one file, no index needed")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON (one object; one per line for JSONL files)")
    return parser


def _plain(stream) -> bool:
    return not stream.isatty()


def _error(message: str) -> None:
    """One line on stderr, neutralised: it may quote file names and query text."""
    sys.stderr.write(f"newsreader: {neutralise(' '.join(message.split()))}\n")


def _report_problems(report: UpdateReport) -> None:
    for problem in report.problems:
        _error(f"skipped {problem}")
    for warning in report.warnings:
        _error(f"warning: {warning}")


def _summary(report: UpdateReport) -> str:
    skipped = []
    if report.problems:
        skipped.append(f"{len(report.problems)} unreadable")
    if report.unsupported:
        skipped.append(f"{report.unsupported} of unknown type")
    if report.hidden:
        skipped.append(f"{report.hidden} hidden")
    tail = f"; skipped {', '.join(skipped)}" if skipped else ""
    if not report.changed:
        return f"Index is up to date: {report.articles} articles, nothing changed (checked in {report.seconds:.2f} s){tail}."
    verb = "Built" if report.rebuilt else "Updated"
    note = " (interrupted: run again to finish)" if report.cancelled else ""
    return (f"{verb} index: {report.articles} articles; {report.added} files added, {report.updated} changed, "
            f"{report.removed} removed in {report.seconds:.2f} s{tail}{note}.")


@contextmanager
def _progress_bar(enabled: bool):
    """Yield a progress callback: a Rich bar on a terminal (stderr), nothing otherwise."""
    from .render import make_console

    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("Indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=make_console(sys.stderr), transient=True) as bar:
        task = bar.add_task("index", total=None)

        def update(done: int, total: int, _path: str) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _locations(args) -> tuple[Path, Path]:
    corpus = resolve_corpus(args.corpus)
    if not corpus.is_dir():
        raise UserError(f"corpus folder not found: {corpus}")
    _check_user_files()
    return corpus, resolve_index(corpus, args.index_dir)


def _check_user_files() -> None:
    """A broken user pattern or names file is reported before any work, naming file and line."""
    try:
        check_user_files()
    except UserFileError as err:
        raise UserError(str(err), EXIT_USAGE) from None


class _Stop(threading.Event):
    """Set by the first stopping signal; `signum` says which."""

    signum = signal.SIGINT


_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def _stop_signals(event: _Stop):
    """While inside, a first Ctrl-C, SIGTERM or SIGHUP sets `event` (the index run stops at the
    next file and keeps what it did); a second one interrupts at once."""
    def first(signum, frame):
        event.signum = signum
        event.set()
        for number in _STOP_SIGNALS:
            signal.signal(number, again)

    def again(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = {number: signal.signal(number, first) for number in _STOP_SIGNALS}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _follow_links(args) -> bool:
    return bool(getattr(args, "follow_links", False) or setting("NEWSREADER_FOLLOW_LINKS"))


def _run_index(corpus: Path, index_dir: Path, rebuild: bool = False, quiet: bool = False,
               follow_links: bool = False) -> tuple[UpdateReport, int]:
    """Index with a progress bar and stopping signals; return the report and the exit status
    it calls for (0, or 128 + the signal that stopped it)."""
    from .core.index import update_index

    stop = _Stop()
    with _progress_bar(sys.stderr.isatty() and not quiet) as progress, _stop_signals(stop):
        report = update_index(index_dir, corpus, rebuild=rebuild, progress=progress, cancel=stop,
                              follow_links=follow_links)
    _report_problems(report)
    if report.moved:  # files moved inside the corpus: their marks and notes go with them
        from .core.state import State, StateError

        try:
            with State(paths.state_file(), str(corpus.resolve())) as state:
                state.move(report.moved)
        except StateError as err:
            _error(str(err))
    return report, (128 + stop.signum if report.cancelled else EXIT_OK)


def cmd_index(args) -> int:
    corpus, index_dir = _locations(args)
    report, status = _run_index(corpus, index_dir, rebuild=args.rebuild, follow_links=_follow_links(args))
    print(_summary(report))
    if args.optimize and status == EXIT_OK:
        from .core.index import optimize_index

        started = time.perf_counter()
        before, after = optimize_index(index_dir)
        print(f"Merged {before} segments into {after} in {time.perf_counter() - started:.1f} s."
              if before != after else "The index is one segment already.")
    return status


def _open_library(args) -> Library:
    corpus, index_dir = _locations(args)
    if not index_exists(index_dir):
        _error(f"no index yet for {corpus}; building it now")
        report, _ = _run_index(corpus, index_dir, follow_links=_follow_links(args))
        _error(_summary(report))
    return Library(index_dir)


def _ask(args, question):
    """Open the library (indexing first if there is none) and return `question(library)`;
    a malformed query becomes a one-line usage error."""
    with _open_library(args) as library:
        try:
            return question(library)
        except QueryError as err:
            raise UserError(f"bad query: {err}", EXIT_USAGE) from None


def cmd_search(args) -> int:
    from .render import make_console, print_hits

    if args.limit < 1:
        raise UserError("--limit must be at least 1", EXIT_USAGE)
    text = " ".join(args.query)
    restrict = None
    if "is:" in text:
        from .core.state import restriction, split_state_terms

        text, terms = split_state_terms(text)
        if terms:
            with _state(_locations(args)[0]) as state:
                restrict = restriction(state, terms)
    result = _ask(args, lambda library: library.search(text, limit=args.limit, sort=args.sort, restrict=restrict,
                                                       group=not args.no_group))
    if args.json:
        hits = [{
            "id": h.id, "path": h.key, "title": h.title, "source": h.source, "url": h.url or None,
            "published": h.published.isoformat() if h.published else None, "score": round(h.score, 4),
            "snippet": h.snippet, "highlights": [list(span) for span in h.highlights],
            "copies": [copy_id for copy_id, _ in h.copies],
        } for h in result.hits]
        print(json.dumps(hits, ensure_ascii=False, indent=2))
        return EXIT_OK
    print_hits(make_console(), result, plain=_plain(sys.stdout))
    return EXIT_OK


def cmd_show(args) -> int:
    from .extract import corpus as corpus_mod
    from .extract.pipeline import article_json, extract
    from .render import make_console, print_article

    article = None
    with _open_library(args) as library:
        article = library.get(args.ref)
    if article is None and Path(args.ref).is_file():
        load = corpus_mod.load_file(Path(args.ref))
        if not load.articles:
            raise UserError(str(load.problems[0]) if load.problems else f"no article in {safe_name(args.ref)}")
        article = load.articles[0]
    if article is None:
        raise UserError(f"no article with id or path '{safe_name(args.ref)}' (ids are shown by 'newsreader search')")
    extraction = extract(article)
    if args.json:
        print(json.dumps(article_json(article, extraction), ensure_ascii=False, indent=2))
    else:
        print_article(make_console(), article, plain=_plain(sys.stdout), entities=extraction.entities,
                      mark=args.mark)
    return EXIT_OK


def cmd_entities(args) -> int:
    from .render import make_console, print_entity_counts

    if args.limit < 1:
        raise UserError("--limit must be at least 1", EXIT_USAGE)
    text = " ".join(args.query) or None
    rows = _ask(args, lambda library: library.entity_counts(text, label=args.label, limit=args.limit))
    if args.json:
        print(json.dumps([{"label": label, "name": name, "articles": count} for label, name, count in rows],
                         ensure_ascii=False, indent=2))
    else:
        print_entity_counts(make_console(), rows, plain=_plain(sys.stdout))
    return EXIT_OK


def _bounds(args) -> tuple:
    """The --from and --to of `args` as days (None where not given); a bad one is a usage error."""
    try:
        start = parse_bound(args.date_from) if args.date_from else None
        end = parse_bound(args.date_to, end=True) if args.date_to else None
    except ValueError as err:
        raise UserError(str(err), EXIT_USAGE) from None
    if start and end and start > end:
        raise UserError("--from is after --to", EXIT_USAGE)
    return start, end


def cmd_timeline(args) -> int:
    from .render import make_console, print_timeline

    start, end = _bounds(args)
    text = " ".join(args.query) or None
    entity = args.entity
    if entity is None and text:
        from .core.entity_timeline import entity_of_query

        entity = entity_of_query(text)  # `person:"Khalifa Haftar"` alone: that entity's own timeline, as in the app
        text = None if entity else text
    if entity is not None:
        found = _ask(args, lambda library: library.entity_timeline(entity, text, start, end))
    else:
        found = _ask(args, lambda library: library.timeline(text, start, end))
    events, articles = found.events, found.articles
    if found.partial:
        _error("the timeline stopped at the time limit: it holds the events of the first "
               f"{articles} matching articles; narrow the query for all of them")
    if args.limit > 0:
        events = events[:args.limit]
    if args.json:
        print(json.dumps([{
            "value": e.value, "mod": e.mod, "sentence": e.sentence, "sources": e.sources,
            "mentions": [{"id": m.article_id, "title": m.title, "source": m.source, "published": m.published,
                          "text": m.text, "start": m.start, "end": m.end, "inferred": m.inferred}
                         for m in e.mentions],
        } for e in events], ensure_ascii=False, indent=2))
        return EXIT_OK
    print_timeline(make_console(), events, articles, plain=_plain(sys.stdout))
    return EXIT_OK


def _state(corpus: Path):
    """The reader's state of `corpus`; a damaged or read-only state file is one line, read-only."""
    from .core.state import State

    state = State(paths.state_file(), str(corpus.resolve()))
    if state.problem:
        _error(state.problem)
    return state


def cmd_saved(args) -> int:
    from .core.state import StateError
    from .render import make_console, print_hits

    corpus, _ = _locations(args)
    with _state(corpus) as state:
        try:
            if args.action == "add":
                if not args.name or not args.query:
                    raise UserError("usage: newsreader saved add NAME QUERY", EXIT_USAGE)
                query = " ".join(args.query)
                _ask(args, lambda library: library.matching_ids(query, limit=1))  # refuse a malformed query now
                state.save(args.name, query)
                print(f"saved '{args.name}': {query}")
                return EXIT_OK
            if args.action == "remove":
                if not args.name:
                    raise UserError("usage: newsreader saved remove NAME", EXIT_USAGE)
                state.remove_saved(args.name)
                print(f"removed '{args.name}'")
                return EXIT_OK
            if args.action == "run":
                saved = state.get_saved(args.name or "")
                if saved is None:
                    raise UserError(f"no saved search named '{args.name}' (see 'newsreader saved list')", EXIT_USAGE)
                result, ids = _ask(args, lambda library: (library.search(saved.query, limit=args.limit),
                                                          library.matching_ids(saved.query)))
                new = saved.new_among(ids)
                if not state.read_only:
                    state.seen(saved.name, ids)
                if args.json:
                    print(json.dumps({"name": saved.name, "query": saved.query, "matches": len(ids), "new": new,
                                      "hits": [{"id": h.id, "title": h.title, "source": h.source,
                                                "published": h.published.isoformat() if h.published else None,
                                                "new": h.id not in saved.seen_ids} for h in result.hits]},
                                     ensure_ascii=False, indent=2))
                else:
                    print(f"{saved.name}: {saved.query} — {len(ids):,} matches, {new:,} new since last run")
                    print_hits(make_console(), result, plain=_plain(sys.stdout))
                return EXIT_OK
            rows = []
            for saved in state.saved():
                ids = _ask(args, lambda library, q=saved.query: library.matching_ids(q))
                rows.append({"name": saved.name, "query": saved.query, "matches": len(ids),
                             "new": saved.new_among(ids),
                             "last_seen": _iso(saved.last_seen) if saved.last_seen else None})
        except StateError as err:
            raise UserError(str(err)) from None
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("no saved searches yet: newsreader saved add NAME QUERY")
    else:
        for row in rows:
            print(f"{neutralise(row['name'])}: {neutralise(row['query'])} — {row['matches']:,} matches, "
                  f"{row['new']:,} new" + (f" (last run {row['last_seen']})" if row["last_seen"] else " (never run)"))
    return EXIT_OK


def _iso(stamp: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="seconds")


def cmd_mark(args) -> int:
    from .core.state import StateError

    corpus, _ = _locations(args)
    article = _ask(args, lambda library: library.get(args.article))
    if article is None:
        raise UserError(f"no article '{neutralise(args.article)}' in the index")
    if args.read is None and args.flagged is None and args.note is None:
        raise UserError("say what to mark: --read, --unread, --flag, --unflag or --note TEXT", EXIT_USAGE)
    with _state(corpus) as state:
        try:
            mark = state.mark(article.id, read=args.read, flagged=args.flagged, note=args.note)
        except StateError as err:
            raise UserError(str(err)) from None
    if args.json:
        print(json.dumps({"id": article.id, "read": mark.read, "flagged": mark.flagged, "note": mark.note}))
    else:
        print(f"{article.id}: {'read' if mark.read else 'unread'}{', flagged' if mark.flagged else ''}"
              + (f", note: {neutralise(mark.note)}" if mark.note else ""))
    return EXIT_OK


def cmd_brief(args) -> int:
    from .core import briefing

    corpus, _ = _locations(args)
    start, end = _bounds(args)
    text = " ".join(args.query)
    with _state(corpus) as state:
        saved = state.get_saved(text)
        query = saved.query if saved else text
        found = _ask(args, lambda library: briefing.build(library, query, start, end, args.entity, state))
    output = briefing.html_page(found) if args.format == "html" else briefing.markdown(found)
    if args.output:
        target = Path(args.output).expanduser()
        try:
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(output, encoding="utf-8")
            tmp.replace(target)
        except OSError as err:
            raise UserError(f"cannot write {target} ({err.strerror or err})") from None
        _error(f"briefing written to {target}")
    else:
        sys.stdout.write(_neutralise_lines(output))
    return EXIT_OK


def _neutralise_lines(text: str) -> str:
    return "\n".join(neutralise(line) for line in text.split("\n"))


def cmd_bench(args) -> int:
    if args.articles < 10:
        raise UserError("--articles must be at least 10", EXIT_USAGE)
    if not 0 <= args.html <= 1:
        raise UserError("--html must be a share between 0 and 1", EXIT_USAGE)
    from .bench import runner

    workdir = Path(args.index_dir).expanduser() if getattr(args, "index_dir", None) else None
    source = resolve_corpus(args.corpus) if getattr(args, "corpus", None) else None
    try:
        figures = runner.run(args.articles, workdir=workdir, seed=args.seed, source=source, html_share=args.html,
                             in_pty=args.pty,
                             progress=lambda line: _error(line) if sys.stderr.isatty() or not args.json else None)
    except ValueError as err:
        raise UserError(str(err)) from None
    output = Path(args.output) if args.output else Path(tempfile.gettempdir()) / "newsreader-bench.md"
    runner.write_report(figures, output)
    if args.json:
        print(runner.main_json(figures))
    else:
        print(runner.markdown(figures))
        print(f"(written to {output})")
    return EXIT_OK


def cmd_extract(args) -> int:
    from .extract import corpus as corpus_mod
    from .extract.pipeline import article_json, extract
    from .render import make_console, print_article

    path = Path(args.file)
    if not path.exists():
        raise UserError(f"no such file: {safe_name(str(path))}")
    if path.is_dir():
        raise UserError(f"{safe_name(str(path))} is a folder; 'extract' takes one file")
    _check_user_files()
    load = corpus_mod.load_file(path, rel=str(path))
    for problem in load.problems:
        _error(f"skipped {problem}")
    if not load.articles:
        raise UserError(f"no article could be read from {safe_name(str(path))}")
    objects = [article_json(a, extract(a)) for a in load.articles]
    if args.json:
        if len(objects) == 1:
            print(json.dumps(objects[0], ensure_ascii=False, indent=2))
        else:
            for obj in objects:
                print(json.dumps(obj, ensure_ascii=False))
        return EXIT_OK
    console = make_console()
    for article in load.articles:
        extraction = extract(article)
        print_article(console, article, plain=_plain(sys.stdout), entities=extraction.entities, mark=True)
        print(f"\n{len(extraction.entities)} entity mentions, {len(extraction.timeline)} timeline entries")
    return EXIT_OK


def cmd_app(args) -> int:
    """Open the reader app on the corpus (the default command)."""
    corpus, index_dir = _locations(args)
    served = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # run by `newsreader serve` for a browser
    if not served and (not sys.stdout.isatty() or not sys.stdin.isatty()):
        raise UserError("the app needs a terminal; for scripts use 'newsreader search' (see --help)")
    from .ui.app import make_app

    mouse = args.mouse if args.mouse is not None else not os.environ.get("SSH_CONNECTION")
    try:
        app = make_app(corpus, index_dir, theme=args.theme or setting("NEWSREADER_THEME"),
                       follow_links=_follow_links(args))
    except ValueError as err:
        raise UserError(str(err), EXIT_USAGE) from None
    app.run(mouse=mouse)
    return app.return_code or EXIT_OK


_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def cmd_serve(args) -> int:
    """Serve the app to browsers: each connection runs `python -m newsreader` on this corpus."""
    corpus, index_dir = _locations(args)
    if not 0 < args.port < 65536:
        raise UserError(f"--port must be between 1 and 65535, not {args.port}", EXIT_USAGE)
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError("newsreader serve needs textual-serve (pip install textual-serve)") from None
    if args.host not in _LOCAL_HOSTS:
        _error(f"warning: listening on {args.host}: anyone who can reach this address and port can read "
               f"the corpus and its state (flags, notes); there is no password")
    command = [sys.executable, "-m", "newsreader", "--corpus", str(corpus), "--index-dir", str(index_dir)]
    if args.theme:
        command += ["--theme", args.theme]
    if _follow_links(args):
        command.append("--follow-links")
    url = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}"
    sys.stderr.write(f"newsreader: serving {neutralise(str(corpus))} at {url} (Ctrl+C stops)\n")
    server = Server(" ".join(shlex.quote(part) for part in command), host=args.host, port=args.port,
                    title="newsreader", public_url=url)
    try:
        server.serve()
    except OSError as err:  # the port is taken, the address is not this machine's
        raise UserError(f"cannot listen on {args.host}:{args.port}: {err.strerror or err}") from None
    return EXIT_OK


COMMANDS = {"serve": cmd_serve, "index": cmd_index, "search": cmd_search, "show": cmd_show, "extract": cmd_extract,
            "entities": cmd_entities, "timeline": cmd_timeline, "bench": cmd_bench,
            "saved": cmd_saved, "mark": cmd_mark, "brief": cmd_brief}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return cmd_app(args)
        return COMMANDS[args.command](args)
    except UserError as err:
        _error(str(err))
        return err.status
    except IndexError_ as err:
        _error(str(err))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); not an error worth a message.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except Exception as err:  # the last line of defence: one line, no traceback
        if setting("NEWSREADER_DEBUG"):
            raise
        _error(f"unexpected error: {type(err).__name__}: {err} (set NEWSREADER_DEBUG=1 for details)")
        return EXIT_ERROR

