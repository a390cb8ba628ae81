"""The full headless pipeline for one article: cleaned text, entities and timeline."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .dates import find_dates
from .entities import find_entities
from .models import Article, Entity, TimelineEntry
from .tokens import sentence_spans, tokenize


@dataclass
class Extraction:
    """What the extractors found in an article's body."""

    entities: list[Entity]
    timeline: list[TimelineEntry]


def extract(article: Article) -> Extraction:
    """Return the entities and timeline entries of `article`'s body (offsets into the body)."""
    tokens = tokenize(article.body)
    sentences = sentence_spans(article.body, tokens)
    return Extraction(entities=find_entities(article.body, tokens, sentences),
                      timeline=find_dates(article.body, article.published, sentences))


def article_json(article: Article, extraction: Extraction) -> dict:
    """Return the stable JSON object of `newsreader extract --json` for one article."""
    return {
        "id": article.id,
        "path": article.key,
        "title": article.title,
        "source": article.source,
        "url": article.url or None,
        "published": article.published.isoformat() if article.published else None,
        "body": article.body,
        "entities": [asdict(e) for e in extraction.entities],
        "timeline": [asdict(t) for t in extraction.timeline],
        "extra": article.extra,
    }
