from newsreader.extract.frontmatter import split_front_matter


def test_fields_and_rest():
    fields, rest, warning = split_front_matter('---\ntitle: "A: quoted title"\nSource: Reuters\npublished: 2019-04-08\n---\nBody text')
    assert fields == {"title": "A: quoted title", "source": "Reuters", "published": "2019-04-08"}
    assert rest == "Body text"
    assert warning is None


def test_no_front_matter_returns_text_whole():
    assert split_front_matter("Just text\n---\n") == ({}, "Just text\n---\n", None)


def test_duplicate_key_keeps_the_first_and_nulls_are_dropped():
    fields, _, _ = split_front_matter("---\ntitle: One\ntitle: Two\nurl: null\n---\nx")
    assert fields == {"title": "One"}


def test_unterminated_front_matter_is_read_as_text_with_a_warning():
    fields, rest, warning = split_front_matter("---\ntitle: x\nBody goes on")
    assert fields == {}
    assert rest.startswith("---")
    assert "closing" in warning
