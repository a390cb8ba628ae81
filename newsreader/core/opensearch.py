"""The road past one machine (docs/scale-out.md): the index mapping, the documents and the query
translation for OpenSearch, as pure functions that need no server and no client.

`to_dsl(q)` turns a parsed query (what `parse_query` returns) into OpenSearch's query DSL;
`document(article, extraction, digest)` is the JSON an article is bulk-indexed as; `MAPPING` is the
index's mapping and analysers, equivalent to ours (lower-case words, Porter stems, no stop words;
names as whole lower-cased phrases). Terms arrive analysed already (`parse_query` stemmed them),
so text terms translate to `term` and phrases to `span_near` of `span_term`s: the same words
match on both sides, whatever OpenSearch's own analysis of a query string would make of them.
"""

from __future__ import annotations

from datetime import datetime

from whoosh import query
from whoosh.util.times import long_to_datetime

from ..extract.timeline import period
from .column_range import ColumnRange
from .schema import facet_value

TEXT_FIELDS = ("title", "body", "source")
NAME_FIELDS = ("person", "org", "place", "norp")
KEYWORD_FIELDS = ("id", "key", "path", "hash", "facets")

MAPPING = {
    "settings": {
        "analysis": {
            "analyzer": {
                # Whoosh's StemmingAnalyzer(stoplist=None): words lower-cased, Porter-stemmed.
                "words": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "porter_stem"]},
                # Our name analyser: words with their inner dots kept ("U.N."), then undotted and
                # lower-cased; not stemmed.
                "names": {"type": "custom", "tokenizer": "name_words", "filter": ["undot", "lowercase"]},
            },
            "tokenizer": {"name_words": {"type": "pattern", "pattern": r"\w+(?:\.\w+)*\.?", "group": 0}},
            "filter": {"undot": {"type": "pattern_replace", "pattern": r"\.", "replacement": ""}},
        },
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "keyword"},
            "key": {"type": "keyword"},
            "path": {"type": "keyword"},
            "hash": {"type": "keyword"},
            "title": {"type": "text", "analyzer": "words"},
            "body": {"type": "text", "analyzer": "words", "index_options": "offsets"},  # highlighting
            "source": {"type": "text", "analyzer": "words", "fields": {"raw": {"type": "keyword"}}},
            "url": {"type": "keyword", "index": False},
            "published": {"type": "date", "format": "strict_date"},
            "person": {"type": "text", "analyzer": "names"},
            "org": {"type": "text", "analyzer": "names"},
            "place": {"type": "text", "analyzer": "names"},
            "norp": {"type": "text", "analyzer": "names"},
            "facets": {"type": "keyword"},  # LABEL:canonical, for entity counts (a terms aggregation)
            "timeline": {  # the article's dated events; the corpus timeline is a nested query
                "type": "nested",
                "properties": {
                    "value": {"type": "keyword"},
                    "mod": {"type": "keyword"},
                    "first": {"type": "date", "format": "strict_date"},
                    "last": {"type": "date", "format": "strict_date"},
                    "granularity": {"type": "keyword"},
                    "text": {"type": "text", "analyzer": "words"},
                    "sentence": {"type": "text", "analyzer": "words"},
                    "start": {"type": "integer", "index": False},
                    "end": {"type": "integer", "index": False},
                },
            },
        },
    },
}


class Untranslatable(ValueError):
    """A query node with no OpenSearch equivalent here."""


def _boosted(clause: dict, node) -> dict:
    boost = getattr(node, "boost", 1.0)
    if boost != 1.0:
        (kind, body), = clause.items()
        if kind in ("bool", "match_all", "span_near", "range", "fuzzy", "prefix", "wildcard"):
            clause = {kind: {**body, "boost": boost}}
        else:  # term-level queries on a field: {"term": {field: {"value": v, "boost": b}}}
            (field, value), = body.items()
            clause = {kind: {field: {**(value if isinstance(value, dict) else {"value": value}), "boost": boost}}}
    return clause


def _date(value) -> str | int | float:
    """A range bound as OpenSearch reads a `date` field: Whoosh keeps dates as microseconds since
    datetime.min (`ColumnRange`), or as datetimes (`DateRange`)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, int):
        return long_to_datetime(value).date().isoformat()
    return value


def to_dsl(q) -> dict:
    """The OpenSearch query for the parsed query `q`. Raises Untranslatable."""
    if isinstance(q, query.Every):
        return {"match_all": {}}
    if q is query.NullQuery:
        return {"match_none": {}}
    if isinstance(q, query.Term):
        return _boosted({"term": {q.fieldname: q.text}}, q)
    if isinstance(q, query.Phrase):
        if len(q.words) == 1:
            return _boosted({"term": {q.fieldname: q.words[0]}}, q)
        clauses = [{"span_term": {q.fieldname: word}} for word in q.words]
        return _boosted({"span_near": {"clauses": clauses, "slop": q.slop - 1, "in_order": True}}, q)
    if isinstance(q, query.FuzzyTerm):
        return _boosted({"fuzzy": {q.fieldname: {"value": q.text, "fuzziness": q.maxdist,
                                                 "prefix_length": q.prefixlength}}}, q)
    if isinstance(q, query.Prefix):
        return _boosted({"prefix": {q.fieldname: q.text}}, q)
    if isinstance(q, query.Wildcard):
        return _boosted({"wildcard": {q.fieldname: q.text}}, q)
    if isinstance(q, (ColumnRange, query.DateRange, query.NumericRange)):
        bounds = {}
        start, end = getattr(q, "startdate", None) or q.start, getattr(q, "enddate", None) or q.end
        if start is not None:
            bounds["gt" if q.startexcl else "gte"] = _date(start)
        if end is not None:
            bounds["lt" if q.endexcl else "lte"] = _date(end)
        return _boosted({"range": {q.fieldname: bounds}}, q)
    if isinstance(q, query.AndNot):
        return {"bool": {"must": [to_dsl(q.a)], "must_not": [to_dsl(q.b)]}}
    if isinstance(q, query.AndMaybe):
        return {"bool": {"must": [to_dsl(q.a)], "should": [to_dsl(q.b)]}}
    if isinstance(q, query.Require):
        return {"bool": {"must": [to_dsl(q.a)], "filter": [to_dsl(q.b)]}}
    if isinstance(q, query.Not):
        return {"bool": {"must": [{"match_all": {}}], "must_not": [to_dsl(q.query)]}}
    if isinstance(q, query.And):
        must = [to_dsl(sub) for sub in q.subqueries if not isinstance(sub, query.Not)]
        must_not = [to_dsl(sub.query) for sub in q.subqueries if isinstance(sub, query.Not)]
        body = {"must": must or [{"match_all": {}}]}
        if must_not:
            body["must_not"] = must_not
        return _boosted({"bool": body}, q)
    if isinstance(q, query.Or):
        return _boosted({"bool": {"should": [to_dsl(sub) for sub in q.subqueries], "minimum_should_match": 1}}, q)
    raise Untranslatable(f"no OpenSearch equivalent for {type(q).__name__}")


def search_body(q, size: int = 20, sort: str = "relevance") -> dict:
    """A search request for `q`: the top `size` hits with a highlighted fragment of the body (our
    snippet), newest first for `sort="date"` (undated last, as here)."""
    body = {"query": to_dsl(q), "size": size, "_source": ["id", "path", "title", "source", "url", "published"],
            "highlight": {"fields": {"body": {"fragment_size": 180, "number_of_fragments": 1}},
                          "pre_tags": ["[["], "post_tags": ["]]"]},
            "track_total_hits": True}
    if sort == "date":
        body["sort"] = [{"published": {"order": "desc", "missing": "_last"}}, "_score"]
    return body


def entity_counts_body(q, label: str | None = None, limit: int = 20) -> dict:
    """The entity counts of `q`'s matches: a terms aggregation over `facets`."""
    aggregation = {"terms": {"field": "facets", "size": limit}}
    if label:
        aggregation["terms"]["include"] = f"{label}:.*"
    return {"query": to_dsl(q), "size": 0, "aggs": {"entities": aggregation}}


def document(article, extraction, digest: str) -> dict:
    """The JSON document an article is indexed as (from `pipeline.extract`'s result)."""
    names: dict[str, set[str]] = {field: set() for field in NAME_FIELDS}
    label_field = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "norp"}
    facets = set()
    for entity in extraction.entities:
        field = label_field.get(entity.label)
        if field:
            names[field].update({entity.canonical, entity.text})
            facets.add(facet_value(entity.label, entity.canonical))
    timeline = []
    for entry in extraction.timeline:
        span = period(entry.value)
        timeline.append({"value": entry.value, "mod": entry.mod, "text": entry.text, "sentence": entry.sentence,
                         "start": entry.start, "end": entry.end,
                         **({"first": span[0].isoformat(), "last": span[1].isoformat(), "granularity": span[2]}
                            if span else {})})
    return {
        "id": article.id, "key": article.key, "path": article.path, "hash": digest,
        "title": article.title, "body": article.body, "source": article.source, "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        **{field: sorted(values) for field, values in names.items()},
        "facets": sorted(facets),
        "timeline": timeline,
    }


def bulk_lines(index: str, documents: list[dict], deleted_ids: list[str] = ()) -> str:
    """The body of a `_bulk` request: each document indexed under its id, each deleted id
    removed (the same update plan as ours: changed files re-sent, removed ones deleted)."""
    import json

    lines = []
    for doc in documents:
        lines += [json.dumps({"index": {"_index": index, "_id": doc["id"]}}), json.dumps(doc, ensure_ascii=False)]
    for doc_id in deleted_ids:
        lines.append(json.dumps({"delete": {"_index": index, "_id": doc_id}}))
    return "\n".join(lines) + "\n"
