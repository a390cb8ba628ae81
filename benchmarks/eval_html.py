"""Main text, dates and speed of HTML extraction on the article-extraction benchmark's pages.

    python benchmarks/eval_html.py [--eval DIR] [--rounds N] [--dates]

DIR is the benchmark folder (default ../shared/eval/html beside the repository: gzipped pages,
ground truth, the shared scorer `score_html.py`). Extracts every page in this process (the same
code as `newsreader extract PAGE --json`), scores the bodies with the shared scorer's own
functions (its metric: 4-word shingles, P and R averaged over pages), and prints:
  - body F1, P, R;
  - how many pages get a publication date, and of the pages whose true URL carries a date, how
    many agree with it (`--dates` lists the ones that do not);
  - CPU milliseconds per page on one core (median and spread over the pages, best of N rounds).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsreader.extract.corpus import load_file  # noqa: E402
from newsreader.extract.pagemeta import url_day  # noqa: E402


def _scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("score_html", folder / "score_html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval" / "html")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dates", action="store_true", help="list the pages whose date disagrees with the URL")
    args = parser.parse_args()
    if not (args.eval / "score_html.py").exists():
        print(f"no benchmark at {args.eval} (give --eval DIR)", file=sys.stderr)
        return 2
    scorer = _scorer(args.eval)
    truth = json.loads((args.eval / "ground-truth-dev.json").read_text(encoding="utf-8"))
    pages = sorted((args.eval / "pages").glob("*.html.gz"))
    bodies, dates, cpu_ms = {}, {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            page_id = page.name.split(".")[0]
            path = Path(tmp) / f"{page_id}.html"
            path.write_bytes(gzip.decompress(page.read_bytes()))
            best = float("inf")
            for _ in range(args.rounds):
                started = time.process_time()
                load = load_file(path)
                best = min(best, time.process_time() - started)
            cpu_ms[page_id] = best * 1000
            article = load.articles[0] if load.articles else None
            bodies[page_id] = article.body if article else ""
            dates[page_id] = article.published if article else None

    counts = [scorer.page_counts(truth[pid]["articleBody"], bodies.get(pid, "")) for pid in truth]
    precisions = [scorer.page_precision(*c) for c in counts if c[0] or c[1]]
    recalls = [scorer.page_recall(*c) for c in counts]
    p, r = statistics.fmean(precisions), statistics.fmean(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"html body F1 {f1:.3f} (P {p:.3f} R {r:.3f}) on {len(truth)} pages; "
          f"{sum(1 for pid in truth if not bodies.get(pid))} empty")

    dated = sum(1 for pid in truth if dates.get(pid))
    url_dated = {pid: url_day(truth[pid]["url"]) for pid in truth if url_day(truth[pid]["url"])}
    agree = [pid for pid, day in url_dated.items() if dates.get(pid) == day]
    print(f"dates: {dated} of {len(truth)} pages get one; {len(agree)} of {len(url_dated)} URL-dated pages agree")
    if args.dates:
        for pid, day in url_dated.items():
            if dates.get(pid) != day:
                print(f"  {pid[:16]}  url {day}  got {dates.get(pid)}  {truth[pid]['url'][:70]}")

    times = sorted(cpu_ms.values())
    quartiles = statistics.quantiles(times, n=4)
    print(f"CPU per page: median {statistics.median(times):.1f} ms (quartiles {quartiles[0]:.1f}–{quartiles[2]:.1f},"
          f" max {times[-1]:.1f}; best of {args.rounds} rounds, one core, whole load: HTML, cleaning, metadata)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
