"""Title, source and publication date of an article when no front matter gives them.

Everything here prefers no answer to a wrong one: a publication date is taken only from a short
stamp or dateline line near the top or bottom of the text, and only when its day/month order is
certain.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from .cleaning import shortcode_labels
from .dates import day_month, numeric_order
from .datewords import MONTH_RE, WEEKDAY_RE, month_number
from .resources import data_lines, line_patterns

_HEADLINE_MAX_WORDS = 25
_STAMP_MAX_WORDS = 12
_TOP_LINES = 10
_BOTTOM_LINES = 4
_EARLIEST_YEAR = 1900

_NUMERIC_DATE = re.compile(r"\b(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_FIRST = re.compile(
    rf"\b(?P<month>{MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_RE})\.?,?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_STAMP_WORDS = re.compile(r"\b(published|posted|date|dated|released)\b", re.IGNORECASE)
_UPDATE_WORDS = re.compile(r"\b(updated|modified|edited)\b", re.IGNORECASE)
_WEEKDAY_ONLY = re.compile(rf"^{WEEKDAY_RE}\b", re.IGNORECASE)


def _valid(year: int, month: int, day: int, today: date | None = None) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if year < _EARLIEST_YEAR or value > (today or date.today()):
        return None
    return value


def parse_stamp_date(text: str, today: date | None = None, order: str | None = None) -> date | None:
    """Return the full date written in `text`, or None when there is none or its order is unsure.

    Handles ISO dates, month names in either order, and numeric dates: dotted ones are day-first
    (the convention wherever dots are used), slashed or dashed ones only when a part above 12
    decides the order or `order` ("DMY"/"MDY", the style other dates of the same text show) does.
    Future dates and years before 1900 are refused.
    """
    match = _ISO_DATE.search(text)
    if match:
        return _valid(int(match[1]), int(match[2]), int(match[3]), today)
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.search(text)
        if match:
            month = month_number(match["month"])
            if month:
                return _valid(int(match["year"]), month, int(match["day"]), today)
    match = _NUMERIC_DATE.search(text)
    if match:
        parts = day_month(int(match[1]), int(match[3]), match[2], order)
        if parts:
            return _valid(int(match[4]), parts[1], parts[0], today)
    return None


def parse_published(value: str, today: date | None = None) -> date | None:
    """Return the date in a metadata field (front matter, JSON, HTML meta), or None if unsure."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", value):
        return _valid(int(value[:4]), int(value[5:7]), int(value[8:10]), today)
    return parse_stamp_date(value, today)


def infer_published(paragraphs: list[str], today: date | None = None) -> date | None:
    """Return the publication date from stamp or dateline lines near the top or bottom.

    Day-first or month-first slashed dates are decided by the other slashed dates of the text.

    Lines naming a publication ("Published 19 February 2020") win over bare datelines;
    "Updated …" stamps are used only when nothing else is there.
    """
    zone = paragraphs[:_TOP_LINES] + paragraphs[-_BOTTOM_LINES:]
    order = numeric_order("\n".join(paragraphs))
    ranked: list[tuple[int, date]] = []
    for line in zone:
        if len(line.split()) > _STAMP_MAX_WORDS:
            continue
        found = parse_stamp_date(line, today, order)
        if not found:
            continue
        if _UPDATE_WORDS.search(line):
            rank = 2
        elif _STAMP_WORDS.search(line) or line.lower().startswith("by "):
            rank = 0
        else:
            rank = 1
        ranked.append((rank, found))
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


@cache
def _source_patterns() -> list[re.Pattern[str]]:
    return [re.compile(line, re.IGNORECASE) for line in data_lines("source_patterns.txt")]


def _tidy_source(name: str) -> str:
    name = " ".join(name.split()).strip(" .,-–—")
    if name.isupper() and len(name.replace(" ", "")) > 5:
        name = " ".join(w.capitalize() if w.isalpha() and len(w) > 3 else w for w in name.split())
    return name


def infer_source(raw: str, paragraphs: list[str]) -> str:
    """Return the source named by credits, bylines or labels in the text, or ""."""
    candidates = shortcode_labels(raw) + paragraphs
    for pattern in _source_patterns():
        for line in candidates:
            match = pattern.search(line)
            if match:
                return _tidy_source(match["source"])
    return ""


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= _HEADLINE_MAX_WORDS:
        return False
    if parse_stamp_date(line) and len(words) <= _STAMP_MAX_WORDS:
        return False
    if _WEEKDAY_ONLY.match(line) and len(words) <= 5:
        return False
    if line.startswith(("(", "©", "[", "“", '"')) or line.endswith((":", ".")):
        return False
    return any(ch.isupper() for ch in line[:3])


def infer_title(paragraphs: list[str]) -> str:
    """Return the headline: the first short headline-like line near the top, minus a site suffix.

    A lone paragraph is body, never a title."""
    if len(paragraphs) < 2:
        return ""
    for line in paragraphs[:_TOP_LINES]:
        if line_patterns("furniture_lines.txt", "NEWSREADER_FURNITURE").fullmatch(line):
            continue
        if _looks_like_headline(line):
            for sep in (" | ", " — "):
                if sep in line:
                    line = line.split(sep)[0].strip()
            return line
    return ""

