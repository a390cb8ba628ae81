"""The search run while a query is being typed, before Enter."""

from __future__ import annotations

import re

_TYPED_WORD = re.compile(r"(?:^|\s)([^\W\d_][\w'’-]{2,})$")


def as_you_type(text: str) -> str:
    """The query to run while `text` is being typed: its last word, once three letters long, as a
    prefix ("trip" finds Tripoli); quoted phrases, fields and operators are left as they are."""
    stripped = text.rstrip()
    match = _TYPED_WORD.search(stripped)
    if (not match or stripped != text or stripped.count('"') % 2 or match.group(1) in ("AND", "OR", "NOT")):
        return text
    return stripped + "*"
