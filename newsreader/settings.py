"""Every `NEWSREADER_*` environment setting, read in this one place (a test checks that no other
module reads one, and that the README's table lists each)."""

from __future__ import annotations

import os

SETTINGS = {
    "NEWSREADER_CORPUS": "the corpus folder (else ./corpus when it exists, else the bundled seed articles)",
    "NEWSREADER_INDEX": "the index folder (else one per corpus in the user data folder)",
    "NEWSREADER_STATE": "the state database: saved searches, marks, history (else state.sqlite3 beside the indexes)",
    "NEWSREADER_FOLLOW_LINKS": "1: read symbolic links that point outside the corpus (as --follow-links)",
    "NEWSREADER_THEME": "the app's theme (as --theme), e.g. ansi-dark",
    "NEWSREADER_KEYMAP": "the keymap file (else keymap.toml in the user config folder)",
    "NEWSREADER_FURNITURE": "a file of extra page-furniture line patterns, one regular expression a line",
    "NEWSREADER_ALIASES": "a file of extra names, in gazetteer.tsv's format (LABEL, canonical, aliases)",
    "NEWSREADER_DEBUG": "1: let an unexpected error print its traceback instead of one line",
}


def setting(name: str) -> str | None:
    """The value of setting `name` (one of SETTINGS), or None when it is unset or empty."""
    if name not in SETTINGS:
        raise KeyError(f"unknown setting {name}")
    return os.environ.get(name) or None
