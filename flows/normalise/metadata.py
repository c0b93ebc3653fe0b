"""Article metadata that plain text carries in its own lines.

Agency copy and pasted pages put the publisher and date in "Source: … Published: …"
lines, a bare "date 2025-05-10" line, or a dateline ("Moscow, January 27 /Xinhua/ —")
whose year is missing. These functions read them without guessing: a date is only
returned when the text supports it, and each value says where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"

# News agencies whose name in a dateline or tag identifies the origin of a story.
KNOWN_WIRES = (
    "Xinhua", "Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "TASS",
    "RIA Novosti", "Interfax", "MENAFN", "Bloomberg", "PTI", "IANS", "ANI", "Kyodo", "Yonhap",
    "UPI", "dpa", "EFE", "Sputnik", "Anadolu", "Bernama", "CNA", "Yonhap News Agency",
)  # fmt: skip

_SOURCE_LINE = re.compile(
    r"^source\s*:\s*(?P<source>.+?)\s*(?:\b(?:published|date|posted)\s*:\s*(?P<date>.+?))?\s*$", re.IGNORECASE
)
_PUBLISHED_LINE = re.compile(r"^(?:published|posted|date|updated)\s*(?:on)?\s*:?\s*(?P<date>.+?)\s*$", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^date\s*:?\s*(?P<date>\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^by\s+(?P<author>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s+and\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})?)\s*$"
)
# A dateline's place: up to four capitalised words, accented letters included ("BRASÍLIA",
# "SÃO PAULO", "KRAKÓW"); the first letter is an upper-case Latin one.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_PLACE_WORD = "[" + _UPPER + r"](?:[^\W\d_]|[.'-])+"
_PLACE_RE = _PLACE_WORD + r"(?:[ -]" + _PLACE_WORD + r"){0,3}"
_DATELINE = re.compile(
    r"^(?P<place>" + _PLACE_RE + r"),?\s+"
    r"(?P<month>" + _MONTH_RE + r")\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>(?:19|20)\d{2}))?\s*"
    r"(?:[/(]\s*(?P<agency>[A-Za-z][\w .&-]{0,30}?)\s*[/)])?\s*[-\u2013\u2014]+\s*"
)
_PLACE_AGENCY = re.compile(
    r"^(?P<place>" + _PLACE_RE + r")\s*\((?P<agency>[A-Za-z][\w .&-]{0,30})\)\s*[-\u2013\u2014]+\s*"
)
_AGENCY_TAG = re.compile(r"^\((?P<agency>[A-Z][A-Za-z.&-]{1,24})\)\s*[-\u2013\u2014]?\s*")
_ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
_MDY = re.compile(
    r"\b(?P<month>" + _MONTH_RE + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE
)
_DMY = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>" + _MONTH_RE + r")\.?,?\s+(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE
)
_YEAR_REF = re.compile(r"\b(?:(?P<month>" + _MONTH_RE + r")\s+(?:\d{1,2},?\s+)?)?(?P<y>(?:19|20)\d{2})\b")
_FUTURE = re.compile(
    r"\b(?:[Ww]ill|[Ss]hall|plans? to|planned to|slated|scheduled (?:to|for)|(?:is|are) expected|(?:is|are) set to|next (?:year|month|week))\b"
)


@dataclass
class Dateline:
    place: str
    month: int
    day: int
    year: int | None
    agency: str | None
    text: str


@dataclass
class LineMetadata:
    """What metadata lines at the top of a text said, and the lines left once they are taken."""

    lines: list[str]
    source: str | None = None
    published: date | None = None
    published_source: str | None = None
    author: str | None = None
    captions: list[str] | None = None


def parse_date(text: str | None) -> date | None:
    """An explicit calendar date in ``text`` (ISO, "May 7, 2025", "7 May 2025"), else None."""
    if not text:
        return None
    for pattern in (_ISO_DATE, _MDY, _DMY):
        m = pattern.search(text)
        if not m:
            continue
        month = int(m.group("m")) if "m" in m.groupdict() else MONTHS[m.group("month").lower().rstrip(".")]
        try:
            return date(int(m.group("y")), month, int(m.group("d")))
        except ValueError:
            continue
    return None


def _clean_source(value: str) -> str | None:
    """'X – X –' → 'X'; trailing dashes and repeated halves are furniture."""
    parts = [p.strip() for p in re.split(r"\s+[-\u2013\u2014]\s*|\s*[-\u2013\u2014]$", value) if p.strip()]
    unique: list[str] = []
    for part in parts:
        if part not in unique:
            unique.append(part)
    cleaned = " - ".join(unique).strip(" -")
    return cleaned or None


def take_metadata_lines(lines: list[str], head: int = 10) -> LineMetadata:
    """Remove "Source:", "Published:", "date …" and byline lines near the top and read them."""
    meta = LineMetadata(lines=[], captions=[])
    seen = 0
    for line in lines:
        text = line.strip()
        if text:
            seen += 1
        if not text or seen > head:
            meta.lines.append(line)
            continue
        m = _SOURCE_LINE.match(text)
        if m:
            meta.source = _clean_source(m.group("source")) or meta.source
            published = parse_date(m.group("date"))
            if published and meta.published is None:
                meta.published, meta.published_source = published, "published_line"
            continue
        m = _DATE_PREFIX.match(text)
        if m:
            published = parse_date(m.group("date"))
            if published and meta.published is None:
                meta.published, meta.published_source = published, "date_line"
            if m.group("rest"):
                meta.lines.append(m.group("rest"))
            continue
        m = _PUBLISHED_LINE.match(text)
        if m and parse_date(m.group("date")) and len(text.split()) <= 8:
            if meta.published is None:
                meta.published, meta.published_source = parse_date(m.group("date")), "published_line"
            continue
        m = _BYLINE.match(text)
        if m:
            meta.author = m.group("author")
            continue
        meta.lines.append(line)
    return meta


def parse_dateline(paragraph: str) -> Dateline | None:
    """A dateline at the start of ``paragraph``: "Moscow, January 27 /Xinhua/ —", "MOSCOW (Reuters) -"."""
    m = _DATELINE.match(paragraph)
    if m:
        month = MONTHS.get(m.group("month").lower().rstrip("."))
        if month:
            return Dateline(
                place=m.group("place").strip().title() if m.group("place").isupper() else m.group("place").strip(),
                month=month,
                day=int(m.group("day")),
                year=int(m.group("year")) if m.group("year") else None,
                agency=(m.group("agency") or "").strip() or None,
                text=m.group(0).strip(),
            )
    m = _PLACE_AGENCY.match(paragraph)
    if m:
        place = m.group("place").strip()
        return Dateline(place=place.title() if place.isupper() else place, month=0, day=0, year=None,
                        agency=m.group("agency").strip(), text=m.group(0).strip())  # fmt: skip
    return None


def dateline_length(body: str) -> int:
    """Characters of the dateline that opens ``body`` (0 when there is none)."""
    line = parse_dateline(body)
    return body.index(line.text) + len(line.text) if line else 0


def agency_tag(paragraph: str) -> str | None:
    """A leading "(AGENCY)" tag as MENAFN and others print it."""
    m = _AGENCY_TAG.match(paragraph)
    return m.group("agency") if m else None


def known_wire_in(text: str) -> str | None:
    """A known wire named as the origin near the start: "(Reuters)", "/Xinhua/", "-- AFP"."""
    head = text[:400]
    for wire in KNOWN_WIRES:
        if re.search(r"[/(]\s*" + re.escape(wire) + r"\s*[/)]", head):
            return wire
    return None


def infer_dateline_year(month: int, day: int, body: str) -> int | None:
    """The year of a year-less dateline, from the dated past the article itself reports.

    The publication date cannot precede the latest past date the article mentions
    ("In May 2025 … signed"), so the dateline is the first such month-day on or after
    that reference. Years in sentences about the future ("In 2026 … will", "until
    2030") are ignored. Without any usable reference the year stays unknown.
    """
    latest: tuple[int, int] | None = None
    for sentence in re.split(r"(?<=[.!?])\s+", body):
        for m in _YEAR_REF.finditer(sentence):
            before = sentence[max(0, m.start() - 12) : m.start()].lower()
            if _FUTURE.search(sentence) or re.search(r"\b(?:until|till|by|through|before)\s*$", before):
                continue
            ref = (int(m.group("y")), MONTHS[m.group("month").lower().rstrip(".")] if m.group("month") else 1)
            latest = ref if latest is None or ref > latest else latest
    if latest is None:
        return None
    year, ref_month = latest
    return year if (month, day) >= (ref_month, 1) else year + 1
