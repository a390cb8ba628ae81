"""Temporal expressions in a cleaned body, resolved to TIMEX3-style values.

`find_dates(body, published)` returns the timeline entries of an article: each date expression
that places an event, resolved to `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYY-Www` or `YYYY-Www-WE`,
with a modifier (START, MID, END) kept apart, and the sentence that holds it.

How news is read: relative expressions resolve against the publication date; a bare weekday or
month is the most recent one on or before it unless the sentence points forward; "a day earlier"
and "ten days later" resolve against the last date mentioned; without a publication date the year
carries forward from the last explicit date. What cannot be resolved stays off the timeline.
Durations ("three days of shelling"), sets ("every Monday") and vague spans ("in recent years")
are never entries. The scanner is a fixed list of patterns, linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from .datewords import MONTH_RE, WEEKDAY_RE, WEEKDAYS, month_number
from .models import TimelineEntry
from .resources import data_lines
from .tokens import sentence_spans

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None}
_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
_MOD_WORDS = {"early": "START", "beginning": "START", "start": "START", "mid": "MID", "middle": "MID",
              "late": "END", "end": "END"}
_MOD = r"(?:(?P<mod>early|mid|late|the\s+(?:beginning|start|middle|end)\s+of)[\s-]+)"
_WD = rf"(?P<wd>{WEEKDAY_RE})"
_M = rf"(?P<month>{MONTH_RE})\.?"
_Y = r"(?P<year>(?:1[89]|20)\d{2})"
# With a month or a day beside it, a year from 1000 on is a date ("8 February 1700"); alone, a
# number before 1800 is more often a count ("1500 troops"), and is a year only after a preposition.
_Y_DATED = r"(?P<year>(?:1\d|20)\d{2})"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# A month alone counts only after one of these words (else "May" and "March" are verbs). The word
# is context, not part of the expression: a lookbehind, so that "on April 4" starts at "April".
_PREPS = ("in", "since", "by", "until", "till", "during", "from", "of", "last", "this", "next", "on", "before",
          "after", "through")
_PREP_BEFORE = "(?:" + "|".join(rf"(?<=\b{p} )" for p in _PREPS) + ")"

# Lower-case words that may follow "on the 10th" where it is a day: the clause goes on. Any other
# lower-case word makes the ordinal a noun's ("on the 10th floor", "on the 3rd attempt").
_CLAUSE_WORDS = ("(?:of|and|or|but|at|in|on|when|after|before|as|to|the|from|with|until|by|for|he|she|it|"
                 "they|we|i|a|an|was|were|is|are|will|would|had|has)")

# (kind, pattern), most specific first: where two start at one place, the longer wins, and where
# they tie, the earlier in this list.
_PATTERNS: list[tuple[str, str]] = [
    ("ymd_iso", r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    ("numeric", r"\b(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})\b"),
    ("mdy", rf"\b(?:{_WD},?\s+)?{_M}\s+{_D},?\s*{_Y_DATED}\b"),
    ("dmy", rf"\b(?:{_WD},?\s+)?(?:the\s+)?{_D}\s+(?:of\s+)?{_M},?\s+{_Y_DATED}\b"),
    ("my", rf"\b{_MOD}?{_M},?\s+(?:of\s+)?{_Y_DATED}\b"),
    ("md", rf"\b(?:{_WD},?\s+)?{_M}\s+{_D}\b(?![:\d]|,?\s*\d{{4}})"),
    ("dm", rf"\b(?:the\s+)?{_D}\s+(?:of\s+)?{_M}\b(?!\.?,?\s*\d{{4}})"),
    ("month", rf"(?:\b{_MOD}|{_PREP_BEFORE})"
              rf"{_M}\b(?:\s+(?P<rel>last|this|next)\s+year)?"),
    ("year", rf"(?<![\d,.$£€©#/-])\b{_MOD}?{_Y}\b(?!\d|[.,]\d|-\d|\s*%|(?<=0)['’]s\b)"),  # "2003's film", not "the 1930's"
    ("old_year", r"(?:(?<=\bin )|(?<=\bsince )|(?<=\bby )|(?<=\buntil )|(?<=\bfrom )|(?<=\bduring ))"
                 r"(?P<year>1[0-7]\d{2})\b(?!\d|[.,]\d|-\d|\s*%|\s+[a-z]+s\b)"),
    ("month_attr", rf"(?:(?<=\ba )|(?<=\ban )|(?<=\bthe )){_M}\b(?=\s+[a-z]{{3,}})"),
    ("today", r"\b(?P<word>today|yesterday|tomorrow|tonight)\b"),
    ("part_of_day", r"\b(?P<rel>last|this)\s+(?P<part>night|morning|afternoon|evening)\b"),
    ("year_end", r"\b(?:(?:the\s+)?year[\s-]end|(?:the\s+)?end\s+of\s+(?:the|this)\s+year)\b"),
    ("weekend", r"\b(?:over|on|during|at|this|last|next|the\s+past)\s+(?:the\s+)?weekend\b"),
    ("rel_unit", r"\b(?P<rel>last|this|next|past|coming)\s+(?P<unit>week|month|year)\b"),
    ("ago", rf"\b(?P<n>{_COUNT})\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
    ("anaphor", r"\bthe\s+(?P<dir>previous|next|following|preceding)\s+(?P<unit>day|week|month|year)\b"),
    ("anaphor2", r"\bthe\s+(?P<unit>day|week)\s+(?P<dir>before|after)\b"),
    # "Two days later" counts from the story's last date; "one year after the launch" from an
    # event whose date it does not give: before/after only where the clause ends.
    ("anaphor3", rf"\b(?P<n>{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>earlier|later|before|after)\b"
                 r"(?:(?:(?<=before)|(?<=after))(?=\s*(?:[,.;:!?)\"”]|$))|(?:(?<=earlier)|(?<=later))(?!\s+than\b))"),
    # "on any Monday" is a set like "every Monday" ("a Wednesday media event" is a day: news uses
    # the article for one day more often than for any); "on the 10th floor" is no day at all.
    ("weekday", rf"(?<!\bany )\b(?:(?P<mod>early|late)\s+(?:on\s+)?)?{_WD}\b(?!s\b)"),
    ("nth", rf"\bon\s+the\s+{_D}\b(?!\s+(?:of\s+)?{MONTH_RE})(?!\s+(?!{_CLAUSE_WORDS}\b)[a-z])"),
]
_AGE_AFTER = re.compile(r"\s*-?\s*years?[\s-]+old\b", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"\b(?:by|until|till|before|through)\s+$", re.IGNORECASE)
_TARGET_AHEAD = 60
# Words just before a date that point it forward or back, whatever the rest of the sentence says.
_FORWARD_JUST_BEFORE = re.compile(r"\b(?:starting|beginning|from next|ahead of|upcoming|until)\s+(?:on\s+)?$"
                                  r"|[a-z]\s+by\s+$", re.I)  # "should ease by Thursday" (not "By Monday, …")
_VAGUE_BEFORE = re.compile(r"\b(?:every|each|all|most|some|many|recent|past|few|several|for|next\s+few)\s+$", re.I)


@cache
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]


@cache
def _scanner() -> re.Pattern[str]:
    """One pattern that finds where any date expression starts (group names made unique)."""
    combined = []
    for i, (_, pattern) in enumerate(_PATTERNS):
        renamed = re.sub(r"\(\?P<(\w+)>", lambda m, i=i: f"(?P<{m.group(1)}_{i}>", pattern)
        renamed = re.sub(r"\(\?P=(\w+)\)", lambda m, i=i: f"(?P={m.group(1)}_{i})", renamed)
        combined.append(f"(?:{renamed})")
    return re.compile("|".join(combined), re.IGNORECASE)


@cache
def past_verbs() -> frozenset[str]:
    """Common verbs in the past tense (irregular ones; a lowercase -ed word is taken as one too)."""
    return frozenset(data_lines("dates/past_verbs.txt"))


def past_form(word: str) -> bool:
    """A verb's past form by its spelling: a common irregular one, or a regular -ed form (whether
    a capitalised one is a name, "United", is the caller's to say)."""
    return word in past_verbs() or (len(word) > 4 and word.endswith("ed"))


_LAST_WORDS = re.compile(r"(?:(\w+)\s+)?(\w+)\s+$")
_PREPOSITION_AT_END = re.compile(r"\b(?:on|in)\s+$")
# After these a past form is a passive or an infinitive of what is to come ("will be released
# Friday", "is to be held", "to be named").
_NOT_PAST_BEFORE_VERB = frozenset({"be", "being", "is", "are", "am", "to", "will", "would", "shall"})
# Past forms that point ahead ("results expected Friday", "a vote scheduled in March").
_FORWARD_PARTICIPLES = frozenset({"expected", "scheduled", "slated", "planned", "timed", "billed", "penciled",
                                  "pencilled", "earmarked"})


def past_verb_just_before(before: str) -> bool:
    """"announced Friday", "said on Monday", "was released in March": a verb in the past tense
    right before the date, which places the date in the past whatever else the sentence says
    ("announced Friday that it will give…"). `before` is the text before the date, as written (a
    capitalised -ed word is a name: "United")."""
    found = _LAST_WORDS.search(_PREPOSITION_AT_END.sub("", before))
    if not found:
        return False
    previous, verb = (found[1] or "").lower(), found[2]
    if not verb.islower() or verb in _FORWARD_PARTICIPLES:
        return False
    if not past_form(verb):
        return False
    return previous not in _NOT_PAST_BEFORE_VERB


@cache
def _forward_re() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(data_lines("dates/forward_cues.txt")) + r")\b", re.IGNORECASE)


@cache
def _quantity_words() -> frozenset[str]:
    return frozenset(data_lines("dates/not_year_after.txt"))


@dataclass
class _Match:
    kind: str
    start: int
    end: int
    groups: dict[str, str]


# The core words every date expression holds; expressions are looked for only around them. The
# lookahead of their first characters (with "ſ", which IGNORECASE matches as "s") lets the regex
# pass over other characters without trying each word: half the time of the scan, measured.
_TRIGGER = re.compile(r"(?=[\dJFMASONDTWYEjfmasondtwyeſ])"
                      r"(?:\d+|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
                      r"|today|yesterday|tomorrow|tonight|weekend|week|month|year|day|decade|end"
                      r"|night|morning|afternoon|evening))", re.IGNORECASE)
_LEAD_WORDS = 4     # an expression starts at most this many words before its core word
_LEAD_CHARS = 40


def _starts_before(text: str, pos: int, floor: int) -> list[int]:
    """Word starts from up to _LEAD_WORDS words before `pos` to the word holding it, in order."""
    starts = []
    i = pos
    while i > floor and text[i - 1].isalnum():
        i -= 1
    starts.append(i)
    for _ in range(_LEAD_WORDS):
        j = i
        while j > floor and not text[j - 1].isalnum() and pos - j < _LEAD_CHARS:
            j -= 1
        if j == i or j <= floor or pos - j >= _LEAD_CHARS:
            break
        while j > floor and text[j - 1].isalnum():
            j -= 1
        starts.append(j)
        i = j
    return starts[::-1]


def _matches(text: str) -> list[_Match]:
    """Return the non-overlapping date expressions of `text` in text order: at the leftmost place
    where one starts, the longest of the kinds that match there.

    Only the few word starts before each core word (a number, a month or weekday name, "today",
    "week", …) are tried, which keeps the scan cheap on long articles.
    """
    scanner, patterns = _scanner(), _compiled()
    found: list[_Match] = []
    pos = 0
    for trigger in _TRIGGER.finditer(text):
        if trigger.start() < pos:
            continue
        for start in _starts_before(text, trigger.start(), pos):
            hit = scanner.match(text, start)
            if hit is None or hit.end() <= trigger.start():
                continue
            kind, m = max(((k, p.match(text, start)) for k, p in patterns), key=lambda km: km[1].end() if km[1] else -1)
            found.append(_Match(kind, start, m.end(), {k: v for k, v in m.groupdict().items() if v is not None}))
            pos = m.end()
            break
    return found


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _mod(groups: dict[str, str]) -> str | None:
    mod = groups.get("mod")
    if not mod:
        return None
    return _MOD_WORDS.get(mod.lower().split()[-2] if mod.lower().startswith("the") else mod.lower())


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def numeric_order(text: str) -> str | None:
    """Return "DMY" or "MDY" when the text's slashed dates show the order (a part above 12),
    None when they do not or contradict each other."""
    orders = set()
    for a, b in re.findall(r"\b(\d{1,2})/(\d{1,2})/\d{4}\b", text):
        if int(a) > 12 >= int(b):
            orders.add("DMY")
        elif int(b) > 12 >= int(a):
            orders.add("MDY")
    return orders.pop() if len(orders) == 1 else None


def day_month(first: int, second: int, sep: str, order: str | None) -> tuple[int, int] | None:
    """Return (day, month) of a numeric date written `first` `sep` `second`, or None when its order
    is unsure: dotted dates are day-first, slashed or dashed ones only when a part above 12, or
    the `order` other dates of the text show (see `numeric_order`), decides."""
    if sep == "." or first > 12 or order == "DMY":
        return first, second
    if second > 12 or order == "MDY":
        return second, first
    return None


class _Resolver:
    """Turns matches into values, in text order, keeping the context news relies on."""

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.published = published
        self.anchor: date | None = None       # last day-precise date, for "a day earlier"
        self.year: int | None = published.year if published else None
        self.explicit_year: int | None = None  # year of the last date written with its year
        self.month: tuple[int, int] | None = (published.year, published.month) if published else None
        # The year and month (None for a year alone) of the last date resolved at any precision:
        # "in August 2016 … The next year" counts from 2016, not from the last day-precise date.
        self.last: tuple[int, int | None] | None = None
        self.order = numeric_order(text)

    # Each handler returns a value, (value, mod), or None when it cannot resolve the expression.

    def resolve(self, m: _Match, forward: bool) -> tuple[str, str | None] | None:
        handler = getattr(self, f"_{m.kind}", None)
        result = handler(m.groups, forward) if handler else None
        result = (result, None) if isinstance(result, str) else result
        if result and result[0][:4].isdigit() and "W" not in result[0]:
            parts = result[0].split("-")
            self.last = (int(parts[0]), int(parts[1]) if len(parts) > 1 else None)
        return result

    def _day(self, day: date | None) -> str | None:
        if day is None:
            return None
        self.anchor = day
        self.month = (day.year, day.month)
        return day.isoformat()

    def _explicit(self, year: int, month: int, day: int) -> str | None:
        value = self._day(_valid_date(year, month, day))
        if value:
            self.explicit_year = year
            self.year = year if self.published is None else self.year
        return value

    def _ymd_iso(self, g, forward):
        value = self._explicit(int(g["year"]), int(g["month"]), int(g["day"]))
        return value

    def _numeric(self, g, forward):
        parts = day_month(int(g["a"]), int(g["b"]), g["sep"], self.order)
        if parts is None:
            return None  # 04/06/2019 with nothing to decide the order
        return self._explicit(int(g["year"]), parts[1], parts[0])

    def _mdy(self, g, forward):
        month = month_number(g["month"])
        value = self._explicit(int(g["year"]), month, int(g["day"])) if month else None
        return value

    _dmy = _mdy

    def _my(self, g, forward):
        month = month_number(g["month"])
        if not month:
            return None
        year = int(g["year"])
        self.month = (year, month)
        self.explicit_year = year
        return f"{year}-{month:02d}", _mod(g)

    def _year_for(self, month: int, day: int | None, forward: bool) -> int | None:
        """The year of a month (and day) written without one."""
        if self.published is None:
            return self.explicit_year
        pub = self.published
        if self.explicit_year is not None and self.anchor is not None and self.explicit_year <= pub.year:
            # A chronology that gave its year goes on in order: "On April 4, 2019 … On November 5 …
            # On January 10 …" (2020).
            for year in (self.anchor.year, self.anchor.year + 1):
                candidate = _valid_date(year, month, day or 1)
                if candidate and self.anchor <= candidate <= pub:
                    return year
        candidate_day = day or 1
        this_year = _valid_date(pub.year, month, candidate_day)
        if this_year is None:
            return None
        if forward:
            return pub.year if (month, candidate_day) >= (pub.month, day or pub.day) else pub.year + 1
        if day is None:
            return pub.year if month <= pub.month else pub.year - 1
        past_year = pub.year if this_year <= pub else pub.year - 1
        past = _valid_date(past_year, month, day)
        upcoming = _valid_date(past_year + 1, month, day)
        if past and upcoming and (upcoming - pub) * 2 < (pub - past):
            # News reports the recent past, and announces the near future even without "will":
            # "when it meets on April 3" (published March 16) is next month, not last year.
            return past_year + 1
        return past_year

    def _md(self, g, forward):
        month = month_number(g["month"])
        if not month or not g["month"][0].isupper():
            return None
        day = int(g["day"])
        year = self._year_for(month, day, forward)
        if year is None:
            return None
        value = self._day(_valid_date(year, month, day))
        return value

    _dm = _md

    def _month(self, g, forward):
        month = month_number(g["month"])
        if not month or not g["month"][0].isupper():
            return None  # "may" is a verb, "march" a walk
        prep = (g.get("prep") or "").lower()
        if prep == "next":
            forward = True
        rel = (g.get("rel") or "").lower()
        if rel and self.published:
            year = self.published.year + {"last": -1, "this": 0, "next": 1}[rel]
        elif prep == "last" and self.published:
            year = self.published.year if month < self.published.month else self.published.year - 1
        else:
            year = self._year_for(month, None, forward)
        if year is None:
            return None
        self.month = (year, month)
        return f"{year}-{month:02d}", _mod(g)

    def _year(self, g, forward):
        year = int(g["year"])
        # A target ("by 2050", "until 2040") may lie decades ahead; any other year that far is no date.
        ahead = _TARGET_AHEAD if _TARGET_BEFORE.search(g.get("_before", "")) else 10
        if self.published and year > self.published.year + ahead:
            return None
        self.explicit_year = year
        if self.published is None:
            self.year = year
        return str(year), _mod(g)

    _month_attr = _month  # "a September election", "the October incident"
    _old_year = _year  # "in 1721", "since 1635"

    def _year_end(self, g, forward):
        return (str(self.published.year), "END") if self.published else None

    def _today(self, g, forward):
        if not self.published:
            return None
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[g["word"].lower()]
        value = self._day(self.published + timedelta(days=shift))
        return value

    def _part_of_day(self, g, forward):
        if not self.published:
            return None
        # "last night" is the evening before the day of publication; "this morning" that day
        if g["rel"].lower() != "last":
            return self._day(self.published)
        if g["part"].lower() != "night":
            return None  # "last morning" is no expression news uses
        return self._day(self.published - timedelta(days=1))

    def _weekend(self, g, forward):
        if not self.published:
            return None
        pub = self.published
        # The Saturday of the most recent weekend on or before the publication date.
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
        words = g.get("_text", "").lower()
        if "next" in words or (forward and "last" not in words and "past" not in words):
            saturday = saturday + timedelta(days=7) if saturday <= pub and pub.weekday() < 5 else saturday
        elif "last" in words and pub.weekday() >= 5:
            saturday -= timedelta(days=7)
        return f"{_week_value(saturday)}-WE"

    def _rel_unit(self, g, forward):
        if not self.published:
            return None
        pub = self.published
        shift = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[g["rel"].lower()]
        unit = g["unit"].lower()
        if unit == "week":
            return _week_value(pub + timedelta(weeks=shift))
        if unit == "month":
            year, month = _shift_month(pub.year, pub.month, shift)
            return f"{year}-{month:02d}"
        return str(pub.year + shift)

    def _ago(self, g, forward):
        n = _count(g["n"])
        if not self.published or not n:
            return None
        pub = self.published
        unit = g["unit"].lower()
        if unit == "day":
            return self._day(pub - timedelta(days=n))
        if unit == "week":
            return _week_value(pub - timedelta(weeks=n))
        if unit == "month":
            year, month = _shift_month(pub.year, pub.month, -n)
            return f"{year}-{month:02d}"
        return str(pub.year - n * (10 if unit == "decade" else 1))

    def _relative_to_anchor(self, n: int, unit: str, direction: int) -> str | None:
        if self.anchor is None:
            return None
        if unit == "day":
            return self._day(self.anchor + timedelta(days=direction * n))
        if unit == "week":
            # "A week later" lands on a day: the story counts from one.
            return self._day(self.anchor + timedelta(weeks=direction * n))
        if unit == "month":
            base = self.last if self.last and self.last[1] else (self.anchor.year, self.anchor.month)
            year, month = _shift_month(base[0], base[1], direction * n)
            return f"{year}-{month:02d}"
        return str((self.last[0] if self.last else self.anchor.year) + direction * n)

    def _anaphor(self, g, forward):
        direction = -1 if g["dir"].lower() in ("previous", "preceding", "before") else 1
        value = self._relative_to_anchor(1, g["unit"].lower(), direction)
        return value

    _anaphor2 = _anaphor

    def _anaphor3(self, g, forward):
        n = _count(g["n"])
        if not n:
            return None
        direction = -1 if g["dir"].lower() in ("earlier", "before") else 1
        value = self._relative_to_anchor(n, g["unit"].lower(), direction)
        return value

    def _weekday(self, g, forward):
        word = g["wd"]
        if not word[0].isupper() or not self.published:
            return None
        target = WEEKDAYS.get(word.lower()[:3])
        if target is None:
            return None
        pub = self.published
        back = (pub.weekday() - target) % 7
        day = pub - timedelta(days=back)
        before = g.get("_before", "")
        if before.endswith("last "):
            day -= timedelta(days=0 if back else 7)  # "last Friday", written on a Friday: a week ago
        elif before.endswith("next "):
            day += timedelta(days=7)
        elif forward and back:
            day += timedelta(days=7)
        mod = {"early": "START", "late": "END"}.get((g.get("mod") or "").lower())
        return self._day(day), mod

    def _nth(self, g, forward):
        if self.month is None:
            return None
        value = self._day(_valid_date(self.month[0], self.month[1], int(g["day"])))
        return value


def _is_vague_or_quantity(text: str, m: _Match) -> bool:
    before = text[max(0, m.start - 20):m.start]
    if m.kind in ("weekday", "month", "rel_unit") and _VAGUE_BEFORE.search(before):
        return True  # "every Monday", "for months", "in recent weeks"
    if m.kind == "year":
        after = text[m.end:m.end + 20].split()
        if after and after[0].strip(".,;:").lower() in _quantity_words():
            return True
        if m.start >= 1 and text[m.start - 1] in "©":
            return True
    if m.kind == "weekday" and text[m.end:m.end + 1] == "s":
        return True
    if m.kind == "year" and _AGE_AFTER.match(text, m.end):
        return True  # "a 2000 year old tradition", "a 1500-year-old temple"
    if m.kind == "today" and before.endswith(("of ", "of the ")):
        return True  # "the cars of tomorrow"
    if m.kind == "weekday" and len(m.groups.get("wd") or "") <= 4 and not re.search(r"\b(?:on|last|next|this)\s+$", before):
        return True  # "Delivery: Fri" (an abbreviation alone is page furniture)
    return False


def find_dates(body: str, published: date | None = None,
               sentences: list[tuple[int, int]] | None = None) -> list[TimelineEntry]:
    """Return the resolved date expressions of `body`, in text order (see the module doc).

    `sentences` (from `tokens.sentence_spans`) may be passed when the caller has them already.
    """
    sentences = sentence_spans(body) if sentences is None else sentences
    resolver = _Resolver(body, published)
    forward_re = _forward_re()
    entries: list[TimelineEntry] = []
    s_index = 0
    for m in _matches(body):
        if _is_vague_or_quantity(body, m):
            continue
        while s_index + 1 < len(sentences) and sentences[s_index][1] <= m.start:
            s_index += 1
        s_start, s_end = sentences[s_index] if sentences else (0, len(body))
        sentence = body[s_start:s_end]
        m.groups["_text"] = body[m.start:m.end]
        before = body[max(s_start, m.start - 24):m.start]
        m.groups["_before"] = before.lower()
        forward = bool(forward_re.search(sentence))
        if m.kind == "weekday" and body.startswith(("'s", "’s"), m.end):
            forward = False  # "will look into Sunday's crash": the crash has been ("ahead of Sunday's vote": below)
        elif forward and past_verb_just_before(before):
            forward = False  # "announced Friday that it will give…": the announcement has been
        if _FORWARD_JUST_BEFORE.search(before):
            forward = True  # "a shutdown starting Sunday"
        resolved = resolver.resolve(m, forward)
        if not resolved or not resolved[0]:
            continue
        value, mod = resolved
        text = body[m.start:m.end]
        start, end = m.start, m.end
        # Leading prepositions are context, not the expression: "on Sunday" -> "Sunday".
        lead = re.match(r"(?i)(?:in|since|by|until|till|during|from|of|on|before|after|through|over|at)\s+", text)
        if lead and m.kind in ("month", "weekend"):
            start += lead.end()
            text = body[start:end]
        entries.append(TimelineEntry(value=value, text=text, start=start, end=end, sentence=sentence, mod=mod))
    return entries
