"""Real folders at their worst: names from other systems, FIFOs and device links, giant and
deeply nested JSON, damaged and vanished indexes, hostile user patterns. Each test builds its own
hostile corpus; each failed before the fix it names (the README's "What happens when…")."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.cli import main
from newsreader.extract import corpus as corpus_mod
from newsreader.core.index import IndexError_, update_index
from newsreader.core.index_meta import index_name
from newsreader.core.library import Library
from newsreader.extract.pipeline import EXTRACT_MAX_CHARS, extract
from newsreader.extract.resources import UserFileError, user_lines

GOOD = "---\ntitle: Good\n---\nForces loyal to the commander advanced on Tripoli on Sunday.\n"
HOSTILE_NAME = b"esc\x1b[2J\x1b]0;owned\x07\x1b]52;c;aGk=\x07.txt"
CONTROL_BYTES = ("\x1b", "\x07", "\x9b", "\u202e", "\u061c")


def _corpus(tmp_path, files: dict[bytes | str, bytes | str]) -> Path:
    root = tmp_path / "corpus"
    root.mkdir(exist_ok=True)
    for name, data in files.items():
        path = os.path.join(os.fsencode(root), name if isinstance(name, bytes) else name.encode())
        with open(path, "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


@pytest.fixture
def cli(capsys, tmp_path):
    """Run the CLI in-process on `corpus` with an index in tmp_path; return (status, out, err)."""
    def run(corpus: Path, *args):
        status = main(["--corpus", str(corpus), "--index-dir", str(tmp_path / "ix"), *args])
        out, err = capsys.readouterr()
        return status, out, err
    return run


def _clean(text: str) -> bool:
    return not any(ch in text for ch in CONTROL_BYTES) and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


# 1. A file name that is not UTF-8 -------------------------------------------------------------

def test_a_name_that_is_not_utf8_is_indexed_with_its_bytes_escaped(tmp_path, cli):
    root = _corpus(tmp_path, {"good.txt": GOOD, b"inv\xff.txt": "Talks on Misrata resumed, envoys said."})
    status, out, err = cli(root, "index")
    assert status == 0 and "2 articles" in out
    status, out, _ = cli(root, "search", "misrata", "--json")
    assert status == 0 and [hit["path"] for hit in json.loads(out)] == ["inv\\xff.txt"]
    for ref in ("inv\\xff.txt", os.fsdecode(b"inv\xff.txt")):  # as shown, and as the shell passes it
        status, out, _ = cli(root, "show", ref)
        assert status == 0 and "Misrata" in out
    status, _, err = cli(root, "show", os.fsdecode(b"\xff"))
    assert status == 1 and err.count("\n") == 1 and "\\xff" in err


# 2. --rebuild builds beside the index and swaps it in -----------------------------------------

def test_a_rebuild_that_fails_leaves_the_previous_index_whole(tmp_path, monkeypatch):
    root = _corpus(tmp_path, {f"a{n}.txt": GOOD.replace("Good", f"Good {n}") for n in range(30)})
    index_dir = tmp_path / "ix"
    update_index(index_dir, root)
    before = set(os.listdir(index_dir))

    from whoosh.filedb.filestore import FileStorage
    real_create = FileStorage.create_file

    for full_at in ("_0.toc", "_1.toc"):  # as the rebuild starts, and as it commits its work
        def full(self, name, *args, **kwargs):
            if name.startswith("_R") and full_at in name:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_create(self, name, *args, **kwargs)

        monkeypatch.setattr(FileStorage, "create_file", full)
        with pytest.raises(IndexError_, match="No space left on device.*keeps its last complete state"):
            update_index(index_dir, root, rebuild=True, workers=1)
        assert set(os.listdir(index_dir)) == before  # nothing of the unfinished rebuild is left
        with Library(index_dir) as library:
            assert library.article_count == 30


def test_a_finished_rebuild_takes_the_place_of_the_index_readers_have_open(tmp_path):
    root = _corpus(tmp_path, {"a.txt": GOOD, "b.txt": GOOD.replace("Tripoli", "Misrata")})
    index_dir = tmp_path / "ix"
    update_index(index_dir, root)
    first = index_name(index_dir)
    with Library(index_dir) as library:
        assert library.search("misrata").total == 1
        (root / "c.txt").write_text(GOOD.replace("Tripoli", "Misrata"), encoding="utf-8")
        report = update_index(index_dir, root, rebuild=True)
        assert report.rebuilt and report.articles == 3
        assert index_name(index_dir) != first
        assert not [f for f in os.listdir(index_dir) if first in f]  # the old index is deleted
        assert library.search("misrata").total == 2  # the open reader moved to the new index


KILLER = """
import os, signal, sys, time
import newsreader.core.index as ix
real = ix._doc_fields
def slow(*a, **k):
    time.sleep(0.004)
    return real(*a, **k)
ix._doc_fields = slow
from newsreader.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _session_processes(sid: int) -> list[int]:
    """The processes still alive in session `sid` (zombies not counted)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == sid:
            alive.append(int(entry))
    return alive


def _wait_for_no_processes(sid: int, timeout: float = 15.0) -> list[int]:
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = _session_processes(sid)
        if not left:
            return []
        time.sleep(0.2)
    return _session_processes(sid)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts processes through /proc")
def test_killed_runs_leave_no_process_behind_and_killed_rebuilds_leave_the_index_whole(tmp_path):
    import random
    import signal
    import time

    root = tmp_path / "corpus"
    for n in range(400):  # enough files for a pool of worker processes
        folder = root / f"{n // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"a{n:03d}.txt").write_text(GOOD.replace("Good", f"Story {n}"), encoding="utf-8")
    index_dir = tmp_path / "ix"
    update_index(index_dir, root)
    rng = random.Random(5)
    for round_, signum in enumerate([signal.SIGKILL, signal.SIGTERM, signal.SIGHUP] * 2):
        args = ["--corpus", str(root), "--index-dir", str(index_dir), "index", "--rebuild"]
        proc = subprocess.Popen([sys.executable, "-c", KILLER, *args], start_new_session=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(1.0, 2.5))
        os.kill(proc.pid, signum)  # the writer alone, as a terminal's close or `kill` does
        out, _ = proc.communicate(timeout=60)
        assert _wait_for_no_processes(proc.pid) == [], f"round {round_}: worker processes outlived the writer"
        if signum != signal.SIGKILL and proc.returncode != 0:
            assert proc.returncode == 128 + signum and "interrupted" in out
        with Library(index_dir) as library:  # whole, whether the rebuild finished or not
            assert library.article_count == 400
    report = update_index(index_dir, root)
    assert report.articles == 400 and not [f for f in os.listdir(index_dir) if f.startswith("_R")][1:]


# 3. and 6. JSON nested too deeply, records over the size limit --------------------------------

def test_deep_json_and_oversized_records_are_skipped_one_line_each(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_mod, "MAX_ARTICLE_BYTES", 20_000)
    big = "Forces advanced on Tripoli. " * 800
    root = _corpus(tmp_path, {
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "deep.jsonl": "[" * 5_000 + "]" * 5_000 + "\n" + json.dumps({"title": "Fine", "body": "Talks in Geneva."}),
        "list.json": json.dumps([{"title": "Huge", "body": big}, {"title": "Small", "body": "Talks in Sirte."}]),
        "feed.jsonl": json.dumps({"title": "Huge", "body": big}) + "\n" + json.dumps({"title": "Ok", "body": "Zawiya."}),
        "good.txt": GOOD,
    })
    report = update_index(tmp_path / "ix", root)
    skipped = {p.path: p.reason for p in report.problems}
    assert skipped == {"deep.json": "invalid JSON (nested too deeply)",
                       "deep.jsonl#1": "invalid JSON line (nested too deeply)",
                       "list.json#1": "record too large (0 MB; the limit is 0 MB)",
                       "feed.jsonl#1": "JSON line too large (0 MB; the limit is 0 MB)"}
    assert report.articles == 4


# 4. FIFOs and device links --------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_device_link_never_hangs_indexing_or_extract(tmp_path):
    root = _corpus(tmp_path, {"good.txt": GOOD})
    os.mkfifo(root / "pipe.txt")
    os.symlink("/dev/zero", root / "zero.txt")
    exe = [sys.executable, "-c", "import sys; from newsreader.cli import main; sys.exit(main(sys.argv[1:]))"]
    base = ["--corpus", str(root), "--index-dir", str(tmp_path / "ix"), "--follow-links"]
    done = subprocess.run([*exe, *base, "index"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "1 articles" in done.stdout
    assert "skipped pipe.txt: not a regular file (a FIFO)" in done.stderr
    assert "skipped zero.txt: not a regular file (a character device)" in done.stderr
    done = subprocess.run([*exe, "extract", str(root / "pipe.txt")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "not a regular file (a FIFO)" in done.stderr


# 7. and 8. Escape sequences in names and front matter never reach the terminal raw -----------

def test_names_and_metadata_with_escape_sequences_are_neutralised_everywhere(tmp_path, cli):
    root = _corpus(tmp_path, {
        HOSTILE_NAME: "Clipboard story about Misrata and its port.",
        "extra.md": "---\ntitle: Extra\nnote: \"\\u009b31m bidi \\u202e right \\u061c mark\"\n---\nTalks on Misrata.",
        b"\x1b[31mbroken.txt": b"",
    })
    for args in (("index",), ("search", "misrata"), ("search", "misrata", "--json"), ("timeline", "misrata"),
                 ("show", os.fsdecode(HOSTILE_NAME)), ("show", "extra.md", "--json")):
        status, out, err = cli(root, *args)
        assert status == 0, (args, err)
        assert _clean(out) and _clean(err), args
    status, out, err = cli(root, "index", "--rebuild")
    assert "skipped ␛[31mbroken.txt: empty file" in err


def test_extract_json_of_hostile_front_matter_is_clean(tmp_path, capsys):
    root = _corpus(tmp_path, {"extra.md": "---\ntitle: \"T\\u001b[2J\\u202eitle\"\nnote\\u009b: x\n"
                                           "note: \"\\u009b31m \\u202e \\u061c \\u2066 \\ufeff\"\n---\nTalks on Misrata."})
    assert main(["extract", str(root / "extra.md"), "--json"]) == 0
    out = capsys.readouterr().out
    assert _clean(out) and "\\u001b" not in out
    data = json.loads(out)
    assert data["title"] == "T␛[2Jitle" and all(_clean(v) for v in data["extra"].values())


async def test_the_app_shows_and_copies_hostile_names_neutralised(tmp_path, monkeypatch):
    from newsreader.ui.app import make_app
    from newsreader.ui.viewer import ArticleViewer

    monkeypatch.setenv("NEWSREADER_KEYMAP", str(tmp_path / "none.toml"))
    root = _corpus(tmp_path, {HOSTILE_NAME: "Clipboard story about Misrata and its port."})
    os.rename(root, tmp_path / "c\x1b[2J")
    root = tmp_path / "c\x1b[2J"
    update_index(tmp_path / "ix", root)
    app = make_app(root, tmp_path / "ix", show_timings=False)
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.hits_ids:
                break
        results = app.query_one("#results")
        prompt = results.get_option_at_index(0).prompt
        assert _clean(prompt.plain) and "␛" in prompt.plain
        assert _clean(app.sub_title)
        await pilot.press("tab", "enter")
        await pilot.pause(0.2)
        viewer = app.query_one("#viewer", ArticleViewer)
        assert all(_clean(str(w.content)) for w in viewer.children)
        await pilot.press("y")
        await pilot.pause(0.1)
        assert copied and _clean(copied[0])


# 9. A lone surrogate in a title ----------------------------------------------------------------

def test_a_lone_surrogate_in_a_title_never_breaks_a_search(tmp_path, cli):
    root = _corpus(tmp_path, {
        "feed.json": '{"title": "Bad \\ud800 title", "body": "Talks on Misrata resumed on Monday.", '
                     '"published": "2020-01-06"}',
        "fm.md": '---\ntitle: "Front \\udc00 matter"\npublished: 2020-01-07\n---\nMisrata talks resumed on Tuesday.',
    })
    for args in (("search", "misrata"), ("search", "misrata", "--json"), ("timeline", "misrata", "--json"),
                 ("entities", "misrata", "--json")):
        status, out, err = cli(root, *args)
        assert status == 0, (args, err)
        assert _clean(out)
    status, out, _ = cli(root, "search", "misrata", "--json")
    assert sorted(hit["title"] for hit in json.loads(out)) == ["Bad \ufffd title", "Front \ufffd matter"]


# 11. Queries refused with one line --------------------------------------------------------------

@pytest.mark.parametrize("query", ["title:[a TO z]", "AND", "OR", "NOT", "tripoli AND", "AND tripoli",
                                   "tripoli OR", "tripoli NOT", "a AND OR b", "(tripoli AND)"])
def test_lone_operators_and_text_ranges_are_refused(query, tmp_path, cli):
    root = _corpus(tmp_path, {"good.txt": GOOD})
    cli(root, "index")
    status, out, err = cli(root, "search", query)
    assert status == 2 and out == "" and err.startswith("newsreader: bad query: ") and err.count("\n") == 1


@pytest.mark.parametrize("query", ["NOT tripoli", "tripoli NOT misrata", "tripoli AND forces", '"forces AND"'])
def test_operators_with_words_around_them_still_work(query, tmp_path, cli):
    root = _corpus(tmp_path, {"good.txt": GOOD})
    status, _, err = cli(root, "search", query)
    assert status == 0, err


# 10. Every search, suggestion and timeline honours its time limit --------------------------------

FUZZY_FLOOD = " ".join(f"q{i}~2" for i in range(300))


@pytest.mark.parametrize("query", [FUZZY_FLOOD, "zzzz *", "tripol* OR misr* OR forc* OR talk*"],
                         ids=["300 fuzzy terms", "a word and every article", "prefixes"])
def test_a_search_past_its_time_limit_stops_and_says_partial(query, seed_index):
    library = Library(seed_index)
    assert library.search(query, time_limit=0.0).partial


@pytest.mark.parametrize("query", ["*", "tripol* OR misr* OR forc* OR talk*"])
def test_a_timeline_past_its_time_limit_stops_and_says_partial(query, seed_index):
    assert Library(seed_index).timeline(query, time_limit=0.0).partial


def test_the_did_you_mean_search_runs_inside_the_limit(seed_index):
    library = Library(seed_index)
    result = library.search("tripolli", time_limit=0.0)  # nothing matches: a suggestion would be sought
    assert result.partial and result.suggestion is None
    assert library.search("tripolli").suggestion == "tripoli"


QUERY_PIECES = ["tripoli", "misrata", "haftar", "talks", "AND", "OR", "NOT", "(", ")", '"', "*", "?", "~", "~2",
                "^2", "title:", "source:", "published:", "entity:", "[2019 TO 2020]", "[a TO z]", "{", "}", "\\",
                ":", "-", "+", "tripol*", "t?ipoli", "2019-04-06", "\u202e", "\x1b[2J", "\ud800", "é", "Ω", "  "]


def test_a_fuzz_of_the_query_language_gives_hits_or_one_refusal_within_its_budget(seed_index):
    import random
    import time

    from newsreader.core.query import QueryError

    library, rng = Library(seed_index), random.Random(19)
    for _ in range(400):
        query = "".join(rng.choice(QUERY_PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(1, 12)))
        started = time.monotonic()
        try:
            result = library.search(query, limit=5, time_limit=0.2)
            library.timeline(query, time_limit=0.2)
        except QueryError as err:
            assert str(err) and "\n" not in str(err), query
        else:
            assert result.total >= len(result.hits), query
        assert time.monotonic() - started < 10, f"{query!r} ran far past its budget"  # a hang guard


# 12. and 13. A damaged or vanished index ------------------------------------------------------

@pytest.mark.parametrize("how", ["truncated segment", "zeroed segment", "deleted segment", "flipped toc",
                                 "emptied toc"])
def test_a_damaged_index_is_one_line_and_index_sets_it_aside_and_rebuilds(how, tmp_path, cli, seed_corpus,
                                                                         damage_index):
    assert cli(seed_corpus, "index")[0] == 0
    damage_index(tmp_path / "ix", how)
    status, out, err = cli(seed_corpus, "search", "tripoli")
    assert status == 1 and out == "" and err.count("\n") == 1
    assert "is damaged" in err and "run 'newsreader index'" in err
    status, out, err = cli(seed_corpus, "index")
    assert status == 0 and "Built index: 5 articles" in out and "set aside in damaged-" in err
    assert len(list((tmp_path / "ix").glob("damaged-*/*"))) >= 1  # the damaged files are kept
    status, out, _ = cli(seed_corpus, "search", "tripoli")
    assert status == 0 and "matches" in out


# 14. A 10 MB article ---------------------------------------------------------------------------

def test_extraction_of_a_huge_article_looks_at_its_first_part_only():
    from newsreader.extract.models import Article
    paragraph = "Khalifa Haftar's forces advanced on Tripoli on Sunday, officials said in Misrata. "
    body = "\n\n".join([paragraph] * (2 * EXTRACT_MAX_CHARS // len(paragraph)))
    article = Article("x", "x", "x", "Big", "", "", None, body)
    found = extract(article)
    assert found.entities and max(e.end for e in found.entities) <= EXTRACT_MAX_CHARS
    assert all(body[e.start:e.end] == e.text for e in found.entities)


async def test_the_viewer_mounts_a_huge_article_a_batch_at_a_time(tmp_path, monkeypatch):
    from newsreader.ui import viewer as widgets
    from newsreader.ui.app import make_app

    monkeypatch.setenv("NEWSREADER_KEYMAP", str(tmp_path / "none.toml"))
    paragraph = "Talks on the port of Misrata resumed on Sunday, officials said. " * 3
    body = "\n\n".join(f"{n}. {paragraph}" for n in range(20_000))  # about 4 MB
    root = _corpus(tmp_path, {"huge.txt": f"---\ntitle: Huge\n---\n{body}\n\nThe very last paragraph."})
    update_index(tmp_path / "ix", root)
    app = make_app(root, tmp_path / "ix", show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.hits_ids:
                break
        app.open_article(app.hits_ids[0])  # read and tagged in a worker
        for _ in range(600):
            await pilot.pause(0.05)
            if app.article is not None:
                break
        await pilot.pause(0.2)
        viewer = app.query_one("#viewer", widgets.ArticleViewer)
        mounted = len(viewer._paragraphs)
        assert 0 < mounted < 1000 < len(viewer._spans)
        last = app.article.body.rindex("The very last")
        assert viewer.reveal(last, last + 8)  # a jump past what is mounted mounts up to it
        assert viewer._paragraphs[-1].end >= last + 8


def test_display_spans_cut_a_paragraph_with_no_breaks_into_pieces():
    from newsreader.ui.viewer import DISPLAY_PARAGRAPH_CHARS, display_spans
    body = "word " * 10_000 + "\n\nend"
    spans = display_spans(body)
    assert all(end - start <= DISPLAY_PARAGRAPH_CHARS for start, end in spans)
    assert "".join(body[s:e] for s, e in spans) == body.replace("\n\n", "")
    assert body[spans[-1][0]:spans[-1][1]] == "end"


# 15. show / extract on files of any extension ------------------------------------------------

def test_show_and_extract_read_a_file_of_any_extension_as_text(tmp_path, capsys):
    root = _corpus(tmp_path, {"notes.rst": "Talks on Misrata resumed.", "README": "Talks in Sirte resumed."})
    for name in ("notes.rst", "README"):
        assert main(["extract", str(root / name), "--json"]) == 0
        assert "Talks" in json.loads(capsys.readouterr().out)["body"]
        assert main(["--corpus", str(root), "--index-dir", str(tmp_path / "ix"), "show", str(root / name)]) == 0
        assert "Talks" in capsys.readouterr().out


# 16. Unreadable files and "up to date" ---------------------------------------------------------

def test_a_corpus_with_unreadable_files_is_up_to_date_on_the_next_run(tmp_path, cli):
    root = _corpus(tmp_path, {"good.txt": GOOD, "empty.txt": "", "png.txt": b"\x89PNG\r\n\x1a\n" + bytes(40),
                              "broken.json": "{", "partly.jsonl": '{"body": "Talks."}\n{broken'})
    status, out, err = cli(root, "index")
    assert "2 files added" in out and err.count("skipped") == 4
    status, out, err = cli(root, "index")
    assert status == 0 and "up to date" in out and "skipped 4 unreadable" in out
    assert err.count("skipped") == 4  # named again, without being read again


# 17. What a failed write leaves behind --------------------------------------------------------

def test_a_write_that_fills_the_disk_leaves_no_temporary_files_or_segments(tmp_path, monkeypatch):
    root = _corpus(tmp_path, {f"a{n}.txt": GOOD.replace("Good", f"Good {n}") for n in range(20)})
    index_dir = tmp_path / "ix"
    update_index(index_dir, root)
    before = sorted(os.listdir(index_dir))
    for n in range(20, 40):
        (root / f"a{n}.txt").write_text(GOOD.replace("Good", f"Good {n}"), encoding="utf-8")
    from whoosh.filedb.filestore import FileStorage
    real_create = FileStorage.create_file

    def full(self, name, *args, **kwargs):  # the disk fills as the commit writes its contents
        if name.startswith("_MAIN_") and ".toc" in name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_create(self, name, *args, **kwargs)

    for _ in range(3):  # nothing piles up
        monkeypatch.setattr(FileStorage, "create_file", full)
        with pytest.raises(IndexError_, match="No space left"):
            update_index(index_dir, root, workers=1)
        monkeypatch.setattr(FileStorage, "create_file", real_create)
        assert sorted(set(os.listdir(index_dir)) - {"MAIN.tmp"}) == before
        assert not list((index_dir / "MAIN.tmp").glob("*"))
    assert update_index(index_dir, root).articles == 40


def test_leftovers_of_earlier_failed_runs_are_tidied_by_the_next_run(tmp_path):
    import time
    root = _corpus(tmp_path, {"a.txt": GOOD})
    index_dir = tmp_path / "ix"
    update_index(index_dir, root)
    (index_dir / "MAIN_zzzzzzzzzzzzzzzz.trm").write_bytes(b"x")  # an orphan segment file
    (index_dir / "MAIN.tmp").mkdir(exist_ok=True)
    stale = index_dir / "MAIN.tmp" / "old.ctmp"
    stale.write_bytes(b"x" * 100)
    os.utime(stale, (time.time() - 60, time.time() - 60))
    (index_dir / "_Rdeadrebuild_0.toc").write_bytes(b"x")  # a rebuild killed long ago
    (index_dir / "Rdeadrebuild_abc.seg").write_bytes(b"x")
    (root / "b.txt").write_text(GOOD, encoding="utf-8")
    update_index(index_dir, root)
    names = os.listdir(index_dir)
    assert "MAIN_zzzzzzzzzzzzzzzz.trm" not in names and not stale.exists()
    assert not [n for n in names if "Rdeadrebuild" in n]


# 18. User pattern and names files ------------------------------------------------------------

@pytest.mark.parametrize("content, problem", [
    (b"Share this!\n(a+)+$\n", "line 2: a repeat inside a repeat"),
    (b"# comment\n[unclosed\n", "line 2: invalid regular expression"),
    (b"Share this!\n\xff\xfe oops\n", "line 2: not UTF-8 text (byte 0xff)"),
    (b"(a|b)\\1\n", "line 1: back-references"),
])
def test_a_bad_furniture_file_is_refused_naming_file_and_line(content, problem, tmp_path, cli, monkeypatch):
    patterns = tmp_path / "furniture.txt"
    patterns.write_bytes(content)
    monkeypatch.setenv("NEWSREADER_FURNITURE", str(patterns))
    root = _corpus(tmp_path, {"good.txt": GOOD})
    status, out, err = cli(root, "index")
    assert status == 2 and out == "" and err.count("\n") == 1
    assert f"NEWSREADER_FURNITURE file {patterns}, {problem}" in err


def test_a_bad_aliases_file_is_refused_naming_file_and_line(tmp_path, cli, monkeypatch):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_bytes(b"PERSON\tJohn Smithson\tSmithy\nPERSN\tTypo\n")
    monkeypatch.setenv("NEWSREADER_ALIASES", str(aliases))
    status, _, err = cli(_corpus(tmp_path, {"good.txt": GOOD}), "index")
    assert status == 2 and f"NEWSREADER_ALIASES file {aliases}, line 2: unknown label 'PERSN'" in err
    aliases.write_bytes(b"PERSON\tJos\xe9\n")
    with pytest.raises(UserFileError, match="line 1: not UTF-8 text"):
        user_lines("NEWSREADER_ALIASES")


def test_a_good_furniture_pattern_still_drops_its_lines(tmp_path, monkeypatch):
    patterns = tmp_path / "furniture.txt"
    patterns.write_text("Brought to you by .{1,40}\n", encoding="utf-8")
    monkeypatch.setenv("NEWSREADER_FURNITURE", str(patterns))
    from newsreader.extract import resources
    from newsreader.extract import cleaning
    resources.line_patterns.cache_clear()
    try:
        body = cleaning.clean_body("Talks resumed in Geneva on Monday.\nBrought to you by Acme Corp\nMore talks.")
        assert "Acme" not in body and "Talks resumed" in body
    finally:
        resources.line_patterns.cache_clear()


# 19. Symbolic links out of the corpus ---------------------------------------------------------

def test_links_out_of_the_corpus_are_skipped_unless_followed(tmp_path, cli):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret talks in Sirte.", encoding="utf-8")
    root = _corpus(tmp_path, {"good.txt": GOOD})
    (root / "inside").mkdir()
    (root / "inside" / "b.txt").write_text("Talks in Benghazi.", encoding="utf-8")
    os.symlink(outside / "secret.txt", root / "secret.txt")
    os.symlink(outside, root / "linked-folder")
    os.symlink(root / "inside" / "b.txt", root / "alias.txt")  # inside: followed
    status, out, err = cli(root, "index")
    assert status == 0 and "3 articles" in out
    assert "skipped secret.txt: symbolic link to outside the corpus" in err
    assert "skipped linked-folder: symbolic link to outside the corpus" in err
    status, out, err = cli(root, "index", "--follow-links")
    assert status == 0 and "5 articles" in out
    status, out, _ = cli(root, "index")  # unfollowed again: they are gone from the index
    assert "3 articles" in out and "2 removed" in out


def test_a_search_stopped_by_the_engines_own_timer_says_partial(seed_index, monkeypatch):
    """Whoosh's time-limit collector can fire before the search's own clock has run out (on a
    busy machine): the timeline was then empty and said complete."""
    from whoosh.collectors import TimeLimitCollector

    from newsreader.core import library as library_module

    class TimedOutAtOnce(TimeLimitCollector):
        def prepare(self, top_searcher, q, context):
            super().prepare(top_searcher, q, context)
            self.timedout = True  # as if Whoosh's timer thread had fired

    monkeypatch.setattr(library_module, "TimeLimitCollector", TimedOutAtOnce)
    assert Library(seed_index).timeline("*", time_limit=5.0).partial
