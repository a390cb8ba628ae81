"""The body's postings made in the worker processes equal what Whoosh's analyser makes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.corpus import load_file
from newsreader.core.schema import analyse_body, analysis_schema

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
