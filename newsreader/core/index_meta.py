"""What marks a folder as a newsreader index: its meta file and schema version.

Kept apart from `index` (the writing side, which brings in corpus loading and extraction) so
that reading an index, and the app's first screen, do not import the writing side.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .schema import SCHEMA_VERSION

META_FILE = "newsreader.json"


class IndexError_(RuntimeError):
    """The index cannot be used; the message is one line for the user."""


def read_json(path: Path) -> dict:
    """The JSON object in `path`, or {} when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json_atomic(path: Path, data: dict) -> None:
    """Write `data` to `path` through a temporary file, so a reader never sees half of it."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def storage(index_dir: Path) -> FileStorage:
    """The index folder as Whoosh storage, read with plain file reads, not memory maps.

    Whoosh reads a memory-mapped segment's words and postings into a copy of their own (a
    `BytesIO` of the map) on every reader it opens: at 100,000 articles, 666 MB and 0.3-0.8 s
    a reader, so a re-index that changed nothing peaked at 2 GB (164 MB now). Plain reads copy
    nothing, and searching is no slower (measured).
    """
    return FileStorage(str(index_dir), supports_mmap=False)


def index_exists(index_dir: Path) -> bool:
    """True when `index_dir` holds a newsreader index of the current schema."""
    meta = read_json(Path(index_dir) / META_FILE)
    return meta.get("schema_version") == SCHEMA_VERSION and whoosh_index.exists_in(str(index_dir))
