"""Timeline quality on the annotated articles: value F1 (the set of distinct values per article,
micro-averaged) and event accuracy (the share of annotated (value, sentence) events found with
that value in that sentence).

    python benchmarks/eval_dates.py [tests/data/timeline_heldout ...]

Gold files are `NAME.tsv` (value<TAB>expression<TAB>start of its sentence), beside `NAME.txt` or
for the seed and wire sets in tests/data/timeline_gold/ (articles in corpus/ or tests/data/*/).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsreader.extract.corpus import load_file  # noqa: E402
from newsreader.extract.dates import find_dates  # noqa: E402

SETS = ("tests/data/timeline_gold", "tests/data/timeline_heldout")


def _article(gold: Path) -> Path:
    candidates = [gold.with_suffix(".txt"), REPO / "corpus" / f"{gold.stem}.txt",
                  *(REPO / "tests" / "data").glob(f"*/{gold.stem}.txt")]
    return next(p for p in candidates if p.exists())


def _gold(gold: Path) -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in gold.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(value, sentence) for value, _, sentence in rows]


def score(folder: Path, verbose: bool = False) -> tuple[float, float]:
    """Return (value F1, event accuracy) over the gold files of `folder`."""
    tp = fp = fn = 0
    events = hits = 0
    for gold in sorted(folder.glob("*.tsv")):
        (article,) = load_file(_article(gold)).articles
        entries = find_dates(article.body, article.published)
        expected = _gold(gold)
        want, got = {v for v, _ in expected}, {e.value for e in entries}
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        found = {(e.value, " ".join(e.sentence.split())) for e in entries}
        for value, start in expected:
            events += 1
            hit = any(v == value and s.startswith(start) for v, s in found)
            hits += hit
            if verbose and not hit:
                print(f"  {gold.stem}: missed {value} in “{start}…”")
        if verbose and got - want:
            print(f"  {gold.stem}: extra values {sorted(got - want)}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, hits / events if events else 0.0


def main() -> None:
    for name in sys.argv[1:] or SETS:
        f1, accuracy = score(REPO / name, verbose=True)
        print(f"{name}: value F1 {f1:.3f}, events on the right date {accuracy:.1%}")


if __name__ == "__main__":
    main()
