"""The postings made in the worker processes (body, entity names, facets) equal what Whoosh's
analysers make of the same values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.extract.corpus import load_file
from newsreader.core.index import entity_values
from newsreader.extract.pipeline import extract
from newsreader.core.schema import analyse_body, analyse_keywords, analyse_names, analysis_schema

TRICKY = [
    "", "   ", "The U.S. army, armies and the Army said hi.", "e-mail e.mail 3.141 under_score big-time",
    "Ünïcödé façade naïve CAFÉ café İstanbul ΣΊΣΥΦΟΣ straße", "wild*card *** trip* a.b.c.", "١٢٣ 中文 日本語テキスト",
    "running runs ran runner's \u200bzero\u200bwidth", "Libya's Libyan LIBYANS libya",
]


def _whoosh(text: str) -> list:
    return list(analysis_schema()["body"].index(text))


def test_equal_on_tricky_texts_and_the_seed_corpus(seed_corpus):
    bodies = TRICKY + [article.body for path in sorted(seed_corpus.glob("*.*")) for article in load_file(path).articles]
    assert len(bodies) > len(TRICKY)
    for text in bodies:
        assert analyse_body(text).postings == _whoosh(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_equal_on_any_text(text):
    assert analyse_body(text).postings == _whoosh(text)


def _whoosh_field(fieldname: str, value: str) -> list:
    return list(analysis_schema()[fieldname].index(value))


NAMES = ["", "U.N. ; UN ; United Nations", "Khalifa Haftar ; Haftar ; haftar", "al-Sarraj ; Fayez al-Sarraj",
         "A.B.C. ; x.y ; .. ; 3.5 ; St. Louis ; Ünïcödé İstanbul ; CAFÉ café", "Sisyphus ; ΣΊΣΥΦΟΣ ; 中文"]


def test_names_and_facets_equal_whooshs_on_the_seed_corpus(seed_corpus):
    articles = [article for path in sorted(seed_corpus.glob("*.*")) for article in load_file(path).articles]
    for article in articles:
        names, facets = entity_values(extract(article).entities)
        assert len(names) >= 3 and facets
        for fieldname, text in names.items():
            assert analyse_names(text).postings == _whoosh_field(fieldname, text)
        assert analyse_keywords(facets).postings == _whoosh_field("facets", ",".join(facets))


def test_names_equal_whooshs_on_tricky_values():
    for text in NAMES + TRICKY:
        assert analyse_names(text).postings == _whoosh_field("person", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_names_equal_whooshs_on_any_text(text):
    assert analyse_names(text).postings == _whoosh_field("org", text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20), max_size=8))
def test_facets_equal_whooshs_on_any_keywords(keywords):
    assert analyse_keywords(keywords).postings == _whoosh_field("facets", ",".join(keywords))
