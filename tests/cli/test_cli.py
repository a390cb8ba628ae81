"""The `newsreader` command as a user runs it: output, JSON contracts, exit codes, errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(capsys, seed_corpus, tmp_path):
    """Run the CLI in-process against a copy of the seed corpus; return (status, out, err)."""
    index_dir = tmp_path / "ix"

    def _run(*args, corpus=True):
        argv = list(args)
        if corpus:
            argv = ["--corpus", str(seed_corpus), "--index-dir", str(index_dir), *argv]
        status = main(argv)
        out, err = capsys.readouterr()
        return status, out, err

    return _run


def test_no_arguments_without_a_terminal_says_how_to_script(run):
    status, out, err = run(corpus=False)
    assert status == 1 and out == ""
    assert "needs a terminal" in err and err.count("\n") == 1


def test_index_then_nothing_changed(run):
    status, out, _ = run("index")
    assert status == 0 and "Built index: 5 articles" in out
    status, out, _ = run("index")
    assert status == 0 and "up to date" in out and "nothing changed" in out
    status, out, _ = run("index", "--rebuild")
    assert "Built index: 5 articles" in out


def test_index_reports_skipped_files_one_line_each(run, seed_corpus):
    (seed_corpus / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    (seed_corpus / "notes.docx").write_bytes(b"x")
    (seed_corpus / ".hidden.txt").write_text("x")
    status, out, err = run("index")
    assert status == 0
    assert "newsreader: skipped broken.txt: binary file (PNG image), not text" in err.splitlines()
    assert "skipped 1 unreadable, 1 of unknown type, 1 hidden" in out


def test_search_indexes_on_demand_and_marks_matches_when_piped(run):
    status, out, err = run("search", "misrata")
    assert status == 0
    assert "building it now" in err
    assert "[[Misrata]]" in out and "France 24 · 2019-04-08" in out
    assert "1 match in" in out


def test_search_json_lists_hits_with_snippet_offsets(run):
    status, out, _ = run("search", "haftar", "--json", "--limit", "3", "--sort", "date")
    hits = json.loads(out)
    assert status == 0 and len(hits) == 3
    assert [h["published"] for h in hits] == ["2020-04-14", "2020-02-19", "2019-05-26"]
    for hit in hits:
        assert set(hit) >= {"id", "path", "title", "source", "url", "published", "score", "snippet", "highlights"}
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].lower() == "haftar"


def test_bad_query_is_one_line_and_status_2(run):
    run("index")
    for query in ('"unbalanced', "title:", "published:[x TO"):
        status, out, err = run("search", query)
        assert status == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith("newsreader: bad query:")


def test_zero_hits_suggests_a_spelling(run):
    status, out, _ = run("search", "misratta")
    assert status == 0 and "0 matches" in out and "Did you mean: misrata" in out


def test_show_by_id_path_and_file(run, seed_corpus):
    _, out, _ = run("search", "misrata", "--json")
    hit = json.loads(out)[0]
    for ref in (hit["id"], hit["id"][:6], hit["path"], str(seed_corpus / hit["path"])):
        status, out, _ = run("show", ref)
        assert status == 0 and out.startswith(hit["title"]) and "Misrata" in out
    status, _, err = run("show", "nope")
    assert status == 1 and "no article" in err


def test_extract_json_contract(run):
    status, out, _ = run("extract", str(REPO / "corpus" / "001_1bcbb76059a632e8.txt"), "--json", corpus=False)
    data = json.loads(out)
    assert status == 0
    assert set(data) >= {"title", "source", "url", "published", "body", "entities", "timeline"}
    assert data["published"] == "2019-04-08" and data["source"] == "France 24"
    for item in data["entities"] + data["timeline"]:
        assert data["body"][item["start"]:item["end"]] == item["text"]


def test_extract_jsonl_gives_one_object_per_line(run, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "A", "body": "First text."}\n{"title": "B", "body": "Second text."}\n')
    status, out, _ = run("extract", str(feed), "--json", corpus=False)
    assert status == 0 and [json.loads(line)["title"] for line in out.splitlines()] == ["A", "B"]


@pytest.mark.parametrize("args, message", [
    (["extract", "/no/such/file.txt"], "no such file"),
    (["--corpus", "/no/such/folder", "search", "x"], "corpus folder not found"),
])
def test_user_errors_are_one_line(capsys, args, message):
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_extract_of_a_binary_file(capsys, tmp_path):
    path = tmp_path / "pic.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert main(["extract", str(path), "--json"]) == 1
    assert "PNG" in capsys.readouterr().err


def test_corpus_and_index_locations_follow_options_then_environment(monkeypatch, tmp_path, seed_corpus):
    from newsreader.paths import bundled_corpus, resolve_corpus, resolve_index

    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    assert resolve_corpus() == bundled_corpus()
    (cwd / "corpus").mkdir()
    assert resolve_corpus() == cwd / "corpus"
    monkeypatch.setenv("NEWSREADER_CORPUS", str(seed_corpus))
    assert resolve_corpus() == seed_corpus
    assert resolve_corpus(str(tmp_path)) == tmp_path
    default = resolve_index(seed_corpus)
    assert default != resolve_index(cwd / "corpus")  # one index per corpus path
    monkeypatch.setenv("NEWSREADER_INDEX", str(tmp_path / "env-ix"))
    assert resolve_index(seed_corpus) == tmp_path / "env-ix"
    assert resolve_index(seed_corpus, str(tmp_path / "opt")) == tmp_path / "opt"


def test_bundled_corpus_holds_the_seeds():
    from newsreader.paths import bundled_corpus

    assert len(list(bundled_corpus().glob("*.txt"))) == 5


def test_installed_command_runs_without_traceback(tmp_path):
    """The console script, as a user starts it, in a subprocess (piped, so plain output)."""
    exe = Path(sys.executable).with_name("newsreader")
    if not exe.exists():
        pytest.skip("newsreader is not installed in this environment")
    env = {**os.environ, "NEWSREADER_INDEX": str(tmp_path / "ix")}
    done = subprocess.run([str(exe), "--corpus", str(REPO / "corpus"), "search", "tripoli", "--limit", "1"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and "[[Tripoli]]" in done.stdout
    done = subprocess.run([str(exe), "search", "(unclosed"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_entities_command(run):
    status, out, _ = run("entities", "--limit", "3")
    assert status == 0 and len(out.splitlines()) == 3 and "Khalifa Haftar" in out
    status, out, _ = run("entities", "misrata", "--label", "person", "--json")
    rows = json.loads(out)
    assert status == 0 and {r["label"] for r in rows} == {"PERSON"}
    assert {"label": "PERSON", "name": "Mohamed Gnounou", "articles": 1} in rows


def test_show_marks_entities_when_asked(run):
    _, out, _ = run("search", "misrata", "--json")
    status, out, _ = run("show", json.loads(out)[0]["id"], "--mark")
    assert status == 0
    assert "[[Khalifa Haftar|PERSON]]" in out and "[[Misrata|GPE]]" in out and "[[LNA|ORG]]" in out


def test_entity_styles_are_distinct_with_and_without_colour():
    import io

    from rich.console import Console

    from newsreader.extract.corpus import parse_file
    from newsreader.extract.pipeline import extract
    from newsreader.render import print_article
    from newsreader.styles import ENTITY_STYLES, ENTITY_STYLES_NO_COLOR

    for styles in (ENTITY_STYLES, ENTITY_STYLES_NO_COLOR):
        distinct = {styles[label] for label in ("PERSON", "ORG", "GPE", "NORP")}
        assert len(distinct) == 4
    (article,) = parse_file("a.txt", "Libyan leader Khalifa Haftar met UN envoys in Tripoli.".encode()).articles
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, no_color=True, width=100)
    print_article(console, article, plain=False, entities=extract(article).entities)
    text = out.getvalue()
    assert "\x1b[4mKhalifa Haftar" in text and "\x1b[1mUN" in text and "\x1b[3mTripoli" in text
    assert "\x1b[2mLibyan" in text and "\x1b[3" + "6m" not in text  # attributes only, no colour codes
    from newsreader.styles import MATCH_STYLE
    assert ENTITY_STYLES_NO_COLOR["NORP"] not in MATCH_STYLE.split()  # a group never looks like a match


def test_timeline_command(run):
    status, out, _ = run("timeline", "--from", "2019-04-01", "--to", "2019-04-08", "--json")
    events = json.loads(out)
    assert status == 0 and events
    assert all("2019-04-01" <= e["value"][:10] <= "2019-04-08" or e["value"].startswith("2019-W")
               for e in events)
    first = events[0]["mentions"][0]
    assert set(first) == {"id", "title", "source", "published", "text", "start", "end", "inferred"}
    status, out, _ = run("timeline", "haftar", "--limit", "3")
    assert status == 0 and out.count("\n") == 7 and "[[" in out
    for bad in (["--from", "April"], ["--from", "2020", "--to", "2019"]):
        status, _, err = run("timeline", *bad)
        assert status == 2 and err.count("\n") == 1


def test_timeline_of_an_entity_lists_the_sentences_that_tell_of_it(run):
    status, out, _ = run("timeline", "--entity", "Khalifa Haftar", "--json")
    events = json.loads(out)
    assert status == 0 and events
    mentions = [m for e in events for m in e["mentions"]]
    assert all("Haftar" in e["sentence"] or e["sentence"].startswith(("He ", "His ")) for e in events)
    assert any(m["inferred"] for m in mentions) and any(not m["inferred"] for m in mentions)
    everything = json.loads(run("timeline", "--json")[1])
    assert len(events) < len(everything)  # not every dated sentence of the corpus
    status, out, _ = run("timeline", "--entity", "Khalifa Haftar", "misrata")
    assert status == 0 and "from 1 article" in out and "~" in out
    status, _, err = run("timeline", "--entity", '""')
    assert status == 2 and "entity name" in err


def test_extract_has_a_timeline(run):
    status, out, _ = run("extract", str(REPO / "corpus" / "001_1bcbb76059a632e8.txt"), "--json", corpus=False)
    data = json.loads(out)
    assert {"value": "2019-04-06", "mod": None, "text": "A day earlier"}.items() <= next(
        t for t in data["timeline"] if t["text"] == "A day earlier").items()
    for entry in data["timeline"]:
        assert set(entry) == {"value", "mod", "text", "start", "end", "sentence"}
        assert data["body"][entry["start"]:entry["end"]] == entry["text"] and entry["text"] in entry["sentence"]


@pytest.mark.parametrize("environ, flags, expected", [
    ({}, [], True),
    ({"SSH_CONNECTION": "10.0.0.1 1 10.0.0.2 22"}, [], False),
    ({"SSH_CONNECTION": "10.0.0.1 1 10.0.0.2 22"}, ["--mouse"], True),
    ({}, ["--no-mouse"], False),
])
def test_app_mouse_is_off_over_ssh_unless_asked(monkeypatch, seed_corpus, tmp_path, environ, flags, expected):
    import newsreader.ui.app as ui_app

    runs = []

    class FakeApp:
        return_code = 0

        def run(self, mouse):
            runs.append(mouse)

    monkeypatch.setattr(ui_app, "make_app", lambda *a, **k: FakeApp())
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    assert main(["--corpus", str(seed_corpus), "--index-dir", str(tmp_path / "ix"), *flags]) == 0
    assert runs == [expected]


def test_unknown_theme_is_a_usage_error(monkeypatch, seed_corpus, tmp_path, capsys):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert main(["--corpus", str(seed_corpus), "--theme", "nope"]) == 2
    assert "unknown theme 'nope'" in capsys.readouterr().err


def test_bench_reports_every_figure(tmp_path, capsys):
    report = tmp_path / "BENCHMARKS.md"
    assert main(["bench", "--articles", "30", "--json", "--output", str(report)]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key in ("articles", "index_articles_per_s", "reindex_nochange_s", "reindex_1pct_s", "search_p50_ms",
                "search_p95_ms", "prefix_p95_ms", "fts5_search_p50_ms", "fts5_search_p95_ms", "timeline_query_ms",
                "extract_ms_per_article", "first_screen_s", "index_mb", "peak_rss_mb", "first_screen_pty_s",
                "keystroke_to_list_p50_ms", "keystroke_to_list_p95_ms", "bytes_per_key_p50"):
        assert key in figures and figures[key] is not None, key
    assert figures["articles"] == 30
    text = report.read_text()
    assert "## 30 articles" in text and "SQLite FTS5" in text
    assert main(["bench", "--articles", "30", "--json", "--no-pty", "--output", str(report)]) == 0
    assert report.read_text().count("## 30 articles") == 1  # a new run replaces its own section


def test_entities_of_articles_without_any_entity(capsys, tmp_path):
    corpus = tmp_path / "plain"
    corpus.mkdir()
    (corpus / "a.txt").write_text("the quick brown fox jumps over the lazy dog again and again.")
    (corpus / "b.txt").write_text("Officials in Tripoli said the talks would resume.")
    for args in (["entities"], ["entities", "fox"], ["entities", "--json"]):
        status = main(["--corpus", str(corpus), "--index-dir", str(tmp_path / "ix"), *args])
        out, err = capsys.readouterr()
        assert status == 0, err
    assert json.loads(out) and all(row["name"] for row in json.loads(out))


def test_saved_searches_count_what_is_new_since_last_run(run, seed_corpus):
    assert run("saved", "add", "haftar", "haftar")[0] == 0
    status, _, err = run("saved", "add", "bad", '"unbalanced')
    assert status == 2 and "unbalanced quote" in err
    (row,) = json.loads(run("saved", "list", "--json")[1])
    assert row == {"name": "haftar", "query": "haftar", "matches": 5, "new": 5, "last_seen": None}
    status, out, _ = run("saved", "run", "haftar", "--json")
    assert status == 0 and json.loads(out)["new"] == 5
    (seed_corpus / "later.txt").write_text("---\ntitle: Later\npublished: 2019-04-09\n---\n"
                                           "Haftar's forces advanced again on Tuesday, residents said.\n")
    assert run("index")[0] == 0
    (row,) = json.loads(run("saved", "list", "--json")[1])
    assert (row["matches"], row["new"]) == (6, 1) and row["last_seen"]
    assert run("saved", "remove", "haftar")[0] == 0
    assert json.loads(run("saved", "list", "--json")[1]) == []
    status, _, err = run("saved", "run", "haftar")
    assert status == 2 and "no saved search named 'haftar'" in err


def test_mark_read_flag_and_note(run):
    article = json.loads(run("search", "misrata", "--json")[1])[0]["id"]
    status, out, _ = run("mark", article, "--flag", "--note", "key source", "--json")
    assert status == 0 and json.loads(out) == {"id": article, "read": False, "flagged": True, "note": "key source"}
    assert json.loads(run("mark", article, "--read", "--json")[1])["read"] is True
    status, _, err = run("mark", article)
    assert status == 2 and "say what to mark" in err
    status, _, err = run("mark", "nosuchid")
    assert status == 1 and "no article" in err


def test_a_briefing_is_complete_cited_and_the_same_twice(run, tmp_path):
    article = json.loads(run("search", "misrata", "--json")[1])[0]["id"]
    run("mark", article, "--flag", "--note", "key source on Misrata")
    status, first, _ = run("brief", "haftar", "--from", "2019-04-01", "--to", "2019-04-30")
    assert status == 0
    assert first == run("brief", "haftar", "--from", "2019-04-01", "--to", "2019-04-30")[1]  # diffable
    for heading in ("# Briefing: haftar", "## Key names", "## Flagged", "## Timeline", "## Sources"):
        assert heading in first
    assert "key source on Misrata" in first.split("## Timeline")[0]  # flagged first
    assert "**6 Apr 2019**" in first and "France 24, 2019-04-08" in first
    assert "- Coverage: `2019-04-06 █ █ 2019-04-08` (articles per day)" in first  # one on each end day
    target = tmp_path / "brief.html"
    status, out, err = run("brief", "haftar", "--format", "html", "--output", str(target))
    assert status == 0 and out == "" and "briefing written" in err
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<h2>Timeline</h2>" in page and "http" not in page.split("<body>")[0]
    chart = page.split('<p class="chart">')[1].split("</p>")[0]  # the coverage chart, a bar a week
    assert chart.count("<rect") == 55 and "<title>week of 1 Apr 2019: 1</title>" in chart
    run("saved", "add", "libya war", "haftar")
    assert run("brief", "libya war")[1].startswith("# Briefing: haftar")  # a saved search's name works


def test_state_terms_combine_with_the_rest_of_the_query(run):
    hits = json.loads(run("search", "haftar", "--json")[1])
    first, second = hits[0]["id"], hits[1]["id"]
    run("mark", first, "--read", "--flag")
    run("mark", second, "--read")
    ids = lambda *q: [h["id"] for h in json.loads(run("search", *q, "--json")[1])]  # noqa: E731
    assert ids("haftar", "is:flagged") == [first]
    assert set(ids("haftar is:unread")) == {h["id"] for h in hits} - {first, second}
    assert set(ids("is:read")) == {first, second}
    assert ids("haftar is:flagged published:[2030 TO]") == []


def test_wire_copies_are_one_hit_unless_asked(run, seed_corpus):
    source = next(seed_corpus.glob("001_*.txt")).read_text()
    body = source.split("---\n", 2)[2]
    (seed_corpus / "copy.txt").write_text("---\ntitle: Same story, other headline\nsource: Daily Copy\n---\n"
                                          "Our correspondent adds that the city was calm.\n\n" + body)
    hits = json.loads(run("search", "haftar", "--json")[1])
    (leader,) = [h for h in hits if h["copies"]]
    assert len(leader["copies"]) == 1 and leader["copies"][0] not in {h["id"] for h in hits}
    assert len(json.loads(run("search", "haftar", "--no-group", "--json")[1])) == len(hits) + 1
    assert "+1 copy (Daily Copy)" in run("search", "haftar")[1] or "+1 copy (France 24)" in run("search", "haftar")[1]


def test_marks_and_notes_follow_a_file_moved_inside_the_corpus(run, seed_corpus):
    hits = json.loads(run("search", "misrata", "--json")[1])
    old_id, old_path = hits[0]["id"], hits[0]["path"]
    run("mark", old_id, "--flag", "--note", "the key source")
    (seed_corpus / "archive").mkdir()
    (seed_corpus / old_path).rename(seed_corpus / "archive" / Path(old_path).name)  # same content, new place
    assert run("index")[0] == 0
    (moved,) = json.loads(run("search", "misrata", "--json")[1])
    assert moved["id"] != old_id and moved["path"].startswith("archive/")
    assert [h["id"] for h in json.loads(run("search", "is:flagged", "--json")[1])] == [moved["id"]]
    status, out, _ = run("brief", "misrata")
    assert "the key source" in out


def test_another_whoosh_release_is_one_line_not_wrong_results():
    code = ("import sys, whoosh; whoosh.__version__ = (2, 7, 4); sys.argv = ['newsreader', 'search', 'x']; "
            "from newsreader.entry import main; sys.exit(main())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("newsreader: the search index needs whoosh-reloaded 2.7.5, but Whoosh 2.7.4")
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_timeline_query_for_one_entity_alone_is_that_entitys_own_timeline(run):
    own = run("timeline", "--entity", "Khalifa Haftar", "--json")[1]
    assert json.loads(own) and run("timeline", 'person:"Khalifa Haftar"', "--json")[1] == own
    assert run("timeline", 'person:"Khalifa Haftar" tripoli', "--json")[1] != own  # more than the entity: a search


def test_index_optimize_merges_the_segments_and_search_finds_the_same(run, seed_corpus):
    run("index")
    for i in range(3):  # three more runs: three more segments
        (seed_corpus / f"more{i}.txt").write_text(f"---\ntitle: Later {i}\n---\nTalks in Sirte resumed, round {i}.\n")
        assert run("index")[0] == 0
    before = json.loads(run("search", "haftar", "--json")[1])
    status, out, _ = run("index", "--optimize")
    assert status == 0 and out.strip().splitlines()[-1].startswith("Merged ") and "into 1 in" in out
    assert [h["id"] for h in json.loads(run("search", "haftar", "--json")[1])] == [h["id"] for h in before]
    assert len(json.loads(run("search", "sirte", "--no-group", "--json")[1])) == 3
    assert run("index", "--optimize")[1].strip().endswith("one segment already.")
