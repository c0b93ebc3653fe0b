"""Entity mentions from NER spans: cleaned, typed, and offset into the stored body.

Small NER models return spans with a leading "the", quotes, a possessive "'s" or a
trailing full stop, and label numbers and dates as entities. Cleaning happens here, per
document, on character offsets, so the mention still slices the body exactly:
``body[start:end] == surface`` is an invariant the tests check on every mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

_LEADING = re.compile(r"^(?:(?:the|The|THE|a|an|An)\s+|[\"'`(\[]+\s*)+")
_TRAILING = re.compile(r"(?:\s*[\"'`)\],;:!?]+|'s|'|\s+)+$")


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


def clean_span(body: str, start: int, end: int) -> tuple[int, int]:
    """Trim determiners, quotes, possessives and stray punctuation from ``body[start:end]``."""
    text = body[start:end]
    while True:
        lead = _LEADING.match(text)
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
        # A final full stop belongs to the sentence unless the span is an abbreviation (U.S.).
        if text.endswith(".") and "." not in text[:-1] and not re.search(r"\b[A-Z]\.$", text):
            text, end, changed = text[:-1], end - 1, True
        if not changed:
            return start, end


def entity_type(label: str) -> str:
    """Map a model label to the documented entity type set."""
    return LABEL_TO_TYPE.get(label, "other")


def make_mention(body: str, start: int, end: int, label: str, sentence_index: int) -> Mention | None:
    """A cleaned mention, or None for value labels and spans with no letters left."""
    if label in VALUE_LABELS:
        return None
    c_start, c_end = clean_span(body, start, end)
    surface = body[c_start:c_end]
    if not re.search(r"[^\W\d_]", surface):
        return None
    return Mention(
        char_start=c_start,
        char_end=c_end,
        surface=surface,
        raw_start=start,
        raw_end=end,
        raw_surface=body[start:end],
        label=label,
        entity_type=entity_type(label),
        sentence_index=sentence_index,
    )
