"""The app's widgets: the result list, the article viewer, the side panel lists, the search box.

Article text is always data: it reaches the screen as Rich `Text` objects built from neutralised
strings, never as markup.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rich.text import Text
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..core.models import Article, Entity, SearchHit, TimelineEntry
from ..core.safety import neutralise
from ..core.timeline import human_date, sort_key
from ..styles import FLASH_STYLE, FLASH_STYLE_NO_COLOR, LEGEND, MATCH_STYLE, entity_style
from .keys import LIST_BINDINGS, SEARCH_BINDINGS, VIEWER_BINDINGS


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


SNIPPET_CHARS = 88  # two lines of the results pane at 120 columns


def _window(text: str, at: int, width: int) -> tuple[str, int, int]:
    """At most `width` characters of `text` around offset `at` (a third of them before it), with
    "…" where it was cut; and the offset in `text` it starts at, and 1 when a "…" leads it."""
    if len(text) <= width:
        return text, 0, 0
    begin = max(0, min(at - width // 3, len(text) - width))
    shown = ("…" if begin else "") + text[begin:begin + width] + ("…" if begin + width < len(text) else "")
    return shown, begin, 1 if begin else 0


def _hit_prompt(hit: SearchHit, mark=None, with_marks: bool = False) -> Text:
    """A hit: its whole title (wrapped; "•" before an unread one, "⚑" before a flagged one),
    source · date, then the snippet around its first match on up to two lines."""
    read = bool(mark and mark.read)
    signs = ("⚑ " if mark and mark.flagged else "") + ("• " if with_marks and not read else "")
    title = Text(signs + (neutralise(hit.title) or neutralise(hit.key)), style="bold" if not read else "")
    copies = (f" · +{len(hit.copies)} cop{'y' if len(hit.copies) == 1 else 'ies'}: "
              + ", ".join(neutralise(source) or "unknown source" for _, source in hit.copies)) if hit.copies else ""
    meta = Text(f"{neutralise(hit.source) or 'unknown source'} · "
                f"{hit.published.isoformat() if hit.published else 'undated'}{copies}", style="dim")
    text = neutralise(hit.snippet)
    shown, begin, shift = _window(text, hit.highlights[0][0] if hit.highlights else 0, SNIPPET_CHARS)
    snippet = Text(shown)
    for start, end in hit.highlights:
        start, end = max(start - begin, 0), min(end - begin, SNIPPET_CHARS, len(text) - begin)
        if start < end:
            snippet.stylize(MATCH_STYLE, start + shift, end + shift)
    return Text("\n").join([title, meta, snippet])


class ResultList(NavList):
    """Search hits: the title, source · date, and a snippet of up to two lines."""

    hits: list[SearchHit] = []
    _shown: list = []  # what the list shows: (id, text, styles) a hit

    def show_hits(self, hits: list[SearchHit], marks: dict | None = None, keep_highlight: bool = False,
                  expanded: set[str] | frozenset = frozenset()) -> None:
        """List `hits`; with the reader's `marks`, unread ones start with "•" and flagged ones "⚑"
        (told apart without colour too). The copies of the hits in `expanded` are listed under
        them, one line each, to be opened like any hit."""
        self.hits = hits
        highlighted = self.highlighted
        prompts = []
        for hit in hits:
            prompts.append((hit.id, _hit_prompt(hit, (marks or {}).get(hit.id), marks is not None)))
            if hit.id in expanded:
                prompts += [(copy_id, Text(f"  ↳ copy · {neutralise(source) or 'unknown source'} · {copy_id}",
                                           style="dim")) for copy_id, source in hit.copies]
        shown = [(i, p.plain, p.spans) for i, p in prompts]
        if shown == self._shown:
            return  # the same list: repainting it would only cost bytes over SSH
        self._shown = shown
        options: list[Option | None] = []
        for hit_id, prompt in prompts:
            if options:
                options.append(None)  # a separator line between hits
            options.append(Option(prompt, id=hit_id))
        self.fill(options)
        if keep_highlight and highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted


class TimelineList(NavList):
    """Timeline entries of the article or of the search: date, then a short event text."""


class EntityList(NavList):
    """The article's entities, grouped by label, with their mention counts."""


class SearchBox(Input):
    """The query input, with the recent queries on up and down."""

    BINDINGS = SEARCH_BINDINGS

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


# Paragraphs are mounted this many characters at a time; a paragraph longer than
# DISPLAY_PARAGRAPH_CHARS (a dump with no blank lines) is shown in pieces of about that size.
MOUNT_BATCH_CHARS = 40_000
DISPLAY_PARAGRAPH_CHARS = 4_000


def display_spans(body: str) -> list[tuple[int, int]]:
    """The (start, end) body offsets of the paragraphs the viewer shows, in order: the blank-line
    paragraphs of `body`, a long one cut at line breaks or spaces."""
    spans = []
    pos = 0
    for chunk in body.split("\n\n"):
        start = body.find(chunk, pos)
        end = start + len(chunk)
        pos = end
        while end - start > DISPLAY_PARAGRAPH_CHARS:
            cut = max(body.rfind("\n", start, start + DISPLAY_PARAGRAPH_CHARS),
                      body.rfind(" ", start, start + DISPLAY_PARAGRAPH_CHARS))
            cut = cut + 1 if cut > start else start + DISPLAY_PARAGRAPH_CHARS
            spans.append((start, cut))
            start = cut
        spans.append((start, end))
    return spans


@dataclass
class _Paragraph:
    start: int
    end: int
    widget: Static


class ArticleViewer(VerticalScroll):
    """The cleaned article: title, metadata, legend, then paragraphs with entities and query
    matches styled. Knows which paragraph holds a body offset, to scroll to it and flash it."""

    BINDINGS = VIEWER_BINDINGS

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.entities: list[Entity] = []
        self.matches: list[tuple[int, int]] = []
        self.no_color = False
        self._paragraphs: list[_Paragraph] = []
        self._spans: list[tuple[int, int]] = []
        self._entity_starts: list[int] = []
        self._match_starts: list[int] = []
        self._cursor = -1  # body offset of the last match or entity jumped to
        self._flash_timer = None

    def compose(self):
        yield Static(Text("Type a query, then Enter to open an article. Press ? for every key.", style="dim"),
                     id="viewer-empty")

    def show(self, article: Article, entities: list[Entity], matches: list[tuple[int, int]]) -> None:
        """Display `article` with its entity mentions and query match spans (body offsets).

        Paragraphs are mounted a batch at a time, more as the reader scrolls near the end: a
        10 MB article mounted whole froze the app for minutes."""
        self.entities = sorted(entities, key=lambda e: e.start)
        self.article, self.matches = article, sorted(matches)
        self._entity_starts = [e.start for e in self.entities]
        self._match_starts = [s for s, _ in self.matches]
        self._cursor = -1
        self.remove_children()
        meta = " · ".join([neutralise(article.source) or "unknown source",
                           article.published.isoformat() if article.published else "undated"])
        header = Text()
        header.append(neutralise(article.title) or neutralise(article.key), style="bold")
        header.append("\n" + meta + (f"\n{neutralise(article.url)}" if article.url else ""), style="dim")
        legend = Text("\n")
        for label, name in LEGEND:
            legend.append(name, style=entity_style(label, self.no_color))
            legend.append("  ")
        header.append_text(legend)
        self._paragraphs = []
        self._spans = display_spans(article.body)
        self.mount(Static(header, classes="article-header"))
        self._mount_more(up_to=0)
        self.scroll_home(animate=False)

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        """Mark another query's matches in the article shown (and let `n` follow them)."""
        self.matches = sorted(matches)
        self._match_starts = [s for s, _ in self.matches]
        self._cursor = -1
        for paragraph in self._paragraphs:
            paragraph.widget.update(self._paragraph_text(paragraph.start, paragraph.end))

    def clear(self) -> None:
        """Show no article (a search that found nothing leaves nothing of the last one)."""
        self.article, self.entities, self.matches = None, [], []
        self._entity_starts, self._match_starts, self._paragraphs, self._spans = [], [], [], []
        self._cursor = -1
        self.remove_children()
        self.mount(Static(Text("No article open: the search found nothing.", style="dim"), id="viewer-empty"))

    def _mount_more(self, up_to: int) -> None:
        """Mount the next batch of paragraphs, and on until the one holding body offset `up_to`."""
        widgets = []
        chars = 0
        while len(self._paragraphs) < len(self._spans):
            start, end = self._spans[len(self._paragraphs)]
            if chars >= MOUNT_BATCH_CHARS and start > up_to:
                break
            widget = Static(self._paragraph_text(start, end), classes="paragraph")
            self._paragraphs.append(_Paragraph(start, end, widget))
            widgets.append(widget)
            chars += end - start
        if widgets:
            self.mount_all(widgets)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if len(self._paragraphs) < len(self._spans) and new_value >= self.max_scroll_y - 2 * self.size.height:
            self._mount_more(up_to=0)

    def _paragraph_text(self, start: int, end: int, flash: tuple[int, int] | None = None) -> Text:
        body = self.article.body if self.article else ""
        text = Text(neutralise(body[start:end]))
        first = bisect_left(self._entity_starts, start)  # only this paragraph's: a long article has
        for e in self.entities[first:bisect_left(self._entity_starts, end)]:  # thousands of them
            if e.end <= end:
                text.stylize(entity_style(e.label, self.no_color), e.start - start, e.end - start)
        for s, e in self.matches[bisect_left(self._match_starts, start):bisect_left(self._match_starts, end)]:
            if e <= end:
                text.stylize(MATCH_STYLE, s - start, e - start)
        if flash and start <= flash[0] and flash[1] <= end:
            text.stylize(FLASH_STYLE_NO_COLOR if self.no_color else FLASH_STYLE, flash[0] - start, flash[1] - start)
        return text

    def paragraph_at(self, offset: int) -> _Paragraph | None:
        """The paragraph holding body `offset` (mounting paragraphs up to it first), or None."""
        if self._paragraphs and offset > self._paragraphs[-1].end:
            self._mount_more(up_to=offset)
        i = bisect_left([p.end for p in self._paragraphs], offset)
        if i < len(self._paragraphs) and self._paragraphs[i].start <= offset:
            return self._paragraphs[i]
        return None

    def reveal(self, start: int, end: int) -> bool:
        """Scroll to the paragraph holding body[start:end] and flash that span; False if none."""
        paragraph = self.paragraph_at(start)
        if paragraph is None:
            return False
        self._cursor = start
        # A paragraph mounted just now has no place on screen until the next layout.
        self.call_after_refresh(self.scroll_to_widget, paragraph.widget, animate=False, top=True)
        paragraph.widget.update(self._paragraph_text(paragraph.start, paragraph.end, (start, end)))
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(1.5, lambda: paragraph.widget.update(
            self._paragraph_text(paragraph.start, paragraph.end)))
        return True

    def _jump(self, spans: list[tuple[int, int]], step: int) -> None:
        if not spans:
            self.app.bell()
            return
        if step > 0:
            nxt = next((s for s in spans if s[0] > self._cursor), spans[0])
        else:
            nxt = next((s for s in reversed(spans) if s[0] < self._cursor), spans[-1])
        self.reveal(*nxt)

    def action_next_match(self, step: int) -> None:
        self._jump(sorted(self.matches), step)

    def action_next_entity(self, step: int) -> None:
        self._jump([(e.start, e.end) for e in self.entities], step)

    def action_half_page(self, direction: int) -> None:
        self.scroll_relative(y=direction * max(1, self.size.height // 2), animate=False)

    def action_back(self) -> None:
        self.post_message(BackRequested())


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
    sentence = _window(sentence, max(sentence.find(expression), 0), TIMELINE_SENTENCE_CHARS)[0]  # ~two lines
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
