"""The result list: each hit as its title, source · date, and a snippet with the match marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from ..extract.models import SearchHit
from ..extract.safety import neutralise
from ..styles import MATCH_STYLE
from .widgets import NavList, window

SNIPPET_CHARS = 88  # two lines of the results pane at 120 columns


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
    shown, begin, shift = window(text, hit.highlights[0][0] if hit.highlights else 0, SNIPPET_CHARS)
    snippet = Text(shown)
    for start, end in hit.highlights:
        start, end = max(start - begin, 0), min(end - begin, SNIPPET_CHARS, len(text) - begin)
        if start < end:
            snippet.stylize(MATCH_STYLE, start + shift, end + shift)
    return Text("\n").join([title, meta, snippet])


class ResultList(NavList):
    """Search hits: the title, source · date, and a snippet of up to two lines."""

    DEFAULT_CSS = """
    ResultList, ResultList:focus {
        height: 1fr;
        border: none;
    }
    """

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
