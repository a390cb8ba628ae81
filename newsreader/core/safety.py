"""Making article text safe to print: text is data, never markup or terminal commands."""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL and C1 controls are shown as visible symbols, so an
# escape sequence in an article prints as harmless text instead of driving the terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates reorder what is shown; zero-width characters hide text.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL, …
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def neutralise(text: str) -> str:
    """Return `text` with control characters made visible and invisible formatting removed.

    The length may change only where invisible characters are removed; callers that keep
    offsets into the text should neutralise before computing them.
    """
    return _INVISIBLE.sub("", _CONTROLS.sub(_visible, text))
