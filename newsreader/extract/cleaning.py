"""Cleaning scraped text into the body a reader sees.

The rules are data (see `newsreader/data/furniture_*.txt` and `shortcodes.txt`) and deliberately
conservative: a line is dropped only when it is furniture as a whole, a title copy at the top, or a
verbatim repeat of a paragraph already kept.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from .resources import data_lines, line_patterns
from .safety import neutralise

_SPACE_LIKE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\v\f]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_MIN_REPEAT_WORDS = 5
_TITLE_ZONE = 8
_HEADLINE_MAX_WORDS = 20
# A furniture line is short; a long paragraph is never matched against the patterns (a user's
# pattern could take time that grows with the line, and a line can be megabytes long).
FURNITURE_MAX_CHARS = 500


@cache
def _shortcode_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return (drop pattern, unwrap pattern) built from data/shortcodes.txt."""
    names: dict[str, list[str]] = {"drop": [], "unwrap": []}
    for line in data_lines("shortcodes.txt"):
        action, name = line.split(None, 1)
        names[action].append(re.escape(name).replace(r"\*", r"\w*"))
    drop = "|".join(names["drop"])
    unwrap = "|".join(names["unwrap"])
    # An opening tag's attributes may hold any quote style, even curly ones from a scraper.
    drop_re = re.compile(
        rf"\[(?P<name>{drop})(?:\s[^\]\n]{{0,300}})?\]"
        rf"(?:(?P<inner>[^\[\n]{{0,300}})\[/(?P=name)\])?",
        re.IGNORECASE,
    )
    unwrap_re = re.compile(rf"\[/?(?:{unwrap})(?:\s[^\]\n]{{0,300}})?\]", re.IGNORECASE)
    return drop_re, unwrap_re


def shortcode_labels(text: str) -> list[str]:
    """Return the texts enclosed by dropped shortcodes (labels often hold the source credit)."""
    drop_re, _ = _shortcode_rules()
    return [m.group("inner").strip() for m in drop_re.finditer(text) if m.group("inner")]


def strip_shortcodes(text: str) -> str:
    """Remove dropped shortcodes with their content and unwrap the others."""
    drop_re, unwrap_re = _shortcode_rules()
    return unwrap_re.sub("", drop_re.sub("", text))


def normalise_line(line: str) -> str:
    """Return `line` with space-like characters folded, invisible characters removed and control
    characters made visible (see `safety.neutralise`)."""
    line = neutralise(_SPACE_LIKE.sub(" ", line))
    return _RUNS_OF_SPACES.sub(" ", line).strip()


_WORD_RUNS = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def comparable(text: str) -> str:
    """Return a key for comparing two lines: case, quotes, punctuation and spacing ignored.

    Remembered for the last few thousand lines: cleaning asks for the first paragraphs' keys
    twice (title copies, then repeats), and the timeline for sentences holding several dates."""
    return " ".join(_WORD_RUNS.findall(unicodedata.normalize("NFKC", text).casefold()))


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when a block's lines look like one paragraph wrapped at a fixed width."""
    if len(lines) < 3:
        return False
    body = lines[:-1]
    wrapped = [ln for ln in body if 40 <= len(ln) <= 100 and not ln.endswith((".", "!", "?", ":", "\u201d", '"'))]
    return len(wrapped) >= 0.6 * len(body)


def paragraphs_of(text: str) -> list[str]:
    """Split text into paragraphs: blank-line blocks, each line its own paragraph unless wrapped."""
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [normalise_line(ln) for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def _drop_furniture(paragraphs: list[str]) -> list[str]:
    furniture = line_patterns("furniture_lines.txt", "NEWSREADER_FURNITURE")
    takes_next = line_patterns("furniture_next.txt")
    suffix = re.compile(rf"(?:{line_patterns('furniture_suffixes.txt').pattern})$", re.IGNORECASE)
    bullet = re.compile(r"^[•·▪►▸‣◦]\s+")
    kept: list[str] = []
    skip_headline = False
    for para in paragraphs:
        if skip_headline:
            skip_headline = False
            if len(para.split()) <= _HEADLINE_MAX_WORDS and not para.endswith((".", "!", "?")):
                continue
        short = len(para) <= FURNITURE_MAX_CHARS
        if short and takes_next.fullmatch(para):
            skip_headline = True
            continue
        if short and furniture.fullmatch(para):
            continue
        para = bullet.sub("", suffix.sub("", para)).strip()
        if para:
            kept.append(para)
    return kept


def _is_title_copy(para: str, title_key: str) -> bool:
    key = comparable(para)
    if not title_key or not key:
        return False
    if key == title_key:
        return True
    # "Headline | Site name" or "Headline - Site name"
    for sep in (" | ", " - ", " – ", " — "):
        head = para.split(sep)[0]
        if sep in para and comparable(head) == title_key:
            return True
    return False


def _drop_title_copies(paragraphs: list[str], title: str) -> list[str]:
    title_key = comparable(title)
    kept = []
    for i, para in enumerate(paragraphs):
        if i < _TITLE_ZONE and _is_title_copy(para, title_key):
            continue
        kept.append(para)
    return kept


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for para in paragraphs:
        key = comparable(para)
        if len(key.split()) >= _MIN_REPEAT_WORDS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(para)
    return kept


def raw_paragraphs(raw: str) -> list[str]:
    """Return the paragraphs of scraped text with shortcodes handled, furniture still in."""
    return paragraphs_of(strip_shortcodes(raw))


def clean_paragraphs(paragraphs: list[str], title: str = "") -> str:
    """Return the cleaned body from `raw_paragraphs(...)`: paragraphs joined by blank lines.

    Drops page furniture, copies of `title` near the top and verbatim repeats of paragraphs of
    five words or more. Never raises.
    """
    paragraphs = _drop_furniture(paragraphs)
    if title:
        paragraphs = _drop_title_copies(paragraphs, title)
    return "\n\n".join(_drop_repeats(paragraphs))


def clean_body(raw: str, title: str = "") -> str:
    """Return the cleaned body of scraped text `raw` (see `clean_paragraphs`)."""
    return clean_paragraphs(raw_paragraphs(raw), title)
