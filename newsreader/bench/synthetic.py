"""A deterministic synthetic news corpus recombined from the bundled articles.

Sentences of the seed articles are shuffled into new articles of about 600 words; their named
entities are swapped for other names of the same label (from the gazetteer), and their dates
shifted, so that vocabulary, length and entity density look like news while every article differs.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

from ..core import corpus as corpus_mod
from ..core.entities import find_entities
from ..core.gazetteer import load as load_gazetteer
from ..core.tokens import sentence_spans
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


def generate(target: Path, articles: int, seed: int = 7, words: int = 600,
             source: Path | None = None) -> list[Path]:
    """Write `articles` synthetic article files under `target` (1,000 per folder), recombined from
    the articles under `source` (default: the bundled corpus); return their paths."""
    rng = random.Random(seed)
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
        path = folder / f"article-{n:06d}.txt"
        path.write_text(f"---\ntitle: {title}\nsource: {rng.choice(SOURCES)}\npublished: {published.isoformat()}\n---\n"
                        + "\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
