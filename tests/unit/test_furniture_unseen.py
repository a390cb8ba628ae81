"""Furniture from sites the rules were not written for: each dropped line has the shape it had on
a real page; each kept line is article text that looks close to it."""

from __future__ import annotations

import pytest

from newsreader.extract.cleaning import clean_body

BODY = "Forces loyal to the commander advanced on Tripoli on Sunday, officials said."


@pytest.mark.parametrize("line", [
    "RELATED: Haftar's forces close in on Tripoli airport",
    "Read more: UN envoy calls for a humanitarian truce",
    "Also Read | Five things to know about the Libyan conflict",
    "Please enter your comment!",
    "Please enter your name here",
    "You have entered an incorrect email address!",
    "[ad_1]",
    "Source link",
    "Share this!",
    "About The Author",
    "Posted by Ahmed Salem at 10:21 AM No comments:",
    "© 2019 Reuters",
    "Copyright 2019 The Associated Press. All rights reserved.",
    "(Reporting by Ahmed Elumami; Editing by Giles Elgood)",
    "Join our Telegram channel for the latest updates on the war",
    "Sign up for our daily newsletter and get the news first",
])
def test_furniture_seen_on_unseen_sites_is_dropped(line):
    assert clean_body(f"{BODY}\n\n{line}\n\nThe talks resumed on Monday in Geneva.") == \
        f"{BODY}\n\nThe talks resumed on Monday in Geneva."


@pytest.mark.parametrize("line", [
    "Related talks in Geneva stalled on Monday after the envoy left, diplomats said.",
    "The court heard that copyright in the photographs belonged to the agency.",
    "Readers who posted by mail received no reply, the ministry said.",
    "Join the conversation, the mayor told residents on Monday.",
    "Reporting by local journalists was restricted, the union said.",
])
def test_article_sentences_close_to_furniture_are_kept(line):
    assert line in clean_body(f"{BODY}\n\n{line}")
