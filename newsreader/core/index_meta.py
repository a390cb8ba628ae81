"""What marks a folder as a newsreader index: its meta file, schema version and current index.

An index folder can hold more than one Whoosh index, each under its own name (Whoosh prefixes
every file with it). The meta file names the current one, so that a rebuild is written beside
the index users are reading and takes its place in one atomic rename of the meta file: a rebuild
that is killed, or fills the disk, leaves the previous index whole.

Kept apart from `index` (the writing side, which brings in corpus loading and extraction) so
that reading an index, and the app's first screen, do not import the writing side.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from itertools import islice
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from . import whoosh_patches
from .schema import SCHEMA_VERSION

META_FILE = "newsreader.json"
FIRST_NAME = "MAIN"  # the name of an index's first build (and of every index before names)
_NAME = re.compile(r"^(?:MAIN|R[0-9a-z]+)$")
_FILE_OF_NAME = re.compile(r"^_?(MAIN|R[0-9a-z]+)(?:_|\.tmp$)")


class IndexError_(RuntimeError):
    """The index cannot be used; the message is one line for the user."""


class IndexDamaged(IndexError_):
    """The index's files are damaged; `newsreader index` sets them aside and builds anew."""


class IndexMissing(IndexError_):
    """There is no index (any more) where one was expected."""


def read_json(path: Path) -> dict:
    """The JSON object in `path`, or {} when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json_atomic(path: Path, data: dict) -> None:
    """Write `data` to `path` through a temporary file, so a reader never sees half of it; the
    temporary file does not outlive a failed write (a full disk)."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(data))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def storage(index_dir: Path) -> FileStorage:
    """The index folder as Whoosh storage, read with plain file reads, not memory maps.

    Whoosh reads a memory-mapped segment's words and postings into a copy of their own (a
    `BytesIO` of the map) on every reader it opens, which made a re-index that changed nothing
    peak at several times the memory (see BENCHMARKS.md). Plain reads copy nothing, and
    searching is no slower (measured). The engine's fixes are put in place first: every index
    on disk is read and written through here.
    """
    whoosh_patches.apply()
    return FileStorage(str(index_dir), supports_mmap=False)


def index_name(index_dir: Path) -> str:
    """The name of the current Whoosh index in `index_dir` (FIRST_NAME when none is named)."""
    name = read_json(Path(index_dir) / META_FILE).get("index_name", FIRST_NAME)
    return name if isinstance(name, str) and _NAME.match(name) else FIRST_NAME


def new_index_name() -> str:
    """A name for an index built beside the current one."""
    return "R" + _base36(time.time_ns())


def _base36(number: int) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits or "0"


def index_exists(index_dir: Path) -> bool:
    """True when `index_dir` holds a newsreader index of the current schema."""
    meta = read_json(Path(index_dir) / META_FILE)
    if meta.get("schema_version") != SCHEMA_VERSION:
        return False
    try:
        return whoosh_index.exists_in(str(index_dir), indexname=index_name(index_dir))
    except Exception:  # a table of contents that does not read: there, but damaged (see `damage`)
        return True


def open_index(index_dir: Path) -> whoosh_index.Index:
    """Open the current index of `index_dir` (raises what Whoosh raises)."""
    return storage(index_dir).open_index(indexname=index_name(index_dir))


def damage(index_dir: Path) -> str | None:
    """Why the current index of `index_dir` cannot be read, or None when it reads.

    Reads what every search reads of each segment: its table of contents, stored fields of its
    first and last documents, its word list and columns. Bytes damaged deep inside a posting
    list are found when a search reads them (see `library`).
    """
    try:
        ix = open_index(index_dir)
        with ix.reader() as reader:
            for segment, _ in reader.leaf_readers():
                count = segment.doc_count_all()
                if count:
                    segment.stored_fields(0)
                    segment.stored_fields(count - 1)
                for fieldname in ("body", "path"):
                    list(islice(segment.lexicon(fieldname), 1))
                for column in ("path", "hash", "timeline"):
                    if segment.has_column(column) and count:
                        reader_ = segment.column_reader(column)
                        reader_[0], reader_[count - 1]
    except Exception as err:  # what Whoosh raises on damaged bytes is any of a dozen types
        return f"{type(err).__name__}: {err}".splitlines()[0][:200]
    return None


def files_of(index_dir: Path, name: str) -> list[str]:
    """The entries of `index_dir` that belong to the Whoosh index called `name`."""
    try:
        entries = os.listdir(index_dir)
    except OSError:
        return []
    return [entry for entry in entries if (m := _FILE_OF_NAME.match(entry)) and m.group(1) == name]


def other_names(index_dir: Path, current: str) -> set[str]:
    """Names of the other Whoosh indexes in `index_dir`: rebuilds that never finished."""
    try:
        entries = os.listdir(index_dir)
    except OSError:
        return set()
    return {m.group(1) for entry in entries if (m := _FILE_OF_NAME.match(entry))} - {current}


def remove_index_files(index_dir: Path, name: str) -> None:
    """Delete every file of the Whoosh index `name` (what can be deleted)."""
    for entry in files_of(index_dir, name):
        path = Path(index_dir) / entry
        try:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        except OSError:
            pass


def set_aside(index_dir: Path, name: str) -> Path:
    """Move the files of the index `name` into a `damaged-…` folder of `index_dir`; return it."""
    target = Path(index_dir) / time.strftime("damaged-%Y%m%d-%H%M%S")
    while target.exists():
        target = target.with_name(target.name + "x")
    target.mkdir()
    for entry in files_of(index_dir, name):
        if not entry.endswith("_WRITELOCK"):
            os.replace(Path(index_dir) / entry, target / entry)
    return target


def damaged_message(index_dir: Path, reason: str) -> str:
    return (f"the index at {index_dir} is damaged ({reason}); "
            "run 'newsreader index' to set it aside and build it anew")
