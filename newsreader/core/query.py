"""The query language: parsing user queries into Whoosh queries, with one-line errors.

Whoosh's parser never fails; it quietly turns mistakes into odd queries. `parse_query` checks
the string first (quotes, brackets, empty or unknown fields, date values) so that a user gets a
clear message instead of a surprising result.
"""

from __future__ import annotations

import re

from whoosh import qparser, query
from whoosh.fields import Schema

from ..extract.gazetteer import load, text_key
from ..extract.safety import neutralise
from .column_range import column_range

# Field names a user may type, mapped to schema fields; later issues add entity fields.
FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "body": "body",
    "text": "body",
    "source": "source",
    "published": "published",
    "date": "published",
    "path": "path",
    "id": "id",
    "person": "person",
    "people": "person",
    "org": "org",
    "organisation": "org",
    "organization": "org",
    "place": "place",
    "gpe": "place",
    "loc": "place",
    "norp": "norp",
}
DEFAULT_FIELDS = ("title", "body")
MAX_QUERY_CHARS = 2000

_FIELD_PREFIX = re.compile(r'(?:^|(?<=[\s(]))([A-Za-z_]+):(?=(\S?))')
_DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DATE_RANGE = re.compile(r"^\[\s*(?:(\S+)\s+)?to(?:\s+(\S+))?\s*\]$", re.IGNORECASE)


class QueryError(ValueError):
    """A query the user must fix; the message is one line."""


def _check_syntax(text: str, schema: Schema) -> None:
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: add the closing "')
    depth = {"(": 0, "[": 0, "{": 0}
    closers = {")": "(", "]": "[", "}": "{"}
    in_phrase = False
    for ch in text:
        if ch == '"':
            in_phrase = not in_phrase
        elif in_phrase:
            continue
        elif ch in depth:
            depth[ch] += 1
        elif ch in closers:
            depth[closers[ch]] -= 1
            if depth[closers[ch]] < 0:
                raise QueryError(f"unbalanced '{ch}': nothing to close")
    for opener, count in depth.items():
        if count:
            closer = {"(": ")", "[": "]", "{": "}"}[opener]
            raise QueryError(f"unbalanced '{opener}': add the closing '{closer}'")
    for match in _FIELD_PREFIX.finditer(text):
        name, following = match.group(1), match.group(2)
        if name.lower() not in FIELD_ALIASES:
            known = ", ".join(sorted(set(FIELD_ALIASES)))
            raise QueryError(f"unknown field '{name}:' (fields: {known})")
        if not following:
            raise QueryError(f"'{name}:' needs a value, e.g. {name}:word")
        if FIELD_ALIASES[name.lower()] == "published":
            _check_date_value(text[match.end():])


_OPERATOR_TOKENS = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_BINARY = ("AND", "OR")


def _check_operators(text: str) -> None:
    """Refuse an operator with nothing to join: `AND` alone, `tripoli AND`, `OR tripoli`,
    `tripoli NOT`, `a AND OR b`. Whoosh read each of them as a word ("and", "not") and found
    whatever held it."""
    tokens = _OPERATOR_TOKENS.findall(text)
    for i, token in enumerate(tokens):
        if token not in (*_BINARY, "NOT"):
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after is None or after == ")" or after in _BINARY:
            needs = "a word after it" if token == "NOT" else "a word on each side"
            raise QueryError(f"'{token}' needs {needs}, e.g. haftar {token} misrata")
        if token in _BINARY and (before is None or before == "(" or before in (*_BINARY, "NOT")):
            raise QueryError(f"'{token}' needs a word on each side, e.g. haftar {token} misrata")


def _check_date_value(rest: str) -> None:
    if rest.startswith("["):
        end = rest.find("]")
        match = _DATE_RANGE.match(rest[: end + 1])
        if not match:
            raise QueryError("a date range is written published:[2019-04-01 TO 2019-05-31]")
        for value in match.groups():
            if value and not _DATE_VALUE.match(value):
                raise QueryError(f"'{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        return
    value = rest.split()[0] if rest.split() else ""
    if not _DATE_VALUE.match(value):
        raise QueryError(f"'{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")


def _rewrite_fields(text: str) -> str:
    """Replace user field aliases (`date:`, `text:`) with schema field names."""
    return _FIELD_PREFIX.sub(lambda m: FIELD_ALIASES[m.group(1).lower()] + ":", text)


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Return the Whoosh parser for the query language (AND by default, fuzzy `word~`)."""
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


def _errors(q: query.Query) -> list[str]:
    return [str(node.error) for node in [q, *q.leaves()] if getattr(node, "error", None)]


def _check_wildcards(q: query.Query) -> None:
    for node in q.leaves():
        if isinstance(node, (query.Prefix, query.Wildcard)) and not node.text.strip("*?"):
            raise QueryError("a wildcard needs at least one letter, e.g. trip*")


def parse_query(text: str, schema: Schema, parser: qparser.QueryParser | None = None) -> query.Query:
    """Return the Whoosh query for `text`; raises QueryError with a one-line message."""
    text = neutralise(text).strip()  # a lone surrogate cannot be encoded into an index term
    if not text:
        raise QueryError("empty query")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    _check_syntax(text, schema)
    _check_operators(text)
    parser = parser or make_parser(schema)
    try:
        q = parser.parse(_rewrite_fields(text))
    except Exception as err:  # Whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query ({err})") from None
    problems = _errors(q)
    if problems:
        raise QueryError(problems[0].splitlines()[0])
    if q is query.NullQuery or isinstance(q, type(query.NullQuery)):
        raise QueryError("the query has no words to search for")
    _check_wildcards(q)
    _check_ranges(q)
    _anchor_fuzzy_terms(q)
    q = _map_leaves(_expand_aliases(q), lambda node: column_range(node, schema))
    return _every_article(q)


def _check_ranges(q: query.Query) -> None:
    for node in q.leaves():
        if isinstance(node, (query.TermRange, query.NumericRange)) and node.fieldname != "published":
            raise QueryError("ranges work on dates only, e.g. published:[2019-04-01 TO 2019-05-31]")


def _every_article(q: query.Query) -> query.Query:
    """`*` inside a query means every article: one `Every()`, not Whoosh's `Every(field)`, which
    reads every word of the field to find the documents that have one (`zzzz *` took 14 s at
    10,000 articles). In an AND it adds nothing; in an OR it takes everything."""
    if q.is_leaf():
        return query.Every() if isinstance(q, query.Every) else q
    q = q.apply(_every_article)
    if isinstance(q, query.And):
        rest = [child for child in q.subqueries if not isinstance(child, query.Every)]
        if len(rest) != len(q.subqueries):
            return (rest[0] if len(rest) == 1 else query.And(rest, boost=q.boost)) if rest else query.Every()
    if isinstance(q, query.Or) and any(isinstance(child, query.Every) for child in q.subqueries):
        return query.Every()
    return q


def _anchor_fuzzy_terms(q: query.Query) -> None:
    """Fuzzy terms keep their first two letters ("hafter~" finds "haftar", not "after"; one letter
    for words under five letters): the usual rule of spelling correction, and it keeps a fuzzy
    query from scanning half the vocabulary (measured: 94 -> 51 ms at 3,000 articles)."""
    for node in q.leaves():
        if isinstance(node, query.FuzzyTerm):
            node.prefixlength = max(node.prefixlength, 2 if len(node.text) >= 5 else 1)


_ENTITY_LABELS = {"person": ("PERSON",), "org": ("ORG",), "place": ("GPE", "LOC"), "norp": ("NORP",)}


def _expand_aliases(q: query.Query) -> query.Query:
    """Let an entity field find every alias of a known entity: person:qaddafi also finds the
    articles that write "Gaddafi", through the canonical name they all share (one exact term of
    the `facets` field, as cheap as any word)."""
    if not any(getattr(leaf, "fieldname", None) in _ENTITY_LABELS for leaf in q.leaves()):
        return q  # no entity field: no need to load the gazetteer
    names = load().names

    def expand(node: query.Query) -> query.Query:
        labels = _ENTITY_LABELS.get(getattr(node, "fieldname", None) or "")
        if labels and isinstance(node, (query.Term, query.Phrase)):
            written = " ".join(node.words) if isinstance(node, query.Phrase) else str(node.text)
            entry = names.get(text_key(written))
            if entry is not None and entry.label in labels:
                return query.Or([node, query.Term("facets", f"{entry.label}:{entry.canonical}")])
        return node

    return _map_leaves(q, expand)


def _map_leaves(q: query.Query, rewrite) -> query.Query:
    """Return `q` with every leaf replaced by `rewrite(leaf)`."""
    if q.is_leaf():
        return rewrite(q)
    return q.apply(lambda node: _map_leaves(node, rewrite))
