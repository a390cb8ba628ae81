"""`newsreader bench`: a synthetic corpus, every hot path timed, SQLite FTS5 side by side."""
