"""An entity's own timeline: the events it takes part in, from the sentences that mention it.

A sentence mentions the entity when one of its entity mentions shares the entity's canonical name
(any alias, a surname standing for the full name, an acronym the article defines), or when it
writes the name itself (products and other names the recogniser does not label). Each such
sentence is one entry, dated by the date expressions it holds; a sentence with none takes the
date its context gives, marked as inferred: the last date of the sentences before it in the same
paragraph, else the article's publication date when the sentence reports something done (a verb
in the past tense). A sentence with neither is left out: an event with no date has no place on a
timeline.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..extract.dates import past_form, past_verbs
from ..extract.gazetteer import text_key
from ..extract.models import Article, Entity, TimelineEntry
from ..extract.timeline import _GRANULARITY, period
from ..extract.tokens import sentence_spans

_LEDE_SENTENCES = 3  # the first sentences of a report say when what it tells happened
_REPORT_DAYS = 7
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class EntityEntry:
    """One dated sentence of the entity: `body[start:end] == text` (the date expression, or the
    entity's mention when the date is inferred)."""

    value: str
    mod: str | None
    text: str
    start: int
    end: int
    sentence: str
    inferred: bool


def reports_the_past(sentence: str) -> bool:
    """True when the sentence tells of something done at the time of the report: a verb in the
    past tense (a regular -ed form after the first word, or a common irregular one) before any
    "will"/"would" (what a report says is to come), and no "had done"."""
    return _report_shape(sentence)[0] is not None


def _report_shape(sentence: str) -> tuple[int | None, int | None]:
    """Where in `sentence` its first verb in the past tense starts (None when it reports no past
    act), and where the first "will"/"would" after it starts (None when nothing is to come)."""
    verbs = past_verbs()
    found = list(_WORD.finditer(sentence))
    lowered = [m[0].lower() for m in found]
    future = next((i for i, w in enumerate(lowered) if w in ("will", "would")), len(found))
    # "He announced that Macs will use Intel chips": the announcing was done, what it told of is
    # to come; "Apple will open a store" is no report of the past.
    # "had extended", "had been": before the report, on a day it does not give.
    if any(w == "had" and i + 1 < future and (lowered[i + 1].endswith(("ed", "en")) or lowered[i + 1] == "been")
           for i, w in enumerate(lowered[:future])):
        return None, None
    # A capitalised word ending in -ed is a name ("United"), not a verb; the first word may be either.
    # After "is", "can be" or "to" an -ed form is a present or infinitive passive ("is made",
    # "can be stored"), and after a noun's "which"/"that" it tells of the noun, not of the report.
    for i in range(future):
        w = found[i][0]
        if past_form(w) and (w in verbs or (i > 0 and w.islower())) \
                and (i == 0 or lowered[i - 1] not in _NOT_PAST_AFTER):
            return found[i].start(), found[future].start() if future < len(found) else None
    return None, None


_NOT_PAST_AFTER = frozenset({"be", "being", "is", "are", "am", "to", "which", "that", "who"})


_ENTITY_QUERY = re.compile(r'^\s*(?:person|people|org|organisation|organization|place|gpe|loc|norp):'
                           r'(?:"([^"]+)"|(\S+))\s*$', re.IGNORECASE)


def entity_of_query(text: str) -> str | None:
    """The entity a query asks for alone (`person:"Khalifa Haftar"`, `org:NATO`), or None."""
    found = _ENTITY_QUERY.match(text or "")
    return (found[1] or found[2]) if found else None


def acronym(name: str) -> str:
    """"Federal Aviation Administration" -> "FAA" (capitalised words only); "" for one word."""
    words = [w for w in name.split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def name_forms(name: str) -> list[str]:
    """The ways an article may write `name`: itself, and its endings of two words or more
    ("Beatles Apple Corps" is written "Apple Corps")."""
    words = name.split()
    return [" ".join(words[i:]) for i in range(0, max(1, len(words) - 1))]


def _mentions(body: str, entities: list[Entity], name: str) -> list[tuple[int, int]]:
    """The spans of `body` that stand for the entity called `name`, in order."""
    keys = {text_key(form) for form in name_forms(name)}
    short = acronym(name)
    canonicals = {e.canonical for e in entities if text_key(e.canonical) in keys or text_key(e.text) in keys}
    spans = [(e.start, e.end) for e in entities
             if e.canonical in canonicals or (short and e.text == short)]
    # The name as written, where the recogniser labels nothing (products, works, unknown names).
    for form in name_forms(name):
        # Not when a capitalised word follows: "iPod Touch" is another name than "iPod".
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, form.split())) + r"(?!\w)(?!(?-i: [A-Z]))",
                             re.IGNORECASE)
        spans += [m.span() for m in pattern.finditer(body)]
    return sorted(set(spans))


def entity_entries(article: Article, extraction, name: str) -> list[EntityEntry]:
    """The dated sentences of `article` that mention the entity called `name`, from its
    `pipeline.extract` result."""
    body = article.body
    mentions = _mentions(body, extraction.entities, name)
    if not mentions:
        return []
    sentences = sentence_spans(body)
    starts = [s for s, _ in sentences]
    dates_in: dict[int, list[TimelineEntry]] = {}
    for entry in extraction.timeline:
        dates_in.setdefault(bisect_right(starts, entry.start) - 1, []).append(entry)
    told: dict[int, tuple[int, int]] = {}  # sentence -> the span that stands for the entity there
    for span in mentions:
        index = bisect_right(starts, span[0]) - 1
        if index >= 0:
            told.setdefault(index, span)
    _add_pronoun_sentences(body, sentences, told, extraction.entities, mentions)
    report_day = _report_day(article, sentences, dates_in)
    entries: list[EntityEntry] = []
    for index in sorted(told):
        start, end = told[index]
        s_start, s_end = sentences[index]
        sentence = body[s_start:s_end]
        own = _finest(dates_in.get(index, []))
        past, future = _report_shape(sentence)
        if own and future is not None and start - s_start < past and all(d.start - s_start > future for d in own):
            # "Jobs announced that Leopard would ship in 2007": 2007 is the date of what is to
            # come; Jobs's own act, the announcing, is on the day the context gives.
            own = []
        if own:
            # Of several, the one nearest the entity: "in 1998 Apple introduced the iMac, in 2001
            # the iPod" dates the iPod by 2001.
            d = min(own, key=lambda d: abs(d.start - start) if d.start > start else abs(start - d.end))
            entries.append(EntityEntry(d.value, d.mod, d.text, d.start, d.end, sentence, False))
            continue
        context = _paragraph_date(body, sentences, dates_in, index)
        if context is not None:
            entries.append(EntityEntry(context.value, context.mod, body[start:end], start, end, sentence, True))
        elif report_day and past is not None:  # the sentence reports the past (`reports_the_past`)
            entries.append(EntityEntry(report_day, None, body[start:end], start, end, sentence, True))
    return entries


def _report_day(article: Article, sentences, dates_in) -> str | None:
    """The day a report tells of: a day in the week before publication that its first sentences
    name ("Yesterday, at the conference, …"), else the publication day (a dateline names it too)."""
    if article.published is None:
        return None
    for index in range(min(_LEDE_SENTENCES, len(sentences))):
        for entry in dates_in.get(index, []):
            span = period(entry.value)
            if span and span[2] == "day" and 0 < (article.published - span[0]).days <= _REPORT_DAYS:
                return entry.value
    return article.published.isoformat()


_PERSON_PRONOUNS = re.compile(r"(He|She|His|Her)\b")
_THING_PRONOUNS = re.compile(r"(It|Its|The (company|firm|group|organisation|organization))\b")


def _pronouns(entities: list[Entity], mentions: list[tuple[int, int]]) -> tuple[re.Pattern[str], set[str]]:
    """The pronouns that may stand for the entity, and the labels of the names that compete."""
    spans = set(mentions)
    if any(e.label == "PERSON" and (e.start, e.end) in spans for e in entities):
        return _PERSON_PRONOUNS, {"PERSON"}
    return _THING_PRONOUNS, {"ORG"}


def _add_pronoun_sentences(body: str, sentences, told: dict[int, tuple[int, int]], entities: list[Entity],
                           mentions: list[tuple[int, int]]) -> None:
    """A sentence that opens with a pronoun ("He started Apple in 1976") right after one that
    tells of the entity tells of it too, when the entity is the first name of its kind there
    ("…in Jobs' place while the CEO…" then "He received…" is about someone else)."""
    pronoun, labels = _pronouns(entities, mentions)
    ours = set(mentions)
    for index in range(1, len(sentences)):
        if index in told or index - 1 not in told:
            continue
        start, end = sentences[index]
        found = pronoun.match(body, start, end)
        if not found:
            continue
        before_start, before_end = sentences[index - 1]
        rivals = [e for e in entities if before_start <= e.start < before_end and e.label in labels]
        if rivals and (rivals[0].start, rivals[0].end) not in ours:
            continue
        told[index] = found.span(1)


def _finest(dates: list[TimelineEntry]) -> list[TimelineEntry]:
    """The most precise of a sentence's dates ("Yesterday, at this year's conference, …" is
    dated by "Yesterday"): the event the sentence tells is one its finest dates place."""
    spans = [(d, period(d.value)) for d in dates]
    spans = [(d, p) for d, p in spans if p]
    if not spans:
        return []
    finest = min(_GRANULARITY[p[2]] for _, p in spans)
    return [d for d, p in spans if _GRANULARITY[p[2]] == finest]


def _paragraph_date(body: str, sentences, dates_in, index: int) -> TimelineEntry | None:
    """The last date of the sentences before sentence `index` in its paragraph, or None."""
    # Measured: looking back past the paragraph (one to three sentences) lost recall and precision.
    i = index - 1
    while i >= 0 and "\n\n" not in body[sentences[i][1]:sentences[i + 1][0]]:
        found = dates_in.get(i)
        if found:
            return found[-1]
        i -= 1
    return None
