from datetime import date
from pathlib import Path

import pytest

from newsreader.extract.corpus import parse_file
from newsreader.extract.metadata import infer_source, parse_published, parse_stamp_date

SEEDS = Path(__file__).resolve().parents[2] / "corpus"
TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("text, expected", [
    ("06.04.2019, Tripoli.", date(2019, 4, 6)),
    ("Published 19 February 2020", date(2020, 2, 19)),
    ("Wednesday April 17 2019", date(2019, 4, 17)),
    ("By AFP - Jun 04,2019", date(2019, 6, 4)),
    ("date 2020-01-19", date(2020, 1, 19)),
    ("Posted on March 3rd, 2021", date(2021, 3, 3)),
    ("25/12/2019", date(2019, 12, 25)),
    ("12/25/2019", date(2019, 12, 25)),
    ("04/06/2019", None),          # ambiguous order: no guess
    ("31.02.2019", None),          # not a date
    ("Published 1 May 2099", None),  # in the future
    ("No date here", None),
])
def test_stamp_dates(text, expected):
    assert parse_stamp_date(text, today=TODAY) == expected


def test_published_field_values():
    assert parse_published("2019-04-08T10:30:00Z", TODAY) == date(2019, 4, 8)
    assert parse_published("April 8, 2019", TODAY) == date(2019, 4, 8)
    assert parse_published("yesterday-ish", TODAY) is None
    assert parse_published("0000-01-01", TODAY) is None


@pytest.mark.parametrize("line, source", [
    ("(Bloomberg) -- Libya's government said", "Bloomberg"),
    ("©2020 Bloomberg L.P.", "Bloomberg"),
    ("Source: Rossa Primavera News Agency", "Rossa Primavera News Agency"),
    ("(FRANCE 24 with AFP, AP and REUTERS)", "France 24"),
    ("SMA News – Agencies", "SMA News"),
    ("By AFP - Jun 04,2019", "AFP"),
])
def test_source_credits(line, source):
    assert infer_source("", [line]) == source


def test_bylines_of_reporters_are_not_sources():
    assert infer_source("", ["By John Smith - Jun 04, 2019"]) == ""


# What inference finds in the raw seeds, without their front matter. A date that is not on the
# page stays None: a wrong date is worse than none.
@pytest.mark.parametrize("seed, title, source, published", [
    ("000_d67952ac31685885.txt", "Libya Broadens Military Offensive, Dismissing Talks With Haftar", "Bloomberg", None),
    ("001_1bcbb76059a632e8.txt", "Haftar’s forces continue push into Tripoli as Libya crisis escalates", "France 24", None),
    ("002_1c12ba67ed297c8f.txt", "Rebellious General Haftar continues offensive against Libyan capital",
     "Rossa Primavera News Agency", date(2019, 4, 6)),
    ("003_58bcf51014b2217e.txt", "Libya’s Haftar rules out Tripoli ceasefire, dismisses U.N.-led talks: newspaper",
     "SMA News", None),
    ("004_36d8dddac6926498.txt", "Libyan Gov’t, Haftar's Forces Dim Hopes of Salvaging Ceasefire Talks", "",
     date(2020, 2, 19)),
])
def test_metadata_inferred_from_raw_seeds(seed, title, source, published):
    raw = (SEEDS / seed).read_text(encoding="utf-8").split("---\n", 2)[2]
    (article,) = parse_file(seed, raw.encode("utf-8")).articles
    assert (article.title, article.source, article.published) == (title, source, published)
    assert not article.body.startswith(title)


def test_slashed_stamp_decided_by_the_other_dates_of_the_text():
    from newsreader.extract.metadata import infer_published

    paragraphs = ["Posted 04/06/2019", "The report of 25/05/2019 was cited by officials in the capital."]
    assert infer_published(paragraphs, TODAY) == date(2019, 6, 4)
    assert infer_published(["Posted 04/06/2019", "Nothing else decides it here at all."], TODAY) is None
