"""The entity data of `newsreader/data/entities/`, loaded once into lookup tables.

Names are keyed by their normalised token sequence (`name_key`): lower-case, acronym dots
removed, so that "U.N." and "UN", or "Al-Sarraj" and "al-Sarraj", find the same entry.
A user file of extra names (same format as gazetteer.tsv) is read from $NEWSREADER_ALIASES.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .resources import user_lines
from .tokens import tokenize, word_key

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """What a known name is: its label and canonical name; `acronym` names must be in capitals."""

    label: str
    canonical: str
    acronym: bool = False


@dataclass
class Gazetteer:
    names: dict[Key, Entry] = field(default_factory=dict)
    max_name_len: int = 1
    titles: set[Key] = field(default_factory=set)
    max_title_len: int = 1
    given_names: set[str] = field(default_factory=set)
    org_heads: set[str] = field(default_factory=set)
    org_starts: set[str] = field(default_factory=set)
    place_starts: set[Key] = field(default_factory=set)
    place_ends: set[str] = field(default_factory=set)
    facility_ends: set[str] = field(default_factory=set)
    """The place ends that close a street's or a building's name ("Ave", "Castle")."""
    state_starts: set[str] = field(default_factory=set)
    """Words that open a state's name before "of" ("Kingdom of Tonga")."""
    state_ends: set[str] = field(default_factory=set)
    """Words that close a state's name ("Ottoman Empire")."""
    cues: dict[str, set[Key]] = field(default_factory=dict)
    not_entities: set[str] = field(default_factory=set)
    generic_words: set[str] = field(default_factory=set)
    common_words: set[str] = field(default_factory=set)
    non_entity_heads: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    """Canonical names of countries.tsv's states and territories."""
    org_openers: set[str] = field(default_factory=set)
    """Words that open an organisation's name: adjectives before a known one ("National"), first
    words of names in other languages ("Banco", "Grupo")."""
    collective_possessors: set[str] = field(default_factory=set)
    """Plural nouns whose possessive opens an organisation's name ("People's", "Workers'")."""
    place_given_names: set[str] = field(default_factory=set)
    """Places that are also common given names ("Jordan Peterson", "Taylor Swift")."""
    club_starts: set[str] = field(default_factory=set)
    """Words before a place that make a sports club's name ("Real", "FC")."""
    club_ends: set[str] = field(default_factory=set)
    """Words after a place that make a sports club's name ("United", "Hotspur")."""
    party_states: dict[str, str] = field(default_factory=dict)
    """A state's abbreviation in a party label ("Minn.", "N.Y.", "CA") to its name."""


def name_key(words: list[str] | tuple[str, ...]) -> Key:
    """Return the lookup key of a sequence of token texts."""
    return tuple(word_key(word) for word in words)


def text_key(text: str) -> Key:
    """Return the lookup key of a name written as text."""
    if text.replace(" ", "").isalpha():  # the common case, without the tokenizer
        return tuple(text.casefold().split())
    return name_key([t.text for t in tokenize(text)])


def _lines(name: str) -> list[str]:
    text = resources.files("newsreader.data").joinpath("entities", name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln and ln[0] != "#" and not ln.isspace()]


def _words(*names: str) -> set[str]:
    """The words of word-list files, one a line."""
    return {ln.strip() for name in names for ln in _lines(name)}


def _starts_and_ends(name: str) -> tuple[set[str], set[str]]:
    """The words of a `start<TAB>word` / `end<TAB>word` file, by kind."""
    starts: set[str] = set()
    ends: set[str] = set()
    for line in _lines(name):
        kind, _, word = line.partition("\t")
        (starts if kind == "start" else ends).add(word.strip())
    return starts, ends


def _is_acronym(alias: str) -> bool:
    if not alias.isupper():
        return False
    return len(alias.replace(".", "").replace("-", "")) <= 6


def _add(gaz: Gazetteer, alias: str, entry: Entry, overwrite: bool = True) -> None:
    key = text_key(alias)
    if not key or (not overwrite and key in gaz.names):
        return
    gaz.names[key] = Entry(entry.label, entry.canonical, True) if _is_acronym(alias) else entry
    gaz.max_name_len = max(gaz.max_name_len, len(key))


def _read_curated(gaz: Gazetteer, lines: list[str]) -> None:
    for line in lines:
        parts = line.split("\t")
        if len(parts) < 2 or parts[0] not in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
            continue
        label, canonical = parts[0], parts[1].strip()
        entry = Entry(label, canonical)
        _add(gaz, canonical, entry)
        for alias in (parts[2].split("|") if len(parts) > 2 else []):
            if alias.strip():
                _add(gaz, alias.strip(), entry)


def _organisation_shaped(name: str, org_starts: set[str]) -> bool:
    """True for "University of Texas", "Bank of X": an organisation word, then "of" or "for"."""
    words = name.split()
    return len(words) > 2 and words[0] in org_starts and words[1] in ("of", "for")


@cache
def load() -> Gazetteer:
    """Return the gazetteer (read once per process)."""
    gaz = Gazetteer()
    gaz.org_starts = _words("org_starts.txt")
    places: dict[str, Entry] = {}
    for line in _lines("places.tsv"):
        alias, _, canonical = line.partition("\t")
        canonical = canonical or alias
        if _organisation_shaped(alias, gaz.org_starts):
            continue  # GeoNames lists a campus as "University of Texas": the name is the university's
        entry = places.get(canonical) or places.setdefault(canonical, Entry("GPE", canonical))
        _add(gaz, alias, entry)
    for line in _lines("countries.tsv"):
        parts = (line.split("\t") + ["", ""])[:3]
        country = Entry("GPE", parts[0])
        gaz.countries.add(parts[0])
        for alias in [parts[0], *parts[1].split("|")]:
            if alias:
                _add(gaz, alias, country)
        demonyms = [d for d in parts[2].split("|") if d]
        if demonyms:
            people = Entry("NORP", demonyms[0])
            for alias in demonyms:
                _add(gaz, alias, people)
    _read_curated(gaz, _lines("regions.tsv"))
    _read_curated(gaz, _lines("geography.tsv"))
    _read_curated(gaz, _lines("organisations.tsv"))
    _read_curated(gaz, _lines("gazetteer.tsv"))
    _read_curated(gaz, [line for _, line in user_lines("NEWSREADER_ALIASES")])
    for line in _lines("titles.txt"):
        key = text_key(line)
        gaz.titles.add(key)
        gaz.max_title_len = max(gaz.max_title_len, len(key))
    gaz.given_names = _words("given_names.txt", "census_given_names.txt", "world_given_names.txt")
    gaz.org_heads = _words("org_heads.txt")
    for line in _lines("place_heads.txt"):
        kind, _, word = line.partition("\t")
        if kind == "start":
            gaz.place_starts.add(text_key(word))
        else:
            gaz.place_ends.add(word.strip())
            if kind == "facility":
                gaz.facility_ends.add(word.strip())
    gaz.state_starts, gaz.state_ends = _starts_and_ends("state_heads.txt")
    for line in _lines("cues.tsv"):
        kind, _, words = line.partition("\t")
        gaz.cues.setdefault(kind, set()).add(text_key(words))
    gaz.not_entities = {word for ln in _lines("not_entities.txt") for word in ln.split()}
    gaz.generic_words = _words("generic_words.txt")
    gaz.common_words = set(_lines("common_words.txt"))
    gaz.non_entity_heads = _words("non_entity_heads.txt")
    gaz.place_given_names = _words("place_given_names.txt")
    gaz.collective_possessors = _words("collective_possessors.txt")
    gaz.org_openers = _words("org_openers.txt")
    gaz.club_starts, gaz.club_ends = _starts_and_ends("club_words.txt")
    for line in _lines("us_states.tsv"):
        state, ap, code = line.split("\t")
        gaz.party_states.update({ap: state, code: state})
    return gaz
