"""Date expressions resolved against publication dates: a table, then whole articles."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.extract.dates import find_dates

MON_2019_04_08 = date(2019, 4, 8)   # a Monday (ISO week 15)
WED_2020_02_19 = date(2020, 2, 19)
FRI_2021_01_01 = date(2021, 1, 1)   # ISO week 53 of 2020
TUE_2019_01_01 = date(2019, 1, 1)


def _values(text, published):
    return [(e.text, e.value, e.mod) for e in find_dates(text, published)]


@pytest.mark.parametrize("text, published, value", [
    # full dates, all styles
    ("It happened on April 4, 2019.", None, "2019-04-04"),
    ("It happened on 4 April 2019.", None, "2019-04-04"),
    ("It happened on Feb. 18, 2020.", None, "2020-02-18"),
    ("It happened on Wednesday April 17 2019.", None, "2019-04-17"),
    ("It happened on 2019-04-04.", None, "2019-04-04"),
    ("06.04.2019, Tripoli.", None, "2019-04-06"),                       # dotted: day-first
    ("It was signed on 25/12/2019.", None, "2019-12-25"),
    ("It was signed on 12/25/2019.", None, "2019-12-25"),
    ("It happened on Feb. 29, 2020.", None, "2020-02-29"),             # leap day
    # month and day without a year: the most recent on or before publication
    ("On Jan. 19, a summit met.", WED_2020_02_19, "2020-01-19"),
    ("On December 30, talks began.", TUE_2019_01_01, "2018-12-30"),     # across the year boundary
    ("On 4 April, talks began.", MON_2019_04_08, "2019-04-04"),
    ("Talks will resume on April 20.", MON_2019_04_08, "2019-04-20"),
    ("Talks will resume on January 5.", date(2019, 12, 20), "2020-01-05"),
    ("OPEC+ considers cuts when it meets on April 3.", date(2023, 3, 16), "2023-04-03"),  # much nearer ahead
    ("On November 5 a drone struck a school.", date(2020, 2, 19), "2019-11-05"),
    ("On March 3 the talks opened.", date(2019, 9, 1), "2019-03-03"),
    # months and years alone
    ("The truce was agreed in February.", date(2020, 4, 14), "2020-02"),
    ("It began in November.", date(2020, 2, 19), "2019-11"),
    ("It began in April last year.", date(2020, 4, 14), "2019-04"),
    ("He seized it in January 2019.", None, "2019-01"),
    ("In 2017, he seized Benghazi.", None, "2017"),
    ("It has been at war since 2011.", MON_2019_04_08, "2011"),
    # weekdays
    ("Forces said Sunday they struck.", MON_2019_04_08, "2019-04-07"),
    ("A spokesman said Monday.", MON_2019_04_08, "2019-04-08"),          # the publication day
    ("They left late on Tuesday.", WED_2020_02_19, "2020-02-18"),
    ("Fighting since Thursday.", MON_2019_04_08, "2019-04-04"),
    ("The council will meet on Thursday.", MON_2019_04_08, "2019-04-11"),
    ("They met on Thursday.", FRI_2021_01_01, "2020-12-31"),
    # relative to publication
    ("It happened today.", MON_2019_04_08, "2019-04-08"),
    ("It happened yesterday.", TUE_2019_01_01, "2018-12-31"),
    ("It happened last week.", MON_2019_04_08, "2019-W14"),
    ("It happened last week.", date(2021, 1, 8), "2020-W53"),          # ISO week 53
    ("It happens this week.", FRI_2021_01_01, "2020-W53"),
    ("It happens next week.", MON_2019_04_08, "2019-W16"),
    ("It happened last month.", WED_2020_02_19, "2020-01"),
    ("It happened last month.", TUE_2019_01_01, "2018-12"),
    ("It happens next month.", date(2019, 12, 3), "2020-01"),
    ("It happened last year.", date(2020, 4, 14), "2019"),
    ("It happens this year.", date(2020, 4, 14), "2020"),
    ("It was taken a year ago.", date(2020, 4, 14), "2019"),
    ("It was taken two weeks ago.", MON_2019_04_08, "2019-W13"),
    ("It was taken three days ago.", TUE_2019_01_01, "2018-12-29"),
    ("It happened over the weekend.", MON_2019_04_08, "2019-W14-WE"),
    ("It happened over the weekend.", date(2019, 4, 7), "2019-W14-WE"),  # published on a Sunday
])
def test_expression_values(text, published, value):
    found = find_dates(text, published)
    assert [e.value for e in found] == [value], found


@pytest.mark.parametrize("text, published, mod", [
    ("It began in early April.", date(2019, 5, 26), "START"),
    ("It began in mid-April.", date(2019, 5, 26), "MID"),
    ("It began in late April.", date(2019, 5, 26), "END"),
])
def test_modifiers_are_kept_apart(text, published, mod):
    (entry,) = find_dates(text, published)
    assert (entry.value, entry.mod) == ("2019-04", mod)


@pytest.mark.parametrize("text, published, expected", [
    ("Late on Sunday, 21 died. A day earlier, 14 were killed.", MON_2019_04_08, ["2019-04-07", "2019-04-06"]),
    ("On April 4 they attacked. The next day they withdrew.", MON_2019_04_08, ["2019-04-04", "2019-04-05"]),
    ("On March 1 the siege began. Ten days later it ended.", MON_2019_04_08, ["2019-03-01", "2019-03-11"]),
    ("On March 1 the siege began; the previous day was calm.", MON_2019_04_08, ["2019-03-01", "2019-02-28"]),
    ("Payments arrive in March. On the 15th the first came.", MON_2019_04_08, ["2019-03", "2019-03-15"]),
    ("On March 1 the siege began. It ended ten days after.", MON_2019_04_08, ["2019-03-01", "2019-03-11"]),
    # Counted from an event whose date the text does not give: no date, rather than a wrong one.
    ("On March 1 the siege began. One year after the war began, talks opened.", MON_2019_04_08, ["2019-03-01"]),
    ("On March 1 the siege began. Ten days before Haftar moved, envoys met.", MON_2019_04_08, ["2019-03-01"]),
    ("On March 1 the siege began. It ended a week later than planned.", MON_2019_04_08, ["2019-03-01"]),
])
def test_expressions_relative_to_the_last_date(text, published, expected):
    assert [e.value for e in find_dates(text, published)] == expected


def test_without_publication_date_the_year_carries_forward():
    text = "On April 4, 2019 the offensive began. On April 7 the first air strike hit. On Sunday more came."
    assert [e.value for e in find_dates(text, None)] == ["2019-04-04", "2019-04-07"]


def test_long_chronology_across_a_year_boundary():
    text = ("On April 4, 2019 Haftar launched the offensive. On April 7 the first strikes hit. "
            "On November 5 a drone struck a school. On January 10 a truce was signed.")
    values = [e.value for e in find_dates(text, date(2020, 4, 14))]
    assert values == ["2019-04-04", "2019-04-07", "2019-11-05", "2020-01-10"]


@pytest.mark.parametrize("text", [
    "after three days of shelling",
    "a ten-month-long offensive",
    "the near year-long battle",
    "in recent years the country",
    "so far this has killed 25",
    "an estimated 2,200 people fled",
    "at least 510 people were killed",
    "the 75 year-old general",
    "the curfew starts at 00:01",
    "every Monday the market opens",
    "for two hours in the south",
    "it may rain and they march on",
    "2000 people marched",
    "©2020 Bloomberg L.P.",
    "for months they waited",
    "the board meets on any Thursday it likes",
    "the office is on the 14th floor",
    "they came back on the 3rd attempt",
    "sit-down strikes of the 1930's spread",
])
def test_durations_sets_vague_spans_and_numbers_stay_off(text):
    assert find_dates(text, MON_2019_04_08) == []


def test_ambiguous_numeric_date_is_left_unresolved_unless_the_text_decides():
    assert find_dates("Signed on 04/06/2019.", None) == []
    decided = find_dates("Signed on 04/06/2019. Ratified on 25/06/2019.", None)
    assert [e.value for e in decided] == ["2019-06-04", "2019-06-25"]


def test_unresolvable_weekday_without_publication_date_is_left_off():
    assert find_dates("They met on Thursday.", None) == []


def test_sentence_splitting_survives_abbreviations():
    text = "On Jan. 19, Gen. Haftar met U.N. envoys in the U.S. embassy. The next day he left."
    first, second = find_dates(text, WED_2020_02_19)
    assert first.sentence == "On Jan. 19, Gen. Haftar met U.N. envoys in the U.S. embassy."
    assert (second.value, second.sentence) == ("2020-01-20", "The next day he left.")


def test_entries_carry_offsets_and_sentences():
    body = "Intro line.\n\nForces said Sunday they had struck."
    (entry,) = find_dates(body, MON_2019_04_08)
    assert body[entry.start:entry.end] == entry.text == "Sunday"
    assert entry.sentence == "Forces said Sunday they had struck."


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2030, 12, 31))))
def test_any_text_gives_valid_offsets_deterministically(text, published):
    first = find_dates(text, published)
    assert first == find_dates(text, published)
    for e in first:
        assert text[e.start:e.end] == e.text and e.value


# Kinds of date error found on real news nobody here wrote (issue 21) -----------------------------

FRI_2019_04_12 = date(2019, 4, 12)


@pytest.mark.parametrize("text, published, expected", [
    ("A shutdown starting Sunday would close agencies.", MON_2019_04_08, [("Sunday", "2019-04-14", None)]),
    ("Investigators will look into Sunday's crash.", MON_2019_04_08, [("Sunday", "2019-04-07", None)]),
    ("Parties campaigned ahead of Sunday's vote.", MON_2019_04_08, [("Sunday", "2019-04-14", None)]),
    ("He left last Friday.", FRI_2019_04_12, [("Friday", "2019-04-05", None)]),
    # A verb in the past tense right before the date wins over a "will" later in the sentence.
    ("Apple announced Friday that it will give owners a free case.", MON_2019_04_08,
     [("Friday", "2019-04-05", None)]),
    ("The firm said on Thursday it would cut 500 jobs.", MON_2019_04_08, [("Thursday", "2019-04-04", None)]),
    ("The phone, which will be released Friday, is thinner.", MON_2019_04_08, [("Friday", "2019-04-12", None)]),
    ("Results expected Friday will show whether the plan will work.", MON_2019_04_08,
     [("Friday", "2019-04-12", None)]),
    ("United Friday will mark the day.", MON_2019_04_08, [("Friday", "2019-04-12", None)]),
    ("They meet next Friday.", FRI_2019_04_12, [("Friday", "2019-04-19", None)]),
    ("Emissions must reach net zero by 2050.", FRI_2019_04_12, [("2050", "2050", None)]),
    ("The mine closed a decade ago.", FRI_2019_04_12, [("a decade ago", "2009", None)]),
    ("Results are due by year end.", FRI_2019_04_12, [("year end", "2019", "END")]),
    ("Ahead of a September election, parties campaigned.", FRI_2019_04_12, [("September", "2019-09", None)]),
    ("The October incident was investigated.", FRI_2019_04_12, [("October", "2018-10", None)]),
])
def test_dates_of_the_kinds_that_went_wrong_on_unseen_news(text, published, expected):
    assert _values(text, published) == expected


@pytest.mark.parametrize("text", ["It is a 2000 year old tradition.", "A 1500-year-old temple stands there.",
                                  "These are the cars of tomorrow.", "Delivery: Fri", "A year 2100 forecast."])
def test_ages_figures_of_speech_and_furniture_are_no_dates(text):
    assert _values(text, FRI_2019_04_12) == []


@pytest.mark.parametrize("text, value", [
    ("He was born on 8 February 1700 in Groningen.", "1700-02-08"),
    ("On March 17, 1782 he died in Basel.", "1782-03-17"),
    ("In 1721 he moved to Basel.", "1721"),
    ("By 1650 the town had walls.", "1650"),
])
def test_years_before_1800_with_a_month_or_after_a_preposition(text, value):
    assert [e.value for e in find_dates(text, date(2010, 1, 1))] == [value]


@pytest.mark.parametrize("text", ["About 1500 troops arrived.", "In 1500 soldiers marched.", "He paid 1750 dollars."])
def test_a_number_before_1800_counting_something_is_no_year(text):
    assert find_dates(text, date(2010, 1, 1)) == []


def test_a_years_possessive_is_that_year():
    assert [e.value for e in find_dates("a part in 2003's comedy", MON_2019_04_08)] == ["2003"]


def test_an_ordinal_day_before_a_clause_word_is_still_a_day():
    assert [e.value for e in find_dates("it opened on the 5th when rain fell", MON_2019_04_08)] == ["2019-04-05"]


def test_a_weekday_with_the_indefinite_article_is_still_a_day():
    """"In a Wednesday media event, Apple released…" names the day of the event."""
    assert [e.value for e in find_dates("In a Wednesday media event, it released", MON_2019_04_08)] == ["2019-04-03"]


def test_the_next_year_counts_from_the_last_date_of_any_precision():
    """"abducted in August 2016 … The next year" is 2017, not the year after the last full day."""
    text = "It was announced on Tuesday. They were taken in August 2016. The next year, videos came out."
    assert [e.value for e in find_dates(text, MON_2019_04_08)] == ["2019-04-02", "2016-08", "2017"]


@pytest.mark.parametrize("text, value", [
    ("the helicopter was shot down last night", "2019-04-07"),
    ("the minister said this morning", "2019-04-08"),
])
def test_parts_of_the_day_of_publication(text, value):
    assert [e.value for e in find_dates(text, MON_2019_04_08)] == [value]


def test_by_a_day_inside_a_clause_is_a_deadline_ahead():
    assert [e.value for e in find_dates("the winds should ease by Thursday", MON_2019_04_08)] == ["2019-04-11"]


def test_by_a_day_opening_a_clause_is_narrative():
    assert [e.value for e in find_dates("By Thursday, the rebels had left.", MON_2019_04_08)] == ["2019-04-04"]
