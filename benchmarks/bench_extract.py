"""Extraction speed: gazetteer load time, and milliseconds per 600-word article on one core for
the shared tokenizer and sentence splitter, the entity layer, the date layer and the whole pipeline.

    python benchmarks/bench_extract.py [--rounds N]

Runs over the bundled corpus and the annotated development articles; prints one line a figure.
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
    from newsreader.extract import gazetteer

    gazetteer.load()
    load_s = time.perf_counter() - started

    from newsreader.extract.corpus import load_file
    from newsreader.extract.dates import find_dates
    from newsreader.extract.entities import find_entities
    from newsreader.extract.pipeline import extract
    from newsreader.extract.tokens import sentence_spans, tokenize

    files = sorted((REPO / "corpus").glob("*.txt")) + sorted((REPO / "tests" / "data").glob("*/*.txt"))
    articles = [a for f in files for a in load_file(f).articles]
    prepared = [(a, tokenize(a.body)) for a in articles]
    prepared = [(a, toks, sentence_spans(a.body, toks)) for a, toks in prepared]
    words = sum(len(a.body.split()) for a in articles) / len(articles)

    def per_600(work) -> float:
        work()
        started = time.perf_counter()
        for _ in range(args.rounds):
            work()
        per_article = (time.perf_counter() - started) / args.rounds / len(articles)
        return per_article / words * 600 * 1000

    figures = {
        "tokens and sentences": per_600(lambda: [sentence_spans(a.body, tokenize(a.body)) for a in articles]),
        "entities (given sentences)": per_600(lambda: [find_entities(a.body, t, s) for a, t, s in prepared]),
        "dates (given sentences)": per_600(lambda: [find_dates(a.body, a.published, s) for a, _, s in prepared]),
        "whole pipeline": per_600(lambda: [extract(a) for a in articles]),
    }
    print(f"gazetteer load: {load_s * 1000:.0f} ms (with imports)")
    print(f"{len(articles)} articles, {words:.0f} words on average; ms per 600-word article:")
    for name, ms in figures.items():
        print(f"  {name:<28} {ms:6.2f}")


if __name__ == "__main__":
    main()
