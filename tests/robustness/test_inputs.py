"""Bad files, hostile text and odd queries: everything loads or is skipped with one line."""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsreader.cli import main
from newsreader.extract.corpus import parse_file
from newsreader.core.index import IndexError_, update_index
from newsreader.core.library import Library
from newsreader.extract.pipeline import extract
from newsreader.core.query import QueryError

GOOD = "---\ntitle: Good\n---\nForces loyal to the commander advanced on Tripoli on Sunday.\n"


def _corpus(tmp_path, files: dict[str, bytes | str]):
    root = tmp_path / "corpus"
    root.mkdir(exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


BAD_FILES = {
    "empty.txt": b"",
    "png.txt": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "gzip.md": b"\x1f\x8b\x08\x00" + bytes(200),
    "invalid-utf8.txt": b"Tripoli \xff\xfe\xfa talks resumed on Monday in Geneva, officials said.",
    "utf16-bom.txt": codecs.BOM_UTF16_LE + "Talks in Geneva resumed on Monday.".encode("utf-16-le"),
    "utf16-nobom.txt": "Talks in Geneva resumed on Monday after a pause.".encode("utf-16-le"),
    "cp1252.txt": "Haftar’s “forces” advanced on the café district of Tripoli.".encode("cp1252"),
    "mixed-endings.txt": b"First line of the story.\r\nSecond line.\rThird line.\nFourth line.",
    "nul-bytes.txt": b"Talks\x00 resumed\x00 in Geneva on Monday, officials said.",
    "fm-unterminated.txt": "---\ntitle: Never closed\nThe story goes on in Misrata with fighting.",
    "fm-duplicates.txt": "---\ntitle: First\ntitle: Second\n---\nA story about the ceasefire in Libya.",
    "fm-bad-date.txt": "---\ntitle: Bad date\npublished: the day after tomorrow\n---\nA story about Benghazi.",
    "fm-future.txt": "---\ntitle: Future\npublished: 2999-01-01\n---\nA story from the future of Sirte.",
    "fm-year0.txt": "---\ntitle: Year zero\npublished: 0000-01-01\n---\nA story about Derna and Tobruk.",
    "feed.jsonl": "\n".join([json.dumps({"title": "One", "body": "First story from Zawiya."}), "{broken",
                             json.dumps({"title": "Two", "text": "Second story from Sabha."})]),
    "broken.json": "{\"title\": ",
    "good.txt": GOOD,
}


def test_every_kind_of_bad_file_loads_or_is_skipped_with_one_line(tmp_path):
    root = _corpus(tmp_path, BAD_FILES)
    report = update_index(tmp_path / "ix", root)
    skipped = {p.path: p.reason for p in report.problems}
    assert set(skipped) == {"empty.txt", "png.txt", "gzip.md", "feed.jsonl#2", "broken.json"}
    assert all("\n" not in reason for reason in skipped.values())
    assert report.articles == len(BAD_FILES) - 4 + 1  # 4 files skipped whole; the JSONL gives two
    with Library(tmp_path / "ix") as lib:
        for word in ("geneva", "café", "misrata", "benghazi", "sirte", "derna", "zawiya", "sabha"):
            assert lib.search(word).total >= 1, word
        future = lib.get("fm-future.txt")
        assert future.published is None and lib.get("fm-year0.txt").published is None
        assert lib.get("fm-duplicates.txt").title == "First"


def test_huge_files_are_skipped_and_long_lines_load(tmp_path):
    root = _corpus(tmp_path, {
        "huge.txt": ("word " * 11_000_000).encode(),          # 55 MB: over the limit
        "one-line.txt": ("Tripoli " + "x" * 5_000_000 + " end.").encode(),
        "good.txt": GOOD,
    })
    report = update_index(tmp_path / "ix", root)
    assert [p.path for p in report.problems] == ["huge.txt"] and "too large" in report.problems[0].reason
    assert report.articles == 2


def test_a_vanishing_corpus_folder_mid_run_loses_nothing(tmp_path, monkeypatch):
    root = _corpus(tmp_path, {"a.txt": GOOD, "b.txt": GOOD.replace("Good", "Also good")})
    update_index(tmp_path / "ix", root)
    (root / "c.txt").write_text(GOOD.replace("Good", "Third"))

    from newsreader.extract import corpus as corpus_mod
    real_read = corpus_mod.read_file

    def vanishing(file):
        if file.rel == "c.txt":
            raise FileNotFoundError(2, "No such file or directory")
        return real_read(file)

    monkeypatch.setattr(corpus_mod, "read_file", vanishing)
    report = update_index(tmp_path / "ix", root)
    assert [p.path for p in report.problems] == ["c.txt"] and report.articles == 2


def test_a_write_failure_leaves_the_previous_index_intact(tmp_path, monkeypatch):
    root = _corpus(tmp_path, {"a.txt": GOOD})
    update_index(tmp_path / "ix", root)
    (root / "b.txt").write_text(GOOD.replace("Good", "Second"))
    from whoosh.writing import SegmentWriter

    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SegmentWriter, "commit", full_disk)
    with pytest.raises(IndexError_, match="No space left on device.*last complete state"):
        update_index(tmp_path / "ix", root)
    monkeypatch.undo()
    with Library(tmp_path / "ix") as lib:
        assert lib.article_count == 1
    assert update_index(tmp_path / "ix", root).articles == 2


HOSTILE = ("He wrote [bold red]red[/] and [link=https://evil.example]click[/link] and [@click=app.quit]x[/] "
           "then \x1b[2J\x1b]0;owned\x07 \x1b]52;c;ZXZpbA==\x07 \x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\ "
           "and \u202egnirts desrever\u202c with zero\u200bwidth in Tripoli.")


@pytest.fixture
def hostile_corpus(tmp_path):
    return _corpus(tmp_path, {"hostile.txt": f"---\ntitle: \"[b]Bold[/b] \\u001b[31mred\"\n---\n{HOSTILE}\n"})


def _assert_harmless(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    assert "\u202e" not in text and "\u200b" not in text


def test_show_prints_hostile_text_literally(hostile_corpus, tmp_path, capsys):
    assert main(["--corpus", str(hostile_corpus), "--index-dir", str(tmp_path / "ix"), "show", "hostile.txt"]) == 0
    out = capsys.readouterr().out
    _assert_harmless(out)
    assert "[bold red]red[/]" in out and "[link=https://evil.example]click[/link]" in out
    assert "␛[2J" in out and "␛]52;c;ZXZpbA==" in out and "[b]Bold[/b]" in out


def test_search_prints_hostile_text_literally(hostile_corpus, tmp_path, capsys):
    assert main(["--corpus", str(hostile_corpus), "--index-dir", str(tmp_path / "ix"), "search", "wrote"]) == 0
    out = capsys.readouterr().out
    _assert_harmless(out)
    assert "[bold red]red[/]" in out


def test_hostile_text_on_a_real_terminal_output(hostile_corpus, tmp_path):
    """Through Rich on a (forced) terminal: no markup interpreted, no escape passed through."""
    import io

    from rich.console import Console

    from newsreader.extract.corpus import load_file
    from newsreader.render import print_article

    (article,) = load_file(hostile_corpus / "hostile.txt").articles
    out = io.StringIO()
    print_article(Console(file=out, force_terminal=True, width=200, markup=False), article, plain=False,
                  entities=extract(article).entities)
    text = out.getvalue()
    assert "[bold red]red[/]" in text and "\x1b]" not in text and "\x1b[2J" not in text


@pytest.mark.parametrize("query", [
    '"unbalanced', "(open", "close)", "[x TO", "AND", "OR", "NOT", "AND OR NOT", ":", "title:", "x:",
    "nosuchfield:x", "published:[x TO y]", "*", "a*", "?", "~", "x~99", "\\", "{}", "[]", "()", "''",
    "x" * 10_000, "a " * 3000, "*a*", "Tripoli^99", "title:(a OR", '"a" "b', "¿¡", "\x00\x1b[2J",
])
def test_any_query_runs_or_gives_one_line(tmp_path, query):
    root = _corpus(tmp_path, {"good.txt": GOOD, "b.txt": "Alpha and all apples and armies at Agadez."})
    update_index(tmp_path / "ix", root)
    with Library(tmp_path / "ix") as lib:
        try:
            result = lib.search(query)
        except QueryError as err:
            assert str(err) and "\n" not in str(err)
        else:
            assert result.total >= len(result.hits) and {h.path for h in result.hits} <= {"good.txt", "b.txt"}


def test_wildcard_over_the_whole_vocabulary_is_refused_quickly(tmp_path, monkeypatch):
    monkeypatch.setattr("newsreader.core.library.MAX_EXPANSIONS", 5)
    words = " ".join(f"a{n}x" for n in range(50))
    root = _corpus(tmp_path, {"many.txt": f"Many words: {words}."})
    update_index(tmp_path / "ix", root)
    with Library(tmp_path / "ix") as lib:
        for ask in (lib.search, lib.timeline, lib.entity_counts):
            with pytest.raises(QueryError, match="over 5 different words"):
                ask("a*")
        assert lib.search("a1x*").total == 1, "a narrower prefix is searched"


def test_search_time_limit_returns_partial_results(tmp_path, monkeypatch):
    from whoosh.collectors import TimeLimitCollector

    class OutOfTime(TimeLimitCollector):
        def prepare(self, *args):
            super().prepare(*args)
            self.timedout = True  # as if the clock ran out before the first match

    root = _corpus(tmp_path, {"good.txt": GOOD, "b.txt": GOOD.replace("Good", "Other")})
    update_index(tmp_path / "ix", root)
    with Library(tmp_path / "ix") as lib:
        # Read whole (`bulk`, `newest`): out of time before the first segment.
        results = [lib.search("tripoli", time_limit=-1), lib.search("tripoli", sort="date", time_limit=-1)]
        # Whoosh's collector, for the queries those do not read.
        monkeypatch.setattr("newsreader.core.library.TimeLimitCollector", OutOfTime)
        monkeypatch.setattr("newsreader.core.newest.newest", lambda *args, **kwargs: None)
        monkeypatch.setattr("newsreader.core.bulk.top", lambda *args, **kwargs: None)
        results += [lib.search("tripoli"), lib.search("tripoli", sort="date")]
    for result in results:
        assert result.partial and not result.exact_total and len(result.hits) < 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl"]))
def test_loader_never_raises_and_offsets_hold(data, name):
    load = parse_file(name, data)
    assert load == parse_file(name, data) or load.articles == parse_file(name, data).articles
    for problem in load.problems:
        assert "\n" not in str(problem)
    for article in load.articles:
        extraction = extract(article)
        for item in [*extraction.entities, *extraction.timeline]:
            assert article.body[item.start:item.end] == item.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=2000))
def test_cleaner_never_raises_and_is_deterministic(text):
    from newsreader.extract.cleaning import clean_body

    assert clean_body(text) == clean_body(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_query_parser_raises_only_query_errors(text):
    from newsreader.core.schema import make_schema
    from newsreader.core.query import parse_query

    schema = make_schema()
    try:
        parse_query(text, schema)
    except QueryError as err:
        assert "\n" not in str(err)
