"""Event candidates: one per sentence that reports something happening.

A trigger is a verb or event noun from the taxonomy lexicon (DESIGN.md), preferring
the one highest in the dependency tree so that the sentence's main predicate wins over
a subordinate mention. Status comes from the trigger's auxiliaries and tense; the date
from the sentence's DATE spans, resolved against the publication date; the place from
a place mention in the sentence, else the dateline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flows.annotate.dates import ResolvedDate, resolve_date

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

EVENT_TYPES = ("meeting", "agreement", "statement", "release", "production", "cultural_event", "appointment", "other")

# Lemma → event type. Verbs and nouns; a noun only counts as trigger when it heads a
# clause element (subject/object/attribute) or is the sentence root.
LEXICON: dict[str, str] = {
    # meeting
    "meet": "meeting", "visit": "meeting", "talk": "meeting", "summit": "meeting", "host": "meeting",
    "hold": "meeting", "discuss": "meeting", "discussion": "meeting", "meeting": "meeting", "attend": "meeting",
    "gathering": "meeting", "conversation": "meeting", "dialogue": "meeting",
    # agreement
    "sign": "agreement", "agree": "agreement", "agreement": "agreement", "memorandum": "agreement",
    "approve": "agreement", "ratify": "agreement", "finalize": "agreement", "finalise": "agreement", "deal": "agreement",
    # statement
    "say": "statement", "announce": "statement", "congratulate": "statement", "state": "statement",
    "emphasize": "statement", "emphasise": "statement", "note": "statement", "remark": "statement",
    "express": "statement", "stress": "statement", "declare": "statement", "tell": "statement",
    # release
    "premiere": "release", "release": "release", "screen": "release", "screening": "release", "debut": "release",
    "publish": "release", "launch": "release", "hit": "release", "generate": "release", "gross": "release",
    # production
    "film": "production", "shoot": "production", "produce": "production", "co-produce": "production",
    "develop": "production", "production": "production", "filming": "production", "create": "production",
    # cultural_event
    "festival": "cultural_event", "exhibition": "cultural_event", "commemorate": "cultural_event",
    "celebrate": "cultural_event", "celebration": "cultural_event", "anniversary": "cultural_event",
    "exchange": "cultural_event", "event": "cultural_event", "ceremony": "cultural_event",
    # appointment
    "appoint": "appointment", "name": "appointment", "elect": "appointment", "nominate": "appointment",
}  # fmt: skip

_PLANNED_WORDS = frozenset({"will", "shall", "slate", "schedule", "plan", "set", "expect", "intend", "aim", "prepare"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_CLAUSE_DEPS = frozenset({"ROOT", "nsubj", "nsubjpass", "dobj", "attr", "pobj", "conj", "xcomp", "ccomp", "advcl"})


@dataclass(frozen=True)
class EventCandidate:
    sentence_index: int
    event_type: str
    trigger: str
    trigger_lemma: str
    trigger_start: int
    trigger_end: int
    status: str
    date_text: str | None
    event_date: date | None
    date_precision: str | None
    date_method: str | None
    place: str | None


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _status(trigger: Token, sentence: Span) -> str:
    """planned for will/slated/set to/plans/being developed; occurred for past tense; else reported."""
    chain = [trigger, *trigger.ancestors][:4]
    for tok in chain:
        for child in [tok, *tok.children]:
            planning_word = child.lemma_.lower() in _PLANNED_WORDS and (
                child.dep_ in ("aux", "ROOT", "xcomp", "auxpass") or child is tok
            )
            # "set" only plans in "is set to"; "set up" or "set a record" does not.
            if planning_word and (
                child.lemma_.lower() != "set" or any(c.lower_ == "to" for c in child.children) or child.tag_ == "VBN"
            ):
                return "planned"
        if any(c.dep_ == "auxpass" for c in tok.children) and any(c.lower_ == "being" for c in tok.children):
            return "planned"
    if trigger.tag_ in ("VBD",) or (
        trigger.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") for c in trigger.children)
    ):
        return "occurred"
    if any(t.tag_ == "VBD" for t in sentence if t.dep_ == "ROOT"):
        return "occurred"
    return "reported"


def find_trigger(sentence: Span) -> Token | None:
    """The lexicon token highest in the parse: the main thing the sentence reports."""
    candidates = []
    for tok in sentence:
        lemma = tok.lemma_.lower()
        if lemma not in LEXICON:
            continue
        if tok.pos_ == "VERB" or (tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in _CLAUSE_DEPS):
            candidates.append((_depth(tok), 0 if tok.pos_ == "VERB" else 1, tok.i, tok))
    return min(candidates)[3] if candidates else None


def event_candidate(
    sentence: Span, sentence_index: int, published: date | None, dateline_place: str | None
) -> EventCandidate | None:
    """The event a sentence reports, or None when no trigger is found."""
    trigger = find_trigger(sentence)
    if trigger is None:
        return None
    status = _status(trigger, sentence)
    resolved: ResolvedDate | None = None
    for ent in sentence.ents:
        if ent.label_ == "DATE":
            candidate = resolve_date(ent.text, published, planned=status == "planned")
            if resolved is None or (resolved.value is None and candidate.value is not None):
                resolved = candidate
    place = next((ent.text for ent in sentence.ents if ent.label_ in _PLACE_LABELS), None) or dateline_place
    return EventCandidate(
        sentence_index=sentence_index,
        event_type=LEXICON[trigger.lemma_.lower()],
        trigger=trigger.text,
        trigger_lemma=trigger.lemma_.lower(),
        trigger_start=trigger.idx,
        trigger_end=trigger.idx + len(trigger.text),
        status=status,
        date_text=resolved.text if resolved else None,
        event_date=resolved.value if resolved else None,
        date_precision=resolved.precision if resolved else None,
        date_method=resolved.method if resolved else None,
        place=place,
    )
