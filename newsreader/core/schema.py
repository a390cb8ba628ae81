"""The Whoosh schema of an article index, and the analysers of its fields."""

from __future__ import annotations

import functools

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from .positions_format import encode_positions, use_array_positions

SCHEMA_VERSION = 8
"""Bumped whenever the schema or what is stored changes: an older index is rebuilt."""

# Query fields of entity labels; GPE and LOC share "place".
ENTITY_FIELDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "norp"}


class _Undot(Filter):
    """Index "U.N." as "UN", so that org:un, org:UN and org:U.N. all match."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = token.text.replace(".", "")
            if token.text:
                yield token


class PreAnalyzed:
    """A field value analysed already (in a worker process): Whoosh's (term, frequency, weight,
    encoded positions) tuples, ready for the writer."""

    __slots__ = ("postings",)

    def __init__(self, postings: list) -> None:
        self.postings = postings


class AnalyzedText(TEXT):
    """A TEXT field that also accepts `PreAnalyzed` values, so that stemming and position encoding
    happen in the process pool that extracts articles, not in the single writer process."""

    def index(self, value, **kwargs):
        if isinstance(value, PreAnalyzed):
            return iter(value.postings)
        return super().index(value, **kwargs)


@functools.cache
def analysis_schema() -> Schema:
    """One schema per process for analysing field values outside a writer."""
    return make_schema()


_STEMS: dict[str, str] = {}  # word -> stem, per process (Whoosh's own cache is a Python wrapper)
_MAX_STEMS = 200_000


def analyse_body(text: str) -> PreAnalyzed:
    """Return the body field's postings of `text`: exactly what Whoosh's `field.index(text)`
    yields (tested), made in one loop over the words instead of a chain of generators passing
    token objects (1.4 -> 0.9 ms an article measured, in a build's worker processes); stems
    remembered in a plain dictionary and positions encoded inline took a further fifth off
    (1.35 -> 1.1 ms, measured side by side on a slower day)."""
    field = analysis_schema()["body"]
    tokenizer, lowercase, stemmer = field.analyzer.items  # the chain of StemmingAnalyzer(stoplist=None)
    assert isinstance(lowercase, LowercaseFilter) and not tokenizer.gaps
    stem, ignore, stems = stemmer.stemfn, stemmer.ignore, _STEMS
    if len(stems) > _MAX_STEMS:
        stems.clear()
    positions: dict[str, list[int]] = {}
    for pos, match in enumerate(tokenizer.expression.finditer(text)):
        word = match.group().lower()
        stemmed = stems.get(word)
        if stemmed is None:
            stemmed = stems[word] = word if word in ignore else stem(word)
        found = positions.get(stemmed)
        if found is None:
            positions[stemmed] = [pos]
        else:
            found.append(pos)
    boost = field.format.field_boost
    return PreAnalyzed([(word.encode("utf-8"), len(found), float(len(found)) * boost, encode_positions(found))
                        for word, found in positions.items()])


def name_analyzer():
    """Analyzer of entity name fields: words (dots kept together), undotted, lower-cased."""
    return RegexTokenizer(r"\w+(?:\.\w+)*\.?") | _Undot() | LowercaseFilter()


def make_schema() -> Schema:
    """Return the Whoosh schema of an article index."""
    words = StemmingAnalyzer(stoplist=None)
    names = name_analyzer()
    schema = Schema(
        id=ID(stored=True, unique=True),
        key=ID(stored=True, unique=True),
        path=ID(stored=True, sortable=True),
        hash=ID(stored=True, sortable=True),
        title=TEXT(stored=True, analyzer=words, field_boost=2.0, spelling=True),
        body=AnalyzedText(stored=True, analyzer=words),
        source=TEXT(stored=True),
        url=STORED,
        published=DATETIME(stored=True, sortable=True),
        extra=STORED,
        person=TEXT(analyzer=names),
        org=TEXT(analyzer=names),
        place=TEXT(analyzer=names),
        norp=TEXT(analyzer=names),
        facets=KEYWORD(commas=True, scorable=False),
        # The article's timeline (a pickled tuple) in a column of its own, so that a corpus
        # timeline reads it without unpickling every article body; uncompressed, as
        # decompressing it was a tenth of a corpus timeline (the index grows by a fifth).
        timeline=COLUMN(VarBytesColumn()),
    )
    use_array_positions(schema)
    return schema


def facet_value(label: str, canonical: str) -> str:
    """The `facets` term of an entity: its label and canonical name (commas separate terms)."""
    return f"{label}:{canonical.replace(',', ' ')}"
