import json
import os
from datetime import date

import pytest

from newsreader.extract.corpus import load_file, parse_file, read_file, scan


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


ARTICLE = "---\ntitle: Talks resume\nsource: Reuters\npublished: 2019-04-08\n---\nTalks resumed in Geneva on Monday after a pause of a week.\n"


def test_scan_walks_recursively_and_counts_what_it_skips(tmp_path):
    _write(tmp_path / "a.txt", ARTICLE)
    _write(tmp_path / "sub" / "deeper" / "b.md", ARTICLE)
    _write(tmp_path / ".hidden.txt", ARTICLE)
    _write(tmp_path / ".git" / "c.txt", ARTICLE)
    _write(tmp_path / "image.png", b"\x89PNG")
    _write(tmp_path / "notes.docx", b"x")
    found = scan(tmp_path)
    assert [f.rel for f in found.files] == ["a.txt", "sub/deeper/b.md"]
    assert found.hidden == 2
    assert found.unsupported == 2


def test_scan_reports_dangling_symlinks_and_survives_loops(tmp_path):
    _write(tmp_path / "a.txt", ARTICLE)
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path, tmp_path / "loop")
    found = scan(tmp_path)
    assert [f.rel for f in found.files] == ["a.txt"]
    assert [p.path for p in found.problems] == ["dangling.txt"]


def test_text_file_with_front_matter():
    (article,) = parse_file("x.txt", ARTICLE.encode()).articles
    assert (article.title, article.source, article.published) == ("Talks resume", "Reuters", date(2019, 4, 8))
    assert article.body == "Talks resumed in Geneva on Monday after a pause of a week."
    assert article.key == "x.txt" and len(article.id) == 10


def test_extra_front_matter_keys_are_kept():
    (article,) = parse_file("x.txt", b"---\ntitle: T\nauthor: Jane Doe\n---\nSome text that is long enough.").articles
    assert article.extra == {"author": "Jane Doe"}


def test_html_main_text_without_scripts_or_navigation():
    html = """<html><head><title>Page title | Site</title>
    <meta property="og:site_name" content="Daily Planet">
    <meta property="article:published_time" content="2019-04-08T09:00:00Z">
    <link rel="canonical" href="https://example.org/story"><style>p{color:red}</style>
    <script>var x = "do not show";</script></head><body>
    <nav><a>Home</a><a>World</a></nav><header>Site header</header>
    <article><h1>Fighting near Tripoli</h1><p>Forces loyal to the commander advanced on Sunday,
    officials said, as the fighting spread to the southern suburbs of the capital.</p>
    <p>Second &amp; last paragraph of the story, with more words to read.</p></article>
    <footer>Copyright footer</footer></body></html>"""
    (article,) = parse_file("story.html", html.encode()).articles
    assert article.title == "Fighting near Tripoli"
    assert article.source == "Daily Planet"
    assert article.url == "https://example.org/story"
    assert article.published == date(2019, 4, 8)
    assert article.body.startswith("Forces loyal to the commander advanced on Sunday, officials said")
    assert "Second & last paragraph" in article.body
    for junk in ("do not show", "Home", "Site header", "Copyright footer", "color:red"):
        assert junk not in article.body


def test_json_article_and_list():
    one = {"title": "T", "text": "Body of the article here.", "source": "AP", "published": "2020-01-02"}
    (article,) = parse_file("a.json", json.dumps(one).encode()).articles
    assert (article.title, article.body, article.source, article.published) == ("T", "Body of the article here.", "AP", date(2020, 1, 2))
    load = parse_file("b.json", json.dumps([one, one]).encode())
    assert [a.key for a in load.articles] == ["b.json#1", "b.json#2"]


def test_jsonl_broken_line_is_reported_and_the_rest_loads():
    lines = [json.dumps({"title": "One", "body": "First body text."}), "{broken", "",
             json.dumps({"title": "No body"}), json.dumps({"title": "Two", "body": "Second body text."})]
    load = parse_file("feed.jsonl", "\n".join(lines).encode())
    assert [a.title for a in load.articles] == ["One", "Two"]
    assert [a.key for a in load.articles] == ["feed.jsonl#1", "feed.jsonl#5"]
    assert [p.path for p in load.problems] == ["feed.jsonl#2", "feed.jsonl#4"]
    assert all(len(str(p).splitlines()) == 1 for p in load.problems)


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
    ("archive.txt", b"\x1f\x8b\x08" + bytes(100), "gzip"),
    ("bad.json", b"{not json", "invalid JSON"),
    ("furniture.txt", b"ADVERTISEMENT\n\nComments\n", "no article text"),
])
def test_bad_files_are_skipped_with_a_one_line_reason(name, data, reason):
    load = parse_file(name, data)
    assert load.articles == []
    (problem,) = load.problems
    assert reason in problem.reason and "\n" not in str(problem)


def test_load_file_reports_unreadable_files(tmp_path, monkeypatch):
    path = _write(tmp_path / "secret.txt", ARTICLE)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", denied)
    load = load_file(path)
    assert load.articles == [] and load.problems[0].reason == "cannot read (Permission denied)"


def test_file_too_large_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr("newsreader.extract.corpus.MAX_ARTICLE_BYTES", 100)
    path = _write(tmp_path / "big.txt", "word " * 100)
    (file,) = scan(tmp_path).files
    with pytest.raises(ValueError, match="too large"):
        read_file(file)
    assert "too large" in load_file(path).problems[0].reason


def test_a_broken_file_never_stops_the_rest(tmp_path):
    from newsreader.core.index import update_index

    _write(tmp_path / "c" / "good.txt", ARTICLE)
    _write(tmp_path / "c" / "bad.txt", b"\x89PNG\r\n\x1a\n" + bytes(50))
    _write(tmp_path / "c" / "empty.md", b"")
    report = update_index(tmp_path / "ix", tmp_path / "c")
    assert report.articles == 1
    assert sorted(p.path for p in report.problems) == ["bad.txt", "empty.md"]
