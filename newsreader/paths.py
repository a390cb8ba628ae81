"""Where the corpus and the index live: command-line options, environment, defaults.

Tests patch `user_data_dir` (or set NEWSREADER_INDEX) to keep indexes out of the home folder.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import platformdirs

from .settings import setting

APP_NAME = "newsreader"


def bundled_corpus() -> Path:
    """Return the seed corpus shipped with the package (or the checkout's corpus/ folder)."""
    here = Path(__file__).resolve().parent
    installed = here / "_corpus"
    return installed if installed.is_dir() else here.parent / "corpus"


def resolve_corpus(option: str | None = None) -> Path:
    """Return the corpus folder: `option`, else $NEWSREADER_CORPUS, else ./corpus, else bundled."""
    if option:
        return Path(option).expanduser().resolve()
    if setting("NEWSREADER_CORPUS"):
        return Path(setting("NEWSREADER_CORPUS")).expanduser().resolve()
    local = Path.cwd() / "corpus"
    if local.is_dir():
        return local.resolve()
    return bundled_corpus()


def user_data_dir() -> Path:
    """Return the per-user data folder of newsreader."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_index(corpus: Path, option: str | None = None) -> Path:
    """Return the index folder: `option`, else $NEWSREADER_INDEX, else one per corpus path under
    the user data folder."""
    if option:
        return Path(option).expanduser().resolve()
    if setting("NEWSREADER_INDEX"):
        return Path(setting("NEWSREADER_INDEX")).expanduser().resolve()
    resolved = str(Path(corpus).resolve())
    digest = hashlib.sha1(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]+", "_", Path(resolved).name)[:40] or "corpus"
    return user_data_dir() / "indexes" / f"{name}-{digest}"


def state_file() -> Path:
    """The reader's state database (saved searches, marks, history): $NEWSREADER_STATE, else
    `state.sqlite3` in the user data folder, beside the indexes."""
    if setting("NEWSREADER_STATE"):
        return Path(setting("NEWSREADER_STATE")).expanduser()
    return user_data_dir() / "state.sqlite3"
