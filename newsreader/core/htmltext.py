"""Main text and metadata of an HTML page, with the standard library's parser.

Scripts, styles, navigation, headers, footers, asides and forms are dropped; when the page has an
`<article>` (or else `<main>`) element, only its text is kept. Block elements become paragraph
breaks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
         "form", "button", "select", "iframe", "object", "figure"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "dd", "dt", "br", "hr",
          "figcaption", "address", "body"}
_META_KEYS = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "source",
    "og:url": "url",
    "article:published_time": "published",
    "datepublished": "published",
    "date": "published",
    "pubdate": "published",
    "publish-date": "published",
    "dc.date": "published",
    "author": "author",
}
_SPACES = re.compile(r"[ \t\f\v]+")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.parts: dict[str, list[str]] = {"all": [], "article": [], "main": []}
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_title = False
        self.in_h1 = False
        self.containers: list[str] = []

    def _emit(self, text: str) -> None:
        for name in ("all", *self.containers):
            self.parts[name].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key in _META_KEYS and values.get("content"):
                self.meta.setdefault(_META_KEYS[key], values["content"].strip())
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower() and values.get("href"):
            self.meta.setdefault("url", values["href"].strip())
            return
        if tag == "time" and values.get("datetime"):
            self.meta.setdefault("published", values["datetime"].strip())
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip_depth:
                self._emit("\n")
            return
        self.stack.append(tag)
        if self.skip_depth or tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.in_h1 = True
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
                if open_tag == "title":
                    self.in_title = False
                elif open_tag == "h1":
                    self.in_h1 = False
                if open_tag in _BLOCK:
                    self._emit("\n\n")
                if self.containers and open_tag == self.containers[-1]:
                    self.containers.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self._emit(data)


def _tidy(parts: list[str]) -> str:
    text = "".join(parts).replace("\xa0", " ")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        line = _SPACES.sub(" ", block.replace("\n", " ")).strip()
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


def extract_html(html: str) -> tuple[dict[str, str], str]:
    """Return (metadata, main text) of an HTML page.

    Metadata keys: title, source, url, published, author, where the page gives them.
    """
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    meta = dict(parser.meta)
    h1 = _SPACES.sub(" ", "".join(parser.h1_parts)).strip()
    page_title = _SPACES.sub(" ", "".join(parser.title_parts)).strip()
    if h1:
        meta.setdefault("title", h1)
    elif page_title:
        meta.setdefault("title", page_title)
    for name in ("article", "main"):
        text = _tidy(parser.parts[name])
        if len(text.split()) >= 20:
            return meta, text
    return meta, _tidy(parser.parts["all"])
