"""kill -9 during `newsreader index`, at random points: the index always opens at its last
commit, the stale lock is no obstacle, and the next run completes with every article once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from whoosh import index as whoosh_index

from newsreader.core.index import index_exists, update_index
from newsreader.core.library import Library

ROUNDS = 6
FILES = 240


def _corpus(root):
    rng = random.Random(3)
    words = ("forces talks ceasefire capital militia drone port oil envoy summit embargo truce "
             "Tripoli Misrata Benghazi Haftar Sarraj Geneva Berlin Ankara Cairo").split()
    for n in range(FILES):
        folder = root / f"{n // 60:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = " ".join(rng.choice(words) for _ in range(400))
        (folder / f"a{n:04d}.txt").write_text(f"---\ntitle: Article {n}\n---\n{body}.\n", encoding="utf-8")


def _keys(index_dir):
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        return [fields["key"] for fields in searcher.all_stored_fields()]


def test_kill_nine_at_random_points_loses_and_doubles_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("newsreader.core.index.COMMIT_EVERY", 50)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    _corpus(corpus)
    rng = random.Random(11)
    code = ("import sys; import newsreader.core.index as ix; ix.COMMIT_EVERY = 50; "
            "ix.update_index(sys.argv[1], sys.argv[2])")
    files = sorted(corpus.rglob("*.txt"))
    for round_ in range(ROUNDS):
        for path in rng.sample(files, 40):  # real work for every round
            path.write_text(path.read_text(encoding="utf-8") + f" Update {round_}.\n", encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-c", code, str(index_dir), str(corpus)],
                                start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the writer and its worker processes
        except ProcessLookupError:
            pass
        proc.wait()
        if index_exists(index_dir):
            keys = _keys(index_dir)
            assert len(keys) == len(set(keys)), "an article was indexed twice"
            with Library(index_dir) as lib:  # opens at the last commit
                assert lib.article_count == len(keys)
    report = update_index(index_dir, corpus)  # the lock of the killed writer is gone with it
    keys = _keys(index_dir)
    assert report.articles == FILES == len(keys) == len(set(keys))
    assert not update_index(index_dir, corpus).changed


def test_ctrl_c_keeps_the_files_finished_so_far(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    _corpus(corpus)
    code = ("import sys, time; import newsreader.core.index as ix; "
            "real = ix._prepare\n"
            "def slow(*a, **k):\n    time.sleep(0.02)\n    return real(*a, **k)\n"
            "ix._prepare = slow; ix.PARALLEL_MIN_FILES = 10**9\n"
            "from newsreader.cli import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.Popen([sys.executable, "-c", code, "--corpus", str(corpus), "--index-dir", str(index_dir),
                             "index"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted: run again to finish" in out
    kept = len(_keys(index_dir))
    assert 0 < kept < FILES
    report = update_index(index_dir, corpus)
    assert report.added == FILES - kept and len(set(_keys(index_dir))) == FILES
