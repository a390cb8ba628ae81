"""The side panel: the timeline (of the article, of the search or of one entity) or the article's
entities, under a title that says which."""

from __future__ import annotations

from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual.widgets.option_list import Option

from ..core.entity_groups import EntityGroup
from ..extract.models import TimelineEntry
from ..extract.safety import neutralise
from ..extract.timeline import Event, human_date, sort_key
from .widgets import NavList, window


class TimelineList(NavList):
    """Timeline entries of the article or of the search: date, then a short event text."""


class EntityList(NavList):
    """The article's entities, grouped by label, with their mention counts."""


TIMELINE_SENTENCE_CHARS = 84  # two lines of the side panel


def timeline_prompt(value: str, sentence: str, expression: str, sources: int = 1, inferred: bool = False,
                    mod: str | None = None, source: str = "") -> Text:
    """One timeline row: the date as a reader says it (and source count, the source), then the
    sentence, its date expression marked (for a date `inferred` from the context, `~` after the
    date and the entity marked). Rows wrap: the panel shows two lines of each."""
    text = Text()
    text.append(human_date(value, mod) + ("~" if inferred else ""), style="bold")
    if sources > 1:
        text.append(f" ×{sources}", style="dim")
    if source:
        text.append(f" · {neutralise(source)}", style="dim")
    sentence = neutralise(" ".join(sentence.split()))
    sentence = window(sentence, max(sentence.find(expression), 0), TIMELINE_SENTENCE_CHARS)[0]  # ~two lines
    where = sentence.find(expression)
    line = Text(sentence)
    if where >= 0:
        line.stylize("underline", where, where + len(expression))
    text.append("\n")
    text.append_text(line)
    return text


def article_timeline_rows(entries: list[TimelineEntry]) -> list[tuple[TimelineEntry, Text]]:
    """Return the article's timeline rows in date order (see `timeline.sort_key`)."""
    ordered = sorted(entries, key=lambda t: (sort_key(t.value), t.start))
    return [(t, timeline_prompt(t.value, t.sentence, t.text, mod=t.mod)) for t in ordered]


def _empty(text: str) -> list[Option | None]:
    return [Option(Text(text, style="dim"), disabled=True)]


class SidePanel(Vertical):
    """The timeline or the entities list, one at a time, under a bold title. Its options' ids
    say what choosing one does: `a<offset>` an article timeline entry, `s<n>` the n-th event of
    the search timeline, an entity's own search (`person:"…"`) in the entities list."""

    DEFAULT_CSS = """
    SidePanel {
        width: 34;
        min-width: 24;
        border-left: tall $panel;
    }
    SidePanel > #side-title {
        height: 1;
        padding: 0 1;
    }
    SidePanel > NavList, SidePanel > NavList:focus {
        height: 1fr;
        border: none;
        /* timeline: the date line, then the sentence on up to two lines (cut in the prompt);
           entities: a long name on two lines rather than cut */
        text-wrap: wrap;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="side-title")
        yield TimelineList(id="timeline")
        yield EntityList(id="entities")

    def show_mode(self, mode: str | None, scope: str) -> None:
        """Show the timeline (of the `scope`: "article" or "search") or the entities, or hide."""
        self.display = mode is not None
        self.query_one(TimelineList).display = mode == "timeline"
        self.query_one(EntityList).display = mode == "entities"
        self.set_title({"timeline": f"Timeline · {'whole search' if scope == 'search' else 'article'}",
                        "entities": "Entities · article"}.get(mode or "", ""))

    def set_title(self, title: str) -> None:
        self.query_one("#side-title", Static).update(Text(title, style="bold"))

    def show_article_timeline(self, entries: list[TimelineEntry]) -> None:
        rows = article_timeline_rows(entries)
        self.query_one(TimelineList).fill([Option(prompt, id=f"a{entry.start}") for entry, prompt in rows]
                                          or _empty("no dated events in this article"))

    def show_search_timeline(self, events: list[Event], articles: int, limit: int, entity: str | None) -> None:
        """The events of the search (or of the `entity` it follows), drawn from `articles`
        articles, at most `limit` of them."""
        self.query_one(TimelineList).fill(
            [Option(timeline_prompt(e.value, e.sentence, e.mentions[0].text, e.sources,
                                    inferred=all(m.inferred for m in e.mentions), mod=e.mod,
                                    source=e.mentions[0].source), id=f"s{i}")
             for i, e in enumerate(events)] or _empty("no dated events"))
        top = f", top {limit:,} articles" if articles >= limit else ""
        scope = neutralise(entity) if entity else "whole search"
        self.set_title(f"Timeline · {scope} ({len(events)} events{top})")

    def show_entities(self, groups: list[EntityGroup]) -> None:
        options: list[Option | None] = []
        for group in groups:
            options.append(Option(Text(group.heading, style="bold"), disabled=True))
            options += [Option(entity_row(name, count), id=group.query(name)) for name, count in group.names]
        self.query_one(EntityList).fill(options or _empty("no entities"))


def entity_row(name: str, count: int) -> Padding:
    """"Name (count)" under its group's heading; a long name wraps under itself, at any width."""
    return Padding(Text(f"{neutralise(name)} ({count})"), (0, 0, 0, 2))
