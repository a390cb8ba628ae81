"""Name shapes that only the sentence's punctuation gives away.

- Author citations: "(Dye & Bavelier, 2010)", "(Li, Polat and Scalzo, 2010; Feng et al., 2007)",
  "as Marsden (2016) showed". A capitalised word in such a list is a surname, even when it is a
  place ("Santos") or a common word ("Baker").
- Defined terms: "compact fluorescent light (CFL)", "sea surface salinity (SSS)": an acronym
  spelt by lower-case words before it names a thing, not an organisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .tokens import Token

_YEAR = re.compile(r"(1[5-9]|20)\d\d[a-z]?$")
_JOINERS = {",", "&", "and"}


def _name_at(toks: list[Token], j: int) -> int | None:
    """The first token of a surname that ends at token j ("Berez-Kroeker", "Munafò"), or None."""
    if j < 0 or not toks[j].is_word or not toks[j].text[:1].isupper():
        return None
    while j >= 2 and toks[j - 1].text == "-" and toks[j - 1].start == toks[j - 2].end \
            and toks[j].start == toks[j - 1].end and toks[j - 2].text[:1].isupper():
        j -= 2
    return j


def citation_surnames(toks: list[Token], plain: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Token spans [start, end) of the surnames cited with a year in this sentence.

    `plain(word)` says a word is no common word or known name: "Marsden (2016)" is a citation,
    "Principles of Syntax (1924)" and "moved to Italy (1816)" are not.
    """
    spans: list[tuple[int, int]] = []
    for i, tok in enumerate(toks):
        if not _YEAR.match(tok.text) or i < 2:
            continue
        j = i - 1
        if toks[j].text == "(":  # "Marsden (2016)"
            j -= 1
            first = _name_at(toks, j)
            before = toks[first - 1] if first else None
            if first is not None and plain(toks[j].text) and (
                    before is None or not before.text[:1].isupper() or before.text in ("&",)):
                spans.append((first, j + 1))
            continue
        if toks[j].text != ",":
            continue
        j -= 1
        if j >= 2 and toks[j].text == "." and toks[j - 1].text == "al" and toks[j - 2].text == "et":
            j -= 3  # "Feng et al., 2007"
        found: list[tuple[int, int]] = []
        while True:
            first = _name_at(toks, j)
            if first is None:
                break
            found.append((first, j + 1))
            j = first - 1
            if j >= 0 and toks[j].text in _JOINERS:
                j -= 1
                if j >= 0 and toks[j].text in _JOINERS:  # ", &" and ", and"
                    j -= 1
                continue
            break
        # A cited list opens the parenthesis or follows a ";" of another citation in it.
        if found and j >= 0 and toks[j].text in ("(", ";"):
            spans.extend(found)
    return spans


def defined_terms(toks: list[Token]) -> set[str]:
    """Acronyms this sentence defines as the initials of lower-case words before them."""
    terms = set()
    for i in range(1, len(toks) - 1):
        if toks[i].text != "(" or i + 2 >= len(toks) or toks[i + 2].text != ")":
            continue
        acr = toks[i + 1].text.replace(".", "")
        letters = acr[:-1] if acr.endswith("s") else acr  # "LEDs"
        if len(letters) < 2 or not letters.isupper() or not letters.isalpha():
            continue
        words = [t.text for t in toks[max(0, i - len(letters)):i]]
        if len(words) == len(letters) and all(w[:1].islower() for w in words) \
                and "".join(w[0] for w in words).upper() == letters:
            terms.add(letters)
    return terms
