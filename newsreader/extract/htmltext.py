"""Main text and metadata of a saved HTML page.

The main text comes from trafilatura (see pyproject.toml for why), which scores the page's blocks
by text density, links and markup and drops menus, teasers, comment threads and banners. When it
finds next to nothing (a page of a few lines, or one lxml cannot parse), the standard library's
parser here gives the text of the page's `<article>` (else `<main>`, else the whole page) with
scripts, navigation, headers, footers and asides dropped. The metadata is chosen (`pagemeta.py`)
from the facts the page's tree states: meta tags, JSON-LD, the first `<h1>`, `<title>`, `<time>`.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

from .pagemeta import PageFacts, one_line, page_metadata

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
         "button", "select", "iframe", "object", "figure"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "dd", "dt", "br", "hr",
          "figcaption", "address", "body", "form"}
_SPACES = re.compile(r"[ \t\f\v]+")
_MIN_WORDS = 20  # below this, an <article> or <main> is a teaser, not the page's text


class _Reader(HTMLParser):
    """The fallback: the page's text by container, with furniture elements dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.parts: dict[str, list[str]] = {"all": [], "article": [], "main": []}
        self.containers: list[str] = []

    def _emit(self, text: str) -> None:
        for name in ("all", *self.containers):
            self.parts[name].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip_depth:
                self._emit("\n")
            return
        self.stack.append(tag)
        if self.skip_depth or tag in _SKIP or tag == "title":
            self.skip_depth += 1
            return
        if tag in ("article", "main"):
            self.containers.append(tag)
        if tag in _BLOCK:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _VOID or tag not in self.stack:
            return
        # Close everything opened after `tag` too: real pages leave tags unclosed.
        while self.stack:
            open_tag = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            else:
                if open_tag in _BLOCK:
                    self._emit("\n\n")
                if self.containers and open_tag == self.containers[-1]:
                    self.containers.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self._emit(data)


def _facts(tree) -> PageFacts:
    """What the page states about itself: meta tags, JSON-LD, canonical link, times, headings."""
    facts = PageFacts()
    for element in tree.iter("meta", "link", "time", "script", "title", "h1"):
        tag, values = element.tag, {k.lower(): v for k, v in element.attrib.items()}
        if tag == "meta":
            facts.add_meta(values)
        elif tag == "link":
            if "canonical" in values.get("rel", "").lower().split() and values.get("href"):
                facts.canonical = facts.canonical or values["href"].strip()
        elif tag == "time":
            facts.add_time(values)
        elif tag == "script":
            if "ld+json" in values.get("type", "").lower() and element.text:
                facts.add_jsonld(element.text)
        elif tag == "title":
            facts.page_title = facts.page_title or one_line(element.text_content())
        elif not facts.h1 and not any(a.tag in _SKIP for a in element.iterancestors()):
            facts.h1 = one_line(element.text_content())
    return facts


def _tidy(parts: list[str]) -> str:
    text = "".join(parts).replace("\xa0", " ")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        line = _SPACES.sub(" ", block.replace("\n", " ")).strip()
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


def _fallback_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    for name in ("article", "main"):
        text = _tidy(reader.parts[name])
        if len(text.split()) >= _MIN_WORDS:
            return text
    return _tidy(reader.parts["all"])


def _quiet_logs() -> None:
    # trafilatura and the libraries it uses log page-level warnings ("discarding data", "empty
    # HTML tree"); with no handler set Python prints them on stderr, under the reader's screen.
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def extract_html(html: str) -> tuple[dict[str, str], str]:
    """Return (metadata, main text) of an HTML page; paragraphs are separated by blank lines.

    Metadata keys: title, source, url, published (YYYY-MM-DD, the day the page states), author,
    where the page gives them.
    """
    import trafilatura  # imported here: lxml and trafilatura cost ~100 ms, and only HTML needs them
    from trafilatura.utils import load_html

    _quiet_logs()
    text, facts = "", PageFacts()
    try:
        tree = load_html(html)
        if tree is not None:
            facts = _facts(tree)
            text = trafilatura.extract(tree, include_comments=False, include_tables=True, favor_recall=True,
                                       with_metadata=False, deduplicate=False, output_format="txt") or ""
    except Exception:  # lxml gives up on some broken pages: the fallback below reads them
        pass
    text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    if len(text.split()) < _MIN_WORDS:  # a page of a few lines, or one trafilatura cannot read
        fallback = _fallback_text(html)
        if len(fallback.split()) > len(text.split()):
            text = fallback
    return page_metadata(facts, text), text
