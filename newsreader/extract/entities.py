"""Named entities (PERSON, ORG, GPE, LOC, NORP) by rules and data, with canonical names.

The recogniser works sentence by sentence over tokens:

1. known names (gazetteer: countries, demonyms, cities, organisations, people), longest first;
2. titles and ranks ("Prime Minister", "Gen.") which mark the name after them as a PERSON;
3. the remaining runs of capitalised words, labelled by their shape and context: organisation
   heads ("… Army", "Ministry of …"), place words ("Wadi …", "the city of …"), given names,
   quote attributions ("…, Bashagha said"), acronyms;
4. document-level consistency: acronyms defined in the text ("Government of National Accord
   (GNA)"), and surnames of people already found ("Haftar" after "Khalifa Haftar").

Then every mention gets a canonical name shared by all aliases of one entity. Runs in linear time
in the length of the text (each token is looked at a bounded number of times).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .citations import citation_surnames, defined_terms
from .datewords import WEEKDAYS, month_number
from .gazetteer import Entry, Gazetteer, name_key, text_key
from .gazetteer import load as load_gazetteer
from .line_shapes import written_shapes
from .models import Entity
from .tokens import STANDALONE_PARTICLES, Token, sentence_spans, tokenize

_PLACE_LABEL = "GPE"
_COMPASS = {"North", "South", "East", "West"}
_SIDES = _COMPASS | {"Northern", "Southern", "Eastern", "Western", "Central"}  # "Southern California"
_MAX_RUN = 8
_HEADING_MAX_WORDS = 14


@dataclass
class _Mention:
    start: int  # token index
    end: int    # token index, exclusive
    label: str
    canonical: str | None = None
    known: bool = False  # from the gazetteer
    weak: bool = False   # labelled by its place in the sentence only ("in X"): a later clue may relabel it
    guess: bool = False  # a person only because nothing else fits: its words name no one elsewhere
    club: bool = False   # a sports club named by its place: "Real Madrid", "Tottenham Hotspur"


def _is_heading(text: str, span: tuple[int, int]) -> bool:
    """A heading: a whole paragraph of a few words with no closing punctuation."""
    segment = text[span[0]:span[1]].strip()
    para_start = span[0] == 0 or text[span[0] - 1] == "\n"
    para_end = span[1] >= len(text) or text[span[1]:span[1] + 1] == "\n"
    return (para_start and para_end and len(segment.split()) <= _HEADING_MAX_WORDS
            and not segment.endswith((".", "!", "?", "”", '"', ":"))
            and not _sentence_case(segment) and not _ANSWER_OR_LIST.search(segment))


# "A: Lebron James", "Bob Marley, Bruno Mars, Drake": an interview's answer or a list of names is
# no heading, though its words are all capitalised ("Source: X" stays a furniture line).
_ANSWER_OR_LIST = re.compile(r"^[QA]:\s|,[^,]+,")


# Words a title-case heading leaves in lower case ("Calls for a Truce in the North").
_TITLE_CASE_SMALL = frozenset("a an and as at but by de for from in into nor of on or over per "
                              "the to up upon via vs with".split())


def _sentence_case(segment: str) -> bool:
    """True for a line written like a sentence ("Biden meets Xi in Bali", an author line with an
    e-mail address): its capitals mark names as in running text, unlike a title-case heading's."""
    return any(word[:1].islower() and word.strip(",;()").lower() not in _TITLE_CASE_SMALL
               for word in segment.split())


class _Sentence:
    """The tokens of one sentence and the mentions found in them."""

    def __init__(self, tokens: list[Token], heading: bool) -> None:
        self.tokens = tokens
        self.heading = heading
        self.taken = [False] * len(tokens)
        self.title_before: set[int] = set()  # token indices that follow a title
        self.idle_titles: set[int] = set()   # one-word titles with no name after them
        self.mentions: list[_Mention] = []

    def free_cap(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and not self.taken[i] and self.tokens[i].is_cap

    def adjacent(self, i: int) -> bool:
        """True when token i+1 follows token i with at most a space between."""
        return i + 1 < len(self.tokens) and self.tokens[i + 1].start - self.tokens[i].end <= 1

    def words(self, start: int, end: int) -> list[str]:
        return [t.text for t in self.tokens[start:end]]

    def add(self, mention: _Mention) -> None:
        for k in range(mention.start, mention.end):
            self.taken[k] = True
        self.mentions.append(mention)


class Recogniser:
    """Finds entities in cleaned article bodies; one instance can serve many articles."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or load_gazetteer()
        # The first words of known names and titles: most capitalised words start neither, and
        # are passed over without trying each length of name after them.
        self._name_starts = {key[0] for key in self.gaz.names}
        # Every proper beginning of a known name: a look-up reads on past a word only while the
        # words so far begin some name, not to the longest name's length after every start.
        self._name_beginnings = {key[:n] for key in self.gaz.names for n in range(1, len(key))}
        self._title_starts = {key[0] for key in self.gaz.titles}

    # -- pass 1: known names and titles ------------------------------------------------------

    def _lookup(self, sent: _Sentence, i: int) -> tuple[int, Entry] | None:
        """Return (length, entry) of the longest known name starting at token i."""
        toks = sent.tokens
        first = toks[i]
        if first.key not in self._name_starts:
            return None
        if not (first.is_cap or (first.text.lower() in STANDALONE_PARTICLES and i + 1 < len(toks) and toks[i + 1].is_cap)):
            return None
        limit = min(len(toks) - i, self.gaz.max_name_len)
        keys = (first.key,)
        beginnings = self._name_beginnings
        while len(keys) < limit and keys in beginnings and sent.adjacent(i + len(keys) - 1) and (
                toks[i + len(keys)].is_word or _joined(toks, i + len(keys))):
            keys += (toks[i + len(keys)].key,)
        names = self.gaz.names
        for length in range(len(keys), 0, -1):
            entry = names.get(keys[:length])
            if entry is None:
                continue
            words = [t.text for t in toks[i:i + length]]
            if entry.acronym and not all(w.replace(".", "").isupper() for w in words if w[:1].isalpha()):
                continue
            if length > 1 and not toks[i + length - 1].is_cap and not words[-1][:1].isdigit() \
                    and words[-2] != "-":
                continue  # "Islamic State group" matches as "Islamic State" (but "Kim Jong-un" whole)
            if not toks[i + length - 1].is_word:
                continue  # a name never ends on its "." or "-"
            return length, entry
        return None

    def _title_length(self, sent: _Sentence, i: int) -> int:
        toks = sent.tokens
        if not toks[i].is_cap or toks[i].key not in self._title_starts:
            return 0
        for length in range(min(self.gaz.max_title_len, len(toks) - i), 0, -1):
            if tuple(t.key for t in toks[i:i + length]) in self.gaz.titles:
                # "Gen." is written as the word and its period.
                if i + length < len(toks) and toks[i + length].text == "." and toks[i + length].start == toks[i + length - 1].end:
                    length += 1
                return length
        return 0

    def _known_and_titles(self, sent: _Sentence) -> None:
        i = 0
        toks = sent.tokens
        while i < len(toks):
            if not toks[i].is_cap and toks[i].key not in STANDALONE_PARTICLES:
                i += 1  # most words: no name or title starts here
                continue
            if toks[i].text in _SIDES and sent.adjacent(i) and i + 1 < len(toks):
                place = self._lookup(sent, i + 1)
                if place and place[1].label in ("GPE", "LOC", "NORP") and not self._lookup_longer(sent, i, place[0] + 1) \
                        and (place[1].label != "NORP" or toks[i].text in _COMPASS):
                    # "North Carolina", "West Darfur": a compass point and a place make one place;
                    # "North American", "West African": one group
                    words = [t.text for t in toks[i:i + 1 + place[0]]]
                    label = "NORP" if place[1].label == "NORP" else "GPE"
                    sent.add(_Mention(i, i + 1 + place[0], label, " ".join(words), known=True))
                    i += 1 + place[0]
                    continue
            found = self._lookup(sent, i)
            title = self._title_length(sent, i)
            if title and title == 1 and not found and (self._plural_after(sent, i + 1) or (
                    sent.adjacent(i) and i + 1 < len(toks) and toks[i + 1].text in self.gaz.org_heads)):
                i += 1  # "General Motors", "Premier League": an organisation, not a general
                continue
            if title and self._after_given_name(sent, i):
                title = 0  # "Kevin King", "Stephen King": the word is a surname here
            if title and (not found or title >= found[0]) and not (found and found[1].label == "PERSON"):
                for k in range(i, i + title):
                    sent.taken[k] = True
                if self._name_after(sent, i + title):
                    sent.title_before.add(i + title)
                elif title == 1:
                    sent.idle_titles.add(i)  # "Mr. President," names no one; "Pope and Bishop" may
                i += title
                continue
            if found and i in sent.title_before and found[1].label in ("GPE", "LOC") and found[0] == 1:
                i += 1  # "Lord Byron", "Mr Paris": after a title, a place's name is a surname
                continue
            if found and found[1].label in ("GPE", "LOC") and i > 0 and not sent.taken[i - 1] \
                    and sent.adjacent(i - 1) and toks[i - 1].is_cap and name_key([toks[i - 1].text]) in self.gaz.place_starts:
                # "Sierra Nevada", "Lake Geneva": a place word and a known place make another place,
                # or the organisation named by it ("Sierra Nevada Corporation")
                end = i + found[0]
                org_end = self._org_after_place(sent, end)
                sent.add(_Mention(i - 1, org_end or end, "ORG" if org_end else "LOC"))
                i = org_end or end
                continue
            if found and found[1].label == "GPE" and self._club(sent, i, found[0]):
                i = sent.mentions[-1].end
                continue
            if found and found[1].label in ("GPE", "LOC") and i + found[0] < len(toks) \
                    and sent.adjacent(i + found[0] - 1) and toks[i + found[0]].text in self.gaz.non_entity_heads:
                for k in range(i, i + found[0] + 1):
                    sent.taken[k] = True  # "Davis Cup", "Paris Agreement": an event or a treaty, no place
                i += found[0] + 1
                continue
            if found:
                length, entry = found
                # A given name before a one-word place is a person: "Andrew Jackson".
                if (entry.label == _PLACE_LABEL and length == 1 and i > 0 and toks[i - 1].text in self.gaz.given_names
                        and not sent.taken[i - 1]):
                    i += 1
                    continue
                nxt = i + length
                if entry.label in ("GPE", "LOC") and nxt < len(toks) and sent.adjacent(nxt - 1) \
                        and toks[nxt].text in self.gaz.place_ends:
                    # "Kerch Bridge", "Jordan River", "San Francisco Bay Area": a place name and
                    # place words make one place.
                    end = nxt + 1
                    if end < len(toks) and sent.adjacent(end - 1) and toks[end].text in self.gaz.place_ends:
                        end += 1
                    sent.add(_Mention(i, end, "LOC"))
                    i = end
                    continue
                if entry.label == "GPE" and length == 1 and nxt < len(toks) and sent.adjacent(nxt - 1) \
                        and toks[nxt].text in _COMPASS and not sent.free_cap(nxt + 1) \
                        and not (nxt + 1 < len(toks) and toks[nxt + 1].text == "of"):
                    sent.add(_Mention(i, nxt + 1, "GPE"))  # "Kowloon West": a district named by its side
                    i = nxt + 1
                    continue
                org_end = self._org_after_place(sent, nxt) if entry.label in ("GPE", "LOC", "NORP") else None
                if org_end is not None:
                    # "Washington State University", "Massachusetts Institute of Technology",
                    # "Slovenian National Commission": a place or demonym opening an organisation.
                    sent.add(_Mention(i, org_end, "ORG"))
                    i = org_end
                    continue
                if (entry.label == "GPE" or entry.label == "NORP") and length == 1 \
                        and (toks[i].text in self.gaz.given_names or toks[i].text in self.gaz.place_given_names
                             or (entry.label == "GPE" and entry.canonical not in self.gaz.countries)) \
                        and (self._person_after_place(sent, i) or self._given_place_before_name(sent, i)):
                    # "Mao Ning", "Christian Lindner": left for the run rules (but in "Chinese
                    # Bernhard Karlgren" and "ambassador to Britain Liu Xiaming" a demonym or a
                    # country comes before a name: neither is a given name unless listed as one)
                    i += 1
                    continue
                if entry.label in ("GPE", "LOC") and length == 1 and self._unknown_before(sent, i):
                    i += 1  # "Lok Sabha", "Valeska Paris", "Kowloon West": part of a longer name
                    continue
                if entry.label == "ORG" and nxt < len(toks) and sent.adjacent(nxt - 1) and sent.free_cap(nxt) \
                        and toks[nxt].text in self.gaz.org_heads and not self._lookup(sent, nxt) \
                        and not self._title_length(sent, nxt):  # "White House Press Secretary X"
                    sent.add(_Mention(i, nxt + 1, "ORG"))  # "BBC News", "Reuters Group"
                    i = nxt + 1
                    continue
                if entry.label == "ORG" and i > 0 and not sent.taken[i - 1] and sent.adjacent(i - 1) \
                        and toks[i - 1].text in self.gaz.org_openers and not self._lookup(sent, i - 1):
                    sent.add(_Mention(i - 1, nxt, "ORG"))  # "National Security Council", not the UN's
                    i = nxt
                    continue
                if entry.label == "PERSON" and length == 1 and self._other_person(sent, i):
                    i += 1  # "Bashir Gemayel", "Saif Gaddafi": another person than the one listed
                    continue
                sent.add(_Mention(i, i + length, entry.label, entry.canonical, known=True))
                i += length
                continue
            i += 1

    def _after_given_name(self, sent: _Sentence, i: int) -> bool:
        toks = sent.tokens
        return i > 0 and sent.adjacent(i - 1) and toks[i - 1].text in self.gaz.given_names and not sent.taken[i - 1]

    def _name_after(self, sent: _Sentence, k: int) -> bool:
        """True when a capitalised word that can be a name follows a title at token k."""
        toks = sent.tokens
        return k < len(toks) and (toks[k].is_cap or toks[k].text.lower() in STANDALONE_PARTICLES) \
            and (toks[k].text,) not in self.gaz.titles

    def _club(self, sent: _Sentence, i: int, length: int) -> bool:
        """Add a sports club named by the place at token i ("Real Madrid", "Manchester United");
        False when the words around the place make no club's name."""
        toks = sent.tokens
        gaz = self.gaz
        start, end = i, i + length
        if i > 0 and not sent.taken[i - 1] and sent.adjacent(i - 1) and toks[i - 1].text in gaz.club_starts:
            start = i - 1
        if end < len(toks) and sent.adjacent(end - 1) and toks[end].text in gaz.club_ends and not sent.taken[end]:
            end += 1
        if (start, end) == (i, i + length):
            return False
        sent.add(_Mention(start, end, "ORG", club=True))
        return True

    def _org_after_place(self, sent: _Sentence, k: int) -> int | None:
        """The end of an organisation name that runs on from a place at token k: capitalised
        words ending in an organisation word, or an organisation word and "of" ("Institute of
        Technology"). None when the words after the place make no such name."""
        toks = sent.tokens
        gaz = self.gaz
        j = k
        while j < len(toks) and j - k < 5 and sent.adjacent(j - 1) and (
                (toks[j].is_cap and toks[j].is_word and not toks[j].is_acronym and toks[j].text not in gaz.not_entities)
                or (toks[j].text == "&" and j > k and sent.free_cap(j + 1))):
            if toks[j].text in gaz.org_starts and j + 2 < len(toks) and toks[j + 1].text in ("of", "for") \
                    and sent.adjacent(j) and sent.adjacent(j + 1) and toks[j + 2].is_cap and toks[j + 2].is_word:
                end = j + 3
                while end < len(toks) and end - j < 5 and sent.adjacent(end - 1) and toks[end].is_cap \
                        and toks[end].is_word:
                    end += 1
                return end
            j += 1
        if j > k and toks[j - 1].text in gaz.org_heads and not self._lookup(sent, k):
            return _past_abbreviation_period(toks, j)  # "Pacific Gas & Electric Co."
        return None

    def _lookup_longer(self, sent: _Sentence, i: int, length: int) -> bool:
        found = self._lookup(sent, i)
        return bool(found and found[0] > length)

    def _common(self, word: str) -> bool:
        """A common word, or a compound of common words ("Lesser-known", "Long-term")."""
        lower = word.lower()
        return lower in self.gaz.common_words or (len(word) == 1 and word.isalpha()) or (
            "-" in lower and all(part in self.gaz.common_words for part in lower.split("-")))

    def _plain_word(self, word: str, common_ok: bool = False) -> bool:
        """A capitalised word that is no known name, title or name part: an unknown name's word
        (with `common_ok`, it may also be an English word: "Swift")."""
        gaz = self.gaz
        return ((common_ok or word.lower() not in gaz.common_words) and word not in gaz.not_entities
                and word not in gaz.generic_words and (word,) not in gaz.titles and word not in gaz.org_heads
                and word not in gaz.place_ends and name_key([word]) not in gaz.names)

    def _unknown_before(self, sent: _Sentence, i: int) -> bool:
        """True when an unknown capitalised word runs into the one-word place at i ("Lok Sabha")."""
        toks = sent.tokens
        k = i - 1
        if k < 0 or sent.taken[k] or not toks[k].is_cap or not toks[k].is_word or not sent.adjacent(k):
            return False
        return self._plain_word(toks[k].text) and not toks[k].is_acronym

    def _plural_after(self, sent: _Sentence, k: int) -> bool:
        """True when token k is a capitalised plural of a common noun ("Motors", "Mills")."""
        toks = sent.tokens
        if k >= len(toks) or not sent.adjacent(k - 1) or not toks[k].is_cap:
            return False
        word = toks[k].text
        return (len(word) > 3 and word.endswith("s") and word.lower() in self.gaz.common_words
                and word[:-1].lower() in self.gaz.common_words and not self._lookup(sent, k))

    def _other_person(self, sent: _Sentence, i: int) -> bool:
        """True when a one-word name of a listed person ("Bashir", "Gaddafi") stands next to
        another name word, so that it belongs to someone else's full name."""
        return self._after_given_name(sent, i) or self._person_after_place(sent, i)

    def _given_place_before_name(self, sent: _Sentence, i: int) -> bool:
        """True for "Taylor Swift": a place that is also a common given name, then a capitalised
        word that is no place, organisation or title word, though it may be an English word."""
        toks = sent.tokens
        gaz = self.gaz
        if toks[i].text not in gaz.place_given_names or i + 1 >= len(toks) or not sent.adjacent(i):
            return False
        after = toks[i + 1]
        return after.is_cap and after.is_word and not after.is_acronym and self._plain_word(after.text, common_ok=True)

    def _person_after_place(self, sent: _Sentence, i: int) -> bool:
        """True when a one-word place is really a given name: followed by an unknown surname."""
        toks = sent.tokens
        if i + 1 >= len(toks) or not sent.adjacent(i) or not toks[i + 1].is_cap or not toks[i + 1].is_word:
            return False
        return self._plain_word(toks[i + 1].text) and not toks[i + 1].is_acronym

    # -- pass 2: unknown capitalised runs -----------------------------------------------------

    def _runs(self, sent: _Sentence) -> list[tuple[int, int]]:
        """Return maximal runs of free capitalised tokens (with inner name particles)."""
        toks = sent.tokens
        runs = []
        i = 0
        while i < len(toks):
            starts_particle = (toks[i].text.lower() in STANDALONE_PARTICLES and not sent.taken[i]
                               and sent.free_cap(i + 1) and sent.adjacent(i))
            if not (sent.free_cap(i) and toks[i].is_word) and not starts_particle:
                i += 1
                continue
            if i > 0 and toks[i - 1].text in ("#", "/", "@", ".") and toks[i - 1].end == toks[i].start:
                i += 1  # "#MethWeAreOnIt", "t.co/Nc0nKoX", "onmeth.com": a tag, a link, no name
                continue
            j = i + 1
            org_run = False
            while j < len(toks) and j - i < _MAX_RUN and sent.adjacent(j - 1):
                word = toks[j].text
                if org_run and sent.taken[j]:
                    self._release_known(sent, j)  # "University of Southern California"
                if sent.free_cap(j) and toks[j].is_word:
                    j += 1
                elif word == "." and _initial(toks[j - 1].text) and toks[j].start == toks[j - 1].end \
                        and sent.free_cap(j + 1) and toks[j + 1].is_word and sent.adjacent(j):
                    j += 2  # "Charles E. Schumer", "St. Louis", "George H. W. Bush"
                elif _joined(toks, j) and j + 1 < len(toks) and not sent.taken[j + 1] and toks[j + 1].is_word \
                        and toks[j + 1].start == toks[j].end and word == "-":
                    j += 2  # "Kim Jong-un", "Cheng Chung-tai"
                elif word.lower() in STANDALONE_PARTICLES and sent.free_cap(j + 1) and sent.adjacent(j):
                    j += 2
                elif word.lower() in STANDALONE_PARTICLES and j + 2 < len(toks) \
                        and toks[j + 1].text.lower() in STANDALONE_PARTICLES and sent.adjacent(j) \
                        and sent.adjacent(j + 1) and sent.free_cap(j + 2):
                    j += 3  # "Botic van de Zandschulp", "Ursula von der Leyen"
                elif word == "&" and sent.free_cap(j + 1) and toks[j + 1].is_word and sent.adjacent(j) \
                        and not _cited_year_after(toks, j + 2):
                    j += 2  # "Procter & Gamble", "Pacific Gas & Electric" (not "Dye & Bavelier, 2010")
                elif word in _POSSESSIVES and toks[j - 1].text in self.gaz.collective_possessors \
                        and toks[j].start == toks[j - 1].end and sent.free_cap(j + 1) and sent.adjacent(j):
                    j += 2  # "People's Liberation Army", "Women's Tennis Association"
                elif word in ("of", "for", "on") and sent.adjacent(j) and not (
                        word == "on" and j + 1 < len(toks) and _calendar_word(toks[j + 1].text)) and (
                        toks[j - 1].text in self.gaz.org_starts or toks[j - 1].text in self.gaz.org_heads
                        or (word == "of" and toks[j - 1].text in self.gaz.state_starts)
                        or (org_run and word != "on")):
                    # "Ministry of Defence", "Organization of [American] States": the name runs on
                    # through "of" (and "the"), even over a demonym or place known on its own, and
                    # on through a second "of" once it has passed one ("Joint Council for the
                    # Welfare of Immigrants", "Office for the Coordination of Humanitarian Affairs").
                    k = j + 2 if j + 1 < len(toks) and toks[j + 1].text == "the" else j + 1
                    self._release_known(sent, k, organisations=True)
                    if not sent.free_cap(k):
                        break
                    j = k + 1
                    org_run = True
                else:
                    break
            j = _past_abbreviation_period(toks, min(j, len(toks)))  # "Ferdinand Marcos Jr."
            runs.extend(self._split_at_given_name(toks, i, j))
            i = j
        return runs

    def _release_known(self, sent: _Sentence, k: int, organisations: bool = False) -> None:
        """Free token k (and the rest of its name) when a demonym or place took it, so that it can
        belong to the organisation name around it; with `organisations`, an organisation's name
        too ("Council of the [European Union]" is a body of its own)."""
        labels = ("NORP", "GPE", "LOC", "ORG") if organisations else ("NORP", "GPE", "LOC")
        for m in sent.mentions:
            if m.start == k and m.label in labels:
                sent.mentions.remove(m)
                for t in range(m.start, m.end):
                    sent.taken[t] = False
                return

    def _split_at_given_name(self, toks: list[Token], i: int, j: int) -> list[tuple[int, int]]:
        """Split "National Security Adviser Eduardo Ano" before the given name that starts a person."""
        if toks[j - 1].text in self.gaz.org_heads or toks[j - 1].text in self.gaz.place_ends:
            return [(i, j)]  # "Second Thomas Shoal" is one name
        for k in range(i + 1, j - 1):
            if any(t.text.lower() not in self.gaz.common_words for t in toks[i:k]):
                break  # "Chad Michael Murray", "Teddie Eleanor Rose Goode": given names, not a role
            if toks[k].text in self.gaz.given_names and toks[k - 1].text not in self.gaz.given_names \
                    and toks[k - 1].text not in STANDALONE_PARTICLES:
                return [(i, k), (k, j)]
        return [(i, j)]

    def _cue_before(self, sent: _Sentence, i: int, kind: str) -> bool:
        toks = sent.tokens
        for length in (2, 1):
            if i - length >= 0:
                key = name_key([t.text for t in toks[i - length:i]])
                if key in self.gaz.cues.get(kind, ()):
                    return True
            if i - length - 1 >= 0 and toks[i - length - 1].text.lower() == "the":
                continue
        return False

    def _cue_after(self, sent: _Sentence, end: int, kind: str) -> bool:
        toks = sent.tokens
        return end < len(toks) and (toks[end].text.lower(),) in self.gaz.cues.get(kind, ())

    def _org_apposition(self, sent: _Sentence, end: int) -> bool:
        """True for a name followed by ", the state copper company" or ", a Dutch lender": an
        apposition whose head noun names a kind of organisation."""
        toks = sent.tokens
        if end + 2 >= len(toks) or toks[end].text != "," or toks[end + 1].text.lower() not in ("the", "a", "an"):
            return False
        heads = self.gaz.cues.get("org_apposition", set())
        for k in range(end + 2, min(end + 6, len(toks))):
            word = toks[k].text
            if (word.lower(),) in heads:
                # "the agency's commissioner-general" is a person's apposition, not the agency's
                return k + 1 >= len(toks) or toks[k + 1].text not in ("'s", "’s", "'", "’")
            if not toks[k].is_word or (word[:1].isupper() and k > end + 2 and not toks[k].is_cap):
                return False
        return False

    def _said_around(self, sent: _Sentence, start: int, end: int) -> bool:
        toks = sent.tokens
        verbs = self.gaz.cues.get("person_after", set())
        if end < len(toks) and (toks[end].text.lower(),) in verbs:
            return True
        if end + 1 < len(toks) and toks[end].text == "," and (toks[end + 1].text.lower(),) in verbs:
            return False  # ", said" after a name is an apposition more often than not
        if start >= 1 and (toks[start - 1].text.lower(),) in verbs:
            # 'said X.' or 'said X,' at the end of a quote attribution
            return end >= len(toks) or toks[end].text in (".", ",", ";")
        return False

    def _classify(self, sent: _Sentence, start: int, end: int, sentence_initial: bool) -> _Mention | None:
        words = sent.words(start, end)
        gaz = self.gaz
        # Leading and trailing words that are never part of a name ("The", "But", "Earlier").
        while words and words[0] in gaz.not_entities:
            start, words = start + 1, words[1:]
            sentence_initial = False
        toks = sent.tokens
        while words and (words[-1] in gaz.not_entities or (
                end < len(toks) and toks[end].text == ":" and (words[-1].lower(),) in gaz.cues.get("credit_label", ()))):
            end, words = end - 1, words[:-1]
        if words and end + 1 < len(toks) and toks[end].text == "(" and toks[end + 1].text == "@" \
                and not any(w in gaz.generic_words for w in words):
            return _Mention(start, end, "PERSON", guess=True)  # "— Dele (@dele_official)": a post's author
        if not words or sent.heading:
            return None
        if sentence_initial and len(words) in (3, 4) and words[0].lower() in gaz.common_words \
                and words[0] not in gaz.given_names and words[-1].lower() not in gaz.common_words \
                and not any(w in gaz.org_heads or w in gaz.place_ends for w in words):
            # "Investigator Mats Ekholm said": a role word opening the sentence, then the name
            start, words, sentence_initial = start + 1, words[1:], False
        n = len(words)
        last, first = (words[-2] if n > 1 and words[-1] == "." else words[-1]), words[0]  # "… Inc."
        generic = any(w in gaz.generic_words for w in words)
        after_the = start > 0 and toks[start - 1].text.lower() == "the"
        ordinary = all(self._common(w) for w in words if w not in ("-", "."))
        if n == 2 and len(last) == 1 and self._common(first):
            return None  # "Group C", "Plan B": a common word and its letter
        if last in gaz.non_entity_heads or (ordinary and not toks[end - 1].is_cap):
            return None  # "Lesser-known", "Long-term": a capitalised compound of common words
        if n >= 2 and last in gaz.state_ends:
            return _Mention(start, end, "GPE")  # "Ottoman Empire", "Abbasid Caliphate"
        if n >= 3 and first in gaz.state_starts and words[1] == "of":
            return _Mention(start, end, "GPE")  # "Kingdom of Tonga", "Sultanate of Oman"
        if n >= 2 and (last in gaz.org_heads or "&" in words):
            return _Mention(start, end, "ORG")  # "… Commission", "Marks & Spencer": a firm's "&"
        if n >= 3 and any((words[k] in gaz.org_starts or words[k] in gaz.org_heads) and words[k + 1] in ("of", "for")
                          for k in range(n - 1)):
            return _Mention(start, end, "ORG")  # "Ministry of Defence", "Workers' Party of Korea"
        if n >= 2 and (name_key(words[:1]) in gaz.place_starts or last in gaz.place_ends):
            return _Mention(start, end, "LOC")
        if n >= 2 and first in gaz.org_openers and not (self._common(first) and self._common(last)):
            return _Mention(start, end, "ORG")  # "Banco Santander", "Grupo Bimbo" (not "Free Speech")
        if start in sent.title_before:
            return _Mention(start, end, "PERSON")
        if self._cue_after(sent, end, "org_after") or (words[0] not in gaz.given_names and self._org_apposition(sent, end)):
            return _Mention(start, end, "ORG")
        if self._cue_after(sent, end, "place_after"):
            return _Mention(start, end, "LOC")
        if self._cue_before(sent, start, "place_before"):
            return _Mention(start, end, _PLACE_LABEL)
        if self._cue_before(sent, start, "org_before") or self._cue_before(sent, start, "org_apposition"):
            return _Mention(start, end, "ORG")
        if n >= 2 and (first in gaz.given_names or first in gaz.place_given_names) and not generic:
            return _Mention(start, end, "PERSON")
        if n >= 2 and first in gaz.club_starts:
            return _Mention(start, end, "ORG", club=True)  # "Inter Milan", "Sporting Braga"
        if n == 1 and first in gaz.given_names and first.lower() not in gaz.common_words:
            # "Jeff", "Isabel": a given name used alone (a guess: "Chelsea" is also a club)
            return _Mention(start, end, "PERSON", guess=True)
        if all(w in _LEGAL_SUFFIXES or w == "." for w in words):
            return None  # "Dräger, Inc.": the legal form after a comma is no name of its own
        if n == 1 and toks[start].is_acronym and any(ch.isdigit() for ch in first):
            return None  # "T3", "M62", "A1": a terminal's, a road's or a form's code, no organisation
        if n == 1 and toks[start].is_acronym and not generic:
            if len(first) >= 3 and first.lower() in gaz.common_words:
                return None  # "ALL of the people", "a HUGE collector": a word in capitals for stress
            return _Mention(start, end, "ORG")
        if n >= 2 and _INITIALS.fullmatch(words[-2]) and not toks[end - 1].is_acronym \
                and name_key([words[-2]]) not in gaz.names and all(self._common(w) for w in words[:-2]):
            # "P.J. Fleck", "Coach J.R. Smith": initials and a surname (a role word before them)
            return _Mention(end - 2, end, "PERSON")
        if generic or (n >= 2 and toks[start].is_acronym):
            return None
        if n <= 3 and not ordinary and self._said_around(sent, start, end) and not sentence_initial:
            return _Mention(start, end, "PERSON", guess=True)  # companies say things too
        if self._cue_before(sent, start, "place_prep") and not ordinary and (n >= 2 or not sentence_initial):
            return _Mention(start, end, _PLACE_LABEL, weak=True)
        if n == 1 and after_the and not sentence_initial and self._plural_after(sent, start) \
                and first not in gaz.given_names and not _quote_closes(toks, end):
            return _Mention(start, end, "ORG", guess=True)  # "the Chargers", "the Chiefs": a team
        if n == 1 and _CAMEL.search(first) and not _SURNAME_PREFIX.match(first):
            return _Mention(start, end, "ORG")  # "OpenAI", "YouTube", "PayPal": a brand, not a person
        if 2 <= n <= 4 and not sentence_initial:
            if after_the:
                return _Mention(start, end, "ORG")
            if ordinary:
                return None  # "Tax Code", "Card Tricks": capitalised common words, no name
            return _Mention(start, end, "PERSON", guess=True)
        if sentence_initial and 2 <= n <= 7:
            whole = " ".join(words).replace(" - ", "-").split()  # "Cheuk Hau-yip": two words, not four
            if 2 <= len(whole) <= 3 and not any(w.lower() in gaz.common_words for w in whole):
                return _Mention(start, end, "PERSON", guess=True)
        return None

    # -- the whole article ----------------------------------------------------------------------

    def find(self, body: str, tokens: list[Token] | None = None,
             spans: list[tuple[int, int]] | None = None) -> list[Entity]:
        """Return the entity mentions of `body`, in text order, each with its canonical name.

        `tokens` and sentence `spans` may be passed when the caller has them already.
        """
        tokens = tokenize(body) if tokens is None else tokens
        spans = sentence_spans(body, tokens) if spans is None else spans
        sentences: list[_Sentence] = []
        t = 0
        for span in spans:
            sent_tokens = []
            while t < len(tokens) and tokens[t].start < span[1]:
                if tokens[t].start >= span[0]:
                    sent_tokens.append(tokens[t])
                t += 1
            if sent_tokens:
                sentences.append(_Sentence(sent_tokens, _is_heading(body, span)))
        for sent in sentences:
            self._known_and_titles(sent)
        for sent in sentences:
            first_word = next((k for k, tok in enumerate(sent.tokens) if tok.is_word), 0)
            for start, end in self._runs(sent):
                mention = self._classify(sent, start, end, sentence_initial=(start == first_word))
                if mention:
                    self._absorb_modifier(sent, mention)
                    sent.add(mention)
        terms: set[str] = set()
        for sent in sentences:
            self._cited_surnames(sent)
            terms |= defined_terms(sent.tokens)
        if terms:
            for sent in sentences:
                sent.mentions = [m for m in sent.mentions if m.known or m.end - m.start != 1
                                 or sent.tokens[m.start].text.replace(".", "").rstrip("s") not in terms]
        self._document_pass(sentences)
        return written_shapes(body, self._canonicalise(body, sentences), self.gaz)

    def _cited_surnames(self, sent: _Sentence) -> None:
        """Surnames in author citations are people, whatever the run rules made of them."""
        for start, end in citation_surnames(sent.tokens, self._plain_word):
            if sent.tokens[start].text in self.gaz.not_entities:
                continue
            inside = [m for m in sent.mentions if m.start < end and start < m.end]
            if any(m.start < start or m.end > end for m in inside):
                continue  # part of a longer name: "Open Science Collaboration, 2015"
            for m in inside:
                sent.mentions.remove(m)
            for k in range(start, end):
                sent.taken[k] = False
            sent.add(_Mention(start, end, "PERSON"))

    def _absorb_modifier(self, sent: _Sentence, mention: _Mention) -> None:
        """"Philippine Coast Guard": a demonym or place right before an organisation is part of it."""
        if mention.label != "ORG" or sent.tokens[mention.end - 1].text not in self.gaz.org_heads:
            return
        before = next((m for m in sent.mentions if m.end == mention.start and m.label in ("NORP", "GPE")), None)
        if before is not None and sent.adjacent(before.end - 1):
            sent.mentions.remove(before)
            mention.start = before.start

    def _expand_acronyms(self, sent: _Sentence) -> None:
        """"United Nations Relief and Works Agency for Palestine Refugees (UNRWA)": the words
        before an acronym in parentheses whose initials spell it make one organisation name."""
        toks = sent.tokens
        for i in range(1, len(toks) - 2):
            if toks[i].text != "(" or toks[i + 2].text != ")" or not toks[i + 1].is_acronym:
                continue
            letters = toks[i + 1].text.replace(".", "")
            if not 2 <= len(letters) <= 10:
                continue
            start = self._expansion_start(toks, i, letters)
            if start is None or i - start < 3:
                continue  # short expansions are found by the run rules already
            inside = [m for m in sent.mentions if start <= m.start < i]
            if any(m.end > i or m.label == "PERSON" for m in inside) or any(
                    m.start == start and m.end == i for m in inside):
                continue  # already one name ("United Arab Emirates (UAE)"), or a person's
            for m in inside:
                sent.mentions.remove(m)
            for t in range(start, i):
                sent.taken[t] = False
            sent.add(_Mention(start, i, "ORG"))

    @staticmethod
    def _expansion_start(toks: list[Token], paren: int, letters: str) -> int | None:
        """The first token of the shortest span before `paren` whose capitalised words' initials,
        read in order, contain `letters` and begin with its first letter; None if there is none."""
        connectors = {"of", "for", "and", "the", "on", "in", "de", "des", "du", "la", "&"}
        initials = ""
        for k in range(paren - 1, max(-1, paren - 13), -1):
            word = toks[k].text
            if word.lower() in connectors and k != paren - 1:
                continue
            if not toks[k].is_cap or not toks[k].is_word:
                return None
            initials = word[0].upper() + initials
            if word[0].upper() == letters[0].upper() and _subsequence(letters.upper(), initials):
                return k
        return None

    @staticmethod
    def _one_sense(sentences: list[_Sentence]) -> None:
        """A name is one thing throughout an article: where a clue labelled it once ("Dunmore
        Pratt shares", "the carrier Dunmore Pratt"), its other mentions, people only for want of
        a better guess, take that label."""
        clued: dict[tuple[str, ...], str] = {}
        for sent in sentences:
            for m in sent.mentions:
                # One word is clued only as an organisation ("Chelsea" in a list of clubs): a
                # one-word place beside a person's surname is the person's ("Valeska Paris").
                if not (m.guess or m.weak or m.known) and (m.end - m.start >= 2 or m.label == "ORG"):
                    words = tuple(sent.words(m.start, m.end))
                    clued.setdefault(words, m.label)
                    if m.label == "ORG" and len(words) >= 2 and words[-1] in _LEGAL_SUFFIXES:
                        # "Varnek Orbital Systems Inc" … "Varnek Orbital Systems": the name
                        # without its legal form (written with its period, "Inc." ends in ".")
                        bare = words[:-1]
                        clued.setdefault(bare[:-1] if bare[-1] in _LEGAL_SUFFIXES else bare, "ORG")
        if not clued:
            return
        for sent in sentences:
            for m in sent.mentions:
                if m.guess:
                    label = clued.get(tuple(sent.words(m.start, m.end)))
                    if label is not None and label != m.label:
                        m.label, m.guess = label, False

    @staticmethod
    def _products(sentences: list[_Sentence]) -> None:
        """"Ascom Unite Connect", "Dräger Infinity monitors": a name guessed to be a person that
        opens with an organisation the article names is that organisation's product; the
        organisation is named, the product (no entity) is not."""
        firms = {sent.tokens[m.start].text for sent in sentences for m in sent.mentions
                 if m.label == "ORG" and m.end - m.start == 1 and not m.guess}
        if not firms:
            return
        for sent in sentences:
            for m in sent.mentions:
                if m.guess and m.label == "PERSON" and m.end - m.start >= 2 and sent.tokens[m.start].text in firms:
                    for k in range(m.start + 1, m.end):
                        sent.taken[k] = True  # the product's words stay no name
                    m.end, m.label, m.guess = m.start + 1, "ORG", False

    def _document_pass(self, sentences: list[_Sentence]) -> None:
        """Acronyms defined in parentheses, and words that name entities found elsewhere."""
        acronyms: dict[str, tuple[str, str | None, str]] = {}
        known_words: dict[str, tuple[str, str | None]] = {}
        self._one_sense(sentences)
        self._products(sentences)
        for sent in sentences:
            self._expand_acronyms(sent)
        # "Socotra Island", "Hagghier Mountains": the name before a place word is that place.
        place_words = {sent.tokens[m.start].text for sent in sentences for m in sent.mentions
                       if m.label == "LOC" and m.end - m.start == 2 and sent.tokens[m.end - 1].text in self.gaz.place_ends
                       and sent.tokens[m.end - 1].text not in self.gaz.facility_ends}
        for sent in sentences:
            by_start = {m.start: m for m in sent.mentions}
            for m in sent.mentions:
                toks = sent.tokens
                if (m.end + 2 < len(toks) and toks[m.end].text == "(" and toks[m.end + 2].text == ")"
                        and toks[m.end + 1].is_acronym
                        and toks[m.end + 1].text[0].upper() == toks[m.start].text.lstrip("(")[0].upper()):
                    acr = toks[m.end + 1]
                    expansion = " ".join(sent.words(m.start, m.end))
                    acronyms[name_key([acr.text])[0]] = (m.label, m.canonical, expansion)
                    inner = by_start.get(m.end + 1)
                    if inner is not None:
                        sent.mentions.remove(inner)
                        for k in range(inner.start, inner.end):
                            sent.taken[k] = False
                if m.label == "PERSON":
                    # Any part of a person's name but a given name may stand alone later: "Lula";
                    # of a name that is a person only for want of a better guess, the surname.
                    for k in range(m.end - 1 if m.guess else m.start, m.end):
                        word = sent.tokens[k].text
                        if (k == m.end - 1 or word not in self.gaz.given_names) and word[:1].isupper() \
                                and not (m.guess and word in place_words):
                            known_words.setdefault(word, ("PERSON", None))
                if m.end - m.start == 1 and m.label in ("ORG", "GPE", "LOC", "NORP"):
                    known_words.setdefault(sent.tokens[m.start].text, (m.label, m.canonical))
                elif m.label == "ORG" and m.end - m.start >= 2 and not m.known and not m.club \
                        and _firm_word(sent.tokens[m.start].text) and self._plain_word(sent.tokens[m.start].text) \
                        and sent.tokens[m.start].text not in self.gaz.given_names \
                        and sent.tokens[m.start].text not in place_words:
                    # "Tyvak Nano-Satellite Systems Inc" … "Tyvak said": a firm by its own first word
                    known_words.setdefault(sent.tokens[m.start].text, ("ORG", None))
        for word in place_words:
            known_words.setdefault(word, ("LOC", None))
        # "FC Porto … Porto beat Benfica": in an article that names a club by its place, the
        # place alone is the club.
        club_places = {sent.tokens[k].text for sent in sentences for m in sent.mentions if m.club
                       for k in range(m.start, m.end)
                       if sent.tokens[k].text not in self.gaz.club_starts | self.gaz.club_ends}
        for sent in sentences:
            for m in sent.mentions:
                # "Valeska Paris … Paris said": the surname of a person the article names is that
                # person, though it also names a place.
                if (m.weak or m.label in ("GPE", "LOC")) and m.end - m.start == 1 \
                        and known_words.get(sent.tokens[m.start].text, ("",))[0] == "PERSON":
                    m.label, m.canonical, m.known = "PERSON", None, False
                elif m.label == "GPE" and m.end - m.start == 1 and sent.tokens[m.start].text in club_places \
                        and not self._cue_before(sent, m.start, "place_prep"):
                    m.label, m.canonical, m.known = "ORG", None, False  # but "in Madrid" is the city
            for i, tok in enumerate(sent.tokens):
                if (sent.taken[i] and i not in sent.idle_titles) or not tok.is_cap:
                    continue
                if i in sent.idle_titles:
                    # a title word alone is a person's surname only where the article names the person
                    if known_words.get(tok.text, ("",))[0] == "PERSON":
                        sent.add(_Mention(i, i + 1, "PERSON"))
                    continue
                key = name_key([tok.text])[0]
                if key in acronyms:
                    label, canonical, expansion = acronyms[key]
                    sent.add(_Mention(i, i + 1, label, canonical or expansion))
                elif tok.text in known_words and tok.text not in self.gaz.not_entities:
                    label, canonical = known_words[tok.text]
                    sent.add(_Mention(i, i + 1, label, canonical))
            self._coordinated(sent)
            for m in sent.mentions:
                if m.label == "ORG" and m.canonical is None and m.end - m.start == 1:
                    key = name_key([sent.tokens[m.start].text])[0]
                    if key in acronyms:
                        m.label, m.canonical = acronyms[key][0], acronyms[key][1] or acronyms[key][2]
        self._acronym_canonicals = {k: v[1] or v[2] for k, v in acronyms.items()}
        self._one_sense(sentences)  # again, with the organisations the lists above made

    def _coordinated(self, sent: _Sentence) -> None:
        """An unknown name in a list of organisations or places is one too: "TVN, Polsat and TVP";
        so is a given name alone there ("Porto, Chelsea and Real Madrid")."""
        toks = sent.tokens
        label_at = {k: m.label for m in sent.mentions for k in range(m.start, m.end)}
        for m in sent.mentions:
            if m.guess and m.label == "PERSON" and m.end - m.start == 1 and 1 < m.start < len(toks) - 2:
                left, right = _list_neighbours(toks, label_at, m.start, m.start, (",", "and", "or"))
                # both neighbours organisations, or the last of a list: "…, Porto and Chelsea."
                last_of_list = toks[m.start - 1].text in ("and", "or") and toks[m.start + 1].text in (".", ";", ")")
                if left == right == "ORG" or (left == "ORG" and last_of_list):
                    m.label, m.guess = "ORG", False
                    label_at[m.start] = "ORG"
        for i in range(1, len(toks) - 1):
            tok = toks[i]
            if sent.taken[i] or not tok.is_cap or not tok.is_word or tok.text in self.gaz.not_entities \
                    or tok.text in self.gaz.generic_words or tok.text in _LEGAL_SUFFIXES:
                continue
            if i + 1 < len(toks) and sent.free_cap(i + 1) and toks[i + 1].is_word and sent.adjacent(i):
                continue  # not the last word of its name
            first = i  # "Blue Origin, Sierra Nevada Corporation and SpaceX": the whole name
            while first > 1 and sent.free_cap(first - 1) and toks[first - 1].is_word and sent.adjacent(first - 1) \
                    and toks[first - 1].text not in self.gaz.not_entities:
                first -= 1
            left, right = _list_neighbours(toks, label_at, first, i, _LIST_SEPARATORS)
            label = left if left == right or right is None else (right if left is None else None)
            if label == "PERSON" and not (left == "PERSON" and (right == "PERSON" or toks[i + 1].text in (",", "and"))):
                label = None  # a person only inside a list of people: "Bob Marley, Drake, The Eagles"
            if label in ("ORG", "GPE", "LOC", "PERSON") and i - first < 3:
                sent.add(_Mention(first, i + 1, label))

    def _canonicalise(self, body: str, sentences: list[_Sentence]) -> list[Entity]:
        mentions: list[tuple[Token, Token, _Mention]] = []
        for sent in sentences:
            for m in sent.mentions:
                mentions.append((sent.tokens[m.start], sent.tokens[m.end - 1], m))
        mentions.sort(key=lambda x: x[0].start)
        # People: full names known in this article, by surname key.
        full_names: dict[str, list[str]] = {}
        for first, last, m in mentions:
            if m.label != "PERSON":
                continue
            text = body[first.start:last.end]
            canonical = m.canonical or self._person_canonical(text)
            m.canonical = canonical
            if len(canonical.split()) >= 2:
                full_names.setdefault(surname_key(canonical), [])
                if canonical not in full_names[surname_key(canonical)]:
                    full_names[surname_key(canonical)].append(canonical)
        entities: list[Entity] = []
        for first, last, m in mentions:
            text = body[first.start:last.end]
            canonical = m.canonical
            if m.label == "PERSON" and len(text.split()) == 1 and not m.known:
                candidates = full_names.get(surname_key(text), []) or [
                    name for names in full_names.values() for name in names
                    if fold(text) in fold(name).replace("-", " ").split()]
                if candidates:
                    canonical = candidates[0]
            if canonical is None:
                canonical = self._org_canonical(text)
            entities.append(Entity(text=text, label=m.label, start=first.start, end=last.end, canonical=canonical))
        return entities

    def _person_canonical(self, text: str) -> str:
        entry = self.gaz.names.get(text_key(text))
        if entry is not None and entry.label == "PERSON":
            return entry.canonical
        words = text.split()
        surname = self.gaz.names.get(text_key(words[-1]))
        if surname is not None and surname.label == "PERSON" and len(words) >= 2:
            # "Khalifa Hifter" -> "Khalifa Haftar" only when the given names agree.
            if _given(surname.canonical) == _given_of(words):
                return surname.canonical
        return " ".join(words)

    def _org_canonical(self, text: str) -> str:
        key = text_key(text)
        if len(key) == 1 and key[0] in getattr(self, "_acronym_canonicals", {}):
            return self._acronym_canonicals[key[0]]
        words = [w.replace(".", "") if w.replace(".", "").isupper() else w for w in text.split()]
        return " ".join(words)


_CAMEL = re.compile(r"[a-z][A-Z]")
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
_INITIALS = re.compile(r"(?:[A-Z]\.){2}")
_LIST_SEPARATORS = frozenset({",", "and", "or", "/"})
_CLOSING_QUOTES = frozenset({"”", '"', "’", "'"})  # "Takin' It to the Streets": a title's end, no team
_SURNAME_PREFIX = re.compile(r"^(Mc|Mac|O'|O’|De|Di|Da|La|Le|Van|Von|Du)[A-Z][a-z]+$")  # McCain, DiMaggio
_ABBREVIATED = {"St", "Mt", "Ft", "Pt"}  # "St. Louis", "Mt. Kenya"
_ABBREVIATED_ENDS = {"Jr", "Sr", "Co", "Inc", "Corp", "Ltd", "Bros"}  # their period is the name's
_LEGAL_SUFFIXES = frozenset({"Inc", "Corp", "Co", "Ltd", "LLC", "plc", "PLC", "AG", "SA", "NV", "GmbH"})


def _list_neighbours(toks: list[Token], label_at: dict[int, str], first: int, last: int,
                     separators: frozenset[str] | tuple[str, ...]) -> tuple[str | None, str | None]:
    """The labels of the names one separator before token `first` and after token `last`, in a
    list ("TVN, [Polsat] and TVP"); None on a side with no separator there."""
    left = label_at.get(first - 2) if toks[first - 1].text in separators else None
    right = label_at.get(last + 2) if toks[last + 1].text in separators else None
    return left, right


def _past_abbreviation_period(toks: list[Token], j: int) -> int:
    """The end of a name that ends at token j, past the period of an abbreviation that closes it
    ("Jr.", "Co."): that period is the name's, not the sentence's."""
    if toks[j - 1].text in _ABBREVIATED_ENDS and j < len(toks) and toks[j].text == "." \
            and toks[j].start == toks[j - 1].end:
        return j + 1
    return j


def _quote_closes(toks: list[Token], k: int) -> bool:
    """True when a closing quotation mark comes at token k, or after a period or comma there."""
    k += 1 if k < len(toks) and toks[k].text in (".", ",", "!", "?") else 0
    return k < len(toks) and toks[k].text in _CLOSING_QUOTES


def _calendar_word(word: str) -> bool:
    """A month's or a weekday's name: "Center on July 22" is a date after a name, no "X on Y" name."""
    return word[:1].isupper() and (month_number(word) is not None or word.lower()[:3] in WEEKDAYS)


def _firm_word(word: str) -> bool:
    """A word that can name a firm alone: "Tyvak", "Take-Two", not "L" or "BooleanPolygonConstraint"."""
    parts = word.split("-")
    return len(word) >= 3 and all(p[:1].isupper() and p[1:].isalpha() and p[1:].islower() for p in parts)


def _cited_year_after(toks: list[Token], k: int) -> bool:
    """True when token k starts a citation's year: "… & Bavelier, 2010", "… & Turano 2011"."""
    k += 1 if k < len(toks) and toks[k].text == "," else 0
    return k < len(toks) and toks[k].text[:4].isdigit() and len(toks[k].text) >= 4


def _initial(word: str) -> bool:
    """A one-letter initial ("E" of "Charles E. Schumer") or a place-name abbreviation ("St")."""
    return (len(word) == 1 and word.isupper()) or word in _ABBREVIATED


def _joined(toks: list[Token], k: int) -> bool:
    """Token k is a "." or "-" written against the words on both sides of it ("St.", "Jong-un")."""
    return (0 < k < len(toks) - 1 and toks[k].text in (".", "-") and toks[k].start == toks[k - 1].end
            and (toks[k].text == "." or toks[k + 1].start == toks[k].end))


def _subsequence(needle: str, haystack: str) -> bool:
    """True when the letters of `needle` appear in `haystack` in order."""
    rest = iter(haystack)
    return all(ch in rest for ch in needle)


def _given(canonical: str) -> str:
    return _given_of(canonical.split())


def _given_of(words: list[str]) -> str:
    return fold(" ".join(words[:-1]))


def fold(text: str) -> str:
    """Return `text` lower-cased without diacritics (for comparing spellings)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def surname_key(name: str) -> str:
    """Return the comparable surname of a person's name: last word, without "al-" and accents."""
    last = fold(name.split()[-1])
    for particle in ("al-", "el-", "ad-", "as-", "ash-", "at-", "az-"):
        if last.startswith(particle):
            last = last[len(particle):]
    return last


_RECOGNISER: Recogniser | None = None


def find_entities(body: str, tokens: list[Token] | None = None,
                  spans: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Return the entity mentions of a cleaned body (see `Recogniser.find`)."""
    global _RECOGNISER
    if _RECOGNISER is None:
        _RECOGNISER = Recogniser()
    return _RECOGNISER.find(body, tokens, spans)
