"""Terminal output of the CLI: search hits, articles, index reports.

On a terminal, Rich styles the output (and honours NO_COLOR); when piped, output is plain text
with query matches marked `[[like this]]`. Article text is always data: it goes into Rich `Text`
objects (never parsed as markup) after `neutralise`.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.text import Text

from .extract.models import Article, Entity, SearchHit, SearchResult
from .extract.safety import neutralise
from .extract.timeline import Event
from .styles import LEGEND, MATCH_STYLE, entity_style



def make_console(file: TextIO | None = None) -> Console:
    """Return a Console that never interprets markup or highlights on its own."""
    return Console(file=file or sys.stdout, highlight=False, markup=False, emoji=False, soft_wrap=False)


def _marked_plain(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(f"[[{text[start:end]}]]")
        last = end
    out.append(text[last:])
    return "".join(out)


def _marked_rich(text: str, spans: list[tuple[int, int]]) -> Text:
    rich_text = Text(text)
    for start, end in spans:
        rich_text.stylize(MATCH_STYLE, start, end)
    return rich_text


def _meta_line(source: str, published, extra: list[str]) -> str:
    parts = [source or "unknown source", published.isoformat() if published else "undated", *extra]
    return " · ".join(parts)


def print_hits(console: Console, result: SearchResult, plain: bool) -> None:
    """Print ranked hits: title, source · date · score · id, and a highlighted snippet."""
    for rank, hit in enumerate(result.hits, start=1):
        _print_hit(console, rank, hit, plain)
    about = "" if result.exact_total else "about "
    summary = f"{about}{result.total} match{'es' if result.total != 1 else ''} in {result.elapsed_ms:.0f} ms"
    if result.total > len(result.hits):
        summary += f" (showing {len(result.hits)})"
    if result.partial:
        summary += " — stopped at the time limit; narrow the query for complete results"
    _line(console, summary, plain, "dim")
    if result.suggestion:
        _line(console, f"Did you mean: {neutralise(result.suggestion)}", plain, "yellow")


def _print_hit(console: Console, rank: int, hit: SearchHit, plain: bool) -> None:
    title = neutralise(hit.title) or hit.key
    extra = [f"score {hit.score:.2f}", f"id {hit.id}"]
    if hit.copies:
        extra.append(f"+{len(hit.copies)} cop{'y' if len(hit.copies) == 1 else 'ies'} "
                     f"({', '.join(neutralise(source) or 'unknown source' for _, source in hit.copies)})")
    meta = _meta_line(neutralise(hit.source), hit.published, extra)
    snippet = neutralise(hit.snippet)
    if plain:
        console.file.write(f"{rank:>2}. {title}\n    {meta}\n    {_marked_plain(snippet, hit.highlights)}\n\n")
        return
    console.print(Text.assemble((f"{rank:>2}. ", "dim"), (title, "bold")))
    console.print(Text("    " + meta, style="dim"))
    console.print(Text("    ") + _marked_rich(snippet, hit.highlights))
    console.print()


def _line(console: Console, text: str, plain: bool, style: str) -> None:
    if plain:
        console.file.write(text + "\n")
    else:
        console.print(Text(text, style=style))


def _marked_entities_plain(text: str, entities: list[Entity]) -> str:
    out, last = [], 0
    for entity in entities:
        if entity.start < last:
            continue
        out.append(text[last:entity.start])
        out.append(f"[[{text[entity.start:entity.end]}|{entity.label}]]")
        last = entity.end
    out.append(text[last:])
    return "".join(out)


def print_article(console: Console, article: Article, plain: bool, entities: list[Entity] | None = None,
                  mark: bool = False) -> None:
    """Print an article: title, a metadata line, then the cleaned body with entities styled.

    Piped (`plain`), the body is plain text, or with `mark` entities as [[text|LABEL]].
    """
    entities = entities or []
    meta = _meta_line(neutralise(article.source), article.published, [f"id {article.id}", article.key])
    body = neutralise(article.body)
    if plain:
        lines = [neutralise(article.title), meta]
        if article.url:
            lines.append(neutralise(article.url))
        text = _marked_entities_plain(body, entities) if mark else body
        console.file.write("\n".join(lines) + "\n\n" + text + "\n")
        return
    console.print(Text(neutralise(article.title), style="bold"))
    console.print(Text(meta, style="dim"))
    if article.url:
        console.print(Text(neutralise(article.url), style="dim underline"))
    if entities:
        legend = Text("  ".join(name for _, name in LEGEND))
        pos = 0
        for label, name in LEGEND:
            legend.stylize(entity_style(label, console.no_color), pos, pos + len(name))
            pos += len(name) + 2
        console.print(legend)
    console.print()
    rich_body = Text(body)
    for entity in entities:
        rich_body.stylize(entity_style(entity.label, console.no_color), entity.start, entity.end)
    console.print(rich_body)


def print_entity_counts(console: Console, rows: list[tuple[str, str, int]], plain: bool) -> None:
    """Print entity facet rows: article count, label, canonical name."""
    for label, name, count in rows:
        if plain:
            console.file.write(f"{count:>6}  {label:<6}  {name}\n")
        else:
            line = Text(f"{count:>6}  {label:<6}  ")
            line.append(neutralise(name), style=entity_style(label, console.no_color))
            console.print(line)


def print_timeline(console: Console, events: list[Event], articles: int, plain: bool) -> None:
    """Print merged events: the value, the sentence with its date expression marked, the sources."""
    for event in events:
        first = event.mentions[0]
        sentence = neutralise(" ".join(event.sentence.split()))
        where = sentence.find(first.text)
        spans = [(where, where + len(first.text))] if where >= 0 else []
        value = event.value + (f" ({event.mod.lower()})" if event.mod else "") + \
            ("~" if all(m.inferred for m in event.mentions) else "")
        others = f" +{event.sources - 1} more source{'s' if event.sources > 2 else ''}" if event.sources > 1 else ""
        origin = f"{neutralise(first.source) or 'unknown source'} · {first.article_id}{others}"
        if plain:
            console.file.write(f"{value:<16}{_marked_plain(sentence, spans)}\n{'':<16}{origin}\n")
            continue
        line = Text(f"{value:<16}", style="bold")
        line.append_text(_marked_rich(sentence, spans))
        console.print(line)
        console.print(Text(f"{'':<16}{origin}", style="dim"))
    inferred = sum(all(m.inferred for m in e.mentions) for e in events)
    note = f" ({inferred} dated from context, marked ~)" if inferred else ""
    _line(console, f"{len(events)} dated events from {articles} article{'s' if articles != 1 else ''}{note}",
          plain, "dim")
