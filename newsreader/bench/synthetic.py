"""A deterministic synthetic news corpus recombined from the bundled articles.

Sentences of the seed articles are shuffled into new articles of about 600 words; their named
entities are swapped for other names of the same label (from the gazetteer), and their dates
shifted, so that vocabulary, length and entity density look like news while every article differs.
"""

from __future__ import annotations

import html
import random
import re
from datetime import date, timedelta
from pathlib import Path

from ..extract import corpus as corpus_mod
from ..extract.entities import find_entities
from ..extract.gazetteer import load as load_gazetteer
from ..extract.tokens import sentence_spans
from ..paths import bundled_corpus

SOURCES = ["Reuters", "AFP", "Associated Press", "Bloomberg", "Al Jazeera", "France 24", "BBC", "Anadolu Agency"]
HEADLINES = ["{p} rejects {o} call for talks on {g}", "Fighting near {g} as {o} warns of escalation",
             "{p} visits {g} amid pressure from {o}", "{o} says {g} offensive enters new phase",
             "Talks in {g} stall as {p} digs in", "{g} braces for more clashes, {o} says"]
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _pools(gazetteer) -> dict[str, list[str]]:
    pools: dict[str, set[str]] = {"PERSON": set(), "ORG": set(), "GPE": set(), "LOC": set(), "NORP": set()}
    for entry in gazetteer.names.values():
        pools[entry.label].add(entry.canonical)
    return {label: sorted(names) for label, names in pools.items()}


def _sentences(source: Path) -> list[tuple[str, list]]:
    """Return (sentence, entities within it with sentence offsets) from the articles of `source`."""
    found = []
    scan = corpus_mod.scan(source)
    for file in scan.files:
        for article in corpus_mod.parse_file(file.rel, corpus_mod.read_file(file)).articles:
            body = article.body
            entities = find_entities(body)
            for start, end in sentence_spans(body):
                sentence = body[start:end]
                if len(sentence.split()) < 6:
                    continue
                inside = [(e.start - start, e.end - start, e.label) for e in entities if start <= e.start and e.end <= end]
                found.append((sentence, inside))
    return found


def _vary(sentence: str, entities: list, pools: dict[str, list[str]], rng: random.Random, shift: int) -> str:
    out, last = [], 0
    for start, end, label in entities:
        out.append(sentence[last:start])
        out.append(rng.choice(pools[label]) if pools[label] and rng.random() < 0.7 else sentence[start:end])
        last = end
    out.append(sentence[last:])
    text = "".join(out)
    return _YEAR.sub(lambda m: str(min(2025, max(1990, int(m.group()) + shift))), text)


def _page(title: str, source: str, published: date, body: list[str], n: int) -> str:
    """A saved news page of the usual shape: menus, the story in <article>, teasers, a footer."""
    esc = html.escape
    menu = "".join(f"<li><a href='/section/{k}'>Section {k}</a></li>" for k in range(10))
    teasers = "".join(f"<article class='teaser'><h3><a href='/story/{n}-{k}'>More news, story {k}</a></h3>"
                      f"<p>A short teaser for another story.</p></article>" for k in range(4))
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in body)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(title)} | {esc(source)}</title>"
            f"<meta property='og:site_name' content='{esc(source)}'>"
            f"<script type='application/ld+json'>{{\"@type\": \"NewsArticle\", "
            f"\"datePublished\": \"{published.isoformat()}T09:00:00+01:00\"}}</script>"
            f"<script>var analytics = {{page: {n}}};</script></head><body>"
            f"<header><nav><ul>{menu}</ul></nav></header><main><article><h1>{esc(title)}</h1>"
            f"<p class='byline'>By Staff Reporter</p>{paragraphs}</article>"
            f"<aside><h2>Related</h2>{teasers}</aside></main>"
            f"<footer><p>Contact us</p><p>Terms of use</p><p>Privacy policy</p></footer></body></html>")


def generate(target: Path, articles: int, seed: int = 7, words: int = 600,
             source: Path | None = None, html_share: float = 0.0) -> list[Path]:
    """Write `articles` synthetic article files under `target` (1,000 per folder), recombined from
    the articles under `source` (default: the bundled corpus); return their paths. A share
    `html_share` of them are written as saved web pages instead of front-matter text."""
    rng = random.Random(seed)
    as_page = random.Random(seed + 1)  # its own stream: the articles are the same at any share
    pools = _pools(load_gazetteer())
    sentences = _sentences(source or bundled_corpus())
    if not sentences:
        raise ValueError(f"no article sentences to recombine under {source}")
    start_day = date(2015, 1, 1)
    paths = []
    for n in range(articles):
        published = start_day + timedelta(days=rng.randrange(3650))
        shift = published.year - 2019
        body, count, paragraph = [], 0, []
        while count < words:
            sentence, entities = rng.choice(sentences)
            text = _vary(sentence, entities, pools, rng, shift)
            paragraph.append(text)
            count += len(text.split())
            if len(paragraph) >= rng.randint(2, 4):
                body.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            body.append(" ".join(paragraph))
        title = rng.choice(HEADLINES).format(p=rng.choice(pools["PERSON"]), o=rng.choice(pools["ORG"]),
                                             g=rng.choice(pools["GPE"]))
        folder = target / f"{n // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        site = rng.choice(SOURCES)
        if html_share and as_page.random() < html_share:
            path = folder / f"article-{n:06d}.html"
            path.write_text(_page(title, site, published, body, n), encoding="utf-8")
        else:
            path = folder / f"article-{n:06d}.txt"
            path.write_text(f"---\ntitle: {title}\nsource: {site}\npublished: {published.isoformat()}\n---\n"
                            + "\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
