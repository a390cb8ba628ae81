"""Finding, reading and parsing the article files of a corpus folder.

`scan` walks a folder; `parse_file` turns one file's bytes into articles. Neither raises on bad
content: problems come back as `Problem`s (one line each), and the rest of the corpus loads.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cleaning import clean_paragraphs, raw_paragraphs
from .frontmatter import split_front_matter
from .htmltext import extract_html
from .metadata import infer_published, infer_source, infer_title, parse_published
from .models import Article, Problem
from .safety import neutralise, safe_name
from .textio import UndecodableFile, decode_bytes

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
MAX_ARTICLE_BYTES = 10 * 1024 * 1024
MAX_COLLECTION_BYTES = 512 * 1024 * 1024
_MAX_META_CHARS = 2000  # a title, source or URL longer than this is junk; kept short, not refused
_KNOWN_KEYS = {"title", "source", "url", "published", "body", "text", "content", "date", "link"}


@dataclass(frozen=True)
class CorpusFile:
    """A candidate article file found by `scan`."""

    rel: str
    path: str | Path
    size: int
    mtime_ns: int


@dataclass
class Scan:
    """What `scan` found under a corpus folder."""

    files: list[CorpusFile] = field(default_factory=list)
    hidden: int = 0
    unsupported: int = 0
    problems: list[Problem] = field(default_factory=list)
    """Entries that could not be read now; what the index holds of them stays."""
    excluded: list[Problem] = field(default_factory=list)
    """Entries never read (not regular files, links out of the corpus); counted as gone."""


@dataclass
class FileLoad:
    """The articles parsed from one file, the records skipped and the caveats."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def article_id(key: str) -> str:
    """Return the short stable id of the article with unique `key`."""
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def content_hash(data: bytes) -> str:
    """Return the content hash used to detect changed files."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def scan(root: Path, follow_links: bool = False) -> Scan:
    """Walk `root` recursively and return the supported files, sorted by relative path.

    Hidden files and folders are skipped and counted, so are unknown extensions; unreadable
    folders, broken symlinks and symlink loops become problems. Only regular files are taken: a
    FIFO or a device would hang the reader. Symbolic links are followed while they stay inside
    `root`; one pointing outside is skipped with a problem unless `follow_links`. Names that
    are not UTF-8 or hold control characters are stored as `safe_name` writes them.

    Walks with `os.scandir` and plain strings: `os.walk` with a `Path` and a relative path made
    for every file took most of a re-index that found nothing to do (profiled).
    """
    result = Scan()
    root = Path(root)
    try:
        top = root.stat()
    except OSError as err:
        result.problems.append(Problem(safe_name(str(root)), f"cannot read corpus folder ({err.strerror or err})"))
        return result
    inside = os.path.join(os.path.realpath(root), "")
    seen_dirs = {(top.st_dev, top.st_ino)}
    folders = [(str(root), "")]  # (folder, its path relative to root with a trailing "/")
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as err:
            result.problems.append(Problem(prefix.rstrip("/") or ".", f"cannot read folder ({err.strerror or err})"))
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            rel = prefix + safe_name(name)
            if name.startswith("."):
                result.hidden += 1
                continue
            is_dir = _is_dir(entry)
            if not is_dir and os.path.splitext(name)[1].lower() not in FORMATS:
                result.unsupported += 1
                continue
            if not follow_links and entry.is_symlink() and not os.path.realpath(entry.path).startswith(inside):
                result.excluded.append(Problem(rel, "symbolic link to outside the corpus (--follow-links reads it)"))
                continue
            try:
                st = entry.stat()
            except OSError as err:
                reason = "broken symlink" if entry.is_symlink() else f"cannot read ({err.strerror})"
                result.problems.append(Problem(rel, reason))
                continue
            if is_dir:
                if (st.st_dev, st.st_ino) not in seen_dirs:  # else a symlink loop or a second link
                    seen_dirs.add((st.st_dev, st.st_ino))
                    subfolders.append((entry.path, rel + "/"))
            elif not stat.S_ISREG(st.st_mode):
                result.excluded.append(Problem(rel, f"not a regular file ({_kind(st.st_mode)})"))
            else:
                result.files.append(CorpusFile(rel, entry.path, st.st_size, st.st_mtime_ns))
        folders.extend(reversed(subfolders))  # walked in name order, each before the next
    result.files.sort(key=lambda f: f.rel)
    return result


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks, as the walk does
    except OSError:
        return False


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a file"


def read_file(file: CorpusFile) -> bytes:
    """Return the bytes of `file`; raises OSError, or UndecodableFile (too large, not a regular
    file) with a reason.

    Opened without blocking and checked on the open descriptor: a FIFO put where a file was
    (or found by `load_file`) would otherwise wait for a writer for ever.
    """
    kind = FORMATS.get(Path(file.rel).suffix.lower(), "text")
    limit = MAX_COLLECTION_BYTES if kind in ("json", "jsonl") else MAX_ARTICLE_BYTES
    fd = os.open(file.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with open(fd, "rb", closefd=True) as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UndecodableFile(f"not a regular file ({_kind(st.st_mode)})")
        if st.st_size > limit:
            raise UndecodableFile(_too_large(st.st_size, limit))
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while read
        raise UndecodableFile(_too_large(len(data), limit))
    return data


def _utf8_size(text: str) -> int:
    """The size of `text` in UTF-8, counted only when it could be near the article limit."""
    return len(text.encode("utf-8", "surrogatepass")) if len(text) > MAX_ARTICLE_BYTES // 4 else len(text)


def _too_large(size: int, limit: int, what: str = "file") -> str:
    return f"{what} too large ({size / 1e6:.0f} MB; the limit is {limit / 1e6:.0f} MB)"


def _first(fields: dict, *keys: str) -> str:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return ""


def build_article(key: str, rel: str, fields: dict, raw: str, today: date | None = None) -> Article:
    """Return the cleaned article for one record: `fields` from front matter/JSON/HTML meta and
    `raw` scraped text; missing title, source and date are inferred from the text."""
    paragraphs = raw_paragraphs(raw)
    title = _first(fields, "title") or infer_title(paragraphs)
    published = None
    stamp = _first(fields, "published", "date", "pubdate", "published_at")
    if stamp:
        published = parse_published(stamp, today)
    if published is None:
        published = infer_published(paragraphs, today)
    extra = {neutralise(str(k)): neutralise(str(v)) for k, v in fields.items()
             if k not in _KNOWN_KEYS and isinstance(v, (str, int, float, bool))}
    return Article(
        id=article_id(key),
        key=key,
        path=rel,
        title=neutralise(" ".join(title[:_MAX_META_CHARS].split())),
        source=neutralise((_first(fields, "source", "site", "publisher") or infer_source(raw, paragraphs))[:_MAX_META_CHARS]),
        url=neutralise(_first(fields, "url", "link")[:_MAX_META_CHARS]),
        published=published,
        body=clean_paragraphs(paragraphs, title),
        extra=extra,
    )


def _records_from_json(rel: str, text: str, kind: str) -> tuple[list[tuple[str, dict]], list[Problem]]:
    records: list[tuple[str, dict]] = []
    problems: list[Problem] = []
    if kind == "json":
        try:
            data = json.loads(text)
        except ValueError as err:
            return [], [Problem(rel, f"invalid JSON ({err})")]
        except RecursionError:
            return [], [Problem(rel, "invalid JSON (nested too deeply)")]
        items = data if isinstance(data, list) else [data]
        for n, item in enumerate(items):
            key = rel if not isinstance(data, list) else f"{rel}#{n + 1}"
            if isinstance(item, dict):
                records.append((key, item))
            else:
                problems.append(Problem(key, "JSON record is not an object"))
        return records, problems
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        key = f"{rel}#{n}"
        size = _utf8_size(line)
        if size > MAX_ARTICLE_BYTES:  # a record is an article: the same limit, before parsing
            problems.append(Problem(key, _too_large(size, MAX_ARTICLE_BYTES, "JSON line")))
            continue
        try:
            item = json.loads(line)
        except ValueError as err:
            problems.append(Problem(key, f"invalid JSON line ({err})"))
            continue
        except RecursionError:
            problems.append(Problem(key, "invalid JSON line (nested too deeply)"))
            continue
        if isinstance(item, dict):
            records.append((key, item))
        else:
            problems.append(Problem(key, "JSON line is not an object"))
    return records, problems


def _keep(load: FileLoad, article: Article) -> None:
    if article.body.strip():
        load.articles.append(article)
    else:
        load.problems.append(Problem(article.key, "no article text after cleaning"))


def parse_file(rel: str, data: bytes, today: date | None = None) -> FileLoad:
    """Return the articles in one file's bytes, with the records skipped and why."""
    load = FileLoad()
    kind = FORMATS.get(Path(rel).suffix.lower(), "text")
    try:
        text = decode_bytes(data)
    except UndecodableFile as err:
        load.problems.append(Problem(rel, str(err)))
        return load
    if kind in ("json", "jsonl"):
        records, load.problems = _records_from_json(rel, text, kind)
        for key, item in records:
            raw = _first(item, "body", "text", "content")
            if not raw:
                load.problems.append(Problem(key, "no 'body' or 'text' in record"))
                continue
            size = _utf8_size(raw)
            if size > MAX_ARTICLE_BYTES:
                load.problems.append(Problem(key, _too_large(size, MAX_ARTICLE_BYTES, "record")))
                continue
            if raw.lstrip().startswith("<"):
                _, raw = extract_html(raw)
            _keep(load, build_article(key, rel, item, raw, today))
    else:
        if kind == "html":
            fields, raw = extract_html(text)
        else:
            fields, raw, warning = split_front_matter(text)
            if warning:
                load.warnings.append(Problem(rel, warning))
        _keep(load, build_article(rel, rel, fields, raw, today))
    return load


def load_file(path: Path, rel: str | None = None) -> FileLoad:
    """Read and parse one file from disk; never raises for bad files. A file whose extension
    is not a known one is read as text."""
    path = Path(path)
    rel = safe_name(rel or path.name)
    try:
        data = read_file(CorpusFile(rel, path, 0, 0))
    except (OSError, UndecodableFile) as err:
        reason = getattr(err, "strerror", None) or str(err)
        return FileLoad(problems=[Problem(rel, f"cannot read ({reason})" if isinstance(err, OSError) else reason)])
    return parse_file(rel, data)
