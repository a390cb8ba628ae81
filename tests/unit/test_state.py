"""The reader's state in a real SQLite file: saved searches, marks, history, two writers at once,
damaged and read-only files, migrations."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3

import pytest

from newsreader.core.state import SCHEMA_VERSION, State, StateError


def test_saved_searches_marks_and_history_survive_a_reopen(tmp_path):
    path = tmp_path / "state.sqlite3"
    with State(path, "/corpus/a") as state:
        state.save("haftar", "haftar tripoli")
        state.seen("haftar", ["id1", "id2"])
        state.mark("id1", read=True)
        state.mark("id1", flagged=True, note="  key   source ")
        state.remember("haftar")
        state.remember("misrata")
        state.remember("haftar")
    with State(path, "/corpus/a") as state:
        (saved,) = state.saved()
        assert (saved.name, saved.query, saved.seen_ids) == ("haftar", "haftar tripoli", frozenset({"id1", "id2"}))
        mark = state.marks()["id1"]
        assert (mark.read, mark.flagged, mark.note) == (True, True, "key source")
        assert state.with_mark("flagged") == {"id1"} and state.with_mark("read") == {"id1"}
        assert state.history() == ["misrata", "haftar"]
    with State(path, "/corpus/b") as other:  # keyed by corpus
        assert other.saved() == [] and other.marks() == {}


def test_removing_an_unknown_saved_search_is_one_line(tmp_path):
    with State(tmp_path / "s.sqlite3", "c") as state, pytest.raises(StateError, match="no saved search named 'x'"):
        state.remove_saved("x")


def _writer(path, corpus, prefix, count):
    with State(path, corpus) as state:
        for n in range(count):
            state.mark(f"{prefix}{n}", flagged=True)
            state.save(f"{prefix}-search-{n}", f"query {n}")


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "state.sqlite3"
    State(path, "c").close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, "c", prefix, 60)) for prefix in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with State(path, "c") as state:
        assert len(state.with_mark("flagged")) == 120 and len(state.saved()) == 120


def test_a_damaged_state_file_opens_read_only_with_one_line_and_is_left_as_it_was(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database, but somebody's notes" * 100)
    before = path.read_bytes()
    with State(path, "c") as state:
        assert state.read_only and "is damaged" in state.problem and "\n" not in state.problem
        assert state.saved() == [] and state.marks() == {}
        with pytest.raises(StateError):
            state.mark("a", read=True)
        state.remember("q")  # history never raises
    assert path.read_bytes() == before


def test_a_read_only_state_file_still_reads(tmp_path):
    path = tmp_path / "state.sqlite3"
    with State(path, "c") as state:
        state.save("s", "q")
    os.chmod(path, 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("running as a user who can write read-only files")
        with State(path, "c") as state:
            assert state.read_only and [s.name for s in state.saved()] == ["s"]
            with pytest.raises(StateError):
                state.save("t", "q")
    finally:
        os.chmod(tmp_path, 0o755)
        os.chmod(path, 0o644)


def test_a_file_of_an_older_schema_is_migrated_and_a_newer_one_is_not_touched(tmp_path):
    old = tmp_path / "old.sqlite3"
    sqlite3.connect(old).close()  # version 0: an empty file as a first release would leave it
    with State(old, "c") as state:
        assert not state.read_only
        state.save("s", "q")
    assert sqlite3.connect(old).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    newer = tmp_path / "newer.sqlite3"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with State(newer, "c") as state:
        assert state.read_only and "newer newsreader" in state.problem


def test_marks_move_with_their_article_and_never_over_a_newer_one(tmp_path):
    state = State(tmp_path / "s.db", "/corpus")
    state.mark("old1", flagged=True, note="keep")
    state.mark("old2", read=True)
    state.mark("new2", flagged=True)  # marked under its new id already: that one stays
    assert state.move([("old1", "new1"), ("old2", "new2"), ("absent", "x")]) == 1
    marks = state.marks()
    assert marks["new1"].flagged and marks["new1"].note == "keep" and "old1" not in marks
    assert marks["new2"].flagged and not marks["new2"].read
