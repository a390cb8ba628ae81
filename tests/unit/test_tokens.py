"""Tokens of a cleaned body: splits, flags and keys, the same however often a word is seen."""

from __future__ import annotations

from newsreader.extract import tokens
from newsreader.extract.tokens import sentence_spans, tokenize

TEXT = "Haftar’s UN-backed rivals met al-Sarraj in Guinea-Bissau; the U.N. said pro-Gaddafi forces left."


def _rows(text: str) -> list[tuple]:
    return [(t.text, t.start, t.end, t.is_cap, t.key) for t in tokenize(text)]


def test_words_are_split_and_flagged():
    rows = _rows(TEXT)
    texts = [row[0] for row in rows]
    assert texts[:6] == ["Haftar", "’s", "UN", "-", "backed", "rivals"]
    assert "al-Sarraj" in texts and "Guinea-Bissau" in texts and texts[-6:-3] == ["pro", "-", "Gaddafi"]
    assert all(TEXT[start:end] == text for text, start, end, _, _ in rows)
    flags = {text: (cap, key) for text, _, _, cap, key in rows}
    assert flags["al-Sarraj"] == (True, "al-sarraj") and flags["U.N."] == (True, "un")
    assert flags["’s"] == (False, "'s") and flags["rivals"] == (False, "rivals")


def test_a_word_seen_before_gives_the_same_tokens_at_its_new_place():
    first = _rows(TEXT)
    again = _rows("Then " + TEXT)
    assert again[1:] == [(text, start + 5, end + 5, cap, key) for text, start, end, cap, key in first]


def test_the_remembered_words_are_bounded(monkeypatch):
    monkeypatch.setattr(tokens, "_WORDS", {})
    monkeypatch.setattr(tokens, "_MAX_WORDS", 5)
    expected = _rows(TEXT)
    assert len(tokens._WORDS) > 5
    other = "one two three four five six seven eight nine ten eleven twelve"
    _rows(other)
    assert set(tokens._WORDS) == set(other.split())  # forgotten before, then filled again
    assert _rows(TEXT) == expected


def test_a_period_before_a_comma_or_a_lower_case_word_ends_no_sentence():
    text = "Attention improved (Feng et al., 2007) in approx. five weeks. Then it fell."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Attention improved (Feng et al., 2007) in approx. five weeks.", "Then it fell."]
