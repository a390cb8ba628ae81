"""Title, source, URL and publication day of a saved page, chosen from what the page states.

Sources, best first: JSON-LD (`headline`, `datePublished`, `publisher`), Open Graph and article
meta tags, other meta tags naming a publication date, `<time datetime>`, the canonical URL's
path, then `<h1>` and `<title>`. The day is the one the page writes: "2019-11-18T22:30:00-05:00"
is 18 November, never the UTC day. A stamp in UTC ("…T03:00:00Z") may be the next day where the
story was filed, so a date in the URL or a local stamp one day away from it wins over it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from .metadata import parse_stamp_date

_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "publish-date", "publish_date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date",
              "date", "sailthru.date", "parsely-pub-date", "citation_publication_date", "article.published",
              "published-date", "published_time", "releasedate", "originalpublicationdate")
_TITLE_META = ("og:title", "twitter:title", "headline", "parsely-title", "dc.title")
_SOURCE_META = ("og:site_name", "application-name", "publisher", "cxenseparse:recs:publisher",
                "twitter:site")
_URL_META = ("og:url", "twitter:url")
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|WebPage)$")
_STAMP = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):?(\d{2})[^Z+-]*(Z|[+-]\d{2}:?\d{2})?)?", re.I)
_URL_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?!\d)")
_URL_COMPACT_DATE = re.compile(r"(?<!\d)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ", " • ")
_SUFFIX_MAX_WORDS = 5
_EARLIEST_YEAR = 1990
# Site-specific meta names that say what they hold ("sn-post-date", "publish-datetime").
_DATE_KEY = re.compile(r"(pub|post|creat|releas|issued)\w*[._:-]?\w*date|date\w*[._:-]?(pub|post|creat|releas|issued)")
_NOT_PUBLISHED_KEY = re.compile(r"modif|updat|expir|edit|revis")
_ENTITY = re.compile(r"&(#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")
_UTC_WORDS = re.compile(r"\b(GMT|UTC|Z)\b|[+-]00:?00\b")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


@dataclass
class PageFacts:
    """What one pass over the page collected (see htmltext._Reader)."""

    meta: dict[str, str] = field(default_factory=dict)
    jsonld: list[dict] = field(default_factory=list)
    canonical: str = ""
    page_title: str = ""
    h1: str = ""
    published_times: list[str] = field(default_factory=list)  # <time datetime> marked as the publication's
    times: list[str] = field(default_factory=list)  # other <time datetime>, not marked as updates

    def add_meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").strip().lower()
        content = (values.get("content") or values.get("datetime") or "").strip()
        if key and content:
            self.meta.setdefault(key, content)

    def add_time(self, values: dict[str, str]) -> None:
        stamp = values.get("datetime", "").strip()
        if not stamp:
            return
        marks = f"{values.get('itemprop', '')} {values.get('class', '')} {values.get('pubdate', '')}".lower()
        if "publish" in marks or "pubdate" in values:
            self.published_times.append(stamp)
        elif "modif" not in marks and "updat" not in marks:
            self.times.append(stamp)

    def add_jsonld(self, text: str) -> None:
        try:
            data = json.loads(text.strip().rstrip(";"))
        except (ValueError, RecursionError):  # hand-written JSON-LD is often broken: keep its date
            found = _JSONLD_DATE.search(text)
            if found:
                self.jsonld.append({"datePublished": found[1]})
            return
        stack = [data]
        while stack and len(self.jsonld) < 50:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in types):
                    self.jsonld.append(item)


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or ""
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _articles_first(items: list[dict]) -> list[dict]:
    # A page's JSON-LD often describes the site (WebPage) as well as the story: the story first.
    return sorted(items, key=lambda item: "WebPage" in str(item.get("@type")))


# -- dates ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Day:
    value: date
    utc: bool  # a time given in UTC: the local day may be the one before or after


def _day(stamp: str, today: date) -> _Day | None:
    match = _STAMP.match(stamp)
    if not match:  # "2019/11/19", "19 Nov 2019 07:09 GMT", "November 20, 2019 12:32"
        found = url_day(stamp, today) or parse_stamp_date(stamp, today)
        utc = bool(_UTC_WORDS.search(stamp)) and bool(re.search(r"\d:\d\d", stamp))
        return _Day(found, utc) if found and found.year >= _EARLIEST_YEAR else None
    try:
        value = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    if value.year < _EARLIEST_YEAR or value > today:
        return None
    zone = (match[6] or "").upper().replace(":", "")
    return _Day(value, utc=bool(match[4]) and zone in ("Z", "+0000", "-0000"))


def url_day(url: str, today: date | None = None) -> date | None:
    """The date written in a URL's path (/2019/11/18/, 2019-11-18, 20191118), or None."""
    path = urlsplit(url).path if "://" in url else url
    for pattern in (_URL_DATE, _URL_COMPACT_DATE):
        match = pattern.search(path)
        if match:
            found = _day(f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}", today or date.today())
            return found.value if found else None
    return None


def _published(facts: PageFacts, url: str, today: date) -> str:
    stated = [_text(item.get("datePublished") or item.get("dateCreated")) for item in _articles_first(facts.jsonld)]
    stated += [facts.meta[key] for key in _DATE_META if facts.meta.get(key)]
    stated += [value for key, value in facts.meta.items() if key not in _DATE_META and _DATE_KEY.search(key)
               and not _NOT_PUBLISHED_KEY.search(key)]
    stated_days = [d for d in (_day(s, today) for s in stated if s) if d]
    days = stated_days + [d for d in (_day(s, today) for s in facts.published_times + facts.times) if d]
    in_url = url_day(url, today) if url else None
    if not days:
        return in_url.isoformat() if in_url else ""
    first = days[0]
    if first.utc:  # the day where the story was filed, when the page says it another way
        local = ([in_url] if in_url else []) + [d.value for d in stated_days if not d.utc]
        near = [day for day in local if abs((day - first.value).days) == 1]
        if near:
            return near[0].isoformat()
    return first.value.isoformat()


# -- title and source -------------------------------------------------------------------------

def _strip_site(title: str, site: str) -> str:
    """`title` without a trailing (or leading) " | Site" part: the site's name, or a short part
    after the last separator when the title's other part is the longer."""
    for sep in _TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if site and tail.strip().lower() == site.lower():
            return head.strip()
        first, _, rest = title.partition(sep)
        if site and first.strip().lower() == site.lower():
            return rest.strip()
        if len(tail.split()) <= _SUFFIX_MAX_WORDS and len(head.split()) > len(tail.split()):
            return head.strip()
    return title


def _unescaped(text: str) -> str:
    # Some sites escape their meta tags twice ("&amp;#8216;"): what the parser leaves is "&#8216;".
    return html.unescape(text) if _ENTITY.search(text) else text


def _tidy_source(source: str) -> str:
    """A site's name, without its tagline ("LinkNaija | Nigeria's No 1…") or, when a URL, its host."""
    source = one_line(_unescaped(source))
    if source.startswith(("http://", "https://", "www.")):
        return _site_from_url(source if "://" in source else f"http://{source}")
    for sep in _TITLE_SEPARATORS:
        if sep in source:
            return source.split(sep)[0].strip()
    return source


def one_line(text: str) -> str:
    """`text` with its runs of white space, line breaks included, made one space."""
    return " ".join(text.split())


def _site_from_url(url: str) -> str:
    host = urlsplit(url).hostname or ""
    host = host[4:] if host.startswith("www.") else host
    return host


def _site_suffix(title: str) -> str:
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            tail = title.rpartition(sep)[2].strip()
            if 0 < len(tail.split()) <= _SUFFIX_MAX_WORDS:
                return tail
    return ""


def page_metadata(facts: PageFacts, text: str = "", today: date | None = None) -> dict[str, str]:
    """The metadata a page states: title, source, url, published (YYYY-MM-DD), author."""
    today = today or date.today() + timedelta(days=1)  # a page may be dated ahead of this clock
    meta, ld = facts.meta, _articles_first(facts.jsonld)
    url = facts.canonical or next((meta[k] for k in _URL_META if meta.get(k)), "") or \
        next((_text(item.get("url")) for item in ld if _text(item.get("url"))), "")
    source = next((meta[k] for k in _SOURCE_META if meta.get(k) and not meta[k].startswith("@")), "") or \
        next((_text(item.get("publisher")) for item in ld if _text(item.get("publisher"))), "")
    title = next((_text(item.get("headline")) for item in ld if _text(item.get("headline"))), "") or \
        next((meta[k] for k in _TITLE_META if meta.get(k)), "") or facts.h1 or facts.page_title
    if not source and facts.page_title:
        source = _site_suffix(facts.page_title)
    if not source and url.startswith("http"):
        source = _site_from_url(url)
    source = _tidy_source(source)
    result = {"title": _strip_site(one_line(_unescaped(title)), source), "source": source,
              "url": url, "published": _published(facts, url, today)}
    author = next((_text(item.get("author")) for item in ld if _text(item.get("author"))), "") or meta.get("author", "")
    if author:
        result["author"] = one_line(_unescaped(author))
    return {key: value for key, value in result.items() if value}
