"""Entity mentions from NER spans: cleaned, typed, and offset into the stored body.

Small NER models return spans with a leading "the", quotes, a possessive "'s" or a
trailing full stop, and label numbers and dates as entities. Cleaning happens here, per
document, on character offsets, so the mention still slices the body exactly:
``body[start:end] == surface`` is an invariant the tests check on every mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

VOCABULARY = Path(__file__).parent / "vocab" / "english.yml"

# spaCy labels that are values, not things: dates are resolved by annotate.dates instead.
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})

# The small documented set of entity types used in the marts.
ENTITY_TYPES = ("person", "organization", "place", "work", "event_name", "group", "other")
LABEL_TO_TYPE = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "WORK_OF_ART": "work",
    "EVENT": "event_name",
    "NORP": "group",
    "PRODUCT": "other",
    "LAW": "other",
    "LANGUAGE": "other",
}

# Labels of a named person, organisation or place (the small model may put any of them on a surname)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})

_LEADING = re.compile(r"^(?:(?:the|The|THE|a|an|An)\s+|[\"'`(\[]+\s*)+")
_LEADING_KEEP_THE = re.compile(r"^(?:(?:the|a|an)\s+|[\"'`(\[]+\s*)+")
# Titles before a person's name (vocab/english.yml person_titles): stripped so "President
# Xi" and "Xi" are one person.


@lru_cache(maxsize=1)
def _titles(path: Path = VOCABULARY) -> re.Pattern[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    titles = sorted({str(t) for t in data.get("person_titles") or []}, key=len, reverse=True)
    words = "|".join(re.escape(t).replace(r"\ ", r"\s+") + (r"\.?" if not t.endswith(".") else "") for t in titles)
    return re.compile(r"^(?:(?:" + (words or r"(?!)") + r")\s+)+")


# Last words that make a complete organisation name (vocab/english.yml organisation_heads);
# a span without one may be the first half of a name the model broke at "and".


@lru_cache(maxsize=1)
def organisation_heads(path: Path = VOCABULARY) -> frozenset[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(w).lower() for w in data.get("organisation_heads") or [])


# Place names made only of compass points ("the West", "South-South", "North-South") name
# a bloc of countries, not a place on the map: they are groups, like nationality words.
_COMPASS = frozenset(["north", "south", "east", "west", "northern", "southern", "eastern", "western", "global"])
_DETERMINER = re.compile(r"^(?:the|a|an)\s", re.IGNORECASE)
_TRAILING = re.compile(r"(?:\s*[\"'`)\],;:!?/]+|'s|'|\s+)+$")


@dataclass(frozen=True)
class Mention:
    """One entity occurrence; offsets are character offsets into the document body."""

    char_start: int
    char_end: int
    surface: str
    raw_start: int
    raw_end: int
    raw_surface: str
    label: str
    entity_type: str
    sentence_index: int
    canonical: str = ""  # in-document canonical name (flows.annotate.resolve)
    resolution: str = "self"  # how canonical was found: self, acronym, surname, initials, reference
    latin_key: str = ""  # folded Latin spelling of canonical (flows.annotate.translit), for cross-script joins
    content_key: str = ""  # an organisation's content words, country named one way (flows.annotate.paraphrase)
    lead_key: str = ""  # an English organisation name's first word, Latin key (flows.annotate.translit.lead_key)
    sound_key: str = ""  # a person's consonant classes (flows.annotate.translit.sound_key), for names in Chinese


@lru_cache(maxsize=1)
def name_abbreviations(path: Path = VOCABULARY) -> frozenset[str]:
    """Last words whose full stop belongs to the name ("Corp.", "Inc."): vocab/english.yml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(w) for w in data.get("name_abbreviations") or [])


def clean_span(body: str, start: int, end: int, keep_the: bool = False) -> tuple[int, int]:
    """Trim determiners, quotes, possessives and stray punctuation from ``body[start:end]``.

    ``keep_the`` keeps a capitalised "The" that belongs to a title ("The Sinking of ...").
    A name never runs over a line break: the models join a byline to the next paragraph
    ("Anna Petrova\n\nAccount"); the first line that has letters is the name.
    """
    abbreviations = name_abbreviations()
    text = body[start:end]
    if "\n" in text:
        offset = 0
        for line in text.split("\n"):
            if re.search(r"[^\W\d_]", line):
                start, end = start + offset, start + offset + len(line)
                break
            offset += len(line) + 1
        text = body[start:end]
    while True:
        lead = (_LEADING_KEEP_THE if keep_the else _LEADING).match(text)
        changed = False
        if lead and lead.end() < len(text):
            start += lead.end()
            text = text[lead.end() :]
            changed = True
        trail = _TRAILING.search(text)
        if trail and trail.start() > 0:
            end -= len(text) - trail.start()
            text = text[: trail.start()]
            changed = True
        # "National Media Group (NMG": an opening bracket the span does not close is not part of the name.
        if "(" in text and ")" not in text[text.index("(") :] and text.index("(") > 0:
            text = text[: text.index("(")].rstrip()
            end = start + len(text)
            changed = True
        # A final full stop belongs to the sentence unless the span is an abbreviation (U.S.)
        # or ends in one ("Harbour Line Corp.").
        if (
            text.endswith(".")
            and "." not in text[:-1]
            and not re.search(r"\b[A-Z]\.$", text)
            and _last_word(text, keep_case=True) not in abbreviations
        ):
            text, end, changed = text[:-1], end - 1, True
        if not changed:
            return start, end


def entity_type(label: str) -> str:
    """Map a model label to the documented entity type set."""
    return LABEL_TO_TYPE.get(label, "other")


def _last_word(text: str, keep_case: bool = False) -> str:
    words = re.findall(r"[^\W\d_]+", text if keep_case else text.lower())
    return words[-1] if words else ""


def join_broken_spans(body: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join organisation spans the model split inside one name.

    "the All-Russia State Television" + " and " + "Radio Broadcasting Company" is one
    name when the first part lacks an organisation head word ("Company", "Group", ...)
    and has two words or more (a one-word name is whole: "Gazprom and China National
    Petroleum Corp." are two), the second ends with one and does not start with a
    determiner. Two spans split only by a line break inside a sentence are joined too, and
    so are two person spans split by one space: the model cuts names it does not know
    ("Hernán" + "Darío Zuluaga"), and two people are never written side by side.
    """
    heads = organisation_heads()
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if out:
            p_start, p_end, p_label = out[-1]
            gap = body[p_end:start]
            second = body[start:end]
            first = body[p_start:p_end]
            conjoined = (
                label == p_label == "ORG"
                and gap in (" and ", " & ")
                and _last_word(second) in heads
                and _last_word(first) not in heads
                and len(first.split()) >= 2
                and not _DETERMINER.match(second)
            )
            line_broken = (
                label == p_label and gap.strip() == "" and gap.count("\n") == 1 and not re.search(r"[.!?:\"]$", first)
            )
            person_cut = label == p_label == "PERSON" and gap == " "
            if conjoined or line_broken or person_cut:
                out[-1] = (p_start, end, label)
                continue
        out.append((start, end, label))
    return out


# Nouns that introduce the title of a work: 'the co-produced movie "Red Silk"'.
WORK_NOUNS = frozenset(
    ["film", "films", "movie", "movies", "documentary", "series", "drama", "book", "novel", "song", "album",
     "play", "show", "programme", "program", "opera", "musical", "cartoon", "sequel", "blockbuster", "feature"]
)  # fmt: skip
_QUOTED = re.compile(r"[\"'](?P<title>[A-Z0-9][^\"\n]{0,80}?)[,.]?[\"'](?=[\s,.;:)]|$)")
_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "for", "with", "from", "by", "vs"]
)


def quoted_work_spans(body: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Quoted titles right after a work noun that the model missed, as WORK_OF_ART spans.

    A title counts when every word is capitalised except short function words, and
    one of the three words before the opening quote is a work noun ("movie", "film").
    """
    found = []
    for m in _QUOTED.finditer(body, start, end):
        title = m.group("title").rstrip(",.")
        words = re.findall(r"[^\W_]+", title)
        if not words or any(w[0].islower() and w.lower() not in _SMALL_WORDS for w in words):
            continue
        before = re.findall(r"[\w-]+", body[max(start, m.start() - 40) : m.start()].lower())[-3:]
        if not WORK_NOUNS.intersection(before):
            continue
        t_start = m.start("title")
        t_end = t_start + len(title)
        if any(t_start < e and s < t_end for s, e in taken):
            continue
        found.append((t_start, t_end, "WORK_OF_ART"))
    return found


def title_prefix(text: str) -> str:
    """The person's titles that open ``text`` ("President ", "Dr. "), or ""."""
    m = _titles().match(text)
    return m.group(0) if m else ""


def strip_title(body: str, start: int, end: int) -> int:
    """New start of a person span after leading titles ("President Xi" → "Xi")."""
    m = _titles().match(body[start:end])
    return start + m.end() if m and m.end() < end - start else start


_ADDRESS = re.compile(r"https?:|www\.|\S@\S|\S/\S")


def make_mention(body: str, start: int, end: int, label: str, sentence_index: int) -> Mention | None:
    """A cleaned mention, or None for value labels, spans with no letters left and web
    addresses, e-mail addresses and slashed credits ("AP Photo/Evan Vucci"): the model
    tags them, but they name no one as written."""
    if label in VALUE_LABELS:
        return None
    c_start, c_end = clean_span(body, start, end, keep_the=label == "WORK_OF_ART")
    if label == "PERSON":
        c_start = strip_title(body, c_start, c_end)
    surface = body[c_start:c_end]
    if not re.search(r"[^\W\d_]", surface) or _ADDRESS.search(surface):
        return None
    kind = entity_type(label)
    if kind == "place" and set(re.findall(r"[^\W\d_]+", surface.lower())) <= _COMPASS:
        kind = "group"
    return Mention(
        char_start=c_start,
        char_end=c_end,
        surface=surface,
        raw_start=start,
        raw_end=end,
        raw_surface=body[start:end],
        label=label,
        entity_type=kind,
        sentence_index=sentence_index,
        canonical=surface,
    )
