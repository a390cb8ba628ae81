"""Writing the Whoosh index: incremental updates keyed on path + content hash.

Whoosh lives here, in `schema.py`, `library.py` (reading), `highlight.py` and `query.py`, behind
plain functions and the `Library` class that return the dataclasses of `models.py`, so that the
engine can change later.

Safety: one writer at a time (Whoosh's file lock, which the OS releases when a process dies, so
a killed run leaves no stale lock); changes are committed in batches, and a Whoosh commit is
atomic, so an interrupted run leaves the index at its last commit and the next run resumes.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError

from . import corpus as corpus_mod
from . import whoosh_patches  # noqa: F401  (applies measured fixes to the pinned Whoosh)
from .cleaning import comparable
from .collector import collector_paused, settle_worker_process
from .column_range import column_texts
from .index_meta import META_FILE, IndexError_, index_exists, read_json, storage, write_json_atomic
from .models import Article, Entity, Problem
from .pipeline import extract
from .schema import (ENTITY_FIELDS, SCHEMA_VERSION, PreAnalyzed, analyse_body, analyse_keywords, analyse_names,
                     facet_value, make_schema)

STAT_CACHE = "filestat.json"
COMMIT_EVERY = 2000
# A commit files its segment in the writer alone, and the last one waits for nothing else: the
# workers have finished. So a long run (more files than one commit takes) commits early enough
# that its last segment holds at most this many files (a 10,000-article build ended on 4 s of
# one busy core with 2,000). A shorter run commits once, leaving fewer segments to search.
LAST_SEGMENT_FILES = COMMIT_EVERY // 4
PARALLEL_MIN_FILES = 64
BATCH_FILES = 8  # files per task handed to a worker process
FILES_AHEAD = 1024  # prepared ahead of the writer: enough to keep the workers busy through a commit
WRITER_WAIT_S = 5.0
# Memory for a commit's postings before Whoosh sorts them out to temporary files and merges those
# back: at its default (128 MB) every commit of 2,000 articles spilled, and the spill and merge
# were half of the writer's time (7.1 -> 3.9 ms an article measured; ~200 MB held instead).
WRITER_POOL_MB = 384

Progress = Callable[[int, int, str], None]


class IndexBusy(IndexError_):
    """Another process holds the index's write lock."""


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


def _open_or_create(index_dir: Path, corpus_root: Path, rebuild: bool) -> tuple[whoosh_index.Index, bool]:
    index_dir = Path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        if not rebuild and index_exists(index_dir):
            return storage(index_dir).open_index(), False
        ix = storage(index_dir).create_index(make_schema())
        (index_dir / STAT_CACHE).unlink(missing_ok=True)
        write_json_atomic(index_dir / META_FILE,
                          {"schema_version": SCHEMA_VERSION, "corpus": str(corpus_root)})
        return ix, True
    except OSError as err:
        raise IndexError_(f"cannot write the index at {index_dir}: {err.strerror or err}") from None


def entity_values(entities: list[Entity]) -> tuple[dict[str, str], list[str]]:
    """Return the text of each entity search field (canonical names and every alias written) and
    the facets."""
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
    return {field: " ; ".join(values) for field, values in names.items()}, facets


def _entity_fields(entities: list[Entity]) -> dict[str, PreAnalyzed]:
    """The entity fields of a document, analysed here (in a worker process when there are many
    files) rather than in the writer."""
    names, facets = entity_values(entities)
    fields = {field: analyse_names(text) for field, text in names.items()}
    fields["facets"] = analyse_keywords(facets)
    return fields


def _doc_fields(article: Article, file_hash: str) -> dict:
    published = datetime(article.published.year, article.published.month, article.published.day) if article.published else None
    doc = {
        "id": article.id,
        "key": article.key,
        "path": article.path,
        "hash": file_hash,
        "title": article.title,
        "body": analyse_body(article.body),
        "_stored_body": article.body,
        "source": article.source,
        "url": article.url,
        "extra": article.extra,
    }
    if published:
        doc["published"] = published
    extraction = extract(article)
    doc.update(_entity_fields(extraction.entities))
    doc["timeline"] = pickle.dumps((
        article.id, article.title, article.source,
        article.published.isoformat() if article.published else None,
        [(t.value, t.mod, t.text, t.start, t.end, t.sentence, comparable(t.sentence)) for t in extraction.timeline],
    ), protocol=5)
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
    """Yield `_Prepared` files in order, in a pool of worker processes when there are many.

    At most FILES_AHEAD files are handed to the pool ahead of the writer: the workers prepare
    files faster than one writer files them, and results waiting unread held every article of a
    100,000-file build in memory (5.9 GB).
    """
    if workers <= 1 or len(todo) < PARALLEL_MIN_FILES:
        for file in todo:
            yield _prepare(file, state.get(file.rel))
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    batches = [todo[i:i + BATCH_FILES] for i in range(0, len(todo), BATCH_FILES)]
    # forkserver, not fork: the command line's progress bar runs a thread, and forking a threaded
    # process can hang a child on a lock another thread held at that moment.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts, mp_context=context) as pool:
        waiting: deque = deque()
        try:
            for batch in batches:
                waiting.append(pool.submit(_prepare_batch, batch, [state.get(f.rel) for f in batch]))
                if len(waiting) * BATCH_FILES >= FILES_AHEAD:
                    yield from waiting.popleft().result()
            while waiting:
                yield from waiting.popleft().result()
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _prepare_batch(files: list[corpus_mod.CorpusFile], digests: list[str | None]) -> list[_Prepared]:
    prepared = [_prepare(file, digest) for file, digest in zip(files, digests)]
    # After the first batch: the collector walked the loaded names and patterns again and again
    # (0.3 ms an article).
    settle_worker_process()
    return prepared


def _ignore_interrupts() -> None:
    """Worker processes leave Ctrl-C to the writer, which stops at a file boundary."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _indexed_state(reader) -> dict[str, str]:
    """Return {file path: content hash} of the live documents, read from columns (fast)."""
    state: dict[str, str] = {}
    for segment, _ in reader.leaf_readers():
        if segment.doc_count():
            paths, hashes = column_texts(segment, "path"), column_texts(segment, "hash")
            state.update((paths[n], hashes[n]) for n in segment.all_doc_ids())
    return state


def _plan(found: corpus_mod.Scan, state: dict[str, str], stat_cache: dict) -> tuple[list, list, dict]:
    """Return (files to read, paths gone from the corpus, stat cache of the files known unchanged).

    A file is known unchanged when its size and mtime are those cached with the content hash the
    index holds; the others are read and hashed.
    """
    todo: list[corpus_mod.CorpusFile] = []
    unchanged: dict[str, list] = {}
    for file in found.files:
        cached = stat_cache.get(file.rel)
        if (file.rel in state and isinstance(cached, list) and len(cached) == 3
                and cached[:2] == [file.size, file.mtime_ns] and cached[2] == state[file.rel]):
            unchanged[file.rel] = cached
        else:
            todo.append(file)
    present = {f.rel for f in found.files} | {p.path for p in found.problems}
    return todo, [rel for rel in state if rel not in present], unchanged


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
    stat_cache = read_json(Path(index_dir) / STAT_CACHE) if not report.rebuilt else {}
    with ix.reader() as reader:
        state = _indexed_state(reader)
    todo, gone, new_cache = _plan(found, state, stat_cache)
    if not todo and not gone:
        report.unchanged = len(new_cache)
        report.articles = _doc_count(ix)
        _save_cache(index_dir, new_cache)
        report.seconds = time.perf_counter() - started
        return report

    writer = _writer(ix)
    # Another run may have committed while this one waited for the lock: plan again from what
    # the index holds now, so that no file is added twice.
    fresh = _indexed_state(writer.reader())
    if fresh != state:
        state = fresh
        todo, gone, new_cache = _plan(found, state, stat_cache)
    report.unchanged = len(new_cache)
    pending = 0
    long_run = len(todo) > COMMIT_EVERY  # see LAST_SEGMENT_FILES
    # The writer keeps a commit's postings (hundreds of thousands of lists) and the cyclic garbage
    # collector walked them again and again: 3.2 s of a 10,000-article build, a sixth of the
    # writer's time. It is paused for the run, but not under the app's interface (the collector
    # is global to the process).
    in_main_thread = threading.current_thread() is threading.main_thread()
    with collector_paused() if in_main_thread else nullcontext():
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
                if pending >= COMMIT_EVERY or (long_run and pending >= LAST_SEGMENT_FILES >= len(todo) - done):
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
        return ix.writer(timeout=WRITER_WAIT_S, delay=0.1, limitmb=WRITER_POOL_MB)
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
        write_json_atomic(Path(index_dir) / STAT_CACHE, data)
    except OSError:
        pass  # the cache only saves re-reading files; the index itself is the truth


def _doc_count(ix: whoosh_index.Index) -> int:
    with ix.reader() as reader:
        return reader.doc_count()


