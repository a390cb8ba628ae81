"""The line above the results: matching articles per day or week of the search's date range, with
its first and last dates at the ends, and the bin that narrows the results marked.

Textual's `Sparkline` draws the same bars but has no cursor, so the bin being looked at could not be
shown; this draws the bars itself (one character a bin) and marks the chosen one in reverse video,
which also shows without colour.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..core.coverage import Coverage, bars

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _short(day) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def end_labels(coverage: Coverage) -> tuple[str, str]:
    """The chart's end labels ("Apr 2019", "Apr 2020"): a month and year each, so that the bars
    keep most of the line."""
    if coverage.first is None or coverage.last is None:
        return "", ""
    return _short(coverage.first), _short(coverage.last)


class CoverageLine(Static):
    """One line: "Apr 2019 ▁█ ▄   ▄ Apr 2020"; blank when the search has no dated article (the
    line stays, so that the list below never moves: a moved list is repainted whole)."""

    DEFAULT_CSS = """
    CoverageLine {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    LABELS = 2 * len("Sep 2019 ")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.coverage: Coverage | None = None
        self.selected: int | None = None

    def bins_for_width(self) -> int:
        """How many bins fit between the end labels at the widget's width."""
        return max(4, self.size.width - 2 - self.LABELS)

    def show(self, coverage: Coverage | None, selected: int | None = None) -> None:
        self.coverage, self.selected = coverage, selected
        self.update(self.chart(), layout=False)  # always one row: no layout pass (it repaints the list's scrollbar)

    def chart(self) -> Text:
        coverage = self.coverage
        if not coverage or not coverage.bins:
            return Text("")
        left, right = end_labels(coverage)
        line = Text(no_wrap=True, overflow="crop")
        line.append(left + " ", style="dim")
        chart = bars([b.count for b in coverage.bins])
        for i, char in enumerate(chart):
            line.append(char, style="reverse bold" if i == self.selected else "")
        line.append(" " + right, style="dim")
        return line
