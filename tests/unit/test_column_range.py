"""Date ranges matched from the `published` column find exactly what Whoosh's numeric range
finds, with the same scores, alone and inside other queries, with deleted and undated articles;
text columns read a segment at a time hold what Whoosh reads one document at a time."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from whoosh import query
from whoosh.filedb.filestore import RamStorage

from newsreader.core.column_range import ColumnRange, column_range, column_texts
from newsreader.core.index_meta import storage
from newsreader.core.query import make_parser, parse_query
from newsreader.core.schema import make_schema

WORDS = ["ceasefire", "tripoli", "talks", "offensive", "militia", "geneva", "oil", "port"]


@pytest.fixture(scope="module")
def searcher():
    rng = random.Random(5)
    ix = RamStorage().create_index(make_schema())
    first = datetime(2018, 1, 1)
    for segment in range(3):
        writer = ix.writer()
        for n in range(300):
            doc = {"id": f"{segment}-{n}", "path": f"{segment}-{n}",
                   "body": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))}
            if n % 9:  # every ninth article has no date
                doc["published"] = first + timedelta(days=rng.randint(0, 3 * 365))
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = ix.writer()
    for segment in range(3):
        for n in range(0, 300, 7):
            writer.delete_by_term("path", f"{segment}-{n}")
    writer.commit(merge=False)
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) == 3 and s.reader().has_deletions()
        yield s


def _hits(searcher, q, limit=None):
    return [(h.docnum, round(h.score, 9)) for h in searcher.search(q, limit=limit)]


def _bounds(searcher):
    field = searcher.schema["published"]
    rng = random.Random(9)
    for i in range(60):
        start = field.prepare_datetime(datetime(2018, 1, 1) + timedelta(days=rng.randint(-30, 3 * 365)))
        end = start + rng.choice([1, 86_400 * 10**6 - 1, 30 * 86_400 * 10**6, 400 * 86_400 * 10**6])
        yield (None if i % 5 == 0 else start), (None if i % 7 == 0 else end), i % 3 == 0, i % 4 == 0


def test_column_range_matches_numeric_range(searcher):
    checked = 0
    for start, end, startexcl, endexcl in _bounds(searcher):
        whoosh = query.NumericRange("published", start, end, startexcl, endexcl, constantscore=True)
        ours = ColumnRange("published", start, end, startexcl, endexcl, constantscore=True)
        expected = _hits(searcher, whoosh)
        assert _hits(searcher, ours) == expected
        assert ours.estimate_size(searcher.reader()) == len(expected)
        for other in (query.Term("body", "ceasefir"), query.Or([query.Term("body", "oil"), query.Term("body", "port")])):
            assert _hits(searcher, query.And([other, ours]), 10) == _hits(searcher, query.And([other, whoosh]), 10)
            assert _hits(searcher, query.Or([other, ours]), 10) == _hits(searcher, query.Or([other, whoosh]), 10)
        checked += bool(expected)
    assert checked > 30  # most ranges found something: the comparison was not of empty lists


def test_undated_and_deleted_articles_never_match(searcher):
    everything = ColumnRange("published", None, None, constantscore=True)
    found = {searcher.stored_fields(docnum)["id"] for docnum, _ in _hits(searcher, everything)}
    assert found and not any(int(doc_id.split("-")[1]) % 9 == 0 for doc_id in found)
    assert not any(int(doc_id.split("-")[1]) % 7 == 0 for doc_id in found)


def test_parsed_date_queries_use_the_column(searcher):
    parser = make_parser(searcher.schema)
    for text in ("published:2019", "date:[2018-03 TO 2019-02-15]", "ceasefire date:[2019 TO]",
                 "oil OR published:2018-06-01"):
        q = parse_query(text, searcher.schema, parser)
        ranges = [leaf for leaf in q.leaves() if isinstance(leaf, query.NumericRange)]
        assert ranges and all(type(leaf) is ColumnRange for leaf in ranges)
    # A query without ranges is returned as it was.
    q = parse_query("oil port", searcher.schema, parser)
    assert all(column_range(leaf, searcher.schema) is leaf for leaf in q.leaves())


def test_text_columns_read_whole_hold_each_documents_value(searcher, tmp_path):
    ix = storage(tmp_path).create_index(make_schema())  # on disk, read without memory maps
    for part in range(2):
        writer = ix.writer()
        for n in range(50):
            writer.add_document(id=f"{part}-{n}", path=f"dossier-{part}/é{n}.txt", hash=f"h{n * 7}" if n % 5 else None)
        writer.commit(merge=False)
    writer = ix.writer()
    writer.delete_by_term("path", "dossier-0/é3.txt")
    writer.commit(merge=False)
    on_disk = storage(tmp_path).open_index().reader()
    for reader in (searcher.reader(), on_disk):
        for segment, _ in reader.leaf_readers():
            for fieldname in ("path", "hash"):
                expected = [segment.column_reader(fieldname)[n] for n in range(segment.doc_count_all())]
                assert column_texts(segment, fieldname) == expected
    assert column_texts(on_disk.leaf_readers()[1][0], "path")[4] == "dossier-1/é4.txt"
    assert column_texts(on_disk.leaf_readers()[0][0], "hash")[:3] == ["", "h7", "h14"]
