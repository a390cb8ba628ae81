"""A briefing from a search: the question and its date window, the key people, organisations and
places, flagged articles with their notes, the merged timeline with each entry cited, and the
sources. Markdown (readable in a terminal and any editor) or a self-contained HTML file.

Deterministic for the same index and state: nothing in it depends on the clock, and every list
has a total order, so two briefings can be diffed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

from ..extract.timeline import Event, human_date, in_range
from .coverage import Coverage, bars, coverage
from .library import Library
from .state import State

KEY_ENTITIES = 5
MAX_EVENTS = 200
CHART_BINS = 60
_LABELS = (("PERSON", "People"), ("ORG", "Organisations"), ("GPE", "Places"))


@dataclass
class Source:
    id: str
    title: str
    source: str
    published: str | None
    url: str


@dataclass
class Briefing:
    question: str
    start: date | None
    end: date | None
    entity: str | None
    articles: int
    key_entities: list[tuple[str, list[tuple[str, int]]]]
    flagged: list[tuple[Source, str]]
    events: list[Event]
    sources: dict[str, Source] = field(default_factory=dict)
    coverage: Coverage | None = None  # the window's articles per day or week


def build(library: Library, query: str, start: date | None = None, end: date | None = None,
          entity: str | None = None, state: State | None = None) -> Briefing:
    """The briefing of `query` (of `entity`'s own timeline within it, when given). Raises QueryError."""
    ids = library.matching_ids(query)
    window = [a for a in (library.get(i) for i in ids) if a is not None]
    if start or end:
        window = [a for a in window if a.published is None or in_range(a.published.isoformat(), start, end)]
    sources = {a.id: Source(a.id, a.title, a.source, a.published.isoformat() if a.published else None, a.url)
               for a in window}
    key = [(name, [(n, c) for lbl, n, c in library.entity_counts(query, label=label, limit=KEY_ENTITIES)])
           for label, name in _LABELS]
    found = library.entity_timeline(entity, query, start, end) if entity else library.timeline(query, start, end)
    events = [e for e in found.events if any(m.article_id in sources for m in e.mentions)][:MAX_EVENTS]
    marks = state.marks(sorted(sources)) if state is not None else {}
    flagged = sorted(((sources[a], m.note) for a, m in marks.items() if m.flagged or m.note),
                     key=lambda pair: (pair[0].published or "", pair[0].id))
    chart = coverage([a.published for a in window], CHART_BINS)
    return Briefing(query, start, end, entity, len(window), key, flagged, events, sources, chart)


def _window(b: Briefing) -> str:
    if not (b.start or b.end):
        return "all dates"
    return f"{b.start.isoformat() if b.start else '…'} to {b.end.isoformat() if b.end else '…'}"


def _cite_md(s: Source) -> str:
    label = f"{s.source or 'unknown source'}, {s.published or 'undated'}"
    return f"[{_md(label)}]({s.url})" if s.url else _md(label)


def _md(text: str) -> str:
    return " ".join(text.split()).replace("[", "\\[").replace("]", "\\]")


def markdown(b: Briefing) -> str:
    lines = [f"# Briefing: {_md(b.question)}", "",
             f"- Window: {_window(b)}" + (f" · entity: {_md(b.entity)}" if b.entity else ""),
             f"- Articles: {b.articles:,}"]
    if b.coverage and b.coverage.bins:
        lines.append(f"- Coverage: `{b.coverage.first.isoformat()} {bars([n.count for n in b.coverage.bins])} "
                     f"{b.coverage.last.isoformat()}` (articles per {_bin_kind(b.coverage)})")
    lines.append("")
    lines += ["## Key names", ""]
    for heading, names in b.key_entities:
        if names:
            lines.append(f"- **{heading}**: " + ", ".join(f"{_md(n)} ({c})" for n, c in names))
    if b.flagged:
        lines += ["", "## Flagged", ""]
        for s, note in b.flagged:
            lines.append(f"- {_md(s.title or s.id)} — {_cite_md(s)}" + (f": {_md(note)}" if note else ""))
    lines += ["", "## Timeline", ""]
    for e in b.events:
        cites = "; ".join(_cite_md(b.sources[m.article_id]) for m in _one_per_article(e) if m.article_id in b.sources)
        inferred = " (date from context)" if all(m.inferred for m in e.mentions) else ""
        lines.append(f"- **{human_date(e.value, e.mod)}**{inferred} — {_md(e.sentence)} {cites}")
    if not b.events:
        lines.append("No dated events.")
    lines += ["", "## Sources", ""]
    for s in sorted(b.sources.values(), key=lambda s: (s.published or "", s.source, s.title, s.id)):
        lines.append(f"- {_md(s.title or s.id)} — {_cite_md(s)}")
    return "\n".join(lines) + "\n"


def _bin_kind(c: Coverage) -> str:
    """What one bar stands for: "day", "week" or "3 weeks"."""
    days = (c.bins[0].end - c.bins[0].start).days + 1
    return "day" if days == 1 else "week" if days == 7 else f"{days // 7} weeks"


def _chart_svg(c: Coverage) -> str:
    """The coverage as a small bar chart, one bar a bin, each with its dates and count as a tooltip."""
    top = max(b.count for b in c.bins) or 1
    width, height, bar = 6 * len(c.bins), 40, 5
    rects = []
    for i, b in enumerate(c.bins):
        h = 0 if not b.count else max(2, round(b.count / top * height))
        rects.append(f'<rect x="{6 * i}" y="{height - h}" width="{bar}" height="{h}" fill="#456">'
                     f"<title>{html.escape(b.label())}: {b.count}</title></rect>")
    return (f'<p class="chart">{c.first.isoformat()} <svg role="img" aria-label="matching articles per '
            f'{html.escape(_bin_kind(c))}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            + "".join(rects) + f"</svg> {c.last.isoformat()}</p>")


def _one_per_article(event: Event):
    seen = set()
    for m in event.mentions:
        if m.article_id not in seen:
            seen.add(m.article_id)
            yield m


def _cite_html(s: Source) -> str:
    label = html.escape(f"{s.source or 'unknown source'}, {s.published or 'undated'}")
    return f'<a href="{html.escape(s.url, quote=True)}">{label}</a>' if s.url else label


def html_page(b: Briefing) -> str:
    esc = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Briefing: {esc(b.question)}</title>",
             "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em}"
             "li{margin:.3em 0}.date{font-weight:bold}.inferred{color:#666}</style></head><body>",
             f"<h1>Briefing: {esc(b.question)}</h1>",
             f"<p>Window: {esc(_window(b))}" + (f" · entity: {esc(b.entity)}" if b.entity else "") +
             f" · {b.articles:,} articles</p>"]
    if b.coverage and b.coverage.bins:
        parts.append(_chart_svg(b.coverage))
    parts.append("<h2>Key names</h2><ul>")
    for heading, names in b.key_entities:
        if names:
            parts.append(f"<li><strong>{esc(heading)}</strong>: " +
                         ", ".join(f"{esc(n)} ({c})" for n, c in names) + "</li>")
    parts.append("</ul>")
    if b.flagged:
        parts.append("<h2>Flagged</h2><ul>")
        for s, note in b.flagged:
            parts.append(f"<li>{esc(s.title or s.id)} — {_cite_html(s)}" + (f": {esc(note)}" if note else "") + "</li>")
        parts.append("</ul>")
    parts.append("<h2>Timeline</h2><ul>")
    for e in b.events:
        cites = "; ".join(_cite_html(b.sources[m.article_id]) for m in _one_per_article(e) if m.article_id in b.sources)
        inferred = ' <span class="inferred">(date from context)</span>' if all(m.inferred for m in e.mentions) else ""
        parts.append(f'<li><span class="date">{esc(human_date(e.value, e.mod))}</span>{inferred} — '
                     f"{esc(' '.join(e.sentence.split()))} {cites}</li>")
    parts.append("</ul><h2>Sources</h2><ul>")
    for s in sorted(b.sources.values(), key=lambda s: (s.published or "", s.source, s.title, s.id)):
        parts.append(f"<li>{esc(s.title or s.id)} — {_cite_html(s)}</li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"
