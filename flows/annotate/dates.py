"""Resolve date expressions against the article's publication date, never against today.

News writes "on Wednesday", "this September", "in February" and "earlier this year";
each only means something relative to when the article was published. Every result
keeps its precision (day, month, year) and the rule that produced it. Without a
publication date a relative expression stays unresolved: a null is better than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flows.normalise.metadata import MONTHS, parse_date

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH_DAY = re.compile(_MONTH + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d{2})", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\b(?!,?\s*(?:19|20)\d{2})", re.IGNORECASE)
_MONTH_YEAR = re.compile(_MONTH + r"\.?,?\s+(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)
_THIS_MONTH = re.compile(r"\b(?P<rel>this|last|next)\s+" + _MONTH + r"\b", re.IGNORECASE)
_BARE_MONTH = re.compile(
    r"^(?:in\s+|on\s+|since\s+|by\s+)?(?:early\s+|late\s+|mid-?\s*)?" + _MONTH + r"$", re.IGNORECASE
)
_YEAR = re.compile(r"^(?:in\s+|since\s+|by\s+)?(?:the\s+year\s+)?(?P<year>(?:19|20)\d{2})$", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?P<rel>last|this|next)?\s*(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_REL_YEAR = re.compile(
    r"\b(?:(?P<early>earlier|later|early|late)\s+)?(?P<rel>this|last|next|the past|the previous)\s+year\b",
    re.IGNORECASE,
)
_REL_DAY = re.compile(r"\b(?P<rel>today|yesterday|tomorrow)\b", re.IGNORECASE)
_REL_WEEK = re.compile(r"\b(?P<rel>this|last|next|the past|the previous|the coming)\s+week\b", re.IGNORECASE)
_REL_MONTH = re.compile(
    r"\b(?:(?:earlier|later|early|late)\s+)?(?P<rel>this|last|next|the past|the previous|the coming)\s+month\b",
    re.IGNORECASE,
)


_DAY = r"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?"
_RANGE_JOIN = r"\s*(?:-|–|—|to|until|till|through|thru|and)\s*"
_MONTH_NAME = _MONTH.replace("(?P<month>", "(?:")
# "May 7 to 10", "from May 30 to June 2", "between June 3 and 9, 2026", "May 7-10"
_RANGE_MONTH_FIRST = re.compile(
    r"(?P<m1>"
    + _MONTH_NAME
    + r")\.?\s+"
    + _DAY.format(name="d1")
    + _RANGE_JOIN
    + r"(?:(?P<m2>"
    + _MONTH_NAME
    + r")\.?\s+)?"
    + _DAY.format(name="d2")
    + r"\b(?:,?\s*(?P<year>(?:19|20)\d{2}))?",
    re.IGNORECASE,
)
# "7-10 May", "from 3 to 9 June 2026", "30 May to 2 June"
_RANGE_DAY_FIRST = re.compile(
    r"\b"
    + _DAY.format(name="d1")
    + r"(?:\s+(?P<m1>"
    + _MONTH_NAME
    + r"))?"
    + _RANGE_JOIN
    + _DAY.format(name="d2")
    + r"\s+(?P<m2>"
    + _MONTH_NAME
    + r")\b(?:,?\s*(?P<year>(?:19|20)\d{2}))?",
    re.IGNORECASE,
)
# What may stand between two dates that make one range ("March 3 to March 6").
RANGE_BETWEEN = re.compile(r"^" + _RANGE_JOIN + r"$", re.IGNORECASE)


@dataclass(frozen=True)
class ResolvedDate:
    value: date | None
    precision: str | None  # day | month | year
    method: str
    text: str
    end: date | None = None  # last day of a range ("from May 7 to 10"); None for a single date


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _near_year(month: int, day: int, published: date, planned: bool, nearest: bool = False) -> date:
    """The occurrence of month/day nearest the publication: past for reports, future for plans,
    the closest either way when the clause gives no tense ("the festival runs from June 3")."""
    if nearest:
        options = []
        for year in (published.year - 1, published.year, published.year + 1):
            try:
                options.append(date(year, month, day))
            except ValueError:
                continue
        if options:
            return min(options, key=lambda d: (abs((d - published).days), d))
    candidate = date(published.year, month, day)
    if planned:
        return candidate if candidate >= published - timedelta(days=31) else date(published.year + 1, month, day)
    return candidate if candidate <= published + timedelta(days=31) else date(published.year - 1, month, day)


def _resolve_range(phrase: str, published: date | None, planned: bool, nearest: bool) -> ResolvedDate | None:
    """A day range within one expression, each end resolved like a single date."""
    m = _RANGE_MONTH_FIRST.search(phrase) or _RANGE_DAY_FIRST.search(phrase)
    if m is None:
        return None
    month1 = m.group("m1") or m.group("m2")
    month2 = m.group("m2") or m.group("m1")
    year = f", {m.group('year')}" if m.group("year") else ""
    first = resolve_date(f"{month1} {m.group('d1')}{year}", published, planned, nearest)
    last = resolve_date(f"{month2} {m.group('d2')}{year}", published, planned, nearest)
    if first.value is None or last.value is None:
        return ResolvedDate(None, None, first.method, phrase)
    end = last.value
    if end < first.value:  # "December 30 to January 2"
        try:
            end = end.replace(year=end.year + 1)
        except ValueError:
            return ResolvedDate(None, None, "invalid_date", phrase)
    return ResolvedDate(first.value, "day", f"range_{first.method}", phrase, end=end)


def join_range(first: ResolvedDate, last: ResolvedDate) -> ResolvedDate:
    """Two day dates of one clause joined by "to"/"until" ("from March 3 to March 6") as one range."""
    if first.value is None or last.value is None or first.precision != "day" or last.precision != "day":
        return first
    start, end = sorted((first.value, last.value))
    if (end - start).days > 366:
        return first
    return ResolvedDate(start, "day", f"range_{first.method}", f"{first.text} to {last.text}", end=end)


def resolve_date(text: str, published: date | None, planned: bool = False, nearest: bool = False) -> ResolvedDate:
    """Resolve one date expression. ``planned`` picks the future reading of a bare month or day,
    ``nearest`` the reading closest to publication (a clause with no tense to go by)."""
    phrase = text.strip()
    ranged = _resolve_range(phrase, published, planned, nearest)
    if ranged is not None:
        return ResolvedDate(ranged.value, ranged.precision, ranged.method, text, ranged.end)
    explicit = parse_date(phrase)
    if explicit:
        return ResolvedDate(explicit, "day", "explicit", text)
    m = _MONTH_YEAR.search(phrase)
    if m:
        return ResolvedDate(date(int(m.group("year")), _month(m.group("month")), 1), "month", "explicit_month", text)
    m = _YEAR.match(phrase)
    if m:
        return ResolvedDate(date(int(m.group("year")), 1, 1), "year", "explicit_year", text)
    if published is None:
        return ResolvedDate(None, None, "unresolved_no_publication_date", text)
    m = _MONTH_DAY.search(phrase) or _DAY_MONTH.search(phrase)
    if m:
        try:
            value = _near_year(_month(m.group("month")), int(m.group("day")), published, planned, nearest)
        except ValueError:
            return ResolvedDate(None, None, "invalid_date", text)
        return ResolvedDate(value, "day", "month_day_nearest_publication", text)
    m = _THIS_MONTH.search(phrase)
    if m:
        month, rel = _month(m.group("month")), m.group("rel").lower()
        year = published.year + {"this": 0, "last": -1, "next": 1}[rel]
        if rel == "last" and month < published.month:
            year = published.year
        if rel == "next" and month > published.month:
            year = published.year
        return ResolvedDate(date(year, month, 1), "month", f"{rel}_month", text)
    m = _BARE_MONTH.match(phrase)
    if m:
        month = _month(m.group("month"))
        if planned:
            year = published.year if month >= published.month else published.year + 1
        else:
            year = published.year if month <= published.month else published.year - 1
        return ResolvedDate(date(year, month, 1), "month", "month_nearest_publication", text)
    m = _REL_YEAR.search(phrase)
    if m:
        rel = m.group("rel").lower()
        offset = {"this": 0, "last": -1, "next": 1}.get(rel, -1)
        return ResolvedDate(date(published.year + offset, 1, 1), "year", f"{rel.replace(' ', '_')}_year", text)
    m = _WEEKDAY.search(phrase)
    if m:
        target = _WEEKDAYS.index(m.group("weekday").lower())
        rel = (m.group("rel") or "").lower()
        if rel == "next" or (planned and rel != "last"):
            delta = (target - published.weekday()) % 7 or 7
            return ResolvedDate(published + timedelta(days=delta), "day", "weekday_after_publication", text)
        delta = (published.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
        return ResolvedDate(published - timedelta(days=delta), "day", "weekday_on_or_before_publication", text)
    m = _REL_WEEK.search(phrase)
    if m:  # the Monday-to-Sunday week, as a range of days
        offset = {"this": 0, "last": -1, "next": 1, "the past": -1, "the previous": -1, "the coming": 1}[
            m.group("rel").lower()
        ]
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
        sunday = monday + timedelta(days=6)
        if offset == 0:  # "this week" in a report: up to the publication day
            sunday = max(published, monday) if not planned else sunday
        return ResolvedDate(monday, "day", f"{m.group('rel').lower().replace(' ', '_')}_week", text, end=sunday)
    m = _REL_MONTH.search(phrase)
    if m:
        offset = {"this": 0, "last": -1, "next": 1, "the past": -1, "the previous": -1, "the coming": 1}[
            m.group("rel").lower()
        ]
        month_index = published.year * 12 + published.month - 1 + offset
        return ResolvedDate(date(month_index // 12, month_index % 12 + 1, 1), "month",
                            f"{m.group('rel').lower().replace(' ', '_')}_month", text)  # fmt: skip
    m = _REL_DAY.search(phrase)
    if m:
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("rel").lower()]
        return ResolvedDate(published + timedelta(days=offset), "day", m.group("rel").lower(), text)
    return ResolvedDate(None, None, "unrecognised", text)
