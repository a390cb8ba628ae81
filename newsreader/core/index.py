"""The Whoosh index: schema, incremental updates keyed on path + content hash, and search.

All Whoosh usage of the project lives here and in `query.py`, behind plain functions and the
`Library` class that return the dataclasses of `models.py`, so that the engine can change later.

Safety: one writer at a time (Whoosh's file lock, which the OS releases when a process dies, so
a killed run leaves no stale lock); changes are committed in batches, and a Whoosh commit is
atomic, so an interrupted run leaves the index at its last commit and the next run resumes.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query
from whoosh import sorting
from whoosh.analysis import STOP_WORDS, Filter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.columns import CompressedBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.index import LockError
from whoosh.searching import Searcher

from . import corpus as corpus_mod
from . import whoosh_patches  # noqa: F401  (applies measured fixes to the pinned Whoosh)
from .cleaning import comparable
from .models import Article, Entity, Problem, SearchHit, SearchResult
from .pipeline import extract
from .query import QueryError, make_parser, parse_query
from .snippets import make_snippet
from .timeline import Event, Mention, in_range, merge

SCHEMA_VERSION = 5
META_FILE = "newsreader.json"
STAT_CACHE = "filestat.json"
COMMIT_EVERY = 2000
PARALLEL_MIN_FILES = 64
SEARCH_TIME_LIMIT_S = 3.0
MAX_EXPANSIONS = 2000
WRITER_WAIT_S = 5.0

Progress = Callable[[int, int, str], None]


class IndexError_(RuntimeError):
    """The index cannot be used; the message is one line for the user."""


class IndexBusy(IndexError_):
    """Another process holds the index's write lock."""


# Query fields of entity labels; GPE and LOC share "place".
ENTITY_FIELDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "norp"}


class _Undot(Filter):
    """Index "U.N." as "UN", so that org:un, org:UN and org:U.N. all match."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = token.text.replace(".", "")
            if token.text:
                yield token


class PreAnalyzed:
    """A field value analysed already (in a worker process): Whoosh's (term, frequency, weight,
    encoded positions) tuples, ready for the writer."""

    __slots__ = ("postings",)

    def __init__(self, postings: list) -> None:
        self.postings = postings


class AnalyzedText(TEXT):
    """A TEXT field that also accepts `PreAnalyzed` values, so that stemming and position encoding
    happen in the process pool that extracts articles, not in the single writer process."""

    def index(self, value, **kwargs):
        if isinstance(value, PreAnalyzed):
            return iter(value.postings)
        return super().index(value, **kwargs)


@functools.cache
def _analysis_schema() -> Schema:
    return make_schema()


def name_analyzer():
    """Analyzer of entity name fields: words (dots kept together), undotted, lower-cased."""
    return RegexTokenizer(r"\w+(?:\.\w+)*\.?") | _Undot() | LowercaseFilter()


def make_schema() -> Schema:
    """Return the Whoosh schema of an article index."""
    words = StemmingAnalyzer(stoplist=None)
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        key=ID(stored=True, unique=True),
        path=ID(stored=True, sortable=True),
        hash=ID(stored=True, sortable=True),
        title=TEXT(stored=True, analyzer=words, field_boost=2.0, spelling=True),
        body=AnalyzedText(stored=True, analyzer=words),
        source=TEXT(stored=True),
        url=STORED,
        published=DATETIME(stored=True, sortable=True),
        extra=STORED,
        person=TEXT(analyzer=names),
        org=TEXT(analyzer=names),
        place=TEXT(analyzer=names),
        norp=TEXT(analyzer=names),
        facets=KEYWORD(commas=True, scorable=False),
        # The article's timeline as JSON in a column of its own, so that a corpus timeline reads
        # it without unpickling every article body.
        timeline=COLUMN(CompressedBytesColumn()),
    )


@dataclass
class UpdateReport:
    """What one `update_index` run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    articles: int = 0
    hidden: int = 0
    unsupported: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rebuilt: bool = False
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def index_exists(index_dir: Path) -> bool:
    """True when `index_dir` holds a newsreader index of the current schema."""
    meta = _read_json(Path(index_dir) / META_FILE)
    return meta.get("schema_version") == SCHEMA_VERSION and whoosh_index.exists_in(str(index_dir))


def _open_or_create(index_dir: Path, corpus_root: Path, rebuild: bool) -> tuple[whoosh_index.Index, bool]:
    index_dir = Path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        if not rebuild and index_exists(index_dir):
            return whoosh_index.open_dir(str(index_dir)), False
        ix = whoosh_index.create_in(str(index_dir), make_schema())
        (index_dir / STAT_CACHE).unlink(missing_ok=True)
        _write_json_atomic(index_dir / META_FILE,
                           {"schema_version": SCHEMA_VERSION, "corpus": str(corpus_root)})
        return ix, True
    except OSError as err:
        raise IndexError_(f"cannot write the index at {index_dir}: {err.strerror or err}") from None


def facet_value(label: str, canonical: str) -> str:
    """The `facets` term of an entity: its label and canonical name (commas separate terms)."""
    return f"{label}:{canonical.replace(',', ' ')}"


def _entity_fields(entities: list[Entity]) -> dict[str, str]:
    """Return the entity search fields (canonical names and every alias written) and facets."""
    names: dict[str, list[str]] = {}
    facets: list[str] = []
    for entity in entities:
        bucket = names.setdefault(ENTITY_FIELDS[entity.label], [])
        for name in (entity.canonical, entity.text):
            if name not in bucket:
                bucket.append(name)
        facet = facet_value(entity.label, entity.canonical)
        if facet not in facets:
            facets.append(facet)
    fields = {field: " ; ".join(values) for field, values in names.items()}
    fields["facets"] = ",".join(facets)
    return fields


def _doc_fields(article: Article, file_hash: str) -> dict:
    published = datetime(article.published.year, article.published.month, article.published.day) if article.published else None
    doc = {
        "id": article.id,
        "key": article.key,
        "path": article.path,
        "hash": file_hash,
        "title": article.title,
        "body": PreAnalyzed(list(_analysis_schema()["body"].index(article.body))),
        "_stored_body": article.body,
        "source": article.source,
        "url": article.url,
        "extra": article.extra,
    }
    if published:
        doc["published"] = published
    extraction = extract(article)
    doc.update(_entity_fields(extraction.entities))
    doc["timeline"] = json.dumps({
        "id": article.id, "title": article.title, "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "entries": [[t.value, t.mod, t.text, t.start, t.end, t.sentence, comparable(t.sentence)]
                    for t in extraction.timeline],
    }, ensure_ascii=False).encode("utf-8")
    return doc


@dataclass
class _Prepared:
    """One file read, hashed, parsed and extracted (possibly in a worker process)."""

    rel: str
    size: int
    mtime_ns: int
    digest: str | None = None
    docs: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _prepare(file: corpus_mod.CorpusFile, known_digest: str | None = None) -> _Prepared:
    """Read, hash, parse and extract one file; skip parsing when its content is `known_digest`."""
    prepared = _Prepared(file.rel, file.size, file.mtime_ns)
    try:
        data = corpus_mod.read_file(file)
    except (OSError, corpus_mod.UndecodableFile) as err:
        prepared.problems.append(Problem(file.rel, _reason(err)))
        return prepared
    prepared.digest = corpus_mod.content_hash(data)
    if prepared.digest == known_digest:
        return prepared
    load = corpus_mod.parse_file(file.rel, data)
    prepared.problems, prepared.warnings = load.problems, load.warnings
    prepared.docs = [_doc_fields(article, prepared.digest) for article in load.articles]
    return prepared


def _prepare_all(todo: list[corpus_mod.CorpusFile], state: dict[str, str], workers: int):
    """Yield `_Prepared` files in order, in a pool of worker processes when there are many."""
    if workers <= 1 or len(todo) < PARALLEL_MIN_FILES:
        for file in todo:
            yield _prepare(file, state.get(file.rel))
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            yield from pool.map(_prepare, todo, [state.get(f.rel) for f in todo], chunksize=8)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _indexed_state(ix: whoosh_index.Index) -> dict[str, str]:
    """Return {file path: content hash} of the live documents, read from columns (fast)."""
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return {}
        paths = reader.column_reader("path")
        hashes = reader.column_reader("hash")
        return {paths[n]: hashes[n] for n in reader.all_doc_ids()}


def update_index(
    index_dir: Path,
    corpus_root: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> UpdateReport:
    """Bring the index at `index_dir` up to date with the files under `corpus_root`.

    Only new, changed (by content hash) and removed files are touched. Raises IndexBusy when
    another writer holds the lock for longer than a few seconds, IndexError_ when the index
    folder cannot be written. `progress(done, total, path)` is called per file read. Files are
    read and extracted in `workers` processes (default: one per core) when there are many.
    """
    started = time.perf_counter()
    report = UpdateReport()
    ix, report.rebuilt = _open_or_create(index_dir, corpus_root, rebuild)
    found = corpus_mod.scan(corpus_root)
    report.hidden, report.unsupported = found.hidden, found.unsupported
    report.problems.extend(found.problems)
    state = _indexed_state(ix)
    stat_cache = _read_json(Path(index_dir) / STAT_CACHE) if not report.rebuilt else {}
    new_cache: dict[str, list] = {}

    # Decide, per file, whether it must be (re)read: size and mtime first, content hash second.
    todo: list[corpus_mod.CorpusFile] = []
    for file in found.files:
        cached = stat_cache.get(file.rel)
        if (file.rel in state and isinstance(cached, list) and len(cached) == 3
                and cached[:2] == [file.size, file.mtime_ns] and cached[2] == state[file.rel]):
            new_cache[file.rel] = cached
            report.unchanged += 1
            continue
        todo.append(file)
    present = {f.rel for f in found.files} | {p.path for p in found.problems}
    gone = [rel for rel in state if rel not in present]

    if not todo and not gone:
        report.articles = _doc_count(ix)
        _save_cache(index_dir, new_cache)
        report.seconds = time.perf_counter() - started
        return report

    writer = _writer(ix)
    pending = 0
    try:
        for rel in gone:
            writer.delete_by_term("path", rel)
            report.removed += 1
        prepared_files = _prepare_all(todo, state, workers if workers is not None else _default_workers())
        for done, prepared in enumerate(prepared_files, start=1):
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            if progress:
                progress(done, len(todo), prepared.rel)
            report.problems.extend(prepared.problems)
            report.warnings.extend(prepared.warnings)
            if prepared.digest is None:
                continue
            if state.get(prepared.rel) == prepared.digest:
                new_cache[prepared.rel] = [prepared.size, prepared.mtime_ns, prepared.digest]
                report.unchanged += 1
                continue
            if prepared.rel in state:
                writer.delete_by_term("path", prepared.rel)
                report.updated += 1
            else:
                report.added += 1
            for doc in prepared.docs:
                writer.add_document(**doc)
                pending += 1
            new_cache[prepared.rel] = [prepared.size, prepared.mtime_ns, prepared.digest]
            if pending >= COMMIT_EVERY:
                writer.commit()
                _save_cache(index_dir, new_cache, merge_with=stat_cache)
                writer, pending = _writer(ix), 0
        writer.commit()
    except OSError as err:
        _cancel_quietly(writer)
        raise IndexError_(f"cannot write the index at {index_dir} ({err.strerror or err}); "
                          "the index keeps its last complete state") from None
    except BaseException:
        _cancel_quietly(writer)
        raise
    _save_cache(index_dir, new_cache)
    report.articles = _doc_count(ix)
    report.seconds = time.perf_counter() - started
    return report


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _reason(err: Exception) -> str:
    if isinstance(err, OSError):
        return f"cannot read ({err.strerror or err})"
    return str(err)


def _writer(ix: whoosh_index.Index):
    try:
        return ix.writer(timeout=WRITER_WAIT_S, delay=0.1)
    except LockError:
        raise IndexBusy("the index is busy: another 'newsreader index' is writing it; try again when it ends") from None
    except OSError as err:
        raise IndexError_(f"cannot write the index ({err.strerror or err})") from None


def _cancel_quietly(writer) -> None:
    try:
        writer.cancel()
    except Exception:  # the writer may be half gone already (disk full); the lock still goes
        pass


def _save_cache(index_dir: Path, cache: dict, merge_with: dict | None = None) -> None:
    data = {**(merge_with or {}), **cache}
    try:
        _write_json_atomic(Path(index_dir) / STAT_CACHE, data)
    except OSError:
        pass  # the cache only saves re-reading files; the index itself is the truth


def _doc_count(ix: whoosh_index.Index) -> int:
    with ix.reader() as reader:
        return reader.doc_count()


_WORD_RE = re.compile(r"\w")
_MAX_FINDER_TERMS = 300


@functools.lru_cache(maxsize=256)
def _prefix_finder(targets: frozenset[str]) -> re.Pattern[str]:
    """A pattern for the words that may stem to one of `targets` (Porter stems are prefixes of
    their words, but for y -> i, so a final i is left out of the prefix)."""
    prefixes = sorted({t[:-1] if t.endswith("i") and len(t) > 2 else t
                       for t in list(targets)[:_MAX_FINDER_TERMS]}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in prefixes) + r")\w*", re.IGNORECASE)


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
            self._ix = whoosh_index.open_dir(str(index_dir))
        except Exception as err:  # a damaged index: tell the user how to recover
            raise IndexError_(f"cannot open the index at {index_dir} ({err}); run 'newsreader index --rebuild'") from None
        self.index_dir = Path(index_dir)
        self._searcher: Searcher = self._ix.searcher()
        self._parser = make_parser(self._ix.schema)

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
        started = time.perf_counter()
        self.refresh()
        q = parse_query(text, self._ix.schema, self._parser) if text.strip() != "*" else query.Every()
        self._check_expansions(q)
        kwargs = {"sortedby": "published", "reverse": True} if sort == "date" else {}
        collector = TimeLimitCollector(self._searcher.collector(limit=max(1, limit), **kwargs),
                                       timelimit=time_limit, use_alarm=False)
        partial = False
        try:
            self._searcher.search_with_collector(q, collector)
        except TimeLimit:
            partial = True
        results = collector.results()
        terms, phrases = self._highlight_targets(q)
        hits = []
        for hit in results:
            fields = hit.fields()
            body = fields.get("body", "")
            spans = self._match_spans(body, terms, phrases)
            snippet, highlights = make_snippet(body, spans, snippet_width)
            hits.append(SearchHit(
                id=fields["id"], key=fields["key"], path=fields["path"], title=fields.get("title", ""),
                source=fields.get("source", ""), url=fields.get("url", ""),
                published=_to_date(fields.get("published")), score=float(hit.score or 0.0),
                snippet=snippet, highlights=highlights,
            ))
        # Counting every match of a broad query costs a second pass over its postings: when the
        # top N did not take them all, the count is the index's estimate (exact for one term).
        exact = results.scored_length() < max(1, limit) and not partial
        total = results.scored_length() if exact else max(results.estimated_length(), results.scored_length())
        suggestion = None
        if total == 0:
            suggestion = self._suggest(q, text)
        return SearchResult(query=text, hits=hits, total=total, exact_total=exact,
                            elapsed_ms=(time.perf_counter() - started) * 1000, suggestion=suggestion,
                            partial=partial)

    def _check_expansions(self, q) -> None:
        """Refuse a wildcard or fuzzy term that would expand to a large part of the vocabulary."""
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
        return self._match_spans(body, *self._highlight_targets(q))

    def _highlight_targets(self, q) -> tuple[set[str], list[list[str]]]:
        """Return the single index terms (wildcards and fuzzy terms expanded) and the phrases
        (as lists of index terms) that a hit's text should have marked."""
        reader = self._searcher.reader()
        terms: set[str] = set()
        phrases: list[list[str]] = []
        body_analyzer = self._ix.schema["body"].analyzer
        entity_fields = set(ENTITY_FIELDS.values())
        for node in q.leaves():
            fieldname = getattr(node, "fieldname", None)
            if fieldname == "facets" and isinstance(node, query.Term):
                # An alias expanded to the canonical name: mark that name, and a person's surname.
                label, _, canonical = str(node.text).partition(":")
                stems = [t.text for t in body_analyzer(canonical)]
                if len(stems) > 1:
                    phrases.append(stems)
                if stems and (len(stems) == 1 or label == "PERSON"):
                    terms.add(stems[-1])
                continue
            if fieldname in entity_fields:
                # person:haftar marks "Haftar" in the body too.
                words = node.words if isinstance(node, query.Phrase) else [getattr(node, "text", "")]
                stems = [t.text for w in words for t in body_analyzer(str(w))]
                if len(stems) > 1:
                    phrases.append(stems)
                    # A surname alone names the person too: "General Haftar".
                    if fieldname == "person":
                        terms.add(stems[-1])
                else:
                    terms.update(stems)
                continue
            if fieldname not in ("body", "title"):
                continue
            if isinstance(node, query.Phrase):
                phrases.append([w.decode() if isinstance(w, bytes) else w for w in node.words])
                continue
            for _, text in node.existing_terms(reader, expand=True):
                terms.add(text.decode() if isinstance(text, bytes) else text)
        # Marking every "of" and "the" hides the words that matter; keep them only when alone.
        meaningful = terms - STOP_WORDS
        return (meaningful or terms), phrases

    def _match_spans(self, text: str, terms: set[str], phrases: list[list[str]]) -> list[tuple[int, int]]:
        """Return the character spans of `text` whose index terms match `terms` or `phrases`.

        Rather than analysing the whole text, a regular expression finds the words that could
        stem to a target (stems are word prefixes, but for a final y/i), and only those are
        analysed: a few microseconds per hit instead of milliseconds.
        """
        targets = set(terms) | {w for phrase in phrases for w in phrase}
        if not targets:
            return []
        finder = _prefix_finder(frozenset(targets))
        analyzer = self._ix.schema["body"].analyzer
        words: list[tuple[int, int, str]] = []
        for m in finder.finditer(text):
            stems = [t.text for t in analyzer(m.group())]
            if stems and stems[0] in targets:
                words.append((m.start(), m.end(), stems[0]))
        spans = [(start, end) for start, end, stem in words if stem in terms]
        for phrase in phrases:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if all(words[i + k][2] == phrase[k] for k in range(n)) and all(
                        not _WORD_RE.search(text[words[i + k][1]:words[i + k + 1][0]]) for k in range(n - 1)):
                    spans.append((words[i][0], words[i + n - 1][1]))
        return sorted(set(spans))

    def entity_counts(self, text: str | None = None, label: str | None = None,
                      limit: int = 20) -> list[tuple[str, str, int]]:
        """Return (label, canonical name, article count) of the most frequent entities in the
        articles matching query `text` (all articles when None), optionally of one label.

        Raises QueryError for a malformed query.
        """
        self.refresh()
        q = parse_query(text, self._ix.schema, self._parser) if text else query.Every()
        facet = sorting.FieldFacet("facets", allow_overlap=True, maptype=sorting.Count)
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
        q = parse_query(text, self._ix.schema, self._parser) if text else query.Every()
        results = self._searcher.search(q, limit=max_articles, scored=bool(text))
        # Tens of thousands of small objects are made and kept here: the cyclic garbage collector
        # would walk them again and again for nothing (none of them form cycles).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._merged_timeline(results, start, end)
        finally:
            if collecting:
                gc.enable()

    def _merged_timeline(self, results, start: date | None, end: date | None) -> tuple[list[Event], int]:
        column = self._searcher.reader().column_reader("timeline")
        items = []
        for docnum in results.docs():
            raw = column[docnum]
            if not raw:
                continue
            data = json.loads(raw)
            article = (data["id"], data["title"], data["source"], data["published"])
            for value, mod, written, s, e, sentence, key in data["entries"]:
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


def open_library(index_dir: Path) -> Library:
    """Return a Library over the index at `index_dir` (raises IndexError_ if there is none)."""
    return Library(index_dir)


__all__ = ["IndexBusy", "IndexError_", "Library", "QueryError", "UpdateReport", "index_exists",
           "open_library", "update_index"]
