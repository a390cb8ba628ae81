"""The Whoosh schema of an article index, and the analysers of its fields."""

from __future__ import annotations

import functools

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StripFilter
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from .positions_format import encode_positions, use_array_positions

SCHEMA_VERSION = 9
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


class _AcceptsPreAnalyzed:
    """A field that files a `PreAnalyzed` value's postings as they are."""

    def index(self, value, **kwargs):
        if isinstance(value, PreAnalyzed):
            return iter(value.postings)
        return super().index(value, **kwargs)


class AnalyzedText(_AcceptsPreAnalyzed, TEXT):
    """A TEXT field that also accepts `PreAnalyzed` values, so that stemming and position encoding
    happen in the process pool that extracts articles, not in the single writer process."""


class AnalyzedKeyword(_AcceptsPreAnalyzed, KEYWORD):
    """A KEYWORD field that also accepts `PreAnalyzed` values."""


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
    words = []
    append = words.append
    for match in tokenizer.expression.finditer(text):
        word = match.group().lower()
        stemmed = stems.get(word)
        if stemmed is None:
            stemmed = stems[word] = word if word in ignore else stem(word)
        append(stemmed)
    return _with_positions(words, field.format.field_boost)


def _with_positions(words: list[str], boost: float) -> PreAnalyzed:
    """Whoosh's postings of a field with positions, from its analysed words in order."""
    positions: dict[str, list[int]] = {}
    for pos, word in enumerate(words):
        found = positions.get(word)
        if found is None:
            positions[word] = [pos]
        else:
            found.append(pos)
    return PreAnalyzed([(word.encode("utf-8"), len(found), float(len(found)) * boost, encode_positions(found))
                        for word, found in positions.items()])


def analyse_names(text: str) -> PreAnalyzed:
    """Return the postings of `text` in an entity name field (person, org, place, norp): what
    Whoosh's `field.index(text)` yields (tested), in one loop rather than its chain of generators
    in the writer (0.3 ms an article there, for some 100 postings)."""
    field = analysis_schema()["person"]
    tokenizer, undot, lowercase = field.analyzer.items
    assert isinstance(undot, _Undot) and isinstance(lowercase, LowercaseFilter)
    assert not tokenizer.gaps and not tokenizer.expression.groups  # findall gives whole words
    # Never empty once undotted: each word begins with a letter or digit.
    words = [word.replace(".", "").lower() for word in tokenizer.expression.findall(text)]
    return _with_positions(words, field.format.field_boost)


def analyse_keywords(keywords: list[str]) -> PreAnalyzed:
    """Return the postings of the `facets` field whose value is `keywords` joined by commas, as
    Whoosh's `field.index` yields them (tested): each distinct keyword, stripped, with its count."""
    field = analysis_schema()["facets"]
    tokenizer, strip = field.analyzer.items
    assert isinstance(strip, StripFilter) and not tokenizer.gaps and not tokenizer.expression.groups
    counts: dict[str, int] = {}
    for keyword in tokenizer.expression.findall(",".join(keywords)):
        keyword = keyword.strip()
        counts[keyword] = counts.get(keyword, 0) + 1
    boost = field.format.field_boost
    return PreAnalyzed([(word.encode("utf-8"), count, float(count) * boost, pack_uint(count))
                        for word, count in counts.items()])


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
        person=AnalyzedText(analyzer=names),
        org=AnalyzedText(analyzer=names),
        place=AnalyzedText(analyzer=names),
        norp=AnalyzedText(analyzer=names),
        facets=AnalyzedKeyword(commas=True, scorable=False),
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
