"""Key bindings of the app, each with an id, and the user keymap file that remaps them.

The keymap is a TOML file of `binding-id = "key"` (or a list of keys), read from
$NEWSREADER_KEYMAP or `keymap.toml` in the user config folder:

    open-help = "f2"
    focus-search = ["/", "s"]
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import platformdirs
from textual.binding import Binding

from ..settings import setting

APP_BINDINGS = [
    Binding("slash,ctrl+f", "focus_search", "Search", id="focus-search", tooltip="Type a query"),
    Binding("question_mark,f1", "help", "Help", id="open-help", tooltip="Every key"),
    # ctrl+p works everywhere, the search box included (Textual's convention); ":" outside the
    # search box only, where it is a character of queries ("person:haftar").
    Binding("ctrl+p", "command_palette", "Commands", show=False, id="command-palette", priority=True,
            tooltip="Open the command palette"),
    Binding("colon", "command_palette", "Commands", show=False, id="command-palette-colon",
            tooltip="Open the command palette (outside the search box)"),
    Binding("t", "toggle_side('timeline')", "Timeline", id="toggle-timeline", tooltip="Show or hide the timeline"),
    Binding("T", "switch_timeline", "Article/search", id="switch-timeline",
            tooltip="Timeline of the article or of the whole search"),
    Binding("E", "toggle_side('entities')", "Entities", id="toggle-entities", tooltip="Show or hide the entities"),
    Binding("J", "next_article", "Next", show=False, id="next-article", tooltip="Next article of the results"),
    Binding("K", "previous_article", "Previous", show=False, id="previous-article",
            tooltip="Previous article of the results"),
    Binding("y", "copy", "Copy", show=False, id="copy", tooltip="Copy the URL or the timeline entry (OSC 52)"),
    Binding("o", "toggle_sort", "Sort", show=False, id="toggle-sort", tooltip="Sort by relevance or date"),
    Binding("c", "toggle_copies", "Copies", show=False, id="toggle-copies",
            tooltip="List the wire copies of the highlighted hit under it, or fold them"),
    # Outside the search box only: there they are characters of a query.
    Binding("greater_than_sign", "step_span(1)", "Next week", show=False, id="next-week",
            tooltip="Narrow the results to the next week with matches on the coverage line"),
    Binding("less_than_sign", "step_span(-1)", "Previous week", show=False, id="previous-week",
            tooltip="Narrow the results to the previous week with matches on the coverage line"),
    Binding("w", "open_url", "Web", show=False, id="open-url", tooltip="Open the article's URL in the browser"),
    Binding("f", "toggle_flag", "Flag", show=False, id="toggle-flag", tooltip="Flag or unflag the open article"),
    Binding("m", "toggle_read", "Read", show=False, id="toggle-read", tooltip="Mark the open article read or unread"),
    Binding("a", "note", "Note", show=False, id="note", tooltip="Write a one-line note on the open article"),
    Binding("S", "save_search", "Save", show=False, id="save-search", tooltip="Save the current search"),
    Binding("L", "saved_list", "Saved", show=False, id="saved-list", tooltip="Saved searches, with what is new"),
    Binding("B", "brief", "Brief", show=False, id="brief",
            tooltip="Write a briefing of the current search (Markdown, in the user data folder)"),
    Binding("q", "back_or_quit", "Back/quit", id="back-or-quit", tooltip="Back one step, then quit"),
    Binding("ctrl+q", "quit", "Quit", show=False, id="quit", priority=True, tooltip="Quit at once"),
]

LIST_BINDINGS = [
    Binding("j", "cursor_down", "Down", show=False, id="list-down"),
    Binding("k", "cursor_up", "Up", show=False, id="list-up"),
    Binding("g", "first", "Top", show=False, id="list-top"),
    Binding("G", "last", "Bottom", show=False, id="list-bottom"),
    Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="list-half-down"),
    Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="list-half-up"),
    Binding("space", "page_down", "Page down", show=False, id="list-page-down"),
    Binding("b", "page_up", "Page up", show=False, id="list-page-up"),
    Binding("escape", "back", "Back", show=False, id="list-back"),
]

VIEWER_BINDINGS = [
    Binding("j,down", "scroll_down", "Down", show=False, id="viewer-down"),
    Binding("k,up", "scroll_up", "Up", show=False, id="viewer-up"),
    Binding("g,home", "scroll_home", "Top", show=False, id="viewer-top"),
    Binding("G,end", "scroll_end", "Bottom", show=False, id="viewer-bottom"),
    Binding("ctrl+d", "half_page(1)", "Half page down", show=False, id="viewer-half-down"),
    Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, id="viewer-half-up"),
    Binding("space,pagedown", "page_down", "Page down", show=False, id="viewer-page-down"),
    Binding("b,pageup", "page_up", "Page up", show=False, id="viewer-page-up"),
    Binding("n", "next_match(1)", "Next match", id="next-match", tooltip="Next query match"),
    Binding("N", "next_match(-1)", "Prev match", show=False, id="previous-match", tooltip="Previous query match"),
    Binding("right_square_bracket", "next_entity(1)", "Next entity", show=False, id="next-entity"),
    Binding("left_square_bracket", "next_entity(-1)", "Previous entity", show=False, id="previous-entity"),
    Binding("escape", "back", "Back", show=False, id="viewer-back"),
]

SEARCH_BINDINGS = [
    Binding("up", "history(-1)", "Earlier query", show=False, id="history-back"),
    Binding("down", "history(1)", "Later query", show=False, id="history-forward"),
    Binding("escape", "back", "Back", show=False, id="search-back"),
]


def keymap_path() -> Path:
    """Return the user keymap file: $NEWSREADER_KEYMAP, else keymap.toml in the config folder."""
    if setting("NEWSREADER_KEYMAP"):
        return Path(setting("NEWSREADER_KEYMAP")).expanduser()
    return Path(platformdirs.user_config_dir("newsreader", appauthor=False)) / "keymap.toml"


def all_binding_ids() -> set[str]:
    """Return the id of every binding of the app."""
    return {b.id for b in APP_BINDINGS + LIST_BINDINGS + VIEWER_BINDINGS + SEARCH_BINDINGS if b.id}


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """Return (keymap, problems) from the user keymap file; a missing file is an empty keymap.

    Unknown ids and malformed values are reported (one line each) and left out.
    """
    path = path or keymap_path()
    if not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return {}, [f"keymap {path}: cannot read ({err})"]
    known = all_binding_ids()
    keymap: dict[str, str] = {}
    problems = []
    for binding_id, keys in data.items():
        if binding_id not in known:
            problems.append(f"keymap {path}: unknown binding id '{binding_id}'")
        elif isinstance(keys, str) and keys.strip():
            keymap[binding_id] = keys
        elif isinstance(keys, list) and keys and all(isinstance(k, str) and k for k in keys):
            keymap[binding_id] = ",".join(keys)
        else:
            problems.append(f"keymap {path}: '{binding_id}' needs a key or a list of keys")
    return keymap, problems + conflicts(keymap, path)


_SCOPES = (("everywhere", APP_BINDINGS), ("in lists", LIST_BINDINGS), ("in the article", VIEWER_BINDINGS),
           ("in the search box", SEARCH_BINDINGS))


def conflicts(keymap: dict[str, str], path: Path | None = None) -> list[str]:
    """One line for each key the keymap gives to a binding that another binding also has:
    in the same place, or in a pane whose own binding wins while it has the focus."""
    keys_of = {}
    for scope, bindings in _SCOPES:
        for binding in bindings:
            keys = keymap.get(binding.id, binding.key)
            keys_of[binding.id] = (scope, {k.strip() for k in keys.split(",") if k.strip()})
    problems = []
    for binding_id in keymap:
        scope, keys = keys_of[binding_id]
        for other, (other_scope, other_keys) in keys_of.items():
            if other == binding_id or not keys & other_keys:
                continue
            if scope != other_scope and "everywhere" not in (scope, other_scope):
                continue  # a list and the article never have the focus at once
            key = sorted(keys & other_keys)[0]
            where = f"keymap {path}: " if path else "keymap: "
            problems.append(f"{where}'{key}' of {binding_id} is also {other} {other_scope}"
                            + (" (that one wins there)" if other_scope != scope and scope == "everywhere" else ""))
    return problems
