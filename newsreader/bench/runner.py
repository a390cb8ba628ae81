"""Run every hot path on a synthetic corpus, with SQLite FTS5 on the same data, and report.

Figures: full build (articles/s, extraction included), no-change and 1 %-changed re-index, search
latency p50/p95 per query class with snippets for the top 20, as-you-type prefixes, the corpus
timeline of a broad query, extraction per article, the app's first screen, index size, peak RSS.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ..core.index import update_index
from ..core.library import Library
from ..extract import corpus as corpus_mod
from ..extract.pipeline import extract
from . import tantivy_ref
from .fts5 import Fts5Corpus
from .synthetic import generate

ROUNDS = 10
Y2019, Y2020 = ("2019-01-01", "2019-12-31"), ("2020-01-01", "2020-12-31")
T2019 = "published:[2019-01-01T00:00:00Z TO 2019-12-31T23:59:59Z]"
# (class, newsreader query, FTS5 MATCH expression (None: a date range alone), FTS5 date range,
# tantivy query). The mix an analyst types: common and rare words, words that find nothing, two
# words, either word, a word without another, phrases, fuzzy, a name, dates alone and with words.
QUERY_MIX = [
    ("term", "ceasefire", "ceasefire", None, "ceasefire"),
    ("term", "offensive", "offensive", None, "offensive"),
    ("term", "militias", "militias", None, "militias"),
    ("term", "government", "government", None, "government"),
    ("and", "forces capital", "forces AND capital", None, "+forces +capital"),
    ("and", "militias tripoli", "militias AND tripoli", None, "+militias +tripoli"),
    ("and", "haftar ceasefire", "haftar AND ceasefire", None, "+haftar +ceasefire"),
    ("and", "talks geneva", "talks AND geneva", None, "+talks +geneva"),
    ("or", "ceasefire OR truce", "ceasefire OR truce", None, "ceasefire OR truce"),
    ("or", "tripoli OR benghazi", "tripoli OR benghazi", None, "tripoli OR benghazi"),
    ("not", "haftar NOT tripoli", "haftar NOT tripoli", None, "+haftar -tripoli"),
    ("phrase", '"national army"', '"national army"', None, '"national army"'),
    ("phrase", '"political solution"', '"political solution"', None, '"political solution"'),
    ("phrase", '"the government"', '"the government"', None, '"the government"'),
    ("fuzzy", "hafter~", "haftar", None, "haftar"),          # FTS5 has no fuzzy search: the exact term
    ("person", "person:haftar", "haftar", None, "haftar"),    # nor entity fields: the name as a word
    ("date", "published:[2019-01-01 TO 2019-12-31]", None, Y2019, T2019),
    ("date", "published:[2020-03-01 TO 2020-03-31]", None, ("2020-03-01", "2020-03-31"),
     "published:[2020-03-01T00:00:00Z TO 2020-03-31T23:59:59Z]"),
    ("analyst", "haftar published:[2020-01-01 TO 2020-12-31]", "haftar", Y2020,
     "+haftar +published:[2020-01-01T00:00:00Z TO 2020-12-31T23:59:59Z]"),
    ("analyst", '"national army" tripoli', '"national army" AND tripoli', None, '+"national army" +tripoli'),
    ("analyst", "ceasefire talks published:[2019-01-01 TO 2019-12-31]", "ceasefire AND talks", Y2019,
     f"+ceasefire +talks +{T2019}"),
    ("zero", "zzyzx", "zzyzx", None, "zzyzx"),
    ("zero", "qwxvbnm", "qwxvbnm", None, "qwxvbnm"),
    ("zero", "tripoli zzyzx", "tripoli AND zzyzx", None, "+tripoli +zzyzx"),
    ("zero", "ceasfire", "ceasfire", None, "ceasfire"),  # a misspelling: newsreader also suggests
]
RARE_WORDS = 6  # plus words of this corpus found in 2 to 5 articles (chosen from the index)
PREFIX_WORD = "tripoli"  # typed one keystroke at a time, searched from the third character
# A year of coverage: about a tenth of the synthetic corpus (dates spread over ten years).
BROAD_QUERY = "published:[2019-01-01 TO 2019-12-31]"

_FIRST_SCREEN = """
import asyncio, sys, time
t0 = time.perf_counter()
from pathlib import Path
from newsreader.ui.app import make_app
async def main():
    app = make_app(Path(sys.argv[1]), Path(sys.argv[2]), show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.hits_ids:
            await pilot.pause(0.01)
        print(time.perf_counter() - t0)
        app.workers.cancel_all()
asyncio.run(main())
# VmHWM, not ru_maxrss: on Linux the latter carries the parent's peak across fork and exec.
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")]
print(int(hwm[0].split()[1]) / 1024 if hwm else 0)
"""


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _time(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _touch_one_percent(files: list[Path]) -> None:
    for path in files[:: max(1, 100)]:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\nA late update said talks would resume on Monday in Geneva.\n")


def _rare_words(library: Library, count: int = RARE_WORDS) -> list[str]:
    """Words of this corpus's bodies found in 2 to 5 articles, alphabetically first: the same for
    the same corpus, and the kind of word whose postings are short."""
    reader = library._searcher.reader()
    words = []
    for btext in reader.lexicon("body"):
        word = btext.decode("utf-8")
        if word.isalpha() and len(word) > 4 and 2 <= reader.doc_frequency("body", btext) <= 5:
            words.append(word)
            if len(words) == count:
                break
    return words


def _clocked(fn) -> tuple[float, float]:
    """(wall ms, CPU ms) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _search_latencies(library: Library, fts: Fts5Corpus, tantivy=None) -> dict:
    """Each query of the mix (and the rare words) on each engine in turn, ROUNDS times: wall and
    CPU milliseconds by class, the engines interleaved so that the machine's load falls on all."""
    mix = list(QUERY_MIX) + [("rare", w, w, None, w) for w in _rare_words(library)]
    engines = {"ours": lambda q, m, d, t: library.search(q, limit=20), "fts5": lambda q, m, d, t: fts.search(m, d)}
    if tantivy is not None:
        engines["tantivy"] = lambda q, m, d, t: tantivy.search(t)
    wall = {name: {} for name in engines}
    cpu = {name: {} for name in engines}
    for kind, query, match, dates, tq in mix:
        for run in engines.values():
            run(query, match, dates, tq)  # warm: the first search reads the files
        for _ in range(ROUNDS):
            for name, run in engines.items():
                w, c = _clocked(lambda: run(query, match, dates, tq))
                wall[name].setdefault(kind, []).append(w)
                cpu[name].setdefault(kind, []).append(c)
    prefixes = [PREFIX_WORD[:n] + ("*" if n < len(PREFIX_WORD) else "") for n in range(3, len(PREFIX_WORD) + 1)]
    for _ in range(ROUNDS):
        for prefix in prefixes:
            for name, run in engines.items():
                w, c = _clocked(lambda: run(prefix, prefix, None, prefix))
                wall[name].setdefault("prefix", []).append(w)
                cpu[name].setdefault("prefix", []).append(c)
    return {"wall": wall, "cpu": cpu, "queries": len(mix) + len(prefixes)}


def _first_screen(corpus: Path, index_dir: Path, bytecode: Path) -> tuple[float | None, float | None]:
    """Seconds to the app's first screen with results, in a fresh interpreter, and its peak RSS
    (MB, as the app process itself reports it).

    Python's compiled modules are kept in `bytecode`, as an installed newsreader has them (pip
    compiles them at install): from a source checkout under PYTHONDONTWRITEBYTECODE=1, as on the
    machine of BENCHMARKS.md, every start would also compile newsreader's modules (about 50 ms).
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    done = subprocess.run([sys.executable, "-c", _FIRST_SCREEN, str(corpus), str(index_dir)],
                          capture_output=True, text=True, timeout=300, env=env)
    try:
        seconds, rss = (float(x) for x in done.stdout.strip().splitlines()[-2:])
    except ValueError:
        return None, None
    return seconds, rss


def run(articles: int, workdir: Path | None = None, seed: int = 7, progress=print,
        source: Path | None = None, html_share: float = 0.0, in_pty: bool = True) -> dict:
    """Run the benchmark on `articles` synthetic articles recombined from the articles of
    `source` (default: the bundled corpus); return the figures as a dict."""
    own_dir = workdir is None
    work = Path(workdir or tempfile.mkdtemp(prefix="newsreader-bench-"))
    corpus, index_dir = work / "corpus", work / "index"
    try:
        if corpus.exists():
            shutil.rmtree(corpus)
        if index_dir.exists():
            shutil.rmtree(index_dir)
        progress(f"generating {articles} articles…")
        files = generate(corpus, articles, seed=seed, source=source, html_share=html_share)
        words = statistics.mean(len(a.body.split()) for p in files[:200] for a in corpus_mod.load_file(p).articles)

        progress("full index build (extraction included)…")
        started = time.perf_counter()
        report = update_index(index_dir, corpus, rebuild=True)
        build_s = time.perf_counter() - started
        progress("re-index with nothing changed, then with 1 % changed…")
        nochange_s = _time(lambda: update_index(index_dir, corpus)) / 1000
        _touch_one_percent(files)
        onepct_s = _time(lambda: update_index(index_dir, corpus)) / 1000

        progress("SQLite FTS5 build…")
        fts = Fts5Corpus(work / "fts5.sqlite")
        fts_build_s = fts.build(corpus)

        tantivy, tantivy_build_s = None, None
        if tantivy_ref.available():
            progress("tantivy build (installed: a reference row)…")
            tantivy = tantivy_ref.TantivyCorpus(work / "tantivy")
            tantivy_build_s = tantivy.build(corpus)

        progress("search latencies…")
        with Library(index_dir) as library:
            latencies = _search_latencies(library, fts, tantivy)
            timeline_ms = []
            found = library.timeline(BROAD_QUERY)
            events, matched = found.events, found.articles
            for _ in range(3):
                timeline_ms.append(_time(lambda: library.timeline(BROAD_QUERY)))
        fts.close()

        progress("extraction per article…")
        sample = [a for f in files[:100] for a in corpus_mod.load_file(f).articles]
        extract(sample[0])  # loads the entity data once, as any process does: not a per-article cost
        extract_ms = _time(lambda: [extract(a) for a in sample]) / len(sample)

        progress("the app's first screen…")
        # The median of three fresh starts, as for the timeline: one start alone swings with the
        # machine's load by a third. A first, untimed start compiles the modules.
        _first_screen(corpus, index_dir, work / "bytecode")
        starts = [_first_screen(corpus, index_dir, work / "bytecode") for _ in range(3)]
        seconds = [s for s, _ in starts if s is not None]
        first_s = statistics.median(seconds) if seconds else None
        tui_rss = max((rss for _, rss in starts if rss), default=None)

        felt: dict = {}
        if in_pty:
            progress("the app in a pseudo-terminal: typed keys, bytes…")
            from .pty_session import measure
            felt = measure(corpus, index_dir, words=("haftar", "tripoli"), scroll_lines=10)

        ours, theirs = latencies["wall"]["ours"], latencies["wall"]["fts5"]
        all_ours = [v for k, vals in ours.items() if k != "prefix" for v in vals]
        all_theirs = [v for k, vals in theirs.items() if k != "prefix" for v in vals]
        cpu = {name: [v for k, vals in by_kind.items() if k != "prefix" for v in vals]
               for name, by_kind in latencies["cpu"].items()}
        figures = {
            "articles": report.articles,
            "html_share": html_share,
            "words_per_article": round(words),
            "index_articles_per_s": round(report.articles / build_s, 1),
            "build_s": round(build_s, 2),
            "reindex_nochange_s": round(nochange_s, 3),
            "reindex_1pct_s": round(onepct_s, 3),
            "search_p50_ms": round(_percentile(all_ours, 50), 2),
            "search_p95_ms": round(_percentile(all_ours, 95), 2),
            "prefix_p95_ms": round(_percentile(ours["prefix"], 95), 2),
            "fts5_search_p50_ms": round(_percentile(all_theirs, 50), 2),
            "fts5_search_p95_ms": round(_percentile(all_theirs, 95), 2),
            "fts5_prefix_p95_ms": round(_percentile(theirs["prefix"], 95), 2),
            "fts5_build_s": round(fts_build_s, 2),
            # CPU time per search beside wall time (the machine is shared: CPU time is steadier).
            "search_queries": latencies["queries"],
            "search_cpu_p50_ms": round(_percentile(cpu["ours"], 50), 2),
            "search_cpu_p95_ms": round(_percentile(cpu["ours"], 95), 2),
            "fts5_search_cpu_p95_ms": round(_percentile(cpu["fts5"], 95), 2),
            "tantivy_search_cpu_p95_ms": round(_percentile(cpu["tantivy"], 95), 2) if "tantivy" in cpu else None,
            "tantivy_search_p95_ms": (round(_percentile([v for k, vals in latencies["wall"]["tantivy"].items()
                                                         if k != "prefix" for v in vals], 95), 2)
                                      if "tantivy" in cpu else None),
            "tantivy_build_s": round(tantivy_build_s, 2) if tantivy_build_s is not None else None,
            "by_class": {kind: {"p50_ms": round(_percentile(vals, 50), 2), "p95_ms": round(_percentile(vals, 95), 2),
                                "cpu_p95_ms": round(_percentile(latencies["cpu"]["ours"][kind], 95), 2),
                                "fts5_p95_ms": round(_percentile(theirs[kind], 95), 2),
                                "fts5_cpu_p95_ms": round(_percentile(latencies["cpu"]["fts5"][kind], 95), 2),
                                **({"tantivy_cpu_p95_ms": round(_percentile(latencies["cpu"]["tantivy"][kind], 95), 2)}
                                   if "tantivy" in cpu else {})}
                         for kind, vals in ours.items()},
            "timeline_query_ms": round(statistics.median(timeline_ms), 1),
            "timeline_articles": matched,
            "timeline_events": len(events),
            "extract_ms_per_article": round(extract_ms, 2),
            "first_screen_s": round(first_s, 3) if first_s is not None else None,
            "first_screen_runs_s": [round(s, 3) for s in seconds],
            "tui_peak_rss_mb": round(tui_rss, 1) if tui_rss else None,
            # In a real pty (pty_session.py): launch to the drawn list, key to the redrawn list.
            "first_screen_pty_s": felt.get("first_screen_pty_s"),
            "keystroke_to_list_p50_ms": (felt.get("key_to_list_ms") or {}).get("median"),
            "keystroke_to_list_p95_ms": (felt.get("key_to_list_ms") or {}).get("p95"),
            "bytes_per_key_p50": (felt.get("bytes_per_key") or {}).get("median"),
            "bytes_per_line_scrolled_p50": (felt.get("bytes_per_line_scrolled") or {}).get("median"),
            "index_mb": round(_dir_mb(index_dir), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        return figures
    finally:
        if own_dir:
            shutil.rmtree(work, ignore_errors=True)


def _ratio(ours: float | None, theirs: float | None) -> str:
    if not ours or not theirs:
        return "–"
    return f"{ours / theirs:.1f}×"


def _heading(figures: dict) -> str:
    share = figures.get("html_share") or 0
    return f"## {figures['articles']:,} articles" + (f", {share:.0%} saved web pages" if share else "")


def markdown(figures: dict) -> str:
    """Return the BENCHMARKS.md section for one run."""
    import numpy
    import textual
    import whoosh

    f = figures
    lines = [
        f"{_heading(f)} ({f['words_per_article']} words on average) — {date.today().isoformat()}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Whoosh {whoosh.versionstring()}, "
        f"Textual {textual.__version__}, NumPy {numpy.__version__}, SQLite {__import__('sqlite3').sqlite_version}.",
        "",
        "| figure | newsreader | SQLite FTS5 | ratio |",
        "| --- | --- | --- | --- |",
        f"| full build (with extraction) | {f['index_articles_per_s']} articles/s ({f['build_s']} s) | "
        f"{f['fts5_build_s']} s (no extraction) | – |",
        f"| re-index, nothing changed | {f['reindex_nochange_s']} s | – | – |",
        f"| re-index, 1 % changed | {f['reindex_1pct_s']} s | – | – |",
        f"| search p50, all classes (top 20 with snippets) | {f['search_p50_ms']} ms | {f['fts5_search_p50_ms']} ms | "
        f"{_ratio(f['search_p50_ms'], f['fts5_search_p50_ms'])} |",
        f"| search p95, all classes | {f['search_p95_ms']} ms | {f['fts5_search_p95_ms']} ms | "
        f"{_ratio(f['search_p95_ms'], f['fts5_search_p95_ms'])} |",
        f"| search CPU time p95, all classes ({f['search_queries']} queries × {ROUNDS}) | {f['search_cpu_p95_ms']} ms | "
        f"{f['fts5_search_cpu_p95_ms']} ms | {_ratio(f['search_cpu_p95_ms'], f['fts5_search_cpu_p95_ms'])} |",
    ]
    if f.get("tantivy_search_cpu_p95_ms") is not None:
        lines.append(f"| tantivy (reference, installed): search CPU p95 {f['tantivy_search_cpu_p95_ms']} ms, wall p95 "
                     f"{f['tantivy_search_p95_ms']} ms; build {f['tantivy_build_s']} s | – | – | "
                     f"ours {_ratio(f['search_cpu_p95_ms'], f['tantivy_search_cpu_p95_ms'])} |")
    for kind, row in f["by_class"].items():
        lines.append(f"| — {kind} p95 (p50 {row['p50_ms']} ms; CPU {row['cpu_p95_ms']} ms) | {row['p95_ms']} ms | "
                     f"{row['fts5_p95_ms']} ms (CPU {row['fts5_cpu_p95_ms']}) | {_ratio(row['p95_ms'], row['fts5_p95_ms'])} |")
    lines += [
        f"| corpus timeline, query `{BROAD_QUERY}` ({f['timeline_articles']} articles, {f['timeline_events']} events) | "
        f"{f['timeline_query_ms']} ms | – | – |",
        f"| extraction per article | {f['extract_ms_per_article']} ms | – | – |",
        f"| app: first screen with results (fresh interpreter, compiled modules, median of 3) | {f['first_screen_s']} s | – | – |",
        f"| app: peak RSS | {f['tui_peak_rss_mb']} MB | – | – |",
        f"| app in a pty: launch to the drawn list | {f.get('first_screen_pty_s')} s | – | – |",
        f"| app in a pty: key to redrawn list, p50 / p95 (13 keys) | {f.get('keystroke_to_list_p50_ms')} / "
        f"{f.get('keystroke_to_list_p95_ms')} ms | – | – |",
        f"| app in a pty: bytes per key, per line scrolled (median) | {f.get('bytes_per_key_p50')} / "
        f"{f.get('bytes_per_line_scrolled_p50')} | – | – |",
        f"| index size on disk | {f['index_mb']} MB | – | – |",
        f"| benchmark process peak RSS | {f['peak_rss_mb']} MB | – | – |",
        "",
        "Fuzzy and `person:` have no FTS5 or tantivy equivalent; the exact term stands in for them there. "
        "FTS5's dates are in an indexed table of their own. Rare words: words of this corpus found in 2 to 5 "
        "articles; zero: words found nowhere (newsreader also looks for a spelling suggestion).",
        "",
    ]
    return "\n".join(lines)


def write_report(figures: dict, path: Path) -> None:
    """Add this run's section to `path` (BENCHMARKS.md), replacing an older one of the same size."""
    section = markdown(figures)
    head = "# Benchmarks\n\nWritten by `newsreader bench --articles N`; the machine is shared and noisy, so the\n" \
           "ratios to SQLite FTS5 measured in the same run are the figures that count.\n\n"
    text = path.read_text(encoding="utf-8") if path.exists() else head
    marker = _heading(figures) + " ("
    parts = text.split("\n## ")
    kept = [parts[0]] + [p for p in parts[1:] if not ("## " + p).startswith(marker)]
    text = "\n## ".join(kept).rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main_json(figures: dict) -> str:
    return json.dumps(figures, indent=2)
