"""The article viewer: the cleaned article with its entities and the query's matches styled,
mounted a batch of paragraphs at a time; it scrolls to a body offset and flashes it."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..extract.models import Article, Entity
from ..extract.safety import neutralise
from ..styles import FLASH_STYLE, FLASH_STYLE_NO_COLOR, LEGEND, MATCH_STYLE, entity_style
from .keys import VIEWER_BINDINGS
from .widgets import BackRequested

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
    DEFAULT_CSS = """
    ArticleViewer {
        width: 1fr;
        min-width: 40;
        padding: 0 1 0 0;
    }
    ArticleViewer > .article-header, ArticleViewer > .paragraph {
        margin-bottom: 1;
    }
    """

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
