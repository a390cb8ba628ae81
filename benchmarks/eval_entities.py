"""Entity quality on the annotated development sets: precision, recall and F1 of unique
(mention, label) pairs per article, GPE and LOC counted as one class (the judging convention).

    python benchmarks/eval_entities.py [tests/data/heldout ...]

Gold files are `NAME.gold` (LABEL<TAB>mention per line) beside `NAME.txt`, or for the seed set
the corpus file of the same name. The gold in `benchmarks/fresh_gold` is for real news bodies that
are not ours to ship: NAME is the start of a page id in the article-extraction benchmark's
`../shared/eval/html/ground-truth-dev.json` (or `$NEWSREADER_HTML_GROUND_TRUTH`), and the body is
read from there. Those were labelled before the tagger was run on them (first contact).
"""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsreader.extract.corpus import load_file  # noqa: E402
from newsreader.extract.entities import find_entities  # noqa: E402

SETS = ("tests/data/seeds_gold", "tests/data/wire", "tests/data/heldout", "tests/data/heldout2",
        "tests/data/heldout3", "tests/data/heldout4", "benchmarks/fresh_gold")
GROUND_TRUTH = Path(os.environ.get("NEWSREADER_HTML_GROUND_TRUTH",
                                   REPO.parent / "shared/eval/html/ground-truth-dev.json"))


def _class(label: str) -> str:
    return "PLACE" if label in ("GPE", "LOC") else label


def gold_pairs(gold: Path) -> set[tuple[str, str]]:
    rows = (line.split("\t") for line in gold.read_text(encoding="utf-8").splitlines() if line.strip())
    return {(text, _class(label)) for label, text in rows}


@cache
def _benchmark_bodies() -> dict[str, str]:
    pages = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    return {page_id: page["articleBody"] for page_id, page in pages.items()}


def body_for(gold: Path) -> str:
    for path in (gold.with_suffix(".txt"), REPO / "corpus" / f"{gold.stem}.txt"):
        if path.exists():
            (article,) = load_file(path).articles
            return article.body
    (body,) = [text for page_id, text in _benchmark_bodies().items() if page_id.startswith(gold.stem)]
    return body


def predicted_pairs(body: str) -> set[tuple[str, str]]:
    return {(e.text, _class(e.label)) for e in find_entities(body)}


def score(folder: Path, verbose: bool = False) -> tuple[float, float, float]:
    """Return (precision, recall, F1) over the gold files of `folder`."""
    tp = fp = fn = 0
    for gold in sorted(folder.glob("*.gold")):
        expected, found = gold_pairs(gold), predicted_pairs(body_for(gold))
        tp, fp, fn = tp + len(expected & found), fp + len(found - expected), fn + len(expected - found)
        if verbose and (found ^ expected):
            print(f"  {gold.stem}: extra {sorted(found - expected)} missing {sorted(expected - found)}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    for name in sys.argv[1:] or SETS:
        p, r, f = score(REPO / name, verbose=True)
        print(f"{name}: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
