"""The app driven by keys, as a reader uses it (Textual's Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from newsreader.ui.keys import all_binding_ids
from newsreader.ui.screens import help_rows
from newsreader.ui.results import ResultList
from newsreader.ui.side_panel import EntityList, TimelineList
from newsreader.ui.viewer import ArticleViewer
from newsreader.ui.widgets import SearchBox




def _viewer_text(app) -> str:
    viewer = app.query_one("#viewer", ArticleViewer)
    return "\n".join(str(w.content) for w in viewer.children)


def _styles_of(app, word: str) -> set[str]:
    viewer = app.query_one("#viewer", ArticleViewer)
    found = set()
    for widget in viewer.children:
        text = widget.content
        if isinstance(text, Text) and word in text.plain:
            at = text.plain.index(word)
            found |= {str(span.style) for span in text.spans if span.start <= at < span.end}
    return found


async def _search_and_open(pilot, app, query: str, settle) -> None:
    await pilot.press("slash")
    box = app.query_one("#query", SearchBox)
    box.value = ""
    await pilot.press(*list(query))
    await pilot.press("enter")
    await settle(pilot, lambda: app.current_query == query and app.hits_ids)
    await pilot.press("enter")
    await settle(pilot, lambda: app.article is not None)


async def test_the_search_engine_loads_once_the_first_screen_is_up(app_factory, settle, monkeypatch):
    from newsreader.core.library import Library
    loads = []
    monkeypatch.setattr(Library, "load_engine", staticmethod(lambda: loads.append(1)))
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids and loads)
        await _search_and_open(pilot, app, "misrata", settle)
        assert loads == [1]  # once, after the first list, not again for later searches


async def test_type_open_read_and_follow_the_timeline(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        assert len(app.hits_ids) == 5  # the newest articles before any query
        await _search_and_open(pilot, app, "misrata", settle)
        assert app.hits_ids == [app.article.id]
        assert isinstance(app.focused, ArticleViewer)
        assert "bold cyan" in _styles_of(app, "Khalifa Haftar")      # a person
        assert "bold magenta" in _styles_of(app, "Libyan National Army")
        assert "green" in _styles_of(app, "Tripoli")
        assert "bold reverse" in _styles_of(app, "Misrata")           # the query match

        await pilot.press("t")
        timeline = app.query_one("#timeline", TimelineList)
        assert timeline.display and app.focused is timeline and timeline.highlighted == 0
        by_start = {f"a{entry.start}": entry.value for entry in app.article_timeline}
        values = [by_start[timeline.get_option_at_index(i).id] for i in range(timeline.option_count)]
        assert values == sorted(values, key=__import__("newsreader.extract.timeline", fromlist=["x"]).sort_key)
        heads = [str(timeline.get_option_at_index(i).prompt).split("\n")[0] for i in range(timeline.option_count)]
        assert "4 Apr 2019" in heads and not any("2019-04" in head for head in heads)  # dates as said
        target = next(i for i in range(timeline.option_count)
                      if "A day earlier" in str(timeline.get_option_at_index(i).prompt))
        timeline.highlighted = target
        await pilot.press("enter")
        await settle(pilot)
        viewer = app.query_one("#viewer", ArticleViewer)
        paragraph = viewer.paragraph_at(app.article.body.index("A day earlier"))
        assert viewer.scroll_y > 0
        assert paragraph.widget.region.y >= viewer.region.y  # on screen
        flashed = {str(s.style) for s in paragraph.widget.content.spans}
        assert "on dark_goldenrod" in flashed


async def test_entity_pivot_searches_the_corpus(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "misrata", settle)
        await pilot.press("E")
        entities = app.query_one("#entities", EntityList)
        assert app.focused is entities
        # The first entity (the most mentioned person) is ready for Enter at once.
        assert entities.get_option_at_index(entities.highlighted).id == 'person:"Khalifa Haftar"'
        await pilot.press("enter")
        await settle(pilot, lambda: app.current_query == 'person:"Khalifa Haftar"')
        assert app.query_one("#query", SearchBox).value == 'person:"Khalifa Haftar"'
        assert len(app.hits_ids) == 5 and isinstance(app.focused, ResultList)


async def test_an_entity_search_shows_the_entitys_own_timeline(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "misrata", settle)
        await pilot.press("E")
        await pilot.press("enter")  # the pivot to person:"Khalifa Haftar"
        await settle(pilot, lambda: app.current_query == 'person:"Khalifa Haftar"')
        await pilot.press("T")
        await settle(pilot, lambda: app.search_events)
        assert "Timeline · Khalifa Haftar" in str(app.query_one("#side-title").content)
        assert all("Haftar" in e.sentence or e.sentence.startswith(("He ", "His ")) for e in app.search_events)
        timeline = app.query_one("#timeline", TimelineList)
        prompts = [str(timeline.get_option_at_index(i).prompt) for i in range(timeline.option_count)]
        assert any(p.split("\n")[0].split(" ·")[0].endswith("~") for p in prompts)  # dated from the context


async def test_search_timeline_opens_the_article_at_its_sentence(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "haftar", settle)
        await pilot.press("T")
        await settle(pilot, lambda: app.search_events)
        assert "whole search" in str(app.query_one("#side-title").content)
        timeline = app.query_one("#timeline", TimelineList)
        event_index = next(i for i, e in enumerate(app.search_events) if "Jan. 19" in e.sentence)
        timeline.highlighted = event_index
        await pilot.press("enter")
        await settle(pilot)
        assert "Jan. 19" in app.article.body and app.article.title.startswith("Libyan Gov")
        viewer = app.query_one("#viewer", ArticleViewer)
        sentence = app.search_events[event_index].sentence
        paragraph = viewer.paragraph_at(app.article.body.index(sentence))
        flashed = [span for span in paragraph.widget.content.spans if "dark_goldenrod" in str(span.style)]
        assert flashed and flashed[0].end - flashed[0].start == len(sentence)  # the sentence, not the date
        assert paragraph.widget.region.y >= viewer.region.y  # on screen


async def test_help_lists_every_binding_and_every_binding_exists(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.query_one("#results").focus()  # in the search box, "?" is text: F1 works there
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "HelpScreen"
        table = app.screen.query_one("#help-table")
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert {row[3] for row in rows} - {"built-in"} == all_binding_ids()
        keys = " ".join(row[1] for row in rows)
        assert "ctrl+p" in keys and "tab" in keys and "enter" in keys
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("k")
        assert table.cursor_row == table.row_count - 2
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ != "HelpScreen"
    from newsreader.ui.keys import APP_BINDINGS, LIST_BINDINGS, SEARCH_BINDINGS, VIEWER_BINDINGS
    owners = [(APP_BINDINGS, app), (LIST_BINDINGS, ResultList()), (VIEWER_BINDINGS, ArticleViewer()),
              (SEARCH_BINDINGS, SearchBox())]
    for bindings, owner in owners:
        for binding in bindings:
            action = binding.action.split("(")[0]
            assert hasattr(owner, f"action_{action}"), (binding.id, action)


async def test_ctrl_p_opens_the_palette_everywhere_and_colon_outside_the_search_box(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, SearchBox)
        await pilot.press("ctrl+p")
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press(*"person", "colon")
        assert app.query_one("#query", SearchBox).value == "person:"  # a colon is query text there
        assert app.screen.__class__.__name__ != "CommandPalette"
        app.query_one("#results").focus()
        await pilot.press("colon")
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_query_errors_inline_and_did_you_mean(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        assert isinstance(app.focused, SearchBox)  # the search box has the focus at start
        await pilot.press(*list('"unbalanced'), "enter")
        await settle(pilot)
        status = str(app.query_one("#status").content)
        assert "unbalanced quote" in status and "\n" not in status
        box = app.query_one("#query", SearchBox)
        await pilot.press("slash")
        box.value = ""
        await pilot.press(*list("misratta"), "enter")
        await settle(pilot, lambda: app.current_query == "misratta")
        assert "did you mean: misrata" in str(app.query_one("#status").content)


async def test_a_new_state_redraws_its_own_part_not_the_whole_screen(app_factory, settle, monkeypatch):
    """Setting the app's state (results, open article, side panel) runs its watcher only: a
    repaint of the whole screen doubled the bytes sent over SSH per typed key."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        whole = []
        monkeypatch.setattr(app, "refresh", lambda *a, **k: whole.append(a) or app)
        app.results = app.results
        app.current_query = "changed"
        app.timeline_scope = "search"
        await pilot.pause()
        assert whole == []


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_long_entity_name_wraps_under_itself_not_under_its_heading(app_factory, corpus, settle, size):
    (corpus / "long.txt").write_text("---\ntitle: Long names\npublished: 2021-03-01\n---\n"
                                     "The Joint Council for the Welfare of Immigrants, the Government of National "
                                     "Accord and the Libyan National Army met in Tripoli. Envoys came from Paris, "
                                     "London, Rome, Madrid, Berlin, Vienna, Cairo, Tunis, Algiers, Rabat, Ankara, "
                                     "Athens, Doha and Moscow.\n", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await _search_and_open(pilot, app, "immigrants", settle)
        await pilot.press("E")
        await settle(pilot)
        panel = [row.rsplit("▌", 1)[1] for row in _screen_rows(app) if "▌" in row]
    rows = [part.rstrip(" ▁▂▃▄▅▆▇█") for part in panel]  # the panel's rows under its title
    headings = [row for row in rows if row.strip() in ("people", "organisations", "places", "groups")]
    names = [row for row in rows if row.strip() and row not in headings]
    assert len(names) > 4 and any("Council" in row for row in names)
    indent = headings[0].index(headings[0].strip()) + 2
    assert all(row[:indent].isspace() for row in names), names  # names and their wrapped parts alike


def _screen_rows(app) -> list[str]:
    """The screen's rows as text, read from Textual's SVG screenshot."""
    import html
    import re

    svg = app.export_screenshot()
    texts = [(float(m[1]), float(m[2]), html.unescape(m[3]).replace("\xa0", " "))
             for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg)]
    # Each run of text sits at its column's x (the SVG drops the spaces between styled runs);
    # Rich's export draws a cell 20 × 0.61 wide.
    cell = 20 * 0.61
    rows: dict[float, list[str]] = {}
    for x, y, text in texts:
        row = rows.setdefault(y, [" "] * app.size.width)
        start = round(x / cell)
        row[start:start + len(text)] = list(text)
    return ["".join(row)[:app.size.width] for _, row in sorted(rows.items())]


def test_while_typing_the_list_holds_a_screenful_and_a_few_more():
    from newsreader.ui.app import typing_result_limit

    assert [typing_result_limit(rows) for rows in (24, 40, 80)] == [10, 12, 22]


async def test_search_as_you_type_and_history(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        await pilot.press(*list("dinar"))
        await settle(pilot, lambda: app.current_query == "dinar*")  # no Enter needed; a prefix while typing
        assert len(app.hits_ids) == 1
        await pilot.press("d")
        await pilot.press("enter")
        await pilot.press("slash")  # from the results, "/" goes back to the search box
        box = app.query_one("#query", SearchBox)
        assert isinstance(app.focused, SearchBox)
        box.value = "geneva"
        await pilot.press("enter")
        await pilot.press("slash", "up")
        assert box.value == "geneva"
        await pilot.press("up")
        assert box.value == "dinard"


async def test_next_and_previous_article_and_back_then_quit(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "haftar", settle)
        first = app.article.id
        await pilot.press("J")
        assert app.article.id == app.hits_ids[1]
        await pilot.press("K")
        assert app.article.id == first
        await pilot.press("t")
        await pilot.press("q")
        assert isinstance(app.focused, ArticleViewer)   # the panel, back to the article
        await pilot.press("escape")
        assert isinstance(app.focused, ResultList)      # escape: back to the results
        await pilot.press("escape")
        assert isinstance(app.focused, SearchBox)       # and up to the search box
        await pilot.press("escape")
        assert isinstance(app.focused, ResultList)      # and down again
        await pilot.press("q")                          # from the results, q quits
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running


async def test_small_terminal_collapses_the_side_panel(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await _search_and_open(pilot, app, "haftar", settle)
        assert app.screen.has_class("-narrow")
        side = app.query_one("#side")
        assert not side.display
        await pilot.press("t")
        await settle(pilot)
        assert side.display and side.size.width >= 24
        assert app.query_one("#viewer").size.width >= 40


async def test_markup_and_escape_sequences_are_shown_literally(app_factory, corpus, settle):
    (corpus / "hostile.txt").write_text(
        "---\ntitle: \"[bold red]Alarm[/] \\u001b]0;pwned\\u0007\"\n---\n"
        "He wrote [bold]not bold[/bold] and [link=http://x]a link[/link] and \x1b[2J then "
        "\x1b]52;c;Zm9v\x07 in Tripoli.\n", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "wrote", settle)
        text = _viewer_text(app)
        assert "[bold]not bold[/bold]" in text and "[link=http://x]a link[/link]" in text
        assert "\x1b" not in text and "␛[2J" in text and "␛]52;c;Zm9v" in text
        assert "[bold red]Alarm[/]" in text


async def test_user_keymap_remaps_by_id(app_factory, tmp_path, monkeypatch, settle):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('open-help = "f2"\nnot-a-binding = "x"\n')
    monkeypatch.setenv("NEWSREADER_KEYMAP", str(keymap))
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.keymap == {"open-help": "f2"}
        assert any("unknown binding id 'not-a-binding'" in p for p in app.keymap_problems)
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "HelpScreen"
        assert ("everywhere", "f2", "Every key", "open-help") in help_rows(app.keymap)


def test_keymap_conflicts_are_reported_one_line_each(tmp_path):
    from newsreader.ui.keys import load_keymap

    keymap = tmp_path / "keymap.toml"
    keymap.write_text('next-article = "n"\ncopy = "o"\nopen-help = "f2"\n')
    _, problems = load_keymap(keymap)
    assert any("'n' of next-article is also next-match in the article (that one wins there)" in p for p in problems)
    assert any("'o' of copy is also toggle-sort everywhere" in p for p in problems)
    assert not any("open-help" in p for p in problems)  # f2 is free
    assert all(p.count("\n") == 0 for p in problems)


async def test_index_builds_in_the_background_and_the_app_is_usable_at_once(app_factory, settle):
    app = app_factory(index=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.query_one("#query").has_focus  # typing works while the index is built
        await settle(pilot, lambda: app.library is not None and app.hits_ids)
        assert len(app.hits_ids) == 5
        assert "5 articles" in app.sub_title


async def test_copy_uses_the_clipboard(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "bashagha", settle)
        await pilot.press("y")
        assert app.clipboard.startswith("https://www.bloombergquint.com/")
        await pilot.press("t")
        timeline = app.query_one("#timeline", TimelineList)
        timeline.highlighted = 0
        await pilot.press("y")
        quote = app.clipboard
        assert quote.startswith("\u201c") and "2011" in quote  # the entry's sentence, quoted and cited
        assert "\u201d \u2014 Bloomberg, " in quote and ", https://www.bloombergquint.com/" in quote


async def test_a_query_typed_while_the_index_builds_runs_when_it_is_ready(app_factory, settle, monkeypatch):
    import time as _time

    import newsreader.core.index as index_mod  # the app imports update_index from here when it indexes

    real = index_mod.update_index

    def slow_update(*args, **kwargs):
        _time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(index_mod, "update_index", slow_update)
    app = app_factory(index=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*list("misrata"))
        await settle(pilot, lambda: app.library is not None and app.current_query.startswith("misrata"))
        assert len(app.hits_ids) == 1


async def test_enter_on_a_half_typed_word_keeps_the_prefix_results(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        await pilot.press(*list("misra"), "enter")
        await settle(pilot, lambda: app.current_query == "misra*")
        assert len(app.hits_ids) == 1
        app.query_one("#query", SearchBox).value = ""
        await pilot.press("slash", *list("haftar"), "enter")
        await settle(pilot, lambda: app.current_query == "haftar")  # a whole word stays as written
        assert len(app.hits_ids) == 5


async def test_a_screenshot_is_saved_without_a_downloads_folder(app_factory, settle, tmp_path, monkeypatch):
    monkeypatch.setattr("platformdirs.user_downloads_path", lambda: tmp_path / "no-such-downloads")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.deliver_screenshot()
        await pilot.pause(0.5)
        await settle(pilot)
        from newsreader import paths
        saved = list((paths.user_data_dir() / "screenshots").glob("*.svg"))
        assert len(saved) == 1 and saved[0].stat().st_size > 1000


async def test_a_malformed_query_lists_nothing_under_its_error(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: len(app.hits_ids) == 5)
        await pilot.press(*'"unbalanced', "enter")
        await settle(pilot, lambda: "unbalanced quote" in str(app.query_one("#status").content))
        assert app.hits_ids == [] and app.query_one("#results", ResultList).option_count == 0


async def test_the_open_article_follows_the_pivot_and_a_search_that_finds_nothing_closes_it(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "misrata", settle)
        viewer = app.query_one("#viewer", ArticleViewer)
        body = app.article.body
        assert {body[s:e].lower() for s, e in viewer.matches} == {"misrata"}
        await pilot.press("E", "enter")  # pivot to person:"Khalifa Haftar"
        await settle(pilot, lambda: app.current_query == 'person:"Khalifa Haftar"')
        marked = {body[s:e] for s, e in viewer.matches}
        assert marked and "Misrata" not in marked and all("Haftar" in m for m in marked)
        await pilot.press("slash")
        app.query_one("#query", SearchBox).value = ""
        await pilot.press(*"zzqxv", "enter")
        await settle(pilot, lambda: app.current_query == "zzqxv")
        assert viewer.article is None and app.article is None and viewer.matches == []


async def test_did_you_mean_shows_while_typing_and_after_enter(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        await pilot.press(*"misratt")
        await settle(pilot, lambda: "did you mean" in str(app.query_one("#status").content), timeout=5)
        assert str(app.query_one("#status").content).startswith("did you mean: misrata")
        await pilot.press("a", "enter")
        await settle(pilot, lambda: app.current_query == "misratta")
        assert str(app.query_one("#status").content).startswith("did you mean: misrata")


@pytest.mark.parametrize("environ, theme", [
    ({"TERM": "linux"}, "ansi-dark"), ({"TERM": "xterm"}, "ansi-dark"), ({"TERM": "screen"}, "ansi-dark"),
    ({"TERM": "xterm-16color"}, "ansi-dark"), ({"TERM": "xterm-256color"}, None),
    ({"TERM": "xterm", "COLORTERM": "truecolor"}, None), ({"TERM": "tmux-256color"}, None),
])
def test_few_colour_terminals_get_the_ansi_theme(environ, theme):
    from newsreader.ui.app import auto_theme

    assert auto_theme(environ) == theme


async def test_a_terminal_too_small_says_so_and_the_app_comes_back_when_it_grows(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(50, 16)) as pilot:
        await settle(pilot)
        message = app.query_one("#too-small")
        assert message.display and "too small: 50×16" in str(message.content) and "60×20" in str(message.content)
        assert not app.query_one("#body").display
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not message.display and app.query_one("#body").display


async def test_the_header_names_the_corpus_path_and_counts_with_separators(app_factory, settle):
    from newsreader.ui.app import corpus_label

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: "articles" in app.sub_title)
        assert app.sub_title == "~/corpus — 5 articles"
        assert not app.query_one("#query").cursor_blink  # a blinking cursor costs bytes over SSH while idle
    assert corpus_label(Path.home() / "news" / "libya") == "~/news/libya"
    assert corpus_label(Path("/srv/news")) == "/srv/news"
    from newsreader.paths import bundled_corpus

    assert corpus_label(bundled_corpus()) == "bundled corpus"


async def test_reading_comfort_at_120x40_and_80x24(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "haftar", settle)
        results = app.query_one("#results", ResultList)
        prompt = results.get_option_at_index(0).prompt
        lines = str(prompt).split("\n")
        assert len(lines) >= 3 and len(lines[-1]) >= 60  # title, source · date, a snippet of 60+ characters
        await pilot.press("t")
        await settle(pilot)
        viewer = app.query_one("#viewer", ArticleViewer)
        assert viewer.content_region.width >= 66  # the reading column, with the timeline open
        await pilot.press("slash")
        await settle(pilot)
        assert app.query_one("#search-pane").display and isinstance(app.focused, SearchBox)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await _search_and_open(pilot, app, "haftar", settle)
        viewer = app.query_one("#viewer", ArticleViewer)
        header = viewer.query_one(".article-header")
        body_lines = viewer.content_region.height - header.outer_size.height
        assert body_lines >= 12  # of the opened article, at 80×24
        await pilot.press("slash")
        await settle(pilot)
        assert app.query_one("#results").display  # the results come back with the search box


async def test_the_briefing_workflow_across_restarts(app_factory, settle, tmp_path, corpus, monkeypatch):
    from newsreader import paths
    from newsreader.core.index import update_index
    from newsreader.ui.screens import LineScreen, SavedScreen

    monkeypatch.setenv("NEWSREADER_STATE", str(tmp_path / "state.sqlite3"))
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        await pilot.press(*"haftar", "enter")
        await settle(pilot, lambda: app.current_query == "haftar")
        first = str(app.query_one("#results", ResultList).get_option_at_index(0).prompt)
        assert first.startswith("• ")  # unread
        await pilot.press("S")
        assert isinstance(app.screen, LineScreen)
        app.screen.query_one("#line-input").value = "libya war"
        await pilot.press("enter")
        await settle(pilot)
    (corpus / "later.txt").write_text("---\ntitle: Later\npublished: 2019-04-09\n---\n"
                                      "Haftar's forces advanced again on Tuesday, residents said.\n")
    update_index(tmp_path / "ix", corpus)
    app = app_factory(index=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        assert "haftar" in app.query_one("#query", SearchBox).history  # history survives the restart
        app.query_one("#results").focus()  # in the search box, L is a letter of the query
        await pilot.press("L")
        await settle(pilot, lambda: isinstance(app.screen, SavedScreen))
        listing = str(app.screen.query_one("#saved-list").get_option_at_index(0).prompt)
        assert "libya war" in listing and "6 matches, 1 new" in listing
        await pilot.press("enter")
        await settle(pilot, lambda: app.current_query == "haftar" and len(app.hits_ids) == 6)
        await pilot.press("enter")
        await settle(pilot, lambda: app.article is not None)
        opened = app.article.id
        await pilot.press("f")
        await pilot.press("a")
        app.screen.query_one("#line-input").value = "key source"
        await pilot.press("enter")
        await settle(pilot)
        assert app.state.marks()[opened] == type(app.state.marks()[opened])(opened, True, True, "key source")
        await pilot.press("B")
        await settle(pilot)
        brief = (paths.user_data_dir() / "briefings" / "libya-war.md").read_text()
        assert "## Flagged" in brief and "key source" in brief
        await pilot.press("L")
        await settle(pilot, lambda: isinstance(app.screen, SavedScreen))
        assert "0 new" in str(app.screen.query_one("#saved-list").get_option_at_index(0).prompt)


async def test_y_on_a_timeline_entry_copies_a_quote_with_its_citation(app_factory, settle):
    app = app_factory()
    copied = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.copy_to_clipboard = copied.append
        await _search_and_open(pilot, app, "misrata", settle)
        await pilot.press("t", "y")
        await settle(pilot)
        assert copied and copied[0].startswith("\u201c") and "\u201d \u2014 France 24, 2019-04-08" in copied[0]


async def test_w_opens_the_url_with_browser_as_one_argument_never_a_shell(app_factory, settle, tmp_path, monkeypatch):
    log = tmp_path / "argv.txt"
    fake = tmp_path / "fakebrowser"
    fake.write_text(f"#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >> {log}; done\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(fake))
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await _search_and_open(pilot, app, "misrata", settle)
        app.article = type(app.article)(**{**app.article.__dict__, "url": "https://example.org/a;$(touch x)"})
        await pilot.press("w")
        for _ in range(50):
            if log.exists():
                break
            await pilot.pause(0.05)
    assert log.read_text().splitlines() == ["https://example.org/a;$(touch x)"]
    assert not (tmp_path / "x").exists()


async def test_the_coverage_line_charts_the_search_and_narrows_it_to_a_week(app_factory, settle):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids and app.coverage is not None)
        line = app.query_one("#coverage")
        shown = str(line.chart())
        assert shown.startswith("Apr 2019 ") and shown.endswith(" Apr 2020")  # first and last dates
        assert app.coverage.dated == 5 and line.display
        app.query_one("#results").focus()
        await pilot.press("greater_than_sign")  # the first week with matches
        await settle(pilot, lambda: len(app.hits_ids) < 5)
        first = app.coverage.bins[app.span]
        assert first.count == len(app.hits_ids) == 2
        status = str(app.query_one("#status").render())
        assert status.startswith(first.label() + ":")
        assert any(s.style == "reverse bold" for s in line.chart().spans)  # marked without colour
        await pilot.press("greater_than_sign")
        await settle(pilot, lambda: len(app.hits_ids) == 1)
        await pilot.press("less_than_sign", "less_than_sign")  # back past the first: all dates again
        await settle(pilot, lambda: len(app.hits_ids) == 5)
        assert app.span is None
        await pilot.press("greater_than_sign")
        await settle(pilot, lambda: len(app.hits_ids) == 2)
        await pilot.press("escape")  # Escape on narrowed results widens them first
        await settle(pilot, lambda: len(app.hits_ids) == 5)
        assert app.span is None and app.focused is app.query_one("#results")


async def test_typing_lists_the_first_hits_and_the_list_holds_all_once_the_reader_goes_to_it(
        app_factory, corpus, settle):
    from newsreader.ui.app import typing_result_limit

    words = "convoy harbour mayor drought tanker clinic school bridge market council ferry strike".split()
    for i in range(60):  # sixty different stories that all name Sirte (not copies of one)
        story = " ".join(words[(i * k) % len(words)] + str(i * k) for k in range(1, 13))
        (corpus / f"extra{i:02}.txt").write_text(f"---\ntitle: Dispatch {i}\npublished: 2021-03-{i % 28 + 1:02}\n---\n"
                                                 f"In Sirte, {story}.\n", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        await pilot.press(*"sirte")
        await settle(pilot, lambda: app.current_query.startswith("sirte"))
        assert len(app.hits_ids) == typing_result_limit(40) == 12  # while typing: a screenful and a few more
        app.query_one("#results").focus()
        await settle(pilot, lambda: len(app.hits_ids) == 50)
        assert app.query_one("#results").highlighted == 0


async def test_c_lists_a_hits_wire_copies_under_it_and_one_opens_like_a_hit(app_factory, corpus, settle):
    source = next(corpus.glob("001_*.txt")).read_text()
    body = source.split("---\n", 2)[2]
    (corpus / "copy.txt").write_text("---\ntitle: Same story, other headline\nsource: Daily Copy\n---\n"
                                     "Our correspondent adds that the city was calm.\n\n" + body)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.hits_ids)
        await pilot.press(*"haftar", "enter")
        await settle(pilot, lambda: app.current_query == "haftar")
        results = app.query_one("#results")
        leader = next(h for h in results.hits if h.copies)
        results.highlighted = next(i for i in range(results.option_count)
                                   if results.get_option_at_index(i).id == leader.id)
        before = results.option_count
        await pilot.press("c")
        assert results.option_count == before + 1
        copy_id = leader.copies[0][0]
        line = results.get_option_at_index(results.highlighted + 1)
        assert line.id == copy_id and "↳ copy ·" in str(line.prompt)
        results.highlighted += 1
        await pilot.press("enter")
        await settle(pilot, lambda: app.article is not None and app.article.id == copy_id)
        results.focus()
        results.highlighted -= 1
        await pilot.press("c")  # folds them again
        assert results.option_count == before
