"""The help screen (every key, from the bindings themselves) and the command palette provider."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from .keys import APP_BINDINGS, LIST_BINDINGS, SEARCH_BINDINGS, VIEWER_BINDINGS

_SECTIONS = (("everywhere", APP_BINDINGS), ("lists", LIST_BINDINGS), ("article", VIEWER_BINDINGS),
             ("search box", SEARCH_BINDINGS))


def _key_names(keys: str) -> str:
    names = {"slash": "/", "question_mark": "?", "colon": ":", "right_square_bracket": "]",
             "left_square_bracket": "[", "space": "space"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


# Keys that Textual's widgets give (not remappable here): listed so that help shows every key.
BUILT_IN = "built-in"
_BUILT_IN_ROWS = [
    ("everywhere", "tab, shift+tab", "Next / previous pane", BUILT_IN),
    ("search box", "enter", "Search for every match, then go to the results", BUILT_IN),
    ("lists", "enter", "Open the article, go to the entry, search for the entity", BUILT_IN),
    ("lists", "up, down, home, end, pageup, pagedown", "Move in the list", BUILT_IN),
]


def help_rows(keymap: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """Return (where, keys, what, id) for every binding, with the user keymap applied, and the
    widgets' own keys (id "built-in")."""
    rows = list(_BUILT_IN_ROWS)
    for where, bindings in _SECTIONS:
        for binding in bindings:
            keys = keymap.get(binding.id, binding.key)
            rows.append((where, _key_names(keys), binding.tooltip or binding.description, binding.id or ""))
    return rows


class HelpScreen(ModalScreen):
    """Every key of the app, by where it works; escape, q or ? closes it; j/k/g/G move."""

    BINDINGS = [("escape,q,question_mark,f1", "dismiss", "Close"),
                ("j", "move('cursor_down')", "Down"), ("k", "move('cursor_up')", "Up"),
                ("g", "move('scroll_top')", "Top"), ("G", "move('scroll_bottom')", "Bottom"),
                ("ctrl+d,space", "move('page_down')", "Page down"), ("ctrl+u,b", "move('page_up')", "Page up")]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self):
        yield Static("Keys — escape closes. Remap any of them by id in keymap.toml (see the README).",
                     id="help-title")
        table = DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("where", "keys", "what", "id")
        for row in help_rows(self.keymap):
            table.add_row(*row)
        yield table

    def action_dismiss(self) -> None:
        self.dismiss()

    def action_move(self, how: str) -> None:
        getattr(self.query_one("#help-table", DataTable), f"action_{how}")()


class LineScreen(ModalScreen[str | None]):
    """One line of text (a note, a saved search's name): Enter gives it, escape gives None."""

    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self.prompt, self.value = prompt, value

    def compose(self):
        yield Static(self.prompt, id="line-prompt")
        yield Input(value=self.value, id="line-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SavedScreen(ModalScreen[str | None]):
    """The saved searches with their matches and what is new; Enter runs one, escape closes."""

    BINDINGS = [("escape,q,L", "cancel", "Close"), ("j", "move(1)", "Down"), ("k", "move(-1)", "Up")]

    def __init__(self, rows: list[tuple[str, str, int, int]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        yield Static("Saved searches — Enter runs one (and marks it seen); escape closes.", id="saved-title")
        options = [Option(f"{name} · {query} — {matches:,} matches, {new:,} new", id=name)
                   for name, query, matches, new in self.rows]
        yield OptionList(*(options or [Option("no saved searches yet: S saves the current search",
                                              disabled=True)]), id="saved-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        listing = self.query_one("#saved-list", OptionList)
        listing.action_cursor_down() if step > 0 else listing.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewsreaderCommands(Provider):
    """Command palette entries, named with a category prefix ("view: timeline")."""

    def _commands(self):
        app = self.app
        return [
            ("search: focus the query box", app.action_focus_search),
            ("search: sort by date / relevance", app.action_toggle_sort),
            ("view: timeline panel", partial(app.action_toggle_side, "timeline")),
            ("view: timeline of the article / of the search", app.action_switch_timeline),
            ("view: entities panel", partial(app.action_toggle_side, "entities")),
            ("view: help (every key)", app.action_help),
            ("view: theme that follows the terminal's palette", partial(app.use_theme, "ansi-dark")),
            ("view: default theme", partial(app.use_theme, "textual-dark")),
            ("article: copy URL", app.action_copy),
            ("article: flag / unflag", app.action_toggle_flag),
            ("article: mark read / unread", app.action_toggle_read),
            ("article: write a note", app.action_note),
            ("search: save the current search", app.action_save_search),
            ("search: saved searches", app.action_saved_list),
            ("search: write a briefing of the current search", app.action_brief),
            ("index: update now", app.action_reindex),
        ]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=None)

    async def discover(self) -> Hits:
        for name, callback in self._commands():
            yield Hit(1.0, name, callback)
