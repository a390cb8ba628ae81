"""Wire copies grouped, on a planted set: pairwise precision and recall, and the cost per hit.

    python benchmarks/eval_copies.py [--stories N] [--seed S]

Stories come from the benchmark's synthetic generator (sentences of the bundled articles
recombined, names swapped: distinct stories on the same events, sharing many names and some
sentences — the ones that must NOT be grouped). Each of a third of them is copied 2–5 times with
the edits wire copies get: another headline line on top, the last paragraphs trimmed (up to 40 %),
a paragraph added, a sentence reworded. Pairs are scored against the planted truth.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsreader.bench.synthetic import generate  # noqa: E402
from newsreader.core import copies  # noqa: E402
from newsreader.extract.corpus import load_file  # noqa: E402


def _copy(body: str, rng: random.Random, others: list[str]) -> str:
    paragraphs = body.split("\n\n")
    keep = max(1, round(len(paragraphs) * rng.uniform(0.6, 1.0)))
    out = paragraphs[:keep]
    if rng.random() < 0.5:
        out.insert(rng.randrange(len(out) + 1), rng.choice(others).split("\n\n")[0])  # a paragraph added
    if rng.random() < 0.5:
        k = rng.randrange(len(out))
        out[k] = out[k].replace(" said ", " told reporters ", 1).replace(" the ", " a ", 1)
    return f"UPDATED: {rng.choice(['Live', 'Latest', 'Analysis'])} coverage\n\n" + "\n\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--threshold", type=float, default=copies.THRESHOLD)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), args.stories, seed=args.seed)
        bodies = [a.body for f in files for a in load_file(f).articles]
    items: list[tuple[int, str]] = [(i, b) for i, b in enumerate(bodies)]
    for story in rng.sample(range(len(bodies)), len(bodies) // 3):
        for _ in range(rng.randint(1, 4)):  # 2-5 tellings in all
            items.append((story, _copy(bodies[story], rng, bodies)))
    rng.shuffle(items)
    started = time.process_time()
    found = copies.groups([b for _, b in items], args.threshold)
    cpu_ms = (time.process_time() - started) * 1000
    group_of = {i: g for g, members in enumerate(found) for i in members}
    tp = fp = fn = 0
    for i, j in combinations(range(len(items)), 2):
        same_truth = items[i][0] == items[j][0]
        same_found = group_of[i] == group_of[j]
        tp += same_truth and same_found
        fp += same_found and not same_truth
        fn += same_truth and not same_found
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    sizes = [len(g) for g in found]
    print(f"{len(items)} articles ({args.stories} stories, {len(items) - args.stories} planted copies); "
          f"threshold {args.threshold}")
    print(f"pairwise precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn}); "
          f"{len(found)} groups, largest {max(sizes)}, median size {statistics.median(sizes)}")
    print(f"CPU {cpu_ms:.0f} ms for {len(items)} bodies: {cpu_ms / len(items):.2f} ms a body "
          f"(signatures and all pairs; a search compares its top hits only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
