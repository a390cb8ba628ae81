"""Extraction speed: gazetteer load time and milliseconds per 600-word article, on one core.

    python benchmarks/bench_extract.py [--rounds N]

Runs the entity (and, once it exists, date) extraction over the bundled corpus and the
annotated development articles, and prints one line of figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    started = time.perf_counter()
    from newsreader.core import gazetteer

    gazetteer.load()
    load_s = time.perf_counter() - started

    from newsreader.core.corpus import load_file
    from newsreader.core.pipeline import extract

    files = sorted((REPO / "corpus").glob("*.txt")) + sorted((REPO / "tests" / "data").glob("*/*.txt"))
    articles = [a for f in files for a in load_file(f).articles]
    words = sum(len(a.body.split()) for a in articles)
    for article in articles:  # warm up
        extract(article)
    started = time.perf_counter()
    for _ in range(args.rounds):
        for article in articles:
            extract(article)
    per_article = (time.perf_counter() - started) / args.rounds / len(articles)
    per_600 = per_article / (words / len(articles)) * 600
    print(f"gazetteer load {load_s * 1000:.0f} ms (with imports); {len(articles)} articles, "
          f"{words / len(articles):.0f} words on average; extraction {per_article * 1000:.2f} ms per article, "
          f"{per_600 * 1000:.2f} ms per 600 words")


if __name__ == "__main__":
    main()
