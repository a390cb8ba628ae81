"""A news-like index of three segments with deleted documents, shared by the search tests (the
shape in which Whoosh's matcher shortcuts went wrong)."""

from __future__ import annotations

import pytest
from whoosh.filedb.filestore import RamStorage

from newsreader.bench.synthetic import generate
from newsreader.core import whoosh_patches  # noqa: F401
from newsreader.core.corpus import load_file
from newsreader.core.schema import make_schema


@pytest.fixture(scope="session")
def news_searcher(tmp_path_factory):
    files = generate(tmp_path_factory.mktemp("corpus"), 1200, seed=11)
    ix = RamStorage().create_index(make_schema())
    for start in range(0, len(files), 400):  # three segments
        writer = ix.writer()
        for path in files[start:start + 400]:
            article = load_file(path).articles[0]
            writer.add_document(id=path.stem, path=path.stem, title=article.title, body=article.body)
        writer.commit(merge=False)
    writer = ix.writer()
    for path in files[::7]:
        writer.delete_by_term("path", path.stem)
    writer.commit(merge=False)
    with ix.searcher() as s:
        yield s
