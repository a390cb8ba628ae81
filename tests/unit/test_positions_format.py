"""Positions stored as arrays (core/positions_format.py) mean what Whoosh's `Positions` means."""

from __future__ import annotations

from whoosh import formats

from newsreader.core.positions_format import ArrayPositions
from newsreader.core.schema import make_schema

POSITIONS = [0, 3, 4, 70_000, 4_000_000_000]  # past 16 bits, up to the 32 that are stored


def test_a_value_decodes_to_its_positions_and_frequency():
    ours, theirs = ArrayPositions(field_boost=2.0), formats.Positions(field_boost=2.0)
    value = ours.encode(POSITIONS)
    assert ours.decode_positions(value) == theirs.decode_positions(theirs.encode(POSITIONS)) == POSITIONS
    assert ours.decode_frequency(value) == 5
    assert ours.decode_weight(value) == 10.0
    assert ours.decode_positions(ours.encode([])) == []


def test_values_combine_into_the_sorted_union_of_their_positions():
    fmt = ArrayPositions()
    assert fmt.decode_positions(fmt.combine([fmt.encode([5, 9]), fmt.encode([1, 5])])) == [1, 5, 9]


def test_a_fields_words_are_indexed_with_their_positions():
    values = {word: (freq, weight, ArrayPositions().decode_positions(value))
              for word, freq, weight, value in ArrayPositions(field_boost=2.0).word_values(
                  "war and peace and war", make_schema()["body"].analyzer)}
    assert values["war"] == (2, 4.0, [0, 4]) and values["and"] == (2, 4.0, [1, 3])


def test_every_positions_field_of_the_article_schema_stores_arrays():
    schema = make_schema()
    with_positions = [name for name in schema.names() if schema[name].format and schema[name].format.supports("positions")]
    assert {"title", "body", "person", "place"} <= set(with_positions)
    assert all(type(schema[name].format) is ArrayPositions for name in with_positions)
