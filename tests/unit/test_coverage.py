"""The coverage line's bins: days for a short range, weeks from Monday, runs of weeks for a long
one; every bin fits the chart and every dated article is in one."""

from __future__ import annotations

from datetime import date, timedelta

from newsreader.core.coverage import Bin, bars, coverage


def test_a_short_range_gets_a_bin_a_day():
    dates = [date(2020, 4, 1), date(2020, 4, 1), date(2020, 4, 3), None]
    cov = coverage(dates, 10)
    assert [(b.start.day, b.count) for b in cov.bins] == [(1, 2), (2, 0), (3, 1)]
    assert cov.undated == 1 and cov.dated == 3 and (cov.first, cov.last) == (date(2020, 4, 1), date(2020, 4, 3))
    assert cov.bins[0].label() == "1 Apr 2020" and cov.bins[0].query() == "published:[2020-04-01 TO 2020-04-01]"


def test_a_longer_range_gets_weeks_from_monday():
    dates = [date(2020, 4, 1), date(2020, 4, 8), date(2020, 5, 20)]  # a Wednesday to a Wednesday
    cov = coverage(dates, 10)
    assert cov.bins[0].start == date(2020, 3, 30) and all((b.end - b.start).days == 6 for b in cov.bins)
    assert cov.bins[0].label() == "week of 30 Mar 2020"
    assert [b.count for b in cov.bins] == [1, 1, 0, 0, 0, 0, 0, 1]


def test_a_long_range_gets_runs_of_weeks_within_the_width():
    start = date(2015, 1, 5)
    dates = [start + timedelta(days=3 * i) for i in range(1000)]
    for width in (5, 24, 40):
        cov = coverage(dates, width)
        assert len(cov.bins) <= width and sum(b.count for b in cov.bins) == 1000
        assert all(later.start == earlier.end + timedelta(days=1) for earlier, later in zip(cov.bins, cov.bins[1:]))


def test_no_dates_no_bins():
    assert coverage([None, None], 20).bins == [] and coverage([], 20).undated == 0


def test_labels_and_bars():
    assert Bin(date(2019, 4, 1), date(2019, 4, 14), 3).label() == "1–14 Apr 2019"
    assert Bin(date(2019, 12, 30), date(2020, 1, 12), 3).label() == "30 Dec 2019 – 12 Jan 2020"
    assert bars([0, 1, 8, 4]) == " ▁█▄"
    assert bars([1, 1000]) == "▁█"  # one article among many still shows
    assert bars([0, 0]) == "  "


def test_the_library_counts_every_match_by_its_date(tmp_path, seed_corpus):
    from newsreader.core.index import update_index
    from newsreader.core.library import Library

    (seed_corpus / "undated.txt").write_text("Haftar again, on no known day.\n", encoding="utf-8")
    update_index(tmp_path / "ix", seed_corpus)
    with Library(tmp_path / "ix") as lib:
        every = lib.coverage("*", 40)
        assert every.dated == 5 and every.undated == 1
        assert (every.first, every.last) == (date(2019, 4, 6), date(2020, 4, 14))
        some = lib.coverage("misrata", 40)
        assert some.dated == 1
        ids = lib.matching_ids("*")
        assert lib.coverage("*", 40, restrict=(set(ids[:2]), None)).dated + \
            lib.coverage("*", 40, restrict=(set(ids[:2]), None)).undated == 2
