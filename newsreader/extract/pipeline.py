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


# Entities and dates are looked for in the first million characters of a body (about 170,000
# words, 2-3 s here), ended at a paragraph: a 10 MB "article" (a dump, a log) took a minute and
# close to 1 GB to tag whole, and no news story is near this size. The text beyond is shown
# and searched, untagged.
EXTRACT_MAX_CHARS = 1_000_000


def tagged_part(body: str) -> str:
    """The part of `body` that `extract` tags: all of it, or its first EXTRACT_MAX_CHARS
    characters ended at a paragraph break (at a line break, a space, when there is none)."""
    if len(body) <= EXTRACT_MAX_CHARS:
        return body
    head = body[:EXTRACT_MAX_CHARS]
    for sep in ("\n\n", "\n", " "):
        cut = head.rfind(sep)
        if cut > EXTRACT_MAX_CHARS // 2:
            return head[:cut]
    return head


def extract(article: Article) -> Extraction:
    """Return the entities and timeline entries of `article`'s body (offsets into the body);
    only `tagged_part(body)` is looked at."""
    body = tagged_part(article.body)
    tokens = tokenize(body)
    sentences = sentence_spans(body, tokens)
    return Extraction(entities=find_entities(body, tokens, sentences),
                      timeline=find_dates(body, article.published, sentences))


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
