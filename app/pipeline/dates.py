"""Publication dates and event dates, absolute or relative to the publication date.

Relative expressions resolve backwards from publication (news reports the past): "on Saturday"
is the latest Saturday on or before it, "in April" the latest April not after it. Expressions
that name no time ("in recent years") resolve to an unknown date rather than a guess.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

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


_PUBLISHED_RE = re.compile(
    rf"(?:Published|Updated|Posted|Last updated)(?:\s+On)?:?\s+(?:{_WEEKDAY},?\s+)?"
    rf"(?:(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR}))",
    re.IGNORECASE,
)
_LINE_DATE_RE = re.compile(
    rf"^\s*(?:(?P<iso>{_YEAR}-\d\d-\d\d)(?:[T ][\d:.Z+-]*)?"
    rf"|(?:{_WEEKDAY},?\s+)?(?P<m2>{_MONTH})\.?\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})"
    rf"|(?:{_WEEKDAY},?\s+)?(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})\.?\s+(?P<y1>{_YEAR}))\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def _day(value: str) -> int:
    return int(re.sub(r"\D", "", value))


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_published_at(text: str) -> date | None:
    """The publication date from a "Published On 27 Dec 2025" line or a date line near the top."""
    head = text[:2000]
    for regex in (_PUBLISHED_RE, _LINE_DATE_RE):
        for match in regex.finditer(head):
            groups = match.groupdict()
            if groups.get("iso"):
                y, m, d = (int(x) for x in groups["iso"].split("-"))
                found = _safe(y, m, d)
            elif groups.get("d1"):
                found = _safe(int(groups["y1"]), MONTHS[groups["m1"].lower()], _day(groups["d1"]))
            else:
                found = _safe(int(groups["y2"]), MONTHS[groups["m2"].lower()], _day(groups["d2"]))
            if found is not None:
                return found
    return None


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
    if word.endswith("this week"):
        monday = published - timedelta(days=published.weekday())
        return DateRange(monday, published, "week" if word == "this week" else "range")
    if word.endswith("last week"):
        monday = published - timedelta(days=published.weekday() + 7)
        return DateRange(monday, monday + timedelta(days=6), "week")
    if word == "earlier this month":
        return DateRange(first_of_month, published, "range")
    if word == "this month":
        return DateRange(first_of_month, published, "month")
    if word.endswith("last month"):
        previous = first_of_month - timedelta(days=1)
        return _month_range(previous.year, previous.month)
    if word.endswith("this year"):
        return DateRange(date(published.year, 1, 1), published, "year")
    if word.endswith("last year"):
        return DateRange(date(published.year - 1, 1, 1), date(published.year - 1, 12, 31), "year")
    return UNKNOWN


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
        target = WEEKDAYS[g["wd"].lower()]
        back = (published.weekday() - target) % 7
        relation = (g["wrel"] or "").lower()
        if relation == "next":
            when = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        else:
            when = published - timedelta(days=back + (7 if relation == "last" and back == 0 else 0))
        return DateRange(when, when, "day")
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
