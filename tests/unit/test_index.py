import json
import os
import re
import threading
import time

import pytest

from newsreader.core.index import META_FILE, IndexBusy, IndexError_, update_index
from newsreader.core.library import Library
from newsreader.core.query import QueryError


def _ids(result):
    return {h.path for h in result.hits}


def test_incremental_update_touches_only_what_changed(seed_corpus, tmp_path):
    ix = tmp_path / "ix"
    first = update_index(ix, seed_corpus)
    assert (first.added, first.articles, first.rebuilt) == (5, 5, True)

    again = update_index(ix, seed_corpus)
    assert not again.changed and again.unchanged == 5

    (seed_corpus / "new.txt").write_text("---\ntitle: New\n---\nA zebra crossed the road in Benghazi.\n")
    changed = seed_corpus / "002_1c12ba67ed297c8f.txt"
    changed.write_text(changed.read_text().replace("Geneva", "Lausanne"))
    (seed_corpus / "003_58bcf51014b2217e.txt").unlink()
    report = update_index(ix, seed_corpus)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    with Library(ix) as lib:
        assert lib.article_count == 5
        assert _ids(lib.search("zebra")) == {"new.txt"}
        assert lib.search("lausanne").total == 1 and lib.search("geneva").total == 0


def test_touched_but_unchanged_file_is_not_reindexed(seed_corpus, tmp_path):
    update_index(tmp_path / "ix", seed_corpus)
    os.utime(seed_corpus / "000_d67952ac31685885.txt", ns=(1, 1))
    report = update_index(tmp_path / "ix", seed_corpus)
    assert not report.changed and report.unchanged == 5


def test_an_index_of_an_older_schema_is_rebuilt_not_misread(seed_corpus, tmp_path):
    ix = tmp_path / "ix"
    update_index(ix, seed_corpus)
    meta = json.loads((ix / META_FILE).read_text())
    (ix / META_FILE).write_text(json.dumps({**meta, "schema_version": meta["schema_version"] - 1}))
    with pytest.raises(IndexError_, match="run 'newsreader index' first"):
        Library(ix)
    report = update_index(ix, seed_corpus)
    assert report.rebuilt and report.added == 5 and report.articles == 5
    with Library(ix) as library:
        assert library.search('"national army"').total >= 1


def test_rebuild_and_lost_stat_cache(seed_corpus, tmp_path):
    update_index(tmp_path / "ix", seed_corpus)
    (tmp_path / "ix" / "filestat.json").write_text("{garbage")
    assert not update_index(tmp_path / "ix", seed_corpus).changed
    rebuilt = update_index(tmp_path / "ix", seed_corpus, rebuild=True)
    assert rebuilt.rebuilt and rebuilt.articles == 5


def test_cancelled_run_keeps_a_usable_index_and_the_next_run_finishes(seed_corpus, tmp_path):
    stop = threading.Event()

    def progress(done, total, path):
        if done == 3:
            stop.set()

    partial = update_index(tmp_path / "ix", seed_corpus, progress=progress, cancel=stop)
    assert partial.cancelled and 0 < partial.articles < 5
    with Library(tmp_path / "ix") as lib:
        assert lib.search("haftar").total == partial.articles
    rest = update_index(tmp_path / "ix", seed_corpus)
    assert rest.articles == 5 and rest.added == 5 - partial.added


def test_second_writer_is_told_the_index_is_busy(seed_corpus, tmp_path, monkeypatch):
    from whoosh import index as whoosh_index

    monkeypatch.setattr("newsreader.core.index.WRITER_WAIT_S", 0.2)
    update_index(tmp_path / "ix", seed_corpus)
    (seed_corpus / "new.txt").write_text("Fresh text about Sirte and the coast.\n")
    holder = whoosh_index.open_dir(str(tmp_path / "ix")).writer()
    try:
        with pytest.raises(IndexBusy, match="busy"):
            update_index(tmp_path / "ix", seed_corpus)
    finally:
        holder.cancel()
    assert update_index(tmp_path / "ix", seed_corpus).added == 1


def test_reader_keeps_working_while_a_writer_commits(seed_corpus, tmp_path):
    update_index(tmp_path / "ix", seed_corpus)
    with Library(tmp_path / "ix") as lib:
        assert lib.search("zebra").total == 0
        (seed_corpus / "new.txt").write_text("A zebra crossed the road in Benghazi.\n")
        update_index(tmp_path / "ix", seed_corpus)
        assert lib.get("new.txt") is None        # the view it opened
        assert lib.search("zebra").total == 1     # a query looks for new commits first


@pytest.mark.parametrize("query, expected", [
    ("haftar", 5),
    ("misrata", 1),
    ("haftar tripoli", 5),
    ("misrata OR berlin", 3),
    ("haftar NOT misrata", 4),
    ('"Government of National Accord"', 4),
    ('"National Accord Government"', 0),
    ("misra*", 1),
    ("Hafter~", 5),
    ("title:ceasefire", 2),
    ("source:bloomberg", 1),
    ("published:2019-04", 2),
    ("published:2019", 3),
    ("published:[2019-04-01 TO 2019-05-31]", 3),
    ("date:[2020-01-01 TO 2020-12-31] haftar", 2),
    ("published:[2020 TO]", 2),
    ("published:[TO 2019-04-07]", 1),
    ("offensives", 5),  # stemming
])
def test_query_language(seed_index, query, expected):
    with Library(seed_index) as lib:
        assert lib.search(query, limit=50).total == expected


@pytest.mark.parametrize("query, message", [
    ('"unbalanced', "unbalanced quote"),
    ("title:", "needs a value"),
    ("published:[x TO", "unbalanced '['"),
    ("published:[x TO y]", "not a date"),
    ("published:2019-13", "month"),
    ("published:soon", "not a date"),
    ("(haftar OR", "unbalanced '('"),
    ("haftar)", "nothing to close"),
    ("nosuchfield:x", "unknown field"),
    ("", "empty"),
    ("x" * 5000, "too long"),
])
def test_malformed_queries_raise_one_line_errors(seed_index, query, message):
    with Library(seed_index) as lib, pytest.raises(QueryError, match=re.escape(message)) as err:
        lib.search(query)
    assert "\n" not in str(err.value)


def test_hits_carry_metadata_and_highlighted_snippets(seed_index):
    with Library(seed_index) as lib:
        result = lib.search('"National Accord" misrata')
    (hit,) = result.hits
    assert hit.title.startswith("Haftar's forces") and hit.source == "France 24"
    assert str(hit.published) == "2019-04-08" and hit.score > 0
    marked = {hit.snippet[s:e].lower() for s, e in hit.highlights}
    assert marked and marked <= {"national accord", "misrata"}
    assert "\n" not in hit.snippet


def test_sort_by_date_newest_first(seed_index):
    with Library(seed_index) as lib:
        by_date = lib.search("haftar", sort="date").hits
        relevance = {h.id: h.score for h in lib.search("haftar").hits}
    dates = [h.published for h in by_date]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5
    assert {h.id: h.score for h in by_date} == relevance  # each hit keeps its relevance score


def test_did_you_mean(seed_index):
    with Library(seed_index) as lib:
        result = lib.search("misratta")
        assert result.total == 0 and result.suggestion == "misrata"
        assert lib.search("qwxzptk").suggestion is None
        # The corrector works on stems; the suggestion is written as the articles write the word.
        assert lib.search("ceasfire").suggestion == "ceasefire"
        assert lib.search("ceasfire tripoli").suggestion == "ceasefire tripoli"


def test_get_by_id_prefix_key_and_path(seed_index):
    with Library(seed_index) as lib:
        hit = lib.search("misrata").hits[0]
        assert lib.get(hit.id).key == hit.key
        assert lib.get(hit.id[:6]).key == hit.key
        assert lib.get(hit.key).id == hit.id
        assert lib.get("nope") is None


def test_unwritable_index_location_gives_a_clear_error(seed_corpus, tmp_path):
    from newsreader.core.index import IndexError_

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    with pytest.raises(IndexError_, match="cannot write the index"):
        update_index(blocker / "ix", seed_corpus)


def test_lock_of_a_killed_writer_is_recovered(seed_corpus, tmp_path):
    import signal
    import subprocess
    import sys

    update_index(tmp_path / "ix", seed_corpus)
    code = ("import sys, time; from whoosh import index; "
            f"w = index.open_dir({str(tmp_path / 'ix')!r}).writer(); print('locked', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        holder.kill()
    (seed_corpus / "new.txt").write_text("Fresh text about Sirte and the coast of Libya.\n")
    report = update_index(tmp_path / "ix", seed_corpus)
    assert report.added == 1 and report.articles == 6


@pytest.mark.parametrize("query, expected", [
    ("person:haftar", 5),
    ('person:"Khalifa Haftar"', 5),
    ("person:hifter", 5),          # an alias not written anywhere finds the entity
    ("person:qaddafi", 4),         # one article writes Qaddafi, three Gaddafi
    ("org:lna", 5),
    ("org:U.N.", 5),
    ("place:misrata", 1),
    ("norp:turkish", 1),
    ("person:misrata", 0),         # a place is not a person
])
def test_entity_fields(seed_index, query, expected):
    with Library(seed_index) as lib:
        assert lib.search(query, limit=50).total == expected


def test_entity_counts_for_corpus_and_query(seed_index):
    with Library(seed_index) as lib:
        top = lib.entity_counts(limit=50)
        assert ("PERSON", "Khalifa Haftar", 5) in top and ("GPE", "Libya", 5) in top
        people = lib.entity_counts("misrata", label="PERSON", limit=50)
        assert {label for label, _, _ in people} == {"PERSON"}
        assert ("PERSON", "Mohamed Gnounou", 1) in people
        places = lib.entity_counts(label="GPE", limit=100)
        assert ("LOC", "Wadi Raba", 1) in places  # places: GPE and LOC together


def test_a_run_that_waited_for_the_lock_adds_nothing_twice(seed_corpus, tmp_path, monkeypatch):
    from whoosh import index as whoosh_index

    monkeypatch.setattr("newsreader.core.index.WRITER_WAIT_S", 30)
    first_is_writing = threading.Event()

    def slow(done, total, path):
        first_is_writing.set()
        time.sleep(0.3)

    first = threading.Thread(target=update_index, args=(tmp_path / "ix", seed_corpus),
                             kwargs={"progress": slow, "workers": 1})
    first.start()
    assert first_is_writing.wait(10)
    second = update_index(tmp_path / "ix", seed_corpus, workers=1)  # plans, waits, plans again
    first.join()
    assert second.added == 0 and second.articles == 5
    with whoosh_index.open_dir(str(tmp_path / "ix")).searcher() as searcher:
        keys = [fields["key"] for fields in searcher.all_stored_fields()]
    assert len(keys) == len(set(keys)) == 5


def test_worker_processes_run_only_a_little_ahead_of_the_writer(tmp_path, monkeypatch):
    """Prepared files waiting for the writer are bounded: unbounded, a 100,000-file build held
    every prepared article in memory (5.9 GB)."""
    from concurrent.futures import ProcessPoolExecutor

    from newsreader.extract import corpus as corpus_mod
    from newsreader.core import index as index_mod

    for n in range(120):
        (tmp_path / f"a{n:03}.txt").write_text(f"Title {n}\n\nTalks resumed in Geneva on day {n}.\n", encoding="utf-8")
    files = corpus_mod.scan(tmp_path).files
    monkeypatch.setattr(index_mod, "BATCH_FILES", 4)
    monkeypatch.setattr(index_mod, "FILES_AHEAD", 16)
    submitted = []
    original_submit = ProcessPoolExecutor.submit
    monkeypatch.setattr(ProcessPoolExecutor, "submit",
                        lambda self, fn, batch, *rest: submitted.append(len(batch)) or original_submit(self, fn, batch, *rest))
    read = 0
    for prepared in index_mod._prepare_all(files, {}, workers=2):
        read += 1
        assert sum(submitted) <= read + 16 + 4
        assert prepared.docs
    assert read == len(files) == sum(submitted)


def test_a_long_run_commits_early_so_its_last_segment_is_small(tmp_path, monkeypatch):
    """The last commit runs with the workers done: it files a quarter of a commit at most."""
    from whoosh import index as whoosh_index

    from newsreader.core import index as index_mod

    (tmp_path / "corpus").mkdir()
    for n in range(53):
        (tmp_path / "corpus" / f"a{n:03}.txt").write_text(f"Title {n}\n\nTalks resumed on day {n}.\n", encoding="utf-8")
    monkeypatch.setattr(index_mod, "COMMIT_EVERY", 20)
    monkeypatch.setattr(index_mod, "LAST_SEGMENT_FILES", 5)
    report = update_index(tmp_path / "ix", tmp_path / "corpus", workers=1)
    assert report.articles == 53
    segments = [segment.doc_count() for segment in whoosh_index.open_dir(str(tmp_path / "ix"))._segments()]
    assert sorted(segments, reverse=True) == [20, 20, 8, 5]
    for n in range(15):  # a short run (no more than one commit's worth) commits once
        (tmp_path / "corpus" / f"b{n:03}.txt").write_text(f"Title b{n}\n\nTalks ended on day {n}.\n", encoding="utf-8")
    assert update_index(tmp_path / "ix", tmp_path / "corpus", workers=1).added == 15
    segments = [segment.doc_count() for segment in whoosh_index.open_dir(str(tmp_path / "ix"))._segments()]
    assert sorted(segments, reverse=True) == [20, 20, 15, 8, 5]


def test_the_collector_is_paused_while_a_run_writes_and_left_alone_under_the_app(tmp_path):
    """The cyclic collector walked the writer's postings again and again; it is paused during a
    run in the main thread, restored after, and never touched from another thread (the app's)."""
    import gc

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"a{n}.txt").write_text(f"Title {n}\n\nTalks resumed on day {n}.\n", encoding="utf-8")
    seen = []
    assert gc.isenabled()
    update_index(tmp_path / "ix", corpus, workers=1, progress=lambda *_: seen.append(gc.isenabled()))
    assert seen == [False] * 3 and gc.isenabled()
    (corpus / "a3.txt").write_text("Title 3\n\nTalks resumed.\n", encoding="utf-8")
    run = threading.Thread(target=update_index, args=(tmp_path / "ix", corpus),
                           kwargs={"workers": 1, "progress": lambda *_: seen.append(gc.isenabled())})
    run.start()
    run.join()
    assert seen[3:] == [True] and gc.isenabled()


def test_a_worker_process_settles_its_collector_after_its_first_batch(tmp_path):
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from newsreader.extract import corpus as corpus_mod
    from newsreader.core import index as index_mod

    (tmp_path / "a.txt").write_text("Title\n\nTalks resumed in Geneva on Monday.\n", encoding="utf-8")
    files = corpus_mod.scan(tmp_path).files
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        before = pool.submit(gc.get_threshold).result()
        [prepared] = pool.submit(index_mod._prepare_batch, files, [None]).result()
        after, frozen = pool.submit(gc.get_threshold).result(), pool.submit(gc.get_freeze_count).result()
    assert prepared.docs and before[0] < 10_000 == after[0] and frozen > 1000


def test_a_killed_writer_not_yet_reaped_counts_as_gone():
    import subprocess
    import sys
    import time

    from newsreader.core.index import _alive

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    for _ in range(100):  # exited, but not waited for: a zombie
        time.sleep(0.05)
        with open(f"/proc/{child.pid}/stat") as handle:
            if handle.read().rsplit(")", 1)[1].split()[0] == "Z":
                break
    assert not _alive(child.pid)  # workers end with it instead of waiting for ever
    child.wait()
    assert _alive(os.getpid())


def test_an_index_written_by_the_previous_release_opens_and_answers(tmp_path):
    """The table of contents pickles the schema's classes by their module paths: a module moved
    without a shim at its old path would make every user's index unreadable. This index was
    written from the seed corpus by the release before extraction moved to newsreader/extract/
    (schema version 9)."""
    import shutil
    from pathlib import Path

    from newsreader.core.library import Library

    old = tmp_path / "index"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "index_release_e1ecc75", old)
    library = Library(old)
    hits = library.search("tripoli").hits
    assert len(hits) >= 3 and all("tripoli" in (hit.title + hit.snippet).lower() for hit in hits)
    assert library.timeline("tripoli").events
