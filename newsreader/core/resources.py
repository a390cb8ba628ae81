"""Loading the data files under `newsreader/data/` (patterns, lists), plus user extensions.

Each loader is cached: the files are read once per process.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path


def data_lines(name: str, env_var: str | None = None) -> list[str]:
    """Return the non-blank, non-comment lines of data file `name`.

    When `env_var` names an environment variable holding a path, that file's lines are appended
    (a missing user file is ignored rather than fatal).
    """
    text = resources.files("newsreader.data").joinpath(name).read_text(encoding="utf-8")
    if env_var and os.environ.get(env_var):
        try:
            text += "\n" + Path(os.environ[env_var]).read_text(encoding="utf-8")
        except OSError:
            pass
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def line_patterns(name: str, env_var: str | None = None) -> re.Pattern[str]:
    """Return one case-insensitive regex that fully matches any pattern line of data file `name`."""
    alternatives = "|".join(f"(?:{line})" for line in data_lines(name, env_var))
    return re.compile(rf"(?:{alternatives})", re.IGNORECASE)
