"""Finding, reading and parsing the article files of a corpus folder.

`scan` walks a folder; `parse_file` turns one file's bytes into articles. Neither raises on bad
content: problems come back as `Problem`s (one line each), and the rest of the corpus loads.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cleaning import clean_paragraphs, raw_paragraphs
from .frontmatter import split_front_matter
from .htmltext import extract_html
from .metadata import infer_published, infer_source, infer_title, parse_published
from .models import Article, Problem
from .safety import neutralise
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


def scan(root: Path) -> Scan:
    """Walk `root` recursively and return the supported files, sorted by relative path.

    Hidden files and folders are skipped and counted, so are unknown extensions; unreadable
    folders, broken symlinks and symlink loops become problems. Walks with `os.scandir` and
    plain strings: `os.walk` with a `Path` and a relative path made for every file took most
    of a re-index that found nothing to do (5.2 of 8.4 s at 100,000 files, profiled).
    """
    result = Scan()
    root = Path(root)
    try:
        top = root.stat()
    except OSError as err:
        result.problems.append(Problem(str(root), f"cannot read corpus folder ({err.strerror or err})"))
        return result
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
            if name.startswith("."):
                result.hidden += 1
            elif _is_dir(entry):
                try:
                    st = entry.stat()
                except OSError:
                    result.problems.append(Problem(prefix + name, "broken symlink or unreadable folder"))
                    continue
                if (st.st_dev, st.st_ino) not in seen_dirs:  # else a symlink loop or a second link
                    seen_dirs.add((st.st_dev, st.st_ino))
                    subfolders.append((entry.path, prefix + name + "/"))
            elif os.path.splitext(name)[1].lower() not in FORMATS:
                result.unsupported += 1
            else:
                try:
                    st = entry.stat()
                except OSError as err:
                    reason = "broken symlink" if entry.is_symlink() else f"cannot read ({err.strerror})"
                    result.problems.append(Problem(prefix + name, reason))
                    continue
                result.files.append(CorpusFile(prefix + name, entry.path, st.st_size, st.st_mtime_ns))
        folders.extend(reversed(subfolders))  # walked in name order, each before the next
    result.files.sort(key=lambda f: f.rel)
    return result


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks, as the walk does
    except OSError:
        return False


def read_file(file: CorpusFile) -> bytes:
    """Return the bytes of `file`; raises OSError or UndecodableFile (too large) with a reason."""
    kind = FORMATS[Path(file.rel).suffix.lower()]
    limit = MAX_COLLECTION_BYTES if kind in ("json", "jsonl") else MAX_ARTICLE_BYTES
    if file.size > limit:
        raise UndecodableFile(f"file too large ({file.size / 1e6:.0f} MB; the limit is {limit / 1e6:.0f} MB)")
    with open(file.path, "rb") as handle:
        return handle.read(limit + 1)


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
    extra = {k: str(v) for k, v in fields.items()
             if k not in _KNOWN_KEYS and isinstance(v, (str, int, float, bool))}
    return Article(
        id=article_id(key),
        key=key,
        path=rel,
        title=neutralise(" ".join(title.split())),
        source=neutralise(_first(fields, "source", "site", "publisher") or infer_source(raw, paragraphs)),
        url=neutralise(_first(fields, "url", "link")),
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
        try:
            item = json.loads(line)
        except ValueError as err:
            problems.append(Problem(key, f"invalid JSON line ({err})"))
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
    """Read and parse one file from disk; never raises for bad files."""
    path = Path(path)
    rel = rel or path.name
    try:
        st = path.stat()
        data = read_file(CorpusFile(rel, path, st.st_size, st.st_mtime_ns))
    except (OSError, UndecodableFile) as err:
        reason = getattr(err, "strerror", None) or str(err)
        return FileLoad(problems=[Problem(rel, f"cannot read ({reason})" if isinstance(err, OSError) else reason)])
    return parse_file(rel, data)
