"""Copies of one story among hits: grouped when they are the same copy edited, not when they are
other stories on the same event."""

from __future__ import annotations

from newsreader.core.copies import groups, signature, similarity

STORY = ("Forces loyal to the eastern commander advanced on the southern edge of Tripoli on Sunday, residents "
         "said. The United Nations envoy called for a humanitarian truce to let civilians leave the fighting "
         "zone. Officials at the health ministry said the clashes had killed at least twenty-one people since "
         "Thursday. Talks planned for the middle of the month in Ghadames were put off until further notice. "
         "Diplomats in Geneva said the two sides had agreed to meet again once the fighting had eased.")
OTHER = ("Fighting near Tripoli forced the United Nations to put off talks in Ghadames on Sunday, as the eastern "
         "commander's forces pressed their offensive. The health ministry counted twenty-one dead since "
         "Thursday. Residents of the southern districts fled north, and the envoy asked both sides for a truce "
         "so that civilians could leave. Geneva diplomats expect a new meeting when the clashes ease.")


def test_edited_copies_are_one_story_and_a_retelling_is_another():
    trimmed = STORY.rsplit(" Diplomats", 1)[0]
    added = "Our correspondent adds that the city was calm on Monday morning. " + STORY
    reworded = STORY.replace(" said ", " told reporters ", 1)
    found = groups([STORY, OTHER, trimmed, added, reworded])
    assert found == [[0, 2, 3, 4], [1]]


def test_short_texts_have_no_signature_and_stay_alone():
    assert signature("Too short.") is None
    assert groups(["Too short.", "Too short."]) == [[0], [1]]


def test_the_same_text_is_similar_to_itself():
    assert similarity(signature(STORY), signature(STORY)) == 1.0
