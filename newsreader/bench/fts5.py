"""The same corpus and query mix on SQLite FTS5 (standard library), for ratios in the same run."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ..core import corpus as corpus_mod


class Fts5Corpus:
    """An FTS5 table of title and body with the publication date beside it."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(str(path))
        self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(title, body, published UNINDEXED)")

    def build(self, root: Path) -> float:
        """Load and insert every article under `root`; return the seconds it took."""
        started = time.perf_counter()
        rows = []
        for file in corpus_mod.scan(root).files:
            for article in corpus_mod.parse_file(file.rel, corpus_mod.read_file(file)).articles:
                rows.append((article.title, article.body,
                             article.published.isoformat() if article.published else None))
        with self.db:
            self.db.executemany("INSERT INTO docs(title, body, published) VALUES (?, ?, ?)", rows)
        return time.perf_counter() - started

    def search(self, match: str | None, date_range: tuple[str, str] | None = None, limit: int = 20) -> list:
        """Top `limit` rows by rank with a highlighted snippet of the body."""
        if match is None:  # a date range alone
            sql = ("SELECT rowid, title, substr(body, 1, 180) FROM docs WHERE published BETWEEN ? AND ? "
                   "ORDER BY published DESC LIMIT ?")
            return self.db.execute(sql, (*date_range, limit)).fetchall()
        sql = ("SELECT rowid, title, snippet(docs, 1, '[[', ']]', '…', 24) FROM docs WHERE docs MATCH ? "
               "ORDER BY rank LIMIT ?")
        return self.db.execute(sql, (match, limit)).fetchall()

    def close(self) -> None:
        self.db.close()
