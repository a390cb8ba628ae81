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
import shutil
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

from ..extract import corpus as corpus_mod
from ..extract.cleaning import comparable
from ..extract.models import Article, Entity, Problem
from ..extract.pipeline import extract
from .collector import collector_paused, settle_worker_process
from .column_range import column_texts
from .index_meta import (FIRST_NAME, META_FILE, IndexDamaged, IndexError_, damage, damaged_message, files_of,
                         index_exists, index_name, new_index_name, open_index, other_names, read_json,
                         remove_index_files, set_aside, storage, write_json_atomic)
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
    set_aside: Path | None = None
    """Where a damaged index was moved before this run built a new one."""
    seconds: float = 0.0
    moved: list[tuple[str, str]] = field(default_factory=list)
    """(old id, new id) of the articles of files that moved inside the corpus, content unchanged:
    the reader's marks and notes follow them (`State.move`)."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)


@dataclass
class _Target:
    """The Whoosh index a run writes: the current one, or a rebuild beside it (`previous` is then
    the current index's name, whose write lock `guard` the run holds until it swaps in)."""

    ix: whoosh_index.Index
    fresh: bool
    previous: str | None = None
    guard: object | None = None


def _open_target(index_dir: Path, corpus_root: Path, rebuild: bool, report: UpdateReport) -> _Target:
    """Open the index a run writes.

    A readable index of the current schema is written in place, unless `rebuild`: then a new
    index is built under a new name beside it and made current only when complete. Without a
    readable index (none yet, an older schema, damaged files, which are set aside first), a new
    one is made current at once, so that an interrupted first build resumes.
    """
    index_dir = Path(index_dir)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        name = index_name(index_dir)
        readable = index_exists(index_dir)
        if readable:
            reason = damage(index_dir)
            if reason is not None:
                report.set_aside = set_aside(index_dir, name)
                report.warnings.append(Problem(str(index_dir), f"the index was damaged ({reason}); set aside in "
                                                               f"{report.set_aside.name} and built anew"))
                readable = False
        if readable and not rebuild:
            return _Target(open_index(index_dir), fresh=False)
        if readable:
            guard = storage(index_dir).lock(f"{name}_WRITELOCK")
            if not _acquire(guard):
                raise IndexBusy(_BUSY)
            new = new_index_name()
            try:
                return _Target(storage(index_dir).create_index(make_schema(), indexname=new), True, name, guard)
            except BaseException:
                remove_index_files(index_dir, new)
                guard.release()
                raise
        new = FIRST_NAME if not files_of(index_dir, FIRST_NAME) else new_index_name()
        ix = storage(index_dir).create_index(make_schema(), indexname=new)
        _stat_cache_path(index_dir, new).unlink(missing_ok=True)
        previous = name if name != new else None
        _make_current(index_dir, corpus_root, new)
        if previous:
            remove_index_files(index_dir, previous)
            _stat_cache_path(index_dir, previous).unlink(missing_ok=True)
        return _Target(ix, fresh=True)
    except OSError as err:
        raise _cannot_write(index_dir, err) from None


def _cannot_write(index_dir: Path, err: OSError) -> IndexError_:
    return IndexError_(f"cannot write the index at {index_dir} ({err.strerror or err}); "
                       "the index keeps its last complete state")


def _acquire(lock, wait: float = WRITER_WAIT_S) -> bool:
    deadline = time.monotonic() + wait
    while not lock.acquire(blocking=False):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _make_current(index_dir: Path, corpus_root: Path, name: str) -> None:
    write_json_atomic(Path(index_dir) / META_FILE,
                      {"schema_version": SCHEMA_VERSION, "corpus": str(corpus_root), "index_name": name})


def _stat_cache_path(index_dir: Path, name: str) -> Path:
    return Path(index_dir) / (STAT_CACHE if name == FIRST_NAME else f"filestat-{name}.json")


def _swap_in(index_dir: Path, corpus_root: Path, target: _Target) -> None:
    """Make a finished rebuild the current index (one atomic rename of the meta file), then
    delete the previous index's files."""
    _make_current(index_dir, corpus_root, target.ix.indexname)
    remove_index_files(index_dir, target.previous)
    _stat_cache_path(index_dir, target.previous).unlink(missing_ok=True)


def _discard(index_dir: Path, target: _Target) -> None:
    """Delete an unfinished rebuild; the current index stays as it was."""
    remove_index_files(index_dir, target.ix.indexname)
    _stat_cache_path(index_dir, target.ix.indexname).unlink(missing_ok=True)


def _tidy(index_dir: Path, ix: whoosh_index.Index, writer, writer_made: float, keep: str | None = None) -> None:
    """With the write lock held (a writer just made): delete what failed runs left behind.
    Segments no table of contents lists (a commit that filled the disk), what is in the
    writer's temporary folder (it makes its own files later), and indexes of rebuilds that
    were killed (those whose lock no process holds)."""
    try:
        toc = ix._read_toc()
        whoosh_index.clean_files(ix.storage, ix.indexname, toc.generation, [*toc.segments, writer.newsegment])
    except Exception:  # tidying is a courtesy; a failure here must not stop the run
        pass
    # The temporary folder is the new writer's too, and it has made files there already: only
    # what is older than the writer goes (with a margin for coarse file times).
    temp = Path(index_dir) / f"{ix.indexname}.tmp"
    for leftover in temp.glob("*") if temp.is_dir() else ():
        try:
            if leftover.stat().st_mtime < writer_made - 2:
                shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
        except OSError:
            pass
    _remove_unfinished_rebuilds(index_dir, ix.indexname, keep)


def _remove_unfinished_rebuilds(index_dir: Path, current: str, keep: str | None = None) -> None:
    """Delete the indexes of rebuilds that never finished (killed): those whose write lock no
    process holds. Called with the current index's lock held, which a rebuild holds throughout."""
    for name in other_names(index_dir, current) - {keep}:
        lock = storage(index_dir).lock(f"{name}_WRITELOCK")
        if lock.acquire(blocking=False):
            lock.release()
            remove_index_files(index_dir, name)
            _stat_cache_path(index_dir, name).unlink(missing_ok=True)


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
    try:
        load = corpus_mod.parse_file(file.rel, data)
        prepared.problems, prepared.warnings = load.problems, load.warnings
        prepared.docs = [_doc_fields(article, prepared.digest) for article in load.articles]
    except Exception as err:  # one file's failure never stops the rest
        prepared.docs = []
        prepared.problems = [Problem(file.rel, f"could not be read ({type(err).__name__}: {err})".splitlines()[0])]
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
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),),
                             mp_context=context) as pool:
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


def _start_worker(writer_pid: int) -> None:
    """In each worker process: leave Ctrl-C to the writer, which stops at a file boundary, and
    end with it. A worker waits on its task queue, which it holds both ends of, so a writer that
    was killed (kill -9, a lost terminal) left its workers waiting for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(writer_pid, os.getppid()), daemon=True,
                     name="newsreader-end-with-writer").start()


def _end_with(writer_pid: int, parent_pid: int, every_s: float = 0.5) -> None:
    """Exit this process once the writer (or the process that started this one) is gone."""
    while True:
        time.sleep(every_s)
        if os.getppid() != parent_pid or not _alive(writer_pid):
            os._exit(1)


def _alive(pid: int) -> bool:
    """True while process `pid` runs. A killed writer whose parent has not reaped it yet is a
    zombie, which `kill(pid, 0)` still finds: a parent that reads the writer's output to the end
    before waiting for it (`subprocess.communicate`, a shell's `$(…)`) then waited for ever on
    workers that waited for the writer to go. A zombie counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True  # no /proc: as before


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
    index holds, or, for a file that gave no article, with the reasons it was skipped. Those
    reasons (a fourth item, for any file with records skipped) are reported again without
    reading the file. The others are read.
    """
    todo: list[corpus_mod.CorpusFile] = []
    unchanged: dict[str, list] = {}
    for file in found.files:
        cached = stat_cache.get(file.rel)
        if isinstance(cached, list) and len(cached) in (3, 4) and cached[:2] == [file.size, file.mtime_ns] and (
                (file.rel in state and cached[2] == state[file.rel])
                or (file.rel not in state and len(cached) == 4 and isinstance(cached[3], list))):
            unchanged[file.rel] = cached
        else:
            todo.append(file)
    present = {f.rel for f in found.files} | {p.path for p in found.problems}
    return todo, [rel for rel in state if rel not in present], unchanged


def _replayed_problems(cache: dict) -> list[Problem]:
    """The reasons cached for unchanged files that gave no article (see `_plan`)."""
    return [Problem(str(path), str(reason)) for entry in cache.values() if len(entry) == 4
            for path, reason in entry[3] if isinstance(path, str)]


def update_index(
    index_dir: Path,
    corpus_root: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    follow_links: bool = False,
) -> UpdateReport:
    """Bring the index at `index_dir` up to date with the files under `corpus_root`.

    Only new, changed (by content hash) and removed files are touched; `rebuild` builds a new
    index beside the current one and swaps it in when complete (see `index_meta`). Raises
    IndexBusy when another writer holds the lock for longer than a few seconds, IndexError_ when
    the index folder cannot be written. `progress(done, total, path)` is called per file read.
    Files are read and extracted in `workers` processes (default: one per core) when there are
    many. Symbolic links out of the corpus are read only with `follow_links`.
    """
    started = time.perf_counter()
    report = UpdateReport()
    target = _open_target(index_dir, corpus_root, rebuild, report)
    try:
        return _update(Path(index_dir), Path(corpus_root), target, report, started,
                       progress, cancel, workers, follow_links)
    except BaseException:
        if target.previous:  # an unfinished rebuild goes; the index it was to replace stays
            _discard(Path(index_dir), target)
        raise
    finally:
        if target.guard is not None:
            target.guard.release()


def _update(index_dir, corpus_root, target: _Target, report: UpdateReport, started: float,
            progress, cancel, workers, follow_links) -> UpdateReport:
    ix = target.ix
    report.rebuilt = target.fresh
    found = corpus_mod.scan(corpus_root, follow_links=follow_links)
    report.hidden, report.unsupported = found.hidden, found.unsupported
    report.problems.extend(found.problems + found.excluded)
    cache_path = _stat_cache_path(index_dir, ix.indexname)
    stat_cache = read_json(cache_path) if not target.fresh else {}
    try:
        with ix.reader() as reader:
            state = _indexed_state(reader)
    except Exception as err:  # damage that only reading the columns finds
        raise IndexDamaged(damaged_message(index_dir, f"{type(err).__name__}: {err}".splitlines()[0])) from None
    todo, gone, new_cache = _plan(found, state, stat_cache)
    if not todo and not gone and not target.previous:
        if other_names(index_dir, ix.indexname):  # a killed rebuild's files; no writer needed
            lock = storage(index_dir).lock(f"{ix.indexname}_WRITELOCK")
            if lock.acquire(blocking=False):
                try:
                    _remove_unfinished_rebuilds(index_dir, ix.indexname)
                finally:
                    lock.release()
        report.unchanged = len(new_cache)
        report.problems.extend(_replayed_problems(new_cache))
        report.articles = _doc_count(ix)
        _save_cache(cache_path, new_cache)
        report.seconds = time.perf_counter() - started
        return report

    writer_made = time.time()
    writer = _writer(ix)
    if target.previous is None and index_name(index_dir) != ix.indexname:
        # A rebuild swapped in while this run waited for the lock: write the new index instead.
        _cancel_quietly(writer)
        return update_index(index_dir, corpus_root, progress=progress, cancel=cancel, workers=workers,
                            follow_links=follow_links)
    _tidy(index_dir, ix, writer, writer_made, keep=target.previous)
    # Another run may have committed while this one waited for the lock: plan again from what
    # the index holds now, so that no file is added twice.
    fresh = _indexed_state(writer.reader())
    if fresh != state:
        state = fresh
        todo, gone, new_cache = _plan(found, state, stat_cache)
    report.unchanged = len(new_cache)
    report.problems.extend(_replayed_problems(new_cache))
    pending = 0
    long_run = len(todo) > COMMIT_EVERY  # see LAST_SEGMENT_FILES
    # The writer keeps a commit's postings (hundreds of thousands of lists) and the cyclic garbage
    # collector walked them again and again (see BENCHMARKS.md). It is paused for the run, but
    # not under the app's interface (the collector is global to the process).
    in_main_thread = threading.current_thread() is threading.main_thread()
    with collector_paused() if in_main_thread else nullcontext():
        try:
            gone_by_hash = {state[rel]: rel for rel in gone}
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
                entry = [prepared.size, prepared.mtime_ns, prepared.digest]
                if state.get(prepared.rel) == prepared.digest:
                    new_cache[prepared.rel] = entry
                    report.unchanged += 1
                    continue
                if prepared.rel in state:
                    writer.delete_by_term("path", prepared.rel)
                    report.updated += 1
                elif prepared.docs:
                    report.added += 1
                    old = gone_by_hash.get(prepared.digest)
                    if old is not None:  # the same file, moved: its articles keep their marks
                        report.moved += [(corpus_mod.article_id(old + doc["key"][len(prepared.rel):]), doc["id"])
                                         for doc in prepared.docs if doc["key"].startswith(prepared.rel)]
                for doc in prepared.docs:
                    writer.add_document(**doc)
                    pending += 1
                if prepared.problems or not prepared.docs:  # why, told again while it is unchanged
                    entry.append([[p.path, p.reason] for p in prepared.problems])
                new_cache[prepared.rel] = entry
                if pending >= COMMIT_EVERY or (long_run and pending >= LAST_SEGMENT_FILES >= len(todo) - done):
                    writer.commit()
                    _save_cache(cache_path, new_cache, merge_with=stat_cache)
                    writer, pending = _writer(ix), 0
            if target.previous and report.cancelled:
                _cancel_quietly(writer)
                _discard(index_dir, target)
            else:
                writer.commit()
        except OSError as err:
            _cancel_quietly(writer)
            raise _cannot_write(index_dir, err) from None
        except BaseException:
            _cancel_quietly(writer)
            raise
    if target.previous and not report.cancelled:
        _save_cache(cache_path, new_cache)
        _swap_in(index_dir, corpus_root, target)
    elif not target.previous:
        _save_cache(cache_path, new_cache)
    report.articles = _doc_count(open_index(index_dir) if target.previous else ix)
    report.seconds = time.perf_counter() - started
    return report


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _reason(err: Exception) -> str:
    if isinstance(err, OSError):
        return f"cannot read ({err.strerror or err})"
    return str(err)


_BUSY = "the index is busy: another 'newsreader index' is writing it; try again when it ends"


def optimize_index(index_dir: Path) -> tuple[int, int]:
    """Merge the index's segments into one: searches read each word's postings once instead of
    once a segment (at 10,000 articles, six segments to one: search CPU p95 25.6 -> 14.8 ms; the
    merge took about a minute, BENCHMARKS.md). Returns the segments before and after. Raises
    IndexBusy while another writer holds the index, IndexError_ when it cannot be written."""
    ix = open_index(index_dir)
    before = len(ix._segments())
    if before <= 1:
        return before, before
    writer = _writer(ix)
    try:
        writer.commit(optimize=True)
    except OSError as err:
        _cancel_quietly(writer)
        raise _cannot_write(index_dir, err) from None
    except BaseException:
        _cancel_quietly(writer)
        raise
    return before, len(open_index(index_dir)._segments())


def _writer(ix: whoosh_index.Index):
    try:
        return ix.writer(timeout=WRITER_WAIT_S, delay=0.1, limitmb=WRITER_POOL_MB)
    except LockError:
        raise IndexBusy(_BUSY) from None
    except OSError as err:
        raise IndexError_(f"cannot write the index ({err.strerror or err}); "
                          "the index keeps its last complete state") from None


def _cancel_quietly(writer) -> None:
    """Cancel `writer` and delete what it wrote: its new segment's files and its temporary
    folder (a cancel that fails half-way, on a full disk, left both behind); release its lock."""
    try:
        writer.cancel()
    except Exception:  # the writer may be half gone already (disk full); the lock still goes
        pass
    segment = getattr(writer, "newsegment", None)
    storage_ = getattr(writer, "storage", None)
    if segment is not None and storage_ is not None:
        prefix = segment.segment_id() + "."
        for name in list(storage_.list()):
            if name.startswith(prefix):
                try:
                    storage_.delete_file(name)
                except OSError:
                    pass
    folder = getattr(getattr(writer, "_tempstorage", None), "folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    lock = getattr(writer, "writelock", None)
    if lock is not None:
        try:
            lock.release()
        except Exception:
            pass


def _save_cache(path: Path, cache: dict, merge_with: dict | None = None) -> None:
    data = {**(merge_with or {}), **cache}
    try:
        write_json_atomic(path, data)
    except OSError:
        pass  # the cache only saves re-reading files; the index itself is the truth


def _doc_count(ix: whoosh_index.Index) -> int:
    with ix.reader() as reader:
        return reader.doc_count()


