"""The search engine release the index code is written for, checked before any of it is used."""

from __future__ import annotations

import whoosh

PINNED_WHOOSH = (2, 7, 5)


class EngineVersionError(RuntimeError):
    """The installed Whoosh is not the release these fixes were written and tested against."""


def check_version() -> None:
    """Raise EngineVersionError unless the installed Whoosh is the pinned release: the fixes in
    `whoosh_patches` read Whoosh's private layout, and on another release they would give wrong
    results silently rather than fail."""
    if tuple(whoosh.__version__[:3]) != PINNED_WHOOSH:
        pinned = ".".join(map(str, PINNED_WHOOSH))
        raise EngineVersionError(
            f"the search index needs whoosh-reloaded {pinned}, but Whoosh {whoosh.versionstring()} is "
            f"installed (pip install 'whoosh-reloaded=={pinned}')")
