"""Making text safe to print: text is data, never markup or terminal commands.

Every string that reaches a terminal or the clipboard (article text, titles, file names, error
lines) goes through `neutralise`; file names found on disk go through `safe_name` first, so that
the index only ever holds text that can be stored, printed and copied.
"""

from __future__ import annotations

import os
import re

# C0 controls (but tab and newline), DEL and C1 controls are shown as visible symbols, so an
# escape sequence in an article prints as harmless text instead of driving the terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi marks, embeddings, overrides and isolates reorder what is shown (U+061C is the Arabic
# letter mark); zero-width characters, interlinear annotations and tag characters hide text.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\ufff9-\ufffb\U000e0000-\U000e007f]")
# A lone surrogate (from JSON's "\ud800", or a file name that was not UTF-8) cannot be encoded:
# printing it, or storing it in the index, raised UnicodeEncodeError.
_SURROGATES = re.compile("[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL, …
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def neutralise(text: str) -> str:
    """Return `text` with control characters made visible, lone surrogates replaced by U+FFFD
    and invisible formatting removed.

    The length may change only where invisible characters are removed; callers that keep
    offsets into the text should neutralise before computing them.
    """
    text = _SURROGATES.sub("\ufffd", _CONTROLS.sub(_visible, text))
    return _INVISIBLE.sub("", text)


def safe_name(name: str) -> str:
    """Return a file name (or a path) as the text newsreader stores and shows.

    Bytes that were not UTF-8 reach Python as surrogate escapes; they are written `\\xff`, as
    the name's bytes were. Control characters are made visible (see `neutralise`).
    """
    if _SURROGATES.search(name):
        try:
            name = os.fsencode(name).decode("utf-8", "backslashreplace")
        except UnicodeError:  # a surrogate that is no escaped byte: replaced by `neutralise`
            pass
    return neutralise(name)
