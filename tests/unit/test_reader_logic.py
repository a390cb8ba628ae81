"""The reader's domain logic that the app shows but does not own: the query run while typing and
the entities panel's groups."""

from __future__ import annotations

import pytest

from newsreader.core.as_you_type import as_you_type
from newsreader.core.entity_groups import group_entities
from newsreader.extract.models import Entity


@pytest.mark.parametrize("typed, query", [
    ("tri", "tri*"), ("haftar trip", "haftar trip*"), ("tr", "tr"), ("trip ", "trip "),
    ('"national arm', '"national arm'), ("person:haf", "person:haf"), ("a AND", "a AND"), ("2019", "2019"),
])
def test_as_you_type_prefixes_the_word_being_typed(typed, query):
    assert as_you_type(typed) == query


def _entity(canonical: str, label: str) -> Entity:
    return Entity(canonical, label, 0, len(canonical), canonical)


def test_entities_are_grouped_by_kind_most_mentioned_first_places_and_locations_together():
    groups = group_entities([
        _entity("Tripoli", "GPE"), _entity("Khalifa Haftar", "PERSON"), _entity("Mediterranean", "LOC"),
        _entity("Tripoli", "GPE"), _entity("UN", "ORG"), _entity("Libyans", "NORP"),
        _entity("Fayez al-Sarraj", "PERSON"), _entity("Khalifa Haftar", "PERSON"), _entity("Mediterranean", "LOC"),
        _entity("Tripoli", "GPE"),
    ])
    assert [(g.heading, g.names) for g in groups] == [
        ("people", [("Khalifa Haftar", 2), ("Fayez al-Sarraj", 1)]),
        ("organisations", [("UN", 1)]),
        ("places", [("Tripoli", 3), ("Mediterranean", 2)]),
        ("groups", [("Libyans", 1)]),
    ]
    assert groups[0].query("Khalifa Haftar") == 'person:"Khalifa Haftar"'
    assert groups[2].query("Tripoli") == 'place:"Tripoli"'


def test_an_article_without_entities_has_no_groups():
    assert group_entities([]) == []


def test_ties_are_broken_by_name_so_the_panel_does_not_reorder_between_openings():
    groups = group_entities([_entity("Zawiya", "GPE"), _entity("Benghazi", "GPE")])
    assert groups[0].names == [("Benghazi", 1), ("Zawiya", 1)]
