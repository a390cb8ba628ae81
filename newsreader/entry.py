"""The `newsreader` command's entry point: checks that the installed search engine is the release
the index code is written for before anything imports it, so that a wrong one is one line, not a
traceback (`core/whoosh_patches.py` checks again for every other way in)."""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from .core.engine_version import check_version

        check_version()
        from .cli import main as cli_main
    except Exception as err:  # EngineVersionError, or a broken install: one line, never a traceback
        from .extract.safety import neutralise

        sys.stderr.write(f"newsreader: {neutralise(' '.join(str(err).split()))}\n")
        return 1
    return cli_main()
