"""What the app costs a reader over SSH: bytes written per key, per line scrolled, while idle,
and the time from a typed key to the redrawn result list — in a real pseudo-terminal.

    python benchmarks/pty_bytes.py [--corpus DIR] [--index-dir DIR] [--size 120x40] [--words W ...]

Runs `newsreader.bench.pty_session.measure` (the installed `newsreader` beside this Python) and
prints its figures: medians, p95 and the maximum, the app's CPU time beside wall time.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsreader.bench.pty_session import WORDS, measure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    parser.add_argument("--index-dir")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--words", nargs="*", default=list(WORDS))
    args = parser.parse_args()
    cols, rows = (int(x) for x in args.size.split("x"))
    figures = measure(Path(args.corpus) if args.corpus else None, Path(args.index_dir) if args.index_dir else None,
                      cols, rows, tuple(args.words))
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
