"""Tokens and sentences of a cleaned body, with character offsets.

Shared by the entity and date extractors. Tokens split possessives ("Haftar’s" -> "Haftar", "’s")
and hyphenated modifiers ("UN-backed" -> "UN", "-", "backed"; "pro-Gaddafi" -> "pro", "-", "Gaddafi"),
but keep name particles ("al-Sarraj") and capitalised compounds ("Guinea-Bissau") whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\d+(?:[.,:/]\d+)+"                            # numbers and numeric dates: 2,200  06.04.2019  00:01
    r"|[A-Z]{1,3}&[A-Z]{1,3}(?![\w&])"              # acronyms with an ampersand: AT&T, PG&E, S&P
    r"|(?:[A-Z]\.){2,}(?:[A-Z](?![\w]))?"          # dotted acronyms: U.N., U.S., U.A.E
    r"|[A-Z]\.[A-Z](?![\w.])"                       # and without the last dot: "the U.S government"
    r"|\w+(?:['’‘]\w+)*(?:[-‐‑]\w+(?:['’‘]\w+)*)*"  # words, with apostrophes and hyphens inside
    r"|[^\w\s]",                                    # any other single character
)
_JOINERS = re.compile(r"['’‘\-‐‑]")
_POSSESSIVE = re.compile(r"^(.+?)(['’‘][sS])$")
# Lower-case prefixes of a hyphenated word that are not part of a name that follows.
_PREFIXES = {"pro", "anti", "non", "ex", "post", "pre", "mid", "pan", "trans", "neo", "semi", "quasi",
             "sub", "inter", "intra", "multi", "counter", "cross", "self", "all", "un", "over", "under"}
# Lower-case name particles that belong to the name after them: "al-Sarraj", "bin Salman".
# PARTICLES may be joined by a hyphen; STANDALONE_PARTICLES also stand as a separate word
# (the others are English words too: "at Second Thomas Shoal").
STANDALONE_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "ben", "de", "da", "di", "du", "del", "della",
                        "des", "van", "von", "der", "den", "le", "la", "dos"}
PARTICLES = {"al", "el", "ad", "as", "ash", "at", "az", "ar", "an", "bin", "ibn", "bint", "abu", "ben",
             "de", "da", "di", "du", "del", "della", "des", "van", "von", "der", "den", "le", "la", "dos", "ul"}
_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl",
    "pvt", "sen", "rep", "gov", "st", "mt", "no", "vs", "etc", "inc", "ltd", "corp", "co", "jr", "sr",
    "approx", "est", "dept", "univ", "brig", "fig", "ft",
}


def word_key(word: str) -> str:
    """Return the comparable form of one word: case-folded, acronym dots removed, one apostrophe."""
    if "." in word:
        letters = word.replace(".", "")
        if letters.isalpha() and letters.isupper():
            word = letters
    key = word.casefold()
    if "’" in key or "‘" in key:
        key = key.replace("’", "'").replace("‘", "'")
    return key


@dataclass(slots=True)
class Token:
    """A word, acronym or punctuation mark; `text == body[start:end]` (not frozen: a frozen
    dataclass is twice as slow to make, and a long article has thousands of tokens).

    `is_cap`: a capitalised word, an acronym or a particle name ("Tripoli", "U.N.", "al-Sarraj");
    `key`: `word_key(text)`, for look-ups.
    """

    text: str
    start: int
    end: int
    is_cap: bool
    key: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_acronym(self) -> bool:
        letters = self.text.replace(".", "").replace("&", "")
        return len(letters) >= 2 and letters.isupper() and letters.isalnum()


def make_token(text: str, start: int, end: int) -> Token:
    """Return the token for `text` at [start, end)."""
    cap = text[0].isupper()
    if not cap and "-" in text:
        head, _, rest = text.partition("-")
        cap = head.lower() in PARTICLES and rest[:1].isupper()
    return Token(text, start, end, cap, word_key(text))


def _split_word(text: str, start: int) -> list[Token]:
    possessive = _POSSESSIVE.match(text)
    if possessive and "-" not in possessive.group(1)[-1:]:
        base = possessive.group(1)
        return [*_split_word(base, start), make_token(possessive.group(2), start + len(base), start + len(text))]
    if "-" not in text and "‐" not in text and "‑" not in text:
        return [make_token(text, start, start + len(text))]
    parts = re.split(r"([-‐‑])", text)
    words = parts[0::2]
    # Decide, between each pair of parts, whether the hyphen joins (one name) or splits.
    tokens: list[Token] = []
    current_start, pos = start, start + len(words[0])
    for i in range(1, len(words)):
        left, right = words[i - 1], words[i]
        join = (
            (left[:1].isupper() and right[:1].isupper())                  # Guinea-Bissau, Secretary-General
            or (left.lower() in PARTICLES and right[:1].isupper())      # al-Sarraj
            or (not left[:1].isupper() and not right[:1].isupper()
                and left.lower() not in _PREFIXES)                        # year-old, oil-rich
            or (left[:1].isdigit() or right[:1].isdigit())               # COVID-19, G-7
        )
        if left.lower() in _PREFIXES and right[:1].isupper():
            join = False                                                  # pro-Gaddafi
        if not join:
            tokens.append(make_token(text[current_start - start:pos - start], current_start, pos))
            tokens.append(make_token(text[pos - start], pos, pos + 1))
            current_start = pos + 1
        pos += 1 + len(right)
    tokens.append(make_token(text[current_start - start:], current_start, start + len(text)))
    return tokens


# What tokenize needs of a word it has seen before: None when the word is split into several
# tokens, else its (is_cap, key). Remembered per process: most words of an article are common
# ones, and working them out again took a sixth of tokenising (0.82 -> 0.68 ms an article,
# old and new code timed in turn).
_WORDS: dict[str, tuple[bool, str] | None] = {}
_MAX_WORDS = 200_000


def _word_info(word: str) -> tuple[bool, str] | None:
    if word[0].isalnum() and len(word) > 1 and _JOINERS.search(word):
        return None
    token = make_token(word, 0, len(word))
    return token.is_cap, token.key


def tokenize(text: str) -> list[Token]:
    """Return the tokens of `text` in order."""
    words = _WORDS
    if len(words) > _MAX_WORDS:
        words.clear()
    tokens: list[Token] = []
    append = tokens.append
    for match in _TOKEN.finditer(text):
        word = match.group()
        try:
            info = words[word]
        except KeyError:
            info = words[word] = _word_info(word)
        start, end = match.span()
        if info is None:
            tokens.extend(_split_word(word, start))
        else:
            append(Token(word, start, end, *info))
    return tokens


_STARTERS = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On", "At",
             "This", "That", "These", "Those", "His", "Her", "Their", "There", "However", "Meanwhile",
             "Its", "Our", "As", "After", "Since", "While", "When", "Some", "Many"}
_CLOSERS = set("”\"’')]")


def _ends_sentence(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if tok.text in ("!", "?"):
        return True
    if tok.text == "." and nxt is not None and (nxt.text in (",", ";", ":") or nxt.text[:1].islower()):
        return False  # "et al., 2007", "approx. five": a sentence goes on after an abbreviation
    if tok.text == ".":
        prev = tokens[i - 1] if i > 0 else None
        abbreviation = prev is not None and prev.end == tok.start and (
            prev.text.lower() in _ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper()))
        return not abbreviation
    if tok.text.endswith(".") and tok.is_acronym:
        # "U.N. mission" goes on; "… backed by the U.S. The group …" ends.
        return nxt is None or nxt.text in _STARTERS
    return False


def sentence_spans(text: str, tokens: list[Token] | None = None) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence; a paragraph break always ends one.

    A period ends a sentence unless it follows a known abbreviation ("Jan.", "Gen.") or a single
    initial; a dotted acronym ("U.S.") ends one only before a typical sentence opener.
    Closing quotes and brackets stay with the sentence they close.
    """
    tokens = tokenize(text) if tokens is None else tokens
    spans: list[tuple[int, int]] = []
    start = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if start is None:
            start = tok.start
        end = None
        if tok.text[-1] in ".!?" and _ends_sentence(tokens, i):  # only these can end one
            while i + 1 < len(tokens) and tokens[i + 1].text in _CLOSERS and tokens[i + 1].start == tokens[i].end:
                i += 1
            end = tokens[i].end
        elif i + 1 < len(tokens) and "\n" in text[tok.end:tokens[i + 1].start]:
            end = tok.end
        if end is not None:
            spans.append((start, end))
            start = None
        i += 1
    if start is not None:
        spans.append((start, tokens[-1].end))
    return spans
