"""Month and weekday names shared by the date parsers."""

from __future__ import annotations

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"],
    start=1,
):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number

WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
):
    WEEKDAYS[_name] = _number
    WEEKDAYS[_name[:3]] = _number

MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAY_RE = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?"


def month_number(word: str) -> int | None:
    """Return 1-12 for a month name or abbreviation (with or without a dot), else None."""
    return MONTHS.get(word.lower().rstrip(".")[:3])
