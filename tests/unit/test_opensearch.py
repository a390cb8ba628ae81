"""The OpenSearch translation (docs/scale-out.md): pure functions, no server. Every query the
language makes translates; words arrive analysed as our index holds them; dates become ISO days."""

from __future__ import annotations

import json
import os

import pytest

from newsreader.extract.corpus import parse_file
from newsreader.core.opensearch import MAPPING, bulk_lines, document, entity_counts_body, search_body, to_dsl
from newsreader.extract.pipeline import extract
from newsreader.core.query import make_parser, parse_query
from newsreader.core.schema import make_schema

SCHEMA = make_schema()
PARSER = make_parser(SCHEMA)


def dsl(text: str) -> dict:
    return to_dsl(parse_query(text, SCHEMA, PARSER))


def test_words_phrases_and_operators():
    assert dsl("haftar") == {"bool": {"should": [{"term": {"title": "haftar"}}, {"term": {"body": "haftar"}}],
                                      "minimum_should_match": 1}}
    phrase = dsl('body:"national army"')
    assert phrase == {"span_near": {"clauses": [{"span_term": {"body": "nation"}}, {"span_term": {"body": "armi"}}],
                                    "slop": 0, "in_order": True}}  # stemmed as the index holds them
    negated = dsl("body:haftar NOT body:tripoli")
    assert negated == {"bool": {"must": [{"term": {"body": "haftar"}}], "must_not": [{"term": {"body": "tripoli"}}]}}
    assert dsl("*") == {"match_all": {}}


def test_prefix_fuzzy_boost_and_entities():
    assert dsl("body:tri*") == {"prefix": {"body": "tri"}}
    assert dsl("body:hafter~") == {"fuzzy": {"body": {"value": "hafter", "fuzziness": 1, "prefix_length": 2}}}
    assert dsl("title:haftar^2") == {"term": {"title": {"value": "haftar", "boost": 2.0}}}
    person = json.dumps(dsl('person:"Khalifa Haftar"'))
    assert '"person": "khalifa"' in person and '"facets": "PERSON:Khalifa Haftar"' in person  # aliases too


def test_date_ranges_become_iso_days():
    assert dsl("published:[2019-04 TO 2019-05]") == {"range": {"published": {"gte": "2019-04-01", "lte": "2019-05-31"}}}
    assert dsl("published:[2020 TO]") == {"range": {"published": {"gte": "2020-01-01"}}}


@pytest.mark.parametrize("text", ["haftar tripoli", "(ceasefire OR truce) talks", '"the government" OR militias',
                                  "haftar -tripoli", "org:UN published:[2019 TO 2020]", "a* b~", "title:(haftar)"])
def test_every_shape_of_query_translates_to_json(text):
    body = search_body(parse_query(text, SCHEMA, PARSER), size=5, sort="date")
    assert json.loads(json.dumps(body)) == body and body["size"] == 5
    assert body["sort"][0] == {"published": {"order": "desc", "missing": "_last"}}


def test_the_document_carries_names_facets_and_the_nested_timeline():
    raw = ("---\ntitle: Talks\npublished: 2019-04-08\n---\n"
           "Khalifa Haftar met UN envoys in Tripoli on Sunday. Haftar left on Monday.\n").encode()
    (article,) = parse_file("a.txt", raw).articles
    doc = document(article, extract(article), "abc")
    assert doc["person"] == ["Haftar", "Khalifa Haftar"] and "ORG:United Nations" in doc["facets"]
    assert {e["value"] for e in doc["timeline"]} == {"2019-04-07", "2019-04-08"}
    assert all(e["first"] <= e["last"] and e["granularity"] == "day" for e in doc["timeline"])
    assert set(doc) <= set(MAPPING["mappings"]["properties"])  # the strict mapping takes it
    lines = bulk_lines("news", [doc], ["gone1"]).splitlines()
    assert json.loads(lines[0]) == {"index": {"_index": "news", "_id": article.id}}
    assert json.loads(lines[-1]) == {"delete": {"_index": "news", "_id": "gone1"}}
    assert entity_counts_body(parse_query("haftar", SCHEMA, PARSER), "PERSON")["aggs"]["entities"]["terms"][
        "include"] == "PERSON:.*"


@pytest.mark.skipif(not os.environ.get("NEWSREADER_OPENSEARCH_URL"),
                    reason="needs an OpenSearch server: NEWSREADER_OPENSEARCH_URL=http://host:9200 (none can be "
                           "installed on the development machine)")
def test_live_round_trip_on_opensearch():  # pragma: no cover - runs only against a real server
    from urllib.request import Request, urlopen

    url = os.environ["NEWSREADER_OPENSEARCH_URL"].rstrip("/")

    def call(method: str, path: str, body: str | None = None, ctype: str = "application/json"):
        request = Request(url + path, data=body.encode() if body else None, method=method,
                          headers={"Content-Type": ctype})
        with urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"{}")

    index = "newsreader-test"
    try:
        call("DELETE", f"/{index}")
    except OSError:
        pass
    call("PUT", f"/{index}", json.dumps(MAPPING))
    raw = "---\ntitle: Talks\npublished: 2019-04-08\n---\nKhalifa Haftar met the national army in Tripoli.\n".encode()
    (article,) = parse_file("a.txt", raw).articles
    call("POST", "/_bulk?refresh=true", bulk_lines(index, [document(article, extract(article), "h")]),
         "application/x-ndjson")
    found = call("POST", f"/{index}/_search", json.dumps(search_body(parse_query('"national army"', SCHEMA, PARSER))))
    assert [hit["_id"] for hit in found["hits"]["hits"]] == [article.id]
    call("DELETE", f"/{index}")
