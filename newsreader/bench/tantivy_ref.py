"""tantivy (Rust, `pip install tantivy`, optional) on the same corpus and mix: a reference row
for what a compiled engine does with the same work. Used only when it is installed."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from ..extract import corpus as corpus_mod


def available() -> bool:
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


class TantivyCorpus:
    """Title and body (English stems) and the publication date, in a tantivy index at `path`."""

    def __init__(self, path: Path) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
        builder.add_date_field("published", indexed=True, stored=True, fast=True)
        self.schema = builder.build()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))
        self.tantivy = tantivy

    def build(self, root: Path) -> float:
        started = time.perf_counter()
        writer = self.index.writer()
        for file in corpus_mod.scan(root).files:
            for article in corpus_mod.parse_file(file.rel, corpus_mod.read_file(file)).articles:
                fields = {"title": [article.title], "body": [article.body]}
                if article.published:
                    fields["published"] = [datetime(article.published.year, article.published.month,
                                                    article.published.day)]
                writer.add_document(self.tantivy.Document(**fields))
        writer.commit()
        self.index.reload()
        self.searcher = self.index.searcher()
        return time.perf_counter() - started

    def search(self, text: str, limit: int = 20) -> list:
        """The top `limit` hits of a query in tantivy's syntax, with a snippet of the body."""
        q = self.index.parse_query(text, ["title", "body"])
        hits = self.searcher.search(q, limit).hits
        snippets = self.tantivy.SnippetGenerator.create(self.searcher, q, self.schema, "body")
        return [(score, snippets.snippet_from_doc(self.searcher.doc(address)).fragment()) for score, address in hits]
