"""An entity's own timeline: which sentences tell of the entity, and how each is dated."""

from __future__ import annotations

from datetime import date

import pytest

from newsreader.core.entity_timeline import acronym, entity_entries, entity_of_query, name_forms, reports_the_past
from newsreader.extract.models import Article
from newsreader.extract.pipeline import extract


def _entries(body: str, name: str, published: date | None = date(2019, 4, 8)):
    article = Article(id="a1", key="a.txt", path="a.txt", title="", source="", url="", published=published,
                      body=body, extra={})
    return entity_entries(article, extract(article), name)


def _by_sentence(entries):
    return {e.sentence.split()[0]: (e.value, e.inferred) for e in entries}


def test_a_sentence_with_its_own_date_is_dated_by_it():
    (entry,) = _entries("Khalifa Haftar ordered his forces to advance on Tripoli on Thursday.", "Khalifa Haftar")
    assert (entry.value, entry.inferred, entry.text) == ("2019-04-04", False, "Thursday")


def test_the_surname_and_a_following_pronoun_stand_for_the_person():
    body = ("Khalifa Haftar met the envoy in Benghazi on Monday. He rejected a ceasefire on Sunday.\n\n"
            "Haftar visited Cairo on 14 April 2019.")
    assert {e.value for e in _entries(body, "Khalifa Haftar")} == {"2019-04-08", "2019-04-07", "2019-04-14"}


def test_a_pronoun_after_another_persons_name_is_not_the_entity():
    body = "Fayez al-Sarraj took the place of Khalifa Haftar at the talks. He called for a truce on Sunday."
    assert [e.sentence for e in _entries(body, "Khalifa Haftar")] == [body.split(". ")[0] + "."]


def test_a_sentence_without_a_date_takes_the_last_date_of_its_paragraph():
    body = "Talks opened in Geneva on 2 April 2019. The United Nations envoy Ghassan Salame chaired them."
    (entry,) = _entries(body, "Ghassan Salame")
    assert (entry.value, entry.inferred, entry.text) == ("2019-04-02", True, "Ghassan Salame")


def test_a_report_in_the_past_tense_takes_the_publication_day():
    body = "Residents of Tripoli said the shelling went on all night.\n\nThe envoy Ghassan Salame condemned the attack."
    (entry,) = _entries(body, "Ghassan Salame")
    assert (entry.value, entry.inferred) == ("2019-04-08", True)


def test_a_report_names_the_day_it_tells_of_in_its_first_sentences():
    body = ("April 8, 2019\n\nYesterday, at the summit in Cairo, leaders met to discuss Libya.\n\n"
            "The envoy Ghassan Salame warned of a long war.")
    assert _entries(body, "Ghassan Salame")[0].value == "2019-04-07"


@pytest.mark.parametrize("sentence", ["The envoy Ghassan Salame will chair the talks.",
                                      "The envoy Ghassan Salame had warned of a long war.",
                                      "The envoy Ghassan Salame chairs the talks."])
def test_a_sentence_with_no_date_and_no_report_of_a_deed_is_left_out(sentence):
    assert _entries(sentence, "Ghassan Salame") == []


def test_of_several_dates_the_finest_and_then_the_nearest_dates_the_entity():
    (entry,) = _entries("Yesterday, at this year's conference, Apple unveiled the iPhone 4.", "iPhone 4",
                        published=date(2010, 6, 8))
    assert entry.value == "2010-06-07"
    (entry,) = _entries("In 1998 Apple introduced the iMac, in 2001 the iPod and in 2002 a new system.", "iPod")
    assert entry.value == "2001"


def test_a_longer_name_that_begins_with_the_entity_is_another_entity():
    assert _entries("Apple released the iPod Touch in September 2007.", "iPod") == []
    assert _entries("Apple released the iPod nano in September 2005.", "iPod")[0].value == "2005-09"


def test_name_forms_acronyms_and_entity_queries():
    assert name_forms("Beatles Apple Corps") == ["Beatles Apple Corps", "Apple Corps"]
    assert name_forms("Steve Jobs") == ["Steve Jobs"]
    assert acronym("Federal Aviation Administration") == "FAA" and acronym("NATO") == ""
    assert entity_of_query('person:"Khalifa Haftar"') == "Khalifa Haftar"
    assert entity_of_query("org:NATO") == "NATO"
    assert entity_of_query('person:"Khalifa Haftar" tripoli') is None


@pytest.mark.parametrize("sentence, past", [("Jobs unveiled the phone.", True), ("Jobs said it was fine.", True),
                                            ("United Nations officials meet today.", False),
                                            ("Jobs will unveil the phone.", False),
                                            ("He announced that future Macs will use Intel chips.", True),
                                            ("Apple said it would cut prices.", True),
                                            ("The store will open after it was renovated.", False),
                                            ("On the larger model, 150 hours can be stored.", False),
                                            ("The drive is made in Korea.", False),
                                            ("The model is smaller than the one which held 6GB.", False)])
def test_reports_the_past(sentence, past):
    assert reports_the_past(sentence) is past


def test_what_the_entity_says_is_to_come_is_dated_to_the_saying_for_the_speaker():
    """"Jobs announced that Leopard would ship in 2007": the speaker's act is the announcing (the
    report's day); the year is the date of the thing to come, and stays with it."""
    body = "Steve Jobs announced that Leopard would be released in 2007."
    (jobs,) = _entries(body, "Steve Jobs")
    assert (jobs.value, jobs.inferred) == ("2019-04-08", True)
    (leopard,) = _entries(body, "Leopard")
    assert (leopard.value, leopard.inferred) == ("2007", False)
