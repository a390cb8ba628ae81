"""Pieces the panes share: a keyboard-driven option list, escape to go back, the search box.

Article text is always data: it reaches the screen as Rich `Text` objects built from neutralised
strings, never as markup.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from .keys import LIST_BINDINGS, SEARCH_BINDINGS


class BackRequested(Message):
    """A widget asked to go back one step (escape)."""


class NavList(OptionList):
    """An option list with vim keys and escape to go back."""

    BINDINGS = LIST_BINDINGS

    def action_half_page_down(self) -> None:
        for _ in range(max(1, self.size.height // 4)):
            self.action_cursor_down()

    def action_half_page_up(self) -> None:
        for _ in range(max(1, self.size.height // 4)):
            self.action_cursor_up()

    def action_back(self) -> None:
        self.post_message(BackRequested())

    def fill(self, options: list[Option | None]) -> None:
        """Replace the options and highlight the first that can be chosen, so that Enter works
        at once."""
        self.clear_options()
        self.add_options(options)
        first = next((i for i in range(self.option_count) if not self.get_option_at_index(i).disabled), None)
        if first is not None:
            self.highlighted = first


class SearchBox(Input):
    """The query input, with the recent queries on up and down."""

    BINDINGS = SEARCH_BINDINGS
    # The box is three rows whatever its text, and Input sets its virtual size on every key: with
    # Widget's `layout=True` that is a layout pass a key, which repaints the result list's
    # scrollbar, sent over SSH for nothing. Its horizontal scrolling reads the size, not the layout.
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # A blinking cursor redraws twice a second: about 1.2 KB/s over SSH while the reader
        # only looks. A steady one costs nothing while idle.
        self.cursor_blink = False
        self.history: list[str] = []
        self._history_pos = 0

    def remember(self, query: str) -> None:
        """Add `query` to the recent queries (most recent last, no repeats)."""
        query = query.strip()
        if query:
            if query in self.history:
                self.history.remove(query)
            self.history.append(query)
            self.history = self.history[-50:]
        self._history_pos = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._history_pos = max(0, min(len(self.history), self._history_pos + step))
        self.value = self.history[self._history_pos] if self._history_pos < len(self.history) else ""
        self.cursor_position = len(self.value)

    def action_back(self) -> None:
        self.post_message(BackRequested())


def window(text: str, at: int, width: int) -> tuple[str, int, int]:
    """At most `width` characters of `text` around offset `at` (a third of them before it), with
    "…" where it was cut; and the offset in `text` it starts at, and 1 when a "…" leads it."""
    if len(text) <= width:
        return text, 0, 0
    begin = max(0, min(at - width // 3, len(text) - width))
    shown = ("…" if begin else "") + text[begin:begin + width] + ("…" if begin + width < len(text) else "")
    return shown, begin, 1 if begin else 0
