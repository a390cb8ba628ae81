"""The reader's own state, per corpus: saved searches (with what they matched when last looked
at), read and flagged articles with short notes, and the query history.

One SQLite file (standard library, WAL mode) in the user data folder beside the indexes, never in
the corpus and never needed to rebuild an index. Every change is one short transaction, so two
app instances and a CLI call at once never lose an update (SQLite serialises the writers; a
writer waits up to `BUSY_TIMEOUT_S` for another). A file that cannot be read as a state database,
or that may not be written, opens read-only with one line saying why (`State.problem`): the app
still opens, and nothing of the file is changed.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 10.0
HISTORY_KEEP = 500

# Each migration takes the schema from version N-1 to N; the file records the version it has.
_MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE saved (corpus TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL,
                            created REAL NOT NULL, last_seen REAL, seen_ids TEXT NOT NULL DEFAULT '[]',
                            PRIMARY KEY (corpus, name));
        CREATE TABLE marks (corpus TEXT NOT NULL, article TEXT NOT NULL, read INTEGER NOT NULL DEFAULT 0,
                            flagged INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '',
                            updated REAL NOT NULL, PRIMARY KEY (corpus, article));
        CREATE TABLE history (corpus TEXT NOT NULL, query TEXT NOT NULL, at REAL NOT NULL);
        CREATE INDEX history_by_corpus ON history (corpus, at);
    """,
}


class StateError(Exception):
    """A change the state cannot make (read-only state, an unknown saved search): one line."""


@dataclass(frozen=True)
class Saved:
    name: str
    query: str
    created: float
    last_seen: float | None
    seen_ids: frozenset[str]

    def new_among(self, ids: list[str]) -> int:
        """How many of the articles it matches now (`ids`) it did not match when last run."""
        return len(set(ids) - self.seen_ids)


@dataclass(frozen=True)
class Mark:
    article: str
    read: bool
    flagged: bool
    note: str


class State:
    """The state of one corpus (`corpus_key`: its resolved path) in the file at `path`."""

    def __init__(self, path: Path, corpus_key: str) -> None:
        self.path = Path(path)
        self.corpus = corpus_key
        self.problem: str | None = None
        self.read_only = False
        self._lock = threading.Lock()
        self._db = self._open()

    # -- opening ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # The app reads and writes from its worker threads too: one connection, behind a lock.
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._migrate(db)
            return db
        except (sqlite3.OperationalError, OSError) as err:  # locked, read-only, newer: not damage
            return self._read_only(f"cannot write the state file {self.path} ({err}); "
                                   "saved searches and marks are read-only")
        except sqlite3.DatabaseError as err:
            return self._read_only(f"the state file {self.path} is damaged ({err}); "
                                   "saved searches and marks are read-only until it is moved away")

    def _read_only(self, why: str) -> sqlite3.Connection | None:
        self.problem, self.read_only = why, True
        try:  # what can still be read, without creating or changing anything
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                                 check_same_thread=False)
            db.execute("SELECT count(*) FROM saved").fetchone()
            return db
        except (sqlite3.Error, OSError):
            return None

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.OperationalError(f"it was written by a newer newsreader (schema {version})")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # One transaction per step (executescript runs its own statements, BEGIN included):
            # a migration interrupted half-way leaves the file at the version before it.
            try:
                db.executescript(f"BEGIN IMMEDIATE;\n{_MIGRATIONS[target]}\nPRAGMA user_version = {target};\nCOMMIT;")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers ------------------------------------------------------------------------------

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        if self._db is None:
            return []
        try:
            with self._lock:
                return self._db.execute(sql, args).fetchall()
        except sqlite3.Error:
            return []

    def _write(self, sql: str, args: tuple = (), many: list[tuple] | None = None) -> int:
        """Run `sql` once with `args`, or once for each of `many`, in one transaction; the rows changed."""
        if self.read_only or self._db is None:
            raise StateError(self.problem or "the state is read-only")
        try:
            with self._lock, self._db:  # one transaction; SQLite serialises it with other writers
                cursor = self._db.executemany(sql, many) if many is not None else self._db.execute(sql, args)
                return cursor.rowcount
        except sqlite3.Error as err:
            raise StateError(f"cannot save to the state file {self.path} ({err})") from None

    # -- saved searches -----------------------------------------------------------------------

    def saved(self) -> list[Saved]:
        rows = self._rows("SELECT name, query, created, last_seen, seen_ids FROM saved WHERE corpus = ? "
                          "ORDER BY name", (self.corpus,))
        return [Saved(name, query, created, last_seen, frozenset(_ids(seen))) for name, query, created, last_seen, seen
                in rows]

    def get_saved(self, name: str) -> Saved | None:
        return next((s for s in self.saved() if s.name == name), None)

    def save(self, name: str, query: str) -> None:
        """Save (or replace) the search `name`; what it matches now counts as new until seen."""
        name, query = " ".join(name.split()), query.strip()
        if not name or not query:
            raise StateError("a saved search needs a name and a query")
        self._write("INSERT INTO saved (corpus, name, query, created) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (corpus, name) DO UPDATE SET query = excluded.query",
                    (self.corpus, name, query, time.time()))

    def remove_saved(self, name: str) -> None:
        if not self._write("DELETE FROM saved WHERE corpus = ? AND name = ?", (self.corpus, name)):
            raise StateError(f"no saved search named '{name}'")

    def seen(self, name: str, ids: list[str]) -> None:
        """Record that the saved search `name` was looked at, matching `ids`."""
        self._write("UPDATE saved SET last_seen = ?, seen_ids = ? WHERE corpus = ? AND name = ?",
                    (time.time(), json.dumps(sorted(set(ids))), self.corpus, name))

    # -- read, flag, note ---------------------------------------------------------------------

    def marks(self, articles: list[str] | None = None) -> dict[str, Mark]:
        rows = self._rows("SELECT article, read, flagged, note FROM marks WHERE corpus = ?", (self.corpus,))
        found = {a: Mark(a, bool(r), bool(f), n) for a, r, f, n in rows}
        return found if articles is None else {a: found[a] for a in articles if a in found}

    def mark(self, article: str, read: bool | None = None, flagged: bool | None = None,
             note: str | None = None) -> Mark:
        """Change what is given, keep the rest; return the article's marks after the change."""
        sets, values = ["updated = ?"], [time.time()]
        for column, value in (("read", read), ("flagged", flagged)):
            if value is not None:
                sets.append(f"{column} = ?")
                values.append(int(value))
        if note is not None:
            sets.append("note = ?")
            values.append(" ".join(note.split())[:500])
        self._write("INSERT INTO marks (corpus, article, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT (corpus, article) DO NOTHING", (self.corpus, article, time.time()))
        self._write(f"UPDATE marks SET {', '.join(sets)} WHERE corpus = ? AND article = ?",
                    (*values, self.corpus, article))
        return self.marks([article])[article]

    def move(self, pairs: list[tuple[str, str]]) -> int:
        """Carry the marks of articles whose file moved (old id -> new id, from the index's
        update report); an article already marked under its new id keeps its own. Returns how
        many moved. Nothing happens on a read-only state."""
        if not pairs or self.read_only or self._db is None:
            return 0
        rows = [(new, self.corpus, old) for old, new in pairs if old != new]
        if not rows:
            return 0
        # One transaction for a whole moved folder, not one a file.
        return self._write("UPDATE OR IGNORE marks SET article = ? WHERE corpus = ? AND article = ?", many=rows)

    def with_mark(self, which: str) -> set[str]:
        """Ids of the articles that are `read`, `flagged` or noted (`noted`)."""
        column = {"read": "read = 1", "flagged": "flagged = 1", "noted": "note != ''"}[which]
        return {a for (a,) in self._rows(f"SELECT article FROM marks WHERE corpus = ? AND {column}",
                                         (self.corpus,))}

    # -- history ------------------------------------------------------------------------------

    def remember(self, query: str) -> None:
        query = query.strip()
        if not query or self.read_only:
            return
        try:
            self._write("INSERT INTO history (corpus, query, at) VALUES (?, ?, ?)", (self.corpus, query, time.time()))
            self._write("DELETE FROM history WHERE corpus = ? AND rowid NOT IN (SELECT rowid FROM history "
                        "WHERE corpus = ? ORDER BY at DESC LIMIT ?)", (self.corpus, self.corpus, HISTORY_KEEP))
        except StateError:
            pass  # history is a convenience: never an error to the reader

    def history(self, limit: int = 100) -> list[str]:
        """Recent queries, oldest first, each once (its latest use)."""
        rows = self._rows("SELECT query, max(at) FROM history WHERE corpus = ? GROUP BY query "
                          "ORDER BY max(at) DESC LIMIT ?", (self.corpus, limit))
        return [q for q, _ in reversed(rows)]


_STATE_TERM = re.compile(r"(?<![\w:])is:(unread|read|flagged|noted)\b", re.IGNORECASE)


def split_state_terms(text: str) -> tuple[str, list[str]]:
    """`haftar is:unread published:[2020 TO]` -> ("haftar published:[2020 TO]", ["unread"]); the
    rest is "*" when only state terms were given."""
    terms = [m.lower() for m in _STATE_TERM.findall(text)]
    rest = " ".join(_STATE_TERM.sub(" ", text).split())
    return (rest or "*") if terms else text, terms


def restriction(state: State | None, terms: list[str]) -> tuple[set[str] | None, set[str]]:
    """(ids to keep, or None for any; ids to leave out) for the state terms of a query."""
    keep: set[str] | None = None
    drop: set[str] = set()
    for term in terms:
        if term == "unread":
            drop |= state.with_mark("read") if state else set()
        else:
            found = state.with_mark(term) if state else set()
            keep = found if keep is None else keep & found
    return keep, drop


def _ids(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []
