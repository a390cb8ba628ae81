"""A news-like index of three segments with deleted documents, shared by the search tests (the
shape in which Whoosh's matcher shortcuts went wrong)."""

from __future__ import annotations

import pytest
from whoosh.filedb.filestore import RamStorage

from newsreader.bench.synthetic import generate
from newsreader.core import whoosh_patches
from newsreader.extract.corpus import load_file
from newsreader.core.schema import make_schema

whoosh_patches.apply()  # the tests' in-memory indexes do not go through index_meta.storage


def _segmented_index(files, segment: int, delete_every: int, extra_fields=lambda n, article: {}):
    """An index of the synthetic `files`, `segment` articles a segment (never merged), with
    every `delete_every`-th article then deleted; `extra_fields(n, article)` adds fields."""
    ix = RamStorage().create_index(make_schema())
    for start in range(0, len(files), segment):
        writer = ix.writer()
        for n, path in enumerate(files[start:start + segment], start=start):
            article = load_file(path).articles[0]
            writer.add_document(id=path.stem, path=path.stem, title=article.title, body=article.body,
                                **extra_fields(n, article))
        writer.commit(merge=False)
    writer = ix.writer()
    for path in files[::delete_every]:
        writer.delete_by_term("path", path.stem)
    writer.commit(merge=False)
    return ix


@pytest.fixture(scope="session")
def segmented_index():
    """Builds an index of synthetic articles in unmerged segments, with deletions (see above)."""
    return _segmented_index


@pytest.fixture(scope="session")
def news_searcher(tmp_path_factory):
    files = generate(tmp_path_factory.mktemp("corpus"), 1200, seed=11)
    with _segmented_index(files, 400, 7).searcher() as s:  # three segments
        yield s
