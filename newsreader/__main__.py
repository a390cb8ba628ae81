"""`python -m newsreader`: the same as the `newsreader` command (what `newsreader serve` runs for
each browser that connects)."""

import sys

from .entry import main

sys.exit(main())
