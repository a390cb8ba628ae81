"""Coverage at a glance: how many matching articles fall in each day, week or run of weeks of a
search's date range, for a one-line chart above the results.

The bins are days when the range is short enough to show one column a day, else weeks (from
Monday), else runs of whole weeks, so that a chart of `width` columns shows every bin. Each bin
has its first and last day, so that it can narrow a search (`published:[START TO END]`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..extract.timeline import human_date


@dataclass(frozen=True)
class Bin:
    start: date
    end: date  # the last day, inclusive
    count: int

    def label(self) -> str:
        """The bin as a reader says it: "6 Apr 2019", "week of 8 Apr 2019", "1–14 Apr 2019", "8 Apr – 5 May 2019"."""
        days = (self.end - self.start).days + 1
        if days == 1:
            return human_date(self.start.isoformat())
        if days == 7 and self.start.weekday() == 0:
            return "week of " + human_date(self.start.isoformat())
        first, last = human_date(self.start.isoformat()), human_date(self.end.isoformat())
        if self.start.year == self.end.year:
            same_month = self.start.month == self.end.month
            first = first.rsplit(" ", 2)[0] if same_month else first.rsplit(" ", 1)[0]
        return f"{first}–{last}" if " " not in first else f"{first} – {last}"

    def query(self) -> str:
        """The query term that keeps this bin's articles."""
        return f"published:[{self.start.isoformat()} TO {self.end.isoformat()}]"


@dataclass(frozen=True)
class Coverage:
    bins: list[Bin]
    undated: int  # matching articles without a date (not in any bin)
    first: date | None = None  # the first and last matching article's dates
    last: date | None = None

    @property
    def dated(self) -> int:
        return sum(b.count for b in self.bins)


def coverage(dates: list[date | None], width: int) -> Coverage:
    """The bins of `dates` (one per matching article; None for an undated one) for a chart of at
    most `width` columns, from the first dated article to the last."""
    counts: dict[date, int] = {}
    for d in dates:
        if d is not None:
            counts[d] = counts.get(d, 0) + 1
    return coverage_of_counts(counts, len(dates) - sum(counts.values()), width)


def coverage_of_counts(per_day: dict[date, int], undated: int, width: int) -> Coverage:
    """As `coverage`, from the number of matching articles of each day."""
    known = sorted(d for d, n in per_day.items() if n)
    if not known or width < 1:
        return Coverage([], undated)
    first, last = known[0], known[-1]
    if (last - first).days + 1 <= width:
        start, step = first, 1
    else:
        start = first - timedelta(days=first.weekday())  # the Monday of the first week
        weeks = (last - start).days // 7 + 1
        step = 7 * -(-weeks // width)  # whole weeks a column, rounded up
    count = (last - start).days // step + 1
    counts = [0] * count
    for d in known:
        counts[(d - start).days // step] += per_day[d]
    bins = [Bin(start + timedelta(days=i * step), start + timedelta(days=(i + 1) * step - 1), n)
            for i, n in enumerate(counts)]
    return Coverage(bins, undated, first, last)


_BARS = " ▁▂▃▄▅▆▇█"


def bars(counts: list[int]) -> str:
    """One character a bin, the tallest for the largest count; an empty bin is a space only when
    no article at all falls in it (a bin with one article among thousands still shows "▁")."""
    top = max(counts, default=0)
    if top == 0:
        return " " * len(counts)
    return "".join(_BARS[0] if n == 0 else _BARS[max(1, round(n / top * 8))] for n in counts)
