"""Publication dates and event dates, absolute or relative to the publication date.

Relative expressions resolve backwards from publication (news reports the past): "on Saturday"
is the latest Saturday on or before it, "in April" the latest April not after it. Expressions
that name no time ("in recent years") resolve to an unknown date rather than a guess.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

MONTHS = {
    name.lower(): index
    for index in range(1, 13)
    for name in (calendar.month_name[index], calendar.month_abbr[index])
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"  # noqa: E501
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_LEAD = r"(?:in|since|during|by|until|throughout|early|late|mid|in early|in late|in mid)"

DATE_RE = re.compile(
    rf"\b(?P<dmy>(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})\.?,?(?:\s+(?P<y1>{_YEAR}))?)\b"
    rf"|\b(?P<mdy>(?P<m2>{_MONTH})\.?\s+(?P<d2>{_DAY})(?!\d)(?:,?\s+(?P<y2>{_YEAR}))?)\b"
    rf"|\b(?P<lead>{_LEAD})[\s-]+(?P<my>(?P<m3>{_MONTH})(?:\s+(?P<y3>{_YEAR}))?)\b"
    rf"|\b(?P<lead4>{_LEAD})\s+(?P<y4>{_YEAR})\b"
    rf"|\b(?:(?P<wrel>last|next|this|on|late on|early on|from|overnight into|overnight on)\s+)"
    rf"(?P<wd>{_WEEKDAY})\b"
    # "overnight on March 31": the date that follows says which night.
    rf"|\b(?P<rel>yesterday|today|overnight(?!\s+(?:into|on|to)\s+(?:{_WEEKDAY}|{_MONTH}|\d))"
    r"|last night|earlier (?:this|last) (?:week|month|year)"
    r"|(?:this|last) (?:week|month|year)|in recent (?:years|months|weeks|days)|recently"
    r"|(?:a|one|two|three|four|five|six|seven) (?:days?|weeks?|months?) ago)\b",
    re.IGNORECASE,
)
_WORD_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True)
class DateRange:
    """``precision``: day, week, month, year, range or unknown (then both dates are None)."""

    start: date | None
    end: date | None
    precision: str


UNKNOWN = DateRange(None, None, "unknown")


@dataclass(frozen=True)
class DateMention:
    """A date expression at text offsets ``start``/``end`` and what it resolves to."""

    start: int
    end: int
    value: DateRange


def _day(value: str) -> int:
    return int(re.sub(r"\D", "", value))


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------- publication date lines
#
# Issue 11: pages print their date in many shapes ("Tue, March 4, 2025 at 9:05 AM GMT+2",
# "03.11.2024 – 08:12", "BEIRUT, Oct 1 (Reuters) -"). Lines are picked by shape (cheap regexes
# over the head of the page), and only the date they hold goes to dateparser, with the day/month
# order the shape implies and no "now"-relative reading. A sentence of the body is never a
# candidate: a date line is short and holds nothing but a date, a time, a byline or a label.

_WD = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_TIME = r"\d{1,2}(?:[:.]\d\d){1,2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
_TZ = r"(?:(?-i:[A-Z]{2,5})(?:\s*[+\-−]\s*\d{1,2}(?::?\d\d)?)?|[+\-]\d\d:?\d\d)"
_CORE = (
    rf"(?P<dmy>{_DAY}(?:\s+of)?\s+{_MONTH}\.?,?\s+{_YEAR})"
    rf"|(?P<mdy>{_MONTH}\.?\s+{_DAY},?\s+{_YEAR})"
    rf"|(?P<iso>{_YEAR}[-/]\d\d[-/]\d\d)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
    rf"|(?P<num>\d{{1,2}}(?P<sep>[./-])\d{{1,2}}(?P=sep){_YEAR})"
)
_CLOCK = rf"(?:{_TIME})(?:\s*\(?{_TZ}\)?)?"
#: One segment of a date line: the date, maybe a weekday before it, a time and zone around it.
_DATE_SEGMENT_RE = re.compile(
    rf"(?:{_CLOCK},?\s+(?:on\s+)?)?(?:{_WD},?\s+)?(?:{_CORE})"
    rf"(?:,?\s*(?:at\s+|[-–—]\s*)?{_CLOCK})?\.?",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(
    r"\b(?P<label>first\s+published|published|posted|last\s+updated|updated|last\s+modified"
    r"|modified)(?:\s+(?:on|at|connected))?\s*:?\s*",
    re.IGNORECASE,
)
_PUBLISHED_LABEL_RE = re.compile(r"first|published|posted", re.IGNORECASE)
_SPLIT_RE = re.compile(r"\s+[|·•/]\s+|\s+[-–—]\s+|\s*[|·•]\s*")
_IGNORABLE_RE = re.compile(
    rf"(?:by\s.*|{_CLOCK}|\d+\s*(?:min(?:ute)?s?|mins?)\.?\s+read|(?:\w[\w.'’&-]*\s*){{0,4}})",
    re.IGNORECASE,
)
#: A wire dateline opening the first paragraph: "BEIRUT, Oct 1 (Reuters) -", "KYIV, Ukraine
#: (AP) —". Only a dated one says anything; its year, when missing, comes from another line.
_WIRE_RE = re.compile(
    r"(?-i:[A-Z][A-Z.'’ -]{2,40})(?:,\s*[A-Z][\w.'’ -]{1,30}?)?,\s*"
    rf"(?P<date>{_MONTH}\.?\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+{_MONTH}\.?(?:,?\s+{_YEAR})?)"
    r"\s*(?:\([A-Za-z.& ]{2,30}\)\s*)?[-–—:]",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(_YEAR)
_HEAD_LINES = 60
#: Date lines and wire datelines are looked for until the second paragraph of prose ends (a
#: standfirst may come before the date line; the body's first paragraph holds the dateline).
_HEAD_PROSE = 2
_LINE_MAX = 160
_PROSE_WORDS = 20
#: Lower ranks win: a "Published" line, then a plain date line or a dated wire dateline (the
#: one nearer the headline first), then an "Updated" one; a labelled line past the head of the
#: page (a footer's "Published ...") comes last.
_RANKS = {"published": 0, "line": 1, "wire": 1, "updated": 2, "late": 3}


@dataclass(frozen=True)
class DateLine:
    """A publication-date candidate: its line number, kind (see ``_RANKS``) and date."""

    line: int
    kind: str
    value: date


@functools.cache
def _parser(order: str) -> Any:
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]

    settings = {
        "DATE_ORDER": order,
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["absolute-time"],  # never "3 hours ago" against the clock
        "RELATIVE_BASE": datetime(2000, 1, 1),
    }
    return DateDataParser(languages=["en"], settings=settings)


@functools.lru_cache(maxsize=4096)
def parse_date(text: str, order: str = "DMY") -> date | None:
    """``text`` (a date alone) read by dateparser in ``order`` (DMY, MDY or YMD), else None."""
    try:
        found = _parser(order).get_date_data(text).date_obj
    except Exception:  # dateparser raises odd errors on odd input; a date line must never
        return None
    return found.date() if isinstance(found, datetime) else None


def _read_core(match: re.Match[str]) -> date | None:
    g = match.groupdict()
    if g["iso"]:
        return parse_date(g["iso"].replace("/", "-"), "YMD")
    if g["num"]:
        # Shape decides: 03.11.2024 and 03-11-2024 are day first, 11/03/2024 month first
        # unless the first number cannot be a month.
        first = int(re.split(r"\D", g["num"])[0])
        order = "MDY" if g["sep"] == "/" and first <= 12 else "DMY"
        return parse_date(g["num"], order)
    if g["mdy"]:
        return parse_date(g["mdy"], "MDY")
    return parse_date(g["dmy"], "DMY")


def _segment_date(segment: str) -> date | None:
    match = _DATE_SEGMENT_RE.fullmatch(segment.strip(" ,;:()[]"))
    return _read_core(match) if match else None


def _line_candidates(index: int, line: str, head: bool) -> list[DateLine]:
    """The dates a short line prints as its own: labelled ones anywhere in the head of the page,
    unlabelled ones only when every other part of the line is a byline, time or a few words."""
    found: list[DateLine] = []
    plain: list[date] = []
    others_ignorable = True
    for segment in filter(None, (s.strip() for s in _SPLIT_RE.split(line))):
        labels = list(_LABEL_RE.finditer(segment))
        if labels and labels[0].start() == 0:
            # "Published 3 June 2023 Updated 4 June 2023": each label owns the text up to the next.
            for i, label in enumerate(labels):
                stop = labels[i + 1].start() if i + 1 < len(labels) else len(segment)
                value = _segment_date(segment[label.end() : stop])
                if value is not None:
                    kind = "published" if _PUBLISHED_LABEL_RE.match(label["label"]) else "updated"
                    found.append(DateLine(index, kind if head else "late", value))
            continue
        value = _segment_date(segment)
        if value is not None:
            plain.append(value)
        elif not _IGNORABLE_RE.fullmatch(segment):
            others_ignorable = False
    if head and others_ignorable:
        found.extend(DateLine(index, "line", value) for value in plain[:1])
    return found


def _wire_date(line: str) -> tuple[str, bool] | None:
    """The date of a wire dateline at the start of ``line`` and whether it has a year."""
    match = _WIRE_RE.match(line)
    if match is None:
        return None
    return match["date"], bool(_YEAR_RE.search(match["date"]))


def _nearest_year(day_month: str, reference: date) -> date | None:
    """The reading of a yearless "Oct 1" nearest to ``reference`` (Dec 31 next to Jan 1)."""
    years = (reference.year, reference.year - 1, reference.year + 1)
    known = [d for y in years if (d := parse_date(f"{day_month} {y}", "MDY")) is not None]
    return min(known, key=lambda d: abs((d - reference).days)) if known else None


def date_lines(text: str) -> list[DateLine]:
    """Every publication-date candidate of ``text``, in line order."""
    found: list[DateLine] = []
    yearless: list[tuple[int, str]] = []
    prose = 0
    for index, raw_line in enumerate(text[:8000].splitlines()[:_HEAD_LINES]):
        line = " ".join(raw_line.split())
        if not line:
            continue
        head = prose < _HEAD_PROSE
        wire = _wire_date(line) if head else None
        if wire is not None and wire[1]:
            value = _segment_date(wire[0])
            if value is not None:
                found.append(DateLine(index, "wire", value))
        elif wire is not None:
            yearless.append((index, wire[0]))
        if len(line.split()) >= _PROSE_WORDS:
            prose += 1
        elif len(line) <= _LINE_MAX:
            found.extend(_line_candidates(index, line, head))
    if yearless and found:
        reference = min(found, key=lambda c: (_RANKS[c.kind], c.line)).value
        for index, day_month in yearless:
            value = _nearest_year(day_month, reference)
            if value is not None:
                found.append(DateLine(index, "wire", value))
    return sorted(found, key=lambda c: c.line)


def find_published_at(text: str) -> date | None:
    """The publication date a reader would take from the page's date lines, else None.

    A "Published" line beats an "Updated" one; a date line near the headline beats a later
    one; a yearless wire dateline ("BEIRUT, Oct 1 (Reuters) -") takes the year of another date
    line, and alone gives no date. Dates told in the body are never candidates.
    """
    found = date_lines(text)
    if not found:
        return None
    return min(found, key=lambda c: (_RANKS[c.kind], c.line)).value


def _month_range(year: int, month: int) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    return DateRange(date(year, month, 1), date(year, month, last), "month")


def _latest_year(month: int, day: int, published: date | None) -> int | None:
    """The year that puts ``month``/``day`` on or before publication (news looks back)."""
    if published is None:
        return None
    if (month, day) <= (published.month, published.day):
        return published.year
    return published.year - 1


def _relative(word: str, published: date) -> DateRange:
    word = " ".join(word.lower().split())
    if word in ("today", "overnight", "last night"):
        return DateRange(published, published, "day")
    if word == "yesterday":
        day = published - timedelta(days=1)
        return DateRange(day, day, "day")
    ago = re.match(r"(\w+) (day|week|month)s? ago", word)
    if ago:
        count = _WORD_NUMBERS[ago.group(1)]
        days = {"day": 1, "week": 7, "month": 30}[ago.group(2)] * count
        day = published - timedelta(days=days)
        return DateRange(day, day, "day" if ago.group(2) == "day" else "range")
    first_of_month = published.replace(day=1)
    monday = published - timedelta(days=published.weekday())
    if word == "this week":
        return DateRange(monday, monday + timedelta(days=6), "week")
    if word.endswith("this week"):  # "earlier this week": up to the day it was said
        return DateRange(monday, published, "range")
    if word.endswith("last week"):
        return DateRange(monday - timedelta(days=7), monday - timedelta(days=1), "week")
    if word == "earlier this month":  # data/eval/README.md: the 1st to publication, `month`
        return DateRange(first_of_month, published, "month")
    if word == "this month":
        return _month_range(published.year, published.month)
    if word.endswith("last month"):
        previous = first_of_month - timedelta(days=1)
        return _month_range(previous.year, previous.month)
    if word.endswith("this year"):
        return DateRange(date(published.year, 1, 1), published, "year")
    if word.endswith("last year"):
        return DateRange(date(published.year - 1, 1, 1), date(published.year - 1, 12, 31), "year")
    return UNKNOWN


def _weekday(target: int, relation: str, published: date) -> DateRange:
    """A weekday is the latest such day on or before publication, the same day included, "last"
    too: "last Friday" in Friday's paper is that day (issue 11: it used to resolve a week
    early). Only "next" looks forward."""
    if relation == "next":
        when = published + timedelta(days=(target - published.weekday()) % 7 or 7)
    else:
        when = published - timedelta(days=(published.weekday() - target) % 7)
    return DateRange(when, when, "day")


def _resolve(match: re.Match[str], published: date | None) -> DateRange:
    g = match.groupdict()
    if g["dmy"] or g["mdy"]:
        month = MONTHS[(g["m1"] or g["m2"]).lower()]
        day = _day(g["d1"] or g["d2"])
        year_text = g["y1"] or g["y2"]
        year = int(year_text) if year_text else _latest_year(month, day, published)
        found = _safe(year, month, day) if year else None
        return DateRange(found, found, "day") if found else UNKNOWN
    if g["my"]:
        month = MONTHS[g["m3"].lower()]
        year = int(g["y3"]) if g["y3"] else _latest_year(month, 1, published)
        if year is None:
            return UNKNOWN
        value = _month_range(year, month)
        if g["lead"].lower() == "since" and published is not None:
            return DateRange(value.start, published, "range")
        return value
    if g["y4"]:
        year = int(g["y4"])
        if g["lead4"].lower() == "since" and published is not None:
            return DateRange(date(year, 1, 1), published, "range")
        return DateRange(date(year, 1, 1), date(year, 12, 31), "year")
    if published is None:
        return UNKNOWN
    if g["wd"]:
        return _weekday(WEEKDAYS[g["wd"].lower()], (g["wrel"] or "").lower(), published)
    return _relative(g["rel"], published)


def find_dates(text: str, start: int, end: int, published_at: date | None) -> list[DateMention]:
    """Date expressions in ``text[start:end]``, resolved against ``published_at``."""
    return [
        DateMention(m.start(), m.end(), _resolve(m, published_at))
        for m in DATE_RE.finditer(text, start, end)
    ]


def resolve_date(expression: str, published_at: date | None) -> DateRange:
    """The first date expression in ``expression`` resolved, or unknown when there is none."""
    found = find_dates(expression, 0, len(expression), published_at)
    return found[0].value if found else UNKNOWN


RELATIVE_RE = re.compile(
    r"\b(?P<n>a|one|two|three|four|five|six|seven|\d+|the)\s+(?P<unit>day|days|week|weeks)\s+"
    r"(?P<dir>after|before|later|earlier)\b",
    re.IGNORECASE,
)


def relative_offset(match: re.Match[str]) -> int:
    """Days from the anchor clause's event to the main clause's: "a day after" -> +1."""
    n = match.group("n").lower()
    count = int(n) if n.isdigit() else _WORD_NUMBERS.get(n, 1)
    days = count * (7 if match.group("unit").lower().startswith("week") else 1)
    return days if match.group("dir").lower() in ("after", "later") else -days


def shift(value: DateRange, days: int) -> DateRange:
    """``value`` moved by ``days`` (unknown stays unknown)."""
    if value.start is None or value.end is None:
        return value
    delta = timedelta(days=days)
    return DateRange(value.start + delta, value.end + delta, value.precision)
